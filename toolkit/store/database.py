"""Opening the SQLite store safely: check first, change nothing until the file is known good.

Order on open: `checks.quick_check()` (read-only, constant cost: header, page count against
file size, a foreign `-wal`, the schema through sqlite-utils, the schema version); only then
is the file opened read-write and WAL mode, durability and migrations applied. A damaged or
too-new file is reported and left byte-for-byte as it was; a full disk, a read-only folder or
a lock is reported as what it is (errors.classify), never as damage.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import Cause, as_toolkit_error, classify
from toolkit.store.checks import quick_check, trust_schema
from toolkit.store.migrations import current_version, migrate

if TYPE_CHECKING:  # sqlite-utils is imported lazily: it costs ~70 ms of start-up
    import sqlite_utils

    from toolkit.store.backups import Backup

log = logging.getLogger("toolkit.store")

# FULL: each commit fsyncs the WAL, so an answer shown as saved survives a power cut,
# not only a crash. Measured cost and reasoning: docs/architecture.md, bench/bench_store.py.
SYNCHRONOUS = "FULL"


def inspect_database(path: Path) -> int:
    """Check a database file without changing it (the quick check); return its version."""
    return quick_check(Path(path))


class Store:
    """The toolkit's database: one connection, autocommit, explicit transactions."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        # set by a restore: the backup of the data it replaced
        self.before_restore: Backup | None = None
        self.set_aside = False  # set by a restore: the replaced file was damaged, kept aside
        self.created = False  # set by open(): the file was new or empty

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if absent) and migrate; raise a ToolkitError if it must not be used."""
        path = Path(path)
        created = quick_check(path) == 0
        conn = None
        try:
            conn = sqlite3.connect(path, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            conn.execute("PRAGMA foreign_keys = ON")
            applied = migrate(conn)
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            log.error("database %s could not be opened: %s (%s)", path, exc,
                      getattr(exc, "sqlite_errorname", getattr(exc, "errno", "?")))
            if classify(exc, path.parent) is Cause.OTHER:  # a bug, not the disk: as it is
                raise
            raise as_toolkit_error(exc, near=path.parent, path=path) from exc
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        if applied:
            log.info("database %s migrated to versions %s", path, applied)
            trust_schema(conn, path)
        store = cls(path, conn)
        store.created = created  # made by this open: nothing in it to check yet
        return store

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
