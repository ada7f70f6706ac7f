"""Issue 13, CLI: the command line tells a newcomer what happened."""

import json
import os
import subprocess
import sys

from toolkit.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_no_display_says_what_to_do_instead_of_aborting(subprocess_env):
    env = {k: v for k, v in subprocess_env.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    for lang, words in (("en", "toolkit --self-test"), ("fr", "affichage")):
        result = subprocess.run([sys.executable, "-m", "toolkit", "--lang", lang], env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, result
        assert words in result.stderr and "xcb" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_session_actions_say_what_they_changed(data_dir, capsys):
    d = ["--data-dir", data_dir]
    sid = run(capsys, *d, "session", "new", "--community", "Wendake", "--date",
              "2026-11-20")[1].strip()
    code, out, _ = run(capsys, *d, "session", "close", sid[:8])
    assert code == 0 and "Closed the session Wendake" in out and sid[:8] in out
    assert "already closed" in run(capsys, *d, "session", "close", sid)[1]
    assert "Reopened" in run(capsys, *d, "session", "reopen", sid)[1]
    assert "to the trash" in run(capsys, *d, "session", "delete", sid)[1]
    assert "back from the trash" in run(capsys, *d, "session", "restore", sid)[1]
    run(capsys, *d, "session", "delete", sid)
    code, out, _ = run(capsys, *d, "session", "empty-trash")
    assert out.strip() == "1 session was deleted for good from the trash."
    assert "already empty" in run(capsys, *d, "session", "empty-trash")[1]
    code, out, _ = run(capsys, *d, "--lang", "fr", "session", "empty-trash")
    assert "corbeille" in out


def test_demo_says_what_it_made_and_does_not_duplicate(data_dir, capsys):
    d = ["--data-dir", data_dir]
    code, out, err = run(capsys, *d, "demo")
    first = out.split()
    assert code == 0 and len(first) == 3  # the 2026 survey, the youth circle, the 2024 baseline
    assert "Birch Lake" in err and "30 respondents" in err and "2024 baseline survey" in err
    code, out, err = run(capsys, *d, "demo")
    assert out.split() == first and "already there" in err
    listed = json.loads(run(capsys, *d, "session", "list", "--json")[1])
    assert sorted(s["id"] for s in listed) == sorted(first)


def test_export_preview_is_a_readable_summary_and_json_on_request(data_dir, tmp_path, capsys):
    d = ["--data-dir", data_dir]
    survey = run(capsys, *d, "demo")[1].split()[0]
    code, out, _ = run(capsys, *d, "export", survey[:8], "--share", "responses", "--out",
                       tmp_path / "x.ccsc", "--preview")
    assert code == 0 and "Birch Lake" in out and "30 respondents" in out
    assert "Nothing was written" in out and not out.lstrip().startswith("{")
    code, out, _ = run(capsys, *d, "export", survey[:8], "--share", "responses", "--out",
                       tmp_path / "x.ccsc", "--preview", "--json")
    assert json.loads(out)["manifest"]["sessions"] == [survey]
    assert not (tmp_path / "x.ccsc").exists()


def test_backup_check_and_repair(data_dir, capsys):
    from tests.test_store_checks import _damage_an_index

    d = ["--data-dir", data_dir]
    assert run(capsys, *d, "info")[0] == 0
    assert run(capsys, *d, "backup", "check")[0] == 0
    _damage_an_index(data_dir / "toolkit.sqlite")
    code, out, _ = run(capsys, *d, "backup", "check")
    assert code == 1 and "Only indexes are damaged" in out and "--repair" in out
    code, out, _ = run(capsys, *d, "backup", "check", "--repair")
    assert code == 0 and "rebuilt" in out
    assert "no damage found" in run(capsys, *d, "backup", "check")[1]
    name = run(capsys, *d, "backup", "now")[1].strip().rsplit(os.sep, 1)[-1]
    assert run(capsys, *d, "backup", "check", name)[0] == 0
