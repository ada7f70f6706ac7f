"""Checks of a database file that cannot change it.

Every check opens the file read-only through a correctly quoted `file:` URI (a `#`, `?` or
`%` in a folder name must not open some other, new, empty file). Two levels:

- `quick_check()`: run at every open, its cost does not grow with the data: the header
  (magic, page size, page count against the file size), a `-wal` that belongs to another
  copy of the database, the schema through sqlite-utils' introspection compared with what our
  migrations build (skipped while `sqlite_master` matches a fingerprint already verified),
  and the first page of every table.
- `full_check()`: SQLite's `integrity_check` over every page, then the same schema check. Run
  with the daily backup, before a restore (on the candidate) and on demand
  (`toolkit backup check`). Its verdict says whether only indexes are damaged (repairable by
  REINDEX, with the user's consent) or the data itself (restore a backup).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path, PurePath
from typing import NamedTuple

from toolkit.errors import (
    Cause,
    DatabaseDamagedError,
    DatabaseTooNewError,
    ForeignJournalError,
    as_toolkit_error,
    classify,
)
from toolkit.store.migrations import LATEST_VERSION, current_version, migrate

log = logging.getLogger("toolkit.store")

SQLITE_MAGIC = b"SQLite format 3\x00"
WAL_MAGICS = (0x377F0682, 0x377F0683)


def sqlite_uri(path: PurePath | str, **params: str) -> str:
    """`file:` URI for `path` with every special character quoted (RFC 3986 via pathlib).

    Works for Windows paths too (`PureWindowsPath("C:/a#b")` gives `file:///C:/a%23b`).
    """
    if isinstance(path, str):
        path = Path(path)
    if not path.is_absolute():
        path = Path(path).absolute()
    uri = path.as_uri()
    if params:
        uri += "?" + urllib.parse.urlencode(params)
    return uri


def sidecars(path: Path) -> tuple[Path, Path]:
    return Path(f"{path}-wal"), Path(f"{path}-shm")


@contextlib.contextmanager
def readonly(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves the folder as it found it.

    A read-only connection to a WAL-mode file creates an empty `-wal` and a `-shm` (the WAL's
    index, rebuilt by SQLite whenever it is missing) if they are absent, and leaves them:
    those (and only those) are removed again afterwards.
    """
    wal, shm = sidecars(path)
    had_wal, had_shm = wal.exists(), shm.exists()
    # Without a -wal no connection is using the file in WAL mode, and the file alone is the
    # whole database: `immutable` reads it with no lock and no side file (and faster).
    params = {"mode": "ro"} if had_wal else {"mode": "ro", "immutable": "1"}
    conn = sqlite3.connect(sqlite_uri(path, **params), uri=True, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()
        with contextlib.suppress(OSError):
            if not had_wal and wal.exists() and wal.stat().st_size == 0:
                wal.unlink()
            if not had_shm and shm.exists():
                shm.unlink()


class Header(NamedTuple):  # no dataclass: this module is imported at every start
    page_size: int
    pages: int  # the header's page count (0 if not valid)
    wal_mode: bool
    file_size: int


def read_header(path: Path) -> Header | None:
    """The header of `path`; None if the file is absent or empty. Raises if it is not SQLite
    or if its size does not match its pages (a truncated copy)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except FileNotFoundError:
        return None
    if not head:
        return None
    if len(head) < 100 or head[:16] != SQLITE_MAGIC:
        _damaged(path, "not an SQLite header")
    raw_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_size == 1 else raw_size
    if page_size < 512 or page_size & (page_size - 1):
        _damaged(path, f"bad page size {raw_size}")
    change, pages, valid_for = (int.from_bytes(head[o:o + 4], "big") for o in (24, 28, 92))
    if change != valid_for:
        pages = 0  # written by a very old SQLite: the header's count is not kept
    if size % page_size or (pages and size < pages * page_size):
        _damaged(path, f"file size {size} does not match {pages} pages of {page_size}")
    return Header(page_size, pages, head[18] == 2 and head[19] == 2, size)


def _damaged(path: Path, why: str) -> None:
    log.error("database %s damaged: %s", path, why)
    raise DatabaseDamagedError(path=str(path))


def check_journal(path: Path, header: Header | None) -> None:
    """Refuse a non-empty `-wal` that cannot belong to the database at `path`.

    SQLite would replay any valid WAL into the file on the next write, whatever database it
    came from. A WAL belongs to another copy when its page size differs, when the database
    file is not in WAL mode (a backup copied over the live file, say), or when the database
    seen through it has another installation id than the file alone.
    """
    wal, shm = sidecars(path)
    try:
        with open(wal, "rb") as fh:
            head = fh.read(32)
    except FileNotFoundError:
        return
    if not head:
        return
    foreign = (len(head) < 32 or header is None
               or int.from_bytes(head[:4], "big") not in WAL_MAGICS
               or int.from_bytes(head[8:12], "big") != header.page_size
               or not header.wal_mode)
    if not foreign:
        alone, through = _installation_id(path, immutable=True), _installation_id(path)
        foreign = alone is not None and alone != through
    if foreign:
        log.error("database %s: %s does not belong to it", path, wal)
        raise ForeignJournalError(wal=wal.name, shm=shm.name)


def _installation_id(path: Path, immutable: bool = False) -> str | None:
    """Our installation id in the file alone (immutable: the WAL is not read) or through it."""
    try:
        if immutable:
            conn = sqlite3.connect(sqlite_uri(path, immutable="1"), uri=True)
            try:
                return _meta_id(conn)
            finally:
                conn.close()
        with readonly(path) as conn:
            return _meta_id(conn)
    except sqlite3.Error:
        return None


def _meta_id(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'installation_id'").fetchone()
    return row[0] if row else None


# --- schema -----------------------------------------------------------------------------------

Shape = dict[str, dict[str, str]]  # table -> column -> declared type


@lru_cache(maxsize=None)
def expected_shape(version: int) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """What our migrations build at `version` (built in memory once), seen by sqlite-utils."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(conn, target=version)
        return _freeze(introspect(conn))
    finally:
        conn.close()


def introspect(conn: sqlite3.Connection) -> Shape:
    """Tables, columns and types through sqlite-utils (the one schema reader)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    return {name: {c.name: c.type.upper() for c in db[name].columns}
            for name in db.table_names() if not name.startswith("sqlite_")}


def _freeze(shape: Shape) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    return tuple(sorted((t, tuple(sorted(cols.items()))) for t, cols in shape.items()))


def schema_problems(conn: sqlite3.Connection, version: int) -> list[str]:
    """What differs from our schema at `version`: missing tables or columns, other types."""
    if version == 0:
        return []
    want = dict(expected_shape(version))
    have = introspect(conn)
    problems = []
    for table, columns in want.items():
        if table not in have:
            problems.append(f"table {table} missing")
            continue
        for column, kind in columns:
            if column not in have[table]:
                problems.append(f"column {table}.{column} missing")
            elif have[table][column] != kind:
                problems.append(f"column {table}.{column} is {have[table][column]}, not {kind}")
    return problems


def _version(conn: sqlite3.Connection, path: Path) -> int:
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise DatabaseTooNewError(path=str(path), found=version, supported=LATEST_VERSION)
    return version


def _raise_classified(exc: sqlite3.Error, path: Path) -> None:
    """Damage only when SQLite says so; a full disk or a lock is never called damage."""
    log.error("database %s: %s (%s)", path, exc, getattr(exc, "sqlite_errorname", "?"))
    if classify(exc, path.parent) is Cause.OTHER:
        raise exc
    raise as_toolkit_error(exc, near=path.parent, path=path) from exc


def quick_check(path: Path) -> int:
    """The check on every open (constant cost); returns the schema version (0: new file).

    The schema is compared with ours through sqlite-utils' introspection whenever it is
    not one already verified: a fingerprint of `sqlite_master` (which changes with any
    schema change) is remembered beside the database once verified, so the ~170 ms that
    importing sqlite-utils costs is paid after a migration or a restore, not at every start.
    """
    header = read_header(path)
    check_journal(path, header)
    if header is None:
        return 0
    problems: list[str] = []
    try:
        with readonly(path) as conn:
            version = _version(conn, path)
            rows = conn.execute(_MASTER).fetchall()
            mark = _fingerprint(version, rows)
            if version and not _verified(path, mark):
                problems = schema_problems(conn, version)
                if not problems:
                    _remember(path, mark)
            for kind, name, _table, _sql in rows:  # the first page of each table
                if kind == "table" and not name.startswith("sqlite_"):
                    conn.execute(f'SELECT * FROM "{name}" LIMIT 1').fetchall()
    except sqlite3.Error as exc:
        _raise_classified(exc, path)
    if problems:
        _damaged(path, "; ".join(problems))
    return version


_MASTER = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name"


def trust_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Our migrations just built this schema: remember it as verified."""
    _remember(path, _fingerprint(current_version(conn), conn.execute(_MASTER).fetchall()))


def _fingerprint(version: int, rows: list[tuple]) -> str:
    """Two checksums and the length of the schema's text (zlib, not hashlib: hashlib loads
    OpenSSL, milliseconds of start-up; this guards against accidents, not an attacker)."""
    import zlib

    data = repr((version, rows)).encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}"


_verified_marks: set[str] = set()


def _mark_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.schema-verified")


def _verified(path: Path, mark: str) -> bool:
    if mark in _verified_marks:
        return True
    try:
        known = _mark_file(path).read_text(encoding="utf-8").split()
    except (OSError, UnicodeDecodeError):
        return False
    if mark in known:
        _verified_marks.add(mark)
        return True
    return False


def _remember(path: Path, mark: str) -> None:
    """Best effort: a read-only folder or a full disk only means checking again next time."""
    from toolkit.fileio import atomic_write_bytes

    _verified_marks.add(mark)
    with contextlib.suppress(OSError):
        atomic_write_bytes(_mark_file(path), (mark + "\n").encode("utf-8"))


# --- the full check ---------------------------------------------------------------------------

_INDEX_MESSAGES = ("missing from index", "wrong # of entries in index",
                   "non-unique entry in index")


class Verdict:
    """The full check's result. `ok`, or the messages and whether REINDEX can repair them."""

    def __init__(self, messages: list[str] | None = None) -> None:
        self.messages = messages or []

    def __repr__(self) -> str:
        return f"Verdict({self.messages!r})"

    @property
    def ok(self) -> bool:
        return not self.messages

    @property
    def index_only(self) -> bool:
        return bool(self.messages) and all(
            any(m in line for m in _INDEX_MESSAGES) for line in self.messages)


def full_check(path: Path, progress: Callable[[int], None] | None = None) -> Verdict:
    """SQLite's integrity_check on every page, then our schema check (read-only; skipped
    for a schema whose fingerprint was verified, as in quick_check).

    `progress` receives a rising count (about one per page read) so a window can show it;
    the number of pages is `read_header(path).pages`. Raises DatabaseTooNewError, or a
    classified error when the file cannot be read at all.
    """
    header = read_header(path)
    check_journal(path, header)
    if header is None:
        return Verdict()
    try:
        with readonly(path) as conn:
            version = _version(conn, path)
            if progress is not None:
                ticks = [0]

                def tick() -> int:
                    ticks[0] += 1
                    progress(ticks[0])
                    return 0

                conn.set_progress_handler(tick, 1000)
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check(1000)")]
            conn.set_progress_handler(None, 0)
            messages = [] if rows == ["ok"] else rows
            mark = _fingerprint(version, conn.execute(_MASTER).fetchall())
            if not _verified(path, mark):
                messages += schema_problems(conn, version)
    except sqlite3.Error as exc:
        if classify(exc) is Cause.DAMAGED:
            log.error("database %s unreadable: %s", path, exc)
            return Verdict([f"unreadable: {exc}"])
        _raise_classified(exc, path)
    if messages:
        log.error("database %s failed the full check: %s", path, messages[:10])
    return Verdict(messages)


def reindex(path: Path) -> Verdict:
    """Rebuild every index (the user agreed), then check again."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("REINDEX")
    except sqlite3.Error as exc:
        _raise_classified(exc, path)
    finally:
        conn.close()
    return full_check(path)
