"""The translation workbook: exported for one language, filled by a translator in any
spreadsheet (Excel, LibreOffice, Google Sheets), checked and imported back.

Sheet 1 has one row per string: its id (the import keys on it), where it appears, the
English, the French, the translation, and what must be kept as is ({name}, %(n)s). Sheet 2
names the language. On import every row is checked (placeholders kept, the language's
script, plural forms complete, no row lost); any error changes nothing and every problem is
reported with its row. On success the translation is written to the data folder
(translation/files.py), the previous one kept first in backups/.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from toolkit import __version__, i18n, languages
from toolkit.errors import InputError, ToolkitError
from toolkit.fileio import atomic_output
from toolkit.i18n import N_, _
from toolkit.translation import files
from toolkit.translation.strings import COUNT_PLACEHOLDERS, Entry, all_entries, placeholders

MAX_BYTES = 30_000_000
MAX_ROWS = 50_000
MAX_CELL = 10_000
COLUMNS = ("A", "B", "C", "D", "E", "F")  # id, where, English, French, translation, keep
TRANSLATION = 4  # index of the translation column (E)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"\w+")


class WorkbookError(InputError):
    message = N_("This workbook cannot be imported: {reason} Nothing was changed.")


class WorkbookProblems(ToolkitError):
    """Problems found row by row; nothing was changed. Each one is listed by the caller."""

    message = N_("The workbook was not imported: {n} problems, listed above. Nothing was "
                 "changed.")

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__(n=len(result.errors))

    def user_message(self) -> str:
        n = len(self.result.errors)
        return i18n.ngettext(
            "The workbook was not imported: {n} problem, listed above. Nothing was changed.",
            "The workbook was not imported: {n} problems, listed above. Nothing was changed.",
            n).format(n=n)


@dataclass(frozen=True)
class Problem:
    row: int | None  # the spreadsheet's row number (1 is the header)
    message: str  # untranslated (N_), with `values`
    values: tuple[tuple[str, str], ...] = ()
    error: bool = True  # False: a note (the import goes ahead)

    def text(self) -> str:
        said = _(self.message).format(**dict(self.values))
        if self.row is None:
            return said
        return _("Row {row}: {problem}").format(row=self.row, problem=said)


@dataclass
class ImportResult:
    code: str
    total: int = 0  # rows the app expects
    translated: int = 0
    untranslated_rows: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    def lines(self) -> list[str]:
        """The report, in the interface language: problems row by row, then the counts."""
        out = [p.text() for p in self.errors] + [p.text() for p in self.notes]
        name = languages.get(self.code).name(i18n.language())
        out.append(i18n.ngettext(
            "{name}: {done} of {n} string translated.",
            "{name}: {done} of {n} strings translated.", self.total).format(
                name=name, done=self.translated, n=self.total))
        if self.untranslated_rows:
            shown = ", ".join(map(str, self.untranslated_rows[:20]))
            more = "…" if len(self.untranslated_rows) > 20 else ""
            out.append(i18n.ngettext(
                "{n} row not translated yet (it shows in {fallback} meanwhile): row {rows}",
                "{n} rows not translated yet (they show in {fallback} meanwhile): rows {rows}",
                len(self.untranslated_rows)).format(
                    n=len(self.untranslated_rows), rows=shown + more,
                    fallback=languages.get(languages.get(self.code).fallback).name(
                        i18n.language())))
        if self.errors:
            return out
        if self.dry_run:
            out.append(_("Checked only (--dry-run): nothing was changed."))
        else:
            out.append(_("Imported: the translation is saved in the data folder."))
        return out


# --- export ------------------------------------------------------------------------------
def export_workbook(code: str, target: Path, store=None) -> int:
    """Write the workbook for `code`; the number of rows to translate."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = _target_language(code)
    entries = all_entries(code, store)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = _("Translation")[:31]
    header = [_("Id (do not change)"), _("Where it appears"), languages.get("en").native_name,
              languages.get("fr").native_name, f"{lang.native_name} ({lang.code})",
              _("Keep as is")]
    sheet.append(header)
    for entry in entries:
        keep = ", ".join(dict.fromkeys(placeholders(entry.english)))
        row = [entry.id, entry.where(), entry.english, entry.french, entry.current, keep]
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    fill = PatternFill("solid", fgColor="FFF2CC")
    wrap = Alignment(wrap_text=True, vertical="top")
    for widths, letter in zip((14, 28, 48, 48, 48, 16), COLUMNS):
        sheet.column_dimensions[letter].width = widths
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        row[TRANSLATION].fill = fill
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:F{sheet.max_row}"
    about = book.create_sheet(_("About")[:31])
    about.append([_("Language code"), lang.code])
    about.append([_("Language"), lang.native_name])
    about.append([_("Exported by"), f"CCSC toolkit {__version__}"])
    about.append([_("Exported on"), datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")])
    about.append([])
    for line in _instructions(lang):
        about.append([line])
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 40
    with atomic_output(target) as tmp:
        book.save(tmp)
    return len(entries)


def _instructions(lang) -> list[str]:
    return [
        _("How to fill this workbook"),
        _("Write the {language} text in column E of the first sheet, one row at a time. "
          "Leave a row empty if you have no translation yet: the app shows it in {fallback} "
          "meanwhile.").format(language=lang.native_name,
                               fallback=languages.get(lang.fallback).native_name),
        _("Keep exactly as they are the parts listed in column F, such as {name}: the app "
          "puts a name or a number there."),
        _("Do not change column A, and do not delete or add rows."),
        _("When you are done, save the file (as .xlsx) and import it in the app: Settings, "
          "Translations, Import a workbook. The app checks every row first."),
    ]


def _target_language(code: str):
    lang = languages.get(code)
    if lang.code == languages.SOURCE:
        raise WorkbookError(reason=N_("English is the language the app is written in; it "
                                      "needs no translation."))
    return lang


# --- import ------------------------------------------------------------------------------
def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def read_rows(path: Path) -> tuple[str | None, list[tuple[int, list[str]]]]:
    """(language code from the workbook, [(row number, six cells as text)])."""
    import zipfile

    import openpyxl

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(reason=N_("the file cannot be read.")) from exc
    if size > MAX_BYTES:
        raise WorkbookError(reason=N_("the file is too large to be a translation workbook."))
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise WorkbookError(reason=N_("it is not an Excel workbook (.xlsx) the app can "
                                      "read.")) from exc
    try:
        sheets = book.worksheets
        if not sheets:
            raise WorkbookError(reason=N_("it has no sheet."))
        rows = []
        for number, row in enumerate(sheets[0].iter_rows(values_only=True), start=1):
            if number > MAX_ROWS:
                raise WorkbookError(reason=N_("it has more rows than a translation workbook."))
            cells = [_text(v) for v in list(row)[:len(COLUMNS)]]
            cells += [""] * (len(COLUMNS) - len(cells))
            if number > 1 and any(cells):
                rows.append((number, cells))
        code = None
        if len(sheets) > 1:
            for row in sheets[1].iter_rows(min_row=1, max_row=1, values_only=True):
                code = _text(row[1]).strip() if len(row) > 1 else None
        if not code and rows is not None:
            header = next(sheets[0].iter_rows(min_row=1, max_row=1, values_only=True), ())
            found = re.search(r"\(([a-z]{2,3})\)\s*$", _text(header[TRANSLATION])
                              if len(header) > TRANSLATION else "")
            code = found.group(1) if found else None
        return code, rows
    finally:
        book.close()


def check_workbook(path: Path, store=None) -> tuple[ImportResult, dict[str, dict]]:
    """Every row checked against what the app expects; (result, translations by domain)."""
    code, rows = read_rows(path)
    if not code or languages.find(code) is None:
        raise WorkbookError(reason=N_("it does not say which language it is for (sheet 2, "
                                      "cell B1, holds the language code)."))
    lang = _target_language(code)
    expected = {e.id: e for e in all_entries(code, store)}
    result = ImportResult(code=code, total=len(expected))
    seen: dict[str, int] = {}
    chosen: dict[str, tuple[Entry, str, int]] = {}
    for number, cells in rows:
        rid, translation = cells[0].strip(), cells[TRANSLATION]
        if not rid:
            if translation.strip():
                result.problems.append(Problem(number, N_(
                    "the id in column A is empty, so the app cannot tell what this "
                    "translates. Copy the row's id back from a new export.")))
            continue
        if rid in seen:
            result.problems.append(Problem(number, N_(
                "the id {id} is also on row {other}: one row per id."),
                (("id", rid), ("other", str(seen[rid])))))
            continue
        seen[rid] = number
        entry = expected.get(rid)
        if entry is None:
            result.problems.append(Problem(number, N_(
                "the id {id} is not one this version of the app knows (changed by hand, or "
                "from another version): the row was left out."), (("id", rid),), error=False))
            continue
        if translation.strip():
            for problem in check_text(entry, translation, lang):
                result.problems.append(Problem(number, problem[0], problem[1]))
        chosen[rid] = (entry, translation, number)
    for rid, entry in expected.items():
        if rid not in seen:
            result.problems.append(Problem(None, N_(
                "the row for “{text}” (id {id}) is missing: put it back (copy it from a new "
                "export of the workbook)."), (("text", _short(entry.english)), ("id", rid))))
    translations, done, untranslated = _collect(chosen, result)
    result.translated = done
    result.untranslated_rows = untranslated
    return result, translations


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def check_text(entry: Entry, text: str, lang) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """What is wrong with one translation (untranslated messages with their values)."""
    problems: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    if len(text) > MAX_CELL:
        problems.append((N_("the translation is too long (more than {n} characters)."),
                         (("n", str(MAX_CELL)),)))
    if _CONTROL.search(text):
        problems.append((N_("the translation holds invisible control characters; type it "
                            "again without them."), ()))
    want = sorted(set(placeholders(entry.english)))
    have = sorted(set(placeholders(text)))
    optional = COUNT_PLACEHOLDERS if entry.plural_index is not None else frozenset()
    lost = [p for p in want if p not in have and p not in optional]
    added = [p for p in have if p not in want]
    if lost:
        problems.append((N_("keep {parts} exactly as in the English: the app puts a name or "
                            "a number there."), (("parts", ", ".join(lost)),)))
    if added:
        problems.append((N_("{parts} is not in the English: remove it, or write it without "
                            "braces."), (("parts", ", ".join(added)),)))
    strange = foreign_letters(text, lang, entry)
    if strange:
        problems.append((N_("the letters {letters} are not written in {script}, the "
                            "writing of {language}."), (
            ("letters", " ".join(strange[:8])), ("script", script_name(lang.script)),
            ("language", lang.native_name))))
    return problems


SCRIPT_NAMES = {"Latn": N_("Latin letters"), "Cans": N_("Canadian syllabics")}


def script_name(script: str) -> str:
    return _(SCRIPT_NAMES.get(script, script))


def _script_of(char: str) -> str | None:
    """Latn, Cans, another script's first word, or None for neutral characters."""
    category = unicodedata.category(char)
    if not category.startswith("L") or category == "Lm":
        return None  # digits, punctuation, marks, modifier letters (ʼ) belong to every script
    name = unicodedata.name(char, "")
    if name.startswith("CANADIAN SYLLABICS"):
        return "Cans"
    if "LATIN" in name:
        return "Latn"
    return name.split(" ")[0] or "?"


def foreign_letters(text: str, lang, entry: Entry) -> list[str]:
    """Letters of another script than the language's. Words kept from the English or the
    French (names such as CCSC or PDF) and the placeholders are allowed."""
    kept = set(_WORD.findall(entry.english)) | set(_WORD.findall(entry.french))
    for part in placeholders(text):
        text = text.replace(part, " ")
    found: list[str] = []
    for word in _WORD.findall(text):
        if word in kept:
            continue
        for char in word:
            script = _script_of(char)
            if script is not None and script != lang.script and char not in found:
                found.append(char)
    return found


def _collect(chosen: dict[str, tuple[Entry, str, int]], result: ImportResult):
    """Translations by domain and key; plural forms complete or refused."""
    translations: dict[str, dict] = {domain: {} for domain in files.DOMAINS}
    plurals: dict[tuple, list[tuple[Entry, str, int]]] = {}
    done = 0
    untranslated = []
    for entry, text, number in chosen.values():
        if entry.plural_index is not None:
            plurals.setdefault((entry.domain, entry.key), []).append((entry, text, number))
            continue
        if text.strip():
            translations[entry.domain][entry.key] = text
            done += 1
        else:
            untranslated.append(number)
    for (domain, key), forms in plurals.items():
        forms.sort(key=lambda f: f[0].plural_index or 0)
        filled = [f for f in forms if f[1].strip()]
        if filled and len(filled) < len(forms):
            for _entry, text, number in forms:
                if not text.strip():
                    result.problems.append(Problem(number, N_(
                        "this plural form is empty while the other forms of the same "
                        "message are filled: fill it too."), ()))
            continue
        if filled:
            translations[domain][key] = tuple(f[1] for f in forms)
            done += len(forms)
        else:
            untranslated.extend(f[2] for f in forms)
    return translations, done, sorted(untranslated)


def import_workbook(path: Path, store=None, dry_run: bool = False,
                    data_folder: Path | None = None) -> ImportResult:
    """Check the workbook; unless a problem was found (WorkbookProblems) or `dry_run`,
    save it as the language's translation (the previous one backed up first)."""
    result, translations = check_workbook(path, store)
    result.dry_run = dry_run
    if result.errors:
        raise WorkbookProblems(result)
    if dry_run:
        return result
    from toolkit.store.backups import backup_languages

    base = data_folder or languages.data_folder()
    if base is None:
        raise WorkbookError(reason=N_("no data folder is open."))
    backup_languages(base, reason="before-import")
    header = _plural_header(result.code)
    for domain in files.DOMAINS:
        data = files.po_bytes(result.code, translations[domain], header)
        result.written.append(files.write(result.code, domain, data, base))
    i18n.reload()
    return result


def _plural_header(code: str) -> str:
    from toolkit.translation.strings import plural_forms_header

    return plural_forms_header(code)
