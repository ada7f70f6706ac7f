"""One open data folder (settings, log, database): what the CLI and the GUI each hold.

Both faces of the app go through this object, so opening, closing with a daily backup,
and restoring behave the same whether a facilitator clicks or a script runs. It is also
the front object that hands out the services over its store (`kit.sessions`,
`kit.comments`, `kit.questionnaires`, `kit.rounds`, `kit.exchange`, `kit.reports`), as
Anki's Collection does: commands and screens ask it rather than building their own. A
service is made once per open store; after a restore or a reindex (a new store) the next
request makes a new one.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import fileio, i18n, languages
from toolkit.errors import DatabaseMissingError, InUseError, ToolkitError
from toolkit.logs import log_file_path, setup_logging
from toolkit.paths import backups_dir, data_dir, database_path, ensure_data_dir, settings_path
from toolkit.settings import Settings, load_settings, save_settings
from toolkit.store import Store
from toolkit.store.lock import FolderLock

if TYPE_CHECKING:
    from toolkit.comments import CommentService
    from toolkit.questionnaire.catalogue import Catalogue
    from toolkit.rounds import RoundService
    from toolkit.sessions import SessionService
    from toolkit.store.backups import Backup
    from toolkit.store.checks import Verdict

log = logging.getLogger("toolkit")


class Toolkit:
    """The data folder in use. `open_store()` is separate so a damaged database can be
    reported, and a backup restored, with settings and the log already working."""

    def __init__(self, folder: Path) -> None:
        self.folder = ensure_data_dir(folder)
        self.log_file = setup_logging(self.folder)
        languages.use_data_folder(self.folder)  # a translator's languages, before settings
        self.settings: Settings = load_settings(settings_path(self.folder))
        self._store: Store | None = None
        self._services: dict[str, tuple[Store, object]] = {}  # name -> (its store, service)
        self._allow_empty = False
        self.checked_today = False  # the full check passed in this run (the GUI's daily check)
        fileio.protect(self)  # no report or export may be written over the store
        self.lock = FolderLock(self.folder)
        self.lock.acquire_shared()
        self.leftovers_removed = self._remove_leftovers()

    def _remove_leftovers(self) -> list[Path]:
        """Temporary files of a killed backup, restore or report: only when alone."""
        with self.lock.exclusive() as alone:
            if not alone:
                return []
            removed = fileio.remove_leftovers([self.folder, backups_dir(self.folder)],
                                              self.folder / fileio.TEMP_FOLDER)
        if removed:
            log.info("removed %d leftover temporary files: %s", len(removed), removed[:5])
        return removed

    def protected_files(self) -> list[Path]:
        db = self.database_path
        backups = backups_dir(self.folder)
        return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), *self.folder.glob(f"{db.name}.*-*"),
                *(backups.iterdir() if backups.is_dir() else ())]

    def protected_folders(self) -> list[Path]:
        return [backups_dir(self.folder)]

    def temporary_folder(self, prefix: str):
        """A temporary folder cleaned at the next start if this process is killed."""
        return fileio.temporary_folder(self.folder, prefix)

    @classmethod
    def from_args(cls, override: str | None = None) -> Toolkit:
        return cls(data_dir(override))

    def apply_language(self, command_line: str | None = None) -> str:
        """The interface language by the one rule (i18n.resolve): the command line's --lang,
        else the saved setting, else the system's, else English."""
        return i18n.apply(command_line, self.settings.language)

    @property
    def database_path(self) -> Path:
        return database_path(self.folder)

    def open_store(self) -> Store:
        """Open the database. A missing or empty one while backups exist is not silently
        replaced by a new, empty one: DatabaseMissingError (see `start_empty`)."""
        if self._store is None:
            self.lock.acquire_shared()
            path = self.database_path
            if not self._allow_empty and _missing_or_empty(path) and self.backups():
                raise DatabaseMissingError(path=str(path))
            self._store = Store.open(path)
        return self._store

    def start_empty(self) -> None:
        """The user chose to start with no data although backups exist (an empty file is
        kept aside, renamed, not deleted)."""
        from datetime import datetime

        path = self.database_path
        if path.exists():
            os.replace(path, path.with_name(f"{path.name}.empty-{datetime.now():%Y%m%d-%H%M%S}"))
        self._allow_empty = True

    @property
    def store(self) -> Store:
        return self.open_store()

    # services -------------------------------------------------------------------------
    def _service(self, name: str, make):
        store = self.store
        held = self._services.get(name)
        if held is None or held[0] is not store:
            held = (store, make(store))
            self._services[name] = held
        return held[1]

    @property
    def sessions(self) -> SessionService:
        """Communities, sessions, respondents, answers, trash."""
        from toolkit.sessions import SessionService

        return self._service("sessions", SessionService)

    @property
    def comments(self) -> CommentService:
        """Written answers and their review."""
        from toolkit.comments import CommentService

        return self._service("comments", CommentService)

    @property
    def questionnaires(self) -> Catalogue:
        """The catalogue: bundled and imported questionnaires."""
        from toolkit.questionnaire.catalogue import Catalogue

        return self._service("questionnaires", Catalogue)

    @property
    def rounds(self) -> RoundService:
        """Rounds of sessions in a community, for comparisons."""
        from toolkit.rounds import RoundService

        return self._service("rounds", RoundService)

    @property
    def exchange(self) -> ExchangeFront:
        """Packages out and in, receipts, logs, the hub (toolkit/exchange)."""
        return self._service("exchange", lambda _store: ExchangeFront(self))

    @property
    def reports(self) -> ReportsFront:
        """Summary and comparison reports and their parts (toolkit/reports)."""
        return self._service("reports", lambda _store: ReportsFront(self))

    def save_settings(self) -> None:
        save_settings(settings_path(self.folder), self.settings)

    def backups(self) -> list[Backup]:
        from toolkit.store.backups import list_backups

        return list_backups(self.folder)

    def backup_now(self) -> Backup:
        from toolkit.store.backups import make_backup

        return make_backup(self.store, self.folder, reason="manual")

    def close_store(self) -> None:
        """Close the database only (no backup; the folder stays held)."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def restore(self, backup: Path, damaged: bool = False) -> Store:
        """Restore `backup` (the one restore path, see store/backups.py); on failure the
        previous database is reopened untouched. Refused while another instance runs.
        `damaged`: the full check found the current database damaged (kept aside, renamed,
        rather than backed up)."""
        from toolkit.store.backups import restore_backup

        with self.lock.exclusive() as alone:
            if alone is False:
                raise InUseError()
            current, self._store = self._store, None
            try:
                self._store = restore_backup(self.folder, backup, current, damaged=damaged)
                return self._store
            except ToolkitError:
                if current is not None and current.conn is None:
                    self._store = Store.open(self.database_path)
                elif current is not None:
                    self._store = current
                raise

    def full_check(self, progress=None) -> Verdict:
        """SQLite's integrity check of the live database, read-only (see store/checks.py)."""
        from toolkit.store.checks import full_check

        return full_check(self.database_path, progress)

    def reindex(self) -> Verdict:
        """Rebuild the indexes (only with the user's consent), then check again."""
        from toolkit.store.checks import reindex

        with self.lock.exclusive() as alone:
            if alone is False:
                raise InUseError()
            was_open = self._store is not None
            if self._store is not None:
                self._store.close()
                self._store = None
            verdict = reindex(self.database_path)
            if was_open:
                self._store = Store.open(self.database_path)
            return verdict

    def close(self, backup: bool = True) -> None:
        """Close the database, making the day's backup first if none exists yet."""
        if self._store is None:
            self.lock.release()
            return
        from toolkit.store.backups import backup_if_due

        try:
            if backup:
                backup_if_due(self._store, self.folder, checked=self.checked_today)
        except ToolkitError as exc:  # a failed backup must not stop a clean close
            log.warning("automatic backup failed: %s", exc)
        finally:
            self._store.close()
            self._store = None
            self.lock.release()

    @property
    def log_path(self) -> Path:
        return log_file_path(self.folder)


class ExchangeFront:
    """The exchange functions with this data folder's store already given (each keeps the
    signature of the function it calls, store first argument dropped)."""

    def __init__(self, kit: Toolkit) -> None:
        self._kit = kit

    def preview(self, *args, **kwargs):
        from toolkit.exchange.export import preview

        return preview(self._kit.store, *args, **kwargs)

    def export_package(self, *args, **kwargs):
        from toolkit.exchange.export import export_package

        return export_package(self._kit.store, *args, **kwargs)

    def export_history(self, *args, **kwargs):
        from toolkit.exchange.export import export_history

        return export_history(self._kit.store, *args, **kwargs)

    def import_file(self, *args, **kwargs):
        from toolkit.exchange.importer import import_file

        return import_file(self._kit.store, *args, **kwargs)

    def import_log(self):
        from toolkit.exchange.importer import import_log

        return import_log(self._kit.store)

    def refusal_log(self):
        from toolkit.exchange.importer import refusal_log

        return refusal_log(self._kit.store)

    def conflict_log(self):
        from toolkit.exchange.importer import conflict_log

        return conflict_log(self._kit.store)

    def log_refusal(self, *args, **kwargs) -> None:
        from toolkit.exchange.importer import log_refusal

        log_refusal(self._kit.store, *args, **kwargs)

    def write_receipt(self, *args, **kwargs):
        from toolkit.exchange.receipts import write_receipt

        return write_receipt(self._kit.store, *args, **kwargs)

    def import_receipt(self, *args, **kwargs):
        from toolkit.exchange.receipts import import_receipt

        return import_receipt(self._kit.store, *args, **kwargs)

    def overview(self, *args, **kwargs):
        from toolkit.exchange.hub import overview

        return overview(self._kit.store, *args, **kwargs)

    def plans(self):
        """Every community's current plan, as the hub holds it (exchange.hub.HubPlan)."""
        from toolkit.exchange.hub import plans

        return plans(self._kit.store)

    def communities_imported(self):
        from toolkit.exchange.hub import communities_imported

        return communities_imported(self._kit.store)

    def cross_community_report(self, *args, **kwargs):
        from toolkit.exchange.hub import cross_community_report

        return cross_community_report(self._kit.store, *args, **kwargs)

    def my_fingerprint(self) -> str:
        """This installation's key fingerprint, to read to the hub over the phone."""
        from toolkit.exchange import signing

        return signing.fingerprint(signing.public_key(self._kit.store))


class ReportsFront:
    """The report builders with this data folder's store already given."""

    def __init__(self, kit: Toolkit) -> None:
        self._kit = kit

    def summary(self, *args, **kwargs):
        from toolkit.reports.summary import build_summary_report

        return build_summary_report(self._kit.store, *args, **kwargs)

    def parts(self, *args, **kwargs):
        from toolkit.reports.summary import load_parts

        return load_parts(self._kit.store, *args, **kwargs)

    def comparison(self, *args, **kwargs):
        """The comparison of two rounds; rounds received as summaries are read through the
        hub's list of imported sessions (reports sit below the exchange: given here)."""
        from toolkit.exchange.hub import overview
        from toolkit.reports.comparison import build_comparison_report

        kwargs.setdefault("overview", overview)
        return build_comparison_report(self._kit.store, *args, **kwargs)

    def hub_parts(self, *args, **kwargs):
        """The cross-community report's data, with the communities' plans."""
        from toolkit.exchange.hub import report_data

        return report_data(self._kit.store, *args, **kwargs)


def _missing_or_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True
