"""Reports: choose sessions and options, then preview, save as PDF or print; blank paper forms.

Ticking one session gives its summary report; ticking several sessions of one community gives
the community report. Data are read from the store here, in the GUI thread (SQLite
connections stay in their thread); the layout and writing of the PDF, the slow part, runs in
a worker thread with a progress bar, so the window never freezes. reportlab is imported only
then, never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from toolkit.errors import InputError
from toolkit.filenames import suggested_name
from toolkit.i18n import N_, _, format_date, language, ngettext
from toolkit.reports.labels import document_choices
from toolkit.sessions import Session, heading
from toolkit.ui import report_preview
from toolkit.ui.errors import show_error
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.jobs import BackgroundJob
from toolkit.ui.screen import Screen, paragraph
from toolkit.vocabulary import MODES, SESSION_STATUSES


def fill_document_languages(combo: QComboBox) -> None:
    """Every language and pair a document can be printed in, named in the interface's
    language; the choice made is kept (on a language change the names are redone)."""
    chosen = combo.currentData() or language()
    choices = document_choices(language())
    if [combo.itemData(i) for i in range(combo.count())] != [m for m, _n in choices]:
        combo.clear()
        for mode, name in choices:
            combo.addItem(name, mode)
    for i, (_mode, name) in enumerate(choices):
        combo.setItemText(i, name)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


PAPER_CHOICES = (("letter", N_("Letter (8.5 × 11 in)")), ("a4", N_("A4")))


def session_line(session: Session, questionnaire: str) -> str:
    """One line per session that tells it from the others of its day: date, community,
    title (else place, else questionnaire), mode, status and respondents. The list wraps
    long lines rather than cutting them."""
    count = ngettext("{n} respondent", "{n} respondents", session.respondents).format(
        n=session.respondents)
    title = heading(session.title, session.place) or questionnaire
    return " · ".join([f"{format_date(session.session_date)} — {session.community}", title,
                       _(MODES[session.mode]), _(SESSION_STATUSES[session.status]), count])


class ReportsScreen(Screen):
    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self._counts: dict[str, dict[str, int]] = {}  # comment counts by session id
        self.temp = kit.temporary_folder("reports-")  # cleaned at next start if killed
        self.last_pdf: Path | None = None
        self.made = 0
        self.intro = paragraph()

        self.sessions_box = QGroupBox()
        sessions_layout = QVBoxLayout(self.sessions_box)
        self.sessions_hint = paragraph()
        self.session_list = QListWidget()
        self.session_list.setMinimumHeight(140)
        self.session_list.setWordWrap(True)
        self.session_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.session_list.itemChanged.connect(self._selection_changed)
        self.selection_note = paragraph()
        sessions_layout.addWidget(self.sessions_hint)
        sessions_layout.addWidget(self.session_list, 1)
        sessions_layout.addWidget(self.selection_note)

        self.options_box = QGroupBox()
        form = QVBoxLayout(self.options_box)  # labels above fields: fits at 200 %
        self.language_label, self.paper_label, self.threshold_label = QLabel(), QLabel(), QLabel()
        self.language = QComboBox()
        self.paper = QComboBox()
        fill_document_languages(self.language)
        for code, _name in PAPER_CHOICES:
            self.paper.addItem("", code)
        self.language.setCurrentIndex(max(0, self.language.findData(language())))
        self.threshold = QSpinBox()
        self.threshold.setRange(kit.settings.small_group_threshold, 50)
        self.threshold.setValue(kit.settings.small_group_threshold)
        self.include_comments = QCheckBox()
        self.comments_hint = paragraph()
        self.comment_counts = paragraph()
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.review_comments)
        for combo in (self.language, self.paper):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        self.threshold_hint = paragraph()
        for label, field in ((self.language_label, self.language),
                             (self.paper_label, self.paper),
                             (self.threshold_label, self.threshold)):
            label.setBuddy(field)
            label.setWordWrap(True)
            form.addWidget(label)
            form.addWidget(field)
        form.addWidget(self.threshold_hint)
        form.addSpacing(6)
        form.addWidget(self.include_comments)
        form.addWidget(self.comments_hint)
        form.addWidget(self.comment_counts)
        form.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.actions_box = QGroupBox()
        actions = QVBoxLayout(self.actions_box)
        row = QVBoxLayout()  # stacked: side by side they overflow at 200 % in French
        self.preview_button = QPushButton()
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        for button in (self.preview_button, self.save_button, self.print_button):
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.preview_button.clicked.connect(lambda: self.make_report("preview"))
        self.save_button.clicked.connect(lambda: self.make_report("save"))
        self.print_button.clicked.connect(lambda: self.make_report("print"))
        self.progress = QProgressBar()
        self.status = paragraph()
        self.job = BackgroundJob(self, self.progress, self.status)  # one document at a time
        self.job.changed.connect(self._selection_changed)
        actions.addLayout(row)
        actions.addWidget(self.progress)
        actions.addWidget(self.status)

        self.form_box = QGroupBox()
        form_layout = QVBoxLayout(self.form_box)
        self.form_hint = paragraph()
        form_row = QVBoxLayout()
        self.instrument = QComboBox()
        self._fill_instruments()
        self.instrument.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.instrument.setMinimumContentsLength(12)
        self.form_button = QPushButton()
        self.form_button.clicked.connect(self.make_blank_form)
        self.large_print = QCheckBox()
        self.completeness_button = QPushButton()  # before printing in a new language
        self.completeness_button.clicked.connect(self.show_completeness)
        form_row.addWidget(self.instrument)
        form_row.addWidget(self.large_print)
        form_row.addWidget(self.form_button, 0, Qt.AlignmentFlag.AlignLeft)
        form_row.addWidget(self.completeness_button, 0, Qt.AlignmentFlag.AlignLeft)
        form_layout.addWidget(self.form_hint)
        form_layout.addLayout(form_row)

        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.sessions_box, 1)
        self.layout_.addWidget(self.options_box)
        self.layout_.addWidget(self.actions_box)
        self.layout_.addWidget(self.form_box)
        self._sessions: list[Session] = []
        fit_indicators(self)

    # text -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(_("Reports"))
        self.intro.setText(_("Print a summary of a session for council or a community meeting, "
                             "or blank paper forms for a paper session. Results from fewer "
                             "people than the threshold are never shown."))
        self.sessions_box.setTitle(_("Sessions"))
        self.sessions_hint.setText(_("Tick one session for its report, or several sessions of "
                                     "one community for a community report."))
        self.session_list.setAccessibleName(_("Sessions to report on"))
        self.options_box.setTitle(_("Options"))
        self.language_label.setText(_("&Language of the report:"))
        self.paper_label.setText(_("&Paper size:"))
        self.threshold_label.setText(_("&Hide results from fewer than:"))
        self.threshold.setSuffix(" " + _("people"))
        self.threshold.setAccessibleName(_("Small-group threshold"))
        self.threshold.lineEdit().setAccessibleName(_("Small-group threshold"))
        self.threshold_hint.setText(_("The threshold can be raised here, not lowered below the "
                                      "one in Settings."))
        fill_document_languages(self.language)
        for i, (_code, name) in enumerate(PAPER_CHOICES):
            self.paper.setItemText(i, _(name))
        self.language.setAccessibleName(_("Language of the report"))
        self.paper.setAccessibleName(_("Paper size"))
        self.include_comments.setText(_("Include &comments"))
        self.comments_hint.setText(_("Only the written comments included in the review are "
                                     "printed, in the wording approved there."))
        self.include_comments.setAccessibleName(_("Include reviewed comments"))
        self.review_button.setText(_("&Review comments…"))
        self.review_button.setAccessibleName(_("Review comments"))
        self.actions_box.setTitle(_("Summary report"))
        self.preview_button.setText(_("Pre&view"))
        self.save_button.setText(_("&Save as PDF…"))
        self.print_button.setText(_("Prin&t…"))
        for button, name in ((self.preview_button, _("Preview the report")),
                             (self.save_button, _("Save the report as PDF")),
                             (self.print_button, _("Print the report"))):
            button.setAccessibleName(name)
        self.progress.setAccessibleName(_("Progress"))
        self.form_box.setTitle(_("Blank paper form"))
        self.form_hint.setText(_("Print the questionnaire for a paper session, in the language "
                                 "and paper size chosen above."))
        self._fill_instruments()
        self.instrument.setAccessibleName(_("Questionnaire"))
        self.large_print.setText(_("Lar&ge print (14 pt and up)"))
        self.large_print.setAccessibleName(_("Large print: every word 14 points or more"))
        self.form_button.setText(_("&Blank paper form…"))
        self.form_button.setAccessibleName(_("Make a blank paper form"))
        self.completeness_button.setText(_("&Translation of the questionnaire…"))
        self.completeness_button.setAccessibleName(
            _("Which texts of the questionnaire a language lacks"))
        if self._sessions:
            self.refresh()
        self._selection_changed()

    def refresh(self) -> None:
        self._counts.clear()
        self._fill_instruments()  # a questionnaire may have been added meanwhile
        ticked = {s.id for s in self.selected_sessions()}
        self._sessions = self.kit.sessions.list_sessions()
        self.session_list.blockSignals(True)
        self.session_list.clear()
        service = self.kit.sessions
        for session in self._sessions:
            item = QListWidgetItem(session_line(session, service.instrument(session).label()))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if session.id in ticked
                               else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.session_list.addItem(item)
        if not self._sessions:
            empty = QListWidgetItem(_("No sessions yet."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.session_list.addItem(empty)
        self.session_list.blockSignals(False)
        self.threshold.setMinimum(self.kit.settings.small_group_threshold)
        self.session_list.setMinimumHeight(self.fontMetrics().height() * 8)
        self._selection_changed()

    # selection --------------------------------------------------------------------------
    def selected_sessions(self) -> list[Session]:
        ids = set()
        for i in range(self.session_list.count()):
            item = self.session_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                ids.add(item.data(Qt.ItemDataRole.UserRole))
        return [s for s in self._sessions if s.id in ids]

    def select(self, session_ids: list[str]) -> None:
        for i in range(self.session_list.count()):
            item = self.session_list.item(i)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in session_ids
                               else Qt.CheckState.Unchecked)

    def _selection_changed(self, *_args) -> None:
        chosen = self.selected_sessions()
        communities = {s.community_id for s in chosen}
        if not chosen:
            note = _("No session ticked.")
        elif len(communities) > 1:
            note = _("These sessions are from different communities: tick sessions of one "
                     "community only.")
        elif len(chosen) == 1:
            note = _("Session report for {community}.").format(community=chosen[0].community)
        else:
            note = ngettext("Community report for {community}, {n} session.",
                            "Community report for {community}, {n} sessions.",
                            len(chosen)).format(community=chosen[0].community, n=len(chosen))
        self.selection_note.setText(note)
        self.comment_counts.setText(self._comment_counts(chosen) if len(communities) == 1
                                    else "")
        ready = bool(chosen) and len(communities) == 1 and not self.job.running
        for button in (self.preview_button, self.save_button, self.print_button,
                       self.review_button):
            button.setEnabled(ready)
        self.form_button.setEnabled(not self.job.running)

    def _comment_counts(self, sessions: list[Session]) -> str:

        service = self.kit.comments
        totals = {"include": 0, "exclude": 0, "unreviewed": 0}
        for session in sessions:
            # Counting reads every answer of the session: once per session, not per tick
            # (cleared by refresh() and after a review).
            if session.id not in self._counts:
                self._counts[session.id] = service.counts(session.id)
            for key, value in self._counts[session.id].items():
                totals[key] += value
        return _("{included} included, {excluded} excluded, {open} not reviewed.").format(
            included=totals["include"], excluded=totals["exclude"], open=totals["unreviewed"])

    # making documents -------------------------------------------------------------------
    def options(self):
        from toolkit.reports.summary import ReportOptions

        return ReportOptions(lang=self.language.currentData(), paper=self.paper.currentData(),
                             include_comments=self.include_comments.isChecked(),
                             threshold=self.threshold.value())

    def _scratch(self, stem: str) -> Path:
        """A new file name for each document: an open preview keeps its own file (Windows
        does not let a file be replaced while it is open)."""
        self.made += 1
        return Path(self.temp.name) / f"{stem}-{self.made}.pdf"

    def _start(self, make, on_done: Callable[[object], None]) -> None:
        """Make a document in the background (ui/jobs.py); `on_done(path)` once it is."""
        def done(result) -> None:
            path, pages = result
            self.last_pdf = path
            self.status.setText(ngettext("Ready: {n} page.", "Ready: {n} pages.", pages).format(
                n=pages))
            on_done(path)
        self.job.start(make, done)

    def make_report(self, then: str) -> None:
        """Make the report of the ticked sessions, then preview, save or print it."""
        from toolkit.reports.summary import check_options, render_summary_report

        chosen = self.selected_sessions()
        try:
            if not chosen:
                raise InputError(N_("Choose at least one session."))
            options = self.options()
            check_options(options)
            parts = self.kit.reports.parts([s.id for s in chosen], options)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
            return
        target = self._scratch("report")
        name = suggested_name(chosen[0].community, chosen[0].session_date, options.lang,
                              suffix=".pdf", fallback="report")

        def make(progress):
            result = render_summary_report(parts, target, options, progress)
            return result.path, result.pages
        self._start(make, lambda path: self._then(then, path, name, options.paper))

    def _fill_instruments(self) -> None:
        """The questionnaires of the catalogue (bundled and imported), titled in the interface
        language; the choice made is kept."""
        wanted = self.instrument.currentData() or "local-diagnosis"
        self.instrument.blockSignals(True)
        self.instrument.clear()
        for instrument in self.kit.questionnaires.instruments():
            self.instrument.addItem(instrument.label(), instrument.id)
        self.instrument.setCurrentIndex(max(0, self.instrument.findData(wanted)))
        self.instrument.blockSignals(False)

    def show_completeness(self) -> None:
        """Which texts the questionnaire lacks in the report's (first) language."""
        from toolkit import languages
        from toolkit.ui.completeness_dialog import CompletenessDialog

        first = languages.parse_mode(self.language.currentData())[0]
        try:
            instrument = self.kit.questionnaires.get(self.instrument.currentData())
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        CompletenessDialog(instrument, first, self).exec()

    def make_blank_form(self) -> None:
        lang, paper = self.language.currentData(), self.paper.currentData()
        large = self.large_print.isChecked()
        try:
            instrument = self.kit.questionnaires.get(self.instrument.currentData())
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
            return
        target = self._scratch("blank-form")
        name = suggested_name(instrument.id, lang, "large-print" if large else "",
                              suffix=".pdf", fallback="form")

        def make(progress):
            from toolkit.reports.blank_form import build_blank_form

            return target, build_blank_form(instrument, target, lang, paper, progress,
                                            large_print=large)
        self._start(make, lambda path: self._then("preview", path, name, paper))

    def _then(self, action: str, path: Path, name: str, paper: str) -> None:
        shown = report_preview.deliver(self, action, path, name, paper, self.status)
        if shown is not None:
            self.preview = shown

    def _after_review(self) -> None:
        self._counts.clear()
        self._selection_changed()

    def review_comments(self) -> None:
        from toolkit.ui.comments_dialog import CommentsDialog

        chosen = self.selected_sessions()
        if not chosen:
            return
        self.comments_dialog = CommentsDialog(self.kit, chosen, self)
        self.comments_dialog.finished.connect(self._after_review)
        self.comments_dialog.open()
