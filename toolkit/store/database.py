"""Opening the SQLite store safely: check first, change nothing until the file is known good.

Order on open: the file header is SQLite's, `PRAGMA quick_check` passes, the schema is not
newer than ours; only then are WAL mode, durability and migrations applied. A damaged or
too-new file is reported and left byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import DatabaseDamagedError, DatabaseTooNewError
from toolkit.store.migrations import LATEST_VERSION, current_version, migrate

if TYPE_CHECKING:  # sqlite-utils is imported lazily: it costs ~70 ms of start-up
    import sqlite_utils

log = logging.getLogger("toolkit.store")

SQLITE_MAGIC = b"SQLite format 3\x00"
# FULL: each commit fsyncs the WAL, so an answer shown as saved survives a power cut,
# not only a crash. Measured cost and reasoning: docs/architecture.md, bench/bench_store.py.
SYNCHRONOUS = "FULL"


def check_file(path: Path) -> None:
    """Raise DatabaseDamagedError unless `path` is absent, empty, or starts like SQLite."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    if head and head != SQLITE_MAGIC:
        raise DatabaseDamagedError(path=str(path))


def inspect_database(path: Path) -> int:
    """Check a database file without changing it; return its schema version."""
    check_file(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return _checked_version(conn, path)
    finally:
        conn.close()


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        version = current_version(conn)
    except sqlite3.DatabaseError as exc:
        log.error("database %s unreadable: %s", path, exc)
        raise DatabaseDamagedError(path=str(path)) from exc
    if rows != [("ok",)]:
        log.error("database %s failed quick_check: %s", path, rows[:10])
        raise DatabaseDamagedError(path=str(path))
    if version > LATEST_VERSION:
        raise DatabaseTooNewError(path=str(path), found=version, supported=LATEST_VERSION)
    return version


class Store:
    """The toolkit's database: one connection, autocommit, explicit transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if absent) and migrate; raise a ToolkitError if it must not be used."""
        path = Path(path)
        check_file(path)
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            _checked_version(conn, path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 5000")
            applied = migrate(conn)
        except BaseException:
            conn.close()
            raise
        if applied:
            log.info("database %s migrated to versions %s", path, applied)
        return cls(path, conn)

    @property
    def db(self) -> sqlite_utils.Database:
        """The same connection seen through sqlite-utils, for the services' table work."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @property
    def schema_version(self) -> int:
        return current_version(self.conn)

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def installation_id(self) -> str:
        return self.meta("installation_id") or ""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        if self.conn is None:
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:  # a failed checkpoint loses nothing: the WAL stays
            log.warning("checkpoint on close failed: %s", exc)
        self.conn.close()
        self.conn = None  # type: ignore[assignment]
        self._db = None
