"""One open data folder (settings, log, database): what the CLI and the GUI each hold.

Both faces of the app go through this object, so opening, closing with a daily backup,
and restoring behave the same whether a facilitator clicks or a script runs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import i18n
from toolkit.errors import ToolkitError
from toolkit.logs import log_file_path, setup_logging
from toolkit.paths import data_dir, database_path, ensure_data_dir, settings_path
from toolkit.settings import Settings, load_settings, save_settings
from toolkit.store import Store

if TYPE_CHECKING:
    from toolkit.store.backups import Backup

log = logging.getLogger("toolkit")


class Toolkit:
    """The data folder in use. `open_store()` is separate so a damaged database can be
    reported, and a backup restored, with settings and the log already working."""

    def __init__(self, folder: Path) -> None:
        self.folder = ensure_data_dir(folder)
        self.log_file = setup_logging(self.folder)
        self.settings: Settings = load_settings(settings_path(self.folder))
        self._store: Store | None = None

    @classmethod
    def from_args(cls, override: str | None = None) -> Toolkit:
        return cls(data_dir(override))

    def apply_language(self, fallback: str | None = None) -> str:
        """Use the saved language, else `fallback`, else the system's."""
        return i18n.set_language(
            self.settings.language or fallback or i18n.detect_system_language()
        )

    @property
    def database_path(self) -> Path:
        return database_path(self.folder)

    def open_store(self) -> Store:
        if self._store is None:
            self._store = Store.open(self.database_path)
        return self._store

    @property
    def store(self) -> Store:
        return self.open_store()

    @property
    def store_is_open(self) -> bool:
        return self._store is not None

    def save_settings(self) -> None:
        save_settings(settings_path(self.folder), self.settings)

    def backups(self) -> list[Backup]:
        from toolkit.store.backups import list_backups

        return list_backups(self.folder)

    def backup_now(self) -> Backup:
        from toolkit.store.backups import make_backup

        return make_backup(self.store, self.folder, reason="manual")

    def restore(self, backup: Path) -> None:
        """Restore `backup`; on failure the previous database is reopened untouched."""
        from toolkit.store.backups import restore_backup

        current, self._store = self._store, None
        try:
            self._store = restore_backup(self.folder, backup, current)
        except ToolkitError:
            if current is not None and current.conn is None:
                self._store = Store.open(self.database_path)
            elif current is not None:
                self._store = current
            raise

    def close(self, backup: bool = True) -> None:
        """Close the database, making the day's backup first if none exists yet."""
        if self._store is None:
            return
        from toolkit.store.backups import backup_if_due

        try:
            if backup:
                backup_if_due(self._store, self.folder)
        except ToolkitError as exc:  # a failed backup must not stop a clean close
            log.warning("automatic backup failed: %s", exc)
        finally:
            self._store.close()
            self._store = None

    @property
    def log_path(self) -> Path:
        return log_file_path(self.folder)
