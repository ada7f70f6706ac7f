"""The command-line contract: --version, --data-dir, clear one-line errors, exit codes."""

import json
import subprocess
import sys

from toolkit import __version__
from toolkit.cli import main


def run(args, env):
    return subprocess.run([sys.executable, "-m", "toolkit", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_version(subprocess_env):
    result = run(["--version"], subprocess_env)
    assert result.returncode == 0
    assert result.stdout.strip() == f"toolkit {__version__}"


def test_data_dir_option_creates_the_database_there(tmp_path, capsys):
    folder = tmp_path / "elsewhere"
    assert main(["--data-dir", str(folder), "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["data_dir"] == str(folder.resolve())
    assert (folder / "toolkit.sqlite").is_file()
    assert main(["info", "--data-dir", str(folder), "--json"]) == 0  # option after the command


def test_environment_variable_sets_the_data_dir(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TOOLKIT_DATA_DIR", str(tmp_path / "env"))
    assert main(["info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["data_dir"] == str((tmp_path / "env").resolve())


def test_damaged_database_gives_one_clear_line_and_changes_nothing(data_dir, subprocess_env):
    db = data_dir / "toolkit.sqlite"
    db.write_bytes(b"not a database at all" * 50)
    before = db.read_bytes()
    result = run(["info"], subprocess_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "damaged" in result.stderr
    assert db.read_bytes() == before
    french = run(["--lang", "fr", "info"], subprocess_env)
    assert "endommagée" in french.stderr


def test_backup_commands_round_trip(data_dir, capsys):
    args = ["--data-dir", str(data_dir)]
    assert main([*args, "backup", "now"]) == 0
    made = capsys.readouterr().out.strip()
    assert main([*args, "backup", "list"]) == 0
    listing = capsys.readouterr().out
    name = made.rsplit("/", 1)[-1]
    assert name in listing
    assert main([*args, "backup", "restore", name]) == 0
    assert "Restored" in capsys.readouterr().out


def test_unknown_backup_name_fails_cleanly(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "backup", "restore", "nope.sqlite"]) == 1
    err = capsys.readouterr().err
    assert "nope.sqlite" in err and "Traceback" not in err


def test_usage_errors_exit_2(subprocess_env):
    result = run(["no-such-command"], subprocess_env)
    assert result.returncode == 2


def test_usage_errors_follow_the_chosen_language(tmp_path, capsys):
    import pytest

    from toolkit import i18n

    try:
        with pytest.raises(SystemExit) as exit_info:
            main(["--data-dir", str(tmp_path), "--lang", "fr", "session", "new"])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "utilisation\u00a0:" in err and "obligatoires\u00a0: --community" in err
        with pytest.raises(SystemExit):
            main(["--data-dir", str(tmp_path), "--lang", "en", "session", "new"])
        assert "the following arguments are required: --community" in capsys.readouterr().err
    finally:
        i18n.set_language("en")


def test_an_unusable_data_folder_gives_one_line_and_no_traceback(tmp_path, subprocess_env):
    """In a real process (pytest's own log handlers would hide logging's stderr fallback)."""
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("x")
    result = run(["--data-dir", str(not_a_folder), "info"], subprocess_env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_gui_script_takes_the_same_options_as_toolkit(monkeypatch, capsys):
    """`toolkit-gui` is toolkit.cli:gui_main (not in toolkit.ui: the UI never imports the
    command line); it reads sys.argv as `toolkit` does."""
    import tomllib
    from pathlib import Path

    from toolkit import cli

    config = tomllib.loads((Path(cli.__file__).parent.parent / "pyproject.toml")
                           .read_text(encoding="utf-8"))
    assert config["project"]["gui-scripts"]["toolkit-gui"] == "toolkit.cli:gui_main"
    monkeypatch.setattr(sys, "argv", ["toolkit-gui", "--version"])
    try:
        code = cli.gui_main()
    except SystemExit as exc:
        code = exc.code
    assert code == 0 and __version__ in capsys.readouterr().out
