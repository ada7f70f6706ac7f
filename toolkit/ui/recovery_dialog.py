"""Shown at start when the database cannot be used as it is: say why, offer what fits.

Only real damage, or a missing/empty database while backups exist, comes here (a full
disk, a read-only folder or a lock is a plain message: nothing to restore). Restoring goes
through Toolkit.restore, the same path as `toolkit backup restore`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
)

from toolkit.context import Toolkit
from toolkit.errors import DatabaseMissingError, ToolkitError
from toolkit.i18n import _, format_datetime

START_EMPTY = 2  # dialog result: the user chose to start with no data


class RecoveryDialog(QDialog):
    """Lists backups; Restore puts the chosen one in place (a damaged file is kept aside)."""

    def __init__(self, kit: Toolkit, error: ToolkitError, parent=None) -> None:
        super().__init__(parent)
        self.kit = kit
        missing = isinstance(error, DatabaseMissingError)
        self.setWindowTitle(_("The data cannot be opened"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.message = QLabel(error.user_message())
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for backup in kit.backups():
            item = QListWidgetItem(format_datetime(backup.taken_at))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        if not self.list.count():
            hint = _("There is no backup to restore. The file was left as it was; "
                     "contact CCSC for help.")
        elif missing:
            hint = _("Choose a backup to restore, or start with no data if this computer "
                     "should begin afresh.")
        else:
            hint = _("Choose a backup to restore. The damaged file is kept beside it, "
                     "renamed, so that it can still be examined.")
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        self.list.setVisible(self.list.count() > 0)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(_("Restore"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName(_("Restore the selected backup"))
        self.empty_button = None
        if missing:
            self.empty_button = self.buttons.addButton(
                _("Start with no data"), QDialogButtonBox.ButtonRole.DestructiveRole)
            self.empty_button.setAccessibleName(_("Start with no data"))
            self.empty_button.clicked.connect(lambda: self.done(START_EMPTY))
        quit_button = self.buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setAccessibleName(_("Quit"))
        self.restore_button.setEnabled(False)
        self.list.currentRowChanged.connect(lambda row: self.restore_button.setEnabled(row >= 0))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.list.count():
            self.list.setCurrentRow(0)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
