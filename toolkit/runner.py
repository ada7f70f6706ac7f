"""Running a questionnaire with one respondent at a time: navigation, saving, resuming.

The same object drives the facilitator form, the kiosk and paper keying, so the rules live
here, without Qt: each answer is saved through the service the moment it is given; the
questions shown follow the skip logic; `finish()` forgets the respondent's answers so the
next person in a kiosk can never see them.

The respondent on screen is marked open in the store (a `meta` row, `runner_open:<id>`)
until they finish, another is opened or the window closes (`release()`). A mark still there
when a runner starts means the app stopped while that person was answering: `interrupted()`
names them, so the facilitator can resume or close them. (A key in `meta` rather than a
table: nothing else needs it, and it is never exported.)
"""

from __future__ import annotations

import json
from typing import Any

from toolkit.questionnaire import Instrument, Question
from toolkit.questionnaire.answers import (
    Answers,
    is_empty,
    missing_required,
    progress,
    visible_questions,
)
from toolkit.sessions import Respondent, Session, SessionService
from toolkit.store.migrations import utc_now

OPEN_KEY = "runner_open:"


class Runner:
    def __init__(self, service: SessionService, session_id: str) -> None:
        self.service = service
        self.session: Session = service.get(session_id)
        self.instrument: Instrument = service.instrument(self.session)
        self.respondent: Respondent | None = None
        self.answers: Answers = {}
        self.last_saved: str | None = None

    # respondents --------------------------------------------------------------------------
    def start_respondent(self, paper_number: str | None = None,
                         allow_duplicate: bool = False) -> Respondent:
        respondent = self.service.add_respondent(self.session.id, paper_number,
                                                 allow_duplicate=allow_duplicate)
        self.release()
        self.respondent = respondent
        self._mark_open()
        self.answers = {}
        self.last_saved = None
        self._refresh_session()
        return self.respondent

    def open_respondent(self, respondent_id: str) -> Respondent:
        """Resume an earlier respondent (facilitator-led and group modes, or one interrupted)."""
        respondent = self.service.respondent(respondent_id)
        if self.respondent is None or self.respondent.id != respondent.id:
            self.release()
        self.respondent = respondent
        self._mark_open()
        self.answers = self.service.answers(respondent_id)
        self.last_saved = self.respondent.updated_at
        return self.respondent

    def finish(self) -> None:
        """Mark complete and forget everything about this respondent in memory."""
        if self.respondent is not None:
            self.service.complete(self.respondent.id)
        self.release()
        self.respondent = None
        self.answers = {}
        self.last_saved = None
        self._refresh_session()

    # interrupted respondents ------------------------------------------------------------
    def _mark_open(self) -> None:
        if self.respondent is None:
            return
        with self.service.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                         (OPEN_KEY + self.respondent.id,
                          json.dumps({"session": self.session.id, "opened_at": utc_now()})))

    def release(self) -> None:
        """The respondent on screen is no longer open here (finished, left, window closed)."""
        if self.respondent is not None:
            with self.service.store.transaction() as conn:
                conn.execute("DELETE FROM meta WHERE key = ?", (OPEN_KEY + self.respondent.id,))

    def interrupted(self) -> list[Respondent]:
        """Respondents of this session that were on screen when the app last stopped."""
        found = []
        for key, value in self.service.conn.execute(
                "SELECT key, value FROM meta WHERE key LIKE ?", (OPEN_KEY + "%",)):
            if json.loads(value).get("session") != self.session.id:
                continue
            try:
                respondent = self.service.respondent(key[len(OPEN_KEY):])
            except Exception:  # noqa: BLE001 - deleted since: nothing to resume
                respondent = None
            if respondent is not None and respondent.status != "complete":
                found.append(respondent)
            else:
                self.forget_interrupted(key[len(OPEN_KEY):])
        return sorted(found, key=lambda r: r.number)

    def forget_interrupted(self, respondent_id: str) -> None:
        with self.service.store.transaction() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (OPEN_KEY + respondent_id,))

    def respondents(self) -> list[Respondent]:
        return self.service.respondents(self.session.id)

    # answers ------------------------------------------------------------------------------
    def answer(self, key: str, value: Any) -> str:
        """Save now (raises AnswerError/SessionLockedError and changes nothing if refused)."""
        assert self.respondent is not None, "no respondent"
        saved_at = self.service.save_answer(self.respondent.id, key, value)
        if is_empty(value):
            self.answers.pop(key, None)
        else:
            self.answers[key] = value
        self.last_saved = saved_at
        return saved_at

    # navigation ---------------------------------------------------------------------------
    def visible(self) -> list[Question]:
        return visible_questions(self.instrument, self.answers)

    def resume_question(self) -> Question:
        """Where this respondent was (the question of their last answer), else the first."""
        shown = self.visible()
        position = self.respondent.position if self.respondent else None
        for q in shown:
            if q.id == position:
                return q
        return shown[0]

    def next_question(self, current: Question | None) -> Question | None:
        shown = self.visible()
        if current is None:
            return shown[0] if shown else None
        ids = [q.id for q in shown]
        if current.id in ids:
            index = ids.index(current.id) + 1
        else:  # the current question was just hidden: continue after it in the full order
            order = [q.id for q in self.instrument.questions]
            later = [q for q in shown if order.index(q.id) > order.index(current.id)]
            return later[0] if later else None
        return shown[index] if index < len(shown) else None

    def previous_question(self, current: Question) -> Question | None:
        shown = self.visible()
        ids = [q.id for q in shown]
        if current.id not in ids:
            return None
        index = ids.index(current.id) - 1
        return shown[index] if index >= 0 else None

    def missing_required(self) -> list[Question]:
        return missing_required(self.instrument, self.answers)

    def progress(self) -> tuple[int, int]:
        return progress(self.instrument, self.answers)

    def _refresh_session(self) -> None:
        self.session = self.service.get(self.session.id)
