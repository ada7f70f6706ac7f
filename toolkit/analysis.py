"""Tallies of a session's answers, with the disclosure rules applied: what outputs show.

A `SessionSummary` holds only aggregates (counts, points, number statistics, the number of
text answers, never their words), so it may leave the laptop in a "summary only" package.
What may be shown is decided by toolkit.disclosure (base per figure, hidden groups in
breakdowns, parts left out of combined figures, no one-person values); this module counts and
asks it. A question whose base is under the threshold keeps no figures at all, not even how
many answered: a reader only learns that it was too few.

Skip logic counts: answers to questions the respondent no longer saw (after changing an
earlier answer) are kept in the database but ignored here (questionnaire.answers
.effective_answers, the same rule the runner applies).

Group sessions (instrument kind "group") record one answer set per group. What protects a
person there is the size of the group, so the base of every figure is the number of people
represented: the group's head count (the first number question of the first section, e.g.
"How many people took part?"), or 1 when it was not given. Counts are of groups; the head
count itself is reported as people, never as statistics; a question the group left blank says
so (when the room was big enough to show anything).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from toolkit import disclosure
from toolkit.errors import InputError
from toolkit.i18n import N_
from toolkit.questionnaire.answers import Answers, effective_answers
from toolkit.questionnaire.kinds import kind_of
from toolkit.questionnaire.model import Instrument, Question

FORMAT = 1
FIGURES = ("counts", "points", "first", "stats")  # what a kind's tally may fill
NUMBER_STATS = ("count", "mean", "median", "q1", "q3", "people")  # people: a head count
NO_ANSWER = ""  # breakdown group of respondents who did not answer the grouping question


class SummaryFormatError(InputError):
    """Summary data (e.g. from an exchange package) that does not have the expected shape."""

    message = N_("These figures are not valid ({reason}), so they were not used.")


def answer_keys(question: Question) -> list[str]:
    """The keys under which a question's figures are tallied, in display order (the kind's)."""
    return kind_of(question).answer_keys(question)


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
    stats: dict[str, float | None] | None = None  # number: count, mean, median, q1, q3
    suppressed_at_source: bool = False  # combined: some part's figures were left out
    left_out: list[str] = field(default_factory=list)  # combined: the parts left out

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type, "n": self.n,
                                "people": self.people, "suppressed": self.suppressed}
        for name in ("counts", "points", "first", "stats"):
            value = getattr(self, name)
            if value is not None:
                data[name] = dict(value)
        if self.suppressed_at_source:
            data["suppressed_at_source"] = True
        if self.left_out:
            data["left_out"] = list(self.left_out)
        return data


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
    kind: str = "individual"  # the questionnaire's kind: "group" records stand for a room

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
            "kind": self.kind, "questions": [q.to_json() for q in self.questions],
        }

    @classmethod
    def from_json(cls, data: Any, instrument: Instrument | None = None) -> SessionSummary:
        """Rebuild a summary from JSON, refusing anything malformed (it may come from a file):
        toolkit.summary_format checks every key, type and bound, and, given the
        questionnaire, every question and answer key against it."""
        from toolkit.summary_format import read_summary

        return read_summary(data, instrument)


# -- summarising ----------------------------------------------------------------------------

def headcount_question(instrument: Instrument) -> Question | None:
    """In a group instrument, the question giving how many people the answers represent."""
    if instrument.kind != "group" or not instrument.sections:
        return None
    return next((q for q in instrument.sections[0].questions if kind_of(q).quantity), None)


def _weight(instrument: Instrument, answers: Answers) -> int:
    question = headcount_question(instrument)
    if question is None:
        return 1
    value = answers.get(question.id)
    return int(value) if isinstance(value, (int, float)) and value >= 1 else 1


def summarise_question(question: Question, values: list[Any], people: int,
                       threshold: int, headcount: bool = False) -> QuestionSummary:
    """Aggregate the (already effective, non-empty) answers of one question. `people`: the
    people they stand for (the base of rule 1; in group sessions, the people in the room)."""
    n = len(values)
    if not disclosure.shows(people, threshold):
        return QuestionSummary(question.id, question.type, None, True)
    summary = QuestionSummary(question.id, question.type, n, False, people)

    def number_stats(numbers: list[float]) -> dict:
        if headcount:  # a group session's head count: how many people, not statistics
            return {"count": n, "people": people}
        return disclosure.number_stats(numbers, threshold)

    # the kind tallies (free text: n only; the words never enter a summary)
    for name, figure in kind_of(question).tally(question, values, number_stats).items():
        if name not in FIGURES:
            raise ValueError(f"question kind {question.type} tallied an unknown figure {name}")
        setattr(summary, name, figure)
    return summary


def summarise(instrument: Instrument, answers_by_respondent: Mapping[str, Answers],
              threshold: int, completed: int | None = None) -> SessionSummary:
    """Tally every question over the respondents' effective answers."""
    if threshold < 1:
        raise InputError(reason=f"small-group threshold {threshold}")
    effective = [effective_answers(instrument, a) for a in answers_by_respondent.values()]
    weights = [_weight(instrument, a) for a in effective]
    everyone = sum(weights)
    head = headcount_question(instrument)
    group = instrument.kind == "group"
    questions = []
    for question in instrument.questions:
        values, people = [], 0
        for answers, weight in zip(effective, weights):
            if question.id in answers:
                values.append(answers[question.id])
                people += weight
        if group and not values and disclosure.shows(everyone, threshold):
            # a group that left a question blank: said as such (the room was big enough)
            questions.append(QuestionSummary(question.id, question.type, 0, False, 0))
            continue
        questions.append(summarise_question(question, values, people, threshold,
                                            headcount=head is not None and question is head))
    return SessionSummary(
        instrument.id, instrument.content_hash, len(effective),
        len(effective) if completed is None else completed, threshold, questions,
        people=everyone, kind=instrument.kind)


# -- combining sessions (rule 3) --------------------------------------------------------------

def _add(total: dict[str, int] | None, part: dict[str, int] | None) -> dict[str, int] | None:
    if part is None:
        return total
    total = dict(total or {})
    for key, count in part.items():
        total[key] = total.get(key, 0) + count
    return total


def _base(q: QuestionSummary) -> int | None:
    return q.people if q.people is not None else q.n


def _combine_question(parts: list[tuple[str, QuestionSummary]], threshold: int) -> QuestionSummary:
    first = parts[0][1]
    # a group's blank (shown, answered by no group) adds nothing and is not "left out"
    blank = {pid for pid, q in parts if not q.suppressed and q.n == 0}
    out = disclosure.left_out({pid: (not q.suppressed, _base(q)) for pid, q in parts
                               if pid not in blank}, threshold)
    shown = [q for pid, q in parts if pid not in out]
    at_source = bool(out) or any(q.suppressed_at_source for _, q in parts)
    if not shown:
        return QuestionSummary(first.id, first.type, None, True, suppressed_at_source=at_source,
                               left_out=out)
    result = QuestionSummary(first.id, first.type, sum(q.n or 0 for q in shown), False,
                             sum(_base(q) or 0 for q in shown), suppressed_at_source=at_source,
                             left_out=out)
    for part in shown:
        result.counts = _add(result.counts, part.counts)
        result.points = _add(result.points, part.points)
        result.first = _add(result.first, part.first)
    if "stats" in kind_of(first.type).figures:
        stats = [q.stats for q in shown if q.stats]
        if any("people" in s for s in stats):  # head counts add up
            result.stats = {"count": sum(int(s["count"]) for s in stats),
                            "people": sum(int(s["people"]) for s in stats)}
        else:
            result.stats = disclosure.combine_number_stats(stats)
    return result


def combine(summaries: Iterable[SessionSummary], threshold: int | None = None,
            ids: list[str] | None = None) -> SessionSummary:
    """Add up several sessions of one questionnaire (a community report, the hub's view).

    A part (session, or community) whose figure is not shown, or whose base is under the
    threshold (default: the highest of the sources), is left out of that figure; its id
    (from `ids`, default its position) is listed in the figure's `left_out`.
    """
    summaries = list(summaries)
    if not summaries:
        raise InputError(reason="no session to combine")
    names = ids if ids is not None else [str(i) for i in range(len(summaries))]
    kinds = {s.instrument_id for s in summaries}
    if len(kinds) > 1:
        raise InputError(reason="different questionnaires: " + ", ".join(sorted(kinds)))
    limit = threshold if threshold is not None else max(s.threshold for s in summaries)
    hashes = {s.instrument_hash for s in summaries}
    order: list[str] = []
    parts: dict[str, list[tuple[str, QuestionSummary]]] = {}
    for pid, summary in zip(names, summaries):
        for q in summary.questions:
            if q.id not in parts:
                order.append(q.id)
                parts[q.id] = []
            parts[q.id].append((pid, q))
    questions = [_combine_question(parts[qid], limit) for qid in order]
    return SessionSummary(
        summaries[0].instrument_id, hashes.pop() if len(hashes) == 1 else "",
        sum(s.respondents for s in summaries), sum(s.completed for s in summaries), limit,
        questions, people=sum(s.people for s in summaries),
        sessions=sum(s.sessions for s in summaries),
        suppressed_at_source=any(q.suppressed_at_source for q in questions)
        or any(s.suppressed_at_source for s in summaries),
        kind=summaries[0].kind)


# -- breakdowns by a demographic answer (rule 2) ----------------------------------------------

@dataclass
class BreakdownGroup:
    key: str  # an answer key of the grouping question, or NO_ANSWER
    size: int | None  # respondents in the group; None when suppressed
    suppressed: bool
    summary: QuestionSummary
    # who in the group answered the question (id -> people represented): for the rules only
    members: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    small: bool = False  # hidden for its own size (else hidden to protect smaller groups)


@dataclass
class Breakdown:
    question_id: str
    by_question_id: str
    threshold: int
    groups: list[BreakdownGroup]
    sessions: list[str] = field(default_factory=list)  # the parts counted
    left_out: list[str] = field(default_factory=list)  # parts too small for this question

    @property
    def suppressed_groups(self) -> int:
        return sum(1 for g in self.groups if g.suppressed)

    @property
    def shown(self) -> bool:
        return any(not g.suppressed for g in self.groups)


def breakdown(instrument: Instrument, answers_by_respondent: Mapping[str, Answers],
              question_id: str, by_question_id: str, threshold: int,
              session_id: str = "") -> Breakdown:
    """One question summarised per answer to another (e.g. safety by age group), with the
    groups disclosure.hide_groups says to hide (small ones, and enough others that no one
    can work them out from the overall figure)."""
    if threshold < 1:
        raise InputError(reason=f"small-group threshold {threshold}")
    question = instrument.question(question_id)
    by = instrument.question(by_question_id)
    if not kind_of(by).counted:
        raise InputError(reason=f"question {by_question_id} cannot form groups")
    members: dict[str, list[tuple[str, Answers]]] = {key: [] for key in answer_keys(by)}
    members[NO_ANSWER] = []
    for rid, raw in answers_by_respondent.items():
        answers = effective_answers(instrument, raw)
        value = answers.get(by.id)
        keys = [NO_ANSWER] if value is None else [str(v) for v in
                                                  (value if isinstance(value, list) else [value])]
        for key in keys:
            members.setdefault(key, []).append((rid, answers))
    groups = []
    for key, group in members.items():
        if not group:
            continue
        answered = [(rid, a) for rid, a in group if question.id in a]
        people = sum(_weight(instrument, a) for _, a in answered)
        summary = summarise_question(question, [a[question.id] for _, a in answered], people,
                                     threshold)
        groups.append(BreakdownGroup(key, len(group), False, summary, {
            f"{session_id}/{rid}": _weight(instrument, a) for rid, a in answered}))
    result = Breakdown(question_id, by_question_id, threshold, groups,
                       [session_id] if session_id else [])
    return _apply_hiding(result, kind_of(by).several, set())


def _apply_hiding(result: Breakdown, multi: bool, already: set[str]) -> Breakdown:
    hidden = disclosure.hide_groups({g.key: g.members for g in result.groups},
                                    result.threshold, multi, already)
    for g in result.groups:
        if g.key in hidden:
            g.small = sum(g.members.values()) < result.threshold
            g.suppressed, g.size = True, None
            g.summary = QuestionSummary(g.summary.id, g.summary.type, None, True)
    return result


def combine_breakdowns(parts: list[tuple[str, Breakdown | None]], threshold: int,
                       multi: bool) -> Breakdown | None:
    """A breakdown over several sessions (rule 3): `parts` are (session id, its breakdown,
    or None when the session is too small for the question and left out). A group hidden in
    any session is hidden here; then rule 2 again on the totals."""
    counted = [(pid, b) for pid, b in parts if b is not None]
    if not counted:
        return None
    first = counted[0][1]
    keys: list[str] = []
    pooled: dict[str, list[BreakdownGroup]] = {}
    for _pid, b in counted:
        for g in b.groups:
            if g.key not in pooled:
                keys.append(g.key)
                pooled[g.key] = []
            pooled[g.key].append(g)
    already = {k for k, gs in pooled.items() if any(g.suppressed for g in gs)}
    groups = []
    for key in keys:
        gs = pooled[key]
        members: dict[str, int] = {}
        for g in gs:
            members.update(g.members)
        summary = QuestionSummary(first.question_id, gs[0].summary.type, None, True)
        if key not in already:
            summary = _combine_question([(str(i), g.summary) for i, g in enumerate(gs)],
                                        threshold)
        groups.append(BreakdownGroup(key, sum(g.size or 0 for g in gs), False, summary, members))
    result = Breakdown(first.question_id, first.by_question_id, threshold, groups,
                       [pid for pid, _ in counted], [pid for pid, b in parts if b is None])
    return _apply_hiding(result, multi, already)
