"""The runner window in each mode, driven as a facilitator or participant would.

Every answer must be in the database the moment it is given (checked through a second,
independent connection), and in kiosk mode the next person must never see earlier answers.
"""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QTextEdit

from toolkit.questionnaire import Question
from toolkit.sessions import SessionService
from toolkit.ui.runner import window as _runner_window
from toolkit.ui.runner.kiosk_view import CONSENT, THANKS, WELCOME
from toolkit.ui.runner.window import RunnerWindow


def value_for(q: Question):
    """A valid answer of the question's type, as a person's action would produce it."""
    ids = [c.id for c in q.choices]
    return {
        "scale": lambda: 4,
        "single": lambda: ids[0],
        "multi": lambda: ids[:1],
        "yesno": lambda: "no",
        "number": lambda: int(q.minimum or 0) + 1,
        "text": lambda: "Le vieux pont, ᐃᖃᓗᐃᑦ",
        "longtext": lambda: "Plus d'éclairage\net un centre jeunesse",
        "ranking": lambda: ids[: q.top or 1],
        "votes": lambda: {ids[0]: 7},
    }[q.type]()


def stored(kit, respondent_id: str) -> dict[str, str]:
    """Read answers through a separate connection: what a crash right now would leave."""
    conn = sqlite3.connect(kit.store.path)
    try:
        return dict(conn.execute("SELECT question_id, value FROM answers WHERE respondent_id = ?",
                                 (respondent_id,)))
    finally:
        conn.close()


@pytest.fixture
def open_runner(qtbot, kit, window):
    service = SessionService(kit.store)
    opened = []

    def build(mode: str, instrument: str | None = None, language: str = "en", code="2468"):
        session = service.create_session("Kangiqsujuaq ᑲᖏᕐᓱᔪᐊᖅ", instrument, mode=mode,
                                         language=language)
        win = RunnerWindow(kit, session.id)
        opened.append(win)
        assert win.start(exit_code=code if mode == "kiosk" else None)
        qtbot.waitExposed(win)
        return win
    yield build
    for win in opened:  # a kiosk left locked would hold the focus in the next test
        try:
            win.unlocked = True
            win.close()
            win.deleteLater()
        except RuntimeError:
            pass


# -- facilitator-led ------------------------------------------------------------------------

def test_facilitator_answer_is_committed_at_once_and_skip_logic_applies(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    view = win.view
    respondent = win.runner.respondent
    view.sections.setCurrentRow([s.id for s in win.runner.instrument.sections].index("safety"))
    scale = view.widgets["safe_day"]
    scale.buttons[4].click()
    assert stored(kit, respondent.id)["safe_day"] == "4"
    assert "Saved" in view.saved.text()

    section = win.runner.instrument.question("victim_reported").section
    view.sections.setCurrentRow([s.id for s in win.runner.instrument.sections].index(section))
    assert not view.widgets["victim_reported"].isVisible()
    view.widgets["victim_12m"].buttons["yes"].click()
    assert view.widgets["victim_reported"].isVisible()
    view.widgets["victim_12m"].buttons["no"].click()
    assert not view.widgets["victim_reported"].isVisible()
    assert stored(kit, respondent.id)["victim_12m"] == '"no"'


def test_facilitator_resumes_the_last_respondent_where_they_were(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    rid = win.runner.respondent.id
    sections = [s.id for s in win.runner.instrument.sections]
    q = win.runner.instrument.question("trust_neighbours") if any(
        x.id == "trust_neighbours" for x in win.runner.instrument.questions) else \
        win.runner.instrument.sections[4].questions[0]
    win.view.sections.setCurrentRow(sections.index(q.section))
    win.view.widgets[q.id].answered.emit(q.id, value_for(q))
    session_id = win.runner.session.id
    win.close()

    again = RunnerWindow(kit, session_id)
    qtbot.addWidget(again)
    again.start()
    assert again.runner.respondent.id == rid
    assert again.view.sections.currentRow() == sections.index(q.section)
    assert again.view.widgets[q.id].value() == value_for(q)


def test_required_answers_gate_completion(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    view = win.view
    assert not view.complete_button.isEnabled()
    assert "community" in view.missing.text().lower() or view.missing.text()
    view.sections.setCurrentRow(0)
    required = [q for q in win.runner.instrument.questions if q.required]
    for q in required:
        view.sections.setCurrentRow([s.id for s in win.runner.instrument.sections].index(q.section))
        view.widgets[q.id].answered.emit(q.id, value_for(q))
    assert view.complete_button.isEnabled()
    view.complete_button.click()
    assert SessionService(kit.store).respondent(win.runner.respondent.id).status == "complete"


def test_a_refused_answer_is_shown_and_not_saved(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    q = next(q for q in win.runner.instrument.questions if q.type == "number")
    win.view.sections.setCurrentRow([s.id for s in win.runner.instrument.sections].index(q.section))
    win.view.widgets[q.id].answered.emit(q.id, (q.maximum or 10**6) + 1000)
    assert q.id not in stored(kit, win.runner.respondent.id)
    assert "Not saved" in win.view.saved.text()


# -- kiosk ----------------------------------------------------------------------------------

def walk_kiosk(qtbot, view, answers_given: list):
    """Answer every question shown, in order, until the thanks page."""
    for _ in range(200):
        if view.current is None:
            return
        q = view.current
        value = value_for(q)
        view.widget.answered.emit(q.id, value)
        answers_given.append((q.id, value))
        view.next()
    raise AssertionError("the kiosk never reached the end")


def test_kiosk_whole_questionnaire_then_next_person_sees_nothing(qtbot, kit, open_runner):
    win = open_runner("kiosk")
    view = win.view
    view.begin("fr")
    assert view.next_button.text() in ("Suivant", "Terminer")
    first = win.runner.respondent.id
    given: list = []
    walk_kiosk(qtbot, view, given)
    assert len(given) >= 40
    assert view.pages.currentIndex() == THANKS
    assert SessionService(kit.store).respondent(first).status == "complete"
    assert len(stored(kit, first)) == len(given)
    assert win.runner.answers == {} and win.runner.respondent is None

    # the next participant: nothing of the first person anywhere on screen or in memory
    view.next_person.click()
    view.begin("en")
    assert win.runner.respondent.id != first
    texts = []
    for _ in range(len(given)):
        if view.current is None:
            break
        assert view.widget.value() in (None, [], {}, "")
        texts += [w.toPlainText() for w in view.widget.findChildren(QTextEdit)]
        texts += [w.text() for w in view.widget.findChildren(QLineEdit)]
        view.current.required and view.widget.answered.emit(view.current.id,
                                                             value_for(view.current))
        view.next()
    assert not any("ᐃᖃᓗᐃᑦ" in t or "éclairage" in t for t in texts)


def test_kiosk_needs_an_answer_to_required_questions(qtbot, kit, open_runner):
    win = open_runner("kiosk")
    win.view.begin("en")
    q = win.view.current
    assert q.required  # the instrument starts with the kind of community
    win.view.next()
    assert win.view.current is q
    assert "needs an answer" in win.view.widget.problem.text()


def test_kiosk_cannot_be_closed_without_the_exit_code(qtbot, kit, open_runner, monkeypatch):
    win = open_runner("kiosk")
    win.view.begin("en")
    win.close()
    assert win.isVisible()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a))
    monkeypatch.setattr(_runner_window.RunnerWindow, "_ask_code", lambda *a, **k: ("1111", True))
    win.ask_exit()
    assert win.isVisible() and warnings
    monkeypatch.setattr(_runner_window.RunnerWindow, "_ask_code", lambda *a, **k: ("2468", True))
    win.ask_exit()
    assert not win.isVisible()


# -- paper ----------------------------------------------------------------------------------

def test_paper_keying_saves_each_answer_and_refuses_a_duplicate_form(qtbot, kit, open_runner,
                                                                   monkeypatch):
    win = open_runner("paper")
    view = win.view
    view.start_form()
    assert "needed" in view.current.text()
    view.number.setText("A-017")
    view.start_form()
    rid = win.runner.respondent.id
    view.widgets["safe_night"].buttons[2].click()
    assert stored(kit, rid)["safe_night"] == "2"
    view.finish_form()
    assert view.count.text().startswith("1 ")

    asked = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    view.number.setText("A-017")
    view.start_form()
    assert asked and win.runner.respondent is None
    assert len(SessionService(kit.store).respondents(win.runner.session.id)) == 1


def test_group_mode_records_votes(qtbot, kit, open_runner):
    win = open_runner("group")
    view = win.view
    assert not view.new_button.isVisible()
    votes = win.runner.instrument.question("group_votes")
    sections = [s.id for s in win.runner.instrument.sections]
    view.sections.setCurrentRow(sections.index(votes.section))
    view.widgets["group_votes"].answered.emit("group_votes", {votes.choices[0].id: 12})
    stored_votes = stored(kit, win.runner.respondent.id)["group_votes"]
    assert '"' + votes.choices[0].id + '": 12' in stored_votes


def test_kiosk_can_be_completed_with_the_keyboard_alone(qtbot, kit, open_runner):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    win = open_runner("kiosk")
    view = win.view
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.start_buttons["en"])

    def key(k, modifier=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget(), k, modifier)

    key(Qt.Key.Key_Space)  # the focused language button: the consent page
    assert view.pages.currentIndex() == CONSENT
    key(Qt.Key.Key_Return)  # "Start" has the focus
    assert view.current is not None and view.current.required
    key(Qt.Key.Key_Space)  # check the focused first choice
    first = view.current
    key(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.current is not first
    rid = win.runner.respondent.id
    seen_scale = False
    for _ in range(200):
        if view.current is None:
            break
        if view.current.type == "scale" and not seen_scale:
            key(Qt.Key.Key_4)  # digits pick a point on the agreement scale
            seen_scale = view.current.id
        key(Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.pages.currentIndex() == THANKS
    answers = stored(kit, rid)
    assert answers[first.id] and answers[seen_scale] == "4"
    key(Qt.Key.Key_Space)  # "Next participant" has the focus
    assert view.pages.currentIndex() == WELCOME


def test_paper_keying_shows_the_numbers_printed_on_the_form(qtbot, kit, open_runner):
    win = open_runner("paper")
    win.view.number.setText("9")
    win.view.start_form()
    numbers = win.runner.instrument.numbers
    assert win.view.widgets["safe_night"].label.text().startswith(f"{numbers['safe_night']}. ")
    assert numbers[win.runner.instrument.questions[0].id] == 1


def test_a_section_links_to_its_guide_in_the_library(qtbot, kit, window, open_runner):
    from toolkit.guides.library import bundled_library

    win = open_runner("facilitator")
    window.runner_window = win
    win.guide_requested.connect(window.show_guide)
    sections = [s.id for s in win.runner.instrument.sections]
    win.view.sections.setCurrentRow(sections.index("concerns"))
    expected = bundled_library().for_section("concerns", "en")[0]
    assert win.view.guide_button.isVisible()
    assert expected.title in win.view.guide_button.full_text()
    assert expected.title in win.view.guide_button.accessibleName()
    win.view.guide_button.click()
    guides = window.screen("guides")
    assert window.stack.currentWidget().widget() is guides
    assert guides.current_slug == expected.slug


def test_text_typed_just_before_closing_or_moving_on_is_saved(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    view = win.view
    rid = win.runner.respondent.id
    sections = [s.id for s in win.runner.instrument.sections]
    q = win.runner.instrument.question("unsafe_places")
    view.sections.setCurrentRow(sections.index(q.section))
    qtbot.keyClicks(view.widgets[q.id].edit, "Le quai")  # no pause, no focus change
    view.sections.setCurrentRow(0)  # another section replaces the widgets at once
    assert stored(kit, rid)[q.id] == '"Le quai"'

    view.sections.setCurrentRow(sections.index(q.section))
    qtbot.keyClicks(view.widgets[q.id].edit, " nord")
    win.close()
    assert stored(kit, rid)[q.id] == '"Le quai nord"'


def test_a_number_typed_just_before_closing_is_saved(qtbot, kit, open_runner):
    win = open_runner("facilitator")
    rid = win.runner.respondent.id
    q = next(q for q in win.runner.instrument.questions if q.type == "number")
    win.view.sections.setCurrentRow(
        [s.id for s in win.runner.instrument.sections].index(q.section))
    qtbot.keyClicks(win.view.widgets[q.id].edit, "3")  # still in the field
    win.close()
    assert stored(kit, rid)[q.id] == "3"


def test_a_long_guide_title_wraps_instead_of_widening_the_runner(qtbot):
    from toolkit.ui.runner.common import WrappingButton

    button = WrappingButton()
    qtbot.addWidget(button)
    title = "Guide: Planning a local diagnosis with the community & its partners"
    button.set_full_text(title)
    button.show()
    qtbot.waitExposed(button)
    assert button.minimumSizeHint().width() < button.sizeHint().width()
    one_line = button.heightForWidth(button.sizeHint().width())
    narrow = button.heightForWidth(140)
    assert narrow > 2 * one_line - 20  # more lines, every word kept
    button.resize(140, narrow)
    label = button.findChild(QLabel)
    assert label.text() == button.full_text() == title  # nothing elided, "&" shown as is
    assert label.heightForWidth(label.width()) <= label.height() + 2  # no line cut
