"""Home: what the store holds, recent sessions, or a first-run welcome saying what to do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from toolkit import overview
from toolkit.i18n import _, format_date, ngettext
from toolkit.ui.screen import Screen, heading, paragraph
from toolkit.vocabulary import MODES, SESSION_STATUSES

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent
    from PySide6.QtWidgets import QTableWidget


class HomeScreen(Screen):
    navigate = Signal(str)

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.intro = paragraph()
        self.summary = paragraph()
        self.summary.setObjectName("home_summary")
        self.recent_heading = heading("subheading")
        self.table: QTableWidget | None = None  # built once there is something to list
        self._painted = self._fill_when_painted = False
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_table)
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
        for w in (self.intro, self.summary, self.recent_heading, self.first_run):
            self.layout_.addWidget(w)
        self.layout_.addLayout(buttons)
        self.layout_.addStretch(1)

    def retranslate(self) -> None:
        self.title.setText(_("Community safety and well-being toolkit"))
        self.intro.setText(_(
            "Plan a local diagnosis, run community sessions, print bilingual reports and "
            "share results with CCSC, all without an internet connection."))
        self.recent_heading.setText(_("Recent sessions"))
        if self.table is not None:
            self._translate_table()
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

    def _translate_table(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [_("Date"), _("Community"), _("Mode"), _("Status"), _("Respondents")])
        self.table.setAccessibleName(_("Recent sessions"))

    def _build_table(self) -> None:
        """Built when first needed: the first table Qt builds costs 5 ms."""
        from toolkit.ui.tables import ReadOnlyTable

        table = self.table = ReadOnlyTable(5, wrap=(1,))  # the community's name wraps
        self.layout_.insertWidget(self.layout_.indexOf(self.recent_heading) + 1, table)
        QWidget.setTabOrder(table, self.sessions_button)  # in reading order, before the buttons
        self._translate_table()

    def refresh(self) -> None:
        totals = overview.counts(self.kit.store)
        empty = totals.sessions == 0
        self.first_run.setVisible(empty)
        self.summary.setVisible(not empty)
        self.recent_heading.setVisible(not empty)
        if self.table is not None:
            self.table.setVisible(not empty)
        if empty:
            self._fill_when_painted = False
            self._fill_timer.stop()
            return
        self.summary.setText(" · ".join([
            ngettext("{n} community", "{n} communities", totals.communities).format(
                n=totals.communities),
            ngettext("{n} session", "{n} sessions", totals.sessions).format(n=totals.sessions),
            ngettext("{n} respondent", "{n} respondents", totals.respondents).format(
                n=totals.respondents),
        ]))
        if self._painted:
            self._fill_table()
        else:
            self._fill_when_painted = True

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """The recent sessions follow the window's first frame by one turn of the event loop:
        their dates need Babel, whose locale data takes 25 ms to load, and the table 5 ms
        more. Everything else, counts included, is in that first frame."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._fill_when_painted:
                self._fill_timer.start()

    def _fill_table(self) -> None:
        from PySide6.QtWidgets import QTableWidgetItem

        if self.table is None:
            self._build_table()
        self.table.setVisible(True)
        lines = overview.recent_sessions(self.kit.store)
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = [format_date(line.session_date), line.community, _(MODES[line.mode]),
                     _(SESSION_STATUSES[line.status]), str(line.respondents)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
