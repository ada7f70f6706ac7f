"""Sessions, responses and demo data through the command line."""

import json

import pytest

from toolkit.cli import main


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_session_new_and_list(data_dir, capsys):
    d = ["--data-dir", str(data_dir)]
    code, out, _ = run(capsys, *d, "session", "new", "--community", "Kahnawà:ke",
                       "--date", "2026-11-20", "--mode", "paper", "--place", "Hall")
    assert code == 0
    sid = out.strip()
    code, out, _ = run(capsys, *d, "session", "list", "--json")
    listed = json.loads(out)
    assert listed[0]["id"] == sid and listed[0]["community"] == "Kahnawà:ke"
    assert listed[0]["mode"] == "paper" and listed[0]["date"] == "2026-11-20"
    assert run(capsys, *d, "session", "close", sid[:8])[0] == 0
    assert json.loads(run(capsys, *d, "session", "list", "--json")[1])[0]["status"] == "closed"
    assert run(capsys, *d, "session", "delete", sid)[0] == 0
    assert json.loads(run(capsys, *d, "session", "list", "--json")[1]) == []
    assert run(capsys, *d, "session", "restore", sid)[0] == 0


def test_bad_date_is_one_clear_line(data_dir, capsys):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--lang", "fr", "session", "new",
                         "--community", "X", "--date", "20/11/2026")
    assert code == 1 and "AAAA-MM-JJ" in err and "20/11/2026" in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--data-dir", str(data_dir), "session", "list", "--json")[1].strip() == "[]"


def test_instruments_demo_and_csv(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    code, out, _ = run(capsys, *d, "instruments")
    assert code == 0 and "local-diagnosis" in out and "group-session" in out
    code, out, _ = run(capsys, *d, "demo")
    survey = out.split()[0]
    csv_path = tmp_path / "r.csv"
    assert run(capsys, *d, "responses", "export", survey, "--out", str(csv_path))[0] == 0
    target = run(capsys, *d, "session", "new", "--community", "Copy")[1].strip()
    code, out, _ = run(capsys, *d, "responses", "import", target, str(csv_path))
    assert code == 0 and "30" in out
    broken = tmp_path / "broken.csv"
    broken.write_text("respondent,safe_day\n1,11\n", encoding="utf-8")
    code, out, err = run(capsys, *d, "responses", "import", target, str(broken))
    assert code == 1 and "Row 2, column B (safe_day)" in err
    sessions = json.loads(run(capsys, *d, "session", "list", "--json")[1])
    assert [s["respondents"] for s in sessions if s["id"] == target] == [30]


def test_responses_export_formats_and_import_check(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    survey = run(capsys, *d, "demo")[1].split()[0]
    xlsx = tmp_path / "r.xlsx"
    assert run(capsys, *d, "responses", "export", survey, "--out", str(xlsx))[0] == 0
    assert xlsx.read_bytes()[:4] == b"PK\x03\x04"  # the extension chose XLSX
    forced = tmp_path / "r.data"
    assert run(capsys, *d, "responses", "export", survey, "--out", str(forced),
               "--format", "xlsx", "--multi", "cell", "--values", "codes")[0] == 0
    assert forced.read_bytes()[:4] == b"PK\x03\x04"
    target = run(capsys, *d, "session", "new", "--community", "Copy")[1].strip()
    code, out, _ = run(capsys, *d, "responses", "import", target, str(xlsx), "--check")
    assert code == 0 and "nothing was changed" in out and "30 new respondents would be added" in out
    sessions = json.loads(run(capsys, *d, "session", "list", "--json")[1])
    assert [s["respondents"] for s in sessions if s["id"] == target] == [0]
    assert run(capsys, *d, "responses", "import", target, str(forced))[0] == 0
    code, out, _ = run(capsys, *d, "responses", "import", target, str(xlsx))
    assert code == 0 and "30 respondents are already in this session, unchanged." in out
    sessions = json.loads(run(capsys, *d, "session", "list", "--json")[1])
    assert [s["respondents"] for s in sessions if s["id"] == target] == [30]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_responses_export_never_overwrites_the_database(data_dir, capsys):
    """Refused before the workbook is built: no half-built sheet prints a traceback."""
    d = ["--data-dir", str(data_dir)]
    survey = run(capsys, *d, "demo")[1].split()[0]
    database = data_dir / "toolkit.sqlite"
    before = database.read_bytes()[:100]
    for fmt in ("csv", "xlsx"):
        code, out, err = run(capsys, *d, "responses", "export", survey, "--out", str(database),
                             "--format", fmt)
        assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert "nothing was written" in err
    assert database.read_bytes()[:100] == before
