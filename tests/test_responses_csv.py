"""CSV export/import: round trip, all-or-nothing import, clear errors."""

import pytest

from toolkit import i18n
from toolkit.demo import add_demo
from toolkit.exchange.responses_csv import CsvImportError, export_csv, import_csv
from toolkit.sessions import SessionService


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


def answers_by_number(service, session):
    data = service.all_answers(session.id)
    return [(r.paper_number, data[r.id]) for r in service.respondents(session.id)]


def test_round_trip_gives_identical_answers(service, tmp_path):
    demo = add_demo(service)[0]
    first = tmp_path / "first.csv"
    assert export_csv(service, demo, first) == 30
    raw = first.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    copy = service.create_session("Copy", session_date="2026-11-01")
    assert import_csv(service, service.get(copy.id), first) == 30
    assert answers_by_number(service, copy) == answers_by_number(service, demo)
    second = tmp_path / "second.csv"
    export_csv(service, service.get(copy.id), second)
    assert second.read_bytes() == raw


def write(path, text, encoding="utf-8-sig"):
    path.write_bytes(text.encode(encoding))
    return path


def test_bad_csv_changes_nothing_and_names_row_and_column(service, tmp_path):
    s = service.create_session("X")
    bad = write(tmp_path / "bad.csv",
                "respondent,paper_number,safe_day,community_kind\n"
                "1,A1,4,city\n"
                "2,A2,9,city\n"
                "3,A3,2,atlantis\n")
    with pytest.raises(CsvImportError) as info:
        import_csv(service, service.get(s.id), bad)
    message = info.value.user_message()
    assert "Row 3, column safe_day" in message and "Row 4, column community_kind" in message
    assert service.respondents(s.id) == []
    i18n.set_language("fr")
    assert "Ligne 3, colonne safe_day" in info.value.user_message()


def test_unknown_column_and_duplicate_paper_numbers(service, tmp_path):
    s = service.create_session("X", mode="paper")
    with pytest.raises(CsvImportError) as info:
        import_csv(service, s, write(tmp_path / "a.csv", "respondent,shoe_size\n1,9\n"))
    assert "shoe_size" in info.value.user_message()
    dup = write(tmp_path / "b.csv", "paper_number,safe_day\n7,1\n7,2\n")
    with pytest.raises(CsvImportError) as info:
        import_csv(service, s, dup)
    assert "column paper_number" in info.value.user_message()
    service.add_respondent(s.id, paper_number="8")
    with pytest.raises(CsvImportError):
        import_csv(service, s, write(tmp_path / "c.csv", "paper_number,safe_day\n8,1\n"))
    assert len(service.respondents(s.id)) == 1


def test_french_excel_semicolons_and_plain_utf8(service, tmp_path):
    s = service.create_session("X")
    f = write(tmp_path / "fr.csv",
              "paper_number;respondent_role;unsafe_places\n1;\"youth;parent\";Près du quai\n",
              encoding="utf-8")
    assert import_csv(service, s, f) == 1
    answers = list(service.all_answers(s.id).values())[0]
    assert answers == {"respondent_role": ["youth", "parent"], "unsafe_places": "Près du quai"}


def test_not_utf8_and_empty_files_are_refused(service, tmp_path):
    s = service.create_session("X")
    with pytest.raises(CsvImportError) as info:
        import_csv(service, s, write(tmp_path / "l1.csv", "unsafe_places\nPrès\n", "latin-1"))
    assert "UTF-8" in info.value.user_message()
    with pytest.raises(CsvImportError):
        import_csv(service, s, write(tmp_path / "e.csv", ""))
