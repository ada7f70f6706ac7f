"""The sessions screen's Round dialog: make a round by typing its name, move a session,
take it out; a problem is shown and changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from toolkit.rounds import RoundService
from toolkit.sessions import SessionService
from toolkit.ui.round_dialog import RoundDialog


@pytest.fixture
def screen(window):
    window.go_to("sessions")
    return window.screen("sessions")


def answer_dialog(text: str, seen: list | None = None):
    def run():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, RoundDialog) and w.isVisible())
        if seen is not None:
            seen.append(dialog.choice.currentText())
        dialog.choice.setCurrentText(text)
        dialog.accept()
    QTimer.singleShot(0, run)


def test_round_made_assigned_and_removed_from_the_sessions_screen(qtbot, kit, screen):
    service, rounds = SessionService(kit.store), RoundService(kit.store)
    session = service.create_session("Kangiqsujuaq")
    screen.refresh()
    assert screen.buttons["round"].isEnabled()
    answer_dialog("  2026   baseline ")
    screen.buttons["round"].click()
    made = rounds.round_of(session.id)
    assert made is not None and made.name == "2026 baseline"
    seen: list[str] = []
    answer_dialog("2026 BASELINE", seen)  # the same round, typed another way
    screen.buttons["round"].click()
    assert seen == ["2026 baseline"] and [r.name for r in rounds.list()] == ["2026 baseline"]
    answer_dialog("")
    screen.buttons["round"].click()
    assert rounds.round_of(session.id) is None


def test_round_dialog_shows_a_problem_and_stays(qtbot, kit, monkeypatch):
    service, rounds = SessionService(kit.store), RoundService(kit.store)
    session = service.create_session("Kangiqsujuaq")
    dialog = RoundDialog(rounds, session)
    qtbot.addWidget(dialog)
    shown = []
    monkeypatch.setattr("toolkit.ui.round_dialog.show_error", lambda _p, exc: shown.append(exc))
    service.trash(session.id)
    service.empty_trash()  # the session went away while the dialog was open
    dialog.choice.setCurrentText("2026 baseline")
    dialog.accept()
    assert shown and rounds.round_of(session.id) is None and rounds.list() == []
    assert dialog.result() == 0


def test_compare_rounds_dialog_saves_the_comparison_and_says_so(qtbot, kit, screen,
                                                               monkeypatch, tmp_path):
    from toolkit.demo import ROUND_NAMES, add_demo
    from toolkit.ui import report_preview
    from toolkit.ui.compare_rounds_dialog import CompareRoundsDialog

    add_demo(SessionService(kit.store))
    RoundService(kit.store).create("Iqaluit", "alone")  # one round: nothing to compare there
    dialog = CompareRoundsDialog(kit)
    qtbot.addWidget(dialog)
    assert [dialog.community.itemText(i) for i in range(dialog.community.count())] == [
        "Birch Lake"]
    assert dialog.round_a.currentText().startswith(ROUND_NAMES[0])
    assert dialog.round_b.currentText().startswith(ROUND_NAMES[1])
    dialog.lang.setCurrentIndex(dialog.lang.findData("fr"))
    target = tmp_path / "cycles.pdf"
    monkeypatch.setattr(report_preview, "ask_save_path", lambda *_a: target)
    dialog.save.click()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=60_000)  # made in a worker
    assert dialog.saved == str(target) and target.read_bytes()[:5] == b"%PDF-"
    assert str(target) in dialog.status.text()


def test_compare_rounds_dialog_without_two_rounds_says_what_to_do(qtbot, kit):
    from toolkit.ui.compare_rounds_dialog import CompareRoundsDialog

    RoundService(kit.store).create("Iqaluit", "alone")
    dialog = CompareRoundsDialog(kit)
    qtbot.addWidget(dialog)
    assert not dialog.save.isEnabled() and "Round…" in dialog.status.text()
