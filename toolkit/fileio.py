"""Writing user files safely: never in place, always a temporary file renamed into place.

A report, export, CSV or backup is either complete or absent; a crash or a full disk
mid-write leaves the previous file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


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
def atomic_output(target: Path | str, private: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success rename it over `target`.

    The caller writes the temporary path any way it likes (reportlab, zipfile, sqlite
    backup...). On any exception the temporary file is removed and `target` is unchanged.
    The file gets the permissions of any file the user saves (mkstemp's are owner-only),
    unless `private` (backups of the database keep owner-only access).
    """
    target = Path(target)
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
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


def atomic_write_with(target: Path | str, writer: Callable[[BinaryIO], None]) -> None:
    """Let `writer` fill a binary file object, then rename it into place."""
    with atomic_output(target) as tmp, open(tmp, "wb") as fh:
        writer(fh)
