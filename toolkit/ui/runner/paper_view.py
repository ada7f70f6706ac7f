"""Keying in paper forms: the form's number first, then every question on one page,
keyboard first (Tab between answers, Ctrl+Enter for the next form). A number already
entered in this session is flagged before anything is saved.

Double data entry (optional): with "Second keying" ticked, the number of a form already
keyed opens the same empty form again; what is typed is kept apart (toolkit/double_entry.py)
and, on Ctrl+Enter, every question where the two keyings differ is listed with both values.
The facilitator picks the value written on the paper (arrows within a question, Tab to the
next, Ctrl+Enter to keep the choices); a difference left unchosen stays listed until then.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from toolkit import i18n
from toolkit.double_entry import FIRST, SECOND, AlreadyCheckedError, Difference, DoubleEntry
from toolkit.double_entry import describe as describe_value
from toolkit.errors import ToolkitError
from toolkit.i18n import _, translate
from toolkit.questionnaire.answers import is_empty, visible_questions
from toolkit.runner import Runner
from toolkit.sessions import DuplicatePaperNumberError
from toolkit.ui import a11y
from toolkit.ui.errors import show_error
from toolkit.ui.flow_layout import FlowLayout
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import SavedLabel, save
from toolkit.ui.style import set_role

IDLE, FIRST_KEYING, SECOND_KEYING, COMPARING = "idle", "first", "second", "comparing"


class ChoiceButton(QRadioButton):
    """One keying's value of a difference. The arrows choose, as in any single choice (Qt
    only moves the focus while nothing is chosen); Tab goes on to the next difference."""

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -1,
                Qt.Key.Key_Left: -1}.get(event.key())
        siblings = [b for b in self.parentWidget().findChildren(ChoiceButton)
                    if b.parentWidget() is self.parentWidget()]
        if step is None or len(siblings) < 2:
            super().keyPressEvent(event)
            return
        target = siblings[(siblings.index(self) + step) % len(siblings)]
        target.setChecked(True)
        target.setFocus(Qt.FocusReason.OtherFocusReason)


class PaperView(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.entry = DoubleEntry(runner.service)
        self.lang = runner.session.language
        self.state = IDLE
        self.widgets: dict[str, QuestionWidget] = {}
        self.checking = None  # the respondent whose form is keyed a second time
        self.second: dict = {}  # the second keying's values, for its skip logic
        self.choices: dict[str, dict[str, QRadioButton]] = {}  # difference key -> buttons
        self._message: Callable[[], str] = str  # what `current` says, in the app's language
        self.number = QLineEdit()
        self.number.returnPressed.connect(self.start_form)
        self.number_label = label = QLabel()
        label.setBuddy(self.number)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start_form)
        self.second_keying = QCheckBox()
        self.second_keying.toggled.connect(lambda _on: self._idle())
        self.done_button = QPushButton()
        self.done_button.clicked.connect(self.finish_form)
        self.count = QLabel()
        top = FlowLayout()  # wraps at large text sizes instead of widening the window
        for widget in (label, self.number, self.start_button, self.second_keying, self.count):
            top.addWidget(widget)
        self.current = QLabel()
        self.current.setObjectName("current_form")
        self.current.setWordWrap(True)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.saved = SavedLabel(i18n.language())
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.current)
        layout.addWidget(self.scroll, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.done_button)
        layout.addLayout(bottom)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.finish_form)
        self._words()
        fit_indicators(self.second_keying)  # tick box sized from the text, at 200 % too
        self._idle()

    def _words(self) -> None:
        self.number.setAccessibleName(_("Paper form number"))
        self.number.setPlaceholderText(_("Number written on the form"))
        self.number_label.setText(_("Paper form &number:"))
        self.start_button.setText(_("Start keying this form"))
        self.start_button.setAccessibleName(_("Start keying this form"))
        self.second_keying.setText(_("&Second keying (check a form already keyed)"))
        self.second_keying.setAccessibleName(
            _("Second keying: type a form already keyed again to check it"))

    def retranslate(self) -> None:
        """Every interface word in the app's language (the questions, the differences and
        their values stay in the form's language); called again on every switch."""
        self._words()
        self._set_state(self.state)
        self._count()
        self.saved.set_language(i18n.language())
        self._say(self._message)
        fit_indicators(self.second_keying)

    def _say(self, message: Callable[[], str]) -> None:
        """Show `message()` in `current`; kept, so a language switch says it again."""
        self._message = message
        self.current.setText(message())

    def start(self) -> None:
        self._idle()

    # states -----------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        self.state = state
        idle = state == IDLE
        self.number.setEnabled(idle)
        self.start_button.setEnabled(idle)
        self.second_keying.setEnabled(idle)
        self.done_button.setEnabled(not idle)
        text, name = {
            IDLE: (_("Form done, next form (Ctrl+Enter)"), _("Form done, next form")),
            FIRST_KEYING: (_("Form done, next form (Ctrl+Enter)"), _("Form done, next form")),
            SECOND_KEYING: (_("Second keying done, compare (Ctrl+Enter)"),
                            _("Second keying done, compare the two keyings")),
            COMPARING: (_("Keep these choices (Ctrl+Enter)"),
                        _("Keep the values chosen for the differences")),
        }[state]
        self.done_button.setText(text)
        self.done_button.setAccessibleName(name)

    def _idle(self, message: Callable[[], str] | None = None) -> None:
        self.scroll.setWidget(QWidget())
        self.widgets, self.choices, self.checking, self.second = {}, {}, None, {}
        self._set_state(IDLE)
        self.number.clear()
        if message:
            self._say(message)
        else:
            self._say(lambda: _("Type the number of a form already keyed, then press Enter, "
                                "and key it again from the paper.")
                      if self.second_keying.isChecked()
                      else _("Type the number of the next paper form, then press Enter."))
        self._count()
        self.number.setFocus()

    def _count(self) -> None:
        forms = len(self.runner.respondents())
        text = i18n.ngettext("{n} form entered", "{n} forms entered", forms).format(n=forms)
        checked, left = self.entry.summary(self.runner.session.id)
        if checked:
            text += "; " + i18n.ngettext("{n} keyed twice", "{n} keyed twice", checked).format(
                n=checked)
            text += "; " + i18n.ngettext("{n} difference to choose", "{n} differences to choose",
                                         left).format(n=left)
        self.count.setText(text)

    # first keying -----------------------------------------------------------------------
    def start_form(self) -> None:
        if self.state != IDLE:
            return
        number = self.number.text().strip()
        if not number:
            self._say(lambda: _("The paper form number is needed: it stops a form being "
                                "entered twice."))
            return
        if self.second_keying.isChecked():
            self._start_second(number)
            return
        try:
            self.runner.start_respondent(number)
        except DuplicatePaperNumberError as exc:
            answer = QMessageBox.warning(
                self, _("Form already entered"),
                exc.user_message() + "\n\n" + _("Enter it again anyway?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                self.number.selectAll()
                return
            self.runner.start_respondent(number, allow_duplicate=True)
        self._set_state(FIRST_KEYING)
        n = self.runner.respondent.number
        self._say(lambda: _("Keying paper form {number} (respondent {n}).").format(
            number=number, n=n))
        self._build_form(self._answered)

    def _build_form(self, on_answer) -> None:
        container = QWidget()
        column = QVBoxLayout(container)
        column.setSpacing(22)  # room between questions: each reads as its own block
        self.widgets = {}
        for section in self.runner.instrument.sections:
            heading = QLabel(section.label(self.lang))
            set_role(heading, "subheading")
            column.addWidget(heading)
            for question in section.questions:
                widget = make_question_widget(question, self.lang,
                                              number=self.runner.instrument.numbers[question.id])
                widget.answered.connect(lambda key, v, w=widget: on_answer(w, key, v))
                self.widgets[question.id] = widget
                column.addWidget(widget)
        column.addStretch(1)
        self.scroll.setWidget(container)
        self._update_visibility()
        first = next(iter(self.widgets.values()))
        first.focus_first()

    def _answered(self, widget: QuestionWidget, key: str, value) -> None:
        if save(self.runner, widget, self.saved, key, value):
            self._update_visibility()

    def _update_visibility(self) -> None:
        answers = self.second if self.state == SECOND_KEYING else self.runner.answers
        visible = {q.id for q in visible_questions(self.runner.instrument, answers)}
        for qid, widget in self.widgets.items():
            widget.setVisible(qid in visible)

    def flush_pending(self) -> None:
        for widget in self.widgets.values():
            widget.flush_pending()

    def finish_form(self) -> None:
        """Ctrl+Enter: the next form, or the comparison, or keep the choices made."""
        if self.state == SECOND_KEYING:
            self._compare()
        elif self.state == COMPARING:
            self._keep_choices()
        elif self.state == FIRST_KEYING and self.runner.respondent is not None:
            self.flush_pending()
            self.runner.finish()
            self._idle()

    # second keying ----------------------------------------------------------------------
    def _start_second(self, number: str) -> None:
        session_id = self.runner.session.id
        try:
            respondent = self.entry.find_form(session_id, number)
            if self.entry.finished(respondent.id) and self.entry.open_differences(respondent.id):
                self.checking = respondent  # keyed twice already: back to its choices
                self._show_differences(self.entry.open_differences(respondent.id))
                return
            try:
                respondent = self.entry.start(session_id, number)
            except AlreadyCheckedError as exc:
                answer = QMessageBox.question(
                    self, _("Form already checked"),
                    exc.user_message() + "\n\n" + _("Key it a second time again? The earlier "
                                                   "second keying is forgotten."),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No)
                if answer != QMessageBox.StandardButton.Yes:
                    self.number.selectAll()
                    return
                respondent = self.entry.start(session_id, number, again=True)
        except ToolkitError as exc:
            self._say(exc.user_message)  # said again, translated, on a language switch
            self.number.selectAll()
            return
        self.checking, self.second = respondent, {}
        self._set_state(SECOND_KEYING)
        self._say(lambda: _("Second keying of paper form {number} (respondent {n}): key it "
                            "again from the paper, without looking at the first keying.")
                  .format(number=respondent.paper_number, n=respondent.number))
        self._build_form(self._answered_second)

    def _answered_second(self, widget: QuestionWidget, key: str, value) -> None:
        try:
            saved_at = self.entry.save(self.checking.id, key, value)
        except ToolkitError as exc:
            widget.show_problem(exc.user_message())
            self.saved.show_failed()
            return
        except Exception as exc:  # noqa: BLE001 - disk full, locked database...
            self.saved.show_failed()
            show_error(self, exc)
            return
        widget.show_problem(None)
        self.saved.show_saved(saved_at)
        if is_empty(value):
            self.second.pop(key, None)
        else:
            self.second[key] = value
        self._update_visibility()

    def _compare(self) -> None:
        self.flush_pending()
        differences = self.entry.finish(self.checking.id)
        if not differences:
            number = self.checking.paper_number
            self._idle(lambda: _("The two keyings of paper form {number} agree.").format(
                number=number))
            return
        self._show_differences([d for d in differences if d.decision is None])

    def _show_differences(self, differences: list[Difference]) -> None:
        self.widgets = {}
        self._set_state(COMPARING)
        number = self.checking.paper_number
        self._say(lambda: i18n.ngettext(
            "Paper form {number}: the two keyings differ on {n} question. Choose the value "
            "written on the paper.",
            "Paper form {number}: the two keyings differ on {n} questions. Choose the value "
            "written on the paper.", len(differences)).format(number=number, n=len(differences)))
        self._count()
        container = QWidget()
        column = QVBoxLayout(container)
        self.choices = {}
        numbers = self.runner.instrument.numbers
        for difference in differences:
            question = difference.question
            title = f"{numbers[question.id]}. {question.text(self.lang)}"
            if difference.key != question.id:  # the form's language, like the question
                title += " — " + translate(self.lang, "Other (please specify)")
            # A group named by the question (read whichever value gets focus), its title a
            # label that wraps: a QGroupBox title never does, and a long French question
            # at 200 % made the page wider than the window.
            group = a11y.QuestionGroup()
            group.setAccessibleName(title)
            rows = QVBoxLayout(group)
            heading = QLabel(title)
            heading.setWordWrap(True)
            set_role(heading, "subheading")
            rows.addWidget(heading)
            buttons = {}
            # In the form's language, as the question and the values are: one language each.
            for choice, text in ((FIRST, translate(self.lang, "First keying: {value}")),
                                 (SECOND, translate(self.lang, "Second keying: {value}"))):
                value = getattr(difference, choice)
                button = ChoiceButton(text.format(
                    value=describe_value(question, difference.key, value, self.lang))
                    .replace("&", "&&"))
                button.setAccessibleName(button.text().replace("&&", "&"))
                rows.addWidget(button)
                buttons[choice] = button
            self.choices[difference.key] = buttons
            column.addWidget(group)
        column.addStretch(1)
        fit_indicators(container)
        self.scroll.setWidget(container)
        first = next(iter(self.choices.values()))[FIRST]
        first.setFocus()
        self.scroll.ensureWidgetVisible(first)

    def _keep_choices(self) -> None:
        respondent = self.checking
        try:
            for key, buttons in self.choices.items():
                for choice, button in buttons.items():
                    if button.isChecked():
                        self.entry.choose(respondent.id, key, choice)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
            return
        left = len(self.entry.open_differences(respondent.id))
        number = respondent.paper_number
        if left:
            self._idle(lambda: i18n.ngettext(
                "Paper form {number}: {n} difference still to choose. Type its number again "
                "(second keying ticked) to come back to it.",
                "Paper form {number}: {n} differences still to choose. Type its number again "
                "(second keying ticked) to come back to them.", left).format(
                number=number, n=left))
        else:
            self._idle(lambda: _("Paper form {number} is checked: every difference is "
                                 "settled.").format(number=number))
