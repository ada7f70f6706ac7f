"""Sessions, respondents and answers: the one service the runner, CLI and imports use.

Every answer is committed the moment it is given (one transaction per save, the store's
synchronous=FULL makes it durable). Sessions keep a snapshot of the questionnaire they use,
by content hash, so later edits of a bundled file never reinterpret old answers.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from toolkit import languages
from toolkit.errors import InputError, ToolkitError
from toolkit.i18n import N_
from toolkit.questionnaire import Instrument, instrument_from_definition
from toolkit.questionnaire.answers import Answers, check_answer, check_text, is_empty
from toolkit.questionnaire.catalogue import Catalogue, store_snapshot
from toolkit.safetext import clean_line
from toolkit.store import Store
from toolkit.store.migrations import utc_now
from toolkit.vocabulary import MODES

DEFAULT_INSTRUMENT = {"group": "group-session"}


class SessionNotFoundError(ToolkitError):
    message = N_("There is no session {id}. See 'toolkit session list'.")


class CommunityNotFoundError(InputError):
    """One message for a community named that does not exist here, wherever it is named."""

    message = N_("There is no community named {name}. See 'toolkit session list'.")


class SessionLockedError(ToolkitError):
    message = N_("This session is closed or in the trash; reopen it to change answers.")


class DuplicatePaperNumberError(ToolkitError):
    message = N_("Paper form {number} was already entered in this session (respondent {existing}).")


def heading(title: str, place: str) -> str:
    """What tells a session from others of the same day and community in a list: its
    title, else its place ("" if neither; the lists then name the questionnaire)."""
    return (title or "").strip() or (place or "").strip()


def clean_name(name: str) -> str:
    """Community names are kept as typed, minus what safetext removes, in NFC so that à
    typed two ways is one."""
    return clean_line(name, N_("The community name"))


_FIELD_NAMES = {"title": N_("The title"), "place": N_("The place"),
                "facilitator": N_("The facilitator's name"), "paper_number": N_("The form number")}


def clean_field(key: str, value: str) -> str:
    return clean_line(value, _FIELD_NAMES.get(key, N_("The text")))


@dataclass(frozen=True)
class Session:
    id: str
    community_id: str
    community: str
    instrument_hash: str
    instrument_id: str
    title: str
    session_date: str
    place: str
    facilitator: str
    mode: str
    language: str
    status: str
    deleted_at: str | None
    updated_at: str
    revision: int
    respondents: int
    completed: int

    @property
    def is_open(self) -> bool:
        return self.status == "open" and self.deleted_at is None


@dataclass(frozen=True)
class Respondent:
    id: str
    session_id: str
    number: int
    paper_number: str | None
    status: str
    position: str | None
    updated_at: str


_SESSION_SQL = """
SELECT s.id, s.community_id, c.name, s.instrument_hash, i.instrument_id, s.title,
       s.session_date, s.place, s.facilitator, s.mode, s.language, s.status, s.deleted_at,
       s.updated_at, s.revision,
       (SELECT count(*) FROM respondents r WHERE r.session_id = s.id),
       (SELECT count(*) FROM respondents r WHERE r.session_id = s.id AND r.status = 'complete')
  FROM sessions s JOIN communities c ON c.id = s.community_id
                  JOIN instruments i ON i.hash = s.instrument_hash
"""
_RESPONDENT_SQL = ("SELECT id, session_id, number, paper_number, status, position, updated_at "
                   "FROM respondents")


_BY_HASH: dict[str, Instrument] = {}  # content hash -> instrument: a hash never changes


def _instrument_from_json(definition: str) -> Instrument:
    return instrument_from_definition(json.loads(definition), "snapshot")


class SessionService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self._homes: dict[str, tuple[str, str]] = {}

    @property
    def catalogue(self) -> Catalogue:
        """The questionnaires new sessions are made from (bundled and imported)."""
        return Catalogue(self.store)

    # questionnaire snapshots -------------------------------------------------------------
    def snapshot(self, instrument: Instrument) -> str:
        """Store the definition (once per content hash); return the hash."""
        return store_snapshot(self.conn, instrument, utc_now())

    def instrument(self, session: Session | str) -> Instrument:
        """The questionnaire exactly as the session used it."""
        digest = session.instrument_hash if isinstance(session, Session) else session
        cached = _BY_HASH.get(digest)  # a content hash names one immutable definition
        if cached is not None:
            return cached
        row = self.conn.execute("SELECT definition FROM instruments WHERE hash = ?",
                                (digest,)).fetchone()
        if row is None:
            raise InputError(reason=f"missing questionnaire snapshot {digest[:12]}")
        instrument = _BY_HASH[digest] = _instrument_from_json(row[0])
        return instrument

    # communities --------------------------------------------------------------------------
    def community_id(self, name: str, create: bool = True) -> str:
        cleaned = clean_name(name)
        if not cleaned:
            raise InputError(N_("The community name cannot be empty."))
        for cid, existing in self.conn.execute("SELECT id, name FROM communities"):
            if existing.casefold() == cleaned.casefold():
                return cid
        if not create:
            raise CommunityNotFoundError(name=cleaned)
        cid, now = str(uuid.uuid4()), utc_now()
        self.conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?)", (cid, cleaned, now, now))
        return cid

    def communities(self) -> list[tuple[str, str]]:
        return self.conn.execute("SELECT id, name FROM communities ORDER BY name").fetchall()

    # sessions -----------------------------------------------------------------------------
    def create_session(self, community: str, instrument_id: str | None = None,
                       session_date: str | None = None, mode: str = "facilitator",
                       language: str = "en", place: str = "", facilitator: str = "",
                       title: str = "", version: int | None = None) -> Session:
        if mode not in MODES:
            raise InputError(N_("Unknown mode {mode}: use facilitator, kiosk, group or paper."),
                             mode=mode)
        if languages.find(language) is None:
            raise InputError(N_("Unknown language {lang}: use one of {known}."), lang=language,
                             known=", ".join(languages.codes()))
        day = parse_date(session_date) if session_date else date.today().isoformat()
        instrument = Catalogue(self.store).get(
            instrument_id or DEFAULT_INSTRUMENT.get(mode, "local-diagnosis"), version)
        sid, now = str(uuid.uuid4()), utc_now()
        with self.store.transaction():
            cid = self.community_id(community)
            digest = self.snapshot(instrument)
            self.conn.execute(
                "INSERT INTO sessions(id, community_id, instrument_hash, title, session_date, "
                "place, facilitator, mode, language, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (sid, cid, digest, clean_field("title", title), day, clean_field("place", place),
                 clean_field("facilitator", facilitator), mode, language, now, now))
        return self.get(sid)

    def get(self, session_id: str) -> Session:
        """A session by id, or by a unique prefix of at least 4 characters (for the CLI)."""
        rows = self.conn.execute(_SESSION_SQL + " WHERE s.id = ?", (session_id,)).fetchall()
        if not rows and len(session_id) >= 4:
            rows = self.conn.execute(_SESSION_SQL + " WHERE s.id LIKE ? || '%'",
                                     (session_id,)).fetchall()
        if len(rows) != 1:
            raise SessionNotFoundError(id=session_id)
        return Session(*rows[0])

    def list_sessions(self, trash: bool = False) -> list[Session]:
        where = "s.deleted_at IS NOT NULL" if trash else "s.deleted_at IS NULL"
        rows = self.conn.execute(
            _SESSION_SQL + f" WHERE {where} ORDER BY s.session_date DESC, s.created_at DESC")
        return [Session(*row) for row in rows]

    def set_status(self, session_id: str, status: str) -> Session:
        session = self.get(session_id)
        with self.store.transaction():
            self.conn.execute("UPDATE sessions SET status = ? WHERE id = ?", (status, session.id))
            self._touch_session(session.id)
        return self.get(session.id)

    def close(self, session_id: str) -> Session:
        return self.set_status(session_id, "closed")

    def reopen(self, session_id: str) -> Session:
        return self.set_status(session_id, "open")

    def trash(self, session_id: str) -> None:
        """Move to the trash: hidden everywhere, recoverable until the trash is emptied."""
        session = self.get(session_id)
        with self.store.transaction():
            self.conn.execute("UPDATE sessions SET deleted_at = ? WHERE id = ?",
                              (utc_now(), session.id))

    def restore(self, session_id: str) -> None:
        session = self.get(session_id)
        with self.store.transaction():
            self.conn.execute("UPDATE sessions SET deleted_at = NULL WHERE id = ?", (session.id,))

    def empty_trash(self) -> int:
        with self.store.transaction():
            ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM sessions WHERE deleted_at IS NOT NULL")]
            for sid in ids:
                self.conn.execute("DELETE FROM answers WHERE respondent_id IN "
                                  "(SELECT id FROM respondents WHERE session_id = ?)", (sid,))
                self.conn.execute("DELETE FROM respondents WHERE session_id = ?", (sid,))
                self.conn.execute("DELETE FROM sessions WHERE id = ?", (sid,))
        return len(ids)

    # respondents --------------------------------------------------------------------------
    def add_respondent(self, session_id: str, paper_number: str | None = None,
                       allow_duplicate: bool = False) -> Respondent:
        """A new anonymous respondent, numbered 1, 2, 3... within the session."""
        session = self._writable(session_id)
        paper = clean_field("paper_number", paper_number or "") or None
        rid, now = str(uuid.uuid4()), utc_now()
        with self.store.transaction():
            if paper and not allow_duplicate:
                row = self.conn.execute(
                    "SELECT number FROM respondents WHERE session_id = ? AND paper_number = ?",
                    (session.id, paper)).fetchone()
                if row:
                    raise DuplicatePaperNumberError(number=paper, existing=row[0])
            number = self.conn.execute(
                "SELECT coalesce(max(number), 0) + 1 FROM respondents WHERE session_id = ?",
                (session.id,)).fetchone()[0]
            self.conn.execute(
                "INSERT INTO respondents(id, session_id, number, paper_number, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)", (rid, session.id, number, paper, now, now))
            self._touch_session(session.id)
        return self.respondent(rid)

    def respondent(self, respondent_id: str) -> Respondent:
        row = self.conn.execute(_RESPONDENT_SQL + " WHERE id = ?", (respondent_id,)).fetchone()
        if row is None:
            raise InputError(reason=f"respondent {respondent_id}")
        return Respondent(*row)

    def respondents(self, session_id: str) -> list[Respondent]:
        rows = self.conn.execute(_RESPONDENT_SQL + " WHERE session_id = ? ORDER BY number",
                                 (session_id,))
        return [Respondent(*r) for r in rows]

    def answers(self, respondent_id: str) -> Answers:
        return {qid: json.loads(value) for qid, value in self.conn.execute(
            "SELECT question_id, value FROM answers WHERE respondent_id = ?", (respondent_id,))}

    def all_answers(self, session_id: str) -> dict[str, Answers]:
        """Answers of every respondent of a session, by respondent id."""
        result: dict[str, Answers] = {r.id: {} for r in self.respondents(session_id)}
        for rid, qid, value in self.conn.execute(
                "SELECT a.respondent_id, a.question_id, a.value FROM answers a "
                "JOIN respondents r ON r.id = a.respondent_id WHERE r.session_id = ?",
                (session_id,)):
            result[rid][qid] = json.loads(value)
        return result

    def save_answer(self, respondent_id: str, question_id: str, value: Any) -> str:
        """Check and commit one answer now; an empty value removes it. Returns the time saved."""
        session_id, digest = self._home(respondent_id)
        instrument = self.instrument(digest)
        if question_id.endswith(".other"):
            question = instrument.question(question_id[: -len(".other")])
            clean = None if is_empty(value) else check_text(value, question.max_length or 500)
        else:
            question = instrument.question(question_id)
            clean = None if is_empty(value) else check_answer(question, value)
        now = utc_now()
        with self.store.transaction():
            # The open-session check is the first write of the transaction: atomic with the
            # answer, and one statement fewer on a path that runs at every click.
            touched = self.conn.execute(
                "UPDATE sessions SET updated_at = ?, revision = revision + 1 "
                "WHERE id = ? AND status = 'open' AND deleted_at IS NULL", (now, session_id))
            if touched.rowcount != 1:
                raise SessionLockedError()  # rolls the transaction back
            if clean is None:
                self.conn.execute("DELETE FROM answers WHERE respondent_id = ? AND question_id = ?",
                                  (respondent_id, question_id))
            else:
                self.conn.execute(
                    "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(respondent_id, question_id) DO UPDATE SET "
                    "value = excluded.value, updated_at = excluded.updated_at, "
                    "revision = revision + 1",
                    (respondent_id, question_id, json.dumps(clean, ensure_ascii=False), now))
            self.conn.execute(
                "UPDATE respondents SET position = ?, updated_at = ?, revision = revision + 1 "
                "WHERE id = ?", (question.id, now, respondent_id))
        return now

    def _home(self, respondent_id: str) -> tuple[str, str]:
        """(session id, questionnaire hash) of a respondent; neither ever changes, so cached."""
        home = self._homes.get(respondent_id)
        if home is None:
            row = self.conn.execute(
                "SELECT s.id, s.instrument_hash FROM respondents r JOIN sessions s "
                "ON s.id = r.session_id WHERE r.id = ?", (respondent_id,)).fetchone()
            if row is None:
                raise InputError(reason=f"respondent {respondent_id}")
            home = self._homes[respondent_id] = (row[0], row[1])
        return home

    def complete(self, respondent_id: str, done: bool = True) -> None:
        respondent = self.respondent(respondent_id)
        self._writable(respondent.session_id)
        with self.store.transaction():
            self.conn.execute(
                "UPDATE respondents SET status = ?, updated_at = ?, revision = revision + 1 "
                "WHERE id = ?", ("complete" if done else "in_progress", utc_now(), respondent.id))
            self._touch_session(respondent.session_id)

    def keyed_respondents(self, session_id: str) -> dict[str, str]:
        """{source key: respondent id} of the respondents brought in with a key (ODK, Kobo)."""
        return dict(self.conn.execute(
            "SELECT source_key, id FROM respondents WHERE session_id = ? AND source_key IS NOT "
            "NULL", (session_id,)))

    def add_keyed_respondents(self, session_id: str,
                              rows: list[tuple[str, Answers]]) -> list[str]:
        """Add completed respondents, each with its source key and answers, all in one
        transaction or none; every answer is checked here, as `save_answer` checks it. A key
        already in the session is an error (the caller skips unchanged ones)."""
        session = self._writable(session_id)
        instrument = self.instrument(session)
        clean_rows = []
        for key, answers in rows:
            clean: Answers = {}
            for qid, value in answers.items():
                if qid.endswith(".other"):
                    question = instrument.question(qid[: -len(".other")])
                    clean[qid] = check_text(value, question.max_length or 500)
                else:
                    clean[qid] = check_answer(instrument.question(qid), value)
            clean_rows.append((key, clean))
        ids, now = [], utc_now()
        with self.store.transaction():
            number = self.conn.execute(
                "SELECT coalesce(max(number), 0) FROM respondents WHERE session_id = ?",
                (session.id,)).fetchone()[0]
            for key, clean in clean_rows:
                number += 1
                rid = str(uuid.uuid4())
                self.conn.execute(
                    "INSERT INTO respondents(id, session_id, number, status, source_key, "
                    "created_at, updated_at) VALUES (?, ?, ?, 'complete', ?, ?, ?)",
                    (rid, session.id, number, key, now, now))
                self.conn.executemany(
                    "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                    "VALUES (?, ?, ?, ?)",
                    [(rid, qid, json.dumps(v, ensure_ascii=False), now)
                     for qid, v in clean.items()])
                ids.append(rid)
            if ids:
                self._touch_session(session.id, now)
        return ids

    # helpers ------------------------------------------------------------------------------
    def _writable(self, session_id: str) -> Session:
        session = self.get(session_id)
        if not session.is_open:
            raise SessionLockedError()
        return session

    def _touch_session(self, session_id: str, now: str | None = None) -> None:
        self.conn.execute("UPDATE sessions SET updated_at = ?, revision = revision + 1 "
                          "WHERE id = ?", (now or utc_now(), session_id))


def parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except (ValueError, AttributeError) as exc:
        raise InputError(N_("{value} is not a date; write it as YYYY-MM-DD."),
                         value=str(text)) from exc
