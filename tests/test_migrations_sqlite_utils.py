"""Issue 13: migrations are written with sqlite-utils inside our transactional steps."""

import sqlite3

import pytest

from toolkit.store import Store
from toolkit.store import migrations as mig
from toolkit.store.migrations import LATEST_VERSION, Migration, transform, utils_step


def _with(monkeypatch, *steps):
    monkeypatch.setattr(mig, "MIGRATIONS", [*mig.MIGRATIONS,
                                            Migration(LATEST_VERSION + 1, "test", list(steps))])


def _fill(path):
    store = Store.open(path)
    with store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'C', 'x', 'x', 1)")
        conn.execute("INSERT INTO instruments VALUES ('h', 'i', 1, '{}', 'x')")
        conn.execute("INSERT INTO sessions(id, community_id, instrument_hash, session_date, "
                     "mode, created_at, updated_at) VALUES ('s', 'c', 'h', 'd', 'kiosk', 'x', 'x')")
        conn.execute("INSERT INTO respondents(id, session_id, number, created_at, updated_at) "
                     "VALUES ('r', 's', 1, 'x', 'x')")
        conn.execute("INSERT INTO answers VALUES ('r', 'q', '4', 'x', 1)")
    store.close()


def test_a_sqlite_utils_migration_is_applied_in_one_transaction(tmp_path, monkeypatch):
    path = tmp_path / "t.sqlite"
    _fill(path)

    def notes(db):
        db["notes"].create({"id": str, "session_id": str, "text": str}, pk="id",
                           foreign_keys=[("session_id", "sessions", "id")])
        db["notes"].create_index(["session_id"])
        db["sessions"].add_column("weather", str)
        transform(db, "sessions", rename={"place": "venue"})

    _with(monkeypatch, utils_step(notes))
    store = Store.open(path)
    assert store.schema_version == LATEST_VERSION + 1
    assert "venue" in store.db["sessions"].columns_dict
    assert store.db["notes"].indexes
    # the sessions table was rebuilt, yet the rows that reference it by a cascading key stay
    assert store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()


def test_a_failing_sqlite_utils_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "t.sqlite"
    _fill(path)

    def half(db):
        db["half_done"].create({"id": int}, pk="id")
        transform(db, "sessions", rename={"place": "venue"})
        db["sessions"].add_column("weather", str)

    _with(monkeypatch, utils_step(half), "THIS IS NOT SQL")
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, nothing is kept
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name='half_done'").fetchall()
    columns = [r[1] for r in conn.execute("PRAGMA table_info(sessions)")]
    assert "place" in columns and "venue" not in columns and "weather" not in columns
    assert conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 1
    conn.close()


def test_a_migration_that_breaks_a_foreign_key_is_rolled_back(tmp_path, monkeypatch):
    path = tmp_path / "t.sqlite"
    _fill(path)
    _with(monkeypatch, "DELETE FROM sessions")
    with pytest.raises(mig.MigrationError):
        Store.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    conn.close()
