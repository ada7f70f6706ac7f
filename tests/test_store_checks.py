"""Issue 13, points 3, 4, 9 and 11: checks that cannot change anything, built on a correct
URI, that find a foreign -wal, an empty database, and index damage (repaired with consent)."""

import os
import shutil
import sqlite3
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.store_helpers import add_community, crash_with_wal, names_in
from toolkit.context import Toolkit
from toolkit.errors import DatabaseDamagedError, DatabaseMissingError, ForeignJournalError
from toolkit.store import Store
from toolkit.store.backups import make_backup, restore_backup
from toolkit.store.checks import full_check, quick_check, sqlite_uri

ODD = ["a#b", "what?", "100%", "with space", "Kahnawà:ke ᐃᓄᒃ", "%23", "x?mode=rw#y"]


@pytest.mark.parametrize("name", ODD)
def test_uri_opens_exactly_the_named_file(tmp_path, name):
    folder = tmp_path / name
    folder.mkdir()
    path = folder / "t.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE here (x)")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.rglob("*"))
    ro = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
    assert ro.execute("SELECT name FROM sqlite_master").fetchall() == [("here",)]
    ro.close()
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_uri_of_windows_paths():
    assert sqlite_uri(PureWindowsPath(r"C:\Users\Zoé\a#b\toolkit.sqlite"), mode="ro") == \
        "file:///C:/Users/Zo%C3%A9/a%23b/toolkit.sqlite?mode=ro"
    assert sqlite_uri(PureWindowsPath(r"\\server\share\50% off?\t.sqlite")) == \
        "file://server/share/50%25%20off%3F/t.sqlite"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_characters="/\0",
                                      blacklist_categories=("Cs",)), min_size=1, max_size=8),
                min_size=1, max_size=3))
def test_uri_round_trips_any_posix_path(parts):
    from urllib.parse import unquote, urlsplit

    path = PurePosixPath("/", *parts, "toolkit.sqlite")
    uri = sqlite_uri(path, mode="ro")
    split = urlsplit(uri)
    assert split.scheme == "file" and split.query == "mode=ro" and not split.fragment
    assert unquote(split.path) == str(path)


@pytest.mark.parametrize("name", ["data#1", "data?x", "50%", "données été"])
def test_damaged_backup_in_an_odd_folder_is_refused(tmp_path, name):
    folder = tmp_path / name
    kit = Toolkit(folder)
    add_community(kit.store, "Healthy")
    backup = kit.backup_now()
    data = bytearray(backup.path.read_bytes())
    for offset in range(4096 * 2, len(data)):
        data[offset] = (data[offset] * 7 + 13) % 256
    backup.path.write_bytes(bytes(data))
    from toolkit.errors import BackupError

    with pytest.raises(BackupError):
        kit.restore(backup.path)
    assert [r[0] for r in kit.store.conn.execute("SELECT name FROM communities")] == ["Healthy"]
    kit.close(backup=False)


def test_a_legitimate_wal_after_a_crash_is_kept_and_read(data_dir):
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    add_community(store, "Before")
    store.close()
    crash_with_wal(db, "Only in the WAL")
    store = Store.open(db)
    assert sorted(r[0] for r in store.conn.execute("SELECT name FROM communities")) == [
        "Before", "Only in the WAL"]
    store.close()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_wal_from_another_database_is_refused_and_left_untouched(tmp_path):
    import subprocess
    import sys

    mine, other = tmp_path / "mine", tmp_path / "other"
    mine.mkdir()
    other.mkdir()
    store = Store.open(mine / "toolkit.sqlite")
    add_community(store, "Mine")
    store.close()
    # another laptop's database, created and killed before its first checkpoint
    subprocess.run([sys.executable, "-c",
                    "import os, sys; from toolkit.store import Store; "
                    "Store.open(sys.argv[1]); os._exit(0)", str(other / "toolkit.sqlite")],
                   check=True)
    shutil.copy(other / "toolkit.sqlite-wal", mine / "toolkit.sqlite-wal")
    before = _snapshot(mine)
    with pytest.raises(ForeignJournalError) as info:
        Store.open(mine / "toolkit.sqlite")
    assert "toolkit.sqlite-wal" in info.value.user_message()
    assert _snapshot(mine) == before
    with pytest.raises(ForeignJournalError):
        full_check(mine / "toolkit.sqlite")
    assert _snapshot(mine) == before


def test_a_backup_copied_by_hand_over_a_database_with_a_wal_is_refused(data_dir):
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    add_community(store, "Live")
    backup = make_backup(store, data_dir)
    store.close()
    crash_with_wal(db, "Unsaved")
    shutil.copy(backup.path, db)  # what a person might do to "restore"
    before = _snapshot(data_dir)
    with pytest.raises(ForeignJournalError):
        Store.open(db)
    assert _snapshot(data_dir) == before


def test_checks_change_nothing_even_with_a_wal(data_dir):
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    add_community(store, "One")
    store.close()
    crash_with_wal(db, "Two")
    before = _snapshot(data_dir)
    quick_check(db)
    assert full_check(db).ok
    after = _snapshot(data_dir)
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == \
        {k: v for k, v in before.items() if not k.endswith("-shm")}
    assert set(after) <= set(before) | {"toolkit.sqlite-shm"}


def test_checking_a_closed_database_leaves_no_new_files(data_dir):
    db = data_dir / "toolkit.sqlite"
    Store.open(db).close()
    before = sorted(os.listdir(data_dir))
    quick_check(db)
    full_check(db)
    assert sorted(os.listdir(data_dir)) == before


@pytest.mark.parametrize("how", ["empty", "missing"])
def test_an_empty_or_missing_database_with_backups_is_not_silently_replaced(data_dir, how):
    kit = Toolkit(data_dir)
    add_community(kit.store, "Saved")
    kit.backup_now()
    kit.close(backup=False)
    if how == "empty":
        kit.database_path.write_bytes(b"")
    else:
        kit.database_path.unlink()
    kit = Toolkit(data_dir)
    with pytest.raises(DatabaseMissingError):
        kit.open_store()
    assert (kit.database_path.stat().st_size == 0) if how == "empty" else \
        not kit.database_path.exists()
    store = restore_backup(data_dir, kit.backups()[0].path)
    assert [r[0] for r in store.conn.execute("SELECT name FROM communities")] == ["Saved"]
    store.close()


def test_starting_empty_is_a_choice_and_keeps_the_empty_file(data_dir):
    kit = Toolkit(data_dir)
    kit.backup_now()
    kit.close(backup=False)
    kit.database_path.write_bytes(b"")
    kit = Toolkit(data_dir)
    kit.start_empty()
    assert kit.store.schema_version > 0
    assert [p for p in data_dir.iterdir() if ".empty-" in p.name]
    kit.close(backup=False)


def _damage_an_index(db: Path) -> None:
    """Rows added while the index is thought to cover another column: the index no longer
    matches the table, but every row is intact."""
    conn = sqlite3.connect(db, isolation_level=None)
    right = conn.execute("SELECT sql FROM sqlite_master WHERE name='sessions_by_community'"
                         ).fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX sessions_by_community ON "
                 "sessions(title)' WHERE name = 'sessions_by_community'")
    conn.close()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO communities VALUES ('c', 'C', 'x', 'x', 1)")
    conn.execute("INSERT INTO instruments VALUES ('h', 'i', 1, '{}', 'x')")
    for i in range(20):
        conn.execute("INSERT INTO sessions(id, community_id, instrument_hash, title, "
                     "session_date, mode, created_at, updated_at) VALUES "
                     "(?, 'c', 'h', ?, '2026-01-01', 'kiosk', 'x', 'x')", (f"s{i}", f"T{i}"))
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'sessions_by_community'",
                 (right,))
    conn.close()


def test_index_damage_is_found_by_the_full_check_and_repaired_by_reindex(data_dir):
    kit = Toolkit(data_dir)
    kit.close(backup=False)
    Store.open(kit.database_path).close()
    _damage_an_index(kit.database_path)
    verdict = kit.full_check()
    assert not verdict.ok and verdict.index_only, verdict.messages
    assert kit.reindex().ok
    assert kit.store.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 20
    kit.close(backup=False)


def test_table_damage_is_not_offered_reindex(data_dir):
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    with store.transaction() as conn:
        for i in range(400):
            conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                         "VALUES (?, ?, 'x', 'x')", (f"id-{i}", "Kahnawà:ke " * 20))
    store.close()
    data = bytearray(db.read_bytes())
    last = len(data) - 4096
    for offset in range(last + 200, last + 4000):
        data[offset] = (data[offset] * 7 + 13) % 256
    db.write_bytes(bytes(data))
    verdict = full_check(db)
    assert not verdict.ok and not verdict.index_only


def test_the_daily_backup_refuses_a_damaged_database(data_dir):
    from toolkit.store.backups import backup_if_due, list_backups

    db = data_dir / "toolkit.sqlite"
    Store.open(db).close()
    _damage_an_index(db)
    store = Store.open(db)
    with pytest.raises(DatabaseDamagedError):
        backup_if_due(store, data_dir)
    store.close()
    assert list_backups(data_dir) == []


def test_a_truncated_file_is_damage_found_without_reading_every_page(data_dir):
    db = data_dir / "toolkit.sqlite"
    store = Store.open(db)
    add_community(store, "x")
    store.close()
    data = db.read_bytes()
    db.write_bytes(data[: len(data) - 4096])
    with pytest.raises(DatabaseDamagedError):
        quick_check(db)
    assert names_in  # helper imported for other tests


def test_a_schema_that_is_not_ours_is_found_at_open_through_sqlite_utils(data_dir):
    from toolkit.store import checks

    db = data_dir / "toolkit.sqlite"
    Store.open(db).close()  # verified once: its fingerprint is remembered
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE sessions DROP COLUMN place")
    conn.commit()
    conn.close()
    checks._verified_marks.clear()
    before = db.read_bytes()
    with pytest.raises(DatabaseDamagedError):
        Store.open(db)
    assert db.read_bytes() == before
    conn = sqlite3.connect(db)
    assert checks.schema_problems(conn, 3) == ["column sessions.place missing"]
    conn.close()


def test_a_verified_schema_is_not_introspected_again(data_dir, monkeypatch):
    from toolkit.store import checks

    db = data_dir / "toolkit.sqlite"
    Store.open(db).close()
    checks._verified_marks.clear()
    monkeypatch.setattr(checks, "schema_problems", lambda *a: pytest.fail("introspected"))
    Store.open(db).close()


def test_opening_does_work_that_does_not_grow_with_the_data(tmp_path, monkeypatch):
    """Issue 13, point 11, counted in SQLite virtual-machine steps (not time): opening a store
    with 200 times more answers costs about the same (bench/bench_open.py times it)."""
    def store_with(answers: int) -> Path:
        path = tmp_path / f"{answers}.sqlite"
        Store.open(path).close()
        conn = sqlite3.connect(path)
        conn.execute("INSERT INTO communities VALUES ('c', 'C', 'x', 'x', 1)")
        conn.execute("INSERT INTO instruments VALUES ('h', 'i', 1, '{}', 'x')")
        conn.execute("INSERT INTO sessions(id, community_id, instrument_hash, session_date, "
                     "mode, created_at, updated_at) VALUES ('s', 'c', 'h', 'd', 'kiosk', 'x', 'x')")
        conn.executemany("INSERT INTO respondents(id, session_id, number, created_at, "
                         "updated_at) VALUES (?, 's', ?, 'x', 'x')",
                         ((f"r{n}", n + 1) for n in range(answers // 50)))
        conn.executemany("INSERT INTO answers VALUES (?, ?, '3', 'x', 1)",
                         ((f"r{n // 50}", f"q{n % 50}") for n in range(answers)))
        conn.commit()
        conn.close()
        Store.open(path).close()  # first open: schema verified, WAL mode set
        return path

    small, big = store_with(500), store_with(100_000)
    real = sqlite3.connect

    def counted(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.set_progress_handler(lambda: steps.__setitem__(0, steps[0] + 1) or 0, 1)
        return conn

    monkeypatch.setattr(sqlite3, "connect", counted)
    cost = {}
    for path in (small, big):
        steps = [0]
        Store.open(path).close()
        cost[path] = steps[0]
    assert cost[big] < 1.5 * cost[small], cost
