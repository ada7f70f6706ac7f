"""Strict reading of a session summary's JSON (it travels in summary-level packages).

msgspec validates the shape: known keys only, exact types (no "6" for 6, no true for 1),
finite numbers within bounds (NaN, infinity and huge values are refused). Then, given the
questionnaire, the content: every question exists with its type, every count key is one of
its answers, counts fit within who answered, and no shown figure rests on fewer people than
the summary's own threshold. Anything wrong raises SummaryFormatError (a translated message
naming where); nothing half-read is returned. msgspec is imported only when a summary is read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from toolkit import disclosure
from toolkit.analysis import (
    FORMAT,
    QuestionSummary,
    SessionSummary,
    SummaryFormatError,
)
from toolkit.errors import WrongValue, validation_place
from toolkit.i18n import N_
from toolkit.questionnaire.kinds import KINDS

MAX_COUNT = 1_000_000  # people, answers, sessions: far above any community's
MAX_TOTAL = 1_000_000_000  # votes and ranking points
MAX_VALUE = 1e12  # number answers (their averages, medians)

Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
Total = Annotated[int, msgspec.Meta(ge=0, le=MAX_TOTAL)]
Value = Annotated[float, msgspec.Meta(ge=-MAX_VALUE, le=MAX_VALUE)]
Key = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
QuestionType = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")]


class Stats(msgspec.Struct, forbid_unknown_fields=True):
    count: Count
    mean: Value | None = None
    median: Value | None = None
    q1: Value | None = None
    q3: Value | None = None
    people: Count | None = None  # a group session's head count
    min: Value | None = None  # written before issue 12; read, never kept
    max: Value | None = None


class Question(msgspec.Struct, forbid_unknown_fields=True):
    id: Id
    type: QuestionType
    suppressed: bool
    n: Count | None = None
    people: Count | None = None
    counts: dict[Key, Total] | None = None
    points: dict[Key, Total] | None = None
    first: dict[Key, Count] | None = None
    stats: Stats | None = None
    suppressed_at_source: bool = False
    left_out: Annotated[list[Id], msgspec.Meta(max_length=10_000)] = []


class Summary(msgspec.Struct, forbid_unknown_fields=True):
    format: Literal[1]
    instrument_id: Id
    instrument_hash: Annotated[str, msgspec.Meta(max_length=200)]
    respondents: Count
    completed: Count
    people: Count
    threshold: Annotated[int, msgspec.Meta(ge=1, le=disclosure.MAX_THRESHOLD)]
    sessions: Annotated[int, msgspec.Meta(ge=1, le=MAX_COUNT)]
    questions: Annotated[list[Question], msgspec.Meta(max_length=10_000)]
    suppressed_at_source: bool = False
    kind: Literal["individual", "group"] = "individual"


def _fail(where: str, what: str = WrongValue.message, **values: object) -> SummaryFormatError:
    """The summary is refused: `what` (a translatable sentence) at `where`."""
    return SummaryFormatError(reason=WrongValue(what, where=where, **values))


def read_summary(data: Any, instrument=None) -> SessionSummary:
    """A SessionSummary from JSON data, or SummaryFormatError."""
    try:
        raw = msgspec.convert(data, Summary, strict=True)
    except msgspec.ValidationError as exc:
        raise _fail(validation_place(exc)) from exc
    assert FORMAT == 1  # a new format needs its own reader
    questions = [_question(q, raw) for q in raw.questions]
    if raw.completed > raw.respondents:
        raise _fail("$.completed", N_("{where}: more completed than answered"))
    if len({q.id for q in questions}) != len(questions):
        raise _fail("$.questions", N_("{where}: the same question twice"))
    kind = raw.kind  # summaries written before issue 12 have none: the questionnaire's
    if instrument is not None and isinstance(data, dict) and "kind" not in data:
        kind = instrument.kind
    summary = SessionSummary(raw.instrument_id, raw.instrument_hash, raw.respondents,
                             raw.completed, raw.threshold, questions, raw.people, raw.sessions,
                             raw.suppressed_at_source, kind)
    if instrument is not None:
        check_against(summary, instrument)
    return summary


def _question(q: Question, raw: Summary) -> QuestionSummary:
    where = f"$.questions[{q.id}]"
    kind = KINDS.get(q.type)
    if kind is None:
        raise _fail(f"{where}.type", N_("{where}: a kind of question this version does not "
                                        "know"))
    figures = (q.n, q.people, q.counts, q.points, q.first, q.stats)
    if q.suppressed:
        if any(f is not None for f in figures):
            raise _fail(where, N_("{where}: figures in a question that was withheld"))
        return QuestionSummary(q.id, q.type, None, True,
                               suppressed_at_source=q.suppressed_at_source,
                               left_out=list(q.left_out))
    if q.n is None or q.n > raw.respondents:
        raise _fail(f"{where}.n")
    people = q.people if q.people is not None else q.n
    if people < q.n or people > raw.people:
        raise _fail(f"{where}.people")
    # a figure shown on fewer people than the summary's own threshold (a group's blank: 0)
    if 0 < people < raw.threshold or (people == 0 and q.n != 0):
        raise _fail(where, N_("{where}: shown for fewer people than the threshold"))
    for name in ("counts", "points", "first", "stats"):
        if getattr(q, name) is not None and name not in kind.figures:
            raise _fail(f"{where}.{name}", N_("{where}: not a figure this kind of question "
                                              "has"))
    for name in ("counts", "first"):
        values = getattr(q, name)
        if values and (kind.counted or name == "first") and any(v > q.n for v in values.values()):
            raise _fail(f"{where}.{name}", N_("{where}: more than answered"))
    if q.counts and kind.counted and not kind.several and sum(q.counts.values()) != q.n:
        raise _fail(f"{where}.counts", N_("{where}: the counts do not add up to who "
                                          "answered"))
    stats = None
    if q.stats is not None:
        if "stats" not in kind.figures or q.stats.count != q.n:
            raise _fail(f"{where}.stats")
        stats = {k: v for k, v in msgspec.structs.asdict(q.stats).items()
                 if k not in ("min", "max") and (v is not None or k != "people")}
    return QuestionSummary(q.id, q.type, q.n, False, q.people, q.counts, q.points, q.first,
                           stats, q.suppressed_at_source, list(q.left_out))


def check_against(summary: SessionSummary, instrument) -> None:
    """Every question and answer key of the summary belongs to the questionnaire."""
    if summary.instrument_id != instrument.id:
        raise _fail("$.instrument_id")
    if summary.kind != instrument.kind:
        raise _fail("$.kind")
    for q in summary.questions:
        if not instrument.has_question(q.id):
            raise _fail(f"$.questions[{q.id}]", N_("{where}: not in the questionnaire"))
        question = instrument.question(q.id)
        if question.type != q.type:
            raise _fail(f"$.questions[{q.id}].type")
        kind = KINDS[question.type]
        allowed = set(kind.answer_keys(question))
        for name in ("counts", "points", "first"):
            values = getattr(q, name)
            if values is None:
                continue
            if name not in kind.figures:
                raise _fail(f"$.questions[{q.id}].{name}")
            unknown = set(values) - allowed
            if unknown:
                raise _fail(f"$.questions[{q.id}].{name}",
                            N_("{where}: {key} is not one of the question's answers"),
                            key=sorted(unknown)[0])
        if q.stats and "stats" in kind.figures:
            low, high = question.minimum, question.maximum
            for key in ("mean", "median", "q1", "q3"):
                value = q.stats.get(key)
                if value is not None and ((low is not None and value < low)
                                          or (high is not None and value > high)):
                    raise _fail(f"$.questions[{q.id}].stats.{key}",
                                N_("{where}: outside the question's range"))
