"""One input widget per question type, shared by the facilitator form, the kiosk and paper keying.

Widgets speak in stored answer values (see questionnaire/answers.py) and emit `answered`
only for what a person did, never for `set_value`, so loading a saved respondent writes
nothing back. Every fixed word goes through `translate(self.lang, ...)`: the widget's
language is the respondent's, which may differ from the interface language. Large mode
(kiosk on a touch laptop) gives the widget 1.6 times the interface's text size, which its
controls inherit, so the text-size setting still applies.

Keyboard, the platform's way: Tab and Shift+Tab move between questions and control groups;
within a group of options the arrows move (and choose, in a single choice), Space ticks.
The inputs sit in an `a11y.QuestionGroup` named by the question, and every input's
description carries the question, its help, "required" and any problem, so a screen reader
reads the question whichever input has focus.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QEvent, QObject, QRegularExpression, QSize, Qt, QTimer, Signal,
)
from PySide6.QtGui import QColor, QPalette, QRegularExpressionValidator, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton, QButtonGroup, QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QPlainTextEdit, QRadioButton, QSpinBox, QToolButton, QVBoxLayout, QWidget,
)

from toolkit.ui import a11y
from toolkit.ui.flow_layout import FlowLayout
from toolkit.ui.screen import paragraph
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.qt_i18n import qt_locale
from toolkit.ui.fonts import show_in_language
from toolkit.ui.style import set_large, set_role
from toolkit.i18n import N_, format_number, translate
from toolkit.questionnaire.answers import MAX_TEXT, chose_other
from toolkit.questionnaire.model import DONT_KNOW, OTHER, SCALE_VALUES, Question, pick

AGREEMENT = (N_("Strongly disagree"), N_("Disagree"), N_("Neither agree nor disagree"),
             N_("Agree"), N_("Strongly agree"))
DONT_KNOW_TEXT = N_("Don't know / prefer not to say")
YES_TEXT, NO_TEXT, CLEAR_TEXT = N_("Yes"), N_("No"), N_("Clear answer")
OTHER_TEXT, SPECIFY_TEXT = N_("Other (please specify)"), N_("Please specify")
ORDINALS = (N_("1st choice"), N_("2nd choice"), N_("3rd choice"))
NTH_CHOICE = N_("{n}th choice")  # 4th to 20th; top never exceeds the number of choices
NOT_RANKED, VOTES_TEXT, CHOOSE_UP_TO = N_("Not ranked"), N_("votes"), N_("Choose up to {n}.")
NOT_A_NUMBER = N_("This is not a number.")
NOT_WHOLE = N_("This is not a whole number.")
OUT_OF_RANGE = N_("This number is outside the allowed range.")
NUMBER_RANGE = N_("Enter a number from {lo} to {hi}.")
WHOLE_RANGE = N_("Enter a whole number from {lo} to {hi}.")
TOO_LONG = N_("This answer can hold at most {n} characters.")
ALREADY_RANKED = N_("This choice is already ranked in another row.")
REQUIRED_TEXT = N_("Required.")

# Typed text is saved this long after its first unsaved keystroke, even while typing goes on
# (the timer is not restarted by later keystrokes: a sentence typed without a pause must not
# wait for the pause to be saved), and at once when the field is left.
TYPING_SAVE_MS = 700
COUNT_PAUSE_MS = 400
LARGE_MIN_HEIGHT = 48
MAX_VOTES = 100_000

TextFn = Callable[[str], str]


def _fixed(msgid: str) -> TextFn:
    return lambda lang: translate(lang, msgid)


def _ordinal(lang: str, n: int) -> str:
    if n <= len(ORDINALS):
        return translate(lang, ORDINALS[n - 1])
    return translate(lang, NTH_CHOICE).format(n=n)


def _choice_options(question: Question) -> list[tuple[Any, TextFn]]:
    options: list[tuple[Any, TextFn]] = [(c.id, c.label) for c in question.choices]
    if question.other:
        options.append((OTHER, _fixed(OTHER_TEXT)))
    return options


class _OptionLabel(QLabel):
    """The wrapped text of a choice, in a row or a column: clicking it is clicking the choice.

    A check box's own text never wraps, so long choices (large text, kiosk) would be cut off."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__()
        self.button = button
        button.option_label = self  # follow_focus() scrolls the text into view with it
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """On one line when there is room (a wrapping label would otherwise ask for a
        narrower, taller box); it still wraps when the row or column is narrower."""
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self.text()) + 2  # +2: rounding
        width += margins.left() + margins.right()
        return QSize(width, self.heightForWidth(width))

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)  # keys then act here
            self.button.click()
        super().mouseReleaseEvent(event)

    def set_focused(self, focused: bool) -> None:
        """The option with the keyboard is shown in the selection colours: the button has no
        text of its own, so the style's focus frame around it alone is hard to see."""
        if not hasattr(self, "_plain"):
            self._plain = QPalette(self.palette())
        palette = QPalette(self._plain)
        if focused:
            palette.setColor(QPalette.ColorRole.Window, self._plain.color(QPalette.ColorRole.Highlight))
            palette.setColor(QPalette.ColorRole.WindowText,
                             self._plain.color(QPalette.ColorRole.HighlightedText))
        self.setAutoFillBackground(focused)
        self.setPalette(palette)


def _mnemonic_safe(text: str) -> str:
    """Button texts treat & as a shortcut marker; a translated text may contain a real one."""
    return text.replace("&", "&&")


class _FocusedWheel:
    """Ignores the wheel unless focused: scrolling a long form must not change an answer."""

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # goes on to the scroll area


class _ComboBox(_FocusedWheel, QComboBox):
    pass


class _SpinBox(_FocusedWheel, QSpinBox):
    """Names its inner line edit too, which screen readers and Tab reach."""

    def set_name(self, name: str) -> None:
        self.setAccessibleName(name)
        self.lineEdit().setAccessibleName(name)


class _InputEvents(QObject):
    """The inputs' event filter: an object of its own, without a parent, because the inputs
    still send focus events while their question widget is being destroyed."""

    def __init__(self, owner: "QuestionWidget") -> None:
        super().__init__()
        self.owner = owner

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        try:
            return self.owner._filter(obj, event)
        except RuntimeError:  # the question widget is gone
            return False


class QuestionWidget(QWidget):
    """Label, optional help, the type's inputs, and an inline problem line.

    Subclasses define `_build()` (inputs in reading order, made through `_control()`),
    `_show_value()`, `value()` and `_retranslate()`."""

    answered = Signal(str, object)

    def __init__(self, question: Question, lang: str, large: bool = False,
                 parent: QWidget | None = None, number: int | None = None) -> None:
        super().__init__(parent)
        self.question, self.lang, self.large = question, lang, large
        self.number = number  # shown before the question, as on the printed form
        if large:
            set_large(self)
        # Last value emitted or shown per key: the same value is never emitted twice in a row.
        self._last: dict[str, Any] = {question.id: None, question.other_key: None}
        self._loading = False
        self._problem_parts: tuple | None = None  # set when the widget found the problem itself
        self._timer: QTimer | None = None  # the debounce of the main answer, if any
        self.chain: list[QWidget] = []  # focusable controls in reading order
        self.other_edit: QLineEdit | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(16 if large else 6)
        self.label = paragraph()
        self.help = paragraph()
        set_role(self.help, "hint")
        self.body = QVBoxLayout()
        self.body.setSpacing(12 if large else 4)
        self.problem = paragraph()
        set_role(self.problem, "problem")  # bold, and red by palette
        palette = self.problem.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(176, 0, 32))
        self.problem.setPalette(palette)
        self.problem.hide()
        self._problem_control: QWidget | None = None  # the input the problem is about
        a11y.install()
        self.group_box = a11y.QuestionGroup()  # the question's inputs, named by the question
        self.group_box.setLayout(self.body)
        self.body.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.label)
        outer.addWidget(self.help)
        outer.addWidget(self.problem)  # next to the wording: a long list cannot push it away
        outer.addWidget(self.group_box)
        self._build()
        if self.chain:
            self.label.setBuddy(self.chain[0])
        for first, second in zip(self.chain, self.chain[1:]):
            QWidget.setTabOrder(first, second)
        self._events = _InputEvents(self)
        for control in self.chain:
            control.installEventFilter(self._events)
        self.retranslate(lang)
        fit_indicators(self)  # after set_large(): tick boxes grow with the text

    def _control(self, widget: QWidget) -> QWidget:
        """A focusable input, in reading order; in large mode tall enough to touch."""
        if self.large:
            widget.setMinimumHeight(max(widget.minimumHeight(), LARGE_MIN_HEIGHT))
        self.chain.append(widget)
        return widget

    def _debounce(self, ms: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        return timer

    def _add_other_edit(self, layout) -> None:
        """The "please specify" box: stored under its own key, enabled only with Other."""
        self.other_edit = self._control(QLineEdit())
        self.other_edit.setMaxLength(MAX_TEXT)
        self.other_edit.setEnabled(False)
        self._other_timer = self._debounce(TYPING_SAVE_MS, self._flush_other)
        self.other_edit.textEdited.connect(self._other_edited)
        self.other_edit.editingFinished.connect(self._flush_other)
        row = QHBoxLayout()
        row.addSpacing(28)
        row.addWidget(self.other_edit, 1)
        layout.addLayout(row)

    def _other_edited(self) -> None:
        if not self._other_timer.isActive():  # never restarted: see TYPING_SAVE_MS
            self._other_timer.start()

    def _flush_other(self) -> None:
        self._other_timer.stop()
        self._emit(self.question.other_key, self.other_edit.text().strip() or None)

    def flush_pending(self) -> None:
        """Save now what is still waiting for a pause in typing (the view is about to close,
        change section or move to another person): nothing typed may be lost."""
        if self._timer is not None and self._timer.isActive():
            self._flush()
        other_timer = getattr(self, "_other_timer", None)
        if other_timer is not None and other_timer.isActive():
            self._flush_other()

    def _flush(self) -> None:
        """Emit the current value now: a pause in typing ended, or the person left the field."""
        if self._timer is not None:
            self._timer.stop()
        self._emit(self.question.id, self.value())

    def _emit(self, key: str, value: Any) -> None:
        if self._loading or self._last.get(key) == value:
            return
        self._last[key] = value
        self.answered.emit(key, value)

    def _after_change(self) -> None:
        """Bring dependent state (Other box, limits, Clear button) in line with the value."""
        if self.other_edit is not None:
            self.other_edit.setEnabled(chose_other(self.question, self.value()))

    def t(self, msgid: str, **values: Any) -> str:
        text = translate(self.lang, msgid)
        return text.format(**values) if values else text

    def value(self) -> Any:
        """The answer shown, in its stored form (see answers.py), or None."""
        raise NotImplementedError

    def set_value(self, value: Any, other_text: str | None = None) -> None:
        """Show a stored answer without emitting; also hides any problem shown."""
        self._loading = True
        try:
            self._show_value(value)
            if self.other_edit is not None:
                self.other_edit.setText(other_text or "")
        finally:
            self._loading = False
        self._last[self.question.id] = self.value()
        self._last[self.question.other_key] = other_text or None
        self._after_change()
        self.show_problem(None)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.setLocale(qt_locale(lang))  # the language of its text
        show_in_language(self, lang)  # syllabics in their font, regular and bold
        q = self.question
        self.label.setText(f"{self.number}. {q.text(lang)}" if self.number else q.text(lang))
        help_text = q.help_text(lang)
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text))
        self.group_box.setAccessibleName(q.text(lang))
        if self.other_edit is not None:
            specify = self.t(SPECIFY_TEXT)
            self.other_edit.setPlaceholderText(specify)
            self.other_edit.setAccessibleName(f"{q.text(lang)}: {specify}")
        self._retranslate()
        if self._problem_parts is not None:
            self._report(*self._problem_parts)
        else:
            self._describe()

    def _describe(self) -> None:
        """Each input's description: the question (unless its name says it), help, "required",
        and the problem if it is about this input, so the error is tied to its control."""
        q = self.question
        problem = self.problem.text() if not self.problem.isHidden() else ""
        target = self._problem_control or (self.chain[0] if self.chain else None)
        for control in self.chain:
            # (a combo box is read by its value on Linux, whatever its name: always say it)
            named = q.text(self.lang) in control.accessibleName() and not isinstance(
                control, QComboBox)
            parts = [] if named else [q.text(self.lang)]
            parts.append(q.help_text(self.lang))
            if q.required:
                parts.append(self.t(REQUIRED_TEXT))
            if problem and control is target:
                parts.insert(0, problem)
            text = " ".join(p for p in parts if p)
            if control.accessibleDescription() != text:
                control.setAccessibleDescription(text)
                a11y.description_changed(control)
        self.group_box.setAccessibleDescription(" ".join(
            p for p in (problem, self.t(REQUIRED_TEXT) if q.required else "") if p))
        self.group_box.set_invalid(bool(problem))

    def controls(self) -> list[QWidget]:
        """The inputs that can take the keyboard now (visible and enabled), in reading order."""
        return [c for c in self.chain if c.isEnabled() and not c.isHidden()]

    def entry(self) -> QWidget | None:
        """Where the keyboard goes into this question: its chosen option, else its first input."""
        buttons = getattr(self, "buttons", {})
        chosen = next((b for b in buttons.values() if b.isChecked()), None)
        return chosen or next(iter(self.controls()), None)

    def focus_first(self) -> None:
        """Put the keyboard on this question: its chosen option if any, else its first input."""
        target = self.entry()
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def focus_problem(self) -> None:
        """Keyboard to the input a problem is about (or the question's entry)."""
        target = self._problem_control if self._problem_control in self.controls() else None
        (target or self.entry() or self).setFocus(Qt.FocusReason.OtherFocusReason)

    def has_problem(self) -> bool:
        """True while the widget refuses what was typed (e.g. a household size of 0): moving
        on would drop it silently."""
        return self._problem_parts is not None

    def show_problem(self, text: str | None) -> None:
        self._problem_parts = None
        self._problem_control = None
        self._show_problem(text, again=True)  # a view's message: said each time it is given

    def _report(self, *parts: tuple[str, dict], control: QWidget | None = None) -> None:
        """A problem found here: kept as msgids so a language switch re-translates it."""
        self._problem_parts = parts
        if control is not None:
            self._problem_control = control
        self._show_problem(" ".join(self.t(msgid, **values) for msgid, values in parts))

    def _clear_own_problem(self) -> None:
        if self._problem_parts is not None:
            self.show_problem(None)

    def _show_problem(self, text: str | None, again: bool = False) -> None:
        news = bool(text) and (again or text != self.problem.text())
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))
        self._describe()
        if news:
            a11y.announce(self.problem, text, assertive=True)

    # keyboard ---------------------------------------------------------------------------
    def _filter(self, obj: QObject, event: QEvent) -> bool:
        """Keys and focus of the inputs (see _InputEvents); True: the event is used up."""
        kind = event.type()
        if not isinstance(obj, QAbstractButton) or obj not in self._button_list():
            return False
        if kind == QEvent.Type.KeyPress and self._button_key(obj, event):
            return True
        if kind == QEvent.Type.FocusIn:
            self._label_of(obj).set_focused(True)
            entry = self.entry()
            if event.reason() == Qt.FocusReason.BacktabFocusReason and entry is not obj \
                    and entry is not None:
                QTimer.singleShot(0, lambda: entry.setFocus(Qt.FocusReason.OtherFocusReason))
        elif kind == QEvent.Type.FocusOut:
            self._label_of(obj).set_focused(False)
        return False

    def _button_list(self) -> list[QAbstractButton]:
        return list(getattr(self, "buttons", {}).values())

    def _label_of(self, button: QAbstractButton) -> _OptionLabel:
        return next(label for label in self.option_labels.values() if label.button is button)

    def _button_key(self, button: QAbstractButton, event) -> bool:
        """Arrows within the options (choosing, if only one may be chosen); Tab past them."""
        key, mods = event.key(), event.modifiers()
        if mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.MetaModifier):
            return False
        order = self._button_list()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Right):
            step = -1 if key in (Qt.Key.Key_Up, Qt.Key.Key_Left) else 1
            i = order.index(button) + step
            while 0 <= i < len(order) and not order[i].isEnabled():
                i += step
            if 0 <= i < len(order):
                target = order[i]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                if getattr(self, "exclusive", False):
                    target.setChecked(True)
                    self._clicked(target, focus_other=False)
            return True  # at either end too: the arrows never scroll the page instead
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            forward = key == Qt.Key.Key_Tab and not mods & Qt.KeyboardModifier.ShiftModifier
            target = self._beyond_buttons(forward)
            if target is not None:
                target.setFocus(Qt.FocusReason.TabFocusReason if forward
                                else Qt.FocusReason.BacktabFocusReason)
                return True
        return False

    def _beyond_buttons(self, forward: bool) -> QWidget | None:
        """The first input before or after the options, following Qt's focus chain."""
        order = self._button_list()
        inside = set(order)
        start = order[-1] if forward else order[0]
        widget = start
        for _ in range(2000):
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is start:
                return None
            if widget in inside or widget.focusProxy() is not None:
                continue
            if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled()
                    and widget.isVisible() and widget.window() is self.window()):
                return widget
        return None


class _ButtonsWidget(QuestionWidget):
    """Radio buttons in an exclusive QButtonGroup, or check boxes; Other gets its text box."""

    exclusive = True
    horizontal = False  # a row in normal mode; always a column in large mode

    def _options(self) -> list[tuple[Any, TextFn]]:
        return _choice_options(self.question)

    def _build(self) -> None:
        self.options = self._options()
        self.group = QButtonGroup(self)
        self.group.setExclusive(self.exclusive)
        self.buttons: dict[Any, QRadioButton | QCheckBox] = {}
        row = FlowLayout() if self.horizontal and not self.large else QVBoxLayout()
        row.setSpacing(16 if self.large else 8)
        self.option_labels: dict[Any, _OptionLabel] = {}
        for value, _text in self.options:
            button = self._control(QRadioButton() if self.exclusive else QCheckBox())
            self.group.addButton(button)
            self.buttons[value] = button
            # The text goes in a label beside the button, so that it can wrap: a button's
            # own text never does, and a long choice would widen the whole form.
            label = self.option_labels[value] = _OptionLabel(button)
            if isinstance(row, FlowLayout):  # one item per choice, wrapping as a whole
                option = QWidget()
                line = QHBoxLayout(option)
                line.setContentsMargins(0, 0, 0, 0)
                line.setSpacing(4)
                row.addWidget(option)
            else:
                line = QHBoxLayout()
                row.addLayout(line)
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(label, 1)
            if value == OTHER:
                self._add_other_edit(row)
        self.body.addLayout(row)
        self.group.buttonClicked.connect(self._clicked)

    def _clicked(self, button: QRadioButton | QCheckBox, focus_other: bool = True) -> None:
        self._after_change()
        if focus_other and button is self.buttons.get(OTHER) and button.isChecked():
            self.other_edit.setFocus()
        self._emit(self.question.id, self.value())

    def _retranslate(self) -> None:
        for value, text in self.options:
            label = text(self.lang)
            self.option_labels[value].setText(label)
            self.buttons[value].setAccessibleName(label)


class _RadioWidget(_ButtonsWidget):
    """Adds a Clear button: an exclusive group cannot otherwise go back to no answer."""

    def _build(self) -> None:
        super()._build()
        self.clear_button = self._control(QToolButton())
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.clear_button.clicked.connect(self.clear)
        self.body.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._after_change()

    def _choose(self, value: Any) -> None:
        button = self.buttons[value]
        button.setChecked(True)
        button.setFocus()
        self._clicked(button)

    def clear(self) -> None:
        """Uncheck everything and empty the Other box (a person clearing means all of it)."""
        self._show_value(None)
        self._emit(self.question.id, None)
        if self.other_edit is not None:
            self._other_timer.stop()
            self.other_edit.clear()
        self._after_change()
        self._emit(self.question.other_key, None)

    def value(self) -> Any:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def _show_value(self, value: Any) -> None:
        if value in self.buttons:
            self.buttons[value].setChecked(True)
            return
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)

    def _after_change(self) -> None:
        super()._after_change()
        self.clear_button.setEnabled(self.value() is not None or bool(
            self.other_edit is not None and self.other_edit.text()))

    def _retranslate(self) -> None:
        super()._retranslate()
        clear = self.t(CLEAR_TEXT)
        self.clear_button.setText(_mnemonic_safe(clear))
        self.clear_button.setAccessibleName(f"{self.question.text(self.lang)}: {clear}")


class ScaleWidget(_RadioWidget):
    """Five agreement points and don't know; digits 1-5 pick a point, 0 picks don't know."""

    horizontal = True

    def _options(self) -> list[tuple[Any, TextFn]]:
        points = [(v, _fixed(AGREEMENT[v - 1])) for v in SCALE_VALUES]
        return points + [(DONT_KNOW, _fixed(DONT_KNOW_TEXT))]

    def keyPressEvent(self, event) -> None:
        # Keys the radio buttons do not use propagate here, so this works on any of them.
        key = event.text()
        blocked = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                   | Qt.KeyboardModifier.MetaModifier)  # Shift stays: AZERTY digits need it
        if len(key) == 1 and key in "012345" and not event.modifiers() & blocked:
            self._choose(DONT_KNOW if key == "0" else int(key))
            return
        super().keyPressEvent(event)


class YesNoWidget(_RadioWidget):
    horizontal = True

    def _options(self) -> list[tuple[Any, TextFn]]:
        options = [("yes", _fixed(YES_TEXT)), ("no", _fixed(NO_TEXT))]
        if self.question.dont_know:
            options.append((DONT_KNOW, _fixed(DONT_KNOW_TEXT)))
        return options


class SingleWidget(_RadioWidget):
    pass


class MultiWidget(_ButtonsWidget):
    """Check boxes; at the maximum the unchecked ones are disabled, with a note saying why."""

    exclusive = False

    def _build(self) -> None:
        super()._build()
        self.note = paragraph()
        set_role(self.note, "hint")
        self.note.hide()
        self.body.addWidget(self.note)

    def value(self) -> Any:
        return [v for v, b in self.buttons.items() if b.isChecked()] or None

    def _show_value(self, value: Any) -> None:
        for v, box in self.buttons.items():
            box.setChecked(v in (value or []))

    def _after_change(self) -> None:
        super()._after_change()
        limit = self.question.max_choices
        full = bool(limit) and len(self.value() or []) >= limit
        for box in self.buttons.values():
            box.setEnabled(box.isChecked() or not full)
        self.note.setVisible(full)

    def _retranslate(self) -> None:
        super()._retranslate()
        self.note.setText(self.t(CHOOSE_UP_TO, n=self.question.max_choices or 0))


class NumberWidget(QuestionWidget):
    """A line edit, not a spin box, so that "no answer" stays possible; the unit beside it."""

    def _build(self) -> None:
        q = self.question
        self.edit = self._control(QLineEdit())
        pattern = r"\d*" if q.integer else r"\d*([.,]\d*)?"
        if q.minimum < 0:
            pattern = "-?" + pattern
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self.edit))
        self.edit.setMaxLength(24)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self.edit.editingFinished.connect(self._finished)
        self.unit = QLabel()
        row = QHBoxLayout()
        for part in (self.edit, self.unit):
            row.addWidget(part)
        row.addStretch(1)
        self.body.addLayout(row)

    def _parse(self) -> tuple[Any, tuple | None]:
        """(value, None) or (None, problem parts); the problem always states the range."""
        q = self.question
        text = self.edit.text().strip().replace(",", ".")
        if not text:
            return None, None
        allowed = (WHOLE_RANGE if q.integer else NUMBER_RANGE,
                   {"lo": format_number(q.minimum, self.lang),
                    "hi": format_number(q.maximum, self.lang)})
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return None, ((NOT_A_NUMBER, {}), allowed)
        if q.integer and not number.is_integer():
            return None, ((NOT_WHOLE, {}), allowed)
        if not q.minimum <= number <= q.maximum:
            return None, ((OUT_OF_RANGE, {}), allowed)
        return (int(number) if q.integer or "." not in text else number), None

    def flush_pending(self) -> None:
        """A number is saved when the field is left; leaving the view counts as leaving it."""
        self._finished()

    def _finished(self) -> None:
        value, problem = self._parse()
        if problem:
            self._report(*problem, control=self.edit)
            return
        self._clear_own_problem()
        self._emit(self.question.id, value)

    def value(self) -> Any:
        return self._parse()[0]

    def _show_value(self, value: Any) -> None:
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            self.edit.clear()
            return
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        if format_number(1.5, self.lang)[1] == ",":  # the respondent's decimal separator
            text = text.replace(".", ",")
        self.edit.setText(text)

    def _retranslate(self) -> None:
        q = self.question
        unit = pick(q.unit, self.lang) if q.unit else ""
        self.unit.setText(unit)
        self.unit.setVisible(bool(unit))
        self.edit.setAccessibleName(f"{q.text(self.lang)} ({unit})" if unit else q.text(self.lang))


class TextWidget(QuestionWidget):
    """Emits after a pause in typing and at once when the field is left."""

    def _build(self) -> None:
        self.limit = self.question.max_length or MAX_TEXT
        self._timer = self._debounce(TYPING_SAVE_MS, self._flush)
        self.edit = self._control(self._make_editor())
        self.body.addWidget(self.edit)

    def _make_editor(self) -> QWidget:
        edit = QLineEdit()
        edit.setMaxLength(self.limit)
        edit.textEdited.connect(self._edited)
        edit.editingFinished.connect(self._flush)
        return edit

    def _text(self) -> str:
        return self.edit.text()

    def _edited(self, *_args: object) -> None:
        if len(self._text()) >= self.limit:
            self._report((TOO_LONG, {"n": self.limit}))
        else:
            self._clear_own_problem()
        if not self._timer.isActive():  # never restarted: see TYPING_SAVE_MS
            self._timer.start()

    def value(self) -> Any:
        return self._text().strip() or None

    def _show_value(self, value: Any) -> None:
        self._timer.stop()
        self.edit.setText(value if isinstance(value, str) else "")

    def _retranslate(self) -> None:
        self.edit.setAccessibleName(self.question.text(self.lang))


class LongTextWidget(TextWidget):
    """A plain text box; Tab moves on (keyboard order), text past the limit is cut."""

    def _make_editor(self) -> QWidget:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(200 if self.large else 90)
        edit.textChanged.connect(self._changed)
        return edit

    def _text(self) -> str:
        return self.edit.toPlainText()

    def _changed(self) -> None:
        if self._loading:
            return
        text = self._text()
        if len(text) > self.limit:  # a paste: cut in Python characters, as check_text counts
            self._loading = True
            self.edit.setPlainText(text[:self.limit])
            self.edit.moveCursor(QTextCursor.MoveOperation.End)
            self._loading = False
        self._edited()

    def _show_value(self, value: Any) -> None:
        self._timer.stop()
        self.edit.setPlainText(value if isinstance(value, str) else "")

    def _filter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and obj is self.edit:
            self._flush()
        return super()._filter(obj, event)


class RankingWidget(QuestionWidget):
    """`top` rows of combo boxes; a choice already ranked in another row is refused."""

    def _build(self) -> None:
        q = self.question
        self.items = [(None, _fixed(NOT_RANKED))] + _choice_options(q)
        grid = QGridLayout()
        grid.setVerticalSpacing(12 if self.large else 4)
        self.rows: list[QComboBox] = []
        self.row_labels: list[QLabel] = []
        self._previous: list[int] = []  # index shown before a refused pick
        for i in range(q.top or len(q.choices)):
            label = QLabel()
            combo = self._control(_ComboBox())
            combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            # Long choice texts must not widen the window at 200 % text: the list shows them.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            for value, _text in self.items:
                combo.addItem("", value)
            label.setBuddy(combo)
            grid.addWidget(label, i, 0)
            grid.addWidget(combo, i, 1)
            combo.currentIndexChanged.connect(partial(self._picked, i))
            self.rows.append(combo)
            self.row_labels.append(label)
            self._previous.append(0)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        if q.other:
            self._add_other_edit(self.body)

    def _picked(self, row: int, index: int) -> None:
        if self._loading:
            return
        combo = self.rows[row]
        choice = combo.itemData(index)
        if choice is not None and any(
                other.currentData() == choice for j, other in enumerate(self.rows) if j != row):
            combo.blockSignals(True)
            combo.setCurrentIndex(self._previous[row])
            combo.blockSignals(False)
            self._report((ALREADY_RANKED, {}), control=combo)  # the row the person is on
            return
        self._previous[row] = index
        self._clear_own_problem()
        self._after_change()
        self._sync_taken()
        self._emit(self.question.id, self.value())

    def _sync_taken(self) -> None:
        """A choice ranked in one row is greyed out in the others: arrows and the list skip
        it, so the keyboard never gets stuck on a refusal."""
        chosen = [combo.currentData() for combo in self.rows]
        for row, combo in enumerate(self.rows):
            others = {c for j, c in enumerate(chosen) if j != row and c is not None}
            model = combo.model()
            for index in range(1, combo.count()):
                model.item(index).setEnabled(combo.itemData(index) not in others)

    def value(self) -> Any:
        return [r.currentData() for r in self.rows if r.currentData() is not None] or None

    def _show_value(self, value: Any) -> None:
        picked = list(dict.fromkeys(value or []))  # duplicates dropped, order kept
        for i, combo in enumerate(self.rows):
            index = combo.findData(picked[i]) if i < len(picked) else 0
            combo.setCurrentIndex(max(index, 0))
            self._previous[i] = combo.currentIndex()
        self._sync_taken()

    def _retranslate(self) -> None:
        q = self.question
        for i, (label, combo) in enumerate(zip(self.row_labels, self.rows)):
            ordinal = _ordinal(self.lang, i + 1)
            label.setText(ordinal)
            combo.setAccessibleName(f"{q.text(self.lang)}: {ordinal}")
            for index, (_value, text) in enumerate(self.items):
                combo.setItemText(index, text(self.lang))


class VotesWidget(QuestionWidget):
    """One count per choice (group sessions); emits shortly after the counts stop changing."""

    def _build(self) -> None:
        grid = QGridLayout()
        grid.setVerticalSpacing(12 if self.large else 4)
        self.spins: dict[str, _SpinBox] = {}
        self.names: dict[str, QLabel] = {}
        self.words: list[QLabel] = []
        self._timer = self._debounce(COUNT_PAUSE_MS, self._flush)
        for row, choice in enumerate(self.question.choices):
            name = paragraph()
            spin = self._control(_SpinBox())
            spin.setRange(0, MAX_VOTES)
            spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            spin.setAccelerated(True)
            word = QLabel()
            name.setBuddy(spin)
            spin.valueChanged.connect(self._changed)
            spin.editingFinished.connect(self._flush)
            grid.addWidget(name, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(word, row, 2)
            self.spins[choice.id], self.names[choice.id] = spin, name
            self.words.append(word)
        grid.setColumnStretch(0, 1)
        self.body.addLayout(grid)

    def _changed(self, *_args: object) -> None:
        if not self._loading and not self._timer.isActive():  # saved while counting goes on
            self._timer.start()

    def value(self) -> Any:
        return {cid: s.value() for cid, s in self.spins.items() if s.value()} or None

    def _show_value(self, value: Any) -> None:
        self._timer.stop()
        counts = value if isinstance(value, dict) else {}
        for cid, spin in self.spins.items():
            spin.setValue(int(counts.get(cid, 0)))

    def _retranslate(self) -> None:
        votes = self.t(VOTES_TEXT)
        for choice in self.question.choices:
            label = choice.label(self.lang)
            self.names[choice.id].setText(label)
            self.spins[choice.id].set_name(f"{label}: {votes}")
        for word in self.words:
            word.setText(votes)


WIDGETS: dict[str, type[QuestionWidget]] = {
    "scale": ScaleWidget, "single": SingleWidget, "multi": MultiWidget, "yesno": YesNoWidget,
    "number": NumberWidget, "text": TextWidget, "longtext": LongTextWidget,
    "ranking": RankingWidget, "votes": VotesWidget,
}


def make_question_widget(question: Question, lang: str, large: bool = False,
                         parent: QWidget | None = None, number: int | None = None
                         ) -> QuestionWidget:
    """`number`: shown before the question, as on the printed form (paper keying)."""
    return WIDGETS[question.type](question, lang, large, parent, number)
