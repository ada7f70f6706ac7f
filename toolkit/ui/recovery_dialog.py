"""Shown at start when the database cannot be used: say why, offer a backup to restore."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout,
)

from toolkit.context import Toolkit
from toolkit.errors import ToolkitError
from toolkit.i18n import _, format_datetime


class RecoveryDialog(QDialog):
    """Lists backups; Restore puts the chosen one in place (the damaged file is kept aside)."""

    def __init__(self, kit: Toolkit, error: ToolkitError, parent=None) -> None:
        super().__init__(parent)
        self.kit = kit
        self.setWindowTitle(_("The data cannot be opened"))
        layout = QVBoxLayout(self)
        message = QLabel(error.user_message())
        message.setWordWrap(True)
        layout.addWidget(message)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups, newest first"))
        for backup in kit.backups():
            item = QListWidgetItem(format_datetime(backup.taken_at))
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addItem(item)
        hint = QLabel(_("Choose a backup to restore. The damaged file is kept beside it, "
                        "renamed, so that it can still be examined.")
                      if self.list.count() else
                      _("There is no backup to restore. The file was left as it was; "
                        "contact CCSC for help."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.list)
        self.list.setVisible(self.list.count() > 0)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(_("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName(_("Restore the selected backup"))
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
