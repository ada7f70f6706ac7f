"""Saving one answer through SessionService vs a bare committed SQLite insert (same settings).

Every answer is committed the moment it is given; this shows what our checks (session open,
answer valid for its question, skip position, revision counters) add to the unavoidable cost
of a durable commit. Baseline: one INSERT OR REPLACE committed in WAL with synchronous=FULL,
measured in the same run, on the same disk.
"""

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from toolkit.sessions import SessionService
from toolkit.store import Store

ROUNDS = 300
TARGET = 1.3


def bare(folder: Path) -> list[float]:
    conn = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answers (r TEXT, q TEXT, v TEXT, PRIMARY KEY (r, q))")
    times = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO answers VALUES ('r', ?, ?)", (f"q{i % 6}", str(i % 5 + 1)))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def service(folder: Path) -> list[float]:
    store = Store.open(folder / "toolkit.sqlite")
    svc = SessionService(store)
    session = svc.create_session("Birch Lake", "local-diagnosis", mode="facilitator")
    respondent = svc.add_respondent(session.id)
    questions = ["safe_day", "safe_night", "safe_home", "safe_public_places", "safe_online",
                 "safe_children"]
    times = []
    for i in range(ROUNDS):
        start = time.perf_counter()
        svc.save_answer(respondent.id, questions[i % 6], i % 5 + 1)
        times.append(time.perf_counter() - start)
    store.close()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        base = statistics.median(bare(Path(tmp)))
        ours = statistics.median(service(Path(tmp)))
    ratio = ours / base
    print(f"answer save: bare commit {base * 1e3:.3f} ms, SessionService.save_answer "
          f"{ours * 1e3:.3f} ms, ratio {ratio:.2f}x (target <= {TARGET}x) "
          f"{'met' if ratio <= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
