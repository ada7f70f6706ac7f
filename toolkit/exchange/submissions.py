"""Submissions collected on phones (ODK Collect, KoboCollect) brought into a session.

The form on the phones was exported from one of our questionnaires (`toolkit instruments
export`), so its field names are our question ids. An ODK Central or KoboToolbox export
(CSV or XLSX) puts group names in front ("profile/age", "profile-age"): they are stripped.
select_multiple and rank answers are space-separated. Each submission's instanceID is kept
with its respondent, so importing the same export again (or a later export holding the same
submissions) adds only the new ones.

All or nothing: every row is checked first, and the errors name the row and the column; with
`check=True` nothing is written at all. The answers go through SessionService, which checks
each one again as it does for every other way answers arrive.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, ngettext
from toolkit.questionnaire.answers import check_answer, check_text
from toolkit.questionnaire.kinds import AnswerError, kind_of, kind_table
from toolkit.questionnaire.model import Instrument, Question
from toolkit.sessions import Session, SessionLockedError, SessionService

MAX_BYTES = 50_000_000
MAX_ROWS = 20_000
MAX_COLUMNS = 5_000
SHOWN_ERRORS = 10
SEPARATORS = ("/", "-", ".", ":")
KEY_NAMES = ("instanceid", "_uuid", "key", "uuid")
# Columns ODK Central and KoboToolbox add about each submission (not answers)
SYSTEM = {"submissiondate", "submitterid", "submittername", "attachmentspresent",
          "attachmentsexpected", "status", "reviewstate", "deviceid", "edits", "formversion",
          "start", "end", "today", "username", "instancename", "phonenumber", "simserial",
          "subscriberid", "email", "audit"}

# How each kind's answer is written by ODK: (question, cell text) -> answer value
CELLS = kind_table("odk")


@CELLS.register("scale", "single", "yesno", "text", "longtext", "number")
def _as_our_cell(question: Question, text: str) -> Any:
    return kind_of(question).parse_cell(question, text)


@CELLS.register("multi")
def _spaced(question: Question, text: str) -> list[str]:
    return text.split()


@CELLS.register("ranking")
def _ranked(question: Question, text: str) -> list[str]:
    """ODK's rank orders every choice; the questionnaire keeps the first `top`."""
    return text.split()[: question.top or None]


@CELLS.register("votes")
def _votes(question: Question, text: str) -> Any:
    raise AnswerError(N_("vote counts cannot come from a phone form"))


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: 1 is the header
    column: str
    problem: str
    values: dict = field(default_factory=dict)


class SubmissionsError(ToolkitError):
    message = N_("The submissions were not imported; nothing was changed.")

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__()

    def user_message(self) -> str:
        lines = [_(self.message)]
        for e in self.errors[:SHOWN_ERRORS]:
            lines.append(_("Row {row}, column {column}: {problem}").format(
                row=e.row, column=e.column or "-", problem=_(e.problem).format(**e.values)))
        if len(self.errors) > SHOWN_ERRORS:
            more = len(self.errors) - SHOWN_ERRORS
            lines.append(ngettext("… and {n} more problem.", "… and {n} more problems.",
                                  more).format(n=more))
        return "\n".join(lines)


@dataclass(frozen=True)
class SubmissionsResult:
    added: int
    unchanged: int
    checked_only: bool


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_table(path: Path) -> list[list[str]]:
    """The rows of a CSV (UTF-8, comma or semicolon) or of an XLSX's first sheet."""
    fail = lambda problem, **v: SubmissionsError([RowError(0, "", problem, v)])  # noqa: E731
    if path.stat().st_size > MAX_BYTES:
        raise fail(N_("the file is too large"))
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        import zipfile

        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise fail(N_("the file is not an XLSX workbook: {reason}"),
                       reason=str(exc)[:200]) from None
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
                rows.append([_cell(v) for v in row])
                if len(rows) > MAX_ROWS + 1:  # a sheet inflated beyond reason: stop reading
                    raise fail(N_("more than {n} rows"), n=MAX_ROWS)
        finally:
            workbook.close()
        return rows
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(N_("the file is not UTF-8 text; save it as CSV UTF-8")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Kobo's default is ;
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise fail(N_("the file is not valid CSV: {reason}"), reason=str(exc)) from None


def _strip_groups(name: str, groups: list[str]) -> str:
    changed = True
    while changed:
        changed = False
        for group in groups:
            for sep in SEPARATORS:
                if name.startswith(group + sep) and len(name) > len(group) + 1:
                    name, changed = name[len(group) + 1:], True
    return name


def map_columns(instrument: Instrument, header: list[str]) -> tuple[
        dict[int, str], int | None, list[RowError], list[int]]:
    """{column index: answers key}, the key column, problems with the header, and the
    columns that are none of these (an error only if they hold something)."""
    groups = sorted({s.id for s in instrument.sections} | {"meta"} |
                    {s.id.replace("-", "_") for s in instrument.sections}, key=len, reverse=True)
    by_name = {q.id: q for q in instrument.questions}
    columns: dict[int, str] = {}
    key_column: tuple[int, int] | None = None  # (preference, index)
    errors: list[RowError] = []
    unknown: list[int] = []
    for index, raw in enumerate(header):
        name = _strip_groups(raw.strip(), groups)
        lowered = name.lower()
        if lowered in KEY_NAMES:
            rank = KEY_NAMES.index(lowered)
            if key_column is None or rank < key_column[0]:
                key_column = (rank, index)
            continue
        if name in by_name:
            target = name
        elif name.endswith("_other") and name[:-6] in by_name and by_name[name[:-6]].other:
            target = by_name[name[:-6]].other_key
        elif "/" in name and name.split("/")[0] in by_name:
            continue  # Kobo's one column per choice, beside the space-separated one
        elif name.startswith("_") or lowered in SYSTEM or raw.strip().startswith("meta"):
            continue
        else:
            unknown.append(index)
            continue
        if target in columns.values():
            errors.append(RowError(1, raw, N_("two columns hold question {id}"), {"id": target}))
        columns[index] = target
    if key_column is None:
        errors.append(RowError(1, "", N_(
            "the file has no instanceID column (meta/instanceID, KEY or _uuid): export the "
            "submissions with it")))
    if not columns:
        errors.append(RowError(1, "", N_(
            "no column is a question of questionnaire {id}: export the submissions with the "
            "field names (XML values and headers), not the labels"), {"id": instrument.id}))
    return columns, None if key_column is None else key_column[1], errors, unknown


def _normal_key(text: str) -> str:
    text = text.strip()
    return text[5:] if text.lower().startswith("uuid:") else text


def import_submissions(service: SessionService, session: Session, path: Path | str,
                       check: bool = False) -> SubmissionsResult:
    """Check every submission, then add the new ones to the session in one transaction."""
    if not session.is_open:
        raise SessionLockedError()
    instrument = service.instrument(session)
    rows = [r for r in read_table(Path(path)) if any(c.strip() for c in r)]
    if not rows:
        raise SubmissionsError([RowError(1, "", N_("the file is empty"))])
    if len(rows) - 1 > MAX_ROWS:
        raise SubmissionsError([RowError(0, "", N_("more than {n} rows"), {"n": MAX_ROWS})])
    header = [h.strip() for h in rows[0]]
    columns, key_index, errors, unknown = map_columns(instrument, header)
    for index in unknown:  # a column we cannot place is an error only if it holds answers
        if any(index < len(r) and r[index].strip() for r in rows[1:]):
            errors.append(RowError(1, header[index], N_("not a question of this questionnaire")))
    if errors:
        raise SubmissionsError(errors)
    existing = service.keyed_respondents(session.id)
    stored = service.all_answers(session.id) if existing else {}
    seen: dict[str, int] = {}
    new: list[tuple[str, dict[str, Any]]] = []
    unchanged = 0
    for line, row in enumerate(rows[1:], start=2):
        cells = row + [""] * (len(header) - len(row))
        key = _normal_key(cells[key_index])
        if not key:
            errors.append(RowError(line, header[key_index], N_("the submission has no instanceID")))
            continue
        if key in seen:
            errors.append(RowError(line, header[key_index], N_(
                "submission {key} is also on row {row}"), {"key": key, "row": seen[key]}))
            continue
        seen[key] = line
        answers: dict[str, Any] = {}
        for index, target in columns.items():
            text = cells[index].strip()
            if not text:
                continue
            try:
                if target.endswith(".other"):
                    question = instrument.question(target[: -len(".other")])
                    answers[target] = check_text(text, question.max_length or 500)
                else:
                    question = instrument.question(target)
                    answers[target] = check_answer(question, CELLS.lookup(question.type)(
                        question, text))
            except AnswerError as exc:
                errors.append(RowError(line, header[index], exc.problem, exc.problem_values))
        if key in existing:
            if stored.get(existing[key]) == answers:
                unchanged += 1
            else:
                errors.append(RowError(line, header[key_index], N_(
                    "submission {key} is already in this session with other answers"),
                    {"key": key}))
            continue
        new.append((key, answers))
    if errors:
        raise SubmissionsError(errors)
    if not check and new:
        service.add_keyed_respondents(session.id, new)
    return SubmissionsResult(len(new), unchanged, check)
