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

ROUNDS = 1000
TARGET = 1.2


def bare_setup(folder: Path):
    conn = sqlite3.connect(folder / "bare.sqlite", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE answers (r TEXT, q TEXT, v TEXT, PRIMARY KEY (r, q))")

    def save(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO answers VALUES ('r', ?, ?)",
                     (f"q{i % 6}", str(i % 5 + 1)))
        conn.execute("COMMIT")
    return save, conn.close


def service_setup(folder: Path):
    store = Store.open(folder / "toolkit.sqlite")
    svc = SessionService(store)
    session = svc.create_session("Birch Lake", "local-diagnosis", mode="facilitator")
    respondent = svc.add_respondent(session.id)
    questions = ["safe_day", "safe_night", "safe_home", "safe_public_places", "safe_online",
                 "safe_children"]

    def save(i: int) -> None:
        svc.save_answer(respondent.id, questions[i % 6], i % 5 + 1)
    return save, store.close


def timed(save, i: int) -> float:
    start = time.perf_counter()
    save(i)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        bare_save, bare_close = bare_setup(Path(tmp))
        our_save, our_close = service_setup(Path(tmp))
        bare_times, our_times = [], []
        for i in range(ROUNDS):  # interleaved, so disk and machine noise hit both alike
            bare_times.append(timed(bare_save, i))
            our_times.append(timed(our_save, i))
        bare_close()
        our_close()
    base, ours = statistics.median(bare_times), statistics.median(our_times)
    ratio = ours / base
    print(f"answer save: bare commit {base * 1e3:.3f} ms, SessionService.save_answer "
          f"{ours * 1e3:.3f} ms, ratio {ratio:.2f}x (target <= {TARGET}x) "
          f"{'met' if ratio <= TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
