"""Keying in paper forms: the form's number first, then every question on one page,
keyboard first (Tab between answers, Ctrl+Enter for the next form). A number already
entered in this session is flagged before anything is saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from toolkit import i18n
from toolkit.i18n import _
from toolkit.runner import Runner
from toolkit.sessions import DuplicatePaperNumberError
from toolkit.ui.flow_layout import FlowLayout
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import SavedLabel, save
from toolkit.ui.style import set_role


class PaperView(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.lang = runner.session.language
        self.widgets: dict[str, QuestionWidget] = {}
        self.number = QLineEdit()
        self.number.setAccessibleName(_("Paper form number"))
        self.number.setPlaceholderText(_("Number written on the form"))
        self.number.returnPressed.connect(self.start_form)
        label = QLabel(_("Paper form &number:"))
        label.setBuddy(self.number)
        self.start_button = QPushButton(_("Start keying this form"))
        self.start_button.setAccessibleName(_("Start keying this form"))
        self.start_button.clicked.connect(self.start_form)
        self.done_button = QPushButton(_("Form done, next form (Ctrl+Enter)"))
        self.done_button.setAccessibleName(_("Form done, next form"))
        self.done_button.clicked.connect(self.finish_form)
        self.count = QLabel()
        top = FlowLayout()  # wraps at large text sizes instead of widening the window
        for widget in (label, self.number, self.start_button, self.count):
            top.addWidget(widget)
        self.current = QLabel()
        self.current.setObjectName("current_form")
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
        self._idle()

    def start(self) -> None:
        self._idle()

    def _idle(self) -> None:
        self.scroll.setWidget(QWidget())
        self.widgets = {}
        self.done_button.setEnabled(False)
        self.number.setEnabled(True)
        self.start_button.setEnabled(True)
        self.number.clear()
        self.current.setText(_("Type the number of the next paper form, then press Enter."))
        forms = len(self.runner.respondents())
        self.count.setText(i18n.ngettext("{n} form entered", "{n} forms entered", forms).format(
            n=forms))
        self.number.setFocus()

    def start_form(self) -> None:
        number = self.number.text().strip()
        if not number:
            self.current.setText(_("The paper form number is needed: it stops a form being "
                                   "entered twice."))
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
        self.number.setEnabled(False)
        self.start_button.setEnabled(False)
        self.done_button.setEnabled(True)
        self.current.setText(_("Keying paper form {number} (respondent {n}).").format(
            number=number, n=self.runner.respondent.number))
        self._build_form()

    def _build_form(self) -> None:
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
                widget.answered.connect(lambda key, v, w=widget: self._answered(w, key, v))
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
        visible = {q.id for q in self.runner.visible()}
        for qid, widget in self.widgets.items():
            widget.setVisible(qid in visible)

    def flush_pending(self) -> None:
        for widget in self.widgets.values():
            widget.flush_pending()

    def finish_form(self) -> None:
        if self.runner.respondent is None:
            return
        self.flush_pending()
        self.runner.finish()
        self._idle()
