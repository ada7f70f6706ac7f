"""Starting the desktop app: Qt application, data folder, language, database, main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

# The core before PySide6: once loaded, PySide reads the source of every module imported
# after it (shibokensupport.feature looks for `from __feature__`), 1 % of start-up here.
from toolkit import APP_NAME, __version__
from toolkit import overview  # noqa: F401 - the home screen's, imported early for that reason
from toolkit.context import Toolkit
from toolkit.errors import (
    DatabaseDamagedError, DatabaseMissingError, ToolkitError, describe, log_exception,
)
from toolkit.i18n import _
from toolkit.paths import asset, data_dir

from PySide6.QtCore import QTimer  # noqa: I001 - after the core, see above
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from toolkit.ui import fonts
from toolkit.ui.errors import install_excepthook, show_error
from toolkit.ui.qt_i18n import install_qt_translations
from toolkit.ui.style import apply_text_scale


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CCSC")
    app.setWindowIcon(QIcon(str(asset("icons", "app.svg"))))
    fonts.install(app)  # syllabics and diacritics on a system without fonts for them
    return app


def prepare(kit: Toolkit, lang: str | None = None) -> None:
    """Language and text size from the settings (or the command line)."""
    install_qt_translations(kit.apply_language(lang))
    apply_text_scale(kit.settings.text_scale)


def open_store_or_recover(kit: Toolkit) -> bool:
    """Open the database; if damaged (or missing while backups exist), offer to restore a
    backup. Anything else (full disk, read-only folder, lock, foreign -wal, newer schema) is
    one message and nothing moves. Once a day, before the day's backup, the full check runs
    with its progress shown. False: the app must quit."""
    while True:
        try:
            kit.open_store()
            if not daily_check(kit):
                raise DatabaseDamagedError(path=str(kit.database_path))
            return True
        except (DatabaseDamagedError, DatabaseMissingError) as exc:
            from toolkit.ui.recovery_dialog import START_EMPTY, RecoveryDialog

            log_exception(exc)
            kit.close_store()
            dialog = RecoveryDialog(kit, exc)
            result = dialog.exec()
            if result == START_EMPTY:
                kit.start_empty()
                continue
            if not result or not dialog.chosen():
                return False
            try:
                kit.restore(Path(dialog.chosen()),
                            damaged=isinstance(exc, DatabaseDamagedError))
            except ToolkitError as restore_error:
                show_error(None, restore_error)
        except ToolkitError as exc:
            show_error(None, exc)
            return False


def daily_check(kit: Toolkit) -> bool:
    """The full integrity check, once a day (when the daily backup is due), in a worker.

    Index damage is repaired (REINDEX) if the user agrees; other damage: False (restore).
    """
    from toolkit.store.backups import backup_due

    if kit.store.created or not backup_due(kit.folder):
        return True
    from toolkit.ui.daily_check import check_with_progress

    verdict = check_with_progress(kit)
    if verdict.ok:
        kit.checked_today = True
        return True
    if verdict.index_only:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            None, _("Repair the indexes"),
            _("The daily check found damage in the database’s indexes only; the answers "
              "themselves are intact. Rebuild the indexes now? (Recommended. If you say no, "
              "the app closes and nothing is changed.)"))
        if answer == QMessageBox.StandardButton.Yes and kit.reindex().ok:
            kit.checked_today = True
            return True
        if answer != QMessageBox.StandardButton.Yes:
            raise _Quit()
    return False


class _Quit(Exception):
    """The user declined a repair: quit without a further message."""


def run_gui(folder: str | None = None, lang: str | None = None) -> int:
    app = application()
    try:
        kit = Toolkit(data_dir(folder))
    except ToolkitError as exc:
        from PySide6.QtWidgets import QMessageBox  # only on failure: its type costs 2 ms

        QMessageBox.critical(None, APP_NAME, describe(exc))
        return 1
    install_excepthook(str(kit.log_path))
    prepare(kit, lang)
    try:
        opened = open_store_or_recover(kit)
    except _Quit:
        opened = False
    if not opened:
        kit.close(backup=False)
        return 1
    from toolkit.ui.main_window import MainWindow

    window = MainWindow(kit)
    window.show()
    if os.environ.get("TOOLKIT_EXIT_WHEN_SHOWN"):  # start-up benchmark: stop once visible
        print(f"shown {time.time():.6f}", flush=True)
        QTimer.singleShot(0, app.quit)
    try:
        return app.exec()
    finally:
        kit.close(backup=True)
