"""Timestamped backups through SQLite's online backup API, thinning, and restore.

A backup is made on close at most once a day, or on demand. Old backups are thinned:
the newest 7, the newest of each of the last 8 weeks, and the newest of each of the last
12 months are kept. Restoring never destroys anything: the current database is first
backed up (or, if damaged, moved aside with a `.damaged-<time>` suffix).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from toolkit.errors import BackupError, DatabaseDamagedError, ToolkitError
from toolkit.fileio import atomic_output
from toolkit.i18n import N_
from toolkit.paths import backups_dir, database_path
from toolkit.store.database import Store, inspect_database

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


def make_backup(store: Store, data_folder: Path, reason: str = "manual",
                now: datetime | None = None) -> Backup:
    """Copy the live database into backups/ (consistent even while in use), then thin."""
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
        with atomic_output(target, private=True) as tmp:
            dest = sqlite3.connect(tmp, isolation_level=None)
            try:
                store.conn.backup(dest)
                # A backup is one self-contained file, not a WAL pair.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(reason=str(exc)) from exc
    log.info("backup made: %s", target)
    thin_backups(data_folder, now=now)
    return Backup(target, now.replace(microsecond=0), reason)


def backup_if_due(store: Store, data_folder: Path, now: datetime | None = None) -> Backup | None:
    """The automatic backup on close: only if none was made today."""
    now = now or datetime.now()
    if any(b.taken_at.date() == now.date() for b in list_backups(data_folder)):
        return None
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


def _set_aside(path: Path, stamp: str) -> None:
    """Move a damaged database (and its WAL files) out of the way, never deleting it."""
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(path) + suffix)
        if part.exists():
            os.replace(part, part.with_name(f"{part.name}.damaged-{stamp}"))


def restore_backup(data_folder: Path, backup: Path, store: Store | None = None) -> Store:
    """Replace the database by `backup` and return the reopened store.

    If `store` is the open database it is backed up first ("before-restore") and closed.
    If the current file is damaged it is moved aside. The backup itself is checked before
    anything changes; a bad backup raises and leaves the current database as it was.
    """
    try:
        inspect_database(backup)
    except DatabaseDamagedError as exc:
        raise BackupError(N_("The backup {name} is damaged; nothing was changed."),
                          name=backup.name) from exc
    target = database_path(data_folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if store is not None:
        make_backup(store, data_folder, reason="before-restore")
        store.close()
    else:
        try:
            inspect_database(target)
        except ToolkitError:
            _set_aside(target, stamp)
    try:
        with atomic_output(target, private=True) as tmp:
            shutil.copyfile(backup, tmp)
        for suffix in ("-wal", "-shm"):  # stale WAL of the replaced file must not be replayed
            stale = Path(str(target) + suffix)
            if stale.exists():
                stale.unlink()
    except OSError as exc:
        raise BackupError(reason=str(exc)) from exc
    log.info("database restored from %s", backup)
    return Store.open(target)
