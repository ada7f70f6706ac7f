"""ODK Central / KoboToolbox submissions exports into a session: mapped, all or nothing,
and imported again with no change."""

import csv
import json
import random

import openpyxl
import pytest

from tests.kind_helpers import assert_every_kind
from toolkit.cli import main
from toolkit.demo import generate_answers
from toolkit.exchange.submissions import SubmissionsError, import_submissions
from toolkit.questionnaire.answers import effective_answers
from toolkit.sessions import SessionService


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


def odk_cell(value) -> str:
    return " ".join(value) if isinstance(value, list) else str(value)


def kobo_rows(instrument, count=6, seed=7, sep="/"):
    """A KoboToolbox-style export: group/field headers, Kobo's own columns, answers as ODK
    writes them (space-separated selections, rank listing every choice)."""
    rng = random.Random(seed)
    header = ["start", "end"]
    for q in instrument.questions:
        header.append(f"{q.section}{sep}{q.id}")
        if q.other:
            header.append(f"{q.section}{sep}{q.id}_other")
    header += [f"meta{sep}instanceID", "_id", "_uuid", "_submission_time", "_index"]
    rows, expected = [], []
    for n in range(count):
        answers = generate_answers(instrument, rng, "en")
        expected.append(answers)
        row = ["2026-11-20T10:00:00", "2026-11-20T10:20:00"]
        for q in instrument.questions:
            value = answers.get(q.id, "")
            if q.type == "ranking" and value:  # ODK's rank orders every choice
                value = value + [c for c in q.choice_ids() if c not in value]
            row.append(odk_cell(value) if value != "" else "")
            if q.other:
                row.append(answers.get(q.other_key, ""))
        uid = f"{n:08d}-aaaa-4bbb-8ccc-{seed:012d}"
        row += [f"uuid:{uid}", str(100 + n), uid, "2026-11-20T10:21:00", str(n + 1)]
        rows.append(row)
    return header, rows, expected


def write_csv(path, header, rows, delimiter=";"):
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_a_kobo_export_is_imported_and_again_with_no_change(service, tmp_path):
    session = service.create_session("Kahnawà:ke")
    instrument = service.instrument(session)
    header, rows, expected = kobo_rows(instrument)
    path = write_csv(tmp_path / "kobo.csv", header, rows)
    result = import_submissions(service, session, path)
    assert (result.added, result.unchanged) == (6, 0)
    stored = list(service.all_answers(session.id).values())
    assert [effective_answers(instrument, a) for a in stored] == \
        [effective_answers(instrument, a) for a in expected]
    assert {r.status for r in service.respondents(session.id)} == {"complete"}
    revision = service.get(session.id).revision
    again = import_submissions(service, service.get(session.id), path)
    assert (again.added, again.unchanged) == (0, 6)
    assert service.get(session.id).revision == revision  # nothing written at all
    assert len(service.respondents(session.id)) == 6


def test_a_later_export_adds_only_the_new_submissions(service, tmp_path):
    session = service.create_session("X")
    header, rows, _expected = kobo_rows(service.instrument(session), count=5)
    import_submissions(service, session, write_csv(tmp_path / "a.csv", header, rows[:3]))
    result = import_submissions(service, service.get(session.id),
                                write_csv(tmp_path / "b.csv", header, rows))
    assert (result.added, result.unchanged) == (2, 3)
    assert [r.number for r in service.respondents(session.id)] == [1, 2, 3, 4, 5]


def test_an_odk_central_xlsx_export_with_dash_prefixes(service, tmp_path):
    session = service.create_session("X")
    header, rows, expected = kobo_rows(service.instrument(session), count=3, sep="-")
    header = ["SubmissionDate", *header[2:-4], "KEY", "SubmitterID", "ReviewState"]
    rows = [["2026-11-20", *r[2:-4], r[-4], "5", ""] for r in rows]
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    for row in rows:  # numbers as numbers, as a spreadsheet holds them
        workbook.active.append([int(c) if c.isdigit() else c for c in row])
    workbook.save(tmp_path / "central.xlsx")
    result = import_submissions(service, session, tmp_path / "central.xlsx")
    assert result.added == 3
    instrument = service.instrument(session)
    assert [effective_answers(instrument, a) for a in service.all_answers(session.id).values()] \
        == [effective_answers(instrument, a) for a in expected]


def test_the_dry_run_changes_nothing(service, tmp_path):
    session = service.create_session("X")
    header, rows, _ = kobo_rows(service.instrument(session), count=2)
    result = import_submissions(service, session, write_csv(tmp_path / "k.csv", header, rows),
                                check=True)
    assert result.added == 2 and result.checked_only
    assert service.respondents(session.id) == []


def refused(service, session, path) -> SubmissionsError:
    with pytest.raises(SubmissionsError) as caught:
        import_submissions(service, session, path)
    assert service.respondents(session.id) == []
    return caught.value


def test_one_bad_cell_refuses_the_whole_file_naming_row_and_column(service, tmp_path):
    session = service.create_session("X")
    header, rows, _ = kobo_rows(service.instrument(session), count=4)
    column = header.index("safety/safe_day")
    rows[2][column] = "7"
    error = refused(service, session, write_csv(tmp_path / "bad.csv", header, rows))
    assert [(e.row, e.column) for e in error.errors] == [(4, "safety/safe_day")]
    assert "Row 4, column safety/safe_day" in error.user_message()


def test_header_problems_are_refused(service, tmp_path):
    session = service.create_session("X")
    header, rows, _ = kobo_rows(service.instrument(session), count=2)
    key = header.index("meta/instanceID")
    no_key = [h for i, h in enumerate(header) if i not in (key, header.index("_uuid"))]
    cut = [[c for i, c in enumerate(r) if i not in (key, header.index("_uuid"))] for r in rows]
    assert "instanceID" in refused(service, session,
                                   write_csv(tmp_path / "a.csv", no_key, cut)).user_message()
    stranger = write_csv(tmp_path / "b.csv", header + ["colour"], [r + ["blue"] for r in rows])
    error = refused(service, session, stranger)
    assert [(e.row, e.column) for e in error.errors] == [(1, "colour")]
    labels = write_csv(tmp_path / "c.csv", ["What kind of community?", "_uuid"], [["A", "x"]])
    assert "field names" in refused(service, session, labels).user_message()
    twice = write_csv(tmp_path / "d.csv", header, [rows[0], rows[0]])
    assert "also on row 2" in refused(service, session, twice).user_message()
    (tmp_path / "e.xlsx").write_bytes(b"PK\x03\x04 broken")
    assert "not an XLSX" in refused(service, session, tmp_path / "e.xlsx").user_message()


def test_a_changed_submission_is_refused_not_overwritten(service, tmp_path):
    session = service.create_session("X")
    header, rows, _ = kobo_rows(service.instrument(session), count=2)
    import_submissions(service, session, write_csv(tmp_path / "a.csv", header, rows))
    before = service.all_answers(session.id)
    column = header.index("safety/safe_day")
    rows[0][column] = "1" if rows[0][column] != "1" else "2"
    with pytest.raises(SubmissionsError) as caught:
        import_submissions(service, service.get(session.id),
                           write_csv(tmp_path / "b.csv", header, rows))
    assert "already in this session with other answers" in caught.value.user_message()
    assert service.all_answers(session.id) == before


def test_every_kind_has_an_odk_reading():
    assert_every_kind("odk")


def test_cli_import_check_then_import_then_again(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    assert main([*d, "session", "new", "--community", "X"]) == 0
    sid = capsys.readouterr().out.strip()
    from toolkit.questionnaire import bundled_instrument

    header, rows, _ = kobo_rows(bundled_instrument("local-diagnosis"), count=3)
    path = write_csv(tmp_path / "k.csv", header, rows, delimiter=",")
    assert main([*d, "submissions", "import", sid, str(path), "--check"]) == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert main([*d, "submissions", "import", sid, str(path)]) == 0
    assert "3 new submissions, 0 already here" in capsys.readouterr().out
    assert main([*d, "--lang", "fr", "submissions", "import", sid, str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 nouvelle soumission" in out and "3 déjà ici" in out
    assert main([*d, "session", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["respondents"] == 3
