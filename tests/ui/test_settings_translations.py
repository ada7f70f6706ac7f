"""Settings offers the translation workbook round trip: export for a language, import with
the row-by-row report; a good workbook puts the language in the interface list."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.test_languages import add_pseudo_language
from toolkit import i18n, languages


@pytest.fixture
def settings(window):
    add_pseudo_language(window.kit.folder, "qab")
    languages.use_data_folder(window.kit.folder)
    i18n.reload()
    window.go_to("settings")
    screen = window.screen("settings")
    screen._fill_translatable()
    yield screen
    languages.use_data_folder(None)
    i18n.reload()


def fill_row(path, english, text):
    book = openpyxl.load_workbook(path)
    for row in book.worksheets[0].iter_rows(min_row=2):
        if row[2].value == english and "#" not in row[0].value:
            row[4].value = text
            number = row[0].row
    book.save(path)
    return number


def test_export_then_import_from_settings(settings, tmp_path, monkeypatch):
    out = tmp_path / "qab.xlsx"
    codes = [settings.translate_into.itemData(i) for i in range(settings.translate_into.count())]
    assert "qab" in codes and "iu" in codes and "en" not in codes
    settings.translate_into.setCurrentIndex(codes.index("qab"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    settings.export_translation()
    assert out.is_file() and "strings to translate" in settings.translation_report.toPlainText()

    # a mistake first: the report lists the row, nothing is imported
    row = fill_row(out, "Saved {path}.", "ᓴᕝᑦ.")
    warned = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    settings.import_translation()
    assert f"Row {row}: keep {{path}}" in settings.translation_report.toPlainText()
    assert warned and "Nothing was changed" in warned[0]
    assert "qab" not in i18n.interface_codes()

    fill_row(out, "Saved {path}.", "ᓴᕝᑦ {path}.")
    fill_row(out, "Settings", "ᓯᑎᖕᔅ")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or
                        QMessageBox.StandardButton.Yes)
    settings.import_translation()
    assert asked and "(2 strings translated)" in asked[0]
    assert "Imported" in settings.translation_report.toPlainText()
    interface = [settings.language.itemData(i) for i in range(settings.language.count())]
    assert "qab" in interface
    settings.language.setCurrentIndex(interface.index("qab"))  # the user picks it
    assert i18n.language() == "qab"
    assert settings.title.text() == "ᓯᑎᖕᔅ"
    assert settings.backup_now.text() == i18n.translate("fr", "Back up now")  # its fallback
