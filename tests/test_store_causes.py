"""Issue 13, points 1 and 8: errors classified by cause; a full disk is not damage."""

import errno
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.store_helpers import add_community, fill, names_in, small_disk
from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.errors import (
    Cause,
    DatabaseDamagedError,
    DiskFullError,
    ToolkitError,
    classify,
    describe,
)
from toolkit.store import Store


def sqlite_error(code, text="x"):
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize("code, cause", [
    (13, Cause.DISK_FULL), (8, Cause.READ_ONLY), (8 | (1 << 8), Cause.READ_ONLY),
    (5, Cause.LOCKED), (6, Cause.LOCKED), (10 | (3 << 8), Cause.IO), (11, Cause.DAMAGED),
    (26, Cause.DAMAGED), (1, Cause.OTHER),
])
def test_sqlite_extended_codes_are_classified(code, cause):
    assert classify(sqlite_error(code)) is cause


@pytest.mark.parametrize("number, cause", [
    (errno.ENOSPC, Cause.DISK_FULL), (errno.EROFS, Cause.READ_ONLY),
    (errno.EACCES, Cause.READ_ONLY), (errno.EIO, Cause.IO),
])
def test_errno_is_classified(number, cause):
    assert classify(OSError(number, os.strerror(number))) is cause


def test_real_sqlite_errors_carry_their_codes(tmp_path):
    path = tmp_path / "x.sqlite"
    path.write_bytes(b"x" * 4096)
    with pytest.raises(sqlite3.DatabaseError) as info:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    assert classify(info.value) is Cause.DAMAGED


def test_full_disk_at_start_is_not_called_damage_and_the_database_is_untouched(tmp_path):
    with small_disk(tmp_path / "disk", "3m") as disk:
        data = disk / "data"
        kit = Toolkit(data)
        add_community(kit.store, "Kept")
        kit.close(backup=False)
        # a backup exists, so a restore would be offered if this were taken for damage
        store = Store.open(kit.database_path)
        from toolkit.store.backups import make_backup

        make_backup(store, data)
        store.close()
        before = kit.database_path.read_bytes()
        fill(disk)
        kit = Toolkit(data)
        with pytest.raises(ToolkitError) as info:
            kit.open_store()
        assert not isinstance(info.value, DatabaseDamagedError)
        assert isinstance(info.value, DiskFullError), info.value
        kit.close(backup=False)
        assert kit.database_path.read_bytes() == before
        assert not [p for p in data.iterdir() if ".damaged-" in p.name]
        (disk / "filler.bin").unlink()
        assert names_in(kit.database_path) == ["Kept"]


def test_full_disk_cli_prints_one_translated_line_and_no_logging_traceback(tmp_path,
                                                                           subprocess_env):
    with small_disk(tmp_path / "disk", "3m") as disk:
        data = disk / "data"
        kit = Toolkit(data)
        add_community(kit.store, "Kept")
        kit.close(backup=False)
        fill(disk)
        env = dict(subprocess_env, TOOLKIT_DATA_DIR=str(data))
        for lang, words in (("en", "disk is full"), ("fr", "disque est plein")):
            result = subprocess.run(
                [sys.executable, "-m", "toolkit", "--lang", lang, "backup", "now"],
                env=env, capture_output=True, text=True, timeout=120)
            assert result.returncode == 1
            assert "Logging error" not in result.stderr and "Traceback" not in result.stderr
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
            assert words in result.stderr, result.stderr
            for english in ("database or disk is full", "No space left", "disk I/O error"):
                assert english not in result.stderr


def test_backup_error_in_french_has_no_english_sqlite_text(kit, monkeypatch):
    from toolkit.errors import BackupError, as_toolkit_error

    i18n.set_language("fr")
    exc = BackupError(reason=as_toolkit_error(sqlite_error(13, "database or disk is full")))
    text = describe(exc)
    assert "disque est plein" in text and "database or disk" not in text
    io = OSError(errno.EXDEV, "Invalid cross-device link", "/x")
    assert "Invalid cross-device" not in describe(io)
