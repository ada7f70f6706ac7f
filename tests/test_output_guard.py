"""Issue 13, point 5: no report, export, CSV or PDF is ever written over the store."""

import os

import pytest

from tests.store_helpers import names_in
from toolkit.cli import main
from toolkit.context import Toolkit
from toolkit.errors import OutputProtectedError
from toolkit.fileio import atomic_write_bytes


@pytest.fixture
def demo(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    survey = capsys.readouterr().out.split()[0]
    main(["--data-dir", str(data_dir), "backup", "now"])
    capsys.readouterr()
    return data_dir, survey


def targets(data_dir, tmp_path):
    """Every way a careless `--out` can reach the store."""
    db = data_dir / "toolkit.sqlite"
    backup = next((data_dir / "backups").iterdir())
    tmp_path.mkdir(exist_ok=True)
    link = tmp_path / "innocent.pdf"
    link.symlink_to(db)
    hard = tmp_path / "hard.csv"
    os.link(backup, hard)
    return {
        "database": db, "wal": data_dir / "toolkit.sqlite-wal",
        "shm": data_dir / "toolkit.sqlite-shm", "backup": backup,
        "new file among backups": data_dir / "backups" / "report.pdf",
        "symlink": link, "hard link": hard, "other case": data_dir / "TOOLKIT.SQLite",
        "dotted path": data_dir / "logs" / ".." / "toolkit.sqlite",
    }


def commands(survey, out):
    return {
        "report": ["report", survey[:8], "--out", str(out)],
        "export": ["export", survey[:8], "--share", "summary", "--out", str(out)],
        "responses": ["responses", "export", survey[:8], "--out", str(out)],
        "blank form": ["blank-form", "--out", str(out)],
        "guides pdf": ["guides", "pdf", "glossary", "--out", str(out)],
    }


@pytest.mark.parametrize("command", ["report", "export", "responses", "blank form",
                                     "guides pdf"])
def test_no_command_writes_over_the_store(demo, tmp_path, capsys, command):
    data, survey = demo
    for kind, target in targets(data, tmp_path / command).items():
        store_files = {p: p.read_bytes() for p in [data / "toolkit.sqlite",
                                                    *(data / "backups").iterdir()]}
        code = main(["--data-dir", str(data), *commands(survey, target)[command]])
        err = capsys.readouterr().err
        assert code == 1, (command, kind)
        assert "toolkit’s own data" in err and len(err.strip().splitlines()) == 1, err
        assert {p: p.read_bytes() for p in store_files} == store_files, (command, kind)
        assert not (data / "backups" / "report.pdf").exists()
    assert names_in(data / "toolkit.sqlite")


def test_the_refusal_is_translated(demo, capsys):
    data, survey = demo
    code = main(["--data-dir", str(data), "--lang", "fr", "report", survey[:8], "--out",
                 str(data / "toolkit.sqlite")])
    assert code == 1 and "propres données" in capsys.readouterr().err


def test_outputs_beside_the_store_are_still_allowed(kit):
    atomic_write_bytes(kit.folder / "report.pdf", b"%PDF")
    atomic_write_bytes(kit.folder / "toolkit.sqlite.pdf", b"%PDF")
    assert (kit.folder / "report.pdf").read_bytes() == b"%PDF"


def test_backups_themselves_may_still_be_written(kit):
    assert kit.backup_now().path.is_file()


def test_the_guard_lasts_as_long_as_the_data_folder_is_open(data_dir):
    kit = Toolkit(data_dir)
    kit.open_store()
    with pytest.raises(OutputProtectedError):
        atomic_write_bytes(kit.database_path, b"x")
    kit.close(backup=False)
