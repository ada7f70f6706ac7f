"""Reviewing written answers before anyone else reads them.

Free text may name people or tell a story someone could be recognised by. A facilitator
reads each written answer and decides: include it (in the printed words they choose, for
example with a name removed) or exclude it. Reports print only included comments, in the
reviewed wording. A review remembers the answer as it was read (`original`): if the answer
is changed later, the review no longer matches and the comment is unreviewed again.

Only answers that count are listed: a written answer to a question the respondent no longer
sees (skip logic) is not shown, nor the "please specify" text of an unchosen "Other".
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from toolkit.errors import InputError
from toolkit.i18n import N_
from toolkit.questionnaire.answers import effective_answers
from toolkit.sessions import SessionService
from toolkit.store import Store
from toolkit.store.migrations import utc_now

DECISIONS = ("include", "exclude")


@dataclass(frozen=True)
class Comment:
    respondent_id: str
    respondent_number: int
    question_id: str  # a free-text question id, or "<id>.other"
    answer: str  # the answer as it is now
    decision: str | None  # include / exclude, or None when not reviewed (or out of date)
    text: str  # the wording to print (the answer itself until reviewed)
    reviewed_at: str | None

    @property
    def base_question_id(self) -> str:
        return self.question_id.removesuffix(".other")

    @property
    def state(self) -> str:
        return self.decision or "unreviewed"


class CommentService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self.sessions = SessionService(store)

    def list(self, session_id: str) -> list[Comment]:
        """Every written answer of a session that counts, in questionnaire order."""
        session = self.sessions.get(session_id)
        instrument = self.sessions.instrument(session)
        numbers = {r.id: r.number for r in self.sessions.respondents(session.id)}
        reviews = {(rid, qid): (decision, original, text, at) for rid, qid, decision, original,
                   text, at in self.conn.execute(
                       "SELECT c.respondent_id, c.question_id, c.decision, c.original, c.text, "
                       "c.reviewed_at FROM comment_reviews c JOIN respondents r "
                       "ON r.id = c.respondent_id WHERE r.session_id = ?", (session.id,))}
        order: dict[str, int] = {}
        for q in instrument.questions:
            order[q.id] = len(order)
            if q.other:
                order[q.other_key] = len(order)
        found = []
        for rid, answers in self.sessions.all_answers(session.id).items():
            effective = effective_answers(instrument, answers)
            for qid, value in effective.items():
                if qid not in order or not isinstance(value, str) or not value.strip():
                    continue
                if not (qid.endswith(".other") or instrument.question(qid).is_free_text):
                    continue
                decision, original, text, at = reviews.get((rid, qid), (None, None, None, None))
                if original != value:  # never reviewed, or the answer changed since
                    decision, text, at = None, value, None
                found.append(Comment(rid, numbers[rid], qid, value, decision, text, at))
        found.sort(key=lambda c: (order[c.question_id], c.respondent_number))
        return found

    def review(self, respondent_id: str, question_id: str, decision: str,
               text: str | None = None) -> Comment:
        """Record one decision (and the wording to print) in one transaction."""
        if decision not in DECISIONS:
            raise InputError(reason=f"decision {decision!r}")
        respondent = self.sessions.respondent(respondent_id)
        answer = self.sessions.answers(respondent.id).get(question_id)
        if not isinstance(answer, str) or not answer.strip():
            raise InputError(N_("There is no written answer to review here."))
        wording = answer if text is None else text.strip()
        if decision == "include" and not wording.strip():
            raise InputError(N_("The wording to print cannot be empty; exclude the comment "
                                "instead."))
        now = utc_now()
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO comment_reviews(respondent_id, question_id, decision, original, "
                "text, reviewed_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(respondent_id, question_id) DO UPDATE SET "
                "decision = excluded.decision, original = excluded.original, "
                "text = excluded.text, reviewed_at = excluded.reviewed_at, "
                "revision = revision + 1",
                (respondent.id, question_id, decision, answer, wording, now))
            self.conn.execute("UPDATE sessions SET updated_at = ?, revision = revision + 1 "
                              "WHERE id = ?", (now, respondent.session_id))
        return next(c for c in self.list(respondent.session_id)
                    if c.respondent_id == respondent.id and c.question_id == question_id)

    def included(self, session_id: str) -> dict[str, builtins.list[str]]:
        """Printable comments by question id ("x.other" texts filed under "x")."""
        result: dict[str, list[str]] = {}
        for comment in self.list(session_id):
            if comment.decision == "include":
                result.setdefault(comment.base_question_id, []).append(comment.text)
        return result

    def counts(self, session_id: str) -> dict[str, int]:
        """How many comments are included, excluded and not reviewed yet."""
        result = dict.fromkeys(("include", "exclude", "unreviewed"), 0)
        for comment in self.list(session_id):
            result[comment.state] += 1
        return result
