"""The Questionnaires dialog: the catalogue (bundled and imported, with version and content
hash), "Add questionnaire…" from an XLSForm and "Save as XLSForm…".

Adding goes through `Catalogue.import_xlsform`, the code `toolkit instruments import` runs,
so the app refuses exactly what the command line refuses, with the same sheet, row and
column, in the interface language; nothing is kept then.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toolkit.errors import ToolkitError
from toolkit.filenames import suggested_name
from toolkit.i18n import N_, _, format_date, ngettext
from toolkit.questionnaire.catalogue import BUNDLED, Catalogue, Entry
from toolkit.ui import a11y
from toolkit.ui.errors import show_error
from toolkit.ui.geometry import fit_to_screen
from toolkit.ui.screen import paragraph
from toolkit.ui.tables import OWN_TOOLTIP, ReadOnlyTable, unbreakable

COLUMNS = (N_("Questionnaire"), N_("Identifier"), N_("Version"), N_("Origin"),
           N_("Content hash"))


def ask_open_path(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(parent, _("Add questionnaire"), "",
                                                _("XLSForm spreadsheets (*.xlsx)"))
    return Path(name) if name else None


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as XLSForm"), suggested,
                                                _("XLSForm spreadsheets (*.xlsx)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


class QuestionnairesDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = Catalogue(store)
        self.entries: list[Entry] = []
        self.added = False  # a questionnaire was added: lists elsewhere need refreshing
        self.setWindowTitle(_("Questionnaires"))
        self.setAccessibleName(_("Questionnaires"))
        intro = paragraph()
        intro.setText(_("The questionnaires that come with the app and those added here. Add "
                        "one written as an XLSForm spreadsheet (the format of ODK and "
                        "KoboToolbox), or save one as an XLSForm to collect answers on phones. "
                        "An added questionnaire can be chosen for a new session like the "
                        "others."))
        self.table = ReadOnlyTable(len(COLUMNS), wrap=(0,))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setAccessibleName(_("Questionnaires"))
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = paragraph()
        self.message = paragraph()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(_("Result"))
        self.message.hide()
        self.add_button = QPushButton(_("&Add questionnaire…"))
        self.add_button.setAccessibleName(_("Add a questionnaire from an XLSForm spreadsheet"))
        self.add_button.clicked.connect(self.add_questionnaire)
        self.export_button = QPushButton(_("&Save as XLSForm…"))
        self.export_button.setAccessibleName(_("Save the selected questionnaire as an XLSForm "
                                               "spreadsheet"))
        self.export_button.clicked.connect(self.export_selected)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.export_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        buttons.rejected.connect(self.reject)
        body = QWidget()  # scrolls on a small screen at 200 % rather than overlapping
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)
        column.addLayout(row)
        column.addWidget(self.message)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        fit_to_screen(self, QSize(line * 52, line * 30), parent)
        self.refresh()
        self.add_button.setFocus()

    # the list -----------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        self.entries = self.catalogue.entries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            i = entry.instrument
            origin = _("Comes with the app") if entry.origin == BUNDLED else _("Added here")
            cells = [i.label(), unbreakable(i.id), str(i.version), origin,
                     unbreakable(entry.hash[:12])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.hash if col == 4 else text)
                item.setData(OWN_TOOLTIP, col == 4)  # the whole hash, not the shown part
                self.table.setItem(row, col, item)
        wanted = next((n for n, e in enumerate(self.entries) if e.hash == select), 0)
        if self.entries:
            self.table.selectRow(wanted)
        self._selection_changed()

    def selected(self) -> Entry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        self.export_button.setEnabled(entry is not None)
        if entry is None:
            self.details.setText("")
            return
        n = len(entry.instrument.questions)
        if entry.origin == BUNDLED:
            text = ngettext("{n} question; comes with the app.",
                            "{n} questions; comes with the app.", n)
        else:
            text = ngettext("{n} question; added on {date} from {file}.",
                            "{n} questions; added on {date} from {file}.", n)
        self.details.setText(text.format(
            n=n, file=entry.source,
            date=format_date(entry.added_at[:10]) if entry.added_at else ""))

    # actions ------------------------------------------------------------------------------
    def say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.show()
        a11y.announce(self.message, text, assertive=problem)

    def add_questionnaire(self) -> None:
        path = ask_open_path(self)
        if path is None:
            return
        try:
            result = self.catalogue.import_xlsform(path)
        except ToolkitError as exc:  # the form's problem, with its sheet, row and column
            self.say(exc.user_message(), problem=True)
            return
        except Exception as exc:  # noqa: BLE001 - logged and shown, nothing was kept
            show_error(self, exc)
            return
        self.added = self.added or result.added
        self.refresh(select=result.instrument.content_hash)
        self.say(result.message())

    def export_selected(self) -> None:
        from toolkit.questionnaire.xlsform import write_xlsform

        entry = self.selected()
        if entry is None:
            return
        instrument = entry.instrument
        target = ask_save_path(self, suggested_name(instrument.id, f"v{instrument.version}",
                                                    suffix=".xlsx", fallback="questionnaire"))
        if target is None:
            return
        try:
            write_xlsform(instrument, target)
        except ToolkitError as exc:  # a kind XLSForm cannot hold (votes): nothing written
            self.say(exc.user_message(), problem=True)
            return
        except Exception as exc:  # noqa: BLE001 - a full disk, a folder without rights
            show_error(self, exc)
            return
        self.say(_("Questionnaire {id} written to {path}.").format(id=instrument.id,
                                                                   path=target))
