"""Who holds a data folder: a shared lock for each running toolkit, exclusive for a moment.

Every instance (the app, each command) holds a shared lock on `<data>/toolkit.lock` while it
uses the folder, so several may run together (a command beside the open app). Work that must
be alone takes the lock exclusively without waiting and gives up if it cannot: cleaning the
temporary files of killed processes (another instance may be writing its own) and replacing
the database by a backup. The lock is the operating system's (flock), so a killed process
releases it; where flock does not exist (Windows) exclusive work is simply not done.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "toolkit.lock"


class FolderLock:
    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._fd: int | None = None

    def acquire_shared(self) -> None:
        if fcntl is None or self._fd is not None:
            return
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_SH)
        except OSError:  # a read-only folder: nothing to protect against writers
            self.release()

    def try_exclusive(self) -> bool | None:
        """Upgrade to exclusive without waiting: False if another instance holds the folder,
        None if this system cannot tell (no flock, or the lock file could not be made)."""
        if fcntl is None or self._fd is None:
            return None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            # Linux drops the shared lock before trying the exclusive one: take it again.
            fcntl.flock(self._fd, fcntl.LOCK_SH)
            return False
        return True

    def back_to_shared(self) -> None:
        if fcntl is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_SH)

    @contextlib.contextmanager
    def exclusive(self) -> Iterator[bool | None]:
        """`with lock.exclusive() as alone:` False if another instance runs, None if unknown."""
        alone = self.try_exclusive()
        try:
            yield alone
        finally:
            if alone:
                self.back_to_shared()

    def __del__(self) -> None:  # a Toolkit dropped without close() lets go of the folder
        self.release()

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
