"""Export and import of responses as spreadsheets: the same choices as the CLI.

Export: format (XLSX or CSV), multiple choices (one 0/1 column per option, or one cell),
labels or codes, the labels' language; then a file name that is valid on every system.
Import: the file is checked first and the dialog shows what would change (new, updated,
unchanged respondents); nothing is written until the person confirms.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from toolkit.exchange.spreadsheet import MULTI_LAYOUTS, VALUE_KINDS, SheetOptions
from toolkit.filenames import suggested_name
from toolkit.i18n import _, ngettext
from toolkit.sessions import Session, SessionService
from toolkit.ui.errors import show_error
from toolkit.ui.qt_i18n import fill_languages

FORMATS = {"xlsx": ("XLSX (Excel, LibreOffice)", "*.xlsx"), "csv": ("CSV", "*.csv")}


class ExportDialog(QDialog):
    """Spreadsheet options; `options()` and `fmt()` once accepted."""

    def __init__(self, session: Session, parent: QWidget | None = None,
                 instrument_languages: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Export responses"))
        self.setAccessibleName(_("Export responses"))
        self.format = QComboBox()
        for key, (label, _pattern) in FORMATS.items():
            self.format.addItem(label, key)
        self.multi = QComboBox()
        for key, label in MULTI_LAYOUTS.items():
            self.multi.addItem(_(label), key)
        self.values = QComboBox()
        for key, label in VALUE_KINDS.items():
            self.values.addItem(_(label), key)
        self.language = QComboBox()
        fill_languages(self.language, instrument_languages or [session.language],
                       session.language)
        self.values.currentIndexChanged.connect(
            lambda _i: self.language.setEnabled(self.values.currentData() == "labels"))
        form = QFormLayout()
        for text, widget, name in (
                (_("&Format:"), self.format, _("File format")),
                (_("&Multiple choices:"), self.multi, _("How multiple choices are written")),
                (_("&Answers as:"), self.values, _("Answers as labels or codes")),
                (_("&Language of the labels:"), self.language, _("Language of the labels"))):
            label = QLabel(text)
            label.setBuddy(widget)
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        hint = QLabel(_("XLSX opens in Excel and LibreOffice without any question and adds a "
                        "codebook and the session's details. Each row keeps the respondent's "
                        "id, so importing the file again updates respondents instead of "
                        "adding them twice."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def fmt(self) -> str:
        return self.format.currentData()

    def options(self) -> SheetOptions:
        return SheetOptions(self.multi.currentData(), self.values.currentData(),
                            self.language.currentData())


def export_responses(parent: QWidget, service: SessionService, session: Session) -> None:
    from toolkit.exchange.responses import export_responses as export

    dialog = ExportDialog(session, parent, service.instrument(session).offered_languages())
    if not dialog.exec():
        return
    fmt = dialog.fmt()
    label, pattern = FORMATS[fmt]
    suggested = suggested_name(session.community, session.session_date, suffix=f".{fmt}",
                               fallback="responses")
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export responses"), str(Path.home() / suggested), f"{label} ({pattern})")
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() != f".{fmt}":
        target = target.with_name(target.name + f".{fmt}")
    try:
        count = export(service, session, target, fmt, dialog.options())
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc)
        return
    QMessageBox.information(parent, _("Export responses"), ngettext(
        "{n} row written to {path}.", "{n} rows written to {path}.", count).format(
            n=count, path=target))


def import_responses(parent: QWidget, service: SessionService, session: Session) -> bool:
    """Ask for a file, show what it would change, import on confirmation; True if changed."""
    from toolkit.exchange.responses import import_responses as apply
    from toolkit.exchange.responses import plan_import

    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Import responses"), str(Path.home()),
        _("Spreadsheets (*.xlsx *.csv *.txt);;All files (*)"))
    if not path:
        return False
    try:
        plan = plan_import(service, session, Path(path))
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc)
        return False
    summary = "\n".join(plan.lines())
    if not plan.changes:
        QMessageBox.information(parent, _("Import responses"), summary)
        return False
    answer = QMessageBox.question(parent, _("Import responses"),
                                  summary + "\n\n" + _("Import these changes now?"))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:  # checked again: the session may have changed while the question was open
        plan = apply(service, service.get(session.id), Path(path))
    except Exception as exc:  # noqa: BLE001
        show_error(parent, exc)
        return False
    QMessageBox.information(parent, _("Import responses"), "\n".join(plan.lines()))
    return True
