"""Issue 13, points 2 and 6 (and 1): one restore path for the CLI and the GUI, a before-restore
backup that must exist, and an atomic swap that a crash at any step cannot break."""

import os
import subprocess
import sys

import pytest

from tests.store_helpers import (
    ROOT,
    add_community,
    crash_with_wal,
    fill,
    names_in,
    small_disk,
)
from toolkit.cli import main
from toolkit.context import Toolkit
from toolkit.errors import BeforeRestoreError, InUseError
from toolkit.store import Store
from toolkit.store.backups import RESTORE_STEPS, list_backups, make_backup


def _folder_with_backup(data_dir):
    """A database with 'Old' (and 'Late', only in its WAL, as after a crash) and a backup
    holding 'Backup' only."""
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    add_community(store, "Backup")
    with store.transaction() as conn:  # another table, so that a mix of the two shows
        conn.execute("INSERT INTO meta VALUES ('which', 'backup')")
    backup = make_backup(store, data_dir)
    with store.transaction() as conn:
        conn.execute("UPDATE communities SET name = 'Old', id = 'Old'")
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'which'")
    store.close()
    crash_with_wal(db, "Late")
    return db, backup


def test_cli_restore_makes_a_before_restore_backup_first(data_dir, capsys):
    db, backup = _folder_with_backup(data_dir)
    assert main(["--data-dir", str(data_dir), "backup", "restore", backup.path.name]) == 0
    assert names_in(db) == ["Backup"]
    before = [b for b in list_backups(data_dir) if b.reason == "before-restore"]
    assert len(before) == 1
    assert names_in(before[0].path) == ["Late", "Old"]  # including what was only in the WAL
    out = capsys.readouterr().out
    assert backup.path.name in out and before[0].path.name in out


def test_no_before_restore_backup_means_no_restore(data_dir, monkeypatch):
    from toolkit.store import backups

    db, backup = _folder_with_backup(data_dir)

    def no_room(*args, **kwargs):
        raise backups.BackupError(reason=backups.as_toolkit_error(OSError(28, "full")))

    monkeypatch.setattr(backups, "make_backup", no_room)
    kit = Toolkit(data_dir)
    with pytest.raises(BeforeRestoreError) as info:
        kit.restore(backup.path)
    assert "disk is full" in info.value.user_message()
    kit.close(backup=False)
    assert names_in(db) == ["Late", "Old"]
    assert not [p for p in data_dir.iterdir() if ".damaged-" in p.name]


def test_restore_on_a_full_disk_restores_nothing_and_moves_nothing(tmp_path):
    with small_disk(tmp_path / "disk", "3m") as disk:
        data = disk / "data"
        data.mkdir()
        db, backup = _folder_with_backup(data)
        fill(disk)
        kit = Toolkit(data)
        with pytest.raises(Exception) as info:
            kit.restore(backup.path)
        assert "disk is full" in info.value.user_message()
        kit.close(backup=False)
        (disk / "filler.bin").unlink()
        assert names_in(db) == ["Late", "Old"]
        assert not [p for p in data.iterdir() if ".damaged-" in p.name or "tmp" in p.name]


def test_restore_is_refused_while_another_instance_holds_the_folder(data_dir):
    db, backup = _folder_with_backup(data_dir)
    other = Toolkit(data_dir)  # e.g. the app, open beside the command
    kit = Toolkit(data_dir)
    with pytest.raises(InUseError):
        kit.restore(backup.path)
    other.close(backup=False)
    kit.restore(backup.path)
    kit.close(backup=False)
    assert names_in(db) == ["Backup"]


CRASH = """
import os, sys
from pathlib import Path
from toolkit.context import Toolkit
from toolkit.store import backups
step = sys.argv[2]
backups.step_hook = lambda name: os._exit(70) if name == step else None
kit = Toolkit(Path(sys.argv[1]))
kit.restore(Path(sys.argv[3]))
os._exit(0)
"""


def _state(store):
    return (sorted(r[0] for r in store.conn.execute("SELECT name FROM communities")),
            store.meta("which"))


OLD, NEW = (["Late", "Old"], "old"), (["Backup"], "backup")


@pytest.mark.parametrize("step", RESTORE_STEPS)
def test_a_crash_at_any_step_leaves_the_old_or_the_new_database(data_dir, step):
    db, backup = _folder_with_backup(data_dir)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", CRASH, str(data_dir), step,
                             str(backup.path)], env=env, capture_output=True, text=True)
    assert result.returncode == 70, result.stderr
    kit = Toolkit(data_dir)  # the next start
    store = kit.open_store()
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    found = _state(store)
    kit.close(backup=False)
    assert found in (OLD, NEW), (step, found)
    if RESTORE_STEPS.index(step) >= RESTORE_STEPS.index("renamed"):
        assert found == NEW
    # what the killed restore left behind is cleaned at that next start
    assert not [p for p in data_dir.iterdir() if p.name.endswith(".toolkit-tmp")]


FS_CRASH = """
import os, shutil, sys
from pathlib import Path
limit, calls = int(sys.argv[2]), [0]
def dying(real):
    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] == limit:
            os._exit(70)
        return real(*args, **kwargs)
    return call
from toolkit.context import Toolkit
kit = Toolkit(Path(sys.argv[1]))
for module, name in ((os, "replace"), (os, "rename"), (os, "unlink"), (os, "remove"),
                     (shutil, "copyfile")):
    setattr(module, name, dying(getattr(module, name)))
kit.restore(Path(sys.argv[3]))
os._exit(0)
"""


def test_a_crash_before_any_file_operation_leaves_the_old_or_the_new_database(tmp_path):
    """Independent of how restore is written: the child dies just before its Nth rename,
    removal or copy, for every N until the restore gets through."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for limit in range(1, 40):
        data_dir = tmp_path / f"run{limit}"
        data_dir.mkdir()
        db, backup = _folder_with_backup(data_dir)
        result = subprocess.run([sys.executable, "-c", FS_CRASH, str(data_dir), str(limit),
                                 str(backup.path)], env=env, capture_output=True, text=True)
        assert result.returncode in (0, 70), result.stderr
        kit = Toolkit(data_dir)
        store = kit.open_store()
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = _state(store)
        kit.close(backup=False)
        assert found in (OLD, NEW), (limit, found)
        if result.returncode == 0:
            assert found == NEW
            break
    else:
        pytest.fail("the restore never completed")
