"""The cell layer shared by CSV and XLSX: columns, what goes in a cell, and back.

One rule, one place: which columns a responses sheet has (one per question, or one 0/1
column per option of a multiple choice, as KoboToolbox exports), how an answer becomes a
cell (codes, or labels in a chosen language) and how a cell becomes an answer again
(codes or labels in either language are accepted), formula neutralisation (OWASP's rule for
CSV injection, undone on import so the round trip is exact), XML-safe text for XLSX, and
errors that name the row and column as the spreadsheet shows them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from toolkit import languages
from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, ngettext, translate
from toolkit.questionnaire.answers import AnswerError, check_answer, check_text
from toolkit.questionnaire.model import DONT_KNOW, OTHER, Instrument, Question
from toolkit.reports.labels import AGREEMENT, OTHER_TEXT, YESNO

MULTI_LAYOUTS = {"columns": N_("One 0/1 column per option"),
                 "cell": N_("All choices in one cell")}
VALUE_KINDS = {"labels": N_("Labels (words)"), "codes": N_("Codes")}
RESPONDENT_STATUSES = {"complete": N_("Complete"), "in_progress": N_("In progress")}
# Bookkeeping columns: the first three at the start, the rest after the questions.
LEAD = ("respondent", "paper_number", "status")
TAIL = ("community", "session_date", "respondent_id", "revision")
SHOWN_ERRORS = 10


# --- formula neutralisation ---------------------------------------------------------------
# A cell that starts with one of these is a formula to Excel or LibreOffice (OWASP: = + - @,
# tab and carriage return; and the fullwidth forms, which some spreadsheets fold).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
QUOTE = "'"


def neutralise(text: str) -> str:
    """Prefix formula-like text (and text already starting with ') with an apostrophe."""
    if text and (text[0] in FORMULA_STARTS or text[0] == QUOTE):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """Undo `neutralise`: exactly its inverse on everything it produces."""
    if len(text) > 1 and text[0] == QUOTE and (text[1] in FORMULA_STARTS or text[1] == QUOTE):
        return text[1:]
    return text


def looks_like_formula(text: str) -> bool:
    return bool(text) and text[0] in FORMULA_STARTS


# --- XLSX text ------------------------------------------------------------------------------
# XML cannot hold most control characters, and parsers turn CR into LF. OOXML writes such
# characters as _xHHHH_ (and a literal "_xHHHH_" as "_x005F_xHHHH_"), as Excel does.
_XML_UNSAFE = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_XML_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def xml_text(text: str) -> str:
    return _XML_UNSAFE.sub(lambda m: "_x005F" + m.group(0) if len(m.group(0)) > 1
                           else f"_x{ord(m.group(0)):04X}_", text)


def from_xml_text(text: str) -> str:
    return _XML_ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the column as a spreadsheet labels it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- errors -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CellError:
    row: int | None  # 1 = the header, as the spreadsheet numbers it; None = the whole file
    column: int | None  # 0-based index; None = the whole row
    key: str  # the column's header (question id), "" if none
    problem: str  # untranslated (N_), translated when shown
    values: dict = field(default_factory=dict)

    def text(self) -> str:
        problem = _(self.problem).format(**self.values)
        if self.row is None:
            return problem[:1].upper() + problem[1:]
        if self.column is None:
            return _("Row {row}: {problem}").format(row=self.row, problem=problem)
        where = column_letter(self.column) + (f" ({self.key})" if self.key else "")
        return _("Row {row}, column {column}: {problem}").format(
            row=self.row, column=where, problem=problem)


class SheetImportError(ToolkitError):
    message = N_("The file was not imported; nothing was changed.")

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors
        super().__init__()

    def user_message(self) -> str:
        lines = [_(self.message)]
        lines += [e.text() for e in self.errors[:SHOWN_ERRORS]]
        if len(self.errors) > SHOWN_ERRORS:
            more = len(self.errors) - SHOWN_ERRORS
            lines.append(ngettext("… and {n} more problem.", "… and {n} more problems.",
                                  more).format(n=more))
        return "\n".join(lines)


def file_error(problem: str, **values: object) -> SheetImportError:
    return SheetImportError([CellError(None, None, "", problem, values)])


# --- options and columns --------------------------------------------------------------------
@dataclass(frozen=True)
class SheetOptions:
    multi: str = "columns"  # MULTI_LAYOUTS
    values: str = "labels"  # VALUE_KINDS
    language: str = "en"

    def __post_init__(self) -> None:
        if self.multi not in MULTI_LAYOUTS or self.values not in VALUE_KINDS:
            raise ValueError((self.multi, self.values))


@dataclass(frozen=True)
class Column:
    key: str  # the header
    question: Question | None = None
    option: str | None = None  # per-option column: the choice id
    other_text: bool = False  # "please specify" text of the question


def per_option(question: Question) -> bool:
    return question.type in ("multi", "votes")


def columns(instrument: Instrument, options: SheetOptions) -> list[Column]:
    cols = [Column(k) for k in LEAD]
    for q in instrument.questions:
        if options.multi == "columns" and per_option(q):
            cols += [Column(f"{q.id}/{c}", q, c) for c in q.choice_ids()]
        else:
            cols.append(Column(q.id, q))
        if q.other:
            cols.append(Column(q.other_key, q, other_text=True))
    return cols + [Column(k) for k in TAIL]


# --- answers to cells -----------------------------------------------------------------------
def choice_label(question: Question, choice_id: str, lang: str) -> str:
    if choice_id == OTHER and question.choice(OTHER) is None:
        return translate(lang, OTHER_TEXT)
    choice = question.choice(choice_id)
    return choice.label(lang) if choice else choice_id


def value_label(question: Question, value: Any, lang: str) -> str:
    """One closed answer (scale point, yes/no, choice id) in words."""
    if question.type == "scale":
        return translate(lang, AGREEMENT.get(str(value), str(value)))
    if question.type == "yesno":
        return translate(lang, YESNO.get(str(value), str(value)))
    return choice_label(question, str(value), lang)


def cell_value(column: Column, answers: dict, options: SheetOptions) -> str | int | float | None:
    """What the cell holds: text, a number, or None for an empty cell."""
    q = column.question
    if q is None:
        return None
    if column.other_text:
        return answers.get(q.other_key)
    value = answers.get(q.id)
    if value is None:
        return None
    labels, lang = options.values == "labels", options.language
    if column.option is not None:
        if q.type == "votes":
            return int(value.get(column.option, 0))
        return 1 if column.option in value else 0
    t = q.type
    if t in ("text", "longtext", "number"):
        return value
    if t in ("scale", "yesno", "single"):
        return value_label(q, value, lang) if labels else value
    sep = "; " if labels else ";"
    if t in ("multi", "ranking"):
        return sep.join(value_label(q, v, lang) if labels else v for v in value)
    if t == "votes":
        return sep.join(f"{value_label(q, k, lang) if labels else k}={n}"
                        for k, n in value.items())
    return str(value)


# --- cells to answers ----------------------------------------------------------------------
def _fold(text: str) -> str:
    """Case, spacing and the apostrophe typed (' or ’) do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'")
    return " ".join(text.split()).casefold()


class Vocabulary:
    """Every way a closed answer may be written in a cell: its code, its label in English
    and in French (case and spacing ignored)."""

    def __init__(self, question: Question) -> None:
        words: dict[str, Any] = {}
        if question.type == "scale":
            codes: list[Any] = [1, 2, 3, 4, 5, DONT_KNOW]
        elif question.type == "yesno":
            codes = ["yes", "no"] + ([DONT_KNOW] if question.dont_know else [])
        else:
            codes = question.choice_ids()
        for code in codes:
            for lang in languages.codes():  # English and French first, then the others
                words.setdefault(_fold(value_label(question, code, lang)), code)
        for code in codes:  # a code wins over a label that happens to read the same
            words[_fold(str(code))] = code
        self.words = words
        self.type = question.type

    def code(self, text: str) -> Any:
        found = self.words.get(_fold(text))
        if found is None:
            if self.type == "scale":
                raise AnswerError(N_("choose a point from 1 to 5, or don't know"))
            if self.type == "yesno":
                raise AnswerError(N_("answer yes or no"))
            raise AnswerError(N_("{value} is not one of the choices"), value=text.strip())
        return found


def _number(text: Any) -> int | float:
    if isinstance(text, bool):
        raise AnswerError(N_("a number was expected"))
    if isinstance(text, (int, float)):
        return int(text) if float(text).is_integer() else text
    raw = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    try:
        if any(c in raw for c in ".,"):
            number = float(raw.replace(",", "."))
            return int(number) if number.is_integer() and "e" not in raw.lower() else number
        return int(raw)
    except ValueError as exc:
        raise AnswerError(N_("a number was expected")) from exc


def _parts(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def parse_cell(question: Question, cell: Any, vocab: Vocabulary) -> Any:
    """A one-cell answer back to its stored value (checked by the caller)."""
    t = question.type
    if t in ("text", "longtext"):
        return cell if isinstance(cell, str) else _plain(cell)
    text = cell if isinstance(cell, str) else _plain(cell)
    if t == "number":
        return _number(cell)
    if t in ("scale", "yesno", "single"):
        return vocab.code(text)
    if t in ("multi", "ranking"):
        return [vocab.code(p) for p in _parts(text)]
    if t == "votes":
        votes = {}
        for part in _parts(text):
            key, sep, count = part.rpartition("=")
            count = count.strip()
            if not sep or not (count.isascii() and count.isdigit()):
                raise AnswerError(N_("vote counts are written choice=number"))
            votes[vocab.code(key)] = int(count)
        return votes
    raise AnswerError(N_("unknown question type {type}"), type=t)


def _plain(cell: Any) -> str:
    """A cell a spreadsheet typed as a number, as text again (001 typed as 1 stays "1")."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def parse_option(question: Question, cell: Any) -> int:
    """A per-option cell: 0 or 1 for a multiple choice, a count for votes."""
    n = _number(cell)
    if not isinstance(n, int) or n < 0 or (question.type == "multi" and n > 1):
        raise AnswerError(N_("write 1 if chosen, 0 if not") if question.type == "multi"
                          else N_("a vote count must be a whole number of 0 or more"))
    return n


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


@dataclass
class Header:
    """Where each known column sits in a file's header row."""

    index: dict[str, int]  # key -> 0-based column
    questions: dict[str, Question]  # one-cell question columns
    options: dict[str, dict[str, int]]  # question id -> {choice id: column}
    others: dict[str, int]  # question id -> "please specify" column

    def covered(self, instrument: Instrument) -> set[str]:
        """The answer keys this file holds (a question whose column is absent has none)."""
        keys = set(self.questions) | set(self.options)
        return keys | {instrument.question(qid).other_key for qid in self.others}


def read_header(instrument: Instrument, cells: list[Any]) -> Header:
    errors: list[CellError] = []
    index: dict[str, int] = {}
    questions: dict[str, Question] = {}
    options: dict[str, dict[str, int]] = {}
    others: dict[str, int] = {}
    for col, raw in enumerate(cells):
        key = _plain(raw).strip() if not blank(raw) else ""
        if not key:
            continue
        if key in index:
            errors.append(CellError(1, col, key, N_("this column appears twice (also column "
                                                    "{other})"), {"other": column_letter(
                                                        index[key])}))
            continue
        index[key] = col
        qid, slash, option = key.partition("/")
        if key in LEAD or key in TAIL:
            continue
        if key.endswith(".other") and instrument.has_question(key[:-6]):
            question = instrument.question(key[:-6])
            if question.other:
                others[question.id] = col
                continue
        if not slash and instrument.has_question(key):
            questions[key] = instrument.question(key)
            continue
        if slash and instrument.has_question(qid):
            question = instrument.question(qid)
            if per_option(question) and option in question.choice_ids():
                options.setdefault(qid, {})[option] = col
                continue
        errors.append(CellError(1, col, key, N_(
            "not a question of this questionnaire (the header row must hold the question "
            "ids, as in an exported file)")))
    for qid in set(options) & set(questions):
        errors.append(CellError(1, index[qid], qid, N_(
            "this question has both a one-cell column and per-option columns")))
    unknown = [e for e in errors if e.problem.startswith("not a question")]
    if len(unknown) > max(3, len(questions) + len(options)):
        return_error = CellError(1, unknown[0].column, unknown[0].key, N_(
            "{n} columns are not questions of this questionnaire: this file is probably "
            "from a session that used another questionnaire"), {"n": len(unknown)})
        raise SheetImportError([return_error])
    if not questions and not options:
        errors.append(CellError(1, None, "", N_(
            "no column is a question of this questionnaire; is this the right file?")))
    if errors:
        raise SheetImportError(errors)
    return Header(index, questions, options, others)


def read_row(instrument: Instrument, header: Header, line: int, cells: list[Any],
             vocabs: dict[str, Vocabulary], errors: list[CellError]) -> dict[str, Any]:
    """One respondent's answers from one row; problems are appended to `errors`."""
    answers: dict[str, Any] = {}

    def cell(col: int) -> Any:
        return cells[col] if col < len(cells) else None

    for qid, question in header.questions.items():
        col = header.index[qid]
        raw = cell(col)
        if raw is None or raw == "" or (blank(raw) and not question.is_free_text):
            continue  # a written answer of spaces only is still the answer given
        try:
            vocab = vocabs.get(qid) or vocabs.setdefault(qid, Vocabulary(question))
            answers[qid] = check_answer(question, parse_cell(question, raw, vocab))
        except AnswerError as exc:
            errors.append(CellError(line, col, qid, exc.problem, exc.problem_values))
    for qid, by_choice in header.options.items():
        question = instrument.question(qid)
        counts: dict[str, int] = {}
        failed = False
        for choice, col in by_choice.items():
            raw = cell(col)
            if blank(raw):
                continue
            try:
                counts[choice] = parse_option(question, raw)
            except AnswerError as exc:
                failed = True
                errors.append(CellError(line, col, f"{qid}/{choice}", exc.problem,
                                        exc.problem_values))
        if failed or not counts:
            continue
        value: Any = ([c for c in question.choice_ids() if counts.get(c)]
                      if question.type == "multi" else
                      {c: n for c in question.choice_ids() if (n := counts.get(c, 0))})
        try:
            checked = check_answer(question, value)
        except AnswerError as exc:
            errors.append(CellError(line, min(by_choice.values()), qid, exc.problem,
                                    exc.problem_values))
            continue
        if checked:
            answers[qid] = checked
    for qid, col in header.others.items():
        raw = cell(col)
        if raw is None or raw == "":
            continue
        question = instrument.question(qid)
        try:
            answers[question.other_key] = check_text(
                raw if isinstance(raw, str) else _plain(raw), question.max_length or 500)
        except AnswerError as exc:
            errors.append(CellError(line, col, question.other_key, exc.problem,
                                    exc.problem_values))
    return answers
