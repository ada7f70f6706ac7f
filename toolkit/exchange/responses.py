"""Export a session's responses to CSV or XLSX, and import such a file back, idempotently.

Every exported row carries the respondent's id and revision. Importing matches rows to
respondents by that id: a respondent already in the session is updated when the file
differs (and refused if it changed here since the file was exported), left alone when it is
the same, so importing a file twice never doubles anyone. Rows without an id (typed by hand)
are new respondents; one with exactly the answers of a respondent already here is refused.
The whole file is checked before anything is written, then written in one transaction;
`check=True` only reports what would change.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.exchange import responses_csv, responses_xlsx
from toolkit.exchange.spreadsheet import (
    MULTI_LAYOUTS, RESPONDENT_STATUSES, VALUE_KINDS, CellError, Column, SheetImportError,
    SheetOptions, Vocabulary, blank, cell_value, column_letter, columns, file_error,
    read_header, read_row, value_label,
)
from toolkit.fileio import atomic_write_bytes
from toolkit import i18n, languages
from toolkit.i18n import N_, _, ngettext, translate
from toolkit.questionnaire import Instrument
from toolkit.sessions import Session, SessionLockedError, SessionService
from toolkit.store.migrations import utc_now
from toolkit.vocabulary import MODES, SESSION_STATUSES

FORMATS = ("csv", "xlsx")
MAX_ROWS = 20_000
MAX_BYTES = 50_000_000
# Copies of another session's respondents get ids derived from both, so importing the
# same file into the same session twice finds them again.
_COPY_NAMESPACE = uuid.UUID("6f1d2c1e-8a43-4d0e-9b1c-3c5e2f7a9d10")


def format_of(path: Path | str, fmt: str | None = None) -> str:
    """The format asked for, or the one the file's extension names (CSV by default)."""
    if fmt:
        if fmt not in FORMATS:
            raise file_error(N_("unknown format {fmt}: use csv or xlsx"), fmt=fmt)
        return fmt
    return "xlsx" if Path(path).suffix.lower() == ".xlsx" else "csv"


# --- export ---------------------------------------------------------------------------------
def _status_cell(status: str, options: SheetOptions) -> str:
    if options.values == "labels":
        return translate(options.language, RESPONDENT_STATUSES[status])
    return status


def table(service: SessionService, session: Session, options: SheetOptions
          ) -> tuple[list[Column], list[list[Any]]]:
    """The responses sheet: its columns and one row per respondent (header not included)."""
    instrument = service.instrument(session)
    cols = columns(instrument, options)
    revisions = dict(service.conn.execute(
        "SELECT id, revision FROM respondents WHERE session_id = ?", (session.id,)))
    all_answers = service.all_answers(session.id)
    fixed = {"community": session.community, "session_date": session.session_date}
    rows = []
    for r in service.respondents(session.id):
        answers = all_answers[r.id]
        own = {"respondent": r.number, "paper_number": r.paper_number,
               "status": _status_cell(r.status, options), "respondent_id": r.id,
               "revision": revisions[r.id], **fixed}
        rows.append([own[c.key] if c.question is None else cell_value(c, answers, options)
                     for c in cols])
    return cols, rows


def export_responses(service: SessionService, session: Session, target: Path | str,
                     fmt: str | None = None, options: SheetOptions | None = None) -> int:
    """Write the session's responses to `target`; returns the number of respondents."""
    target = Path(target)
    fmt = format_of(target, fmt)
    options = options or SheetOptions(language=session.language)
    cols, rows = table(service, session, options)
    header = [c.key for c in cols]
    if fmt == "csv":
        atomic_write_bytes(target, responses_csv.encode([header] + rows))
    else:
        lang = options.language
        responses_xlsx.write(target, [
            (translate(lang, N_("Responses")), [header] + rows, 40),
            (translate(lang, N_("Codebook")),
             codebook(service.instrument(session), cols, lang), 60),
            (translate(lang, N_("Session")), session_sheet(service, session, options), 70),
        ])
    return len(rows)


QUESTION_KINDS = {
    "scale": N_("Agreement scale (1 to 5, or don't know)"), "single": N_("One choice"),
    "multi": N_("Several choices"), "yesno": N_("Yes or no"), "number": N_("Number"),
    "text": N_("Short text"), "longtext": N_("Long text"), "ranking": N_("Ranking"),
    "votes": N_("Votes"),
}


def codebook(instrument: Instrument, cols: list[Column], lang: str) -> list[list[Any]]:
    """One row per column of the responses sheet, in the language of the export."""
    from toolkit.reports.labels import Lang, skip_rule_texts

    t = lambda m: translate(lang, m)  # noqa: E731
    header = [t(N_("Column (id)")), t(N_("Letter")), t(N_("Question (English)")),
              t(N_("Question (French)")), t(N_("Type")), t(N_("Codes and labels (English)")),
              t(N_("Codes and labels (French)")), t(N_("Skip rule (English)")),
              t(N_("Skip rule (French)"))]
    fixed = {
        "respondent": N_("Respondent number in the session"),
        "paper_number": N_("Paper form number (paper sessions)"),
        "status": N_("Respondent status: complete or in progress"),
        "community": N_("Community (not imported)"),
        "session_date": N_("Session date (not imported)"),
        "respondent_id": N_("Respondent id: keep it, so importing this file updates "
                            "these respondents instead of adding them again"),
        "revision": N_("Revision of the respondent when exported"),
    }
    both = Lang(languages.FALLBACKS)  # the codebook is English and French, for analysts
    rows: list[list[Any]] = [header]
    for i, c in enumerate(cols):
        letter = column_letter(i)
        q = c.question
        if q is None:
            rows.append([c.key, letter, *(translate(code, fixed[c.key])
                                           for code in both.codes), "", "", "", "", ""])
            continue
        number = instrument.numbers[q.id]
        texts = [f"{number}. {q.text(code)}" for code in both.codes]
        if c.other_text:
            kind = t(N_("Text: “Other (please specify)”"))
            codes = ["", ""]
        elif c.option is not None:
            kind = t(N_("1 if chosen, 0 if not") if q.type == "multi"
                     else N_("Number of votes"))
            codes = [f"{c.option} = {value_label(q, c.option, code)}" for code in both.codes]
        else:
            kind = t(QUESTION_KINDS.get(q.type, q.type))
            codes = ["; ".join(f"{k} = {value_label(q, k, code)}" for k in _codes(q))
                     for code in both.codes]
            if q.type == "number":
                codes = [f"{_n(q.minimum)} – {_n(q.maximum)}"] * 2
        skip = skip_rule_texts(instrument, q, both) or ["", ""]
        rows.append([c.key, letter, texts[0], texts[1], kind, codes[0], codes[1],
                     skip[0], skip[1]])
    return rows


def _codes(q) -> list[Any]:
    if q.type == "scale":
        return [1, 2, 3, 4, 5, "dk"]
    if q.type == "yesno":
        return ["yes", "no"] + (["dk"] if q.dont_know else [])
    return q.choice_ids()


def _n(x) -> str:
    return "" if x is None else (str(int(x)) if float(x).is_integer() else str(x))


def session_sheet(service: SessionService, session: Session, options: SheetOptions
                  ) -> list[list[Any]]:
    lang = options.language
    t = lambda m: translate(lang, m)  # noqa: E731
    instrument = service.instrument(session)
    created = service.conn.execute("SELECT created_at FROM sessions WHERE id = ?",
                                   (session.id,)).fetchone()[0]
    return [
        [t(N_("Field")), t(N_("Value"))],
        [t(N_("Community")), session.community],
        [t(N_("Session")), session.title or session.id],
        [t(N_("Session date")), session.session_date],
        [t(N_("Place")), session.place],
        [t(N_("Mode")), t(MODES[session.mode])],
        [t(N_("Language of the session")), _language_name(session.language)],
        [t(N_("Status")), t(SESSION_STATUSES[session.status])],
        [t(N_("Questionnaire")), f"{instrument.label(lang)} ({instrument.id})"],
        [t(N_("Questionnaire version")), str(instrument.version)],
        [t(N_("Questionnaire fingerprint")), instrument.content_hash],
        [t(N_("Respondents")), str(session.respondents)],
        [t(N_("Session created")), created],
        [t(N_("Exported")), utc_now()],
        [t(N_("Multiple choices")), t(MULTI_LAYOUTS[options.multi])],
        [t(N_("Answers written as")), t(VALUE_KINDS[options.values])],
        [t(N_("Session id")), session.id],
    ]


# --- import -------------------------------------------------------------------------------
@dataclass
class PlannedRow:
    line: int
    respondent_id: str
    paper: str | None
    status: str
    answers: dict[str, Any]
    number: int | None = None  # existing respondents: their number here


@dataclass
class ImportPlan:
    session: Session
    encoding: str = ""
    rows: int = 0
    new: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: int = 0
    applied: bool = False

    @property
    def changes(self) -> bool:
        return bool(self.new or self.updated)

    def lines(self) -> list[str]:
        """What the import does (or would do), in the interface language."""
        out = [ngettext("The file holds {n} respondent.", "The file holds {n} respondents.",
                        self.rows).format(n=self.rows)]
        if self.new:
            out.append((ngettext("{n} new respondent is added.",
                                 "{n} new respondents are added.", len(self.new))
                        if self.applied else
                        ngettext("{n} new respondent would be added.",
                                 "{n} new respondents would be added.", len(self.new))
                        ).format(n=len(self.new)))
        if self.updated:
            numbers = ", ".join(str(p.number) for p in self.updated[:20])
            more = "…" if len(self.updated) > 20 else ""
            out.append((ngettext("{n} respondent already in this session is updated "
                                 "(number {numbers}).",
                                 "{n} respondents already in this session are updated "
                                 "(numbers {numbers}).", len(self.updated))
                        if self.applied else
                        ngettext("{n} respondent already in this session would be updated "
                                 "(number {numbers}).",
                                 "{n} respondents already in this session would be updated "
                                 "(numbers {numbers}).", len(self.updated))
                        ).format(n=len(self.updated), numbers=numbers + more))
        if self.unchanged:
            out.append(ngettext("{n} respondent is already in this session, unchanged.",
                                "{n} respondents are already in this session, unchanged.",
                                self.unchanged).format(n=self.unchanged))
        if not self.changes:
            out.append(_("Nothing to change."))
        if self.encoding == "windows-1252":
            out.append(_("The file was read as Windows-1252 text (older Excel)."))
        return out


def read_cells(path: Path) -> tuple[list[list[Any]], str]:
    """The file's rows of cells (header first) and how its text was encoded."""
    path = Path(path)
    if path.stat().st_size > MAX_BYTES:
        raise file_error(N_("the file is too large"))
    with open(path, "rb") as fh:
        start = fh.read(80)
    if start.startswith(b"\xd0\xcf\x11\xe0") or (start.startswith(b"PK\x03\x04")
                                                  and b"opendocument" in start):
        raise file_error(N_("this is an older Excel (.xls) or an OpenDocument (.ods) file; "
                            "save it as XLSX or CSV and import that"))
    if start.startswith(b"PK\x03\x04"):
        return responses_xlsx.read_rows(path, MAX_ROWS), "xlsx"
    rows, encoding = responses_csv.decode_rows(path.read_bytes())
    return rows, encoding


def _uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text.strip()))
    except (ValueError, AttributeError):
        return None


def _revision(cell: Any) -> int | None | str:
    if blank(cell):
        return None
    text = str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else "bad"


def _same_paper(stored: str | None, given: str | None) -> bool:
    """001 saved by a spreadsheet as 1 is the same form."""
    if stored == given:
        return True
    return bool(stored and given and stored.isdigit() and given.isdigit()
                and stored.lstrip("0") == given.lstrip("0"))


def plan_import(service: SessionService, session: Session, path: Path | str) -> ImportPlan:
    """Check the whole file against the session; raise SheetImportError with every problem
    (row and column as the spreadsheet shows them), or return what importing would do."""
    if not session.is_open:
        raise SessionLockedError()
    instrument = service.instrument(session)
    cells, encoding = read_cells(Path(path))
    rows = [(line, row) for line, row in enumerate(cells, start=1)
            if any(not blank(c) for c in row)]
    if not rows or rows[0][0] != 1:
        raise file_error(N_("the file is empty, or its first row (the header) is empty"))
    if len(rows) - 1 > MAX_ROWS:
        raise file_error(N_("more than {n} rows"), n=MAX_ROWS)
    header = read_header(instrument, rows[0][1])
    width = len(rows[0][1])
    ix = header.index
    conn = service.conn
    here = {rid: (rev, number, paper, status) for rid, rev, number, paper, status in
            conn.execute("SELECT id, revision, number, paper_number, status FROM respondents "
                         "WHERE session_id = ?", (session.id,))}
    stored = service.all_answers(session.id)
    by_answers = {_key(instrument, a, p): here[rid][1] for rid, a in stored.items()
                  for p in [here[rid][2]] if p is None}
    papers_here = {p: rid for rid, (_r, _n, p, _s) in here.items() if p}
    status_vocab = _status_vocabulary()
    covered = header.covered(instrument)
    plan = ImportPlan(session, encoding, len(rows) - 1)
    errors: list[CellError] = []
    vocabs: dict[str, Vocabulary] = {}
    seen_ids: dict[str, int] = {}
    seen_papers: dict[str, int] = {}
    for line, row in rows[1:]:
        if len(row) > width and any(not blank(c) for c in row[width:]):
            errors.append(CellError(line, width, "", N_(
                "this row has more cells than the header has columns; a cell was probably "
                "split by a comma or semicolon")))
            continue

        def get(key: str, row: list = row) -> Any:  # used within this iteration only
            col = ix.get(key)
            return row[col] if col is not None and col < len(row) else None

        answers = read_row(instrument, header, line, row, vocabs, errors)
        rid_cell, target, existing = get("respondent_id"), None, None
        if not blank(rid_cell):
            file_id = _uuid(str(rid_cell))
            if file_id is None:
                errors.append(CellError(line, ix["respondent_id"], "respondent_id", N_(
                    "not a respondent id; leave it as exported, or empty for a new "
                    "respondent")))
                continue
            if file_id in seen_ids:
                errors.append(CellError(line, ix["respondent_id"], "respondent_id", N_(
                    "the same respondent is also on row {row}"), {"row": seen_ids[file_id]}))
                continue
            seen_ids[file_id] = line
            target = _target_id(conn, session.id, file_id, here)
            existing = here.get(target)
        paper_cell = get("paper_number")
        paper = None if blank(paper_cell) else _paper(paper_cell)
        status_cell = get("status")
        if blank(status_cell):
            status = existing[3] if existing else "complete"
        else:
            status = status_vocab.get(" ".join(str(status_cell).split()).casefold())
            if status is None:
                errors.append(CellError(line, ix["status"], "status", N_(
                    "the status must be complete or in progress")))
                continue
        if existing is not None:
            assert target is not None  # an existing respondent always has its id
            rev, number, stored_paper, stored_status = existing
            if _same_paper(stored_paper, paper) or "paper_number" not in ix:
                paper = stored_paper
            # a column left out of the file leaves its answers as they are
            answers = {**{k: v for k, v in stored[target].items() if k not in covered},
                       **answers}
            _keep_order(instrument, answers, stored[target])
            if answers == stored[target] and paper == stored_paper and status == stored_status:
                plan.unchanged += 1
                continue
            file_rev = _revision(get("revision"))
            if file_rev == "bad":
                errors.append(CellError(line, ix["revision"], "revision", N_(
                    "the revision must be a whole number, as exported")))
                continue
            if file_rev is not None and file_rev < rev:
                errors.append(CellError(line, ix["respondent_id"], "respondent_id", N_(
                    "respondent {n} was changed in this session after this file was exported; "
                    "export again and make the change in the new file"), {"n": number}))
                continue
        elif target is None and paper is None and _key(instrument, answers, None) in by_answers:
            errors.append(CellError(line, None, "", N_(
                "the same answers as respondent {n}, already in this session: was this file "
                "imported before? Keep the respondent_id column of exported files"),
                {"n": by_answers[_key(instrument, answers, None)]}))
            continue
        if paper is not None:
            owner = papers_here.get(paper)
            if owner is not None and owner != target:
                errors.append(CellError(line, ix["paper_number"], "paper_number", N_(
                    "paper form {n} is already in this session"), {"n": paper}))
            elif paper in seen_papers:
                errors.append(CellError(line, ix["paper_number"], "paper_number", N_(
                    "paper form {n} is also on row {row}"), {"n": paper,
                                                            "row": seen_papers[paper]}))
            seen_papers[paper] = line
        planned = PlannedRow(line, target or str(uuid.uuid4()), paper, status, answers)
        if existing is not None:
            planned.number = existing[1]
            plan.updated.append(planned)
        else:
            plan.new.append(planned)
    if errors:
        raise SheetImportError(errors)
    return plan


def _keep_order(instrument: Instrument, answers: dict, stored: dict) -> None:
    """A multiple choice read from 0/1 columns comes in the questionnaire's order; the
    order it was ticked in means nothing, so the same choices are the same answer."""
    for qid, value in answers.items():
        old = stored.get(qid)
        if (isinstance(value, list) and isinstance(old, list) and sorted(value) == sorted(old)
                and instrument.has_question(qid) and instrument.question(qid).type == "multi"):
            answers[qid] = old


def _paper(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return str(cell).strip()


def _key(instrument: Instrument, answers: dict, paper: str | None) -> str:
    """Equal for the same answers (the order of a multiple choice aside)."""
    multi = {k: sorted(v) for k, v in answers.items() if isinstance(v, list)
             and instrument.has_question(k) and instrument.question(k).type == "multi"}
    return json.dumps([{**answers, **multi}, paper], sort_keys=True, ensure_ascii=False)


def _status_vocabulary() -> dict[str, str]:
    words = {}
    for code, label in RESPONDENT_STATUSES.items():
        words[code] = code
        for lang in i18n.interface_codes():  # a status written in any interface language
            words[" ".join(translate(lang, label).split()).casefold()] = code
    words["in progress"] = "in_progress"
    return words


def _target_id(conn, session_id: str, file_id: str, here: dict) -> str:
    """The id this file's respondent has (or gets) in this session."""
    if file_id in here:
        return file_id
    copy = str(uuid.uuid5(_COPY_NAMESPACE, f"{session_id}:{file_id}"))
    if copy in here:
        return copy
    elsewhere = conn.execute("SELECT 1 FROM respondents WHERE id = ?", (file_id,)).fetchone()
    return copy if elsewhere else file_id


def apply_plan(service: SessionService, plan: ImportPlan) -> ImportPlan:
    """Write the plan in one transaction (all or nothing)."""
    if not plan.changes:
        plan.applied = True
        return plan
    conn, now, session = service.conn, utc_now(), plan.session
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with service.store.transaction():
        locked = conn.execute("UPDATE sessions SET updated_at = ?, revision = revision + 1 "
                              "WHERE id = ? AND status = 'open' AND deleted_at IS NULL",
                              (now, session.id))
        if locked.rowcount != 1:
            raise SessionLockedError()
        number = conn.execute("SELECT coalesce(max(number), 0) FROM respondents "
                              "WHERE session_id = ?", (session.id,)).fetchone()[0]
        for row in plan.new:
            number += 1
            conn.execute("INSERT INTO respondents(id, session_id, number, paper_number, status, "
                         "created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
                         (row.respondent_id, session.id, number, row.paper, row.status, now,
                          now))
            conn.executemany(
                "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                "VALUES (?, ?, ?, ?)",
                [(row.respondent_id, qid, encode(v), now) for qid, v in row.answers.items()])
        for row in plan.updated:
            old = service.answers(row.respondent_id)
            conn.execute("UPDATE respondents SET paper_number = ?, status = ?, updated_at = ?, "
                         "revision = revision + 1 WHERE id = ?",
                         (row.paper, row.status, now, row.respondent_id))
            gone = [qid for qid in old if qid not in row.answers]
            conn.executemany("DELETE FROM answers WHERE respondent_id = ? AND question_id = ?",
                             [(row.respondent_id, qid) for qid in gone])
            conn.executemany(
                "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(respondent_id, question_id) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at, "
                "revision = revision + 1",
                [(row.respondent_id, qid, encode(v), now) for qid, v in row.answers.items()
                 if old.get(qid) != v])
    plan.applied = True
    return plan


def import_responses(service: SessionService, session: Session, path: Path | str,
                     check: bool = False) -> ImportPlan:
    """Check the file, then (unless `check`) apply it; returns what was (or would be) done."""
    plan = plan_import(service, session, path)
    return plan if check else apply_plan(service, plan)


def _language_name(code: str) -> str:
    """A session's language by its native name (its code if this laptop does not know it)."""
    found = languages.find(code)
    return found.native_name if found else code
