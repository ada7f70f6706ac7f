"""Hub import cost: N packages of 100 respondents each, imported with every check, against a
bare sqlite3 bulk insert of the same rows into the same schema, in the same run.

Both sides write to a fresh database with the store's settings (WAL, synchronous=FULL,
foreign keys) and one transaction per package, so the ratio is the price of everything the
importer does besides inserting: reading and unzipping, checksums, JSON and questionnaire
checks, every answer checked against its question, UUID matching and the import log.
Target: within 1.5x of the bare insert, and a cost per package that does not grow with N.

    python -m bench bench_exchange            (200 packages; BENCH_PACKAGES=50 for less)
"""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from toolkit.demo import generate_answers
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import import_file
from toolkit.exchange.package import is_free_text_key
from toolkit.questionnaire import bundled_instrument
from toolkit.sessions import SessionService
from toolkit.store import Store
from toolkit.store.migrations import utc_now

RESPONDENTS = 100


def make_source(folder: Path, packages: int) -> tuple[Store, list[str]]:
    """A source database with `packages` sessions (one community each), filled directly."""
    store = Store.open(folder / "source.sqlite")
    service = SessionService(store)
    instrument = bundled_instrument("local-diagnosis")
    rng = random.Random(7)
    now = utc_now()
    ids = []
    with store.transaction() as conn:
        digest = service.snapshot(instrument)
        for p in range(packages):
            cid, sid = str(uuid.uuid4()), str(uuid.uuid4())
            conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                         "VALUES (?,?,?,?)", (cid, f"Community {p}", now, now))
            conn.execute("INSERT INTO sessions(id, community_id, instrument_hash, session_date, "
                         "mode, status, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                         (sid, cid, digest, "2026-10-01", "facilitator", "closed", now, now))
            for n in range(1, RESPONDENTS + 1):
                rid = str(uuid.uuid4())
                conn.execute("INSERT INTO respondents(id, session_id, number, status, "
                             "created_at, updated_at) VALUES (?,?,?,?,?,?)",
                             (rid, sid, n, "complete", now, now))
                answers = {k: v for k, v in generate_answers(instrument, rng, "en").items()
                           if not is_free_text_key(instrument, k)}
                conn.executemany("INSERT INTO answers(respondent_id, question_id, value, "
                                 "updated_at) VALUES (?,?,?,?)",
                                 [(rid, k, json.dumps(v), now) for k, v in answers.items()])
            ids.append(sid)
    return store, ids


def rows_of(store: Store, session_id: str):
    """The rows a package of this session adds, as plain tuples (the baseline's input)."""
    conn = store.conn
    c = conn.execute("SELECT c.* FROM communities c JOIN sessions s ON s.community_id = c.id "
                     "WHERE s.id = ?", (session_id,)).fetchone()
    s = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
    r = conn.execute("SELECT * FROM respondents WHERE session_id = ?", (session_id,)).fetchall()
    a = conn.execute("SELECT a.* FROM answers a JOIN respondents r ON r.id = a.respondent_id "
                     "WHERE r.session_id = ?", (session_id,)).fetchall()
    return c, s, r, a


def bare_insert(path: Path, packages: list) -> float:
    store = Store.open(path)  # same schema and settings
    conn = store.conn
    start = time.perf_counter()
    for c, s, r, a in packages:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR IGNORE INTO instruments VALUES (?,?,?,?,?)", packages_instr)
        conn.execute("INSERT INTO communities VALUES (?,?,?,?,?)", c)
        conn.execute(f"INSERT INTO sessions VALUES ({','.join('?' * len(s))})", s)
        conn.executemany(f"INSERT INTO respondents VALUES ({','.join('?' * len(r[0]))})", r)
        conn.executemany("INSERT INTO answers VALUES (?,?,?,?,?)", a)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed


def hub_import(path: Path, files: list[Path]) -> list[float]:
    store = Store.open(path)
    times = []
    for f in files:
        start = time.perf_counter()
        import_file(store, f)
        times.append(time.perf_counter() - start)
    store.close()
    return times


packages_instr: tuple = ()


def main() -> None:
    global packages_instr
    count = int(os.environ.get("BENCH_PACKAGES", "200"))
    folder = Path(tempfile.mkdtemp(prefix="bench-exchange-", dir=Path.cwd()))
    try:
        source, ids = make_source(folder, count)
        packages_instr = source.conn.execute("SELECT * FROM instruments").fetchone()
        files = []
        for i, sid in enumerate(ids):
            target = folder / f"p{i:03}.ccsc"
            export_package(source, preview(source, [sid], "responses", 5), target)
            files.append(target)
        rows = [rows_of(source, sid) for sid in ids]
        answers = sum(len(r[3]) for r in rows)
        source.close()
        ours = hub_import(folder / "hub.sqlite", files)
        base = bare_insert(folder / "bare.sqlite", rows)
        total = sum(ours)
        quarter = max(1, count // 4)
        first, last = sum(ours[:quarter]) / quarter, sum(ours[-quarter:]) / quarter
        print(f"{count} packages, {count * RESPONDENTS} respondents, {answers} answers")
        print(f"bare sqlite3 insert {base:7.2f} s   hub import {total:7.2f} s   "
              f"ratio {total / base:5.2f}x (target 1.5x)")
        print(f"per package: first quarter {first * 1e3:6.1f} ms, last quarter "
              f"{last * 1e3:6.1f} ms (growth {last / first:4.2f}x; linear = 1.0x)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
