"""Participant self-completion (kiosk): one question per page, large text, keyboard only.

Privacy rule: when a respondent finishes, their answers are forgotten in memory and their
question widgets destroyed; the next person starts from the welcome page and no control
leads back. Leaving the kiosk needs the facilitator's exit code (Ctrl+Shift+E).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from toolkit.i18n import LANGUAGES, translate
from toolkit.questionnaire import Question
from toolkit.questionnaire.answers import is_empty
from toolkit.runner import Runner
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import SavedLabel, save
from toolkit.ui.style import set_role

WELCOME, QUESTION, THANKS = range(3)


def big(label: QLabel, role: str = "lead") -> QLabel:
    """Sizes come from the roles, so they follow the text-size setting."""
    set_role(label, role)
    label.setWordWrap(True)
    return label


class KioskView(QWidget):
    exit_requested = Signal()

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.lang = runner.session.language
        self.current: Question | None = None
        self.widget: QuestionWidget | None = None
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addWidget(self.pages)
        self._build_welcome()
        self._build_question_page()
        self._build_thanks()
        exit_key = QShortcut(QKeySequence("Ctrl+Shift+E"), self)
        exit_key.activated.connect(self.exit_requested.emit)
        QShortcut(QKeySequence("Alt+Right"), self).activated.connect(self.next)
        QShortcut(QKeySequence("Alt+Left"), self).activated.connect(self.back)

    # pages ------------------------------------------------------------------------------
    def _build_welcome(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.welcome_title = big(QLabel(), "display")
        self.welcome_intro = big(QLabel())
        column.addWidget(self.welcome_title)
        column.addWidget(self.welcome_intro, 1)
        row = QHBoxLayout()
        self.start_buttons = {}
        for code in LANGUAGES:
            button = QPushButton(translate(code, "Start in English") if code == "en"
                                 else translate(code, "Start in French"))
            button.setMinimumHeight(64)
            set_role(button, "big")
            button.setAccessibleName(button.text())
            button.clicked.connect(lambda _c=False, c=code: self.begin(c))
            self.start_buttons[code] = button
            row.addWidget(button)
        column.addLayout(row)
        self.pages.addWidget(page)

    def _build_question_page(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.section_label = big(QLabel())
        self.counter = big(QLabel())
        header = QHBoxLayout()
        header.addWidget(self.section_label, 1)
        header.addWidget(self.counter)
        # A long question (many choices, large text) scrolls rather than being cut off.
        holder_widget = QWidget()
        self.holder = QVBoxLayout(holder_widget)
        self.holder.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(holder_widget)
        self.saved = SavedLabel(self.lang)
        self.back_button = QPushButton()
        self.next_button = QPushButton()
        for button in (self.back_button, self.next_button):
            button.setMinimumHeight(64)
            set_role(button, "big")
            button.setMinimumWidth(200)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        column.addLayout(header)
        column.addWidget(self.scroll, 1)
        column.addWidget(self.saved)
        column.addLayout(nav)
        self.pages.addWidget(page)

    def _build_thanks(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.thanks_label = big(QLabel(), "display")
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_person = QPushButton()
        self.next_person.setMinimumHeight(64)
        set_role(self.next_person, "big")
        self.next_person.clicked.connect(self.welcome)
        column.addStretch(1)
        column.addWidget(self.thanks_label)
        column.addWidget(self.next_person, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        self.pages.addWidget(page)

    def _retranslate(self) -> None:
        t = self.lang
        inst = self.runner.instrument
        self.welcome_title.setText(inst.label("en") + "\n" + inst.label("fr"))
        self.welcome_intro.setText(inst.intro.get(t, inst.intro["en"]))
        self.back_button.setText(translate(t, "Back"))
        self.back_button.setAccessibleName(translate(t, "Previous question"))
        self.next_button.setAccessibleName(translate(t, "Next question"))
        self.thanks_label.setText(translate(t, "Thank you! Your answers are saved.\n\n"
                                               "Please give the computer back to the facilitator."))
        self.next_person.setText(translate(t, "Next participant"))
        self.next_person.setAccessibleName(translate(t, "Start for the next participant"))
        self.saved.lang = t

    # flow -------------------------------------------------------------------------------
    def welcome(self) -> None:
        """The start page for the next person: nothing of the previous one remains."""
        self._drop_widget()
        self.lang = self.runner.session.language
        self._retranslate()
        self.pages.setCurrentIndex(WELCOME)
        self.start_buttons[self.lang].setFocus()

    def begin(self, lang: str) -> None:
        self.lang = lang
        self._retranslate()
        self.runner.start_respondent()
        self.saved.show_saved(None)
        self.pages.setCurrentIndex(QUESTION)
        self.show_question(self.runner.next_question(None))

    def show_question(self, question: Question | None) -> None:
        if question is None:
            self.finish()
            return
        self._drop_widget()
        self.current = question
        self.widget = make_question_widget(question, self.lang, large=True)
        self.widget.set_value(self.runner.answers.get(question.id),
                              self.runner.answers.get(question.other_key))
        self.widget.answered.connect(
            lambda key, value: save(self.runner, self.widget, self.saved, key, value))
        self.holder.addWidget(self.widget)
        shown = self.runner.visible()
        position = [q.id for q in shown].index(question.id) + 1
        self.counter.setText(translate(self.lang, "Question {n} of {total}").format(
            n=position, total=len(shown)))
        self.section_label.setText(self.runner.instrument.section(question.section).label(self.lang))
        self.back_button.setEnabled(position > 1)
        last = self.runner.next_question(question) is None
        self.next_button.setText(translate(self.lang, "Finish") if last
                                 else translate(self.lang, "Next"))
        self.widget.focus_first()

    def flush_pending(self) -> None:
        if self.widget is not None:
            self.widget.flush_pending()

    def next(self) -> None:
        if self.pages.currentIndex() != QUESTION or self.current is None:
            return
        self.flush_pending()
        if self.current.required and is_empty(self.runner.answers.get(self.current.id)):
            self.widget.show_problem(translate(self.lang, "This question needs an answer."))
            return
        self.show_question(self.runner.next_question(self.current))

    def back(self) -> None:
        if self.pages.currentIndex() != QUESTION or self.current is None:
            return
        self.flush_pending()
        previous = self.runner.previous_question(self.current)
        if previous is not None:
            self.show_question(previous)

    def finish(self) -> None:
        self.runner.finish()
        self._drop_widget()
        self.current = None
        self.pages.setCurrentIndex(THANKS)
        self.next_person.setFocus()

    def _drop_widget(self) -> None:
        if self.widget is not None:
            self.widget.setParent(None)
            self.widget.deleteLater()
            self.widget = None

    def start(self) -> None:
        self.welcome()
