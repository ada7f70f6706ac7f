"""Sessions: list, create, open (runs the questionnaire), close/reopen, spreadsheets, trash."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from toolkit.i18n import N_, _, format_date
from toolkit.sessions import Session, heading
from toolkit.ui.errors import show_error
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.screen import Screen, paragraph
from toolkit.ui.tables import ReadOnlyTable, date_cell, unbreakable
from toolkit.vocabulary import MODES, SESSION_STATUSES

# Title, date, mode and status tell the sessions of one day apart; the community and title
# columns share the width left and wrap, so nothing is pushed off a 1024-pixel screen.
COLUMNS = (N_("Date"), N_("Community"), N_("Title"), N_("Mode"), N_("Status"),
           N_("Respondents"))
WRAPPED = (1, 2)


class SessionsScreen(Screen):
    open_session = Signal(str)

    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.service = kit.sessions
        self.sessions: list[Session] = []
        self.hint = paragraph()
        self.table = ReadOnlyTable(len(COLUMNS), wrap=WRAPPED)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setMinimumHeight(220)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.buttons: dict[str, QPushButton] = {}
        # Two columns, the widest labels (import and export) sharing the first: at 200 % text
        # the screen is taller than a 768-pixel laptop's window, its scroll bar then takes
        # 14 pixels, and a grid as wide as its two widest French labels side by side no
        # longer fitted. (A wrapping flow layout fits too, but settles one layout pass late,
        # and the list above it then scrolls sideways for a moment.)
        self.grid = grid = QGridLayout()
        actions = {"new": (self.new_session, 0, 0), "open": (self.open_selected, 0, 1),
                   "import": (self.import_csv, 1, 0), "close": (self.toggle_closed, 1, 1),
                   "export": (self.export_csv, 2, 0), "trash": (self.trash_selected, 2, 1),
                   "round": (self.choose_round, 3, 0), "compare": (self.compare_rounds, 3, 1),
                   "restore": (self.restore_selected, 4, 0), "empty": (self.empty_trash, 4, 1),
                   "questionnaires": (self.show_questionnaires, 5, 0)}
        self.places = {key: (row, column) for key, (_slot, row, column) in actions.items()}
        self.columns = 2
        self._refit = QTimer(self)  # a child: it goes with the screen, never calls it after
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_buttons)
        for key, (slot, row, column) in actions.items():
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, row, column)
        self.show_trash = QCheckBox()
        self.show_trash.toggled.connect(self.refresh)
        self.layout_.addWidget(self.hint)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(grid)
        self.layout_.addWidget(self.show_trash)
        fit_indicators(self)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        """A new text size or language changes the buttons' widths: fit them again once
        the layout has them."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LanguageChange) \
                and hasattr(self, "_refit"):
            self._refit.start()

    def _fit_buttons(self) -> None:
        """Two columns of buttons where they fit beside each other, one where not (1024
        pixels wide at 200 % text, in French): the screen never needs a sideways scroll."""
        if not self.buttons:
            return
        room = self.parentWidget().width() if self.parentWidget() else self.width()
        margins = self.layout_.contentsMargins()
        widest = max(b.minimumSizeHint().width() for b in self.buttons.values())
        two = 2 * widest + self.grid.horizontalSpacing() + margins.left() + margins.right()
        columns = 2 if two <= room else 1
        if columns == self.columns:
            return
        self.columns = columns
        for index, (key, (row, column)) in enumerate(self.places.items()):
            self.grid.removeWidget(self.buttons[key])
            place = (row, column) if columns == 2 else (index, 0)
            self.grid.addWidget(self.buttons[key], *place)

    def retranslate(self) -> None:
        self._refit.start()  # the labels' widths change with the language
        self.title.setText(_("Sessions"))
        self.hint.setText(_("Each session is one gathering in one community. Open a session "
                            "to collect answers; every answer is saved the moment it is given."))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setAccessibleName(_("Sessions"))
        texts = {
            "new": (_("New session…"), _("Create a new session")),
            "open": (_("Open session"), _("Open the selected session to collect answers")),
            "close": (_("Close session"), _("Close or reopen the selected session")),
            "export": (_("Export responses…"), _("Export the responses of the selected session "
                                                 "as a spreadsheet (XLSX or CSV)")),
            "import": (_("Import responses…"), _("Import responses from a spreadsheet (XLSX or "
                                                 "CSV) into the selected session")),
            "trash": (_("Move to trash…"), _("Move the selected session to the trash")),
            "restore": (_("Restore"), _("Bring the selected session back from the trash")),
            "empty": (_("Empty the trash…"), _("Delete the sessions in the trash for good")),
            "round": (_("Round…"), _("Put the selected session in a round of its community")),
            "compare": (_("Compare rounds…"), _("Compare two rounds of a community (PDF)")),
            "questionnaires": (_("Questionnaires…"), _("See, add and save questionnaires "
                                                      "(XLSForm)")),
        }
        for key, (text, name) in texts.items():
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)
        self.show_trash.setText(_("Show the trash"))
        self.show_trash.setAccessibleName(_("Show the sessions in the trash"))
        if self.sessions:
            self._fill()

    def refresh(self) -> None:
        self.sessions = self.service.list_sessions(trash=self.show_trash.isChecked())
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.sessions))
        for row, s in enumerate(self.sessions):
            questionnaire = self._instrument_name(s)
            cells = [date_cell(format_date(s.session_date)), s.community,
                     heading(s.title, s.place) or questionnaire, _(MODES[s.mode]),
                     _(SESSION_STATUSES[s.status]), unbreakable(f"{s.completed} / {s.respondents}")]
            details = "\n".join(x for x in (s.title, s.place, questionnaire) if x)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                item.setToolTip(details)
                self.table.setItem(row, col, item)
        if self.sessions and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()

    def _instrument_name(self, session: Session) -> str:
        return self.service.instrument(session).label()

    def selected(self) -> Session | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.sessions[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        s = self.selected()
        trash = self.show_trash.isChecked()
        for key in ("open", "close", "export", "import", "trash", "round", "compare"):
            self.buttons[key].setVisible(not trash)
        self.buttons["new"].setVisible(not trash)
        self.buttons["restore"].setVisible(trash)
        self.buttons["empty"].setVisible(trash)
        for key in ("open", "close", "export", "trash", "restore", "round"):
            self.buttons[key].setEnabled(s is not None)
        self.buttons["import"].setEnabled(s is not None and s.is_open)
        self.buttons["empty"].setEnabled(bool(self.sessions))
        if s is not None and not trash:
            closed = s.status == "closed"
            self.buttons["close"].setText(_("Reopen") if closed else _("Close session"))

    # actions --------------------------------------------------------------------------------
    def choose_round(self) -> None:
        from toolkit.ui.round_dialog import RoundDialog

        session = self.selected()
        if session is not None:
            RoundDialog(self.kit.rounds, session, self).exec()

    def compare_rounds(self) -> None:
        from toolkit.ui.compare_rounds_dialog import CompareRoundsDialog

        session = self.selected()
        CompareRoundsDialog(self.kit, session.community_id if session else None, self).exec()

    def show_questionnaires(self) -> None:
        from toolkit.ui.questionnaires_dialog import QuestionnairesDialog

        QuestionnairesDialog(self.kit.store, self).exec()

    def new_session(self) -> None:
        from toolkit.ui.session_dialog import SessionDialog

        dialog = SessionDialog(self.service, self)
        if dialog.exec() and dialog.created:
            self.refresh()
            self.select(dialog.created.id)

    def select(self, session_id: str) -> None:
        for row, s in enumerate(self.sessions):
            if s.id == session_id:
                self.table.selectRow(row)

    def open_selected(self) -> None:
        s = self.selected()
        if s is not None and not self.show_trash.isChecked():
            self.open_session.emit(s.id)

    def toggle_closed(self) -> None:
        s = self.selected()
        if s is None:
            return
        try:
            (self.service.reopen if s.status == "closed" else self.service.close)(s.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
        self.refresh()
        self.select(s.id)

    def export_csv(self) -> None:
        from toolkit.ui.responses_dialog import export_responses

        s = self.selected()
        if s is not None:
            export_responses(self, self.service, s)

    def import_csv(self) -> None:
        from toolkit.ui.responses_dialog import import_responses

        s = self.selected()
        if s is not None and import_responses(self, self.service, s):
            self.refresh()
            self.select(s.id)

    def trash_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        answer = QMessageBox.question(self, _("Move to trash"), _(
            "Move the session of {date} in {community} to the trash? It can be restored until "
            "the trash is emptied.").format(date=format_date(s.session_date),
                                            community=s.community))
        if answer == QMessageBox.StandardButton.Yes:
            self.service.trash(s.id)
            self.refresh()

    def restore_selected(self) -> None:
        s = self.selected()
        if s is not None:
            self.service.restore(s.id)
            self.refresh()

    def empty_trash(self) -> None:
        answer = QMessageBox.question(self, _("Empty the trash"), _(
            "Sessions in the trash: {n}. Delete them and all their answers for good? This "
            "cannot be undone.").format(n=len(self.sessions)))
        if answer == QMessageBox.StandardButton.Yes:
            self.service.empty_trash()
            self.refresh()
