"""Question input widgets: what a person does is emitted once, in the stored answer form;
what the runner shows with set_value is never emitted back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from toolkit.i18n import translate
from toolkit.questionnaire import bundled_instrument
from toolkit.questionnaire.model import DONT_KNOW, Question
from toolkit.ui import question_widgets as qw
from toolkit.ui.question_widgets import make_question_widget
from toolkit.ui.style import BASE_POINT_SIZE, apply_text_scale

DIAGNOSIS = bundled_instrument("local-diagnosis")
VOTES = bundled_instrument("group-session").question("group_votes")
SAMPLES = {  # one question of each type, with a value in stored form
    "safe_day": 4, "community_kind": "other", "respondent_role": ["youth", "other"],
    "victim_12m": "dk", "people_in_household": 3, "unsafe_places": "The old bridge",
    "best_idea": "More lights\nand a youth centre",
    "priority_actions": ["housing", "transportation"],
}


def question(qid: str) -> Question:
    return VOTES if qid == "group_votes" else DIAGNOSIS.question(qid)


@pytest.fixture
def make(qtbot):
    def build(qid: str, lang: str = "en", large: bool = False):
        widget = make_question_widget(question(qid), lang, large)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        widget.emitted = []
        widget.answered.connect(lambda key, value: widget.emitted.append((key, value)))
        return widget
    return build


def button(widget, value) -> QAbstractButton:
    return widget.buttons[value]


def click(qtbot, target) -> None:
    """Click near the left edge: radio and check boxes only react on their indicator and text."""
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(8, target.height() // 2))


# -- scale ----------------------------------------------------------------------------------

def test_scale_click_keys_and_clear(qtbot, make):
    w = make("safe_day")
    click(qtbot, button(w, 4))
    assert w.emitted == [("safe_day", 4)] and w.value() == 4
    click(qtbot, button(w, 4))  # the same answer again is not emitted twice
    qtbot.keyClick(button(w, 4), Qt.Key.Key_2)
    qtbot.keyClick(button(w, 2), Qt.Key.Key_0)
    assert w.emitted[1:] == [("safe_day", 2), ("safe_day", "dk")]
    assert button(w, "dk").isChecked()
    click(qtbot, w.clear_button)
    assert w.emitted[-1] == ("safe_day", None) and w.value() is None
    assert not any(b.isChecked() for b in w.buttons.values())
    assert w.group.exclusive()


def test_scale_arrow_keys_move_within_the_group(qtbot, make):
    w = make("safe_day")
    with qtbot.waitActive(w):
        w.activateWindow()
    click(qtbot, button(w, 2))
    button(w, 2).setFocus()  # arrows move between buttons that can have focus
    qtbot.keyClick(button(w, 2), Qt.Key.Key_Right)
    assert w.value() == 3 and w.emitted[-1] == ("safe_day", 3)


def at(widget, child) -> QPoint:
    """Where `child` sits in `widget` (choices are nested in their own small containers)."""
    return child.mapTo(widget, QPoint(0, 0))


def test_scale_is_a_row_normally_and_a_column_in_large_mode(qtbot, make):
    normal, large = make("safe_day"), make("safe_day", large=True)
    normal.resize(1400, normal.height())  # a row when there is room for it
    first, last = (lambda w: at(w, w.buttons[1])), (lambda w: at(w, w.buttons[5]))
    qtbot.waitUntil(lambda: first(normal).y() == last(normal).y())
    assert first(normal).y() == last(normal).y() < last(normal).x()
    assert first(large).x() == last(large).x() < last(large).y()
    assert large.label.font().pointSizeF() == pytest.approx(normal.label.font().pointSizeF() * 1.6)
    assert large.buttons[1].font().pointSizeF() > normal.buttons[1].font().pointSizeF() * 1.5
    assert all(b.minimumHeight() >= 48 for b in large.chain)


def test_scale_row_wraps_instead_of_being_cut_off(qtbot, make):
    w = make("safe_day")
    w.resize(380, w.height())
    qtbot.waitUntil(lambda: at(w, w.buttons[5]).y() > at(w, w.buttons[1]).y())
    assert all(at(w, b).x() + b.width() <= w.width() for b in w.buttons.values())


def test_clicking_a_choice_text_chooses_it_and_moves_the_keyboard_there(qtbot, make):
    """Keys then act on that question, as when the button itself is clicked."""
    w = make("safe_day")
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.buttons[1].setFocus()
    qtbot.mouseClick(w.option_labels[3], Qt.MouseButton.LeftButton)
    assert w.buttons[3].isChecked() and w.buttons[3].hasFocus()
    qtbot.keyClick(w.buttons[3], Qt.Key.Key_5)
    assert w.value() == 5


def test_a_long_choice_in_a_row_wraps_its_text_instead_of_widening_the_form(qtbot, make):
    """At 200 % the "don't know" choice alone was wider than a facilitator's question pane."""
    w = make("safe_day")
    label = w.option_labels[DONT_KNOW]
    narrow = label.sizeHint().width() * 2 // 3  # narrower than the choice on one line
    w.resize(narrow, w.height())
    qtbot.waitUntil(lambda: w.width() == narrow)
    assert w.minimumSizeHint().width() <= narrow
    qtbot.waitUntil(lambda: at(w, label).x() + label.width() <= w.width())
    assert label.height() > label.fontMetrics().height() * 1.5  # on two lines or more


def test_long_choices_wrap_in_large_mode_and_their_text_is_clickable(qtbot, make):
    w = make("respondent_role", lang="fr", large=True)
    w.resize(600, 900)
    qtbot.waitUntil(lambda: w.width() == 600)
    assert w.minimumSizeHint().width() <= 600
    label = w.option_labels["youth"]
    assert label.text() == next(c for c in question("respondent_role").choices
                                if c.id == "youth").label("fr")
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert w.buttons["youth"].isChecked() and w.emitted == [("respondent_role", ["youth"])]


def test_large_text_follows_the_application_text_size(qtbot, make):
    """The text-size setting changes the app font; large mode must stay 1.6x of it."""
    try:
        apply_text_scale(150)
        w = make("safe_day", large=True)
        assert w.label.font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 1.5 * 1.6, rel=0.01)
        apply_text_scale(200)
        qtbot.wait(10)
        assert w.buttons[1].font().pointSizeF() == pytest.approx(BASE_POINT_SIZE * 2 * 1.6)
    finally:
        apply_text_scale(100)


def test_retranslate_puts_scale_words_in_french(make):
    w = make("safe_day")
    w.retranslate("fr")
    for value, msgid in zip(range(1, 6), qw.AGREEMENT):
        assert w.option_labels[value].text() == translate("fr", msgid)
        assert w.buttons[value].accessibleName() == translate("fr", msgid)
    assert w.option_labels["dk"].text() == translate("fr", qw.DONT_KNOW_TEXT)
    assert w.clear_button.text() == translate("fr", qw.CLEAR_TEXT)
    assert w.label.text() == question("safe_day").text("fr")
    assert w.help.text() == question("safe_day").help_text("fr")


# -- single, yesno --------------------------------------------------------------------------

def test_single_with_other(qtbot, make):
    w = make("community_kind")
    click(qtbot, button(w, "town"))
    assert w.emitted == [("community_kind", "town")] and not w.other_edit.isEnabled()
    click(qtbot, button(w, "other"))
    assert w.emitted[-1] == ("community_kind", "other") and w.other_edit.isEnabled()
    with qtbot.waitSignal(w.answered, timeout=2000) as blocker:
        qtbot.keyClicks(w.other_edit, "Hamlet")
    assert blocker.args == ["community_kind.other", "Hamlet"]
    w.other_edit.editingFinished.emit()  # leaving the box: already sent, not sent again
    assert w.emitted.count(("community_kind.other", "Hamlet")) == 1
    click(qtbot, w.clear_button)
    assert w.emitted[-2:] == [("community_kind", None), ("community_kind.other", None)]
    assert w.other_edit.text() == "" and not w.other_edit.isEnabled()


def test_yesno_with_dont_know(qtbot, make):
    w = make("victim_12m")
    assert list(w.buttons) == ["yes", "no", "dk"]
    click(qtbot, button(w, "no"))
    assert w.emitted == [("victim_12m", "no")]
    w.retranslate("fr")
    assert w.option_labels["yes"].text() == translate("fr", qw.YES_TEXT)


# -- multi ----------------------------------------------------------------------------------

def test_multi_disables_extra_boxes_at_the_maximum(qtbot, make):
    w = make("respondent_role")
    for choice in ("parent", "youth", "other"):
        click(qtbot, button(w, choice))
    assert w.emitted[-1] == ("respondent_role", ["youth", "parent", "other"])  # choice order
    assert not button(w, "resident").isEnabled() and button(w, "youth").isEnabled()
    assert w.note.isVisibleTo(w) and w.note.text() == translate("en", qw.CHOOSE_UP_TO).format(n=3)
    assert w.other_edit.isEnabled()
    click(qtbot, button(w, "youth"))
    assert w.emitted[-1] == ("respondent_role", ["parent", "other"])
    assert button(w, "resident").isEnabled() and not w.note.isVisibleTo(w)
    for choice in ("parent", "other"):
        click(qtbot, button(w, choice))
    assert w.emitted[-1] == ("respondent_role", None) and not w.other_edit.isEnabled()


# -- number ---------------------------------------------------------------------------------

def test_number_checks_range_and_emits_whole_numbers(qtbot, make):
    w = make("people_in_household")
    assert w.unit.text() == "people"
    qtbot.keyClicks(w.edit, "2a5")  # letters never get in
    assert w.edit.text() == "25"
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert w.emitted == [] and w.problem.isVisibleTo(w)
    assert "1" in w.problem.text() and "20" in w.problem.text()
    w.edit.clear()
    qtbot.keyClicks(w.edit, "4")
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert w.emitted == [("people_in_household", 4)] and type(w.emitted[0][1]) is int
    assert not w.problem.isVisibleTo(w)
    w.edit.clear()
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert w.emitted[-1] == ("people_in_household", None)


def test_number_accepts_a_decimal_comma(qtbot):
    q = Question("litres", "number", "s", {"en": "Litres", "fr": "Litres"}, minimum=0, maximum=10)
    w = make_question_widget(q, "fr")
    qtbot.addWidget(w)
    w.set_value(2.5)
    assert w.edit.text() == "2,5" and w.value() == 2.5
    w.edit.setText("7,25")
    with qtbot.waitSignal(w.answered, timeout=2000) as blocker:
        w.edit.editingFinished.emit()
    assert blocker.args == ["litres", 7.25]
    w.edit.setText(",")
    with qtbot.assertNotEmitted(w.answered):
        w.edit.editingFinished.emit()
    assert w.problem.text().startswith(translate("fr", qw.NOT_A_NUMBER))


# -- text, longtext -------------------------------------------------------------------------

def test_text_emits_after_a_pause_and_only_once(qtbot, make):
    w = make("unsafe_places")
    assert w.edit.maxLength() == 200
    with qtbot.waitSignal(w.answered, timeout=2000) as blocker:
        qtbot.keyClicks(w.edit, "By the bridge")
    assert blocker.args == ["unsafe_places", "By the bridge"]
    qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    qtbot.wait(800)
    assert w.emitted == [("unsafe_places", "By the bridge")]
    w.edit.setText("x" * 199)
    qtbot.keyClicks(w.edit, "yz")
    assert len(w.edit.text()) == 200 and w.problem.isVisibleTo(w)


def test_longtext_pause_focus_out_and_limit(qtbot, make):
    w = make("best_idea")
    with qtbot.waitSignal(w.answered, timeout=2000) as blocker:
        qtbot.keyClicks(w.edit, "More lights")
    assert blocker.args == ["best_idea", "More lights"]
    qtbot.keyClicks(w.edit, " now")
    QApplication.sendEvent(w.edit, QFocusEvent(QEvent.Type.FocusOut))  # leaving: sent at once
    assert w.emitted == [("best_idea", "More lights"), ("best_idea", "More lights now")]
    w.edit.insertPlainText("y" * 2100)
    assert len(w.edit.toPlainText()) == 2000 and w.problem.isVisibleTo(w)


# -- ranking, votes -------------------------------------------------------------------------

def test_ranking_orders_choices_and_refuses_duplicates(qtbot, make):
    w = make("priority_actions")
    assert len(w.rows) == 3
    first, second, third = w.rows
    first.setCurrentIndex(first.findData("housing"))
    third.setCurrentIndex(third.findData("youth_programs"))
    assert w.emitted == [("priority_actions", ["housing"]),
                         ("priority_actions", ["housing", "youth_programs"])]  # gap removed
    second.setCurrentIndex(second.findData("housing"))
    assert second.currentData() is None and w.problem.isVisibleTo(w)
    assert len(w.emitted) == 2
    second.setCurrentIndex(second.findData("transportation"))
    assert w.emitted[-1] == ("priority_actions", ["housing", "transportation", "youth_programs"])
    assert not w.problem.isVisibleTo(w)
    w.retranslate("fr")
    assert w.row_labels[0].text() == translate("fr", qw.ORDINALS[0])
    assert first.itemText(0) == translate("fr", qw.NOT_RANKED)


def test_votes_are_debounced_and_drop_zeros(qtbot, make):
    w = make("group_votes")
    with qtbot.waitSignal(w.answered, timeout=2000) as blocker:
        w.spins["housing"].setValue(5)
        w.spins["racism"].setValue(2)
        w.spins["racism"].setValue(0)
    assert blocker.args == ["group_votes", {"housing": 5}]
    assert w.emitted == [("group_votes", {"housing": 5})]
    assert w.spins["housing"].maximum() == 100_000
    with qtbot.assertNotEmitted(w.answered, wait=600):
        w.set_value({"mental_health": 7})
    assert w.value() == {"mental_health": 7} and w.spins["housing"].value() == 0


# -- every type -----------------------------------------------------------------------------

@pytest.mark.parametrize("qid", sorted(SAMPLES))
def test_set_value_shows_without_emitting(qtbot, make, qid):
    w = make(qid)
    debounced = question(qid).type in ("text", "longtext")
    with qtbot.assertNotEmitted(w.answered, wait=900 if debounced else 50):
        w.set_value(SAMPLES[qid], "a camp" if "other" in str(SAMPLES[qid]) else None)
    assert w.value() == SAMPLES[qid]
    if w.other_edit is not None and "other" in str(SAMPLES[qid]):
        assert w.other_edit.text() == "a camp" and w.other_edit.isEnabled()
    with qtbot.assertNotEmitted(w.answered, wait=100):
        w.set_value(None)
    assert w.value() is None


def test_show_problem_is_an_inline_line(make):
    w = make("safe_day")
    w.show_problem("Please answer this question.")
    assert w.problem.isVisibleTo(w) and w.problem.text() == "Please answer this question."
    w.show_problem(None)
    assert not w.problem.isVisibleTo(w)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("qid", sorted(SAMPLES) + ["group_votes"])
def test_every_focusable_control_is_named(make, qid, lang, large):
    w = make(qid, lang, large)
    w.retranslate("fr" if lang == "en" else "en")
    focusable = [c for c in w.findChildren(QWidget)
                 if c.focusPolicy() & Qt.FocusPolicy.TabFocus and c.isVisibleTo(w)
                 and c.objectName() != "qt_scrollarea_viewport"]
    assert focusable
    assert [type(c).__name__ for c in focusable if not c.accessibleName()] == []
    assert w.label.buddy() is w.chain[0] and w.label.wordWrap()


@pytest.mark.parametrize("qid", ["community_kind", "respondent_role", "priority_actions"])
def test_tab_order_follows_reading_order(make, qid):
    w = make(qid)
    order, current = [], w.chain[0]
    for _ in range(200):
        if current in w.chain and current not in order:
            order.append(current)
        current = current.nextInFocusChain()
    assert order == w.chain
    assert order == sorted(order, key=lambda c: (c.mapTo(w, c.rect().topLeft()).y(),
                                                 c.mapTo(w, c.rect().topLeft()).x()))
