"""tools/catalogs.py: `make translations` leaves a clean tree byte-identical, and
`make translations-check` fails on an incomplete or uncompiled catalog without writing."""

import shutil
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import catalogs  # noqa: E402


@pytest.fixture
def locale(tmp_path, monkeypatch):
    """A copy of the committed catalogs that the tool works on instead."""
    copy = tmp_path / "locale"
    shutil.copytree(catalogs.LOCALE, copy)
    monkeypatch.setattr(catalogs, "ROOT", tmp_path)
    monkeypatch.setattr(catalogs, "LOCALE", copy)
    monkeypatch.setattr(catalogs, "POT", copy / "toolkit.pot")
    monkeypatch.chdir(ROOT)
    return copy


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def edit_po(path: Path, change) -> None:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=None if path.suffix == ".pot" else path.parent.parent.name)
    change(catalog)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, no_location=True, sort_output=True)


def test_extracting_unchanged_strings_leaves_the_template_as_it_is(locale):
    before = snapshot(locale)
    assert catalogs.extract() == 0
    assert snapshot(locale) == before


def test_extracting_changed_strings_writes_the_template(locale):
    pot = locale / "toolkit.pot"
    edit_po(pot, lambda c: c.delete(next(m.id for m in c if m.id and isinstance(m.id, str))))
    assert catalogs.extract() == 0
    with pot.open("rb") as fh:
        with (catalogs.LOCALE / "en" / "LC_MESSAGES" / "toolkit.po").open("rb") as en:
            assert catalogs._ids(read_po(fh)) == catalogs._ids(read_po(en))


def test_the_committed_catalogs_pass_the_check_without_a_write(locale, capsys):
    before = snapshot(locale)
    assert catalogs.check() == 0
    assert snapshot(locale) == before


def test_an_untranslated_french_string_fails_the_check(locale, capsys):
    fr = locale / "fr" / "LC_MESSAGES" / "toolkit.po"

    def untranslate(catalog):
        message = next(m for m in catalog if m.id and isinstance(m.id, str))
        message.string = ""

    edit_po(fr, untranslate)
    before = snapshot(locale)
    assert catalogs.check() == 1
    err = capsys.readouterr().err
    assert "fr/LC_MESSAGES/toolkit.po: 1 strings not translated" in err
    assert "toolkit.mo is not compiled from toolkit.po" in err  # the .mo still has it
    assert snapshot(locale) == before


def test_a_string_missing_from_a_catalog_fails_the_check(locale, capsys):
    en = locale / "en" / "LC_MESSAGES" / "toolkit.po"
    edit_po(en, lambda c: c.delete(next(m.id for m in c if m.id and isinstance(m.id, str))))
    assert catalogs.check() == 1
    assert "en/LC_MESSAGES/toolkit.po: 1 strings missing" in capsys.readouterr().err


def test_a_missing_compiled_catalog_fails_the_check(locale, capsys):
    (locale / "fr" / "LC_MESSAGES" / "toolkit.mo").unlink()
    assert catalogs.check() == 1
    assert "fr/LC_MESSAGES/toolkit.mo is missing" in capsys.readouterr().err
