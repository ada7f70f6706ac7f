"""Question kinds: the one place that owns what each question type is.

A kind names its definition keys and checks them (building the Question's settings), says
which values an answer can hold and their words, checks an answer, tallies answers into the
figures a summary holds, and writes and reads an answer as one spreadsheet cell (CSV/XLSX,
codes or words, or one column per option). The loader, the answer checks, the skip rules,
the analysis, the summary format and the spreadsheets ask the kind instead of switching on
`question.type`, so a new type is one `register_kind()` call here (or in a test) rather
than ten edits.

Code above the core that draws, edits or invents an answer (blank form, report charts, Qt
widgets, demo answers, the XLSForm writer, ODK cells) registers its own implementation per
kind in a named `KindTable` from its own module: the core never imports it. Looking up a
kind a table lacks raises `MissingKindError` naming the table and the kind instead of
falling through to a default; tests call `missing_kinds(name)` for every table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, translate
from toolkit.questionnaire.model import DONT_KNOW, OTHER, SCALE_VALUES, Question, Text, pick

MAX_TEXT = 10_000
MAX_VOTES = 100_000
CHOICE_KEYS = frozenset({"choices", "other"})
OTHER_TEXT = N_("Other (please specify)")

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


def _range(x: float | None) -> str:
    return "" if x is None else _num(x)


def plain(cell: Any) -> str:
    """A cell a spreadsheet typed as a number, as text again (001 typed as 1 stays "1")."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def parse_number(cell: Any) -> int | float:
    """A number from a cell: a spreadsheet's number, or text with a decimal point or comma
    and spaces (also non-breaking ones) between thousands."""
    if isinstance(cell, bool):
        raise AnswerError(N_("a number was expected"))
    if isinstance(cell, (int, float)):
        return int(cell) if float(cell).is_integer() else cell
    raw = str(cell).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        if any(c in raw for c in ".,"):
            number = float(raw.replace(",", "."))
            return int(number) if number.is_integer() and "e" not in raw.lower() else number
        return int(raw)
    except ValueError as exc:
        raise AnswerError(N_("a number was expected")) from exc


Word = Callable[[Any], str]  # one answer value (code) as it is written in a cell
Code = Callable[[str], Any]  # the words of a cell back to the value (code)


class Kind:
    """One question type. Subclass, set `name` and `keys`, override what differs, and
    `register_kind()` an instance. `checker` in `build` is the loader's definition checker:
    it offers text(), flag(), whole(), choices() and fail(), each naming the place."""

    name: str = ""
    keys: frozenset[str] = frozenset()  # definition keys beyond id, type, label, help, ...
    has_choices = False  # answers are choice ids (the definition has `choices`)
    closed = False  # answers are codes with words (choices, points): cells take either
    free_text = False  # answers are the respondent's own words (reviewed before sharing)
    value_labels: dict[str, str] = {}  # untranslated labels of app-supplied values (N_)
    counted = False  # tallied as counts per answer key; such a question can form groups
    several = False  # one answer holds several values (one person in several groups)
    agreement = False  # answers are agreement points (key findings' statements)
    quantity = False  # answers are amounts (a group's head count is its first such question)
    priority: int | None = None  # key findings' priorities: kinds tried in this order
    figures: frozenset[str] = frozenset()  # the QuestionSummary fields `tally` fills
    option_columns: str | None = None  # one column per option: "flag" (0/1) or "count"
    description = ""  # what the codebook calls it (N_)

    def build(self, checker: Any, raw: dict, where: tuple[str, str]) -> dict[str, Any]:
        """Check the type's own definition keys; return the Question fields they set."""
        return {}

    def values(self, question: Question) -> list | None:
        """Every value an answer can hold (skip rules are checked against it), or None."""
        return None

    def check(self, question: Question, value: Any) -> Any:
        """The value in its stored form, or AnswerError saying what is wrong."""
        raise NotImplementedError

    def refusal(self, question: Question, text: str) -> AnswerError:
        """What is said when a cell's words are not one of the answer values."""
        return AnswerError(N_("{value} is not one of the choices"), value=text.strip())

    def answer_keys(self, question: Question) -> list[str]:
        """The keys a summary's figures may hold, in display order (counted kinds: every
        key they are counted under, zero counts included)."""
        return question.choice_ids() if self.has_choices else []

    def answer_label(self, question: Question, key: str) -> str | Text | None:
        """The words of one answer value: an untranslated message (N_) for the app's own
        values, the questionnaire's text for a choice, None when it has none."""
        if key == OTHER and question.choice(OTHER) is None:
            return OTHER_TEXT
        choice = question.choice(key)
        return choice.text if choice else None

    def tally(self, question: Question, values: list[Any],
              number_stats: Callable[[list[float]], dict]) -> dict[str, Any]:
        """The figures of the (effective, non-empty) answers, by QuestionSummary field;
        `number_stats` is the analysis's rule for amounts. Free text: none (never words)."""
        if not self.counted:
            return {}
        counts = dict.fromkeys(self.answer_keys(question), 0)
        for value in values:
            for key in (value if isinstance(value, list) else [value]):
                counts[str(key)] = counts.get(str(key), 0) + 1
        return {"counts": counts}

    def scores(self, figures: Any) -> dict[str, int] | None:
        """A priority question's scores (from its QuestionSummary), for key findings."""
        return None

    def format_cell(self, question: Question, value: Any,
                    word: Word | None = None) -> str | int | float | None:
        """The stored answer as one spreadsheet cell: numbers and text as they are, values
        as codes, or through `word` (their labels) when given."""
        if value is None:
            return None
        if self.closed:
            return word(value) if word else value
        return value

    def parse_cell(self, question: Question, cell: Any, code: Code | None = None) -> Any:
        """A cell back to an answer value (check() still follows); `code` reads the words
        of one value (codes or labels), by default its code only."""
        text = cell if isinstance(cell, str) else plain(cell)
        if self.closed:
            return code(text) if code else self.code(question, text)
        return text.strip()

    def codes_text(self, question: Question, lang: str) -> str:
        """The codebook's "codes and labels" of the question, in `lang`."""
        return "; ".join(f"{k} = {answer_words(question, k, lang)}"
                         for k in self.answer_keys(question))

    def codes(self, question: Question) -> list:
        """Every code a cell may name (closed kinds): the values, by default."""
        return self.values(question) or []

    def code(self, question: Question, text: str) -> Any:
        """A value written as its code ("4", "yes", a choice id)."""
        text = text.strip()
        return {str(v): v for v in self.codes(question)}.get(text, text)

    def option_cell(self, question: Question, value: Any, option: str) -> int:
        """The per-option column of `option` (option_columns kinds)."""
        raise NotImplementedError

    def from_options(self, question: Question, counts: dict[str, int]) -> Any:
        """The answer from its per-option columns (option_columns kinds)."""
        raise NotImplementedError


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
    closed = True
    description = N_("Agreement scale (1 to 5, or don't know)")
    value_labels = AGREEMENT  # the app's own words: a scale question gives none
    counted = agreement = True
    figures = frozenset({"counts"})

    def values(self, question):
        return [*SCALE_VALUES, DONT_KNOW]

    def answer_keys(self, question):
        return [str(v) for v in self.values(question)]

    def answer_label(self, question, key):
        return self.value_labels.get(str(key))

    def refusal(self, question, text):
        return AnswerError(N_("choose a point from 1 to 5, or don't know"))

    def check(self, question, value):
        if value == DONT_KNOW or (isinstance(value, int) and not isinstance(value, bool)
                                  and value in SCALE_VALUES):
            return value
        raise self.refusal(question, str(value))


class YesNoKind(Kind):
    name = "yesno"
    closed = True
    description = N_("Yes or no")
    keys = frozenset({"dk"})
    value_labels = YESNO
    counted = True
    figures = frozenset({"counts"})

    def build(self, checker, raw, where):
        return {"dont_know": checker.flag(raw, "dk", where)}

    def values(self, question):
        return ["yes", "no", DONT_KNOW]

    def check(self, question, value):
        if value in self.answer_keys(question):
            return value
        raise self.refusal(question, str(value))

    def answer_keys(self, question):
        return ["yes", "no"] + ([DONT_KNOW] if question.dont_know else [])

    def answer_label(self, question, key):
        return self.value_labels.get(str(key))

    def refusal(self, question, text):
        return AnswerError(N_("answer yes or no"))

    def codes(self, question):
        return self.answer_keys(question)


class SingleKind(Kind):
    name = "single"
    closed = True
    description = N_("One choice")
    keys = CHOICE_KEYS
    has_choices = counted = True
    figures = frozenset({"counts"})

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
    closed = True
    description = N_("Several choices")
    keys = CHOICE_KEYS | {"max"}
    has_choices = counted = several = True
    figures = frozenset({"counts"})
    option_columns: str | None = "flag"

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

    def format_cell(self, question, value, word=None):
        if value is None:
            return None
        return "; ".join(word(v) for v in value) if word else ";".join(value)

    def parse_cell(self, question, cell, code=None):
        text = cell if isinstance(cell, str) else plain(cell)
        return [code(p) if code else self.code(question, p) for p in _split(text)]

    def option_cell(self, question, value, option):
        return 1 if option in value else 0

    def from_options(self, question, counts):
        return [c for c in question.choice_ids() if counts.get(c)]


class RankingKind(MultiKind):
    name = "ranking"
    description = N_("Ranking")
    keys = CHOICE_KEYS | {"top"}
    counted = several = False
    priority = 1
    figures = frozenset({"points", "first"})
    option_columns = None

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

    def tally(self, question, values, number_stats):
        top = question.top or len(question.choice_ids())
        points = dict.fromkeys(question.choice_ids(), 0)
        first = dict.fromkeys(question.choice_ids(), 0)
        for value in values:
            for position, key in enumerate(value[:top]):
                points[key] = points.get(key, 0) + top - position
            if value:
                first[value[0]] = first.get(value[0], 0) + 1
        return {"points": points, "first": first}

    def scores(self, figures):
        return figures.points


class NumberKind(Kind):
    name = "number"
    description = N_("Number")
    keys = frozenset({"min", "max", "integer", "unit"})
    quantity = True
    figures = frozenset({"stats"})

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

    def tally(self, question, values, number_stats):
        return {"stats": number_stats([float(v) for v in values])}

    def codes_text(self, question, lang):
        return f"{_range(question.minimum)} – {_range(question.maximum)}"

    def parse_cell(self, question, cell, code=None):
        return parse_number(cell)


class TextKind(Kind):
    name = "text"
    description = N_("Short text")
    keys = frozenset({"max_length"})
    free_text = True

    def build(self, checker, raw, where):
        if "max_length" in raw:
            return {"max_length": checker.whole(raw["max_length"], where, "max_length", 1,
                                                100_000)}
        return {}

    def check(self, question, value):
        return check_text(value, question.max_length)

    def parse_cell(self, question, cell, code=None):
        return cell if isinstance(cell, str) else plain(cell)  # spaces are part of the words


class LongTextKind(TextKind):
    name = "longtext"
    description = N_("Long text")


class VotesKind(Kind):
    name = "votes"
    closed = True
    description = N_("Votes")
    keys = frozenset({"choices"})
    has_choices = True
    priority = 0
    figures = frozenset({"counts"})
    option_columns = "count"

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

    def tally(self, question, values, number_stats):
        totals = dict.fromkeys(question.choice_ids(), 0)
        for value in values:
            for key, count in value.items():
                totals[key] = totals.get(key, 0) + int(count)
        return {"counts": totals}

    def scores(self, figures):
        return figures.counts

    def codes(self, question):
        return question.choice_ids()

    def format_cell(self, question, value, word=None):
        if value is None:
            return None
        return ("; " if word else ";").join(f"{word(k) if word else k}={n}"
                                            for k, n in value.items())

    def parse_cell(self, question, cell, code=None):
        votes = {}
        for part in _split(cell if isinstance(cell, str) else plain(cell)):
            key, sep, count = part.rpartition("=")
            count = count.strip()
            if not sep or not (count.isascii() and count.isdigit()):
                raise AnswerError(N_("vote counts are written choice=number"))
            votes[code(key) if code else key.strip()] = int(count)
        return votes

    def option_cell(self, question, value, option):
        return int(value.get(option, 0))

    def from_options(self, question, counts):
        return {c: n for c in question.choice_ids() if (n := counts.get(c, 0))}


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add a question type (or replace one of the same name, e.g. in a test)."""
    if not kind.name or not kind.name.isidentifier():
        raise ValueError(f"a kind needs a name: {kind!r}")
    KINDS[kind.name] = kind
    return kind


def unregister_kind(name: str) -> None:
    """Tests that add a kind remove it again (with what the tables hold for it), so other
    tests see the shipped set."""
    KINDS.pop(name, None)
    for table in TABLES.values():
        table.pop(name, None)


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


def answer_words(question: Question, key: Any, lang: str) -> str:
    """One answer value in words in `lang` (its code when it has no words)."""
    label = kind_of(question).answer_label(question, str(key))
    if isinstance(label, str):
        return translate(lang, label)
    return pick(label, lang) if label else str(key)


class MissingKindError(ToolkitError, LookupError):
    """A question kind that one consumer (a renderer, the widgets) has no implementation
    for: said instead of drawing something wrong."""

    message = N_("This version of the toolkit cannot handle questions of type {kind} here "
                 "({table}).")


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

    def lookup(self, kind: str | Question) -> T:
        name = kind if isinstance(kind, str) else kind.type
        try:
            return self[name]
        except KeyError:
            raise MissingKindError(kind=name, table=self.name) from None

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
