"""How complete a questionnaire is in a language: the count, and each text that shows in
the fallback language instead (questionnaire.completeness does the counting; this only
shows it). Opened from the blank form's box, before printing in a new language."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toolkit import languages
from toolkit.i18n import _, language, ngettext
from toolkit.questionnaire.completeness import FIELDS, completeness
from toolkit.questionnaire.model import Instrument
from toolkit.ui.fonts import show_in_language
from toolkit.ui.tables import ReadOnlyTable


class CompletenessDialog(QDialog):
    def __init__(self, instrument: Instrument, lang: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument = instrument
        self.setWindowTitle(_("Translation of the questionnaire"))
        self.language = QComboBox()
        for found in languages.registered():  # a language the questionnaire lacks: all missing
            self.language.addItem(found.name(language()), found.code)
        start = lang or next((c for c in instrument.languages
                              if c not in languages.FALLBACKS), language())
        self.language.setCurrentIndex(max(0, self.language.findData(start)))
        self.language.setAccessibleName(_("Language"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = ReadOnlyTable(3, wrap=(2,))
        self.table.setHorizontalHeaderLabels([_("Where"), _("Text"), _("Shown instead")])
        self.table.setAccessibleName(_("Texts shown in the fallback language"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Questionnaire: {title}").format(title=instrument.label())))
        layout.addWidget(self.language)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self.show_language)
        self.show_language()

    def show_language(self) -> None:
        code = self.language.currentData()
        found = completeness(self.instrument, code)
        name = self.language.currentText()
        if found.complete:
            self.summary.setText(ngettext(
                "{lang}: the {total} text is translated.",
                "{lang}: all {total} texts are translated.", found.total).format(
                lang=name, total=found.total))
        else:
            self.summary.setText(ngettext(
                "{lang}: {done} of {total} text translated; {missing} shown in the "
                "fallback language.",
                "{lang}: {done} of {total} texts translated; {missing} shown in the "
                "fallback language.", found.total).format(
                lang=name, done=found.translated, total=found.total,
                missing=len(found.missing)))
        self.table.setRowCount(0)
        for entry in found.missing:
            row = self.table.rowCount()
            self.table.insertRow(row)
            where = entry.where or self.instrument.id
            what = _(FIELDS[entry.field]) + (f" {entry.item}" if entry.item else "")
            for column, text in enumerate((where, what, f"[{entry.shown_in}] {entry.shown}")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        show_in_language(self.table, code)
        self.table.fit_columns()
