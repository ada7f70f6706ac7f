"""The questionnaire in the field (issue 14): a kiosk that holds the participant, the whole
questionnaire by keyboard alone, messages beside the question, undoable "Mark complete",
windows that follow a language switch."""

from __future__ import annotations

import json
import sqlite3

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from toolkit import i18n
from toolkit.sessions import SessionService
from toolkit.ui import a11y
from toolkit.ui.runner import window as _runner_window
from toolkit.ui.runner.kiosk_view import CONSENT, QUESTION, THANKS, WELCOME
from toolkit.ui.runner.window import RunnerWindow

NO = Qt.KeyboardModifier.NoModifier


def stored(kit, respondent_id: str) -> dict[str, str]:
    conn = sqlite3.connect(kit.store.path)
    try:
        return dict(conn.execute("SELECT question_id, value FROM answers WHERE respondent_id = ?",
                                 (respondent_id,)))
    finally:
        conn.close()


@pytest.fixture
def runner_for(qtbot, kit):
    service = SessionService(kit.store)
    opened = []

    def build(mode: str, language: str = "en", parent=None):
        session = service.create_session("Wemotaci", None, mode=mode, language=language)
        win = RunnerWindow(kit, session.id, parent)
        opened.append(win)
        assert win.start(exit_code="2468" if mode == "kiosk" else None)
        qtbot.waitExposed(win)
        return win
    yield build
    for win in opened:
        try:
            win.unlocked = True
            win.close()
            win.deleteLater()
        except RuntimeError:
            pass


@pytest.fixture
def heard():
    """Every accessibility event the runner sends: (object, kind, text)."""
    events: list = []
    listener = lambda obj, kind, text: events.append((obj, kind, text))  # noqa: E731
    a11y.listeners.append(listener)
    yield events
    a11y.listeners.remove(listener)


def press(qtbot, key, modifier=NO, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def in_view(view) -> bool:
    """The question's wording is inside the scroll area's viewport."""
    viewport = view.scroll.viewport()
    label = view.widget.label
    top = label.mapTo(viewport, QPoint(0, 0))
    return viewport.rect().contains(top) and top.y() + min(label.height(), 40) <= viewport.height()


# -- the kiosk lock ----------------------------------------------------------------------

def test_no_other_window_is_visible_while_a_kiosk_runs(qtbot, kit, window, monkeypatch):
    service = SessionService(kit.store)
    session = service.create_session("Wemotaci", None, mode="kiosk")
    extra = QWidget()  # another top-level window of the app (a report preview, say)
    qtbot.addWidget(extra)
    extra.show()
    monkeypatch.setattr(_runner_window.RunnerWindow, "_ask_code", lambda *a, **k: ("2468", True))
    window.open_session(session.id)
    kiosk = window.runner_window
    qtbot.waitExposed(kiosk)
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert visible == [kiosk] and kiosk.isFullScreen()
    # A window that shows itself meanwhile is hidden again.
    late = QWidget()
    qtbot.addWidget(late)
    late.show()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=2000)
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    assert kiosk.isVisible()

    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: None)
    monkeypatch.setattr(_runner_window.RunnerWindow, "_ask_code", lambda *a, **k: ("1111", True))
    kiosk.ask_exit()  # the wrong code: nothing comes back
    assert not window.isVisible() and not extra.isVisible() and kiosk.isVisible()
    monkeypatch.setattr(_runner_window.RunnerWindow, "_ask_code", lambda *a, **k: ("2468", True))
    kiosk.ask_exit()
    assert not kiosk.isVisible()
    assert window.isVisible() and extra.isVisible() and late.isVisible()


def test_a_kiosk_left_full_screen_goes_back_to_it(qtbot, runner_for):
    win = runner_for("kiosk")
    win.showNormal()
    qtbot.waitUntil(win.isFullScreen, timeout=3000)


# -- the whole questionnaire by keyboard --------------------------------------------------

def test_the_whole_questionnaire_by_keyboard_alone(qtbot, kit, runner_for, heard):
    win = runner_for("kiosk")
    view = win.view
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.start_buttons["en"])
    assert win.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)  # focus drawn at once
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.start_buttons["fr"]
    press(qtbot, Qt.Key.Key_Backtab)
    press(qtbot, Qt.Key.Key_Return)
    assert view.pages.currentIndex() == CONSENT
    assert win.runner.instrument.intro["en"].strip()[:60] in view.consent_intro.text()
    press(qtbot, Qt.Key.Key_Return)  # Enter means Start
    assert view.pages.currentIndex() == QUESTION
    rid = win.runner.respondent.id
    seen: set[str] = set()
    for _ in range(120):
        if view.current is None:
            break
        q, widget = view.current, view.widget
        assert in_view(view), q.id
        focus = QApplication.focusWidget()
        assert focus in widget.chain, q.id  # a control of this very question
        seen.add(q.type)
        answer_by_keyboard(qtbot, view, q)
    assert view.pages.currentIndex() == THANKS
    assert {"single", "multi", "yesno", "scale", "text", "longtext", "ranking", "number"} <= seen
    answers = stored(kit, rid)
    assert answers["community_kind"] == '"other"'
    assert answers["community_kind.other"] == '"Fishing camp"'
    assert len(eval(answers["respondent_role"])) == 3  # the maximum, no more
    assert answers["safe_day"] == "4"
    assert answers["unsafe_places"] == '"The old wharf"'
    ranked = json.loads(answers["priority_actions"])
    assert len(ranked) == len(set(ranked)) == 3
    assert answers["people_in_household"] == "3"
    assert any(kind == "announce" and "Thank you" in text for _o, kind, text in heard)
    press(qtbot, Qt.Key.Key_Return)  # "Next participant" has the focus
    assert view.pages.currentIndex() == WELCOME


def answer_by_keyboard(qtbot, view, q) -> None:
    w = view.widget
    if q.id == "community_kind":  # required: Next without an answer stays, and says why
        press(qtbot, Qt.Key.Key_Return)
        assert view.current is q and w.problem.isVisible() and in_view(view)
        assert QApplication.focusWidget() in w.chain
        press(qtbot, Qt.Key.Key_Down, times=len(w.buttons) - 1)  # arrows choose: to "Other"
        assert w.value() == "other"
        press(qtbot, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is w.other_edit
        type_text(qtbot, "Fishing camp")
        press(qtbot, Qt.Key.Key_Return)
        return
    if q.type == "multi" and q.max_choices:
        for _ in range(q.max_choices):
            press(qtbot, Qt.Key.Key_Space)
            press(qtbot, Qt.Key.Key_Down)
        assert len(w.value()) == q.max_choices and w.note.isVisible()
        # at the maximum the others are out of reach, and say why
        assert all(not b.isEnabled() for b in w.buttons.values() if not b.isChecked())
        assert QApplication.focusWidget() in w.chain
        press(qtbot, Qt.Key.Key_Return)
        return
    if q.type in ("single", "yesno", "multi"):
        press(qtbot, Qt.Key.Key_Down)
        if q.type == "multi":
            press(qtbot, Qt.Key.Key_Space)
        assert w.value(), q.id
        if q.id == "victim_12m":
            assert w.value() == "no"
    elif q.type == "scale":
        press(qtbot, Qt.Key.Key_4)
    elif q.type == "text":
        type_text(qtbot, "The old wharf")
    elif q.type == "longtext":
        type_text(qtbot, "More lights")
        press(qtbot, Qt.Key.Key_Return)  # a new line, not Next, in a long answer
        assert view.current is q
        press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
        return
    elif q.type == "ranking":
        press(qtbot, Qt.Key.Key_Down)  # 1st choice: the first item
        press(qtbot, Qt.Key.Key_Tab)
        second = QApplication.focusWidget()
        press(qtbot, Qt.Key.Key_Down)  # skips the item ranked first, greyed out here
        assert second.currentData() not in (None, w.rows[0].currentData())
        assert not w.problem.isVisible()
        press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Down)
        assert len(w.value()) == 3 and len(set(w.value())) == 3
        w.rows[2].setCurrentIndex(w.rows[2].findData(w.rows[0].currentData()))  # by hand
        assert w.problem.isVisible()  # refused, and said at the row the person is on
        assert w.problem.text() in w.rows[2].accessibleDescription()
        assert w.problem.text() not in w.rows[0].accessibleDescription()
        press(qtbot, Qt.Key.Key_Return)  # held: the refusal is on screen
        assert view.current is q and QApplication.focusWidget() is w.rows[2]
        press(qtbot, Qt.Key.Key_Down)  # another choice: accepted, the message goes
        assert not w.problem.isVisible() and len(set(w.value())) == 3
    elif q.type == "number":
        type_text(qtbot, "0")  # a household of 0 people: refused, never dropped
        press(qtbot, Qt.Key.Key_Return)
        assert view.current is q and w.problem.isVisible()
        assert QApplication.focusWidget() is w.edit
        press(qtbot, Qt.Key.Key_Backspace)
        type_text(qtbot, "3")
    press(qtbot, Qt.Key.Key_Return)


def test_keys_are_shown_in_the_participants_language(qtbot, runner_for):
    win = runner_for("kiosk")
    win.view.choose_language("fr")
    assert win.view.begin_button.text() == "Commencer"
    win.view.begin("fr")
    assert "Tab" in win.view.keys.text() and "Entrée" in win.view.keys.text()
    assert "Enter" not in win.view.keys.text()
    assert win.view.next_button.text() == "Suivant"


# -- facilitator and group ------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["facilitator", "group"])
def test_mark_complete_shows_its_state_and_can_be_undone(qtbot, kit, runner_for, heard, mode):
    win = runner_for(mode)
    view = win.view
    service = SessionService(kit.store)
    for q in win.runner.missing_required():
        view.sections.setCurrentRow([s.id for s in win.runner.instrument.sections].index(q.section))
        value = 5 if q.type == "number" else q.choices[0].id
        view.widgets[q.id].answered.emit(q.id, value)
    assert view.complete_button.isEnabled()
    before = view.complete_button.text()
    view.complete_button.click()
    rid = win.runner.respondent.id
    assert service.respondent(rid).status == "complete"
    assert view.complete_button.text() != before and view.complete_button.isEnabled()
    assert "complete" in view.status.text()
    assert any(kind == "announce" and text == view.status.text() for _o, kind, text in heard)
    if mode == "facilitator":
        assert "(complete)" in view.respondent_box.currentText()
    view.complete_button.click()  # undo
    assert service.respondent(rid).status == "in_progress"
    assert view.complete_button.text() == before


def test_an_open_runner_follows_the_app_language(qtbot, runner_for):
    win = runner_for("facilitator")
    i18n.set_language("fr")
    assert win.view.next_button.text() == "Section suivante"
    assert win.view.questions_in.text().startswith("Questions en")
    assert "Animation" in win.windowTitle() or "animé" in win.windowTitle().lower()
    i18n.set_language("en")
    assert win.view.next_button.text() == "Next section"


def test_questions_in_switches_the_section_introduction(qtbot, runner_for):
    win = runner_for("facilitator")
    view = win.view
    row = next(i for i, s in enumerate(win.runner.instrument.sections) if s.intro)
    view.sections.setCurrentRow(row)
    section = win.runner.instrument.sections[row]
    assert view.intro.text() == section.intro["en"]
    view.language_box.setCurrentIndex(view.language_box.findData("fr"))
    assert view.intro.text() == section.intro["fr"]


def test_a_refused_number_holds_the_section(qtbot, runner_for):
    win = runner_for("facilitator")
    view = win.view
    q = win.runner.instrument.question("people_in_household")
    row = [s.id for s in win.runner.instrument.sections].index(q.section)
    view.sections.setCurrentRow(row)
    qtbot.keyClicks(view.widgets[q.id].edit, "0")
    view.sections.setCurrentRow(0)
    assert view.sections.currentRow() == row  # not dropped silently: still on screen
    assert view.widgets[q.id].problem.isVisibleTo(view)


def test_next_section_comes_after_the_questions_in_focus_order(qtbot, runner_for):
    win = runner_for("facilitator")
    view = win.view
    last = list(view.widgets.values())[-1].chain[-1]
    widget, order = view.sections, []
    for _ in range(400):
        widget = widget.nextInFocusChain()
        order.append(widget)
        if widget is view.next_button:
            break
    assert last in order and order.index(last) < order.index(view.prev_button)


# -- interrupted respondents ---------------------------------------------------------------

@pytest.mark.parametrize("mode", ["kiosk", "facilitator"])
@pytest.mark.parametrize("choice", ["resume", "complete"])
def test_an_interrupted_respondent_is_named_and_resumed_or_closed(qtbot, kit, monkeypatch,
                                                                  mode, choice):
    service = SessionService(kit.store)
    session = service.create_session("Wemotaci", None, mode=mode)
    first = RunnerWindow(kit, session.id)
    assert first.start(exit_code="2468")
    if mode == "kiosk":
        first.view.begin("en")
    q = first.runner.instrument.question("community_kind")
    rid = first.runner.respondent.id
    first.runner.answer(q.id, q.choices[0].id)
    # The app dies here: no close, no release. (Deleting the window skips closeEvent.)
    first.lock and first.lock.release()
    first.unlocked = True
    first._forget()
    first.hide()
    first.deleteLater()

    told = []

    def fake_exec(box):
        told.append(box.text())
        wanted = "Resume" if choice == "resume" else "Mark complete"
        box.setProperty("chosen", wanted)
        for button in box.buttons():
            if button.text() == wanted:
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    again = RunnerWindow(kit, session.id)
    assert again.start(exit_code="2468")
    qtbot.waitExposed(again)
    number = service.respondent(rid).number
    assert told and f"respondent {number}" in told[0]
    if choice == "resume":
        assert again.runner.respondent.id == rid
        if mode == "kiosk":
            assert again.view.pages.currentIndex() == QUESTION and again.view.current is not None
    else:
        assert service.respondent(rid).status == "complete"
        if mode == "kiosk":  # the next participant starts from the welcome page
            assert again.runner.respondent is None and again.view.pages.currentIndex() == WELCOME
    again.unlocked = True
    again.close()
    # Closed on purpose: nothing is interrupted the next time.
    told.clear()
    third = RunnerWindow(kit, session.id)
    assert third.start(exit_code="2468")
    assert told == []
    third.unlocked = True
    third.close()
