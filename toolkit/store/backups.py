"""Timestamped backups through SQLite's online backup API, thinning, and the one restore path.

A backup is made on close at most once a day (after a full integrity check of the live
database: a damaged database is not backed up, so it cannot push good backups out), or on
demand. Old backups are thinned: the newest 7, the newest of each of the last 8 weeks, and
the newest of each of the last 12 months are kept.

`restore_backup()` is the only restore, for the CLI and the GUI alike, in RESTORE_STEPS order:
the candidate passes the full check; the current database, if healthy, is backed up
("before-restore"; if that fails nothing is restored), or, only if really damaged, renamed
aside (`.damaged-<time>`); the candidate is copied beside the database and fsynced; the old
WAL is checkpointed into its own file; the empty `-wal` then `-shm` are removed; the copy is
renamed over the database and the folder fsynced. A crash at any step leaves either the old
database (with all it had) or the new one, never the new file with the old WAL.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from toolkit.errors import (
    BackupError,
    BeforeRestoreError,
    DatabaseDamagedError,
    DatabaseTooNewError,
    ForeignJournalError,
    LockedError,
    ToolkitError,
    as_toolkit_error,
)
from toolkit.fileio import TEMP_SUFFIX, atomic_output, fsync_dir
from toolkit.i18n import N_
from toolkit.paths import backups_dir, database_path
from toolkit.store.checks import full_check, quick_check, read_header, readonly, sidecars
from toolkit.store.database import Store

log = logging.getLogger("toolkit.backups")

_NAME = re.compile(r"^toolkit-(\d{8}-\d{6})(?:-([a-z_]+))?(?:-(\d+))?\.sqlite$")
KEEP_RECENT, KEEP_WEEKS, KEEP_MONTHS = 7, 8, 12


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str  # "auto", "manual" or "before-restore"

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def list_backups(data_folder: Path) -> list[Backup]:
    """Backups in the data folder, newest first."""
    folder = backups_dir(data_folder)
    found = []
    if folder.is_dir():
        for entry in folder.iterdir():
            match = _NAME.match(entry.name)
            if match and entry.is_file():
                taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
                found.append(Backup(entry, taken, (match.group(2) or "auto").replace("_", "-")))
    return sorted(found, key=lambda b: (b.taken_at, _sequence(b.path)), reverse=True)


def _sequence(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match.group(3)) if match and match.group(3) else 1


def make_backup(store: Store | None, data_folder: Path, reason: str = "manual",
                now: datetime | None = None, thin: bool = True,
                source: Path | None = None) -> Backup:
    """Copy the live database into backups/ (consistent even while in use), then thin.

    The source is the open `store`, or else the file `source` read through a read-only
    connection (the CLI's restore backs up a database it has not opened).
    """
    now = now or datetime.now()
    folder = backups_dir(data_folder)
    stem = f"toolkit-{now:%Y%m%d-%H%M%S}-{reason.replace('-', '_')}"
    target = folder / f"{stem}.sqlite"
    counter = 1
    while target.exists():  # two backups in one second must not overwrite each other
        counter += 1
        target = folder / f"{stem}-{counter}.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_output(target, private=True, store=True) as tmp:
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                if store is not None:
                    store.conn.backup(dest)
                else:
                    with readonly(source or database_path(data_folder)) as conn:
                        conn.backup(dest)
                # A backup is one self-contained file, not a WAL pair.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
    except (OSError, sqlite3.Error) as exc:
        log.error("backup failed: %s", exc)
        raise BackupError(reason=as_toolkit_error(exc, near=folder)) from exc
    log.info("backup made: %s", target)
    try:  # translators' languages travel with the database's backups
        backup_languages(data_folder, reason=reason, now=now)
    except ToolkitError as exc:
        log.warning("languages not backed up: %s", exc)
    if thin:
        thin_backups(data_folder, now=now)
    return Backup(target, now.replace(microsecond=0), reason)


LANGUAGES_KEEP = 20  # language backups kept (each only when the translations changed)
_LANGUAGES_NAME = re.compile(r"^languages-\d{8}-\d{6}-[a-z_]+(?:-\d+)?\.zip$")


def language_backups(data_folder: Path) -> list[Path]:
    """Backups of the data folder's languages/ (translations), newest first."""
    folder = backups_dir(data_folder)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if _LANGUAGES_NAME.match(p.name)),
                  key=lambda p: p.name, reverse=True)


def _languages_digest(source: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(source)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def backup_languages(data_folder: Path, reason: str = "manual",
                     now: datetime | None = None) -> Path | None:
    """Zip languages/ (translators' catalogs and language files) into backups/, unless it is
    empty or unchanged since the last such backup. The zip's comment holds its digest."""
    import zipfile

    from toolkit.languages import FOLDER

    source = data_folder / FOLDER
    if not source.is_dir() or not any(p.is_file() for p in source.rglob("*")):
        return None
    digest = _languages_digest(source).encode("ascii")
    existing = language_backups(data_folder)
    if existing:
        try:
            with zipfile.ZipFile(existing[0]) as old:
                if old.comment == digest:
                    return None
        except (OSError, zipfile.BadZipFile):
            pass
    now = now or datetime.now()
    folder = backups_dir(data_folder)
    stem = f"languages-{now:%Y%m%d-%H%M%S}-{reason.replace('-', '_')}"
    target, counter = folder / f"{stem}.zip", 1
    while target.exists():
        counter += 1
        target = folder / f"{stem}-{counter}.zip"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with atomic_output(target, private=True, store=True) as tmp:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(p for p in source.rglob("*") if p.is_file()):
                    archive.write(path, f"{FOLDER}/{path.relative_to(source).as_posix()}")
                archive.comment = digest
    except OSError as exc:
        raise BackupError(reason=as_toolkit_error(exc, near=folder)) from exc
    for old_backup in language_backups(data_folder)[LANGUAGES_KEEP:]:
        with contextlib.suppress(OSError):
            old_backup.unlink()
    return target


def backup_due(data_folder: Path, now: datetime | None = None) -> bool:
    """No backup made today (by name: strptime would import `locale` at every start)."""
    today = f"{now or datetime.now():%Y%m%d}"
    try:
        names = os.listdir(backups_dir(data_folder))
    except OSError:
        return True
    return not any((m := _NAME.match(n)) and m.group(1)[:8] == today for n in names)


def backup_if_due(store: Store, data_folder: Path, now: datetime | None = None,
                  checked: bool = False) -> Backup | None:
    """The automatic backup on close: only if none was made today, and only of a database
    that passes the full check (unless the caller just ran it: `checked`)."""
    now = now or datetime.now()
    if not backup_due(data_folder, now):
        return None
    if not checked:
        verdict = full_check(store.path)
        if not verdict.ok:
            raise DatabaseDamagedError(path=str(store.path))
    return make_backup(store, data_folder, reason="auto", now=now)


def backups_to_keep(backups: list[Backup], now: datetime) -> set[Path]:
    """The thinning rule, separate from deletion so it can be tested on its own."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = {b.path for b in newest_first[:KEEP_RECENT]}
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for b in newest_first:
        week = b.taken_at.isocalendar()[:2]
        if (now - b.taken_at).days < KEEP_WEEKS * 7 and week not in weeks:
            weeks.add(week)
            keep.add(b.path)
        month = (b.taken_at.year, b.taken_at.month)
        age_months = (now.year - b.taken_at.year) * 12 + now.month - b.taken_at.month
        if age_months < KEEP_MONTHS and month not in months:
            months.add(month)
            keep.add(b.path)
    return keep


def thin_backups(data_folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete backups the rule does not keep; return what was removed."""
    now = now or datetime.now()
    backups = list_backups(data_folder)
    keep = backups_to_keep(backups, now)
    removed = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                removed.append(b.path)
            except OSError as exc:
                log.warning("could not remove old backup %s: %s", b.path, exc)
    return removed


RESTORE_STEPS = ("verified", "backed-up", "copied", "closed", "checkpointed", "set-aside",
                 "wal-removed", "shm-removed", "renamed", "synced")
# Tests set this to stop the process dead after a step (see tests/test_restore_crash.py).
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def _set_aside(path: Path, stamp: str, label: str = "damaged",
               suffixes: tuple[str, ...] = ("-wal", "-shm", "")) -> None:
    """Move a damaged database (WAL files first) out of the way, never deleting it."""
    for suffix in suffixes:
        part = Path(str(path) + suffix)
        if part.exists():
            os.replace(part, part.with_name(f"{part.name}.{label}-{stamp}"))


def _current_state(target: Path, store: Store | None, stamp: str) -> str:
    """'open', 'healthy', 'damaged' or 'absent'. A foreign WAL is moved aside (kept)."""
    if store is not None:
        return "open"
    try:
        if read_header(target) is None and not sidecars(target)[0].exists():
            return "absent"  # missing or 0 bytes: nothing to keep
        quick_check(target)
    except ForeignJournalError:
        _set_aside(target, stamp, "foreign", ("-wal", "-shm"))
        return _current_state(target, store, stamp)
    except DatabaseDamagedError:
        return "damaged"
    return "healthy"


def restore_backup(data_folder: Path, backup: Path, store: Store | None = None,
                   damaged: bool = False) -> Store:
    """Replace the database by `backup` and return the reopened store (see the module doc).

    `store` is the open database, if any (it is backed up, then closed). `damaged`: the full
    check found the current database damaged, so it is set aside like one the quick check
    refuses. Any failure before the rename leaves the current database as it was and raises
    a ToolkitError.
    """
    try:
        verdict = full_check(backup)
    except DatabaseTooNewError:
        raise
    except (DatabaseDamagedError, ForeignJournalError):
        verdict = None
    if verdict is None or not verdict.ok:
        raise BackupError(N_("The backup {name} is damaged; nothing was changed."),
                          name=backup.name)
    _step("verified")
    target = database_path(data_folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if damaged and store is not None:
        store.close()
        store = None
    state = "damaged" if damaged else _current_state(target, store, stamp)
    before = None
    if state in ("open", "healthy"):
        try:
            before = make_backup(store, data_folder, reason="before-restore", thin=False,
                                 source=target)
        except BackupError as exc:
            raise BeforeRestoreError(reason=exc.values.get("reason", exc)) from exc
    _step("backed-up")
    folder = target.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copyfile(backup, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        log.error("restore copy failed: %s", exc)
        raise BackupError(reason=as_toolkit_error(exc, near=folder)) from exc
    _step("copied")
    if store is not None:
        store.close()
    _step("closed")
    try:
        if state in ("open", "healthy"):
            _checkpoint(target)
        _step("checkpointed")
        if state == "damaged":
            _set_aside(target, stamp)
        _step("set-aside")
        wal, shm = sidecars(target)
        for stale, name in ((wal, "wal-removed"), (shm, "shm-removed")):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()
            _step(name)
        os.replace(tmp, target)
        _step("renamed")
        fsync_dir(folder)
        _step("synced")
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, (OSError, sqlite3.Error)):
            log.error("restore failed: %s", exc)
            raise BackupError(reason=as_toolkit_error(exc, near=folder)) from exc
        raise
    log.info("database restored from %s", backup)
    with contextlib.suppress(ToolkitError, OSError):
        thin_backups(data_folder)
    restored = Store.open(target)
    restored.before_restore = before
    restored.set_aside = state == "damaged"
    return restored


def _checkpoint(target: Path) -> None:
    """Put everything the old WAL holds into the old file, so removing the WAL loses
    nothing and the new file can never be paired with it."""
    if not sidecars(target)[0].exists():
        return
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        conn.close()
    if busy:
        raise LockedError()
