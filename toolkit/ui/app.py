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
from toolkit.errors import DatabaseDamagedError, ToolkitError, describe, log_exception
from toolkit.paths import asset, data_dir

from PySide6.QtCore import QTimer  # noqa: I001 - after the core, see above
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from toolkit.ui.errors import install_excepthook, show_error
from toolkit.ui.qt_i18n import install_qt_translations
from toolkit.ui.style import apply_text_scale


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("CCSC")
    app.setWindowIcon(QIcon(str(asset("icons", "app.svg"))))
    return app


def prepare(kit: Toolkit, lang: str | None = None) -> None:
    """Language and text size from the settings (or the command line)."""
    install_qt_translations(kit.apply_language(lang))
    apply_text_scale(kit.settings.text_scale)


def open_store_or_recover(kit: Toolkit) -> bool:
    """Open the database; if damaged, offer to restore a backup. False: the app must quit."""
    while True:
        try:
            kit.open_store()
            return True
        except DatabaseDamagedError as exc:
            from toolkit.ui.recovery_dialog import RecoveryDialog

            log_exception(exc)
            dialog = RecoveryDialog(kit, exc)
            if not dialog.exec() or not dialog.chosen():
                return False
            try:
                kit.restore(Path(dialog.chosen()))
            except ToolkitError as restore_error:
                show_error(None, restore_error)
        except ToolkitError as exc:
            show_error(None, exc)
            return False


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
    if not open_store_or_recover(kit):
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


def main() -> int:
    """GUI entry point (`toolkit-gui`): same options as `toolkit` without a command."""
    from toolkit.cli import main as cli_main

    return cli_main(sys.argv[1:])
