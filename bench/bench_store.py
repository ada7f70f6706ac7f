"""Durability cost: one committed write with synchronous=FULL vs NORMAL vs OFF, in WAL mode.

This is the measurement behind the store's choice of synchronous=FULL (docs/architecture.md):
FULL fsyncs the WAL at every commit, so an answer shown as saved survives a power cut.
"""

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

ROUNDS = 300


def commits_per_level(folder: Path, level: str) -> list[float]:
    path = folder / f"{level}.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {level}")
    conn.execute("CREATE TABLE answers (k TEXT PRIMARY KEY, v TEXT)")
    times = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        conn.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (f"q{i % 50}", "4"))
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        results = {level: commits_per_level(Path(tmp), level)
                   for level in ("OFF", "NORMAL", "FULL")}
    base = statistics.median(results["NORMAL"])
    for level, times in results.items():
        med = statistics.median(times)
        p95 = sorted(times)[int(len(times) * 0.95)]
        print(f"synchronous={level:<6} median {med * 1e3:7.3f} ms  p95 {p95 * 1e3:7.3f} ms  "
              f"ratio to NORMAL {med / base:5.2f}x")


if __name__ == "__main__":
    main()
