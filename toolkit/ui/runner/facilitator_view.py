"""Facilitator-led (and group) collection: respondents, sections, progress, missing answers.

The facilitator moves freely: any respondent, any section. Questions hidden by skip logic
disappear as soon as the answer that hides them is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QListWidget, QProgressBar, QPushButton, QScrollArea,
    QSplitter, QVBoxLayout, QWidget,
)

from toolkit import i18n
from toolkit.i18n import _
from toolkit.runner import Runner
from toolkit.ui.flow_layout import FlowLayout
from toolkit.ui.question_widgets import QuestionWidget, make_question_widget
from toolkit.ui.runner.common import ElidingButton, SavedLabel, save


class FacilitatorView(QWidget):
    guide_requested = Signal(str)  # slug of the guide that helps with the current section

    def __init__(self, runner: Runner, group: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.group = group
        self.lang = runner.session.language
        self.widgets: dict[str, QuestionWidget] = {}

        self.respondent_box = QComboBox()
        self.respondent_box.setAccessibleName(_("Respondent"))
        self.respondent_box.activated.connect(self._respondent_chosen)
        self.new_button = QPushButton(_("New respondent"))
        self.new_button.setAccessibleName(_("Start a new anonymous respondent"))
        self.new_button.clicked.connect(self.new_respondent)
        self.complete_button = QPushButton(_("Mark complete"))
        self.complete_button.setAccessibleName(_("Mark this respondent complete"))
        self.complete_button.clicked.connect(self.mark_complete)
        self.language_box = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(self.language_box.findData(self.lang))
        self.language_box.setAccessibleName(_("Language of the questions"))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.saved = SavedLabel(i18n.language())
        top = FlowLayout()  # wraps at large text sizes instead of widening the window
        who = QLabel(_("Group record") if group else _("Respondent:"))
        who.setBuddy(self.respondent_box)
        top.addWidget(who)
        top.addWidget(self.respondent_box)
        top.addWidget(self.new_button)
        top.addWidget(self.complete_button)
        top.addWidget(QLabel(_("Questions in:")))
        top.addWidget(self.language_box)
        self.respondent_box.setVisible(not group)
        self.new_button.setVisible(not group)

        self.sections = QListWidget()
        self.sections.setAccessibleName(_("Sections"))
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
        self.guide_button = ElidingButton()
        self.guide_button.clicked.connect(self._open_guide)
        self.guide_button.setVisible(False)
        left_layout.addWidget(self.guide_button)
        left_layout.addWidget(self.missing)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)  # text wraps; a choice too long for a narrow pane
        # at large text sizes scrolls sideways rather than being cut off
        self.progress = QProgressBar()
        self.progress.setAccessibleName(_("Progress"))
        self.prev_button = QPushButton(_("Previous section"))
        self.next_button = QPushButton(_("Next section"))
        self.prev_button.setAccessibleName(_("Previous section"))
        self.next_button.setAccessibleName(_("Next section"))
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
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        # the sections as wide as their names and the guide's need, up to a third or so
        splitter.setSizes([max(260, min(left.sizeHint().width(), 380)), 740])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.saved)
        self._fill_sections()

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

    def new_respondent(self) -> None:
        self.flush_pending()
        self.runner.start_respondent()
        self._fill_respondents()
        self._show_respondent()

    def open_respondent(self, respondent_id: str) -> None:
        self.flush_pending()
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
        self.saved.show_saved(self.runner.last_saved)

    def mark_complete(self) -> None:
        self.flush_pending()
        if self.runner.respondent is None:
            return
        self.runner.service.complete(self.runner.respondent.id)
        self.runner.open_respondent(self.runner.respondent.id)
        self._fill_respondents()

    # sections ---------------------------------------------------------------------------
    def _fill_sections(self) -> None:
        self.sections.clear()
        for section in self.runner.instrument.sections:
            self.sections.addItem(section.label(self.lang))

    def _language_chosen(self) -> None:
        self.lang = self.language_box.currentData()
        row = self.sections.currentRow()
        self.sections.blockSignals(True)
        self._fill_sections()
        self.sections.setCurrentRow(row)
        self.sections.blockSignals(False)
        for widget in self.widgets.values():
            widget.retranslate(self.lang)

    def _step(self, delta: int) -> None:
        row = self.sections.currentRow() + delta
        if 0 <= row < self.sections.count():
            self.sections.setCurrentRow(row)

    def flush_pending(self) -> None:
        for widget in self.widgets.values():
            widget.flush_pending()

    def show_section(self, row: int) -> None:
        if row < 0 or self.runner.respondent is None:
            return
        self.flush_pending()  # the widgets shown now are about to be replaced
        section = self.runner.instrument.sections[row]
        container = QWidget()
        column = QVBoxLayout(container)
        column.setSpacing(22)  # room between questions: each reads as its own block
        if section.intro:
            intro = QLabel(section.intro.get(self.lang) or section.intro["en"])
            intro.setWordWrap(True)
            column.addWidget(intro)
        self.widgets = {}
        for question in section.questions:
            widget = make_question_widget(question, self.lang,
                                              number=self.runner.instrument.numbers[question.id])
            value = self.runner.answers.get(question.id)
            widget.set_value(value, self.runner.answers.get(question.other_key))
            widget.answered.connect(lambda key, v, w=widget: self._answered(w, key, v))
            self.widgets[question.id] = widget
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll.setWidget(container)
        self._show_guide_button(section.id)
        self.prev_button.setEnabled(row > 0)
        self.next_button.setEnabled(row < self.sections.count() - 1)
        self._update_state()

    def _show_guide_button(self, section_id: str) -> None:
        from toolkit.guides.library import bundled_library

        try:
            pieces = bundled_library().for_section(section_id, self.lang)
        except Exception:  # noqa: BLE001 - a guide problem must never stop a session
            pieces = []
        self.guide_slug = pieces[0].slug if pieces else None
        if pieces:
            self.guide_button.set_full_text(_("Guide: {title}").format(title=pieces[0].title))
            self.guide_button.setToolTip(pieces[0].summary)
            self.guide_button.setAccessibleName(
                _("Open the guide for this section: {title}").format(title=pieces[0].title))
        self.guide_button.setVisible(bool(pieces))

    def _open_guide(self) -> None:
        if self.guide_slug:
            self.guide_requested.emit(self.guide_slug)

    def _answered(self, widget: QuestionWidget, key: str, value) -> None:
        if save(self.runner, widget, self.saved, key, value):  # also records the position
            self._update_state()

    def _update_state(self) -> None:
        visible = {q.id for q in self.runner.visible()}
        for qid, widget in self.widgets.items():
            widget.setVisible(qid in visible)
        done, shown = self.runner.progress()
        self.progress.setMaximum(max(shown, 1))
        self.progress.setValue(done)
        self.progress.setFormat(_("{done} of {total} answered").format(
            done=done, total=shown))
        missing = self.runner.missing_required()
        self.missing.setText(
            _("Required answers missing: {list}").format(
                list=", ".join(q.text(self.lang) for q in missing)) if missing else
            _("All required answers are given."))
        self.complete_button.setEnabled(not missing and self.runner.respondent is not None)
