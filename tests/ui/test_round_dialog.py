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
