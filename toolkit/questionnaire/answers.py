"""Answer values: checking one against its question, and skip logic over a set of answers.

Values are plain JSON: scale 1-5 or "dk"; single a choice id; multi and ranking lists of
ids; yesno "yes"/"no"/"dk"; number int/float; text str; votes {choice id: count}. The
"please specify" text of an "other" choice is stored under its own key, `<id>.other`, so
free text is always separate from the closed answers (sharing levels rely on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _
from toolkit.questionnaire.model import DONT_KNOW, OTHER, SCALE_VALUES, Instrument, Question

Answers = dict[str, Any]
MAX_TEXT = 10_000


class AnswerError(ToolkitError):
    """An answer that does not fit its question; nothing was saved."""

    message = N_("This answer cannot be saved: {problem}")

    def __init__(self, problem: str, **values: object) -> None:
        self.problem, self.problem_values = problem, values
        super().__init__(problem=problem)

    def user_message(self) -> str:
        return _(self.message).format(problem=_(self.problem).format(**self.problem_values))


def _ids(question: Question, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AnswerError(N_("a list of choices was expected"))
    allowed = set(question.choice_ids())
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise AnswerError(N_("{value} is not one of the choices"), value=unknown[0])
    if len(set(value)) != len(value):
        raise AnswerError(N_("the same choice is given twice"))
    return list(value)


def check_answer(question: Question, value: Any) -> Any:
    """Return the value in its stored form, or raise AnswerError saying what is wrong."""
    t = question.type
    if t == "scale":
        if value == DONT_KNOW or (isinstance(value, int) and not isinstance(value, bool)
                                  and value in SCALE_VALUES):
            return value
        raise AnswerError(N_("choose a point from 1 to 5, or don't know"))
    if t == "yesno":
        allowed = ["yes", "no"] + ([DONT_KNOW] if question.dont_know else [])
        if value in allowed:
            return value
        raise AnswerError(N_("answer yes or no"))
    if t == "single":
        if isinstance(value, str) and value in question.choice_ids():
            return value
        raise AnswerError(N_("{value} is not one of the choices"), value=str(value))
    if t == "multi":
        ids = _ids(question, value)
        if question.max_choices and len(ids) > question.max_choices:
            raise AnswerError(N_("choose at most {n}"), n=question.max_choices)
        return ids
    if t == "ranking":
        ids = _ids(question, value)
        if len(ids) > (question.top or len(ids)):
            raise AnswerError(N_("rank at most {n}"), n=question.top)
        return ids
    if t == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError(N_("a number was expected"))
        if question.integer and value != int(value):
            raise AnswerError(N_("a whole number was expected"))
        if not question.minimum <= value <= question.maximum:
            raise AnswerError(N_("the number must be from {lo} to {hi}"),
                              lo=_num(question.minimum), hi=_num(question.maximum))
        return int(value) if question.integer else value
    if t in ("text", "longtext"):
        return check_text(value, question.max_length)
    if t == "votes":
        if not isinstance(value, dict):
            raise AnswerError(N_("vote counts were expected"))
        allowed = set(question.choice_ids())
        clean = {}
        for key, count in value.items():
            if key not in allowed:
                raise AnswerError(N_("{value} is not one of the choices"), value=str(key))
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= 100_000:
                raise AnswerError(N_("a vote count must be a whole number of 0 or more"))
            if count:
                clean[key] = count
        return clean
    raise AnswerError(N_("unknown question type {type}"), type=t)


def check_text(value: Any, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise AnswerError(N_("a text was expected"))
    limit = max_length or MAX_TEXT
    if len(value) > limit:
        raise AnswerError(N_("the text is longer than {n} characters"), n=limit)
    return value


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def chose_other(question: Question, value: Any) -> bool:
    if not question.other:
        return False
    return value == OTHER if isinstance(value, str) else isinstance(value, list) and OTHER in value


def _rule_holds(question: Question, answers: Answers) -> bool:
    """The question's own skip rule, its earlier question's visibility aside."""
    rule = question.show_if
    if rule is None:
        return True
    value = answers.get(rule.question)
    if isinstance(value, list):
        return any(v in rule.any_of for v in value)
    return value in rule.any_of


def is_visible(instrument: Instrument, question: Question, answers: Answers) -> bool:
    """Skip logic: shown unless its rule's earlier question is hidden or answered otherwise."""
    rule = question.show_if
    return rule is None or (_rule_holds(question, answers) and is_visible(
        instrument, instrument.question(rule.question), answers))


def _shown(instrument: Instrument, answers: Answers) -> Iterator[Question]:
    """The questions shown, in one pass: a skip rule only looks at an earlier question (the
    loader checks it), so that question's visibility is already known. Reports go through
    this for every respondent (analysis.py)."""
    shown: dict[str, bool] = {}
    for question in instrument.questions:
        rule = question.show_if
        visible = shown[question.id] = rule is None or (
            shown.get(rule.question, False) and _rule_holds(question, answers))
        if visible:
            yield question


def visible_questions(instrument: Instrument, answers: Answers) -> list[Question]:
    return list(_shown(instrument, answers))


def effective_answers(instrument: Instrument, answers: Answers) -> Answers:
    """The answers that count: those of visible questions, and "other" text only when
    "other" is chosen. Answers to questions hidden later by a changed answer are kept in the
    database (nothing typed is lost) but do not count."""
    result: Answers = {}
    for q in _shown(instrument, answers):
        value = answers.get(q.id)
        if not is_empty(value):
            result[q.id] = value
            if q.other and chose_other(q, value) and answers.get(q.other_key):
                result[q.other_key] = answers[q.other_key]
    return result


def missing_required(instrument: Instrument, answers: Answers) -> list[Question]:
    return [q for q in visible_questions(instrument, answers)
            if q.required and is_empty(answers.get(q.id))]


def progress(instrument: Instrument, answers: Answers) -> tuple[int, int]:
    """(answered, shown) over the questions currently shown."""
    shown = visible_questions(instrument, answers)
    return sum(1 for q in shown if not is_empty(answers.get(q.id))), len(shown)
