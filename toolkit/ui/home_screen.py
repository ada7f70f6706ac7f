"""Home: what the store holds, recent sessions, or a first-run welcome saying what to do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem,
    QWidget,
)

from toolkit import overview
from toolkit.i18n import N_, _, format_date, ngettext
from toolkit.ui.screen import Screen, heading, paragraph
from toolkit.vocabulary import MODES, SESSION_STATUSES


class HomeScreen(Screen):
    navigate = Signal(str)

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.intro = paragraph()
        self.summary = paragraph()
        self.summary.setObjectName("home_summary")
        self.recent_heading = heading("subheading")
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.first_run = paragraph()
        self.first_run.setObjectName("home_first_run")
        self.guides_button = QPushButton()
        self.sessions_button = QPushButton()
        self.guides_button.clicked.connect(lambda: self.navigate.emit("guides"))
        self.sessions_button.clicked.connect(lambda: self.navigate.emit("sessions"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.sessions_button)
        buttons.addWidget(self.guides_button)
        buttons.addStretch(1)
        for w in (self.intro, self.summary, self.recent_heading, self.table, self.first_run):
            self.layout_.addWidget(w)
        self.layout_.addLayout(buttons)
        self.layout_.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(_("Community safety and well-being toolkit"))
        self.intro.setText(_(
            "Plan a local diagnosis, run community sessions, print bilingual reports and "
            "share results with CCSC, all without an internet connection."))
        self.recent_heading.setText(_("Recent sessions"))
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Community"), _("Mode"), _("Status"), _("Respondents")])
        self.table.setAccessibleName(_("Recent sessions"))
        self.first_run.setText(_(
            "Welcome! Nothing has been recorded on this computer yet.\n\n"
            "1. Read the guides to plan your local diagnosis.\n"
            "2. Create a session for your community under Sessions.\n"
            "3. Collect answers: facilitator-led, on the laptop, as a group, or on paper.\n"
            "4. Print a summary report, and export a package for CCSC when you choose to."))
        self.guides_button.setText(_("Open the guides"))
        self.guides_button.setAccessibleName(_("Open the guides"))
        self.sessions_button.setText(_("Go to sessions"))
        self.sessions_button.setAccessibleName(_("Go to sessions"))

    def refresh(self) -> None:
        totals = overview.counts(self.kit.store)
        empty = totals.sessions == 0
        self.first_run.setVisible(empty)
        self.summary.setVisible(not empty)
        self.recent_heading.setVisible(not empty)
        self.table.setVisible(not empty)
        if empty:
            return
        self.summary.setText(" · ".join([
            ngettext("{n} community", "{n} communities", totals.communities).format(
                n=totals.communities),
            ngettext("{n} session", "{n} sessions", totals.sessions).format(n=totals.sessions),
            ngettext("{n} respondent", "{n} respondents", totals.respondents).format(
                n=totals.respondents),
        ]))
        lines = overview.recent_sessions(self.kit.store)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [format_date(line.session_date), line.community, _(MODES[line.mode]),
                     _(SESSION_STATUSES[line.status]), str(line.respondents)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
