"""Facilitator-led (and group) collection: respondents, sections, progress, missing answers.

The facilitator moves freely: any respondent, any section. Questions hidden by skip logic
disappear as soon as the answer that hides them is saved. Interface words follow the app's
language (`retranslate()` runs on every switch); questions follow "Questions in". The focus
order is the reading order: the tool bar, the sections, the questions, then "Next section".
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from toolkit import i18n
from toolkit.i18n import _
from toolkit.questionnaire.model import pick
from toolkit.runner import Runner
from toolkit.ui import a11y
from toolkit.ui.flow_layout import FlowLayout
from toolkit.ui.qt_i18n import fill_languages
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import SavedLabel, WrappingButton, save, scroll_to_top, scroller


class FacilitatorView(QWidget):
    guide_requested = Signal(str)  # slug of the guide that helps with the current section

    def __init__(self, runner: Runner, group: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.group = group
        self.lang = runner.session.language
        self.widgets: dict[str, QuestionWidget] = {}
        self.intro: QLabel | None = None
        self.guide_slug: str | None = None

        self.respondent_box = QComboBox()
        self.respondent_box.activated.connect(self._respondent_chosen)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_respondent)
        self.complete_button = QPushButton()
        self.complete_button.clicked.connect(self.toggle_complete)
        self.status = QLabel()  # "Respondent 3 is complete." / "in progress"
        self.status.setWordWrap(True)
        self.language_box = QComboBox()  # the questionnaire's languages
        fill_languages(self.language_box, runner.instrument.offered_languages(), self.lang)
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.saved = SavedLabel(i18n.language())
        top = FlowLayout()  # wraps at large text sizes instead of widening the window
        self.who = QLabel()
        self.who.setBuddy(self.respondent_box)
        self.questions_in = QLabel()
        self.questions_in.setBuddy(self.language_box)
        for widget in (self.who, self.respondent_box, self.new_button, self.complete_button,
                       self.status, self.questions_in, self.language_box):
            top.addWidget(widget)
        self.respondent_box.setVisible(not group)
        self.new_button.setVisible(not group)

        self.sections = QListWidget()
        self.sections.setWordWrap(True)  # long section titles wrap instead of being cut
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.currentRowChanged.connect(self.show_section)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setObjectName("missing_required")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.sections, 1)
        # The guide written for the section on screen, one click away (guides' `sections`).
        self.guide_button = WrappingButton()
        self.guide_button.clicked.connect(self._open_guide)
        self.guide_button.setVisible(False)
        left_layout.addWidget(self.guide_button)
        left_layout.addWidget(self.missing)

        self.scroll = scroller(QWidget())
        # text wraps; a choice too long for a narrow pane at large sizes scrolls sideways
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.progress = QProgressBar()
        self.prev_button = QPushButton()
        self.next_button = QPushButton()
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.next_button.clicked.connect(lambda: self._step(1))
        bottom = QHBoxLayout()  # the bar has a row of its own: between the buttons, large
        bottom.addWidget(self.prev_button)  # text squeezed its "12 of 62 answered" out of view
        bottom.addStretch(1)
        bottom.addWidget(self.next_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.scroll, 1)
        right_layout.addWidget(self.progress)
        right_layout.addLayout(bottom)

        splitter = QSplitter()
        # Large text on a small screen: the sections, the guide button and a long list of
        # missing answers scroll together rather than the list being cut off at the bottom.
        splitter.addWidget(scroller(left))
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.saved)
        self.retranslate()
        # the sections as wide as their names and the guide's need, up to a third or so
        splitter.setSizes([max(260, min(left.sizeHint().width(), 380)), 740])

    def retranslate(self) -> None:
        """Every interface word in the app's language; called again on every switch."""
        self.who.setText(_("Group record") if self.group else _("Respondent:"))
        self.respondent_box.setAccessibleName(_("Respondent"))
        self.new_button.setText(_("New respondent"))
        self.new_button.setAccessibleDescription(_("Start a new anonymous respondent"))
        self.questions_in.setText(_("Questions in:"))
        self.language_box.setAccessibleName(_("Questions in"))
        self.language_box.setAccessibleDescription(_("Language of the questions"))
        self.sections.setAccessibleName(_("Sections"))
        self.progress.setAccessibleName(_("Progress"))
        self.prev_button.setText(_("Previous section"))
        self.next_button.setText(_("Next section"))
        self.saved.set_language(i18n.language())
        self._fill_sections(keep_row=True)
        if self.runner.respondent is not None:
            self._fill_respondents()
            self._show_guide_button(self._section_id())
            self._update_state(announce=False)

    # respondents ------------------------------------------------------------------------
    def start(self) -> None:
        existing = self.runner.respondents()
        if existing:
            self.open_respondent(existing[-1].id)
        else:
            self.new_respondent()

    def _fill_respondents(self) -> None:
        self.respondent_box.clear()
        for r in self.runner.respondents():
            label = _("Respondent {n}").format(n=r.number)
            if r.status == "complete":
                label += " " + _("(complete)")
            self.respondent_box.addItem(label, r.id)
        if self.runner.respondent:
            self.respondent_box.setCurrentIndex(self.respondent_box.findData(self.runner.respondent.id))

    def _hold_refused(self) -> bool:
        """Stay where a typed answer is refused (out of range...): leaving would lose it."""
        self.flush_pending()
        refused = self._refused()
        if refused is None:
            return False
        refused.focus_problem()
        a11y.announce(refused.problem, refused.problem.text(), assertive=True)
        return True

    def new_respondent(self) -> None:
        if self._hold_refused():
            return
        self.runner.start_respondent()
        self._fill_respondents()
        self._show_respondent()

    def open_respondent(self, respondent_id: str) -> None:
        if self._hold_refused():
            self._fill_respondents()
            return
        self.runner.open_respondent(respondent_id)
        self._fill_respondents()
        self._show_respondent()

    def _respondent_chosen(self, index: int) -> None:
        rid = self.respondent_box.itemData(index)
        if rid and (not self.runner.respondent or rid != self.runner.respondent.id):
            self.open_respondent(rid)

    def _show_respondent(self) -> None:
        question = self.runner.resume_question()
        row = [s.id for s in self.runner.instrument.sections].index(question.section)
        if self.sections.currentRow() == row:
            self.show_section(row)  # same row: currentRowChanged will not rebuild it
        else:
            self.sections.setCurrentRow(row)
        self.saved.show_saved(self.runner.last_saved, quiet=True)

    def is_complete(self) -> bool:
        return self.runner.respondent is not None and self.runner.respondent.status == "complete"

    def toggle_complete(self) -> None:
        """Mark the respondent complete, or, if they are, back to in progress (an undo)."""
        self.flush_pending()
        if self.runner.respondent is None:
            return
        self.runner.service.complete(self.runner.respondent.id, done=not self.is_complete())
        self.runner.open_respondent(self.runner.respondent.id)
        self._fill_respondents()
        self._update_state()
        a11y.announce(self.status, self.status.text())

    mark_complete = toggle_complete

    # sections ---------------------------------------------------------------------------
    def _section_id(self) -> str:
        row = max(self.sections.currentRow(), 0)
        return self.runner.instrument.sections[row].id

    def _fill_sections(self, keep_row: bool = False) -> None:
        row = self.sections.currentRow()
        self.sections.blockSignals(True)
        self.sections.clear()
        for section in self.runner.instrument.sections:
            self.sections.addItem(section.label(self.lang))
        if keep_row and row >= 0:
            self.sections.setCurrentRow(row)
        self.sections.blockSignals(False)

    def _language_chosen(self) -> None:
        self.lang = self.language_box.currentData()
        self._fill_sections(keep_row=True)
        for widget in self.widgets.values():
            widget.retranslate(self.lang)
        section = self.runner.instrument.sections[max(self.sections.currentRow(), 0)]
        if self.intro is not None and section.intro:
            self.intro.setText(pick(section.intro, self.lang))
        self._update_state(announce=False)

    def _step(self, delta: int) -> None:
        row = self.sections.currentRow() + delta
        if 0 <= row < self.sections.count():
            self.sections.setCurrentRow(row)
            if self.sections.currentRow() == row:  # not held back by a refused answer
                first = next((w for w in self.widgets.values() if not w.isHidden()), None)
                if first is not None:
                    first.focus_first()

    def flush_pending(self) -> None:
        for widget in self.widgets.values():
            widget.flush_pending()

    def _refused(self) -> QuestionWidget | None:
        """A question whose typed answer is refused (out of range...): leaving would lose it."""
        return next((w for w in self.widgets.values() if w.has_problem() and not w.isHidden()),
                    None)

    def show_section(self, row: int) -> None:
        if row < 0 or self.runner.respondent is None:
            return
        same_person = self._shown_for == self.runner.respondent.id
        if same_person and self._shown_row != row and self._hold_refused():
            self.sections.blockSignals(True)
            self.sections.setCurrentRow(self._shown_row)
            self.sections.blockSignals(False)
            return
        self.flush_pending()  # the widgets shown now are about to be replaced
        self._shown_row, self._shown_for = row, self.runner.respondent.id
        section = self.runner.instrument.sections[row]
        container = QWidget()
        column = QVBoxLayout(container)
        column.setSpacing(22)  # room between questions: each reads as its own block
        self.intro = None
        if section.intro:
            self.intro = QLabel(pick(section.intro, self.lang))
            self.intro.setWordWrap(True)
            column.addWidget(self.intro)
        self.widgets = {}
        for question in section.questions:
            widget = make_question_widget(question, self.lang,
                                          number=self.runner.instrument.numbers[question.id])
            value = self.runner.answers.get(question.id)
            widget.set_value(value, self.runner.answers.get(question.other_key))
            widget.answered.connect(lambda key, v, w=widget: self._answered(w, key, v))
            self.widgets[question.id] = widget
            column.addWidget(widget)
        if section.note:  # a closing note, for example where to find support
            note = QLabel(pick(section.note, self.lang))
            note.setWordWrap(True)
            note.setObjectName("section_note")
            column.addWidget(note)
        column.addStretch(1)
        self.scroll.setWidget(container)
        scroll_to_top(self.scroll)
        self._order_focus()
        self._show_guide_button(section.id)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.sections.count() - 1)
        self._update_state(announce=False)

    _shown_row, _shown_for = -1, None

    def _order_focus(self) -> None:
        """Reading order: the sections and their guide, every question, then the buttons."""
        chain = [self.sections, self.guide_button]
        for widget in self.widgets.values():
            chain += widget.chain
        chain += [self.prev_button, self.next_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _show_guide_button(self, section_id: str) -> None:
        from toolkit.guides.library import bundled_library

        lang = i18n.language()  # the button's words and the guide's title in one language
        try:
            pieces = bundled_library().for_section(section_id, lang)
        except Exception:  # noqa: BLE001 - a guide problem must never stop a session
            pieces = []
        self.guide_slug = pieces[0].slug if pieces else None
        if pieces:
            text = _("Guide: {title}").format(title=pieces[0].title)
            self.guide_button.set_full_text(text)
            self.guide_button.setToolTip(pieces[0].summary)
            self.guide_button.setAccessibleName(text)
            self.guide_button.setAccessibleDescription(_("Open the guide for this section"))
        self.guide_button.setVisible(bool(pieces))

    def _open_guide(self) -> None:
        if self.guide_slug:
            self.guide_requested.emit(self.guide_slug)

    def _answered(self, widget: QuestionWidget, key: str, value) -> None:
        if save(self.runner, widget, self.saved, key, value):  # also records the position
            self._update_state()

    def _update_state(self, announce: bool = True) -> None:
        visible = {q.id for q in self.runner.visible()}
        for qid, widget in self.widgets.items():
            widget.setVisible(qid in visible)
        done, shown = self.runner.progress()
        self.progress.setMaximum(max(shown, 1))
        self.progress.setValue(done)
        self.progress.setFormat(_("{done} of {total} answered").format(
            done=done, total=shown))
        a11y.value_changed(self.progress, self.progress.text())
        missing = self.runner.missing_required()
        text = (_("Required answers missing: {list}").format(
            list=", ".join(q.text(self.lang) for q in missing)) if missing else
            _("All required answers are given."))
        if text != self.missing.text():
            self.missing.setText(text)
            if announce:
                a11y.announce(self.missing, text)
        complete = self.is_complete()
        number = self.runner.respondent.number if self.runner.respondent else 0
        if self.group:
            self.status.setText(_("This record is complete.") if complete
                                else _("This record is in progress."))
        else:
            self.status.setText(
                _("Respondent {n} is complete.").format(n=number) if complete
                else _("Respondent {n} is in progress.").format(n=number))
        self.complete_button.setText(_("Mark as not complete") if complete
                                     else _("Mark complete"))
        self.complete_button.setAccessibleDescription(
            _("Back to in progress: answers can be changed and completed again") if complete
            else _("Mark this respondent complete"))
        self.complete_button.setEnabled(self.runner.respondent is not None
                                        and (complete or not missing))
