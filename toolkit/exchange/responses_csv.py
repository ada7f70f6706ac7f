"""Responses as CSV: UTF-8 with a byte-order mark (so Excel shows accents), one row per
respondent, a header of question ids; multiple choices joined with ";".

Import checks every row against the session's questionnaire first and writes all rows in
one transaction, or nothing: errors name the row, the column and the problem.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.fileio import atomic_write_bytes
from toolkit.i18n import N_, _
from toolkit.questionnaire import Instrument, Question
from toolkit.questionnaire.answers import AnswerError, check_answer, check_text
from toolkit.sessions import Session, SessionService, SessionLockedError
from toolkit.store.migrations import utc_now

FIXED = ("respondent", "paper_number", "status")
MAX_ROWS = 20_000
MAX_BYTES = 50_000_000
SHOWN_ERRORS = 10


@dataclass(frozen=True)
class CellError:
    row: int  # 1 = the header line, as a spreadsheet numbers it
    column: str
    problem: str  # untranslated (N_), translated when shown
    values: dict = field(default_factory=dict)

    def text(self) -> str:
        return _(self.problem).format(**self.values)


class CsvImportError(ToolkitError):
    message = N_("The file was not imported; nothing was changed.")

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = errors
        super().__init__()

    def user_message(self) -> str:
        lines = [_(self.message)]
        for e in self.errors[:SHOWN_ERRORS]:
            lines.append(_("Row {row}, column {column}: {problem}").format(
                row=e.row, column=e.column or "-", problem=e.text()))
        if len(self.errors) > SHOWN_ERRORS:
            lines.append(_("… and {n} more problems.").format(n=len(self.errors) - SHOWN_ERRORS))
        return "\n".join(lines)


def columns(instrument: Instrument) -> list[str]:
    cols = list(FIXED)
    for q in instrument.questions:
        cols.append(q.id)
        if q.other:
            cols.append(q.other_key)
    return cols


def format_value(question: Question | None, value: Any) -> str:
    if value is None:
        return ""
    if question is None or question.type in ("text", "longtext"):
        return str(value)
    if question.type in ("multi", "ranking"):
        return ";".join(value)
    if question.type == "votes":
        return ";".join(f"{k}={v}" for k, v in value.items())
    return str(value)


def parse_value(question: Question, text: str) -> Any:
    text = text.strip()
    t = question.type
    if t == "scale":
        return int(text) if text.isdigit() else text
    if t in ("multi", "ranking"):
        return [part.strip() for part in text.split(";") if part.strip()]
    if t == "number":
        try:
            return float(text.replace(",", ".")) if any(c in text for c in ".,") else int(text)
        except ValueError as exc:
            raise AnswerError(N_("a number was expected")) from exc
    if t == "votes":
        votes = {}
        for part in filter(None, (p.strip() for p in text.split(";"))):
            key, _sep, count = part.partition("=")
            if not count.strip().isdigit():
                raise AnswerError(N_("vote counts are written choice=number"))
            votes[key.strip()] = int(count)
        return votes
    return text


def export_csv(service: SessionService, session: Session, target: Path) -> int:
    """Write the session's responses; returns the number of rows."""
    instrument = service.instrument(session)
    cols = columns(instrument)
    by_id = {q.id: q for q in instrument.questions}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(cols)
    all_answers = service.all_answers(session.id)
    respondents = service.respondents(session.id)
    for r in respondents:
        answers = all_answers[r.id]
        row = [r.number, r.paper_number or "", r.status]
        for col in cols[len(FIXED):]:
            row.append(format_value(by_id.get(col), answers.get(col)))
        writer.writerow(row)
    atomic_write_bytes(target, buffer.getvalue().encode("utf-8-sig"))
    return len(respondents)


def _read(path: Path) -> list[list[str]]:
    if path.stat().st_size > MAX_BYTES:
        raise CsvImportError([CellError(0, "", N_("the file is too large"))])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvImportError([CellError(0, "", N_(
            "the file is not UTF-8 text; save it as CSV UTF-8"))]) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # French Excel uses ;
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CsvImportError([CellError(0, "", N_("the file is not valid CSV: {reason}"),
                                        {"reason": str(exc)})]) from None


def import_csv(service: SessionService, session: Session, path: Path) -> int:
    """Check every row, then add them all as new respondents in one transaction."""
    if not session.is_open:
        raise SessionLockedError()
    instrument = service.instrument(session)
    rows = [r for r in _read(Path(path)) if any(cell.strip() for cell in r)]
    if not rows:
        raise CsvImportError([CellError(1, "", N_("the file is empty"))])
    header = [h.strip() for h in rows[0]]
    errors: list[CellError] = []
    known = set(columns(instrument))
    for name in header:
        if name not in known:
            errors.append(CellError(1, name, N_("not a question of this questionnaire")))
    if len(set(header)) != len(header):
        errors.append(CellError(1, "", N_("a column appears twice")))
    if len(rows) - 1 > MAX_ROWS:
        errors.append(CellError(0, "", N_("more than {n} rows"), {"n": MAX_ROWS}))
    if errors:
        raise CsvImportError(errors)
    by_id = {q.id: q for q in instrument.questions}
    parsed = []
    seen_paper: dict[str, int] = {}
    existing = {r.paper_number for r in service.respondents(session.id) if r.paper_number}
    for line, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            errors.append(CellError(line, "", N_("more cells than columns")))
            continue
        cells = dict(zip(header, row + [""] * (len(header) - len(row))))
        answers: dict[str, Any] = {}
        for col, text in cells.items():
            if col in FIXED or not text.strip():
                continue
            try:
                if col.endswith(".other"):
                    answers[col] = check_text(text.strip(), 500)
                else:
                    answers[col] = check_answer(by_id[col], parse_value(by_id[col], text))
            except AnswerError as exc:
                errors.append(CellError(line, col, exc.problem, exc.problem_values))
        paper = cells.get("paper_number", "").strip() or None
        if paper:
            if paper in existing:
                errors.append(CellError(line, "paper_number",
                                        N_("paper form {n} is already in this session"),
                                        {"n": paper}))
            elif paper in seen_paper:
                errors.append(CellError(line, "paper_number",
                                        N_("paper form {n} is also on row {row}"),
                                        {"n": paper, "row": seen_paper[paper]}))
            seen_paper[paper] = line
        status = cells.get("status", "").strip() or "complete"
        if status not in ("complete", "in_progress"):
            errors.append(CellError(line, "status", N_("status must be complete or in_progress")))
        parsed.append((paper, status, answers))
    if errors:
        raise CsvImportError(errors)
    return _insert(service, session, parsed)


def _insert(service: SessionService, session: Session, parsed: list) -> int:
    import uuid

    conn, now = service.conn, utc_now()
    with service.store.transaction():
        number = conn.execute("SELECT coalesce(max(number), 0) FROM respondents "
                              "WHERE session_id = ?", (session.id,)).fetchone()[0]
        for paper, status, answers in parsed:
            number += 1
            rid = str(uuid.uuid4())
            conn.execute("INSERT INTO respondents(id, session_id, number, paper_number, status, "
                         "created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                         (rid, session.id, number, paper, status, now, now))
            conn.executemany(
                "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                "VALUES (?, ?, ?, ?)",
                [(rid, qid, json.dumps(v, ensure_ascii=False), now) for qid, v in answers.items()])
        conn.execute("UPDATE sessions SET updated_at = ?, revision = revision + 1 WHERE id = ?",
                     (now, session.id))
    return len(parsed)
