"""Typed errors and the one place that turns any exception into a message for a person.

The core raises ToolkitError subclasses carrying an untranslated message and its values;
the CLI and the GUI both call `describe()` so the user reads the same words in their
language, and `log_exception()` keeps the traceback in the data folder's log file.
"""

from __future__ import annotations

import enum
import errno
import logging
import os

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
        if not self.values:
            return text
        # A nested error (e.g. a backup's cause) is translated too, never shown as raw text.
        values = {k: v.user_message() if isinstance(v, ToolkitError) else v
                  for k, v in self.values.items()}
        return text.format(**values)


class DataFolderError(ToolkitError):
    message = N_("The data folder {path} cannot be used: {reason}")


class DatabaseDamagedError(ToolkitError):
    """Real damage (SQLite says corrupt / not a database, or our checks found it): the only
    error that offers a restore."""

    message = N_(
        "The database {path} is damaged and was not changed. "
        "Restore a backup from Settings, or ask for help before doing anything else."
    )


class DatabaseMissingError(ToolkitError):
    """The database is absent or empty although backups exist: never a silent fresh start."""

    message = N_(
        "The database {path} is missing or empty, but backups exist. Restore one of them "
        "(nothing was changed)."
    )


class ForeignJournalError(ToolkitError):
    """A -wal beside the database that belongs to another copy of it: left untouched."""

    message = N_(
        "The file {wal} beside the database does not belong to it (it probably came with "
        "another copy of the database). Nothing was changed. Move {wal} and {shm} out of the "
        "data folder (keep them: they may hold answers of that other copy), then start again."
    )


class DiskFullError(ToolkitError):
    message = N_("The disk is full. Free some space and try again; nothing was lost.")


class ReadOnlyError(ToolkitError):
    message = N_("The data folder cannot be written to (read-only disk or folder). "
                 "Choose another folder; nothing was lost.")


class LockedError(ToolkitError):
    message = N_("The database is busy, perhaps in another window of the toolkit. Close "
                 "it and try again; nothing was lost.")


class DiskIOError(ToolkitError):
    message = N_("The disk could not be read or written. Check the disk or USB key and "
                 "try again; what was saved before is safe.")


class OutputProtectedError(ToolkitError):
    """A report, export or CSV aimed at the toolkit's own database or backups."""

    message = N_(
        "{path} is the toolkit’s own data (its database or a backup). Choose another file "
        "name; nothing was written."
    )


class InUseError(ToolkitError):
    message = N_("The data folder is in use by another window of the toolkit. Close it and "
                 "try again; nothing was changed.")


class DatabaseTooNewError(ToolkitError):
    message = N_(
        "The database {path} was made by a newer version of the toolkit (schema {found}; "
        "this version knows up to {supported}). It was not changed. Install the newer version."
    )


class BackupError(ToolkitError):
    message = N_("The backup could not be made or restored. {reason}")


class BeforeRestoreError(ToolkitError):
    message = N_("The current data could not be backed up before restoring, so nothing was "
                 "restored. {reason}")


class InputError(ToolkitError):
    """Bad input from a user or a file: nothing was changed."""

    message = N_("The input is not valid: {reason}")


class UnknownLanguageError(InputError):
    """A language code the registry (toolkit/languages.py) does not know."""

    message = N_("There is no language {code} here. The languages known are: {known}.")


class LanguageModeError(InputError):
    """A document's --lang that is not one language, a pair such as iu+en, or bilingual."""

    message = N_("The language {mode} is not one this app knows. Give one language code, two "
                 "joined by + (for example iu+en), or bilingual. The codes known are: {known}.")


class Cause(enum.Enum):
    """Why a file or database operation failed; decides what the user is offered."""

    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    IO = "io"
    DAMAGED = "damaged"
    TOO_NEW = "too-new"
    NOT_FOUND = "not-found"
    OTHER = "other"


# SQLite primary result codes (the low byte of an extended code).
_SQLITE_CAUSES = {
    13: Cause.DISK_FULL,  # SQLITE_FULL
    8: Cause.READ_ONLY,  # SQLITE_READONLY
    3: Cause.READ_ONLY,  # SQLITE_PERM
    23: Cause.READ_ONLY,  # SQLITE_AUTH
    5: Cause.LOCKED,  # SQLITE_BUSY
    6: Cause.LOCKED,  # SQLITE_LOCKED
    10: Cause.IO,  # SQLITE_IOERR (refined by free space, see classify)
    14: Cause.IO,  # SQLITE_CANTOPEN
    15: Cause.LOCKED,  # SQLITE_PROTOCOL
    11: Cause.DAMAGED,  # SQLITE_CORRUPT
    26: Cause.DAMAGED,  # SQLITE_NOTADB
}
_ERRNO_CAUSES = {
    errno.ENOSPC: Cause.DISK_FULL,
    errno.EDQUOT: Cause.DISK_FULL,
    errno.EFBIG: Cause.DISK_FULL,
    errno.EROFS: Cause.READ_ONLY,
    errno.EACCES: Cause.READ_ONLY,
    errno.EPERM: Cause.READ_ONLY,
    errno.EIO: Cause.IO,
    errno.ENOENT: Cause.NOT_FOUND,
}
_CAUSE_ERRORS: dict[Cause, type[ToolkitError]] = {
    Cause.DISK_FULL: DiskFullError,
    Cause.READ_ONLY: ReadOnlyError,
    Cause.LOCKED: LockedError,
    Cause.IO: DiskIOError,
}


def classify(exc: BaseException, near: str | os.PathLike[str] | None = None) -> Cause:
    """The cause of an OSError or sqlite3.Error, from errno or SQLite's (extended) code.

    SQLite reports some full-disk writes as a plain I/O error (SQLITE_IOERR_WRITE, its errno
    not exposed by Python): an I/O error where `near`'s disk has (almost) no room left is
    classed as a full disk.
    """
    if isinstance(exc, DatabaseDamagedError):
        return Cause.DAMAGED
    if isinstance(exc, DatabaseTooNewError):
        return Cause.TOO_NEW
    if isinstance(exc, ToolkitError):
        for cause, kind in _CAUSE_ERRORS.items():
            if isinstance(exc, kind):
                return cause
        return Cause.OTHER
    if isinstance(exc, OSError):
        return _ERRNO_CAUSES.get(exc.errno or 0, Cause.IO)
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return Cause.OTHER
    cause = _SQLITE_CAUSES.get(code & 0xFF, Cause.OTHER)
    if cause is Cause.IO and near is not None and _nearly_full(near):
        return Cause.DISK_FULL
    return cause


def _nearly_full(near: str | os.PathLike[str]) -> bool:
    import shutil

    folder = os.fspath(near)
    while folder and not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    try:
        return shutil.disk_usage(folder or ".").free < 1024 * 1024
    except OSError:
        return False


def as_toolkit_error(exc: BaseException, near: str | os.PathLike[str] | None = None,
                     path: str | os.PathLike[str] | None = None) -> ToolkitError:
    """The typed, translatable error for a low-level one (the detail stays in the log)."""
    if isinstance(exc, ToolkitError):
        return exc
    cause = classify(exc, near)
    if cause is Cause.DAMAGED:
        return DatabaseDamagedError(path=str(path or near or ""))
    kind = _CAUSE_ERRORS.get(cause)
    if kind is not None:
        return kind()
    if isinstance(exc, OSError):
        return DiskIOError()
    return ToolkitError()


class WrongValue(ToolkitError):
    """What is wrong in a document read from a file, and where (a JSON path, the same in
    every language): the reason inside a translated refusal, never msgspec's English."""

    message = N_("wrong value at {where}")


NOT_JSON = N_("not JSON")


def validation_place(exc: BaseException) -> str:
    """Where a msgspec validation failed ("$.questions[2].n"), without msgspec's English
    sentence: a path reads the same in every language, so it may stand in a translated
    message ("$" when msgspec named no place)."""
    text = str(exc)
    return text.rsplit(" - at `", 1)[-1].rstrip("`")[:120] if " - at `" in text else "$"


def describe(exc: BaseException, log_file: str | None = None) -> str:
    """One translated sentence (or two) telling a person what happened and what to do.

    Never the OS's or SQLite's own (English) text: that goes to the log only.
    """
    if isinstance(exc, ToolkitError):
        return exc.user_message()
    if isinstance(exc, OSError):
        where = exc.filename or ""
        cause = classify(exc)
        if cause is Cause.DISK_FULL:
            return DiskFullError().user_message()
        if isinstance(exc, PermissionError) or cause is Cause.READ_ONLY:
            return _("The toolkit is not allowed to use {path}. Choose another folder.").format(
                path=where
            )
        if isinstance(exc, FileNotFoundError):
            return _("The file {path} does not exist.").format(path=where)
        return _("The file {path} could not be read or written ({reason}).").format(
            path=where, reason=errno.errorcode.get(exc.errno or 0, "?")
        )
    if getattr(exc, "sqlite_errorcode", None) is not None:
        known = as_toolkit_error(exc)
        if type(known) is not ToolkitError:
            return known.user_message()
    text = _("An unexpected error occurred. Your data is safe.")
    if log_file:
        text += " " + _("Details were written to {path}.").format(path=log_file)
    return text


def log_exception(exc: BaseException) -> None:
    """Keep the whole traceback in the log; the user sees only `describe(exc)`."""
    log.error("%s", exc, exc_info=(type(exc), exc, exc.__traceback__))
