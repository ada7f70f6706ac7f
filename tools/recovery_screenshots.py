"""PNGs of the recovery dialog and the restore flow, in English and French (issue 13).

    QT_QPA_PLATFORM=offscreen python tools/recovery_screenshots.py OUTDIR

Damaged database with backups, missing database with backups, the full-disk message, a
foreign -wal, the daily check's progress, the settings screen's restore confirmation and the
message when the before-restore backup cannot be made. Made to be looked at; not a test.
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.errors import (
    BeforeRestoreError,
    DatabaseDamagedError,
    DatabaseMissingError,
    DiskFullError,
    ForeignJournalError,
    describe,
)
from toolkit.ui.app import application, prepare
from toolkit.ui.qt_i18n import install_qt_translations
from toolkit.ui.recovery_dialog import RecoveryDialog


def grab(widget, path: Path) -> None:
    widget.show()
    widget.adjustSize()
    for _ in range(3):
        QApplication.processEvents()
    widget.grab().save(str(path))
    widget.close()


def box(text: str, buttons=QMessageBox.StandardButton.Ok) -> QMessageBox:
    message = QMessageBox(QMessageBox.Icon.Warning, i18n._("Problem"), text, buttons)
    return message


def main() -> None:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    application()
    kit = Toolkit(Path(tempfile.mkdtemp(prefix="toolkit-recovery-shots-")))
    prepare(kit, "en")
    kit.open_store()
    kit.backup_now()
    kit.close(backup=False)
    db = str(kit.database_path)
    for lang in ("en", "fr"):
        i18n.set_language(lang)
        install_qt_translations(lang)
        grab(RecoveryDialog(kit, DatabaseDamagedError(path=db)), out / f"damaged-{lang}.png")
        grab(RecoveryDialog(kit, DatabaseMissingError(path=db)), out / f"missing-{lang}.png")
        grab(box(describe(DiskFullError())), out / f"disk-full-{lang}.png")
        grab(box(describe(ForeignJournalError(wal="toolkit.sqlite-wal",
                                              shm="toolkit.sqlite-shm"))),
             out / f"foreign-wal-{lang}.png")
        grab(box(describe(BeforeRestoreError(reason=DiskFullError()))),
             out / f"before-restore-failed-{lang}.png")
        confirm = QMessageBox(QMessageBox.Icon.Question, i18n._("Restore a backup"), i18n._(
            "Replace the current data by the backup of {when}? The current data is backed "
            "up first, so this can be undone.").format(when=kit.backups()[0].path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        grab(confirm, out / f"restore-confirm-{lang}.png")
        from PySide6.QtWidgets import QProgressDialog

        progress = QProgressDialog(i18n._("Checking the data before today’s backup…"), "", 0,
                                   100)
        progress.setWindowTitle(i18n._("Checking the data"))
        progress.setCancelButton(None)
        progress.setValue(40)
        grab(progress, out / f"daily-check-{lang}.png")
    # the restore flow for real: restore the first backup, then the settings screen lists
    # the before-restore backup, and the message names it
    kit.open_store()
    store = kit.restore(kit.backups()[-1].path)
    from toolkit.ui.main_window import MainWindow

    window = MainWindow(kit)
    window.resize(900, 700)
    window.show()
    for lang in ("en", "fr"):
        window.set_language(lang)
        install_qt_translations(lang)
        window.go_to("settings")
        window.screen("settings").refresh()
        QApplication.processEvents()
        window.grab().save(str(out / f"settings-after-restore-{lang}.png"))
        done = QMessageBox(QMessageBox.Icon.Information, i18n._("Restore a backup"),
                           i18n._("The backup was restored.") + " " + i18n._(
                               "The data it replaced was backed up first: it is the backup of "
                               "{when}, before a restore, in the list.").format(
                               when=i18n.format_datetime(store.before_restore.taken_at)))
        grab(done, out / f"restored-{lang}.png")
    window.close()
    kit.close(backup=False)
    print(out)


if __name__ == "__main__":
    main()
