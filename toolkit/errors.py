"""Typed errors and the one place that turns any exception into a message for a person.

The core raises ToolkitError subclasses carrying an untranslated message and its values;
the CLI and the GUI both call `describe()` so the user reads the same words in their
language, and `log_exception()` keeps the traceback in the data folder's log file.
"""

from __future__ import annotations

import errno
import logging

from toolkit.i18n import N_, _

log = logging.getLogger("toolkit")
# Before the data folder's log file is open (or when it cannot be), a traceback must not
# fall through to logging's last-resort handler on stderr: users get describe() only.
log.addHandler(logging.NullHandler())


class ToolkitError(Exception):
    """An error a user can understand and act on."""

    message = N_("Something went wrong.")

    def __init__(self, message: str | None = None, **values: object) -> None:
        if message is not None:
            self.message = message
        self.values = values
        super().__init__(self.message.format(**values) if values else self.message)

    def user_message(self) -> str:
        text = _(self.message)
        return text.format(**self.values) if self.values else text


class DataFolderError(ToolkitError):
    message = N_("The data folder {path} cannot be used: {reason}")


class DatabaseDamagedError(ToolkitError):
    message = N_(
        "The database {path} is damaged and was not changed. "
        "Restore a backup from Settings, or ask for help before doing anything else."
    )


class DatabaseTooNewError(ToolkitError):
    message = N_(
        "The database {path} was made by a newer version of the toolkit (schema {found}; "
        "this version knows up to {supported}). It was not changed. Install the newer version."
    )


class BackupError(ToolkitError):
    message = N_("The backup could not be made or restored: {reason}")


class InputError(ToolkitError):
    """Bad input from a user or a file: nothing was changed."""

    message = N_("The input is not valid: {reason}")


def describe(exc: BaseException, log_file: str | None = None) -> str:
    """One translated sentence (or two) telling a person what happened and what to do."""
    if isinstance(exc, ToolkitError):
        return exc.user_message()
    if isinstance(exc, OSError):
        where = exc.filename or ""
        if exc.errno == errno.ENOSPC:
            return _("The disk is full. Free some space and try again; nothing was lost.")
        if isinstance(exc, PermissionError):
            return _("The toolkit is not allowed to use {path}. Choose another folder.").format(
                path=where
            )
        if isinstance(exc, FileNotFoundError):
            return _("The file {path} does not exist.").format(path=where)
        return _("The file {path} could not be read or written ({reason}).").format(
            path=where, reason=exc.strerror or exc
        )
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        primary = code & 0xFF  # extended codes keep the primary code in the low byte
        if primary == 13:  # SQLITE_FULL
            return _("The disk is full. Free some space and try again; nothing was lost.")
        if primary in (5, 6):  # SQLITE_BUSY, SQLITE_LOCKED
            return _("The database is busy, perhaps in another window of the toolkit. Close "
                     "it and try again; nothing was lost.")
        if primary == 8:  # SQLITE_READONLY
            return _("The data folder cannot be written to (read-only disk or folder). "
                     "Choose another folder; nothing was lost.")
        if primary == 10:  # SQLITE_IOERR
            return _("The disk could not be read or written. Check the disk or USB key and "
                     "try again; what was saved before is safe.")
    text = _("An unexpected error occurred. Your data is safe.")
    if log_file:
        text += " " + _("Details were written to {path}.").format(path=log_file)
    return text


def log_exception(exc: BaseException) -> None:
    """Keep the whole traceback in the log; the user sees only `describe(exc)`."""
    log.error("%s", exc, exc_info=(type(exc), exc, exc.__traceback__))
