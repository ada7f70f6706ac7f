"""The hub tab of the Exchange screen (for CCSC): every session imported from the
communities, filtered, and the cross-community report made in the background (ui/jobs.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from toolkit.exchange import hub
from toolkit.exchange import package as fmt
from toolkit.exchange.export import LEVEL_NAMES
from toolkit.filenames import suggested_name
from toolkit.i18n import N_, _, format_date, format_number, language, ngettext
from toolkit.sessions import heading as session_heading
from toolkit.ui import report_preview
from toolkit.ui.errors import show_error
from toolkit.ui.jobs import BackgroundJob
from toolkit.ui.reports_screen import PAPER_CHOICES, fill_document_languages
from toolkit.ui.screen import compact_combo, paragraph
from toolkit.ui.tables import date_cell, fill, local_time, table
from toolkit.vocabulary import MODES, SESSION_STATUSES

if TYPE_CHECKING:
    from toolkit.ui.exchange_screen import ExchangeScreen

HUB_COLUMNS = (N_("Community"), N_("Date"), N_("Title"), N_("Mode"), N_("Status"),
               N_("Respondents"), N_("Sharing level"), N_("Imported"))


PLAN_COLUMNS = (N_("Community"), N_("Version"), N_("Priorities"), N_("Actions done"),
                N_("Indicators"))


SHOWN_PRIORITIES = 5  # in the list; the Plan area shows them all


def plan_cells(p: hub.HubPlan) -> list[str]:
    """One plan: its first priorities numbered in the committee's order, one per line (a
    plan of sixty would make one row taller than the screen)."""
    lines = [f"{i}. {title}" for i, title in enumerate(p.priorities[:SHOWN_PRIORITIES], 1)]
    more = len(p.priorities) - SHOWN_PRIORITIES
    if more > 0:
        lines.append(ngettext("and {n} more", "and {n} more", more).format(n=more))
    return [p.community, _("Version {n}").format(n=p.version) + "\n"
            + date_cell(format_date(p.saved_at[:10])),
            "\n".join(lines) or _("No priorities yet"),
            _("{done} of {total}").format(done=p.actions_done, total=p.actions),
            str(p.indicators)]


def hub_cells(r: hub.HubRow) -> list[str]:
    """One hub row: a date breaks only before its year, an import time between its date
    and its time; a summary has no status (not sent at that level)."""
    return [r.community, date_cell(format_date(r.session_date)),
            session_heading(r.title, r.place) or "—",
            _(MODES[r.mode]) if r.mode in MODES else r.mode,
            _(SESSION_STATUSES[r.status]) if r.status in SESSION_STATUSES else "—",
            str(r.respondents), _(LEVEL_NAMES[r.level]),
            local_time(r.imported_at).replace(", ", "\n")]


class HubPanel(QWidget):
    def __init__(self, screen: ExchangeScreen) -> None:
        super().__init__()
        self.screen = screen
        self.rows: list[hub.HubRow] = []
        self.temp = screen.kit.temporary_folder("hub-report-")  # cleaned at next start if killed
        self.made = 0
        layout = QVBoxLayout(self)
        self.intro = paragraph()
        layout.addWidget(self.intro)
        self.filters = QGroupBox()
        form = QFormLayout(self.filters)
        self.community_label, self.level_label = QLabel(), QLabel()
        self.community, self.level = compact_combo(12), compact_combo(12)
        self.community_label.setBuddy(self.community)
        self.level_label.setBuddy(self.level)
        form.addRow(self.community_label, self.community)
        form.addRow(self.level_label, self.level)
        self.use_from, self.use_to = QCheckBox(), QCheckBox()
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for check, edit in ((self.use_from, self.date_from), (self.use_to, self.date_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
            check.toggled.connect(edit.setEnabled)
            check.toggled.connect(self.refresh)
            edit.dateChanged.connect(self.refresh)
            form.addRow(check, edit)
        self.community.currentIndexChanged.connect(self.refresh)
        self.level.currentIndexChanged.connect(self.refresh)
        layout.addWidget(self.filters)
        self.totals = paragraph()
        layout.addWidget(self.totals)
        # Date, community, title, mode and status tell sessions apart; community and title
        # share the width left and wrap, so no column is pushed off a 1024-pixel screen.
        self.table = table(len(HUB_COLUMNS), wrap=(0, 2))
        layout.addWidget(self.table, 1)
        layout.addWidget(self._plans_box())
        layout.addWidget(self._report_box())

    def _plans_box(self) -> QGroupBox:
        """Every community's current plan as its packages brought it, and a way to read it
        whole in the Plan area (read-only there: it belongs to the community)."""
        self.plans_box = QGroupBox()
        box = QVBoxLayout(self.plans_box)
        self.plans_hint = paragraph()
        box.addWidget(self.plans_hint)
        self.plans: list[hub.HubPlan] = []
        self.plans_table = table(len(PLAN_COLUMNS), wrap=(0, 2))
        self.plans_table.itemSelectionChanged.connect(self._plan_buttons)
        self.plans_table.itemActivated.connect(lambda _item: self.open_plan())
        box.addWidget(self.plans_table)
        self.open_plan_button = QPushButton()
        self.open_plan_button.clicked.connect(self.open_plan)
        box.addWidget(self.open_plan_button, 0, Qt.AlignmentFlag.AlignLeft)
        return self.plans_box

    def open_plan(self) -> None:
        row = self.plans_table.currentRow()
        if 0 <= row < len(self.plans) and self.plans_table.selectedItems():
            self.screen.open_plan.emit(self.plans[row].community_id)

    def _plan_buttons(self) -> None:
        self.open_plan_button.setEnabled(bool(self.plans_table.selectedItems()))

    def _report_box(self) -> QGroupBox:
        """Language, paper and threshold of the cross-community report, and its buttons."""
        self.report_box = QGroupBox()
        box = QVBoxLayout(self.report_box)  # labels above fields: fits at 200 %
        self.report_hint = paragraph()
        box.addWidget(self.report_hint)
        self.report_lang_label, self.paper_label, self.threshold_label = (QLabel(), QLabel(),
                                                                          QLabel())
        self.report_lang, self.paper = compact_combo(12), compact_combo(12)
        fill_document_languages(self.report_lang)
        for code, _name in PAPER_CHOICES:
            self.paper.addItem("", code)
        self.report_lang.setCurrentIndex(max(0, self.report_lang.findData(language())))
        self.threshold = QSpinBox()
        self.threshold.setRange(self.screen.kit.settings.small_group_threshold, 50)
        self.threshold.setValue(self.screen.kit.settings.small_group_threshold)
        for label, field in ((self.report_lang_label, self.report_lang),
                             (self.paper_label, self.paper),
                             (self.threshold_label, self.threshold)):
            label.setBuddy(field)
            label.setWordWrap(True)
            box.addWidget(label)
            box.addWidget(field)  # full width: choices stay readable at 200 %
        self.preview_button, self.report = QPushButton(), QPushButton()
        self.preview_button.clicked.connect(lambda: self.cross_community_report("preview"))
        self.report.clicked.connect(lambda: self.cross_community_report("save"))
        self.compare = QPushButton()  # one community's rounds, from their packages
        self.compare.clicked.connect(self.compare_rounds)
        for button in (self.preview_button, self.report, self.compare):
            box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        self.progress = QProgressBar()
        self.report_status = paragraph()
        self.job = BackgroundJob(self, self.progress, self.report_status)
        self.job.changed.connect(self._buttons)
        box.addWidget(self.progress)
        box.addWidget(self.report_status)
        return self.report_box

    def retranslate(self) -> None:
        self.intro.setText(_(
            "For the CCSC team: every session imported from communities, where and when it "
            "was held, how many people answered, and at which level it was shared."))
        self.filters.setTitle(_("Filters"))
        self.community_label.setText(_("Community:"))
        self.level_label.setText(_("Sharing level:"))
        self.community.setAccessibleName(_("Filter by community"))
        self.level.setAccessibleName(_("Filter by sharing level"))
        self.use_from.setText(_("Held on or after"))
        self.use_to.setText(_("Held on or before"))
        for widget, name in ((self.use_from, _("Held on or after")),
                             (self.use_to, _("Held on or before")),
                             (self.date_from, _("First session date")),
                             (self.date_to, _("Last session date"))):
            widget.setAccessibleName(name)
        self.table.setAccessibleName(_("Imported sessions"))
        self.table.setHorizontalHeaderLabels([_(c) for c in HUB_COLUMNS])
        self.plans_box.setTitle(_("Community plans"))
        self.plans_hint.setText(_(
            "The current safety and well-being plan of each community, as its last package "
            "brought it. Open one to read it whole; a plan received from a community stays "
            "theirs and cannot be changed here."))
        self.plans_table.setAccessibleName(_("Community plans"))
        self.plans_table.setHorizontalHeaderLabels([_(c) for c in PLAN_COLUMNS])
        self.open_plan_button.setText(_("&Open in the Plan area"))
        self.open_plan_button.setAccessibleName(_("Open the selected plan in the Plan area"))
        self.report_box.setTitle(_("Cross-community report"))
        self.report_hint.setText(_(
            "A summary report of the sessions listed above, all communities together. Results "
            "from fewer people than the threshold are hidden in each community and in the "
            "totals; written comments are never printed."))
        self.report_lang_label.setText(_("&Language of the report:"))
        self.paper_label.setText(_("&Paper size:"))
        self.threshold_label.setText(_("&Hide results from fewer than:"))
        self.threshold.setSuffix(" " + _("people"))
        self.threshold.setAccessibleName(_("Small-group threshold"))
        self.threshold.lineEdit().setAccessibleName(_("Small-group threshold"))
        fill_document_languages(self.report_lang)
        for i, (_code, name) in enumerate(PAPER_CHOICES):
            self.paper.setItemText(i, _(name))
        self.report_lang.setAccessibleName(_("Language of the report"))
        self.paper.setAccessibleName(_("Paper size"))
        self.preview_button.setText(_("Pre&view"))
        self.preview_button.setAccessibleName(_("Preview the cross-community report"))
        self.report.setText(_("&Save as PDF…"))
        self.report.setAccessibleName(_("Save the cross-community report as PDF"))
        self.compare.setText(_("Compare rounds…"))
        self.compare.setAccessibleName(_("Compare two rounds of a community (PDF)"))
        self.progress.setAccessibleName(_("Progress"))
        self.level.blockSignals(True)
        chosen = self.level.currentData()
        self.level.clear()
        self.level.addItem(_("All levels"), None)
        for level in fmt.LEVELS:
            self.level.addItem(_(LEVEL_NAMES[level]), level)
        self.level.setCurrentIndex(max(self.level.findData(chosen), 0))
        self.level.blockSignals(False)
        # rows are (re)loaded by refresh(), which the main window calls when the screen shows

    def _fill_communities(self) -> None:
        chosen = self.community.currentData()
        self.community.blockSignals(True)
        self.community.clear()
        self.community.addItem(_("All communities"), None)
        for cid, name in self.screen.kit.exchange.communities_imported():
            self.community.addItem(name, cid)
        self.community.setCurrentIndex(max(self.community.findData(chosen), 0))
        self.community.blockSignals(False)

    def refresh(self, *_args) -> None:
        self._fill_communities()
        day = lambda edit: edit.date().toString("yyyy-MM-dd")  # noqa: E731
        self.rows = self.screen.kit.exchange.overview(
            self.community.currentData(), self.level.currentData(),
            day(self.date_from) if self.use_from.isChecked() else None,
            day(self.date_to) if self.use_to.isChecked() else None)
        fill(self.table, [hub_cells(r) for r in self.rows])
        communities = len({r.community_id for r in self.rows})
        people = sum(r.respondents for r in self.rows)
        self.totals.setText(
            ngettext("{n} session", "{n} sessions", len(self.rows)).format(n=len(self.rows))
            + ", " + ngettext("{n} community", "{n} communities", communities).format(
                n=communities)
            + ", " + ngettext("{n} respondent", "{n} respondents", people).format(
                n=format_number(people)))
        self.threshold.setMinimum(self.screen.kit.settings.small_group_threshold)
        self.plans = self.screen.kit.exchange.plans()
        fill(self.plans_table, [plan_cells(p) for p in self.plans])
        self._plan_buttons()
        self._buttons()

    def _buttons(self) -> None:
        ready = bool(self.rows) and not self.job.running
        self.preview_button.setEnabled(ready)
        self.report.setEnabled(ready)

    def compare_rounds(self) -> None:
        from toolkit.ui.compare_rounds_dialog import CompareRoundsDialog

        CompareRoundsDialog(self.screen.kit, self.community.currentData(), self).exec()

    def cross_community_report(self, then: str = "save") -> None:
        """The report of the rows shown: data read here (GUI thread), the PDF laid out in a
        worker thread, then previewed or written where the user chose."""
        from toolkit.reports.hub_report import render_hub_report
        from toolkit.reports.summary import ReportOptions

        options = ReportOptions(lang=self.report_lang.currentData(),
                                paper=self.paper.currentData(),
                                threshold=self.threshold.value())
        name = suggested_name("ccsc-communities", options.lang, suffix=".pdf")
        try:
            data = self.screen.kit.reports.hub_parts(self.rows, options,
                                  self.screen.kit.settings.small_group_threshold)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)
            return
        if then == "save":
            target = report_preview.ask_save_path(self, name)
            if target is None:
                return
        else:
            self.made += 1
            target = Path(self.temp.name) / f"hub-report-{self.made}.pdf"

        def make(progress):
            result = render_hub_report(data, target, options, progress)
            return result.path, result.pages
        self.job.start(make, lambda result: self._finished(result, then, name, options.paper))

    def _finished(self, result, then: str, name: str, paper: str) -> None:
        path, pages = result
        if then == "save":
            self.report_status.setText(
                ngettext("Saved to {path} ({n} page).", "Saved to {path} ({n} pages).",
                         pages).format(path=path, n=pages))
            return
        self.report_status.setText(ngettext("Ready: {n} page.", "Ready: {n} pages.",
                                            pages).format(n=pages))
        self.preview = report_preview.PreviewDialog(path, name, paper, self)
        self.preview.open()  # an error here is shown by the job, kindly
