"""Running a questionnaire with one respondent at a time: navigation, saving, resuming.

The same object drives the facilitator form, the kiosk and paper keying, so the rules live
here, without Qt: each answer is saved through the service the moment it is given; the
questions shown follow the skip logic; `finish()` forgets the respondent's answers so the
next person in a kiosk can never see them.
"""

from __future__ import annotations

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
        self.respondent = self.service.add_respondent(self.session.id, paper_number,
                                                      allow_duplicate=allow_duplicate)
        self.answers = {}
        self.last_saved = None
        self._refresh_session()
        return self.respondent

    def open_respondent(self, respondent_id: str) -> Respondent:
        """Resume an earlier respondent (facilitator-led and group modes only)."""
        self.respondent = self.service.respondent(respondent_id)
        self.answers = self.service.answers(respondent_id)
        self.last_saved = self.respondent.updated_at
        return self.respondent

    def finish(self) -> None:
        """Mark complete and forget everything about this respondent in memory."""
        if self.respondent is not None:
            self.service.complete(self.respondent.id)
        self.respondent = None
        self.answers = {}
        self.last_saved = None
        self._refresh_session()

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
