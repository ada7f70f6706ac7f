"""The translation workbook round trip: export for a language, a translator fills it in a
spreadsheet, import checks every row and, only when all is right, saves the translation in
the data folder (backed up, then read by the interface). Translators' mistakes are reported
row by row and change nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.test_languages import add_pseudo_language
from toolkit import i18n, languages
from toolkit.cli import main
from toolkit.translation import files
from toolkit.translation.workbook import (
    WorkbookError,
    WorkbookProblems,
    export_workbook,
    import_workbook,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def pseudo_kit(kit):
    add_pseudo_language(kit.folder, "qaa")
    add_pseudo_language(kit.folder, "qab")
    languages.use_data_folder(kit.folder)
    i18n.reload()
    yield kit
    languages.use_data_folder(None)
    i18n.reload()


def rows(path: Path) -> dict[str, tuple[int, list]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return {r[0].value: (r[0].row, [c.value for c in r]) for r in sheet.iter_rows(min_row=2)}


def fill(path: Path, texts: dict[str, str], delete: tuple[str, ...] = (),
         change_id: dict[str, str] | None = None) -> None:
    """What a translator does in their spreadsheet: type in column E (and, by mistake,
    delete a row or change an id)."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    for row in list(sheet.iter_rows(min_row=2)):
        rid = row[0].value
        if rid in texts:
            row[4].value = texts[rid]
        if change_id and rid in change_id:
            row[0].value = change_id[rid]
    for rid in delete:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == rid:
                sheet.delete_rows(row[0].row)
                break
    book.save(path)


def find(table, english: str, plural_index: int | None = None) -> str:
    for rid, (_row, cells) in table.items():
        if cells[2] == english and (plural_index is None) == ("#" not in rid) and (
                plural_index is None or rid.endswith(f"#{plural_index}")):
            return rid
    raise KeyError(english)


def test_the_export_has_every_area_with_english_and_french(pseudo_kit, tmp_path):
    out = tmp_path / "qab.xlsx"
    count = export_workbook("qab", out, pseudo_kit.store)
    book = openpyxl.load_workbook(out)
    sheet, about = book.worksheets
    header = [c.value for c in sheet[1]]
    assert header[2:5] == ["English", "Français", "ᐱᓯᐅᑐ (qab)"]
    assert about["B1"].value == "qab"
    table = rows(out)
    assert len(table) == count
    ids = list(table)
    assert any(i.startswith("ui:") for i in ids)
    assert "q:local-diagnosis:title" in ids and "q:local-diagnosis:intro" in ids
    assert any(i.startswith("q:local-diagnosis:") and i.endswith(":note") for i in ids)
    assert any(":choice:" in i for i in ids) and any(i.endswith(":help") for i in ids)
    assert any(i.startswith("g:") and i.endswith(":title") for i in ids)
    assert any(i.startswith("g:") and i.endswith(":summary") for i in ids)
    settings = table[find(table, "Settings")][1]
    assert settings[3] == "Paramètres" and settings[4] is None
    assert "Screens of the app" in settings[1]
    report_row = table[find(table, "Page {page} of {total}")][1] if any(
        c[2] == "Page {page} of {total}" for _r, c in table.values()) else None
    if report_row:
        assert "Printed reports" in report_row[1] and report_row[5] == "{page}, {total}"
    # qab has three plural forms: three rows for one message, each saying its numbers
    forms = [table[f"{find(table, '{n} session', 0)[:-2]}#{i}"][1] for i in range(3)]
    assert [f[1].split("; ")[-1] for f in forms] == [
        "Plural form used for 1", "Plural form used for 2", "Plural form used for 0, 3, 4, 5…"]
    assert forms[0][2] == "{n} session" and forms[2][2] == "{n} sessions"
    assert forms[2][3] == "{n} séances"


def test_a_formula_looking_text_stays_text(pseudo_kit, tmp_path):
    out = tmp_path / "qaa.xlsx"
    export_workbook("qaa", out, pseudo_kit.store)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_round_trip(pseudo_kit, tmp_path):
    out = tmp_path / "qab.xlsx"
    export_workbook("qab", out, pseudo_kit.store)
    table = rows(out)
    session = find(table, "{n} session", 0)[:-2]
    texts = {
        find(table, "Settings"): "ᓯᑎᖕᔅ",
        find(table, "Saved {path}."): "ᓴᕝᑦ {path}.",
        f"{session}#0": "{n} ᓴᔑᓐ", f"{session}#1": "{n} ᓴᔑᓐᒃ", f"{session}#2": "{n} ᓴᔑᓐᑦ",
        "q:local-diagnosis:title": "ᑲᒪᓂᑎ ᓴᐃᕝᑎ",
        "g:glossary:title": "ᒍᓗᓴᕆ",
        find(table, "PDF file to write"): "PDF ᑲᑦ",  # a name kept from the English is fine
    }
    fill(out, texts)
    result = import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert result.errors == [] and result.translated == 8
    assert len(result.untranslated_rows) == result.total - 8
    assert {p.name for p in result.written} == {"toolkit.po", "questionnaires.po", "guides.po"}
    assert "qab" in i18n.interface_codes()
    assert i18n.translate("qab", "Settings") == "ᓯᑎᖕᔅ"
    assert i18n.translate("qab", "Back up now") == i18n.translate("fr", "Back up now")
    assert [i18n.translate_plural("qab", "{n} session", "{n} sessions", n).format(n=n)
            for n in (1, 2, 5)] == ["1 ᓴᔑᓐ", "2 ᓴᔑᓐᒃ", "5 ᓴᔑᓐᑦ"]
    kept = files.read("qab", "questionnaires")
    assert kept[("local-diagnosis:title", "Community Safety and Well-Being: Local Diagnosis "
                 "Questionnaire")] == "ᑲᒪᓂᑎ ᓴᐃᕝᑎ"
    # exported again, the translation is there: the translator goes on where they stopped
    again = tmp_path / "again.xlsx"
    export_workbook("qab", again, pseudo_kit.store)
    table = rows(again)
    assert table[find(table, "Settings")][1][4] == "ᓯᑎᖕᔅ"
    assert table[f"{session}#2"][1][4] == "{n} ᓴᔑᓐᑦ"
    assert table["g:glossary:title"][1][4] == "ᒍᓗᓴᕆ"
    second = import_workbook(again, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert second.errors == [] and second.translated == 8
    # the previous translation was backed up before it was replaced
    from toolkit.store.backups import language_backups

    assert language_backups(pseudo_kit.folder)


def test_a_translators_mistakes_are_reported_row_by_row(pseudo_kit, tmp_path):
    out = tmp_path / "qab.xlsx"
    export_workbook("qab", out, pseudo_kit.store)
    table = rows(out)
    lost = find(table, "Saved {path}.")
    wrong_script = find(table, "Settings")
    missing = find(table, "Back up now")
    session = find(table, "{n} session", 0)[:-2]
    edited = find(table, "Reports")
    fill(out, {lost: "ᓴᕝᑦ.", wrong_script: "Sittings", f"{session}#0": "{n} ᓴᔑᓐ",
               find(table, "Sessions"): "ᓴᔑᓐ {name}"},
         delete=(missing,), change_id={edited: "ui:000000000000"})
    i18n.set_language("fr")
    with pytest.raises(WorkbookProblems) as caught:
        import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    result = caught.value.result
    after = rows(out)
    text = "\n".join(result.lines())
    assert f"Ligne {after[lost][0]}\u00a0: gardez {{path}}" in text
    assert f"Ligne {after[wrong_script][0]}\u00a0: les lettres S i t n g s ne sont pas" in text
    assert "syllabique" in text
    assert f"Ligne {after[find(table, 'Sessions')][0]}\u00a0: {{name}} n’est pas" in text
    for index in (1, 2):  # the other plural forms are empty while one is filled
        assert f"Ligne {after[f'{session}#{index}'][0]}\u00a0: cette forme du pluriel" in text
    assert f"(identifiant {missing}) manque" in text
    assert "ui:000000000000" in text  # changed id: a note, the row is left out...
    assert f"(identifiant {edited}) manque" in text  # ...and its own row is missing
    assert len(result.errors) == 7
    assert "Nothing" not in text and "row" not in text.lower().replace("ligne", "")
    assert "Rien n’a été changé" in caught.value.user_message()
    assert not (pseudo_kit.folder / "languages" / "qab" / "toolkit.po").exists()
    from toolkit.store.backups import language_backups

    assert language_backups(pseudo_kit.folder) == []


def test_a_dry_run_changes_nothing(pseudo_kit, tmp_path):
    out = tmp_path / "qaa.xlsx"
    export_workbook("qaa", out, pseudo_kit.store)
    before = (pseudo_kit.folder / "languages" / "qaa" / "toolkit.po").read_bytes()
    fill(out, {find(rows(out), "Back up now"): "Báck üp nöw"})
    result = import_workbook(out, pseudo_kit.store, dry_run=True, data_folder=pseudo_kit.folder)
    assert result.errors == [] and result.dry_run
    assert (pseudo_kit.folder / "languages" / "qaa" / "toolkit.po").read_bytes() == before
    assert "nothing was changed" in result.lines()[-1]


def test_the_translators_own_po_is_kept_through_the_workbook(pseudo_kit, tmp_path):
    """qaa came as files (a .po): its translations fill column E, and import keeps them."""
    out = tmp_path / "qaa.xlsx"
    export_workbook("qaa", out, pseudo_kit.store)
    assert rows(out)[find(rows(out), "Settings")][1][4] == "Séttíngs"
    import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert i18n.translate("qaa", "Settings") == "Séttíngs"
    assert i18n.translate("qaa", "Text size") == "Text size"


@pytest.mark.parametrize("content", [b"", b"not a workbook", b"PK\x03\x04broken"])
def test_a_file_that_is_not_a_workbook(pseudo_kit, tmp_path, content):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(content)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(bad, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert "Nothing was changed" in caught.value.user_message()


def test_a_workbook_without_its_language(pseudo_kit, tmp_path):
    out = tmp_path / "x.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["id", "where", "English", "French", "Translation", "keep"])
    book.save(out)
    with pytest.raises(WorkbookError) as caught:
        import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert "which language" in caught.value.user_message()


def test_english_is_not_translated(pseudo_kit, tmp_path):
    with pytest.raises(WorkbookError):
        export_workbook("en", tmp_path / "en.xlsx", pseudo_kit.store)


def test_the_cli_round_trip(pseudo_kit, tmp_path, capsys):
    folder = str(pseudo_kit.folder)
    out = tmp_path / "qab.xlsx"
    pseudo_kit.close(backup=False)
    assert main(["--data-dir", folder, "translations", "export", "--lang", "qab", "--out",
                 str(out)]) == 0
    assert "strings to translate" in capsys.readouterr().out
    assert i18n.language() == "en"  # --lang of export is the language translated into
    table = rows(out)
    fill(out, {find(table, "Saved {path}."): "ᓴᕝᑦ."})
    assert main(["--data-dir", folder, "translations", "import", str(out)]) == 1
    captured = capsys.readouterr()
    assert f"Row {table[find(table, 'Saved {path}.')][0]}: keep {{path}}" in captured.out
    assert "1 problem, listed above. Nothing was changed." in captured.err
    fill(out, {find(table, "Saved {path}."): "ᓴᕝᑦ {path}."})
    assert main(["--data-dir", folder, "translations", "import", str(out), "--dry-run"]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert main(["--data-dir", folder, "translations", "import", str(out)]) == 0
    assert "Imported" in capsys.readouterr().out
    assert main(["--data-dir", folder, "--lang", "qab", "translations", "list"]) == 0
    listed = capsys.readouterr().out
    assert "qab\tᐱᓯᐅᑐ" in listed


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run "
                    "installs libreoffice-calc-nogui")
def test_libreoffice_opens_and_saves_the_workbook(pseudo_kit, tmp_path):
    """The exported workbook opened and saved again by LibreOffice (as a translator using it
    would) imports with the translation typed in it."""
    out = tmp_path / "qab.xlsx"
    export_workbook("qab", out, pseudo_kit.store)
    fill(out, {find(rows(out), "Settings"): "ᓯᑎᖕᔅ"})
    saved = tmp_path / "lo"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(saved),
                    str(out)], check=True, capture_output=True, timeout=240)
    result = import_workbook(saved / "qab.xlsx", pseudo_kit.store,
                             data_folder=pseudo_kit.folder)
    assert result.errors == [] and result.translated == 1
    assert i18n.translate("qab", "Settings") == "ᓯᑎᖕᔅ"


def test_an_imported_questionnaire_translation_is_what_respondents_read(pseudo_kit, tmp_path):
    from toolkit.questionnaire.catalogue import Catalogue

    instrument = Catalogue(pseudo_kit.store).get("local-diagnosis")
    question = instrument.questions[0]
    before = instrument.content_hash
    out = tmp_path / "qab.xlsx"
    export_workbook("qab", out, pseudo_kit.store)
    fill(out, {f"q:local-diagnosis:{question.id}:label": "ᐊᐱᖅᑯᑎ"})
    import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert question.text("qab") == "ᐊᐱᖅᑯᑎ"
    assert question.text("fr") == question.label["fr"]  # French stays the questionnaire's
    assert instrument.questions[1].text("qab") == instrument.questions[1].label["fr"]  # fallback
    assert Catalogue(pseudo_kit.store).get("local-diagnosis").content_hash == before


def test_a_translated_questionnaire_is_offered_in_its_new_language(pseudo_kit, tmp_path):
    from toolkit.questionnaire.catalogue import Catalogue

    instrument = Catalogue(pseudo_kit.store).get("local-diagnosis")
    assert instrument.offered_languages() == ("en", "fr")
    out = tmp_path / "qab.xlsx"
    export_workbook("qab", out, pseudo_kit.store)
    fill(out, {"q:local-diagnosis:title": "ᑲᒪᓂᑎ ᓴᐃᕝᑎ"})
    import_workbook(out, pseudo_kit.store, data_folder=pseudo_kit.folder)
    assert instrument.offered_languages() == ("en", "fr", "qab")
    assert instrument.label("qab") == "ᑲᒪᓂᑎ ᓴᐃᕝᑎ"
