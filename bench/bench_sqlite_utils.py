"""Why the answer hot path and bulk import stay on raw sqlite3 while schema work uses
sqlite-utils (issue 13): the same writes both ways, in the same run.

- one answer saved (what every click in the runner does): raw `INSERT ... ON CONFLICT`
  against sqlite-utils' `Table.upsert()`, each in its own committed transaction;
- bulk import (an exchange package or a CSV): raw `executemany` against `insert_all()`.
sqlite-utils introspects the table (PRAGMA table_info and more) on each call and builds its
SQL in Python: fine once per migration, a cost on every click or row. Target: raw is at
least as fast (ratio sqlite-utils / raw >= 1.0), which is the reason it stays.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import sqlite_utils

SAVES = 400
ROWS = 100_000
SCHEMA = ("CREATE TABLE answers (respondent_id TEXT NOT NULL, question_id TEXT NOT NULL, "
          "value TEXT NOT NULL, updated_at TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 1, "
          "PRIMARY KEY (respondent_id, question_id)) WITHOUT ROWID")
UPSERT = ("INSERT INTO answers(respondent_id, question_id, value, updated_at) VALUES (?, ?, ?, ?) "
          "ON CONFLICT(respondent_id, question_id) DO UPDATE SET value = excluded.value, "
          "updated_at = excluded.updated_at, revision = revision + 1")


def _db(folder: Path, name: str) -> sqlite3.Connection:
    conn = sqlite3.connect(folder / f"{name}.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # the fsync would hide the Python cost
    conn.execute(SCHEMA)
    return conn


def saves_raw(conn: sqlite3.Connection) -> list[float]:
    times = []
    for i in range(SAVES):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(UPSERT, ("r1", f"q{i % 40}", str(i % 5), "t"))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    return times


def saves_utils(conn: sqlite3.Connection) -> list[float]:
    table = sqlite_utils.Database(conn)["answers"]
    times = []
    for i in range(SAVES):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        table.upsert({"respondent_id": "r1", "question_id": f"q{i % 40}", "value": str(i % 5),
                      "updated_at": "t"}, pk=("respondent_id", "question_id"))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    return times


def rows():
    return ((f"r{n // 50}", f"q{n % 50}", str(n % 5), "t") for n in range(ROWS))


def bulk_raw(conn: sqlite3.Connection) -> float:
    start = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                     "VALUES (?, ?, ?, ?)", rows())
    conn.execute("COMMIT")
    return time.perf_counter() - start


def bulk_utils(conn: sqlite3.Connection) -> float:
    db = sqlite_utils.Database(conn)
    start = time.perf_counter()
    conn.execute("BEGIN")
    db["answers"].insert_all(({"respondent_id": r, "question_id": q, "value": v,
                               "updated_at": t} for r, q, v, t in rows()), batch_size=1000)
    conn.execute("COMMIT")
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw, utils = _db(folder, "raw"), _db(folder, "utils")
        save = {"raw": statistics.median(saves_raw(raw)),
                "sqlite-utils": statistics.median(saves_utils(utils))}
        raw.execute("DELETE FROM answers")
        utils.execute("DELETE FROM answers")
        bulk = {"raw": bulk_raw(raw), "sqlite-utils": bulk_utils(utils)}
        raw.close()
        utils.close()
    for name, result, unit, scale in (("one answer saved", save, "ms", 1e3),
                                      (f"bulk import of {ROWS:,} answers", bulk, "s", 1)):
        ratio = result["sqlite-utils"] / result["raw"]
        print(f"{name}: raw {result['raw'] * scale:.3f} {unit}, sqlite-utils "
              f"{result['sqlite-utils'] * scale:.3f} {unit}, ratio {ratio:.2f}x  "
              f"raw stays (ratio >= 1.0): {'MET' if ratio >= 1.0 else 'NOT MET'}")


if __name__ == "__main__":
    main()
