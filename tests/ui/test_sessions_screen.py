"""The Sessions screen as a facilitator uses it: create, open, close, CSV, trash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from toolkit.sessions import SessionService
from toolkit.ui.session_dialog import SessionDialog


@pytest.fixture
def screen(window):
    window.go_to("sessions")
    return window.screen("sessions")


def fill_dialog_and_accept(community: str, mode_index: int = 0):
    def run():
        dialog = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, SessionDialog) and w.isVisible())
        dialog.community.setCurrentText(community)
        dialog.date.setDate(QDate(2026, 11, 20))
        dialog.place.setText("Salle communautaire")
        dialog.mode.setCurrentIndex(mode_index)
        dialog.accept()
    QTimer.singleShot(0, run)


def test_new_session_keeps_the_community_name_as_typed(qtbot, kit, screen):
    fill_dialog_and_accept("Uashat mak Mani-utenam ᐃᓄᒃ")
    screen.buttons["new"].click()
    sessions = SessionService(kit.store).list_sessions()
    assert [s.community for s in sessions] == ["Uashat mak Mani-utenam ᐃᓄᒃ"]
    assert sessions[0].session_date == "2026-11-20" and sessions[0].place == "Salle communautaire"
    assert screen.table.rowCount() == 1
    assert screen.table.item(0, 1).text() == "Uashat mak Mani-utenam ᐃᓄᒃ"


def test_an_empty_community_name_is_refused_in_the_dialog(qtbot, kit, screen):
    dialog = SessionDialog(SessionService(kit.store), screen)
    qtbot.addWidget(dialog)
    dialog.community.setCurrentText("   ")
    dialog.accept()
    assert dialog.problem.isVisibleTo(dialog) and dialog.problem.text()
    assert dialog.created is None and SessionService(kit.store).list_sessions() == []


def test_open_starts_the_runner_and_close_locks_the_session(qtbot, kit, window, screen):
    service = SessionService(kit.store)
    s = service.create_session("Birch Lake", None, mode="facilitator")
    screen.refresh()
    screen.buttons["open"].click()
    runner = window.runner_window
    assert runner.isVisible() and runner.runner.session.id == s.id
    runner.close()

    screen.buttons["close"].click()
    assert service.get(s.id).status == "closed"
    assert screen.buttons["close"].text() == "Reopen"
    assert not screen.buttons["import"].isEnabled()
    screen.buttons["close"].click()
    assert service.get(s.id).status == "open"


def test_trash_restore_and_empty_ask_first(qtbot, kit, screen, monkeypatch):
    service = SessionService(kit.store)
    s = service.create_session("Birch Lake", None)
    screen.refresh()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    screen.buttons["trash"].click()
    assert service.list_sessions() != []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.buttons["trash"].click()
    assert service.list_sessions() == [] and screen.table.rowCount() == 0

    screen.show_trash.setChecked(True)
    assert screen.table.rowCount() == 1 and screen.buttons["restore"].isVisible()
    screen.buttons["restore"].click()
    assert [x.id for x in service.list_sessions()] == [s.id]

    service.trash(s.id)
    screen.refresh()
    screen.buttons["empty"].click()
    assert service.list_sessions(trash=True) == []


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_with_a_preview(qtbot, kit, screen, monkeypatch, tmp_path, fmt):
    from toolkit.ui.responses_dialog import ExportDialog

    service = SessionService(kit.store)
    source = service.create_session("Kahnawà:ke", None)
    r = service.add_respondent(source.id)
    service.save_answer(r.id, "safe_day", 2)
    target = service.create_session("Birch Lake", None, session_date="2026-01-05")
    screen.refresh()
    out = tmp_path / "réponses"
    suggested = []

    def save_name(parent, title, name, filter_):
        suggested.append(name)
        return str(out), ""

    def choose(dialog):
        dialog.format.setCurrentIndex(dialog.format.findData(fmt))
        dialog.values.setCurrentIndex(dialog.values.findData("codes"))
        return True

    monkeypatch.setattr(ExportDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    written = out.with_name(out.name + f".{fmt}")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(written), ""))
    shown, asked = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    screen.select(source.id)
    screen.buttons["export"].click()
    assert ":" not in Path(suggested[0]).name and suggested[0].endswith(f".{fmt}")
    assert written.exists() and "1 row written" in shown[-1]
    screen.select(target.id)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    screen.buttons["import"].click()
    assert "1 new respondent would be added." in asked[-1]
    assert service.respondents(target.id) == []  # declined: nothing changed
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    screen.buttons["import"].click()
    assert "1 new respondent is added." in shown[-1]
    imported = service.respondents(target.id)
    assert len(imported) == 1 and service.answers(imported[0].id)["safe_day"] == 2
    screen.buttons["import"].click()  # again: nothing to change, nothing asked
    assert "unchanged" in shown[-1] and len(service.respondents(target.id)) == 1


def test_a_damaged_csv_changes_nothing_and_says_why(qtbot, kit, screen, monkeypatch, tmp_path):
    service = SessionService(kit.store)
    s = service.create_session("Birch Lake", None)
    screen.refresh()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe not a csv of ours")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    errors = []
    monkeypatch.setattr("toolkit.ui.responses_dialog.show_error",
                        lambda parent, exc: errors.append(exc))
    screen.buttons["import"].click()
    assert errors and service.respondents(s.id) == []


def test_action_buttons_wrap_rather_than_widen_the_screen_at_200_percent(qtbot, window, screen):
    """At 200 % text the screen can be taller than a laptop's window, and its scroll area then
    shows a vertical scroll bar that takes width: the screen must fit beside that bar (a grid of
    two button columns, as wide as its two widest French labels, did not)."""
    window.set_language("fr")
    window.set_text_scale(200)
    shown = [b for b in screen.buttons.values() if not b.isHidden()]
    # the larger font reaches the buttons by posted events, then the layout places them
    qtbot.waitUntil(lambda: all(b.width() >= b.minimumSizeHint().width() > 200
                                for b in shown if len(b.text()) > 12))
    scroller = window.stack.currentWidget()
    bar = scroller.verticalScrollBar()
    room = scroller.width() - 2 * scroller.frameWidth() - bar.sizeHint().width()
    assert screen.minimumSizeHint().width() <= room
    assert len({b.y() for b in shown}) > 1  # wrapped onto several lines
    assert all(b.geometry().right() < screen.width() for b in shown)
    window.set_text_scale(100)


def test_on_a_small_screen_at_200_percent_the_buttons_stack_in_one_column(qtbot, window,
                                                                        screen):
    """1024 pixels wide, 200 % text, French: two columns of buttons would be wider than the
    screen's area (a sideways scroll); they stack in one, and go back to two at 100 %."""
    from toolkit.ui.geometry import FRAME

    window.set_language("fr")
    window.set_text_scale(200)
    window.resize(1024 - FRAME[0], 600 - FRAME[1])
    shown = [b for b in screen.buttons.values() if not b.isHidden()]
    qtbot.waitUntil(lambda: screen.columns == 1)
    qtbot.waitUntil(lambda: len({b.x() for b in shown}) == 1)
    area = window.stack.currentWidget()
    assert screen.minimumSizeHint().width() <= area.viewport().width()
    window.set_text_scale(100)
    window.resize(1366 - FRAME[0], 768 - FRAME[1])
    qtbot.waitUntil(lambda: screen.columns == 2)
