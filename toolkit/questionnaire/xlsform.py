"""XLSForm in and out: questionnaires written in a spreadsheet, as ODK and Kobo users do.

Reading maps what the app's model can hold (docs/content-format.md lists it) and refuses
the rest with a message naming the sheet, the row and the column, before anything is kept.
The mapped definition then goes through the same loader as a bundled TOML file, so an
imported questionnaire obeys every rule a bundled one does.

Writing gives a form pyxform converts (tests check it), with the few things XLSForm has no
column for kept in `ccsc_*` columns that ODK tools ignore. Reading a written form back gives
the same definition, hence the same content hash.

openpyxl is imported only when a spreadsheet is read or written (start-up stays lean).
"""

from __future__ import annotations

import errno
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import languages
from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, translate
from toolkit.questionnaire.kinds import KINDS, kind_table
from toolkit.questionnaire.loader import InstrumentError, instrument_from_definition
from toolkit.questionnaire.model import DONT_KNOW, OTHER, Instrument, Question

LANGS = languages.FALLBACKS  # the languages every questionnaire has
LANG_HEADER = {lang.code: f"{lang.english_name} ({lang.code})" for lang in languages.registered()
               if lang.code in LANGS}  # XLSForm's "English (en)"


def _language_names() -> dict[str, str]:
    """Every way a column suffix may name a registered language: code, names, unaccented."""
    import unicodedata

    names: dict[str, str] = {}
    for lang in languages.registered():
        for name in (lang.code, lang.english_name, lang.french_name, lang.native_name):
            key = name.strip().lower()
            plain = "".join(c for c in unicodedata.normalize("NFD", key)
                            if not unicodedata.combining(c))
            names.setdefault(key, lang.code)
            names.setdefault(plain, lang.code)
    return names

MAX_ROWS = 5_000  # rows holding something, per sheet
MAX_SCAN = 100_000  # rows looked at, per sheet (empty rows included)
MAX_COLUMNS = 500
MAX_BYTES = 20_000_000
SCALE_LIST = "scale"
YESNO_LISTS = {("yes", "no"): False, ("yes", "no", DONT_KNOW): True}
INTRO = "intro"
METADATA_TYPES = {"start", "end", "today", "deviceid", "username", "email", "phonenumber",
                  "simserial", "subscriberid", "audit", "start-geopoint"}
REFUSED_COLUMNS = {"calculation", "choice_filter", "repeat_count", "default", "trigger",
                   "parameters", "read_only", "image", "audio", "video", "big-image"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_NUM = r"(-?\d+(?:\.\d+)?)"
_SHOW_ATOMS = (re.compile(r"^\$\{([A-Za-z_][\w.-]*)\}\s*=\s*(?:'([^']*)'|\"([^\"]*)\"|" + _NUM
                          + r")$"),
               re.compile(r"^selected\(\s*\$\{([A-Za-z_][\w.-]*)\}\s*,\s*(?:'([^']*)'|"
                          r"\"([^\"]*)\")\s*\)$"))


NO_TEXT = {"en": N_("no text in English: the app needs every text in English and French"),
           "fr": N_("no text in French: the app needs every text in English and French")}
NO_TITLE = {"en": N_("the questionnaire needs a title in English"),
            "fr": N_("the questionnaire needs a title in French")}


class XLSFormError(ToolkitError):
    """A spreadsheet the app cannot take as a questionnaire; nothing was kept."""

    message = N_("{file}: sheet {sheet}, row {row}, column {column}: {problem}")

    def __init__(self, file: str, sheet: str, row: int | str, column: str, problem: str,
                 **values: object) -> None:
        self.file, self.sheet, self.row, self.column = file, sheet, row, column
        self.problem, self.problem_values = problem, values
        super().__init__(file=file, sheet=sheet, row=row, column=column, problem=problem)

    def user_message(self) -> str:
        return _(self.message).format(file=self.file, sheet=self.sheet, row=self.row,
                                      column=self.column or "-",
                                      problem=_(self.problem).format(**self.problem_values))


class ExportError(ToolkitError):
    message = N_("Questionnaire {id} cannot be written as an XLSForm: question {question} "
                 "is of a kind XLSForm cannot hold ({type}).")


class UnwritableTextError(ToolkitError):
    message = N_("Questionnaire {id} cannot be written as an XLSForm: one of its texts holds "
                 "a control character that a spreadsheet cannot hold.")


# --- reading ---------------------------------------------------------------------------------

@dataclass
class _Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, Any]]]  # (spreadsheet row number, {column: value})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _normalize_header(name: str) -> str:
    """pyxform's spellings: "list name" = list_name, "label:English" = "label::English"."""
    name = " ".join(str(name).split())
    base, sep, lang = name.partition("::")
    if not sep and ":" in name:
        base, _sep, lang = name.partition(":")
        sep = "::"
    base = base.strip().lower().replace(" ", "_")
    return f"{base}::{lang.strip()}" if sep else base


def language_of(suffix: str) -> str | None:
    """"English (en)", "en", "english", "Français" -> a language code the app knows."""
    found = re.search(r"\(([A-Za-z-]+)\)\s*$", suffix)
    key = (found.group(1) if found else suffix).strip().lower()
    names = _language_names()
    return names.get(key) or names.get(key.split("-")[0])


def _read_workbook(path: Path, label: str) -> dict[str, _Sheet]:
    import zipfile

    import openpyxl

    if path.suffix.lower() == ".xls":
        raise XLSFormError(label, "-", "-", "", N_(
            "this is an old .xls workbook; save it as .xlsx and import that"))
    try:
        if path.stat().st_size > MAX_BYTES:
            raise XLSFormError(label, "-", "-", "", N_("the file is too large"))
        workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True,
                                          data_only=True)
    except XLSFormError:
        raise
    except FileNotFoundError as exc:
        raise XLSFormError(label, "-", "-", "", N_("the file does not exist")) from exc
    except OSError as exc:  # a folder, no permission...: the system's words stay English
        raise XLSFormError(label, "-", "-", "", N_("the file cannot be read ({reason})"),
                           reason=errno.errorcode.get(exc.errno or 0, "?")) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise XLSFormError(label, "-", "-", "", N_(
            "the file is not an XLSX workbook (save it as .xlsx from the spreadsheet "
            "program)")) from exc
    sheets: dict[str, _Sheet] = {}
    try:
        for ws in workbook.worksheets:
            name = ws.title.strip().lower()
            if name not in ("survey", "choices", "settings"):
                continue
            # A sheet's stated size is the file's word: read no more than a form can need.
            rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=MAX_SCAN)
            header = [_normalize_header(_cell(h)) for h in next(rows, ())]
            body = []
            for number, values in enumerate(rows, start=2):
                cells = {h: _cell(v).strip() for h, v in zip(header, values) if h}
                if any(cells.values()):
                    body.append((number, cells))
                    if len(body) > MAX_ROWS:
                        raise XLSFormError(label, name, number, "", N_(
                            "the sheet has more than {n} rows"), n=MAX_ROWS)
            sheets[name] = _Sheet(name, header, body)
    finally:
        workbook.close()
    if "survey" not in sheets:
        raise XLSFormError(label, "survey", "-", "", N_("the workbook has no survey sheet"))
    return sheets


@dataclass
class _Texts:
    """Columns of one translatable field (label, hint...) in one sheet."""

    field: str
    by_lang: dict[str, str] = field(default_factory=dict)  # code -> column name


class _Reader:
    def __init__(self, sheets: dict[str, _Sheet], label: str, fallback_id: str) -> None:
        self.sheets, self.label, self.fallback_id = sheets, label, fallback_id
        self.settings = sheets["settings"].rows[0][1] if sheets.get("settings") and \
            sheets["settings"].rows else {}
        self.settings_row = sheets["settings"].rows[0][0] if self.settings else 2
        # A column without a language is in default_language; ODK's "default" is English
        # unless the settings say otherwise.
        default = self.settings.get("default_language", "")
        self.default_lang = (language_of(default) if default else None) or "en"
        self.rows_of: dict[tuple[str, str], int] = {}  # ("question", id) -> survey row

    def fail(self, sheet: str, row: int | str, column: str, problem: str, **values) -> None:
        raise XLSFormError(self.label, sheet, row, column, problem, **values)

    # texts in each language
    def text_columns(self, sheet: _Sheet, name: str) -> dict[str, str]:
        columns: dict[str, str] = {}
        for header in sheet.header:
            base, sep, suffix = header.partition("::")
            if base != name:
                continue
            lang = language_of(suffix) if sep else self.default_lang
            if lang is not None:
                columns.setdefault(lang, header)
        return columns

    def texts(self, sheet: _Sheet, row: int, cells: dict, name: str, required: bool,
              columns: dict[str, str] | None = None) -> dict[str, str] | None:
        columns = self.text_columns(sheet, name) if columns is None else columns
        found = {lang: cells.get(col, "") for lang, col in columns.items()}
        if not any(found.values()) and not required:
            return None
        for lang in LANGS:
            if not found.get(lang):
                column = columns.get(lang) or f"{name}::{LANG_HEADER[lang]}"
                self.fail(sheet.name, row, column, NO_TEXT[lang])
        return {lang: found[lang] for lang in LANGS}

    def raw_texts(self, sheet: _Sheet, cells: dict, name: str) -> dict[str, str]:
        return {lang: cells.get(col, "") for lang, col in self.text_columns(sheet, name).items()}

    # the choices sheet
    def choice_lists(self) -> dict[str, list[tuple[int, str, dict[str, str]]]]:
        sheet = self.sheets.get("choices")
        lists: dict[str, list[tuple[int, str, dict[str, str]]]] = {}
        if sheet is None:
            return lists
        for column in sheet.header:
            base = column.partition("::")[0]
            if base in ("image", "audio", "video", "big-image", "media"):
                for row, cells in sheet.rows:
                    if cells.get(column):
                        self.fail(sheet.name, row, column, N_(
                            "pictures and sounds are not supported"))
        columns = self.text_columns(sheet, "label")
        for row, cells in sheet.rows:
            list_name, name = cells.get("list_name", ""), cells.get("name", "")
            if not list_name:
                self.fail(sheet.name, row, "list_name", N_("the choice has no list_name"))
            if not name:
                self.fail(sheet.name, row, "name", N_("the choice has no name"))
            lists.setdefault(list_name, []).append((row, name, self.raw_texts(sheet, cells,
                                                                             "label")))
        self._choice_columns = columns
        return lists

    def build(self) -> dict[str, Any]:
        survey = self.sheets["survey"]
        for need in ("type", "name"):
            if need not in survey.header:
                self.fail("survey", 1, need, N_("the survey sheet has no {header} column"),
                          header=need)
        for column in survey.header:
            base = column.partition("::")[0]
            if base in REFUSED_COLUMNS or base.startswith(("media", "bind")):
                for row, cells in survey.rows:
                    if cells.get(column):
                        self.fail("survey", row, column, N_(
                            "the column {header} is not supported by the app"), header=column)
        self.lists = self.choice_lists()
        intro: list[dict[str, str]] = []
        sections: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        implicit = 0
        rows = survey.rows
        skip: set[int] = set()
        for index, (row, cells) in enumerate(rows):
            if row in skip:
                continue
            qtype = " ".join(cells.get("type", "").split())
            lowered = qtype.lower()
            if not qtype:
                self.fail("survey", row, "type", N_("the row has no type"))
            if lowered in ("begin group", "begin_group"):
                if current is not None and current.get("_group"):
                    self.fail("survey", row, "type", N_(
                        "a group inside a group: the app has one level of sections"))
                if cells.get("relevant"):
                    self.fail("survey", row, "relevant", N_(
                        "a whole group cannot have a relevant condition; put it on each "
                        "question"))
                current = self.section(row, cells)
                sections.append(current)
                continue
            if lowered in ("end group", "end_group"):
                if current is None or not current.get("_group"):
                    self.fail("survey", row, "type", N_("end group without begin group"))
                current = None
                continue
            if lowered.startswith(("begin repeat", "begin_repeat", "begin loop",
                                   "end repeat", "end_repeat", "end loop")):
                self.fail("survey", row, "type", N_(
                    "repeats are not supported: the app asks each question once"))
            if lowered.split(" ")[0] in METADATA_TYPES:
                continue  # collected by the phone, not asked: nothing to keep
            if lowered == "note":
                note = self.texts(survey, row, cells, "label", True)
                if current is None and not sections:
                    intro.append(note)
                elif current is not None and not current["questions"]:
                    current["_intro"].append(note)
                else:
                    self.fail("survey", row, "type", N_(
                        "a note can stand only at the top of the form or of a group, where "
                        "the app shows it as an introduction"))
                continue
            if current is None:
                implicit += 1
                title = {code: translate(code, N_("Questions")) for code in LANGS}
                current = {"id": f"part-{implicit}", "title": title, "questions": [],
                           "_intro": []}
                sections.append(current)
            question, absorbed = self.question(row, cells, qtype, rows[index + 1:], current)
            skip |= absorbed
            current["questions"].append(question)
        if current is not None and current.get("_group"):
            self.fail("survey", current["_row"], "type", N_("begin group without end group"))
        if not intro:
            self.fail("survey", 2, "type", N_(
                "the form needs an introduction: a note at the top saying what the "
                "questionnaire is for, that it is anonymous and that answering is optional"))
        definition = self.settings_part()  # after the survey: its problems matter more
        definition["intro"] = _joined(intro)
        for section in sections:
            if not section["questions"]:
                self.fail("survey", section.get("_row", 2), "type", N_(
                    "the group has no questions"))
            if section["_intro"]:
                section["intro"] = _joined(section["_intro"])
            for key in ("_intro", "_group", "_row"):
                section.pop(key, None)
        definition["sections"] = sections
        return definition

    def settings_part(self) -> dict[str, Any]:
        s, row = self.settings, self.settings_row
        form_id = s.get("form_id", "") or self.fallback_id
        slug = form_id.strip().lower().replace("_", "-").replace(" ", "-")
        if not _SLUG.match(slug):
            self.fail("settings", row, "form_id", N_(
                "the form_id {id} must be letters, digits, hyphens or underscores, starting "
                "with a letter"), id=form_id)
        version_text = s.get("version", "") or "1"
        if not version_text.isdigit() or int(version_text) < 1:
            self.fail("settings", row, "version", N_(
                "the version must be a whole number of 1 or more, such as 2 or 2024061501"))
        kind = s.get("ccsc_kind", "") or "individual"
        if kind not in ("individual", "group"):
            self.fail("settings", row, "ccsc_kind", N_("ccsc_kind must be individual or group"))
        title = {}
        settings_sheet = self.sheets.get("settings")
        if settings_sheet is not None:
            title = {lang: s.get(col, "") for lang, col in
                     self.text_columns(settings_sheet, "ccsc_title").items()}
        if s.get("form_title") and not title.get(self.default_lang):
            title[self.default_lang] = s["form_title"]
        for lang in LANGS:
            if not title.get(lang) and settings_sheet is None:
                self.fail("settings", "-", "-", N_(
                    "the workbook has no settings sheet: add one with form_title, form_id, "
                    "version and ccsc_title::French (fr)"))
            if not title.get(lang):
                self.fail("settings", row, f"ccsc_title::{LANG_HEADER[lang]}", NO_TITLE[lang])
        return {"id": slug, "version": int(version_text), "kind": kind,
                "languages": list(LANGS), "title": {k: title[k] for k in LANGS}}

    def section(self, row: int, cells: dict) -> dict[str, Any]:
        name = cells.get("name", "")
        sid = name.lower().replace("_", "-")
        if not _SLUG.match(sid):
            self.fail("survey", row, "name", N_(
                "the group name {name} must start with a letter and use letters, digits, "
                "hyphens or underscores"), name=name)
        section: dict[str, Any] = {"id": sid}
        if cells.get("ccsc_guide"):
            section["guide"] = cells["ccsc_guide"]
        section["title"] = self.texts(self.sheets["survey"], row, cells, "label", True)
        note = self.texts(self.sheets["survey"], row, cells, "ccsc_note", False)
        if note:
            section["note"] = note
        section.update(questions=[], _intro=[], _group=True, _row=row)
        self.rows_of[("section", sid)] = row
        return section

    def question(self, row: int, cells: dict, qtype: str, following, section) -> tuple[
            dict[str, Any], set[int]]:
        survey = self.sheets["survey"]
        name = cells.get("name", "")
        if not _ID.match(name):
            self.fail("survey", row, "name", N_(
                "the question name {name} must start with a lowercase letter and use "
                "lowercase letters, digits and underscores"), name=name)
        self.rows_of[("question", name)] = row
        q: dict[str, Any] = {"id": name}
        words = _type_words(qtype)
        base = words[0].lower()
        other = len(words) == 3 and words[2].lower() == "or_other"
        if (base in ("select_one", "select_multiple", "rank") and len(words) not in (2, 3)) or \
                (len(words) == 3 and not other) or (base not in (
                    "select_one", "select_multiple", "rank") and len(words) > 1):
            self.fail("survey", row, "type", N_("the type {type} is not understood"),
                      type=qtype)
        constraint = " ".join(cells.get("constraint", "").split())
        absorbed: set[int] = set()
        if base in ("select_one", "select_multiple", "rank"):
            list_name = words[1]
            if list_name not in self.lists:
                self.fail("survey", row, "type", N_(
                    "the choice list {list} is not on the choices sheet"), list=list_name)
            items = self.lists[list_name]
            names = tuple(n for _r, n, _t in items)
            if base == "select_one" and list_name == SCALE_LIST:
                if names not in (("1", "2", "3", "4", "5"), ("1", "2", "3", "4", "5", "dk")) \
                        or other:
                    self.fail("choices", items[0][0], "name", N_(
                        "the list scale is the app's 5-point agreement scale: its names "
                        "must be 1, 2, 3, 4, 5 and dk"))
                q["type"] = "scale"
            elif base == "select_one" and names in YESNO_LISTS and not other:
                q["type"] = "yesno"
                if YESNO_LISTS[names]:
                    q["dk"] = True
            else:
                q["type"] = {"select_one": "single", "select_multiple": "multi",
                             "rank": "ranking"}[base]
                choices = []
                for crow, cname, texts in items:
                    if cname == OTHER:
                        other = True
                        continue
                    if not _ID.match(cname) or cname == DONT_KNOW:
                        self.fail("choices", crow, "name", N_(
                            "the choice name {name} must start with a lowercase letter and "
                            "use lowercase letters, digits and underscores (dk is kept for "
                            "don't know)"), name=cname)
                    full = self.texts(self.sheets["choices"], crow,
                                      {self._choice_columns[k]: v for k, v in texts.items()
                                       if k in self._choice_columns},
                                      "label", True, self._choice_columns)
                    choices.append({"id": cname, **full})
                if other and base == "rank":
                    self.fail("survey", row, "type", N_(
                        "or_other is not available for rank questions"))
                if other:
                    q["other"] = True
                    absorbed = _absorb_other(name, following)
                q["choices"] = choices
                if base == "select_multiple" and constraint:
                    found = re.fullmatch(r"count-selected\(\s*\.\s*\)\s*<=\s*(\d+)", constraint)
                    if not found:
                        self._bad_constraint(row, constraint)
                    q["max"] = int(found.group(1))
                    constraint = ""
                if base == "rank":
                    top = cells.get("ccsc_top", "")
                    if top and not top.isdigit():
                        self.fail("survey", row, "ccsc_top", N_(
                            "ccsc_top must be a whole number"))
                    q["top"] = int(top) if top else len(choices)
        elif base in ("integer", "int", "decimal"):
            q["type"] = "number"
            bounds = _bounds(constraint)
            if bounds is None:
                self.fail("survey", row, "constraint", N_(
                    "a number question needs a constraint giving its smallest and largest "
                    "values, such as . >= 0 and . <= 120"))
            q["min"], q["max"] = bounds
            constraint = ""
            if base != "decimal":
                q["integer"] = True
            unit = self.texts(survey, row, cells, "ccsc_unit", False)
            if unit:
                q["unit"] = unit
        elif base == "text":
            q["type"] = "longtext" if "multiline" in cells.get("appearance", "").split() \
                else "text"
            if constraint:
                found = re.fullmatch(r"string-length\(\s*\.\s*\)\s*<=\s*(\d+)", constraint)
                if not found:
                    self._bad_constraint(row, constraint)
                q["max_length"] = int(found.group(1))
                constraint = ""
        elif base == "calculate":
            self.fail("survey", row, "type", N_(
                "calculations are not supported: the app keeps only what people answer"))
        else:
            self.fail("survey", row, "type", N_(
                "the question type {type} is not supported by the app"), type=qtype)
        if constraint:
            self._bad_constraint(row, constraint)
        required = cells.get("required", "").lower()
        if required in ("yes", "true", "true()", "1"):
            q["required"] = True
        elif required not in ("", "no", "false", "false()", "0"):
            self.fail("survey", row, "required", N_(
                "required must be yes or no; a condition cannot be expressed"))
        q["label"] = self.texts(survey, row, cells, "label", True)
        hint = self.texts(survey, row, cells, "hint", False)
        if hint:
            q["help"] = hint
        if cells.get("relevant"):
            q["show_if"] = self.rule(row, cells["relevant"], section)
        if cells.get("ccsc_role"):
            q["role"] = cells["ccsc_role"].lower()  # checked by the loader
        return q, absorbed

    def _bad_constraint(self, row: int, constraint: str) -> None:
        self.fail("survey", row, "constraint", N_(
            "the constraint {expression} cannot be expressed in the app"),
            expression=constraint)

    def rule(self, row: int, expression: str, section) -> dict[str, Any]:
        parts = [p.strip() for p in re.split(r"\s+or\s+", _unwrap(" ".join(expression.split())))]
        target, values = None, []
        for part in parts:
            part = _unwrap(part)
            for pattern in _SHOW_ATOMS:
                found = pattern.fullmatch(part)
                if found:
                    break
            if not found or (target is not None and found.group(1) != target):
                self.fail("survey", row, "relevant", N_(
                    "the condition {expression} cannot be expressed by the app's skip rules: "
                    "use one earlier question, equal to one or more of its answers "
                    "(${{q}} = 'a' or ${{q}} = 'b', or selected(${{q}}, 'a'))"),
                    expression=expression)
            target = found.group(1)
            groups = found.groups()
            value = next((g for g in groups[1:] if g is not None), "")
            values.append(value)
        return {"question": target, "any_of": values, "_row": row}


def _type_words(qtype: str) -> list[str]:
    text = " ".join(qtype.split())
    legacy = re.fullmatch(r"(?i)(select one|select all that apply|select_one|select_multiple)"
                          r"(?: from)? (\S+)( or specify other)?", text)
    if legacy and " " in legacy.group(1):
        base = "select_one" if legacy.group(1).lower() == "select one" else "select_multiple"
        return [base, legacy.group(2)] + (["or_other"] if legacy.group(3) else [])
    return text.split(" ")


def _unwrap(text: str) -> str:
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def _bounds(constraint: str) -> tuple[int | float, int | float] | None:
    parts = [_unwrap(p) for p in re.split(r"\s+and\s+", _unwrap(constraint))] if constraint \
        else []
    lo = hi = None
    for part in parts:
        found = re.fullmatch(r"\.\s*(>=|<=)\s*" + _NUM, part)
        if not found:
            return None
        if found.group(1) == ">=":
            lo = _number(found.group(2))
        else:
            hi = _number(found.group(2))
    return None if lo is None or hi is None or len(parts) != 2 else (lo, hi)


def _absorb_other(name: str, following) -> set[int]:
    """The "please specify" text an ODK form asks after an `other` choice, written by hand
    (pyxform writes it itself for or_other): the app asks for it with the choice."""
    for row, cells in following[:1]:
        if cells.get("name") == f"{name}_other" and cells.get("type", "").strip() == "text":
            return {row}
    return set()


def _joined(texts: list[dict[str, str]]) -> dict[str, str]:
    return {lang: "\n\n".join(t[lang] for t in texts) for lang in LANGS}


def read_xlsform(path: Path | str) -> Instrument:
    """The questionnaire an XLSForm describes, fully checked; XLSFormError otherwise."""
    path = Path(path)
    label = path.name
    sheets = _read_workbook(path, label)
    reader = _Reader(sheets, label, path.stem)
    definition = reader.build()
    rules = [(s, q) for s in definition["sections"] for q in s["questions"] if "show_if" in q]
    for _section, q in rules:
        q["show_if"].pop("_row")
        _rule_values(definition, q)
    try:
        return instrument_from_definition(definition, label)
    except InstrumentError as exc:
        kind, name = exc.where
        row = reader.rows_of.get((kind, name), "-")
        column = ("relevant" if "show_if" in exc.problem
                  else "ccsc_role" if "report role" in exc.problem else "-")
        raise XLSFormError(label, "survey" if row != "-" else "settings", row, column,
                           exc.problem, **exc.problem_values) from exc


def _rule_values(definition: dict, question: dict) -> None:
    """Skip-rule values in the answer's own form: scale points are numbers."""
    rule = question["show_if"]
    target = next((q for s in definition["sections"] for q in s["questions"]
                   if q["id"] == rule["question"]), None)
    if target is not None and target.get("type") == "scale":
        rule["any_of"] = [int(v) if str(v).isdigit() else v for v in rule["any_of"]]


# --- writing ---------------------------------------------------------------------------------

SURVEY_COLUMNS = ["type", "name", *(f"label::{LANG_HEADER[k]}" for k in LANGS),
                  *(f"hint::{LANG_HEADER[k]}" for k in LANGS), "required", "relevant",
                  "constraint", "appearance", "ccsc_guide", "ccsc_top", "ccsc_role",
                  *(f"ccsc_unit::{LANG_HEADER[k]}" for k in LANGS),
                  *(f"ccsc_note::{LANG_HEADER[k]}" for k in LANGS)]
CHOICE_COLUMNS = ["list_name", "name", *(f"label::{LANG_HEADER[k]}" for k in LANGS)]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language", "ccsc_kind",
                    *(f"ccsc_title::{LANG_HEADER[k]}" for k in LANGS)]

# How each kind is written: (question) -> (type cell, extra cells, choice list or None).
WRITERS = kind_table("xlsform")


def _texts(prefix: str, text: dict[str, str] | None) -> dict[str, str]:
    return {f"{prefix}::{LANG_HEADER[k]}": text[k] for k in LANGS} if text else {}


def _choice_rows(list_name: str, question: Question) -> list[dict[str, str]]:
    return [{"list_name": list_name, "name": c.id, **_texts("label", c.text)}
            for c in question.choices]


def _app_labels(list_name: str, labels: dict[str, str], names) -> list[dict[str, str]]:
    return [{"list_name": list_name, "name": n,
             **_texts("label", {k: translate(k, labels[n]) for k in LANGS})} for n in names]


@WRITERS.register("scale")
def _write_scale(q: Question):
    kind = KINDS["scale"]
    return "select_one scale", {}, _app_labels(SCALE_LIST, kind.value_labels,
                                               ["1", "2", "3", "4", "5", "dk"])


@WRITERS.register("yesno")
def _write_yesno(q: Question):
    names = ["yes", "no", "dk"] if q.dont_know else ["yes", "no"]
    list_name = "yesno_dk" if q.dont_know else "yesno"
    return f"select_one {list_name}", {}, _app_labels(list_name, KINDS["yesno"].value_labels,
                                                      names)


def _select(base: str, q: Question, extra: dict[str, str] | None = None):
    other = " or_other" if q.other else ""
    return f"{base} {q.id}{other}", extra or {}, _choice_rows(q.id, q)


@WRITERS.register("single")
def _write_single(q: Question):
    return _select("select_one", q)


@WRITERS.register("multi")
def _write_multi(q: Question):
    most = {"constraint": f"count-selected(.) <= {q.max_choices}"} if q.max_choices else {}
    return _select("select_multiple", q, most)


@WRITERS.register("ranking")
def _write_ranking(q: Question):
    return _select("rank", q, {"ccsc_top": str(q.top)})


@WRITERS.register("number")
def _write_number(q: Question):
    extra = {"constraint": f". >= {q.minimum!r} and . <= {q.maximum!r}",
             **_texts("ccsc_unit", q.unit)}
    return ("integer" if q.integer else "decimal"), extra, []


def _length(q: Question) -> dict[str, str]:
    return {"constraint": f"string-length(.) <= {q.max_length}"} if q.max_length else {}


@WRITERS.register("text")
def _write_text(q: Question):
    return "text", _length(q), []


@WRITERS.register("longtext")
def _write_longtext(q: Question):
    return "text", {**_length(q), "appearance": "multiline"}, []


@WRITERS.register("votes")
def _write_votes(q: Question):
    return None  # no XLSForm type holds a count per choice: the export is refused


def _relevant(q: Question) -> str:
    """selected() reads a select_one's answer as well as a select_multiple's."""
    rule = q.show_if
    return " or ".join(f"selected(${{{rule.question}}}, '{v}')" for v in rule.any_of) \
        if rule else ""


def xlsform_rows(instrument: Instrument) -> dict[str, list[dict[str, str]]]:
    """The three sheets as rows of {column: text}."""
    taken = {q.id for q in instrument.questions} | {s.id for s in instrument.sections}

    def note_name(base: str) -> str:  # XLSForm names are unique; a note's is never read
        name = base
        while name in taken:
            name += "_note"
        taken.add(name)
        return name

    survey: list[dict[str, str]] = [{"type": "note", "name": note_name(INTRO),
                                     **_texts("label", instrument.intro)}]
    choices: list[dict[str, str]] = []
    lists: set[str] = set()
    for section in instrument.sections:
        survey.append({"type": "begin group", "name": section.id,
                       **_texts("label", section.title),
                       **({"ccsc_guide": section.guide} if section.guide else {}),
                       **_texts("ccsc_note", section.note)})
        if section.intro:
            survey.append({"type": "note",
                           "name": note_name(f"{section.id.replace('-', '_')}_intro"),
                           **_texts("label", section.intro)})
        for q in section.questions:
            written = WRITERS.lookup(q.type)(q)
            if written is None:
                raise ExportError(id=instrument.id, question=q.id, type=q.type)
            qtype, extra, rows = written
            list_name = rows[0]["list_name"] if rows else None
            if list_name and list_name not in lists:
                lists.add(list_name)
                choices.extend(rows)
            survey.append({"type": qtype, "name": q.id, **_texts("label", q.label),
                           **_texts("hint", q.help),
                           **({"required": "yes"} if q.required else {}),
                           **({"relevant": _relevant(q)} if q.show_if else {}),
                           **({"ccsc_role": q.role} if q.role else {}),
                           **extra})
        survey.append({"type": "end group"})
    settings = [{"form_title": instrument.title["en"], "form_id": instrument.id,
                 "version": str(instrument.version), "default_language": LANG_HEADER["en"],
                 "ccsc_kind": instrument.kind, **_texts("ccsc_title", instrument.title)}]
    return {"survey": survey, "choices": choices, "settings": settings}


def xlsform_bytes(instrument: Instrument) -> bytes:
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    sheets = xlsform_rows(instrument)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, columns in (("survey", SURVEY_COLUMNS), ("choices", CHOICE_COLUMNS),
                          ("settings", SETTINGS_COLUMNS)):
        ws = workbook.create_sheet(name)
        ws.append(columns)
        for row in sheets[name]:
            try:
                ws.append([row.get(c) or None for c in columns])
            except IllegalCharacterError:
                raise UnwritableTextError(id=instrument.id) from None
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # a label starting with "=" is text, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsform(instrument: Instrument, target: Path | str) -> None:
    from toolkit.fileio import atomic_write_bytes

    atomic_write_bytes(target, xlsform_bytes(instrument))
