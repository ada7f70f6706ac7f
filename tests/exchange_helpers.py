"""Shared helpers for exchange tests: a source data folder with sessions, comments, reviews."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from toolkit.context import Toolkit
from toolkit.questionnaire.answers import effective_answers
from toolkit.sessions import SessionService
from toolkit.store.migrations import utc_now

COMMUNITY = "Kahnawà:ke"


SEEDS: dict[str, str] = {}  # public key -> private seed of every kit the tests made


def remember_key(kit: Toolkit) -> None:
    from toolkit.exchange import signing

    SEEDS[signing.public_key(kit.store)] = kit.store.meta(signing.SEED_KEY)


def open_kit(folder: Path) -> Toolkit:
    folder.mkdir(parents=True, exist_ok=True)
    kit = Toolkit(folder)
    kit.open_store()
    remember_key(kit)
    return kit


def original_key(package: bytes) -> str:
    """The seed of the key that signed a (plain) package made in a test."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        return SEEDS[json.loads(zf.read("manifest.json"))["public_key"]]


def signature_for(manifest: bytes, seed: str) -> bytes:
    from toolkit.exchange import signing

    return json.dumps({"algorithm": "ed25519",
                       "signature": signing.sign_with_seed(seed, manifest)}).encode()


def make_session(kit: Toolkit, community: str = COMMUNITY, people: int = 3,
                 date: str = "2026-10-14"):
    """A local-diagnosis session with `people` respondents, comments and an "other" text."""
    remember_key(kit)
    service = SessionService(kit.store)
    session = service.create_session(community, "local-diagnosis", date, place="Salle",
                                     facilitator="Marie", title="Diagnostic")
    for n in range(people):
        r = service.add_respondent(session.id)
        service.save_answer(r.id, "safe_day", 1 + n % 5)
        service.save_answer(r.id, "safe_night", 3)
        service.save_answer(r.id, "community_kind", "other")
        service.save_answer(r.id, "community_kind.other", f"Secret village {n}")
        service.save_answer(r.id, "unsafe_places", f"Behind Jean's house {n}")
        service.save_answer(r.id, "best_idea", f"Idée numéro {n} pour les jeunes")
        service.complete(r.id)
    return service.get(session.id)


def review(kit: Toolkit, respondent_id: str, question_id: str, decision: str,
           text: str | None = None, original: str | None = None) -> None:
    service = SessionService(kit.store)
    current = service.answers(respondent_id)[question_id]
    kit.store.conn.execute(
        "INSERT OR REPLACE INTO comment_reviews(respondent_id, question_id, decision, original, "
        "text, reviewed_at) VALUES (?,?,?,?,?,?)",
        (respondent_id, question_id, decision, current if original is None else original,
         current if text is None else text, utc_now()))


def closed_answers(kit: Toolkit, session_id: str) -> dict[int, dict]:
    """Effective answers minus free text, by respondent number (what `responses` carries)."""
    service = SessionService(kit.store)
    session = service.get(session_id)
    instrument = service.instrument(session)
    raw = service.all_answers(session_id)
    out = {}
    for r in service.respondents(session_id):
        eff = effective_answers(instrument, raw[r.id])
        out[r.number] = {k: v for k, v in eff.items()
                         if not k.endswith(".other") and not instrument.question(k).is_free_text}
    return out


def db_digest(kit: Toolkit, skip: tuple[str, ...] = ()) -> str:
    """A digest of every row of every table: equal digests mean an unchanged database."""
    conn = kit.store.conn
    h = hashlib.sha256()
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if table in skip:
            continue
        h.update(table.encode())
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"):
            h.update(json.dumps(row, default=str).encode())
    return h.hexdigest()
