"""`toolkit export`, `toolkit import`, `toolkit exchange ...` from the command line."""

import json

from tests.exchange_helpers import db_digest, open_kit
from toolkit.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_export_import_round_trip(data_dir, tmp_path, capsys):
    src, hub = ["--data-dir", data_dir], ["--data-dir", tmp_path / "hub"]
    sessions = run(capsys, *src, "demo")[1].split()
    out = tmp_path / "birch.ccsc"
    code, text, err = run(capsys, *src, "export", "--share", "responses", "--out", out)
    assert code == 0, err
    assert "3 sessions, 61 respondents" in text and "free-text answers stayed" in text
    code, text, _ = run(capsys, *hub, "import", out)
    assert code == 0 and "3 sessions added" in text and "61 respondents added" in text
    code, text, _ = run(capsys, *hub, "import", out)
    assert code == 0 and "already imported; nothing changed" in text
    listed = json.loads(run(capsys, *hub, "session", "list", "--json")[1])
    assert sorted(s["id"] for s in listed) == sorted(sessions)
    history = json.loads(run(capsys, *src, "exchange", "history", "--json")[1])
    assert history[0]["level"] == "responses" and history[0]["file_name"] == "birch.ccsc"
    imports = json.loads(run(capsys, *hub, "exchange", "imports", "--json")[1])
    assert [i["changed"] for i in imports] == [False, True]
    rows = json.loads(run(capsys, *hub, "exchange", "hub", "--json", "--share", "responses")[1])
    assert len(rows) == 3 and rows[0]["community"] == "Birch Lake"
    code, text, _ = run(capsys, *hub, "exchange", "hub", "--community", "Birch Lake")
    assert code == 0 and len(text.strip().splitlines()) == 3


def test_named_sessions_preview_and_french(data_dir, tmp_path, capsys):
    src = ["--data-dir", data_dir]
    survey = run(capsys, *src, "demo")[1].split()[0]
    code, text, _ = run(capsys, *src, "export", survey[:8], "--share", "responses",
                        "--out", tmp_path / "x.ccsc", "--preview", "--json")
    data = json.loads(text)
    assert code == 0 and data["manifest"]["sessions"] == [survey]
    assert not (tmp_path / "x.ccsc").exists()
    code, _, err = run(capsys, *src, "--lang", "fr", "export", "--share", "full", "--out",
                       tmp_path / "y.ccsc", "--community", "Nowhere")
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_encrypted_with_passphrase_file(data_dir, tmp_path, capsys):
    src, hub = ["--data-dir", data_dir], ["--data-dir", tmp_path / "hub"]
    run(capsys, *src, "demo")
    secret, wrong = tmp_path / "pass.txt", tmp_path / "wrong.txt"
    secret.write_text("une phrase secrète\n", encoding="utf-8")
    wrong.write_text("another phrase\n", encoding="utf-8")
    out = tmp_path / "e.ccsc"
    code, text, _ = run(capsys, *src, "export", "--share", "responses", "--out", out,
                        "--passphrase-file", secret)
    assert code == 0 and "encrypted" in text
    code, _, err = run(capsys, *hub, "import", out)
    assert code == 1 and "encrypted" in err
    code, _, err = run(capsys, *hub, "--lang", "fr", "import", out, "--passphrase-file", wrong)
    assert code == 1 and "phrase de passe" in err and "Traceback" not in err
    code, text, _ = run(capsys, *hub, "import", out, "--passphrase-file", secret)
    assert code == 0 and "61 respondents added" in text


def test_one_bad_file_does_not_stop_the_others(data_dir, tmp_path, capsys):
    src, hub = ["--data-dir", data_dir], ["--data-dir", tmp_path / "hub"]
    run(capsys, *src, "demo")
    good, bad = tmp_path / "good.ccsc", tmp_path / "bad.ccsc"
    run(capsys, *src, "export", "--share", "responses", "--out", good)
    bad.write_bytes(good.read_bytes()[:500])
    kit = open_kit(tmp_path / "hub")
    kit.close(backup=False)
    code, text, err = run(capsys, *hub, "import", bad, good)
    assert code == 1 and "bad.ccsc" in err and "good.ccsc" in text
    assert len(err.strip().splitlines()) == 1


def test_failed_import_leaves_the_database_unchanged(data_dir, tmp_path, capsys):
    hub = open_kit(tmp_path / "hub")
    before = db_digest(hub)
    bad = tmp_path / "bad.ccsc"
    bad.write_bytes(b"PK\x03\x04 not really")
    hub.close(backup=False)
    code, _, err = run(capsys, "--data-dir", tmp_path / "hub", "import", bad)
    assert code == 1 and "not imported" in err
    hub = open_kit(tmp_path / "hub")
    assert db_digest(hub) == before
    hub.close(backup=False)


def test_summary_level_from_the_command_line(data_dir, tmp_path, capsys):
    src, hub = ["--data-dir", data_dir], ["--data-dir", tmp_path / "hub"]
    run(capsys, *src, "demo")
    out = tmp_path / "sum.ccsc"
    assert run(capsys, *src, "export", "--share", "summary", "--out", out)[0] == 0
    code, text, _ = run(capsys, *hub, "import", out)
    assert code == 0 and "3 sessions added" in text
    rows = json.loads(run(capsys, *hub, "exchange", "hub", "--json")[1])
    assert sorted((r["level"], r["respondents"]) for r in rows) == [("summary", 1),
                                                                    ("summary", 30),
                                                                    ("summary", 30)]
    assert json.loads(run(capsys, *hub, "session", "list", "--json")[1]) == []
