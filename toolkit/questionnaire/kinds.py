"""Question kinds: the one place that owns what each question type is.

A kind names its definition keys and checks them (building the Question's settings), says
which values an answer can hold, checks an answer, and writes and reads an answer as one
spreadsheet cell (CSV/XLSX). The loader, the answer checks and the skip rules ask the kind
instead of switching on `question.type`, so a new type is one `register_kind()` call here
(or in a test) rather than ten edits.

Code outside the core that draws or edits a question (blank form, charts, widgets, the
XLSForm writer) registers its own implementation per kind in a named `KindTable`; tests
call `missing_kinds(name)` so a kind added here and forgotten there fails loudly instead of
falling through to a default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _
from toolkit.questionnaire.model import DONT_KNOW, SCALE_VALUES, Question

MAX_TEXT = 10_000
MAX_VOTES = 100_000
CHOICE_KEYS = frozenset({"choices", "other"})

T = TypeVar("T")


class AnswerError(ToolkitError):
    """An answer that does not fit its question; nothing was saved."""

    message = N_("This answer cannot be saved: {problem}")

    def __init__(self, problem: str, **values: object) -> None:
        self.problem, self.problem_values = problem, values
        super().__init__(problem=problem)

    def user_message(self) -> str:
        return _(self.message).format(problem=_(self.problem).format(**self.problem_values))


def check_text(value: Any, max_length: int | None = None) -> str:
    if not isinstance(value, str):
        raise AnswerError(N_("a text was expected"))
    limit = max_length or MAX_TEXT
    if len(value) > limit:
        raise AnswerError(N_("the text is longer than {n} characters"), n=limit)
    return value


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class Kind:
    """One question type. Subclass, set `name` and `keys`, override what differs, and
    `register_kind()` an instance. `checker` in `build` is the loader's definition checker:
    it offers text(), flag(), whole(), choices() and fail(), each naming the place."""

    name: str = ""
    keys: frozenset[str] = frozenset()  # definition keys beyond id, type, label, help, ...
    has_choices = False  # answers are choice ids (the definition has `choices`)
    free_text = False  # answers are the respondent's own words (reviewed before sharing)
    value_labels: dict[str, str] = {}  # untranslated labels of app-supplied values (N_)

    def build(self, checker: Any, raw: dict, where: tuple[str, str]) -> dict[str, Any]:
        """Check the type's own definition keys; return the Question fields they set."""
        return {}

    def values(self, question: Question) -> list | None:
        """Every value an answer can hold (skip rules are checked against it), or None."""
        return None

    def check(self, question: Question, value: Any) -> Any:
        """The value in its stored form, or AnswerError saying what is wrong."""
        raise NotImplementedError

    def format_cell(self, question: Question, value: Any) -> str:
        """The stored answer as one spreadsheet cell."""
        return "" if value is None else str(value)

    def parse_cell(self, question: Question, text: str) -> Any:
        """A cell back to an answer value (check() still follows)."""
        return text.strip()


def _choice_fields(checker: Any, raw: dict, where: tuple[str, str]) -> dict[str, Any]:
    choices = checker.choices(raw.get("choices"), where)
    other = checker.flag(raw, "other", where)
    return {"choices": choices, "other": other}


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


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


AGREEMENT = {
    "1": N_("Strongly disagree"), "2": N_("Disagree"), "3": N_("Neither agree nor disagree"),
    "4": N_("Agree"), "5": N_("Strongly agree"), "dk": N_("Don't know / prefer not to say"),
}
YESNO = {"yes": N_("Yes"), "no": N_("No"), "dk": N_("Don't know / prefer not to say")}


class ScaleKind(Kind):
    name = "scale"
    value_labels = AGREEMENT  # the app's own words: a scale question gives none

    def values(self, question):
        return [*SCALE_VALUES, DONT_KNOW]

    def check(self, question, value):
        if value == DONT_KNOW or (isinstance(value, int) and not isinstance(value, bool)
                                  and value in SCALE_VALUES):
            return value
        raise AnswerError(N_("choose a point from 1 to 5, or don't know"))

    def parse_cell(self, question, text):
        text = text.strip()
        return int(text) if text.isdigit() else text


class YesNoKind(Kind):
    name = "yesno"
    keys = frozenset({"dk"})
    value_labels = YESNO

    def build(self, checker, raw, where):
        return {"dont_know": checker.flag(raw, "dk", where)}

    def values(self, question):
        return ["yes", "no", DONT_KNOW]

    def check(self, question, value):
        allowed = ["yes", "no"] + ([DONT_KNOW] if question.dont_know else [])
        if value in allowed:
            return value
        raise AnswerError(N_("answer yes or no"))


class SingleKind(Kind):
    name = "single"
    keys = CHOICE_KEYS
    has_choices = True

    def build(self, checker, raw, where):
        return _choice_fields(checker, raw, where)

    def values(self, question):
        return question.choice_ids()

    def check(self, question, value):
        if isinstance(value, str) and value in question.choice_ids():
            return value
        raise AnswerError(N_("{value} is not one of the choices"), value=str(value))


class MultiKind(Kind):
    name = "multi"
    keys = CHOICE_KEYS | {"max"}
    has_choices = True

    def build(self, checker, raw, where):
        fields = _choice_fields(checker, raw, where)
        if "max" in raw:
            count = len(fields["choices"]) + (1 if fields["other"] else 0)
            fields["max_choices"] = checker.whole(raw["max"], where, "max", 1, count)
        return fields

    def values(self, question):
        return question.choice_ids()

    def check(self, question, value):
        ids = _ids(question, value)
        if question.max_choices and len(ids) > question.max_choices:
            raise AnswerError(N_("choose at most {n}"), n=question.max_choices)
        return ids

    def format_cell(self, question, value):
        return "" if value is None else ";".join(value)

    def parse_cell(self, question, text):
        return _split(text)


class RankingKind(MultiKind):
    name = "ranking"
    keys = CHOICE_KEYS | {"top"}

    def build(self, checker, raw, where):
        fields = _choice_fields(checker, raw, where)
        if "top" not in raw:
            checker.fail(where, N_("a ranking question needs top (how many to rank)"))
        count = len(fields["choices"]) + (1 if fields["other"] else 0)
        fields["top"] = checker.whole(raw["top"], where, "top", 1, count)
        return fields

    def check(self, question, value):
        ids = _ids(question, value)
        if len(ids) > (question.top or len(ids)):
            raise AnswerError(N_("rank at most {n}"), n=question.top)
        return ids


class NumberKind(Kind):
    name = "number"
    keys = frozenset({"min", "max", "integer", "unit"})

    def build(self, checker, raw, where):
        lo, hi = raw.get("min"), raw.get("max")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi)):
            checker.fail(where, N_("a number question needs numeric min and max"))
        if lo >= hi:
            checker.fail(where, N_("min must be smaller than max"))
        return {"minimum": lo, "maximum": hi, "integer": checker.flag(raw, "integer", where),
                "unit": checker.text(raw.get("unit"), where, "unit", optional=True)}

    def check(self, question, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AnswerError(N_("a number was expected"))
        if question.integer and value != int(value):
            raise AnswerError(N_("a whole number was expected"))
        if not question.minimum <= value <= question.maximum:
            raise AnswerError(N_("the number must be from {lo} to {hi}"),
                              lo=_num(question.minimum), hi=_num(question.maximum))
        return int(value) if question.integer else value

    def parse_cell(self, question, text):
        text = text.strip()
        try:
            return float(text.replace(",", ".")) if any(c in text for c in ".,") else int(text)
        except ValueError as exc:
            raise AnswerError(N_("a number was expected")) from exc


class TextKind(Kind):
    name = "text"
    keys = frozenset({"max_length"})
    free_text = True

    def build(self, checker, raw, where):
        if "max_length" in raw:
            return {"max_length": checker.whole(raw["max_length"], where, "max_length", 1,
                                                100_000)}
        return {}

    def check(self, question, value):
        return check_text(value, question.max_length)


class LongTextKind(TextKind):
    name = "longtext"


class VotesKind(Kind):
    name = "votes"
    keys = frozenset({"choices"})
    has_choices = True

    def build(self, checker, raw, where):
        return {"choices": checker.choices(raw.get("choices"), where)}

    def check(self, question, value):
        if not isinstance(value, dict):
            raise AnswerError(N_("vote counts were expected"))
        allowed = set(question.choice_ids())
        clean = {}
        for key, count in value.items():
            if key not in allowed:
                raise AnswerError(N_("{value} is not one of the choices"), value=str(key))
            if isinstance(count, bool) or not isinstance(count, int) or not (
                    0 <= count <= MAX_VOTES):
                raise AnswerError(N_("a vote count must be a whole number of 0 or more"))
            if count:
                clean[key] = count
        return clean

    def format_cell(self, question, value):
        return "" if value is None else ";".join(f"{k}={v}" for k, v in value.items())

    def parse_cell(self, question, text):
        votes = {}
        for part in _split(text):
            key, _sep, count = part.partition("=")
            if not count.strip().isdigit():
                raise AnswerError(N_("vote counts are written choice=number"))
            votes[key.strip()] = int(count)
        return votes


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add a question type (or replace one of the same name, e.g. in a test)."""
    if not kind.name or not kind.name.isidentifier():
        raise ValueError(f"a kind needs a name: {kind!r}")
    KINDS[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    """Tests that add a kind remove it again, so other tests see the shipped set."""
    KINDS.pop(name, None)


for _kind in (ScaleKind(), SingleKind(), MultiKind(), YesNoKind(), NumberKind(), TextKind(),
              LongTextKind(), RankingKind(), VotesKind()):
    register_kind(_kind)


def kind_of(question: Question | str) -> Kind:
    name = question if isinstance(question, str) else question.type
    try:
        return KINDS[name]
    except KeyError:
        raise AnswerError(N_("unknown question type {type}"), type=str(name)) from None


def kind_names() -> list[str]:
    return list(KINDS)


class KindTable(dict[str, T]):
    """Implementations by kind name for one consumer (a renderer, a widget factory, a file
    format). `lookup()` on an unregistered kind raises instead of guessing."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def register(self, *kinds: str) -> Callable[[T], T]:
        def add(impl: T) -> T:
            for kind in kinds:
                self[kind] = impl
            return impl
        return add

    def lookup(self, kind: str) -> T:
        try:
            return self[kind]
        except KeyError:
            raise LookupError(f"{self.name}: no implementation for question kind {kind}") \
                from None

    def missing(self) -> list[str]:
        return [k for k in KINDS if k not in self]


TABLES: dict[str, KindTable] = {}


def kind_table(name: str) -> KindTable:
    """The named table (created on first use): the blank form, a chart, a widget factory."""
    return TABLES.setdefault(name, KindTable(name))


def missing_kinds(table: str) -> list[str]:
    """Kinds the named table has no implementation for (tests assert this is empty)."""
    if table not in TABLES:
        raise LookupError(f"no kind table named {table}; known: {', '.join(sorted(TABLES))}")
    return TABLES[table].missing()


def iter_kinds() -> Iterator[Kind]:
    return iter(KINDS.values())
