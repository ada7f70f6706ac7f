"""Write tests/data/v1-report-figures.json: the figures a report gives for one seeded session
of local-diagnosis version 1, made with the code of a release before version 2 existed.

    PYTHONPATH=<checkout of that release> python tools/make_v1_report_fixture.py OUT

tests/test_questionnaire_v2.py recomputes the same figures with today's code: a v1 session
must still report exactly as it did. The answers come from a seeded generator written here
(not the demo's, which changes), valid for any version-1 question.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path


def v1_answers(instrument, rng: random.Random) -> dict:
    out = {}
    for q in instrument.questions:
        ids = [c.id for c in q.choices]
        if q.type == "scale":
            out[q.id] = rng.randint(1, 5)
        elif q.type == "yesno":
            out[q.id] = rng.choice(["yes", "no"])
        elif q.type == "single" and ids:
            out[q.id] = rng.choice([i for i in ids if i != "other"] or ids)
        elif q.type == "multi" and ids:
            plain = [i for i in ids if i not in ("other", "none", "prefer_not")]
            out[q.id] = sorted(rng.sample(plain, min(2, len(plain), q.max_choices or 2)))
        elif q.type == "ranking" and ids:
            top = getattr(q, "top", None) or 3
            out[q.id] = rng.sample([i for i in ids if i != "other"], min(top, len(ids) - 1))
        elif q.type == "number":
            low = int(q.minimum if q.minimum is not None else 0)
            high = int(q.maximum if q.maximum is not None else low + 40)
            out[q.id] = rng.randint(low, min(high, low + 40))
    return out


def figures(store, instrument_hash: str | None = None) -> dict:
    """Make the seeded v1 session in `store` and return its report's figures."""
    from toolkit.reports.findings import key_findings
    from toolkit.reports.summary import ReportOptions, load_parts
    from toolkit.sessions import SessionService

    service = SessionService(store)
    session = service.create_session("Birch Lake", "local-diagnosis", "2024-10-09")
    if instrument_hash:
        store.conn.execute("UPDATE sessions SET instrument_hash = ? WHERE id = ?",
                           (instrument_hash, session.id))
    instrument = service.instrument(service.get(session.id))
    rng = random.Random(2024)
    for _ in range(24):
        r = service.add_respondent(session.id)
        for qid, value in v1_answers(instrument, rng).items():
            service.save_answer(r.id, qid, value)
        service.complete(r.id)
    (part,) = load_parts(store, [session.id], ReportOptions(threshold=5))
    summary = part.summary.to_json()
    found = key_findings(part.instrument, part.summary)
    return {
        "version": instrument.version, "hash": instrument.content_hash,
        "questions": summary["questions"],
        "findings": {kind: [[s.question.id, round(s.agree, 9), s.n]
                            for s in getattr(found, kind)]
                     for kind in ("concerns", "safety", "trust")},
        "priorities": [[p.choice_id, p.score, p.first] for p in found.priorities],
    }


def main(out: str) -> None:
    from toolkit.context import Toolkit

    with tempfile.TemporaryDirectory() as tmp:
        kit = Toolkit(Path(tmp))
        kit.open_store()
        data = figures(kit.store)
        kit.close(backup=False)
    Path(out).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
