"""Tallies of a session's answers, with small groups suppressed: what reports and exports show.

A `SessionSummary` holds only aggregates (counts, points, number statistics, the number of
text answers, never their words), so it may leave the laptop in a "summary only" package.
Any question answered by fewer people than the threshold keeps no figures at all, not even
how many answered: a reader only learns that it was too few.

Skip logic counts: answers to questions the respondent no longer saw (after changing an
earlier answer) are kept in the database but ignored here (questionnaire.answers
.effective_answers, the same rule the runner applies).

Group sessions (instrument kind "group") record one answer set per group. What protects a
person there is the size of the group, so the threshold is compared with the number of people
represented: the group's head count (the first number question of the first section, e.g.
"How many people took part?"), or 1 when it was not given.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit.errors import InputError
from toolkit.questionnaire.answers import Answers, effective_answers
from toolkit.questionnaire.model import (
    DONT_KNOW, SCALE_VALUES, Instrument, Question,
)

FORMAT = 1
SCALE_KEYS = tuple(str(v) for v in SCALE_VALUES) + (DONT_KNOW,)
COUNTED_TYPES = ("scale", "single", "multi", "yesno")
NUMBER_STATS = ("count", "min", "median", "mean", "max")
NO_ANSWER = ""  # breakdown group of respondents who did not answer the grouping question


class SummaryFormatError(InputError):
    """Summary data (e.g. from an exchange package) that does not have the expected shape."""


def answer_keys(question: Question) -> list[str]:
    """The keys under which a counted question's answers are tallied, in display order."""
    if question.type == "scale":
        return list(SCALE_KEYS)
    if question.type == "yesno":
        return ["yes", "no"] + ([DONT_KNOW] if question.dont_know else [])
    return question.choice_ids()


@dataclass
class QuestionSummary:
    """The aggregates of one question. When `suppressed`, every figure is None."""

    id: str
    type: str
    n: int | None  # respondents (answer sets) who answered
    suppressed: bool
    people: int | None = None  # people represented (= n, except in group sessions)
    counts: dict[str, int] | None = None  # scale, single, multi, yesno; votes: totals
    points: dict[str, int] | None = None  # ranking
    first: dict[str, int] | None = None  # ranking: how often ranked first
    stats: dict[str, float | None] | None = None  # number: count, min, median, mean, max
    suppressed_at_source: bool = False  # combined: some session's figures were withheld

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "n": self.n,
                                "people": self.people, "suppressed": self.suppressed}
        for name in ("counts", "points", "first", "stats"):
            value = getattr(self, name)
            if value is not None:
                data[name] = dict(value)
        if self.suppressed_at_source:
            data["suppressed_at_source"] = True
        return data

    @classmethod
    def from_json(cls, data: Any) -> QuestionSummary:
        if not isinstance(data, dict):
            raise SummaryFormatError(reason="question")
        qid, qtype = data.get("id"), data.get("type")
        if not isinstance(qid, str) or not isinstance(qtype, str):
            raise SummaryFormatError(reason="question id")
        suppressed = data.get("suppressed")
        if not isinstance(suppressed, bool):
            raise SummaryFormatError(reason=f"{qid}: suppressed")
        summary = cls(qid, qtype, _opt_int(data.get("n"), qid), suppressed,
                      _opt_int(data.get("people"), qid),
                      suppressed_at_source=data.get("suppressed_at_source") is True)
        for name in ("counts", "points", "first"):
            setattr(summary, name, _int_map(data.get(name), f"{qid}.{name}"))
        stats = data.get("stats")
        if stats is not None:
            if not isinstance(stats, dict) or set(stats) - set(NUMBER_STATS):
                raise SummaryFormatError(reason=f"{qid}.stats")
            for key, value in stats.items():
                if value is not None and (isinstance(value, bool)
                                          or not isinstance(value, (int, float))):
                    raise SummaryFormatError(reason=f"{qid}.stats.{key}")
            summary.stats = dict(stats)
        if suppressed and any(getattr(summary, k) is not None
                              for k in ("n", "people", "counts", "points", "first", "stats")):
            raise SummaryFormatError(reason=f"{qid}: figures in a suppressed question")
        return summary


@dataclass
class SessionSummary:
    instrument_id: str
    instrument_hash: str
    respondents: int
    completed: int
    threshold: int
    questions: list[QuestionSummary] = field(default_factory=list)
    people: int = 0  # people represented (= respondents, except in group sessions)
    sessions: int = 1  # how many session summaries were combined into this one
    suppressed_at_source: bool = False  # combined: some figures were withheld at source

    def question(self, question_id: str) -> QuestionSummary:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "instrument_id": self.instrument_id,
            "instrument_hash": self.instrument_hash, "respondents": self.respondents,
            "completed": self.completed, "people": self.people, "threshold": self.threshold,
            "sessions": self.sessions, "suppressed_at_source": self.suppressed_at_source,
            "questions": [q.to_json() for q in self.questions],
        }

    @classmethod
    def from_json(cls, data: Any) -> SessionSummary:
        """Rebuild a summary from JSON, refusing anything malformed (it may come from a file)."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SummaryFormatError(reason="format")
        for key in ("instrument_id", "instrument_hash"):
            if not isinstance(data.get(key), str):
                raise SummaryFormatError(reason=key)
        numbers = {}
        for key in ("respondents", "completed", "people", "threshold", "sessions"):
            value = data.get(key)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SummaryFormatError(reason=key)
            numbers[key] = value
        if numbers["threshold"] < 1:
            raise SummaryFormatError(reason="threshold")
        raw = data.get("questions")
        if not isinstance(raw, list):
            raise SummaryFormatError(reason="questions")
        return cls(data["instrument_id"], data["instrument_hash"], numbers["respondents"],
                   numbers["completed"], numbers["threshold"],
                   [QuestionSummary.from_json(q) for q in raw], numbers["people"],
                   numbers["sessions"], data.get("suppressed_at_source") is True)


def _opt_int(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SummaryFormatError(reason=where)
    return value


def _int_map(value: Any, where: str) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SummaryFormatError(reason=where)
    for key, count in value.items():
        if not isinstance(key, str) or isinstance(count, bool) or not isinstance(count, int) \
                or count < 0:
            raise SummaryFormatError(reason=where)
    return dict(value)


# -- summarising ----------------------------------------------------------------------------

def headcount_question(instrument: Instrument) -> Question | None:
    """In a group instrument, the question giving how many people the answers represent."""
    if instrument.kind != "group" or not instrument.sections:
        return None
    return next((q for q in instrument.sections[0].questions if q.type == "number"), None)


def _weight(instrument: Instrument, answers: Answers) -> int:
    question = headcount_question(instrument)
    if question is None:
        return 1
    value = answers.get(question.id)
    return int(value) if isinstance(value, (int, float)) and value >= 1 else 1


def summarise_question(question: Question, values: list[Any], people: int,
                       threshold: int) -> QuestionSummary:
    """Aggregate the (already effective, non-empty) answers of one question."""
    n = len(values)
    if people < threshold:
        return QuestionSummary(question.id, question.type, None, True)
    summary = QuestionSummary(question.id, question.type, n, False, people)
    t = question.type
    if t in COUNTED_TYPES:
        counts = dict.fromkeys(answer_keys(question), 0)
        for value in values:
            for key in (value if isinstance(value, list) else [value]):
                key = str(key)
                counts[key] = counts.get(key, 0) + 1
        summary.counts = counts
    elif t == "votes":
        totals = dict.fromkeys(question.choice_ids(), 0)
        for value in values:
            for key, count in value.items():
                totals[key] = totals.get(key, 0) + int(count)
        summary.counts = totals
    elif t == "ranking":
        top = question.top or len(question.choice_ids())
        points = dict.fromkeys(question.choice_ids(), 0)
        first = dict.fromkeys(question.choice_ids(), 0)
        for value in values:
            for position, key in enumerate(value[:top]):
                points[key] = points.get(key, 0) + top - position
            if value:
                first[value[0]] = first.get(value[0], 0) + 1
        summary.points, summary.first = points, first
    elif t == "number":
        numbers = sorted(float(v) for v in values)
        summary.stats = {
            "count": n,
            "min": _tidy(numbers[0]) if numbers else None,
            "median": _tidy(statistics.median(numbers)) if numbers else None,
            "mean": statistics.fmean(numbers) if numbers else None,
            "max": _tidy(numbers[-1]) if numbers else None,
        }
    # free text: n only; the words never enter a summary
    return summary


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def summarise(instrument: Instrument, answers_by_respondent: Mapping[str, Answers],
              threshold: int, completed: int | None = None) -> SessionSummary:
    """Tally every question over the respondents' effective answers."""
    if threshold < 1:
        raise InputError(reason=f"small-group threshold {threshold}")
    effective = [effective_answers(instrument, a) for a in answers_by_respondent.values()]
    weights = [_weight(instrument, a) for a in effective]
    questions = []
    for question in instrument.questions:
        values, people = [], 0
        for answers, weight in zip(effective, weights):
            if question.id in answers:
                values.append(answers[question.id])
                people += weight
        questions.append(summarise_question(question, values, people, threshold))
    return SessionSummary(
        instrument.id, instrument.content_hash, len(effective),
        len(effective) if completed is None else completed, threshold, questions,
        people=sum(weights))


# -- combining sessions ---------------------------------------------------------------------

def _add(total: dict[str, int] | None, part: dict[str, int] | None) -> dict[str, int] | None:
    if part is None:
        return total
    total = dict(total or {})
    for key, count in part.items():
        total[key] = total.get(key, 0) + count
    return total


def _combine_question(parts: list[QuestionSummary], threshold: int) -> QuestionSummary:
    first = parts[0]
    shown = [p for p in parts if not p.suppressed]
    at_source = any(p.suppressed or p.suppressed_at_source for p in parts)
    people = sum(p.people if p.people is not None else (p.n or 0) for p in shown)
    if not shown or people < threshold:
        return QuestionSummary(first.id, first.type, None, True, suppressed_at_source=at_source)
    result = QuestionSummary(first.id, first.type, sum(p.n or 0 for p in shown), False, people,
                             suppressed_at_source=at_source)
    for part in shown:
        result.counts = _add(result.counts, part.counts)
        result.points = _add(result.points, part.points)
        result.first = _add(result.first, part.first)
    stats = [p.stats for p in shown if p.stats and p.stats.get("count")]
    if first.type == "number":
        count = sum(int(s["count"]) for s in stats)
        result.stats = {
            "count": count,
            "min": min((s["min"] for s in stats), default=None),
            # A median cannot be rebuilt from medians; with one session it is exact.
            "median": stats[0]["median"] if len(stats) == 1 else None,
            "mean": (sum(s["mean"] * s["count"] for s in stats) / count) if count else None,
            "max": max((s["max"] for s in stats), default=None),
        }
    return result


def combine(summaries: Iterable[SessionSummary], threshold: int | None = None) -> SessionSummary:
    """Add up several sessions of one questionnaire (a community report, the hub's view).

    Figures withheld at source stay withheld (they are not in the summaries); the threshold
    (default: the highest of the sources) is applied again to the totals.
    """
    summaries = list(summaries)
    if not summaries:
        raise InputError(reason="no session to combine")
    ids = {s.instrument_id for s in summaries}
    if len(ids) > 1:
        raise InputError(reason="different questionnaires: " + ", ".join(sorted(ids)))
    limit = threshold if threshold is not None else max(s.threshold for s in summaries)
    hashes = {s.instrument_hash for s in summaries}
    order: list[str] = []
    parts: dict[str, list[QuestionSummary]] = {}
    for summary in summaries:
        for q in summary.questions:
            if q.id not in parts:
                order.append(q.id)
                parts[q.id] = []
            parts[q.id].append(q)
    questions = [_combine_question(parts[qid], limit) for qid in order]
    return SessionSummary(
        summaries[0].instrument_id, hashes.pop() if len(hashes) == 1 else "",
        sum(s.respondents for s in summaries), sum(s.completed for s in summaries), limit,
        questions, people=sum(s.people for s in summaries),
        sessions=sum(s.sessions for s in summaries),
        suppressed_at_source=any(s.suppressed_at_source or any(q.suppressed for q in s.questions)
                                 for s in summaries))


# -- breakdowns by a demographic answer -----------------------------------------------------

@dataclass
class BreakdownGroup:
    key: str  # an answer key of the grouping question, or NO_ANSWER
    size: int | None  # respondents in the group; None when suppressed
    suppressed: bool
    summary: QuestionSummary


@dataclass
class Breakdown:
    question_id: str
    by_question_id: str
    threshold: int
    groups: list[BreakdownGroup]

    @property
    def suppressed_groups(self) -> int:
        return sum(1 for g in self.groups if g.suppressed)


def breakdown(instrument: Instrument, answers_by_respondent: Mapping[str, Answers],
              question_id: str, by_question_id: str, threshold: int) -> Breakdown:
    """One question summarised per answer to another (e.g. safety by age group).

    Every group smaller than the threshold is suppressed. When the grouping question has one
    answer per person and exactly one group is suppressed, the next smallest group is
    suppressed too: otherwise the hidden group could be worked out by subtraction from the
    overall figures shown elsewhere in the report.
    """
    if threshold < 1:
        raise InputError(reason=f"small-group threshold {threshold}")
    question = instrument.question(question_id)
    by = instrument.question(by_question_id)
    if by.type not in COUNTED_TYPES:
        raise InputError(reason=f"question {by_question_id} cannot form groups")
    members: dict[str, list[Answers]] = {key: [] for key in answer_keys(by)}
    members[NO_ANSWER] = []
    for raw in answers_by_respondent.values():
        answers = effective_answers(instrument, raw)
        value = answers.get(by.id)
        keys = [NO_ANSWER] if value is None else [str(v) for v in
                                                  (value if isinstance(value, list) else [value])]
        for key in keys:
            members.setdefault(key, []).append(answers)
    sizes = {key: sum(_weight(instrument, a) for a in group) for key, group in members.items()}
    hidden = {key for key, size in sizes.items() if 0 < size < threshold}
    if by.type != "multi" and len(hidden) == 1:
        shown = sorted((size, key) for key, size in sizes.items() if size >= threshold)
        if shown:
            hidden.add(shown[0][1])
    groups = []
    for key, group in members.items():
        if not group:
            continue
        if key in hidden:
            groups.append(BreakdownGroup(key, None, True,
                                         QuestionSummary(question.id, question.type, None, True)))
            continue
        values = [a[question.id] for a in group if question.id in a]
        people = sum(_weight(instrument, a) for a in group if question.id in a)
        groups.append(BreakdownGroup(key, len(group), False,
                                     summarise_question(question, values, people, threshold)))
    return Breakdown(question_id, by_question_id, threshold, groups)
