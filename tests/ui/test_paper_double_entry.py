"""Paper keying by keyboard, and the optional second keying with its differences."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QRadioButton

from toolkit.double_entry import DoubleEntry
from toolkit.sessions import SessionService
from toolkit.ui.runner.window import RunnerWindow


@pytest.fixture
def paper(qtbot, kit, window):
    session = SessionService(kit.store).create_session("Kahnawà:ke", None, mode="paper")
    win = RunnerWindow(kit, session.id)
    qtbot.addWidget(win)
    assert win.start()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    win.close()


def stored(kit, respondent_id):
    conn = sqlite3.connect(kit.store.path)
    try:
        return dict(conn.execute("SELECT question_id, value FROM answers WHERE respondent_id = ?",
                                 (respondent_id,)))
    finally:
        conn.close()


def type_number(qtbot, view, number):
    assert QApplication.focusWidget() is view.number  # the keyboard is where the number goes
    qtbot.keyClicks(view.number, number)
    qtbot.keyClick(view.number, Qt.Key.Key_Return)


def ctrl_enter(qtbot, view):
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)


def key_form(qtbot, view, number, night, people):
    type_number(qtbot, view, number)
    focused = QApplication.focusWidget()
    first = view.widgets[view.runner.instrument.questions[0].id]
    assert focused is not None and first.isAncestorOf(focused)  # on the first question
    view.widgets["safe_night"].buttons[night].click()
    view.widgets["people_in_household"].answered.emit("people_in_household", people)
    ctrl_enter(qtbot, view)


def test_a_form_keyed_twice_shows_its_differences_and_the_facilitator_chooses(qtbot, kit,
                                                                           paper):
    view = paper.view
    key_form(qtbot, view, "17", 2, 3)
    assert view.state == "idle" and QApplication.focusWidget() is view.number
    form = SessionService(kit.store).respondents(paper.runner.session.id)[0]
    first = stored(kit, form.id)

    view.second_keying.setChecked(True)
    view.number.setFocus()
    key_form(qtbot, view, "17", 4, 5)  # Ctrl+Enter here compares
    assert stored(kit, form.id) == first  # the second keying never touched the answers
    assert view.state == "comparing"
    assert set(view.choices) == {"safe_night", "people_in_household"}
    assert "differ on 2 questions" in view.current.text()
    night = view.choices["safe_night"]
    assert "Disagree" in night["first"].text() and "Agree" in night["second"].text()
    assert QApplication.focusWidget() is night["first"]  # keyboard on the first difference

    qtbot.keyClick(night["first"], Qt.Key.Key_Down)  # arrows choose within a question
    assert night["second"].isChecked()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab: the next question
    people = view.choices["people_in_household"]
    assert QApplication.focusWidget() in people.values()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert people["first"].isChecked()
    ctrl_enter(qtbot, view)

    assert view.state == "idle" and "every difference is settled" in view.current.text()
    now = stored(kit, form.id)
    assert now["safe_night"] == "4" and now["people_in_household"] == "3"
    assert "1 keyed twice; 0 differences to choose" in view.count.text()


def test_an_unchosen_difference_waits_for_its_form_number(qtbot, kit, paper):
    view = paper.view
    key_form(qtbot, view, "5", 2, 3)
    view.second_keying.setChecked(True)
    view.number.setFocus()
    key_form(qtbot, view, "5", 2, 4)
    ctrl_enter(qtbot, view)  # nothing chosen
    assert "1 difference still to choose" in view.current.text()
    assert "1 difference to choose" in view.count.text()
    type_number(qtbot, view, "5")  # straight back to the choice, no keying again
    assert view.state == "comparing" and set(view.choices) == {"people_in_household"}


def test_agreeing_keyings_and_forms_that_cannot_be_checked(qtbot, kit, paper, monkeypatch):
    view = paper.view
    key_form(qtbot, view, "8", 1, 2)
    view.second_keying.setChecked(True)
    view.number.setFocus()
    type_number(qtbot, view, "9")
    assert view.state == "idle" and "No paper form 9" in view.current.text()
    view.number.clear()
    type_number(qtbot, view, "8")
    assert all(not w.findChildren(QRadioButton) or not any(
        b.isChecked() for b in w.findChildren(QRadioButton)) for w in view.widgets.values())
    view.widgets["safe_night"].buttons[1].click()
    view.widgets["people_in_household"].answered.emit("people_in_household", 2)
    ctrl_enter(qtbot, view)
    assert view.state == "idle" and "agree" in view.current.text()

    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    type_number(qtbot, view, "8")
    assert asked and view.state == "idle"  # checked already: asks before forgetting it
    form = SessionService(kit.store).respondents(paper.runner.session.id)[0]
    assert DoubleEntry(SessionService(kit.store)).finished(form.id)


def test_a_refused_second_keying_value_is_shown_on_its_question(qtbot, kit, paper):
    view = paper.view
    key_form(qtbot, view, "3", 2, 3)
    view.second_keying.setChecked(True)
    view.number.setFocus()
    type_number(qtbot, view, "3")
    widget = view.widgets["people_in_household"]
    widget.answered.emit("people_in_household", 500)  # outside 1 to 20
    assert widget.problem.text() and "Not saved" in view.saved.text()


def _words(view) -> list[str]:
    return [view.number_label.text(), view.number.placeholderText(), view.start_button.text(),
            view.second_keying.text(), view.done_button.text(), view.count.text(),
            view.current.text(), view.saved.text()]


def test_paper_view_retranslates_on_a_language_switch(qtbot, kit, window, paper):
    """Every word of the keying view follows the app's language; the form's questions stay
    in the session's language (issue 14)."""
    view = paper.view
    idle_en = _words(view)
    window.set_language("fr")
    idle_fr = _words(view)
    assert idle_fr[0] == "&Numéro du formulaire papier\u00a0:"
    assert all(fr != en for fr, en in zip(idle_fr, idle_en)), idle_fr  # every one changed
    assert "formulaire" in view.current.text() and "Enter" not in view.current.text()
    type_number(qtbot, view, "17")
    assert view.current.text().startswith("Saisie du formulaire papier 17")
    question = view.widgets["safe_night"]
    wording = question.label.text()
    window.set_language("en")
    assert view.current.text() == "Keying paper form 17 (respondent 1)."
    assert view.done_button.text() == "Form done, next form (Ctrl+Enter)"
    assert view.count.text() == "1 form entered"
    assert question.label.text() == wording  # the form's language, unchanged
    window.set_language("fr")
    next(iter(question.buttons.values())).click()
    assert view.saved.text().startswith("Enregistré")
    window.set_language("en")
    assert view.saved.text().startswith("Saved at")
