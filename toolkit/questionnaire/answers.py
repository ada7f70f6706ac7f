"""Answer values: checking one against its question, and skip logic over a set of answers.

Values are plain JSON: scale 1-5 or "dk"; single a choice id; multi and ranking lists of
ids; yesno "yes"/"no"/"dk"; number int/float; text str; votes {choice id: count}. The
"please specify" text of an "other" choice is stored under its own key, `<id>.other`, so
free text is always separate from the closed answers (sharing levels rely on it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from toolkit.questionnaire.kinds import MAX_TEXT, AnswerError, check_text, kind_of
from toolkit.questionnaire.model import OTHER, Instrument, Question

__all__ = ["MAX_TEXT", "AnswerError", "Answers", "check_answer", "check_text"]

Answers = dict[str, Any]


def check_answer(question: Question, value: Any) -> Any:
    """Return the value in its stored form, or raise AnswerError saying what is wrong."""
    return kind_of(question).check(question, value)


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
