"""Logging to a file in the data folder: tracebacks go here, never to a user's screen."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from toolkit.paths import logs_dir

LOG_NAME = "toolkit.log"
MAX_BYTES, KEEP = 1_000_000, 3


def _rotate(path: Path) -> None:
    """At start-up, move a full log to .1 (then .2, .3): cheaper than a rotating handler."""
    try:
        if path.stat().st_size < MAX_BYTES:
            return
    except FileNotFoundError:
        return
    for n in range(KEEP - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{n + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


class QuietFileHandler(logging.FileHandler):
    """A log file that never prints "--- Logging error ---" and a traceback on the terminal
    when it cannot be written (full disk, read-only folder): the user reads describe()'s
    one line; a log line that cannot be kept is dropped."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        self.dropped = getattr(self, "dropped", 0) + 1


def setup_logging(data_folder: Path) -> Path:
    """Send the toolkit's log to data_folder/logs/toolkit.log (rotated at start, 3 x 1 MB)."""
    folder = logs_dir(data_folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    logger = logging.getLogger("toolkit")
    for handler in list(logger.handlers):
        if getattr(handler, "_toolkit_file", False):
            logger.removeHandler(handler)
            handler.close()
    try:
        _rotate(path)
    except OSError:  # a full disk: keep writing to the current file
        pass
    handler = QuietFileHandler(path, encoding="utf-8", delay=True)
    handler._toolkit_file = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def log_file_path(data_folder: Path) -> Path:
    return logs_dir(data_folder) / LOG_NAME
