"""Opening cost does not grow with the data (issue 13): a hub of 5 million answers against an
empty store, measured in the same run. Target: within 1.5x.

Opening runs store.checks.quick_check (header, page count against file size, foreign WAL,
schema fingerprint, first page of each table) and no `PRAGMA quick_check`, whose cost grows
with the file. The big database is built once with raw executemany and cached under the
system's temporary folder (about 600 MB; delete toolkit-bench-open/ to rebuild). Also printed,
for docs/architecture.md: the full integrity_check that the daily backup runs, on that hub.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from toolkit.store import LATEST_VERSION, Store

ANSWERS = 5_000_000
QUESTIONS = 50
ROUNDS = 15
TARGET = 1.5
CACHE = Path(tempfile.gettempdir()) / "toolkit-bench-open"


def build_hub(path: Path, answers: int = ANSWERS) -> Path:
    """Sessions, respondents and answers inserted with raw executemany in one transaction."""
    if path.exists():
        return path
    partial = path.with_name(path.name + ".building")
    partial.unlink(missing_ok=True)
    Store.open(partial).close()
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO communities VALUES ('c', 'Hub', 'x', 'x', 1)")
    conn.execute("INSERT INTO instruments VALUES ('h', 'local-diagnosis', 1, '{}', 'x')")
    respondents = answers // QUESTIONS
    per_session = 200
    conn.executemany(
        "INSERT INTO sessions(id, community_id, instrument_hash, session_date, mode, "
        "created_at, updated_at) VALUES (?, 'c', 'h', '2026-01-01', 'kiosk', 'x', 'x')",
        ((f"s{n:06d}",) for n in range(respondents // per_session + 1)))
    conn.executemany(
        "INSERT INTO respondents(id, session_id, number, status, created_at, updated_at) "
        "VALUES (?, ?, ?, 'complete', 'x', 'x')",
        ((f"r{n:08d}", f"s{n // per_session:06d}", n % per_session + 1)
         for n in range(respondents)))
    conn.executemany(
        "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
        "VALUES (?, ?, ?, '2026-01-01T00:00:00+00:00')",
        ((f"r{n // QUESTIONS:08d}", f"q{n % QUESTIONS:02d}", str(n % 5 + 1))
         for n in range(answers)))
    conn.execute("COMMIT")
    conn.close()
    partial.rename(path)
    return path


def open_close(path: Path) -> float:
    start = time.perf_counter()
    Store.open(path).close()
    return time.perf_counter() - start


def main() -> None:
    CACHE.mkdir(exist_ok=True)
    started = time.perf_counter()
    big = build_hub(CACHE / f"hub-{ANSWERS}-v{LATEST_VERSION}.sqlite")
    built = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.sqlite"
        open_close(empty)
        open_close(big)  # first open converts the cached file to WAL mode once
        times: dict[str, list[float]] = {"empty": [], "hub": []}
        for _ in range(ROUNDS):  # interleaved, so machine noise hits both alike
            times["empty"].append(open_close(empty))
            times["hub"].append(open_close(big))
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["hub"] / med["empty"]
    size = big.stat().st_size / 1e6
    print(f"hub of {ANSWERS:,} answers ({size:,.0f} MB, ready in {built:.1f} s)")
    print(f"open+close empty {med['empty'] * 1e3:7.2f} ms   hub {med['hub'] * 1e3:7.2f} ms   "
          f"ratio {ratio:.2f}x  target <= {TARGET}x: {'MET' if ratio <= TARGET else 'NOT MET'}")
    from toolkit.store.checks import full_check

    for name, run in (("PRAGMA quick_check (what opening used to run)", _quick_check),
                      ("full check (integrity_check, daily backup)", full_check)):
        start = time.perf_counter()
        run(big)
        print(f"{name}: {time.perf_counter() - start:.2f} s")


def _quick_check(path: Path) -> None:
    from toolkit.store.checks import readonly

    with readonly(path) as conn:
        conn.execute("PRAGMA quick_check").fetchall()


if __name__ == "__main__":
    main()
