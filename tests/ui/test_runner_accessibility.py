"""The runner as a screen reader sees it: Qt's accessibility tree, walked offscreen (issue 14,
WCAG 2.1 AA: 4.1.2 name, role, value; 1.3.1 info and relationships; 4.1.3 status messages).

Fails on a focusable control without a name, an option outside its question's group, an
input whose name and description do not carry its question, or a status change that sends
no event."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from toolkit.questionnaire import bundled_instrument
from toolkit.sessions import SessionService
from toolkit.ui import a11y
from toolkit.ui.question_widgets import QuestionWidget
from toolkit.ui.runner.window import RunnerWindow

NAME, DESCRIPTION = QAccessible.Text.Name, QAccessible.Text.Description
CONTROLS = {QAccessible.Role.RadioButton, QAccessible.Role.CheckBox, QAccessible.Role.ComboBox,
            QAccessible.Role.EditableText, QAccessible.Role.SpinBox, QAccessible.Role.PushButton,
            QAccessible.Role.Button, QAccessible.Role.List}


@pytest.fixture
def heard():
    events: list = []
    listener = lambda obj, kind, text: events.append((obj, kind, text))  # noqa: E731
    a11y.listeners.append(listener)
    yield events
    a11y.listeners.remove(listener)


@pytest.fixture
def opened(qtbot, kit):
    service = SessionService(kit.store)
    windows = []

    def build(mode: str, instrument: str | None = None):
        session = service.create_session("Wemotaci", instrument, mode=mode)
        win = RunnerWindow(kit, session.id)
        windows.append(win)
        assert win.start(exit_code="2468" if mode == "kiosk" else None)
        qtbot.waitExposed(win)
        return win
    yield build
    for win in windows:
        win.unlocked = True
        win.close()
        win.deleteLater()


def walk(iface):
    yield iface
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None and child.isValid():
            yield from walk(child)


def ancestors(iface):
    parent = iface.parent()
    while parent is not None and parent.isValid():
        yield parent
        parent = parent.parent()


def labels(iface) -> list[str]:
    """What the "labelled by" relations say (a combo box's label, on Linux)."""
    return [other.text(NAME) for other, flag in iface.relations()
            if flag & QAccessible.RelationFlag.Label]


def check_tree(win: QWidget) -> list[str]:
    """Every problem a screen reader user would meet in `win`, as sentences."""
    problems = []
    root = QAccessible.queryAccessibleInterface(win)
    for iface in walk(root):
        state = iface.state()
        if iface.role() not in CONTROLS or state.invisible or not state.focusable:
            continue
        if not iface.text(NAME).strip() and not any(t.strip() for t in labels(iface)):
            obj = iface.object()
            problems.append(f"unnamed {iface.role().name} {type(obj).__name__}")
    for widget in win.findChildren(QuestionWidget):
        if not widget.isVisibleTo(win):
            continue
        text = widget.question.text(widget.lang)
        for control in widget.chain:
            iface = QAccessible.queryAccessibleInterface(control)
            groups = [a for a in ancestors(iface) if a.role() == QAccessible.Role.Grouping]
            if not any(g.text(NAME) == text for g in groups):
                problems.append(f"{widget.question.id}: {type(control).__name__} outside its group")
            said = " ".join([iface.text(NAME), iface.text(DESCRIPTION), *labels(iface)])
            if text not in said:
                problems.append(f"{widget.question.id}: {iface.text(NAME)!r} without its question")
    return problems


def test_every_kiosk_question_type_reads_with_its_question(opened):
    win = opened("kiosk")
    view = win.view
    assert check_tree(win) == []  # the welcome page
    view.choose_language("en")
    assert check_tree(win) == []  # the consent page
    view.begin("en")
    types = set()
    for _ in range(120):
        if view.current is None:
            break
        types.add(view.current.type)
        assert check_tree(win) == [], view.current.id
        q = view.current
        if q.required:
            view.widget.answered.emit(q.id, q.choices[0].id)
        view.next()
    assert {"single", "multi", "yesno", "scale", "text", "longtext", "ranking", "number"} <= types
    assert check_tree(win) == []  # the thanks page


@pytest.mark.parametrize("mode,instrument", [("facilitator", None), ("group", "group-session"),
                                             ("paper", None)])
def test_every_section_of_each_mode_reads_with_its_questions(opened, mode, instrument):
    win = opened(mode, instrument)
    view = win.view
    if mode == "paper":
        view.number.setText("17")
        view.start_form()
        assert check_tree(win) == []
        return
    for row in range(view.sections.count()):
        view.sections.setCurrentRow(row)
        assert check_tree(win) == [], row


def test_names_match_the_visible_labels(opened):
    win = opened("kiosk")
    win.view.begin("en")
    while win.view.runner.next_question(win.view.current) is not None:
        q = win.view.current
        if q.required:
            win.view.widget.answered.emit(q.id, q.choices[0].id)
        win.view.next()
    button = QAccessible.queryAccessibleInterface(win.view.next_button)
    assert button.text(NAME) == win.view.next_button.text() == "Finish"
    fac = opened("facilitator").view
    for combo, label in ((fac.language_box, fac.questions_in), (fac.respondent_box, fac.who)):
        iface = QAccessible.queryAccessibleInterface(combo)
        # Its label, not only its current value: by name (Windows, macOS) and by relation
        # (Linux, where Qt names a combo box by its value).
        assert combo.accessibleName() == label.text().rstrip(":").strip()
        assert label.text() in labels(iface)
    saved = QAccessible.queryAccessibleInterface(fac.saved)
    assert saved.text(NAME) == fac.saved.text()


def test_status_changes_are_announced(opened, heard):
    win = opened("facilitator")
    view = win.view
    inst = bundled_instrument("local-diagnosis")
    q = inst.question("community_kind")
    view.sections.setCurrentRow([s.id for s in inst.sections].index(q.section))
    heard.clear()
    view.widgets[q.id].answered.emit(q.id, q.choices[0].id)
    kinds = {(obj, kind) for obj, kind, _t in heard}
    assert (view.saved, "announce") in kinds  # "Saved at ..."
    assert (view.progress, "value") in kinds  # "1 of 62 answered"
    assert (view.missing, "announce") in kinds  # the missing answers changed
    # A refused answer: the problem, assertively, and the question marked invalid.
    number = inst.question("people_in_household")
    view.sections.setCurrentRow([s.id for s in inst.sections].index(number.section))
    widget = view.widgets[number.id]
    heard.clear()
    widget.edit.setText("0")
    widget.flush_pending()
    assert (widget.problem, "announce") in {(o, k) for o, k, _t in heard}
    group = QAccessible.queryAccessibleInterface(widget.group_box)
    assert group.state().invalid
    assert widget.problem.text() in QAccessible.queryAccessibleInterface(widget.edit).text(
        DESCRIPTION)
    widget.edit.setText("3")
    widget.flush_pending()
    assert not QAccessible.queryAccessibleInterface(widget.group_box).state().invalid


def test_required_questions_say_so(opened):
    win = opened("kiosk")
    win.view.begin("en")
    first = win.view.widget.chain[0]
    assert "Required" in QAccessible.queryAccessibleInterface(first).text(DESCRIPTION)


def _error_relations(control) -> list[QWidget]:
    iface = QAccessible.queryAccessibleInterface(control)
    return [other.object() for other, flag in iface.relations()
            if flag & QAccessible.RelationFlag.DescriptionFor]


def assert_invalid(widget: QuestionWidget, controls) -> None:
    """Each of `controls` is invalid and tied to the message shown beside the question; the
    question's other inputs are not."""
    assert widget.problem.isVisible() and widget.problem.text()
    for control in widget.chain:
        iface = QAccessible.queryAccessibleInterface(control)
        if control in controls:
            assert a11y.error_of(control) is widget.problem, control
            assert iface.text(DESCRIPTION).startswith(widget.problem.text())
            if iface.role() in (QAccessible.Role.RadioButton, QAccessible.Role.CheckBox):
                assert iface.state().invalid and _error_relations(control) == [widget.problem]
        else:
            assert a11y.error_of(control) is None, control
    group = QAccessible.queryAccessibleInterface(widget.group_box)
    assert group.state().invalid and _error_relations(widget.group_box) == [widget.problem]


def assert_valid(widget: QuestionWidget) -> None:
    for control in [*widget.chain, widget.group_box]:
        iface = QAccessible.queryAccessibleInterface(control)
        assert a11y.error_of(control) is None and not iface.state().invalid
        assert _error_relations(control) == []


def test_required_and_invalid_states_in_kiosk(opened, heard):
    win = opened("kiosk")
    view = win.view
    view.begin("en")
    while not view.current.required:
        view.next()
    widget, q = view.widget, view.current
    assert all(a11y.is_required(c) for c in [*widget.chain, widget.group_box])
    heard.clear()
    view.next()  # refused: the answer is required
    assert view.current is q
    assert_invalid(widget, widget.chain)
    assert any(kind == "state" for _o, kind, _t in heard)  # the change is sent
    widget.buttons[q.choices[0].id].click()
    assert_valid(widget)
    assert all(a11y.is_required(c) for c in widget.chain)  # still required, now answered
    # A typed answer refused: only its box is invalid.
    while view.current.type != "number":
        q = view.current
        if q.required:
            view.widget.answered.emit(q.id, q.choices[0].id)
        view.next()
    widget = view.widget
    widget.edit.setText("0")
    view.next()
    assert view.widget is widget
    assert_invalid(widget, [widget.edit])


@pytest.mark.parametrize("mode,instrument", [("facilitator", None), ("group", "group-session"),
                                             ("paper", None)])
def test_required_and_invalid_states_in_other_modes(opened, mode, instrument):
    win = opened(mode, instrument)
    view = win.view
    if mode == "paper":
        view.number.setText("17")
        view.start_form()
    widgets = [w for w in view.findChildren(QuestionWidget)]
    required = [w for w in widgets if w.question.required]
    optional = [w for w in widgets if not w.question.required]
    assert required and optional
    assert all(a11y.is_required(c) for w in required for c in w.chain)
    assert not any(a11y.is_required(c) for w in optional for c in w.chain)
    number = next((w for w in widgets if w.question.type == "number"
                   and w.question.minimum is not None), None)
    if number is None:
        return
    if mode != "paper":
        view.sections.setCurrentRow([s.id for s in view.runner.instrument.sections].index(
            number.question.section))
    number.edit.setText(str(number.question.minimum - 1))
    number.flush_pending()
    assert_invalid(number, [number.edit])
    if mode != "paper":
        view.new_respondent()  # refused: leaving would lose the typed answer
        assert_invalid(number, [number.edit])
    number.edit.setText(str(number.question.minimum))
    number.flush_pending()
    assert_valid(number)
