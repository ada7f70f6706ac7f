"""The GUI's one place where an exception becomes a translated message box."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from toolkit.errors import ToolkitError, describe, log_exception
from toolkit.i18n import _

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

_log_file: str | None = None


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Log the traceback, show the user what happened and what to do next."""
    from PySide6.QtWidgets import QMessageBox  # built when first needed, not at start-up

    log_exception(exc)
    icon = QMessageBox.Icon.Warning if isinstance(exc, ToolkitError) else QMessageBox.Icon.Critical
    box = QMessageBox(icon, _("Problem"), describe(exc, _log_file), QMessageBox.StandardButton.Ok,
                      parent)
    box.setAccessibleName(_("Problem"))
    box.exec()


def install_excepthook(log_file: str) -> None:
    """Exceptions escaping a slot reach sys.excepthook: show them kindly, never a traceback."""
    global _log_file
    _log_file = log_file

    def hook(exc_type, exc, tb):  # noqa: ANN001 - sys.excepthook signature
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        exc.__traceback__ = tb
        if QApplication.instance() is None:
            log_exception(exc)
            return
        show_error(QApplication.activeWindow(), exc)

    sys.excepthook = hook
