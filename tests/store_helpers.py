"""Helpers for the store-safety tests: a small real tmpfs (a full disk), a crashed WAL."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m"):
    """A tmpfs of `size` mounted at `folder` (CI runs as root); skip where not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs (a full disk) needs root; CI runs as root")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the disk holding `folder` to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "ab", buffering=0) as fh:
        for size in (65536, 512, 1):
            try:
                while True:
                    fh.write(b"\0" * size)
            except OSError:
                pass
    return filler


def add_community(store, name):
    with store.transaction() as conn:
        conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                     "VALUES (?, ?, 'x', 'x')", (name, name))


def names_in(path: Path) -> list[str]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM communities"))
    finally:
        conn.close()


def crash_with_wal(db: Path, name: str) -> None:
    """Add a community in a child process that dies before any checkpoint: the answer is
    only in the -wal, as after a power cut."""
    code = (
        "import os, sys, sqlite3\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')\n"
        "c.execute(\"INSERT INTO communities(id, name, created_at, updated_at) "
        "VALUES (?, ?, 'x', 'x')\", (sys.argv[2], sys.argv[2]))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db), name], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0
