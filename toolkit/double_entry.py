"""Double data entry of paper forms: key a form a second time, see where the two keyings
differ, and let the facilitator choose the right value (as REDCap's double data entry).

The second keying is stored apart from the answers (tables `paper_checks` and
`second_keyings`): the answers stay those of the first keying until the facilitator
chooses the second keying's value for a question, which then goes through
`SessionService.save_answer` like any answer. Values are checked exactly as answers are.
Differences are listed per question, in the questionnaire's order; two values that differ
only in spacing, or multi-choice ticks in another order, are the same answer.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from toolkit.errors import InputError, ToolkitError
from toolkit.i18n import N_, translate
from toolkit.questionnaire import Question
from toolkit.questionnaire.answers import Answers, check_answer, check_text, is_empty
from toolkit.questionnaire.kinds import KINDS, answer_words, kind_of
from toolkit.sessions import Respondent, SessionService
from toolkit.store.migrations import utc_now

FIRST, SECOND = "first", "second"


class FormNotKeyedError(ToolkitError):
    message = N_("No paper form {number} was keyed in this session: key it once first.")


class FormKeyedTwiceError(ToolkitError):
    message = N_("Paper form {number} was entered more than once in this session "
                 "(respondents {numbers}): check those forms before keying one again.")


class FormNotFinishedError(ToolkitError):
    message = N_("Paper form {number} is still being keyed: finish it before checking it.")


class AlreadyCheckedError(ToolkitError):
    message = N_("Paper form {number} was already keyed a second time.")


class Difference(NamedTuple):
    key: str  # question id, or "<id>.other" for an "other, please specify" text
    question: Question
    first: Any  # None: left blank
    second: Any
    decision: str | None  # FIRST, SECOND or None (not chosen yet)


def same(kind: str, a: Any, b: Any) -> bool:
    """Whether two keyings of one answer (of question type `kind`) say the same thing."""
    a, b = (" ".join(x.split()) if isinstance(x, str) else x for x in (a, b))
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    several = kind in KINDS and KINDS[kind].several
    if several and isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)  # ticks, not an order (a ranking's order is its answer)
    return a == b


class DoubleEntry:
    def __init__(self, service: SessionService) -> None:
        self.service = service
        self.conn = service.conn
        self.store = service.store

    # finding and starting ---------------------------------------------------------------
    def find_form(self, session_id: str, paper_number: str) -> Respondent:
        """The respondent keyed from this paper form (its first keying, finished)."""
        number = paper_number.strip()
        found = [r for r in self.service.respondents(session_id) if r.paper_number == number]
        if not found:
            raise FormNotKeyedError(number=number)
        if len(found) > 1:
            raise FormKeyedTwiceError(number=number,
                                      numbers=", ".join(str(r.number) for r in found))
        if found[0].status != "complete":
            raise FormNotFinishedError(number=number)
        return found[0]

    def checked(self, respondent_id: str) -> bool:
        """Whether this form's second keying was started (finished or not)."""
        return self.conn.execute("SELECT 1 FROM paper_checks WHERE respondent_id = ?",
                                 (respondent_id,)).fetchone() is not None

    def finished(self, respondent_id: str) -> bool:
        """Whether this form's second keying was finished (its differences are final)."""
        row = self.conn.execute("SELECT finished_at FROM paper_checks WHERE respondent_id = ?",
                                (respondent_id,)).fetchone()
        return row is not None and row[0] is not None

    def start(self, session_id: str, paper_number: str, again: bool = False) -> Respondent:
        """Begin the second keying of a form. A form checked before raises
        AlreadyCheckedError unless `again`, which forgets that second keying first."""
        self.service._writable(session_id)
        respondent = self.find_form(session_id, paper_number)
        if self.checked(respondent.id) and not again:
            raise AlreadyCheckedError(number=respondent.paper_number)
        with self.store.transaction():
            self.conn.execute("DELETE FROM second_keyings WHERE respondent_id = ?",
                              (respondent.id,))
            self.conn.execute("INSERT OR REPLACE INTO paper_checks(respondent_id, started_at) "
                              "VALUES (?, ?)", (respondent.id, utc_now()))
        return respondent

    # keying -------------------------------------------------------------------------------
    def save(self, respondent_id: str, key: str, value: Any) -> str:
        """Check and commit one value of the second keying (never touches the answers)."""
        respondent = self.service.respondent(respondent_id)
        session = self.service._writable(respondent.session_id)
        instrument = self.service.instrument(session)
        if key.endswith(".other"):
            question = instrument.question(key[: -len(".other")])
            clean = None if is_empty(value) else check_text(value, question.max_length or 500)
        else:
            clean = None if is_empty(value) else check_answer(instrument.question(key), value)
        if not self.checked(respondent_id):
            raise InputError(reason=f"no second keying started for {respondent_id}")
        now = utc_now()
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO second_keyings(respondent_id, question_id, value, decision, "
                "updated_at) VALUES (?, ?, ?, NULL, ?) ON CONFLICT(respondent_id, question_id) "
                "DO UPDATE SET value = excluded.value, decision = NULL, "
                "updated_at = excluded.updated_at",
                (respondent_id, key,
                 None if clean is None else json.dumps(clean, ensure_ascii=False), now))
        return now

    def answers(self, respondent_id: str) -> Answers:
        """The second keying's values (blanks left out)."""
        return {key: json.loads(value) for key, value in self.conn.execute(
            "SELECT question_id, value FROM second_keyings WHERE respondent_id = ? "
            "AND value IS NOT NULL", (respondent_id,))}

    def finish(self, respondent_id: str) -> list[Difference]:
        """End the second keying; return the differences with the first."""
        with self.store.transaction():
            self.conn.execute("UPDATE paper_checks SET finished_at = ? WHERE respondent_id = ?",
                              (utc_now(), respondent_id))
        return self.differences(respondent_id)

    # comparing and choosing ---------------------------------------------------------------
    def differences(self, respondent_id: str) -> list[Difference]:
        """Every question where the two keyings differ, in the questionnaire's order."""
        respondent = self.service.respondent(respondent_id)
        instrument = self.service.instrument(self.service.get(respondent.session_id))
        first = self.service.answers(respondent_id)
        second = self.answers(respondent_id)
        decisions = dict(self.conn.execute(
            "SELECT question_id, decision FROM second_keyings WHERE respondent_id = ?",
            (respondent_id,)))
        out = []
        for question in instrument.questions:
            for key in (question.id, question.other_key) if question.other else (question.id,):
                a, b = first.get(key), second.get(key)
                kind = "text" if key != question.id else question.type
                if not same(kind, a, b):
                    out.append(Difference(key, question, a, b, decisions.get(key)))
        return out

    def open_differences(self, respondent_id: str) -> list[Difference]:
        return [d for d in self.differences(respondent_id) if d.decision is None]

    def choose(self, respondent_id: str, key: str, choice: str) -> None:
        """Record which keying is right for one question; the second keying's value, if
        chosen, becomes the answer (checked and committed as any answer)."""
        if choice not in (FIRST, SECOND):
            raise InputError(reason=f"choice {choice}")
        difference = next((d for d in self.differences(respondent_id) if d.key == key), None)
        if difference is None:
            return  # the keyings agree (again): nothing to choose
        if choice == SECOND:
            self.service.save_answer(respondent_id, key, difference.second)
        with self.store.transaction():
            self.conn.execute(
                "INSERT INTO second_keyings(respondent_id, question_id, value, decision, "
                "updated_at) VALUES (?, ?, NULL, ?, ?) ON CONFLICT(respondent_id, question_id) "
                "DO UPDATE SET decision = excluded.decision, updated_at = excluded.updated_at",
                (respondent_id, key, choice, utc_now()))

    def summary(self, session_id: str) -> tuple[int, int]:
        """(forms keyed twice, differences still to choose) in a session."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT c.respondent_id FROM paper_checks c JOIN respondents r "
            "ON r.id = c.respondent_id WHERE r.session_id = ? AND c.finished_at IS NOT NULL",
            (session_id,))]
        return len(ids), sum(len(self.open_differences(rid)) for rid in ids)


def describe(question: Question, key: str, value: Any, lang: str) -> str:
    """A keyed value as the facilitator reads it on the paper form: the kind's cell, in
    words (a ranking numbered, as written on the form)."""
    if is_empty(value):
        return translate(lang, "(left blank)")
    kind = kind_of(question)
    if key.endswith(".other") or not kind.closed:
        return str(value)

    def word(code: Any) -> str:
        return answer_words(question, code, lang)

    if isinstance(value, list) and not kind.several:  # an order: a ranking
        return "; ".join(f"{i}. {word(v)}" for i, v in enumerate(value, start=1))
    if isinstance(value, dict):  # counts: votes
        return "; ".join(f"{word(k)}: {v}" for k, v in value.items())
    return str(kind.format_cell(question, value, word))
