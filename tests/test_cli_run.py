"""`toolkit run SESSION`: the questionnaire window from a desktop shortcut, in a process of
its own (as the shortcut starts it)."""

from __future__ import annotations

import subprocess
import sys

from toolkit import cli
from toolkit.context import Toolkit
from toolkit.sessions import SessionService


def run(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "toolkit", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_run_opens_a_locked_kiosk_with_the_code_from_a_file(data_dir, subprocess_env, tmp_path):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="facilitator")
    kit.close(backup=False)
    code = tmp_path / "code.txt"
    code.write_text("97531\nignored\n", encoding="utf-8")
    env = dict(subprocess_env, QT_QPA_PLATFORM="offscreen", TOOLKIT_EXIT_WHEN_SHOWN="1")
    # No dialog may ask for the code: it would wait for ever and time out here.
    result = run(env, "--data-dir", str(data_dir), "--lang", "fr", "run", session.id[:8],
                 "--mode", "kiosk", "--exit-code-file", str(code))
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("shown "))
    assert line.startswith("shown kiosk fullscreen=1 locked=1 ")
    assert "libre-service" in line or "kiosque" in line  # the window speaks French


def test_run_opens_a_facilitator_window(data_dir, subprocess_env):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="facilitator")
    kit.close(backup=False)
    env = dict(subprocess_env, QT_QPA_PLATFORM="offscreen", TOOLKIT_EXIT_WHEN_SHOWN="1")
    result = run(env, "--data-dir", str(data_dir), "run", session.id)
    assert result.returncode == 0, result.stderr
    assert "shown facilitator fullscreen=0 locked=0" in result.stdout


def test_run_with_a_bad_session_says_so_in_one_line(data_dir, capsys):
    assert cli.main(["--data-dir", str(data_dir), "--lang", "fr", "run", "zzzz9999"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and "session" in err.lower()


def test_run_with_a_short_exit_code_says_so(data_dir, tmp_path, capsys):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="kiosk")
    kit.close(backup=False)
    code = tmp_path / "code.txt"
    code.write_text("12\n", encoding="utf-8")
    assert cli.main(["--data-dir", str(data_dir), "run", session.id,
                     "--exit-code-file", str(code)]) == 1
    err = capsys.readouterr().err.strip()
    assert "4 digits" in err and len(err.splitlines()) == 1
