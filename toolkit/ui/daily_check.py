"""The full integrity check of the day, at start, in a worker thread with a progress window.

Runs before anything is written that day, when the day's backup is due (so a damaged
database is found before the app writes into it, and is not backed up over good backups).
Built before the main window shows, so it stays clear of PySide's `Qt` namespace
(enum_props.py, tests/test_startup_path.py). A database created in this run is not checked.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QProgressDialog

from toolkit.context import Toolkit
from toolkit.i18n import _
from toolkit.ui.enum_props import set_enum

# Progress calls (one per 1000 SQLite steps) per page read by integrity_check, roughly; only
# for the bar's pace (bench/bench_open.py's hub: about 1 per page).
PAGE_TICKS = 1


def check_with_progress(kit: Toolkit, parent=None):
    """Run `kit.full_check()` in a worker thread, showing its progress (after 0.4 s).

    Returns the Verdict; a ToolkitError from the check is raised here, in the GUI thread.
    """
    from toolkit.store.checks import read_header

    header = read_header(kit.database_path)
    pages = max(1, header.pages if header else 1)
    dialog = QProgressDialog(_("Checking the data before today’s backup…"), "", 0, pages, parent)
    dialog.setWindowTitle(_("Checking the data"))
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(400)
    set_enum(dialog, "windowModality", "ApplicationModal")
    state: dict = {"ticks": 0}

    def work() -> None:
        try:
            state["verdict"] = kit.full_check(lambda n: state.__setitem__("ticks", n))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the GUI thread
            state["error"] = exc

    worker = threading.Thread(target=work, name="full-check", daemon=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)

    def poll() -> None:
        dialog.setValue(min(pages - 1, state["ticks"] // PAGE_TICKS))
        if not worker.is_alive():
            loop.quit()

    timer.timeout.connect(poll)
    worker.start()
    timer.start()
    loop.exec()
    timer.stop()
    worker.join()
    dialog.setValue(pages)
    dialog.close()
    dialog.deleteLater()
    if "error" in state:
        raise state["error"]
    return state["verdict"]
