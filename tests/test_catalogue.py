"""The questionnaire catalogue: bundled plus imported, by content hash, kept in the database."""

import copy
import json

import pytest

from tests.xlsform_helpers import form
from toolkit.cli import main
from toolkit.context import Toolkit
from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.catalogue import (
    Catalogue,
    ReservedIdError,
    UnknownInstrumentError,
    VersionTakenError,
)
from toolkit.questionnaire.xlsform import read_xlsform
from toolkit.sessions import SessionService


def imported(version=1, label="How are you?", instrument_id="partner-form"):
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition.update(id=instrument_id, version=version)
    definition["sections"][0]["questions"][0]["label"] = {"en": label, "fr": label}
    return instrument_from_definition(definition)


def test_bundled_questionnaires_are_there_without_a_store():
    catalogue = Catalogue()
    assert [i.id for i in catalogue.instruments()] == ["group-session", "local-diagnosis"]
    digest = bundled_instrument("local-diagnosis").content_hash
    assert catalogue.by_hash(digest).id == "local-diagnosis"
    with pytest.raises(UnknownInstrumentError):
        catalogue.get("partner-form")


def test_an_imported_questionnaire_is_kept_and_used_to_create_sessions(kit):
    catalogue = Catalogue(kit.store)
    first = imported()
    assert catalogue.add(first, "partner.xlsx") is True
    assert catalogue.add(first, "partner.xlsx") is False  # the same content: nothing new
    assert catalogue.get("partner-form").content_hash == first.content_hash
    entry = catalogue.find(first)
    assert entry.origin == "imported" and entry.source == "partner.xlsx" and entry.added_at
    service = SessionService(kit.store)
    session = service.create_session("Kahnawà:ke", "partner-form")
    assert session.instrument_hash == first.content_hash
    assert service.instrument(session).question(first.questions[0].id).label["en"] == \
        "How are you?"


def test_versions_and_reserved_ids(kit):
    catalogue = Catalogue(kit.store)
    catalogue.add(imported(1), "v1.xlsx")
    with pytest.raises(VersionTakenError):
        catalogue.add(imported(1, label="Changed"), "v1b.xlsx")
    catalogue.add(imported(2, label="Changed"), "v2.xlsx")
    assert catalogue.get("partner-form").version == 2
    assert [e.instrument.version for e in catalogue.entries() if e.origin == "imported"] == [1, 2]
    with pytest.raises(ReservedIdError) as caught:
        catalogue.add(imported(3, instrument_id="local-diagnosis"), "x.xlsx")
    assert "comes with the app" in caught.value.user_message()
    assert len(catalogue.entries()) == 4  # nothing kept by the refusals


def test_imported_questionnaires_survive_reopening_the_data_folder(data_dir):
    kit = Toolkit(data_dir)
    Catalogue(kit.store).add(imported(), "partner.xlsx")
    kit.close(backup=False)
    again = Toolkit(data_dir)
    try:
        assert Catalogue(again.store).get("partner-form").version == 1
    finally:
        again.close(backup=False)


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_import_list_and_export(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    path = form(tmp_path / "partner.xlsx", ["text", "x", "X?", "X ?"])
    code, out, err = run(capsys, *d, "instruments", "import", str(path), "--check")
    assert code == 0 and "nothing was kept" in out
    code, out, _ = run(capsys, *d, "instruments", "list", "--json")
    assert [e["id"] for e in json.loads(out)] == ["group-session", "local-diagnosis"]
    code, out, _ = run(capsys, *d, "instruments", "import", str(path))
    assert code == 0 and "test-form, version 2, added (1 question)" in out
    code, out, _ = run(capsys, *d, "instruments", "import", str(path))
    assert code == 0 and "already here" in out
    code, out, _ = run(capsys, *d, "instruments", "list", "--json")
    listed = json.loads(out)
    assert listed[-1]["id"] == "test-form" and listed[-1]["origin"] == "imported"
    code, out, _ = run(capsys, *d, "instruments")
    assert "test-form\t2" in out and "local-diagnosis\t2" in out
    back = tmp_path / "back.xlsx"
    code, out, _ = run(capsys, *d, "instruments", "export", "test-form", "--out", str(back))
    assert code == 0 and read_xlsform(back).content_hash == listed[-1]["hash"]
    code, out, _ = run(capsys, *d, "session", "new", "--community", "X", "--instrument",
                       "test-form")
    assert code == 0
    code, _out, err = run(capsys, *d, "blank-form", "test-form", "--out",
                          str(tmp_path / "blank.pdf"))
    assert code == 0 and (tmp_path / "blank.pdf").stat().st_size > 1000


def test_cli_refusals_are_one_line_and_keep_nothing(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    bad = form(tmp_path / "bad.xlsx", ["geopoint", "where", "Where?", "Où ?"])
    code, out, err = run(capsys, *d, "--lang", "fr", "instruments", "import", str(bad))
    assert code == 1 and "bad.xlsx" in err and "ligne 4" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, *d, "instruments", "export", "group-session", "--out",
                         str(tmp_path / "g.xlsx"))
    assert code == 1 and "votes" in err and not (tmp_path / "g.xlsx").exists()
    code, out, _ = run(capsys, *d, "instruments", "list", "--json")
    assert len(json.loads(out)) == 2


def test_only_the_catalogue_reads_the_bundled_files():
    """Every caller asks the catalogue (so imported questionnaires are everywhere a bundled
    one is); a direct call of the bundled loader elsewhere would hide them."""
    import ast
    from pathlib import Path

    import toolkit

    root = Path(toolkit.__file__).parent
    allowed = {root / "questionnaire" / n for n in ("loader.py", "catalogue.py", "__init__.py")}
    names = {"bundled_instrument", "bundled_instruments", "bundled_instrument_versions",
             "load_instrument_file", "INSTRUMENTS_DIR"}
    found = []
    for path in sorted(root.rglob("*.py")):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            used = (node.id if isinstance(node, ast.Name) else
                    node.attr if isinstance(node, ast.Attribute) else None)
            if isinstance(node, ast.ImportFrom):
                found += [f"{path.relative_to(root)}: {a.name}" for a in node.names
                          if a.name in names]
            elif used in names:
                found.append(f"{path.relative_to(root)}: {used}")
    assert not found


def test_a_given_version_comes_from_the_catalogue(kit):
    catalogue = Catalogue(kit.store)
    assert catalogue.get("local-diagnosis", 1).version == 1
    assert catalogue.get("local-diagnosis").version == 2
    catalogue.add(imported(1), "v1.xlsx")
    catalogue.add(imported(2, label="Changed"), "v2.xlsx")
    assert catalogue.get("partner-form", 1).questions[0].label["en"] == "How are you?"
    with pytest.raises(UnknownInstrumentError):
        catalogue.get("partner-form", 3)
    session = SessionService(kit.store).create_session("X", "partner-form", version=1)
    assert session.instrument_hash == imported(1).content_hash
