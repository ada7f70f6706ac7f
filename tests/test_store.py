import sqlite3

import pytest

from toolkit.errors import DatabaseDamagedError, DatabaseTooNewError
from toolkit.store import LATEST_VERSION, Store
from toolkit.store import migrations as mig


def tables(store):
    return {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_new_database_is_migrated_from_empty(tmp_path):
    store = Store.open(tmp_path / "t.sqlite")
    try:
        assert store.schema_version == LATEST_VERSION
        assert {"communities", "instruments", "sessions", "respondents", "answers",
                "meta"} <= tables(store)
        assert len(store.installation_id) == 36
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        store.close()


def test_migrations_are_numbered_in_order():
    versions = [m.version for m in mig.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))  # in order, none twice, no gap


def test_revisioned_tables_carry_uuid_and_revision(tmp_path):
    store = Store.open(tmp_path / "t.sqlite")
    try:
        for table in ("communities", "sessions", "respondents"):
            cols = {r[1] for r in store.conn.execute(f"PRAGMA table_info({table})")}
            assert {"id", "revision", "created_at", "updated_at"} <= cols
    finally:
        store.close()


def test_foreign_keys_are_enforced(tmp_path):
    store = Store.open(tmp_path / "t.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO sessions(id, community_id, instrument_hash, session_date, mode,"
                " created_at, updated_at) VALUES ('s', 'missing', 'h', '2026-01-01', 'paper',"
                " 'x', 'x')")
    finally:
        store.close()


def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "t.sqlite"
    Store.open(path).close()
    broken = mig.Migration(LATEST_VERSION + 1, "broken", [
        "CREATE TABLE half_done (x INTEGER)",
        "THIS IS NOT SQL",
    ])
    monkeypatch.setattr(mig, "MIGRATIONS", [*mig.MIGRATIONS, broken])
    conn = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        mig.migrate(conn, target=LATEST_VERSION + 1)
    assert mig.current_version(conn) == LATEST_VERSION
    assert conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
    conn.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "t.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        Store.open(path)
    assert str(LATEST_VERSION + 5) in info.value.user_message()
    assert path.read_bytes() == before


def test_file_that_is_not_a_database_is_reported_not_overwritten(tmp_path):
    path = tmp_path / "t.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamagedError):
        Store.open(path)
    assert path.read_bytes() == before


def test_corrupted_pages_are_reported_not_overwritten(tmp_path):
    path = tmp_path / "t.sqlite"
    store = Store.open(path)
    with store.transaction() as conn:
        for i in range(400):
            conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                         "VALUES (?, ?, 'x', 'x')", (f"id-{i}", "Kahnawà:ke " * 20))
    store.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 4096 * 4
    for offset in range(4096 * 2, 4096 * 4):  # scramble pages 3 and 4
        data[offset] = (data[offset] * 7 + 13) % 256
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamagedError):
        Store.open(path)
    assert path.read_bytes() == bytes(data)


def test_transaction_rolls_back_on_error(tmp_path):
    store = Store.open(tmp_path / "t.sqlite")
    try:
        with pytest.raises(RuntimeError), store.transaction() as conn:
            conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                         "VALUES ('c1', 'Iqaluit', 'x', 'x')")
            raise RuntimeError("boom")
        assert store.conn.execute("SELECT count(*) FROM communities").fetchone()[0] == 0
    finally:
        store.close()


def test_sqlite_utils_view_shares_the_connection(tmp_path):
    store = Store.open(tmp_path / "t.sqlite")
    try:
        store.db["communities"].insert({"id": "c1", "name": "ᐃᖃᓗᐃᑦ", "created_at": "x",
                                        "updated_at": "x"})
        assert store.conn.execute("SELECT name FROM communities").fetchone()[0] == "ᐃᖃᓗᐃᑦ"
    finally:
        store.close()


def test_saved_files_get_usual_permissions_and_backups_stay_private(tmp_path):
    import os
    import stat

    from toolkit.fileio import atomic_output, atomic_write_bytes

    if os.name != "posix":
        return
    umask = os.umask(0o022)
    try:
        atomic_write_bytes(tmp_path / "report.pdf", b"%PDF")
        with atomic_output(tmp_path / "backup.sqlite", private=True) as tmp:
            tmp.write_bytes(b"x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "report.pdf").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "backup.sqlite").stat().st_mode) == 0o600
