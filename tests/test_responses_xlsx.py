"""Responses as XLSX: sheets, text cells that are never formulas, codebook and session
sheets, and import back."""

import openpyxl
import pytest

from toolkit.demo import add_demo
from toolkit.exchange.responses import export_responses, import_responses
from toolkit.exchange.spreadsheet import SheetImportError, SheetOptions
from toolkit.sessions import SessionService


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


@pytest.fixture
def demo(service):
    return add_demo(service)[0]


def test_workbook_has_responses_codebook_and_session(service, demo, tmp_path):
    path = tmp_path / "r.xlsx"
    export_responses(service, demo, path, options=SheetOptions("columns", "labels", "fr"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Réponses", "Dictionnaire des données", "Séance"]
    responses = wb["Réponses"]
    header = [c.value for c in responses[1]]
    assert "respondent_role/youth" in header and "safe_day" in header
    assert responses.max_row == 31
    row = {h: c.value for h, c in zip(header, responses[2])}
    assert row["respondent_role/youth"] in (0, 1)
    assert row["community"] == "Birch Lake"
    codebook = {r[0]: r for r in wb["Dictionnaire des données"].iter_rows(values_only=True)}
    safe_day = codebook["safe_day"]
    number = service.instrument(demo).numbers["safe_day"]
    assert safe_day[2] == f"{number}. I feel safe walking alone in my neighbourhood during the day."
    assert safe_day[3].startswith(f"{number}. ") and "jour" in safe_day[3]
    assert codebook["respondent_role/youth"][5] == "youth = Youth"
    assert "1 = Strongly disagree" in safe_day[5] and "5 = Tout à fait d’accord" in safe_day[6]
    skipped = [r for r in codebook.values() if r[7] and r[7].startswith("Answer only if")]
    assert skipped and all(r[8].startswith("Répondez seulement si") for r in skipped)
    session = {r[0]: r[1] for r in wb["Séance"].iter_rows(values_only=True)}
    assert session["Communauté"] == "Birch Lake" and session["Date de la séance"] == "2026-10-14"
    assert session["Version du questionnaire"] == str(service.instrument(demo).version)
    assert session["Langue de la séance"] == "English" and session["Répondants"] == "30"


def test_text_cells_are_text_never_formulas(service, tmp_path):
    s = service.create_session("X")
    r = service.add_respondent(s.id, paper_number="001")
    service.save_answer(r.id, "unsafe_places", '=HYPERLINK("http://x.invalid","click")')
    path = tmp_path / "f.xlsx"
    export_responses(service, service.get(s.id), path)
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in ws[1]]
    cell = ws.cell(2, header.index("unsafe_places") + 1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and cell.quotePrefix
    paper = ws.cell(2, header.index("paper_number") + 1)
    assert paper.data_type == "s" and paper.value == "001"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_a_formula_typed_in_excel_is_refused_where_it_is(service, tmp_path):
    s = service.create_session("X")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["paper_number", "safe_day", "unsafe_places"])
    ws.append(["1", 4, "=1+1"])
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, path)
    assert "Row 2, column C: this cell holds a formula" in info.value.user_message()
    assert service.respondents(s.id) == []


def test_damaged_and_oversized_workbooks_are_refused(service, tmp_path):
    import zipfile

    s = service.create_session("X")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, bad)
    assert "not a valid XLSX" in info.value.user_message()
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/big.xml", b"\0" * 210_000_000)
    with pytest.raises(SheetImportError) as info:
        import_responses(service, s, bomb)
    assert "too large" in info.value.user_message()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_v1_and_v2_sessions_side_by_side(service, tmp_path, fmt):
    """The demo's community has a v1 baseline and a v2 follow-up: each session's spreadsheet
    and codebook follow its own questionnaire version, and each reads back unchanged."""
    sessions = add_demo(service)
    by_version = {service.instrument(s).version: s for s in sessions
                  if service.instrument(s).id == "local-diagnosis"}
    assert set(by_version) == {1, 2}
    for version, session in by_version.items():
        instrument = service.instrument(session)
        path = tmp_path / f"v{version}.{fmt}"
        export_responses(service, session, path, options=SheetOptions("columns", "codes", "en"))
        if fmt == "xlsx":
            wb = openpyxl.load_workbook(path)
            header = [c.value for c in wb.worksheets[0][1]]
            codebook = {r[0] for r in wb.worksheets[1].iter_rows(values_only=True)}
            assert ("food_worry" in codebook) == (version == 2)
            session_sheet = {r[0]: r[1] for r in wb.worksheets[2].iter_rows(values_only=True)}
            assert session_sheet["Questionnaire version"] == str(version)
        else:
            header = path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        asked = {q.id for q in instrument.questions}
        assert ("food_worry" in header) == ("food_worry" in asked) == (version == 2)
        plan = import_responses(service, session, path, check=True)
        assert plan.new == [] and plan.updated == [] and plan.unchanged == session.respondents
