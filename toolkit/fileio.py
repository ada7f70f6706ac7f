"""Writing user files safely: never in place, always a temporary file renamed into place.

A report, export, CSV or backup is either complete or absent; a crash or a full disk
mid-write leaves the previous file untouched. This is the one place files are written, so
it is also where an output aimed at the toolkit's own store (the live database, its
`-wal`/`-shm`, a backup, a damaged copy kept aside) is refused, however the path reaches it
(symbolic link, hard link, other letter case), and where the temporary files of a killed
process are recognised (TEMP_NAME) and cleaned at the next start.
"""

from __future__ import annotations

import _weakref  # the C module: `weakref` itself costs 4 ms of start-up
import contextlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from toolkit.errors import OutputProtectedError

TEMP_SUFFIX = ".toolkit-tmp"
# Ours only: a dot, the target's name, mkstemp's 8 random characters, our suffix (and the
# journal SQLite keeps beside a backup being written). The older ".tmp" form is ours too.
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}(\.toolkit-tmp|\.tmp)(-journal|-wal|-shm)?$")
TEMP_FOLDER = "tmp"  # inside the data folder: report previews and the like


class StoreGuard(Protocol):
    def protected_files(self) -> Iterable[Path]: ...
    def protected_folders(self) -> Iterable[Path]: ...


_guards: dict[int, _weakref.ref] = {}


def protect(owner: StoreGuard) -> None:
    """From now on (while `owner` lives) no output may land on what `owner` protects."""
    key = id(owner)
    _guards[key] = _weakref.ref(owner, lambda _ref: _guards.pop(key, None))


def _owners() -> list[StoreGuard]:
    return [owner for owner in (ref() for ref in list(_guards.values())) if owner is not None]


def _same_dir(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_store_target(target: Path) -> None:
    """Raise OutputProtectedError if `target` is, or would replace, a protected file."""
    owners = _owners()
    if not owners:
        return
    real = Path(os.path.realpath(target))
    try:
        target_stat = os.stat(real)
    except OSError:
        target_stat = None
    name = real.name.casefold()
    for owner in owners:
        for folder in owner.protected_folders():
            if _same_dir(real.parent, folder):
                raise OutputProtectedError(path=str(target))
        for protected in owner.protected_files():
            if target_stat is not None:
                with contextlib.suppress(OSError):
                    if os.path.samestat(target_stat, os.stat(protected)):
                        raise OutputProtectedError(path=str(target))
            # a case-insensitive disk (FAT USB key, macOS, Windows): same name, other case
            if name == protected.name.casefold() and _same_dir(real.parent, protected.parent):
                raise OutputProtectedError(path=str(target))


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(target: Path | str, private: bool = False,
                  store: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success rename it over `target`.

    The caller writes the temporary path any way it likes (reportlab, zipfile, sqlite
    backup...). On any exception the temporary file is removed and `target` is unchanged.
    The file gets the permissions of any file the user saves (mkstemp's are owner-only),
    unless `private` (backups of the database keep owner-only access). Only the store itself
    (`store=True`: backups, restore) may write over the database or into the backups.
    """
    target = Path(target)
    if not store:
        refuse_store_target(target)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not private:
            _usual_permissions(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _usual_permissions(path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~umask)


def atomic_write_bytes(target: Path | str, data: bytes) -> None:
    """Write `data` to `target` atomically."""
    with atomic_output(target) as tmp:
        tmp.write_bytes(data)


def temporary_folder(data_folder: Path, prefix: str) -> tempfile.TemporaryDirectory:
    """A temporary folder inside the data folder's tmp/ (report previews...), so that what a
    killed process leaves there is found and removed at the next start."""
    parent = Path(data_folder) / TEMP_FOLDER
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=prefix, dir=parent)


def remove_leftovers(folders: Iterable[Path], temp_root: Path | None = None) -> list[Path]:
    """Remove our temporary files (TEMP_NAME only) in `folders`, and everything in
    `temp_root` (our own tmp/ folder). The caller makes sure no other instance runs."""
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if TEMP_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    if temp_root is not None and temp_root.is_dir():
        import shutil

        for entry in list(os.scandir(temp_root)):
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed
