"""Participant self-completion (kiosk): one question per page, large text, keyboard only.

Privacy rule: when a respondent finishes, their answers are forgotten in memory and their
question widgets destroyed; the next person starts from the welcome page and no control
leads back. Leaving the kiosk needs the facilitator's exit code (Ctrl+Shift+E); the window
(window.py) hides every other window of the toolkit meanwhile.

The person chooses their language first; the consent page (the questionnaire's own
introduction), the questions, the keys shown on screen and the thanks are then all in it.
Enter means Start or Next; Alt+Left and Alt+Right go back and on from anywhere.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication, QHBoxLayout, QLabel, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from toolkit import languages
from toolkit.i18n import N_, translate
from toolkit.questionnaire import Question
from toolkit.questionnaire.answers import is_empty
from toolkit.questionnaire.model import pick
from toolkit.runner import Runner
from toolkit.ui import a11y
from toolkit.ui.fonts import show_in_language
from toolkit.ui.qt_i18n import qt_locale
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import SavedLabel, save, scroll_to_top, scroller, show_focus
from toolkit.ui.style import set_role

WELCOME, CONSENT, QUESTION, THANKS = range(4)

CHOOSE_LANGUAGE = N_("Choose your language.")
CONSENT_TEXT = N_("Taking part is voluntary. You can skip any question that is not required "
                  "and stop at any time. Your answers are added, anonymously, to the "
                  "community's results.")
KEYS_TEXT = N_("Keys: Tab next group · arrows among choices · Space tick · Enter next "
               "question · Alt+Left back")
SCALE_KEYS_TEXT = N_("· digits 1 to 5 a point on the scale, 0 don't know")
START_TEXT = N_("Start")
CHANGE_LANGUAGE = N_("Choose another language")
NEEDS_ANSWER = N_("This question needs an answer.")
THANKS_TEXT = N_("Thank you! Your answers are saved.\n\n"
                 "Please give the computer back to the facilitator.")


def big(label: QLabel, role: str = "lead") -> QLabel:
    """Sizes come from the roles, so they follow the text-size setting."""
    set_role(label, role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def big_button(text: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setMinimumHeight(64)
    set_role(button, "big")
    button.setAutoDefault(True)  # Enter presses the focused button, as Space does
    return button


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
        layout.setContentsMargins(48, 24, 48, 24)
        layout.addWidget(self.pages)
        self._build_welcome()
        self._build_consent()
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
        column.addWidget(scroller(self.welcome_title), 1)
        column.addWidget(self.welcome_intro)
        row = QHBoxLayout()
        self.start_buttons: dict[str, QPushButton] = {}
        for code in self.runner.instrument.offered_languages():  # each by its native name
            found = languages.find(code)
            button = big_button(found.native_name if found else code)
            button.clicked.connect(lambda _c=False, c=code: self.choose_language(c))
            self.start_buttons[code] = button
            row.addWidget(button)
        column.addLayout(row)
        self.pages.addWidget(page)

    def _build_consent(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.consent_title = big(QLabel(), "display")
        text = QWidget()
        inner = QVBoxLayout(text)
        inner.setContentsMargins(0, 0, 0, 0)
        self.consent_intro = big(QLabel())
        self.consent_text = big(QLabel())
        set_role(self.consent_text, "subheading")
        self.consent_keys = big(QLabel(), "hint")
        for label in (self.consent_intro, self.consent_text, self.consent_keys):
            inner.addWidget(label)
        inner.addStretch(1)
        column.addWidget(self.consent_title)
        column.addWidget(scroller(text), 1)
        row = QHBoxLayout()
        self.language_button = big_button()
        self.language_button.clicked.connect(self.welcome)
        self.begin_button = big_button()
        self.begin_button.clicked.connect(lambda: self.begin(self.lang))
        row.addWidget(self.language_button)
        row.addStretch(1)
        row.addWidget(self.begin_button)
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
        holder_widget = QWidget()
        self.holder = QVBoxLayout(holder_widget)
        self.holder.setContentsMargins(0, 0, 0, 0)
        self.scroll = scroller(holder_widget)
        self.keys = big(QLabel(), "hint")
        self.saved = SavedLabel(self.lang)
        self.back_button = big_button()
        self.next_button = big_button()
        for button in (self.back_button, self.next_button):
            button.setMinimumWidth(200)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addWidget(self.saved, 1)
        nav.addWidget(self.next_button)
        column.addLayout(header)
        column.addWidget(self.scroll, 1)
        self.section_note = QLabel()  # a section's closing note, under its last question
        self.section_note.setWordWrap(True)
        self.section_note.setObjectName("section_note")
        column.addWidget(self.section_note)
        column.addWidget(self.keys)
        column.addLayout(nav)
        self.pages.addWidget(page)
        # reading order: the question, then Back and Next (Next before Back would be odd)
        QWidget.setTabOrder(self.back_button, self.next_button)

    def _build_thanks(self) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.thanks_label = big(QLabel(), "display")
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next_person = big_button()
        self.next_person.clicked.connect(self.welcome)
        column.addStretch(1)
        column.addWidget(self.thanks_label)
        column.addWidget(self.next_person, 0, Qt.AlignmentFlag.AlignCenter)
        column.addStretch(1)
        self.pages.addWidget(page)

    def _retranslate(self) -> None:
        """Every word on every page in the participant's language (self.lang)."""
        t = self.lang
        inst = self.runner.instrument
        self.welcome_title.setText("\n\n".join(inst.label(code) for code in self.start_buttons))
        self.welcome_intro.setText("   ".join(translate(code, CHOOSE_LANGUAGE)
                                             for code in self.start_buttons))
        for code, button in self.start_buttons.items():
            button.setLocale(_locale(code))
        self.consent_title.setText(inst.label(t))
        self.consent_intro.setText(pick(inst.intro, t).strip())
        self.consent_text.setText(pick(inst.consent, t) if inst.consent
                                  else translate(t, CONSENT_TEXT))
        self.consent_keys.setText(translate(t, KEYS_TEXT))
        self.begin_button.setText(translate(t, START_TEXT))
        self.language_button.setText(translate(t, CHANGE_LANGUAGE))
        self.back_button.setText(translate(t, "Back"))
        self.back_button.setAccessibleDescription(translate(t, "Previous question"))
        self.thanks_label.setText(pick(inst.thanks, t) if inst.thanks
                                  else translate(t, THANKS_TEXT))
        self.next_person.setText(translate(t, "Next participant"))
        self.next_person.setAccessibleDescription(translate(t, "Start for the next participant"))
        self.saved.set_language(t)
        self.setLocale(_locale(t))  # what a screen reader reads these pages in
        show_in_language(self, t)

    # flow -------------------------------------------------------------------------------
    def welcome(self) -> None:
        """The start page for the next person: nothing of the previous one remains."""
        self._drop_widget()
        self.current = None
        self.lang = self.runner.session.language
        self._retranslate()
        self.pages.setCurrentIndex(WELCOME)
        self.start_buttons[self.lang].setFocus(Qt.FocusReason.TabFocusReason)
        show_focus(self)

    def choose_language(self, lang: str) -> None:
        """The consent page in the chosen language: the questionnaire's own introduction."""
        self.lang = lang
        self._retranslate()
        self.pages.setCurrentIndex(CONSENT)
        scroll_to_top(self.pages.widget(CONSENT).findChild(QScrollArea))
        self.begin_button.setFocus(Qt.FocusReason.TabFocusReason)
        show_focus(self)

    def begin(self, lang: str) -> None:
        self.lang = lang
        self._retranslate()
        self.runner.start_respondent()
        self.saved.show_saved(None)
        self.pages.setCurrentIndex(QUESTION)
        self.show_question(self.runner.next_question(None))

    def resume(self, respondent_id: str) -> None:
        """Back to a respondent the app lost (a crash): where they were, in the session's
        language (the one they chose was not kept)."""
        self.runner.open_respondent(respondent_id)
        self.lang = self.runner.session.language
        self._retranslate()
        self.saved.show_saved(self.runner.last_saved, quiet=True)
        self.pages.setCurrentIndex(QUESTION)
        self.show_question(self.runner.resume_question())

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
        self.widget.show()  # now, not at the next turn of the event loop: focus and scrolling
        chain = self.widget.chain + [self.back_button, self.next_button]  # reading order,
        for first, second in zip(chain, chain[1:]):  # set again once in this window
            QWidget.setTabOrder(first, second)
        shown = self.runner.visible()
        position = [q.id for q in shown].index(question.id) + 1
        progress = translate(self.lang, "Question {n} of {total}").format(
            n=position, total=len(shown))
        self.counter.setText(progress)
        self.section_label.setText(self.runner.instrument.section(question.section).label(self.lang))
        self.back_button.setEnabled(position > 1)
        following = self.runner.next_question(question)
        last = following is None
        note = self.runner.instrument.section(question.section).note
        ends_section = last or following.section != question.section
        self.section_note.setText(pick(note, self.lang) if note else "")
        self.section_note.setVisible(bool(note) and ends_section)
        self.next_button.setText(translate(self.lang, "Finish") if last
                                 else translate(self.lang, "Next"))
        keys = translate(self.lang, KEYS_TEXT)
        if question.type == "scale":
            keys += " " + translate(self.lang, SCALE_KEYS_TEXT)
        self.keys.setText(keys)
        scroll_to_top(self.scroll)  # opens at its top: the wording, then the first choices
        self.widget.focus_first()
        show_focus(self)
        a11y.announce(self.counter, progress)

    def flush_pending(self) -> None:
        if self.widget is not None:
            self.widget.flush_pending()

    def next(self) -> None:
        if self.pages.currentIndex() == CONSENT:
            self.begin(self.lang)
            return
        if self.pages.currentIndex() != QUESTION or self.current is None:
            return
        self.flush_pending()
        if self.widget.has_problem():  # e.g. a household size of 0: never dropped silently
            self._hold()
            return
        if self.current.required and is_empty(self.runner.answers.get(self.current.id)):
            self.widget.show_problem(translate(self.lang, NEEDS_ANSWER))
            self._hold()
            return
        self.show_question(self.runner.next_question(self.current))

    def _hold(self) -> None:
        """Stay on the question: its message in view beside the wording, focus on it."""
        scroll_to_top(self.scroll)
        self.widget.focus_problem()

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
        self.next_person.setFocus(Qt.FocusReason.TabFocusReason)
        show_focus(self)
        a11y.announce(self.thanks_label, self.thanks_label.text())

    def _drop_widget(self) -> None:
        if self.widget is not None:
            focused = QApplication.focusWidget()
            if focused is not None and self.widget.isAncestorOf(focused):
                focused.clearFocus()  # else the keyboard stays in the dropped widget
            self.widget.setParent(None)
            self.widget.deleteLater()
            self.widget = None

    def start(self) -> None:
        self.welcome()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter reaches here when the focused input does not use it (choices, short text,
        numbers, closed lists): it means Next, or Start on the consent page."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.pages.currentIndex() in (CONSENT, QUESTION):
            self.next()
            return
        super().keyPressEvent(event)


def _locale(lang: str) -> QLocale:
    return qt_locale(lang)
