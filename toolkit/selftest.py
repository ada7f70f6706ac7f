"""`toolkit --self-test`: prove, with no display and no network, that an install has everything.

Made for the packaged bundle: a file PyInstaller left out (a catalog, a font, a Qt plugin, a
module imported only by name) shows up here as a named failure instead of as a crash in front
of a community worker. It works in a temporary data folder and never opens the real one.

The steps are a list of named checks, each run whatever happened to the ones before, each
printing one line (`<title>: ok` or `<title>: FAILED: <why>`); the exit code is 0 only when
every step passed. A step is `Step(key, title, "module:function")`: the function receives
the `SelfTest` (temporary folders, the open data folder) and raises to fail. Steps are named
by string and imported when they run, so a step that needs Qt lives under toolkit/ui and the
core stays free of Qt. To add a step, write its function and append it to STEPS.
"""

from __future__ import annotations

import importlib
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import toolkit
from toolkit import languages
from toolkit.errors import ToolkitError, describe
from toolkit.i18n import N_, _, ngettext

GUIDES_DIR = Path(toolkit.__file__).resolve().parent / "guides" / "content"
GUIDE_LANGUAGES = languages.FALLBACKS  # the guides are written in English and French
# Text in every script our users type, drawn into the test PDF (Latin with diacritics, syllabics).
SAMPLE_TEXT = "Montréal · Wendake · Kahnawà:ke · ᐃᓄᒃᑎᑐᑦ · ᓀᐦᐃᔭᐍᐏᐣ"


class SelfTestError(ToolkitError):
    """A self-test check that found something missing or wrong (already translated)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.args = (text,)

    def user_message(self) -> str:
        return self.text


@dataclass(frozen=True)
class Step:
    key: str
    title: str  # marked with N_(), translated when printed
    target: str  # "module:function"

    def function(self) -> Callable[[SelfTest], None]:
        module, _sep, name = self.target.partition(":")
        return getattr(importlib.import_module(module), name)


@dataclass
class SelfTest:
    """What the steps share: a temporary root folder, the data folder open in it, results."""

    root: Path
    kit: Any = None  # toolkit.context.Toolkit, opened by the data-folder step
    sessions: list = field(default_factory=list)  # demo sessions, made by the demo step
    notes: dict[str, Any] = field(default_factory=dict)  # anything a step leaves for another

    def folder(self, name: str) -> Path:
        """A fresh folder inside the temporary root (a second data folder, an export...)."""
        path = self.root / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def close(self) -> None:
        if self.kit is not None:
            self.kit.close(backup=False)
            self.kit = None


def fail(message: str, /, **values: object) -> None:
    """Raise a translated self-test failure (`message` marked with N_()). Positional only:
    a message may have a {problem} placeholder of its own."""
    raise SelfTestError(_(message).format(**values))


# --- the steps -------------------------------------------------------------------------------

def check_data_folder(test: SelfTest) -> None:
    """Create a data folder, the database with every migration, and the settings file."""
    from toolkit.context import Toolkit
    from toolkit.store.migrations import MIGRATIONS

    test.kit = Toolkit(test.folder("data"))
    store = test.kit.open_store()
    test.kit.save_settings()
    if store.schema_version != MIGRATIONS[-1].version:
        fail(N_("the database is at schema {found}, expected {expected}"),
             found=store.schema_version, expected=MIGRATIONS[-1].version)


def check_assets(test: SelfTest) -> None:
    """Every font, icon and licence file is installed (named if not: a wheel built without
    its assets used to fail later as a "missing SVG plugin")."""
    from toolkit.paths import assets_dir, missing_assets

    missing = missing_assets()
    if missing:
        fail(N_("bundled files missing from {path}: {count}, the first {name}"),
             count=len(missing), path=assets_dir(), name=missing[0])


def check_questionnaires(test: SelfTest) -> None:
    """Every questionnaire in the catalogue (each shipped version, each imported one) loads
    and validates, in both languages."""
    from toolkit.questionnaire.catalogue import BUNDLED, Catalogue, bundled_dir, bundled_files

    files = bundled_files()
    if not files:
        fail(N_("no questionnaire found in {path}"), path=bundled_dir())
    entries = Catalogue(test.kit.store if test.kit else None).entries(every_version=True)
    shipped = [e for e in entries if e.origin == BUNDLED]
    if len(shipped) != len(files):
        fail(N_("{found} of {expected} questionnaires loaded"),
             found=len(shipped), expected=len(files))
    for entry in entries:
        if not entry.instrument.questions:
            fail(N_("questionnaire {name} has no questions"), name=entry.instrument.id)


def guide_front_matter(path: Path) -> dict[str, Any]:
    """The TOML block between the two `+++` lines that open a guide file."""
    text = path.read_text(encoding="utf-8")
    parts = text.split("+++", 2)
    if not text.startswith("+++") or len(parts) < 3:
        fail(N_("{path} does not start with a +++ block"), path=path.name)
    try:
        meta = tomllib.loads(parts[1])
    except tomllib.TOMLDecodeError as exc:
        fail(N_("{path} cannot be read: {reason}"), path=path.name, reason=exc)
    if not str(meta.get("title", "")).strip() or not parts[2].strip():
        fail(N_("{path} has no title or no text"), path=path.name)
    return meta


def check_guides(test: SelfTest) -> None:
    """Every guide, worksheet and the glossary is there in both languages and readable."""
    slugs = {}
    for lang in GUIDE_LANGUAGES:
        files = sorted((GUIDES_DIR / lang).glob("*.md"))
        if not files:
            fail(N_("no guide found in {path}"), path=GUIDES_DIR / lang)
        slugs[lang] = {path.stem for path in files}
        for path in files:
            guide_front_matter(path)
    first, second = GUIDE_LANGUAGES
    missing = slugs[first] ^ slugs[second]
    if missing:
        fail(N_("guide {name} is not in both languages"), name=sorted(missing)[0])
    test.notes["guides"] = len(slugs[first])


def check_languages(test: SelfTest) -> None:
    """Interface catalogs for every language, and Babel's dates and numbers for Canada."""
    from datetime import date

    from babel import localedata

    from toolkit import i18n

    for lang in i18n.interface_codes():
        if lang != i18n.DEFAULT_LANGUAGE and i18n.translate(lang, "Home") == "Home":
            fail(N_("the {lang} catalog is missing"), lang=lang)
        locale = i18n.babel_locale(lang)
        if not localedata.exists(locale):
            fail(N_("the date and number formats for {lang} are missing"), lang=locale)
    day = date(2026, 11, 25)
    dates = {lang: i18n.format_date(day, lang) for lang in i18n.interface_codes()}
    if len(set(dates.values())) != len(dates) or not all("2026" in d for d in dates.values()):
        fail(N_("dates are not formatted per language: {dates}"), dates=dates)
    if i18n.format_number(1234.5, "fr") == i18n.format_number(1234.5, "en"):
        fail(N_("numbers are not formatted per language"))


def check_pdf(test: SelfTest) -> None:
    """PDFs with our embedded fonts hold text in every script users type (canvas and
    flowing paragraphs, the two ways reports are drawn)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from toolkit.pdf.fonts import SANS, draw_string, markup, missing_glyphs, register_fonts

    register_fonts()
    missing = missing_glyphs(SAMPLE_TEXT)
    if missing:
        fail(N_("the fonts have no glyph for {chars}"), chars="".join(missing))
    drawn = test.folder("pdf") / "canvas.pdf"
    canvas = Canvas(str(drawn))
    draw_string(canvas, 72, 720, SAMPLE_TEXT, 12)
    canvas.save()
    flowing = test.folder("pdf") / "paragraphs.pdf"
    style = ParagraphStyle("body", fontName=SANS, fontSize=11)
    SimpleDocTemplate(str(flowing)).build(
        [Paragraph(f"<b>{markup(SAMPLE_TEXT, bold=True)}</b>", style),
         Paragraph(markup(SAMPLE_TEXT), style)])
    for path in (drawn, flowing):
        data = path.read_bytes()
        if not data.startswith(b"%PDF") or b"FontFile2" not in data:
            fail(N_("the PDF was not written with embedded fonts"))


def check_demo(test: SelfTest) -> None:
    """The demo community's sessions, written through the sessions service."""
    from toolkit.demo import RESPONDENTS, add_demo
    from toolkit.sessions import SessionService

    if test.kit is None:
        fail(N_("no data folder is open"))
    service = SessionService(test.kit.store)
    test.sessions = add_demo(service)
    survey = test.sessions[0]
    if len(service.respondents(survey.id)) != RESPONDENTS:
        fail(N_("wrong number of respondents in the demo session: {found}, expected {expected}"),
             found=len(service.respondents(survey.id)), expected=RESPONDENTS)


def check_exchange(test: SelfTest) -> None:
    """Export the demo sessions, encrypted with a passphrase, and import them into a second
    folder: proves the bundle carries the zip, checksum and AES-GCM/scrypt parts."""
    from toolkit.context import Toolkit
    from toolkit.exchange.export import export_package, preview
    from toolkit.exchange.importer import import_file
    from toolkit.sessions import SessionService

    if not test.sessions:
        fail(N_("there are no demo sessions to export"))
    ids = [s.id for s in test.sessions]
    pv = preview(test.kit.store, ids, "responses", test.kit.settings.small_group_threshold)
    package = test.folder("export") / "demo.ccsc"
    export_package(test.kit.store, pv, package, passphrase="self-test passphrase")
    second = Toolkit(test.folder("second"))
    try:
        result = import_file(second.open_store(), package, passphrase="self-test passphrase")
        got = SessionService(second.store)
        for session in test.sessions:
            if len(got.respondents(session.id)) != len(
                    SessionService(test.kit.store).respondents(session.id)):
                fail(N_("the imported session {name} lost respondents"), name=session.title)
        if not result.changed:
            fail(N_("the import changed nothing"))
    finally:
        second.close(backup=False)


def check_guide_library(test: SelfTest) -> None:
    """every guide parsed by the app's own loader, and the set checked
    (translations, structure, links). Written against toolkit.guides.library on main."""
    from toolkit.guides.library import Library

    library = Library.load(GUIDES_DIR)
    if not library.all_pieces():
        fail(N_("no guide found in {path}"), path=GUIDES_DIR)
    problems = library.problems()
    if problems:
        fail(N_("the guides have a problem: {problem}"), problem=problems[0])


def check_report(test: SelfTest) -> None:
    """the demo survey's bilingual summary report, as a PDF
    (reports.summary.build_summary_report with ReportOptions(lang="bilingual"), as on main)."""
    from toolkit.reports.summary import ReportOptions, build_summary_report

    if not test.sessions:
        fail(N_("there are no demo sessions to report on"))
    out = test.folder("reports") / "demo-bilingual.pdf"
    options = ReportOptions(lang="bilingual", threshold=test.kit.settings.small_group_threshold)
    result = build_summary_report(test.kit.store, [test.sessions[0].id], out, options)
    test.notes["report"] = out
    data = out.read_bytes()
    if result.pages < 1 or not data.startswith(b"%PDF") or b"FontFile2" not in data:
        fail(N_("the report was not written as a PDF with embedded fonts"))


def check_spreadsheet(test: SelfTest) -> None:
    """the demo survey exported as XLSX and checked for import into a new session: proves
    the bundle carries openpyxl and the XML parser it reads with."""
    from toolkit.exchange.responses import export_responses, plan_import
    from toolkit.sessions import SessionService

    if not test.sessions:
        fail(N_("there are no demo sessions to export"))
    service = SessionService(test.kit.store)
    target = test.folder("spreadsheet") / "responses.xlsx"
    count = export_responses(service, test.sessions[0], target)
    copy = service.create_session("Self-test", session_date="2026-01-01")
    if len(plan_import(service, copy, target).new) != count:
        fail(N_("the spreadsheet did not read back as it was written"))


STEPS: list[Step] = [
    Step("data-folder", N_("Open a temporary data folder"), "toolkit.selftest:check_data_folder"),
    Step("assets", N_("Find the fonts and icons"), "toolkit.selftest:check_assets"),
    Step("questionnaires", N_("Load every questionnaire"), "toolkit.selftest:check_questionnaires"),
    Step("guides", N_("Load every guide"), "toolkit.selftest:check_guides"),
    Step("languages", N_("Load the French and English texts and formats"),
         "toolkit.selftest:check_languages"),
    Step("pdf", N_("Write a PDF with the embedded fonts"), "toolkit.selftest:check_pdf"),
    Step("demo", N_("Create the demo sessions"), "toolkit.selftest:check_demo"),
    Step("guide-library", N_("Parse every guide and check the links between them"),
         "toolkit.selftest:check_guide_library"),
    Step("report", N_("Build a bilingual report"), "toolkit.selftest:check_report"),
    Step("exchange", N_("Export a package and import it into a second folder"),
         "toolkit.selftest:check_exchange"),
    Step("spreadsheet", N_("Export responses as XLSX and read them back"),
         "toolkit.selftest:check_spreadsheet"),
    # The preview draws the page of the report the "report" step wrote.
    Step("preview", N_("Show a page of the report on screen"),
         "toolkit.ui.selftest_window:check_pdf_preview"),
    Step("window", N_("Open the main window without a display"),
         "toolkit.ui.selftest_window:check_window"),
]


def run(steps: Sequence[Step] | None = None, out: IO[str] | None = None) -> int:
    """Run the steps in a temporary folder, print one line each; 0 if all passed, else 1."""
    import sys

    out = out or sys.stdout
    steps = STEPS if steps is None else steps
    root = Path(tempfile.mkdtemp(prefix="toolkit-selftest-"))
    test = SelfTest(root)
    failed = 0
    try:
        for step in steps:
            title = _(step.title)
            try:
                step.function()(test)
            except Exception as exc:  # noqa: BLE001 - every failure becomes one line
                failed += 1
                print(_("{step}: FAILED: {why}").format(step=title, why=reason(exc)),
                      file=out, flush=True)
            else:
                print(_("{step}: ok").format(step=title), file=out, flush=True)
    finally:
        test.close()
        shutil.rmtree(root, ignore_errors=True)
    if failed:
        print(ngettext("Self-test failed: {failed} of {total} step.",
                       "Self-test failed: {failed} of {total} steps.", len(steps)).format(
            failed=failed, total=len(steps)), file=out)
        return 1
    print(ngettext("Self-test passed: {total} step.", "Self-test passed: {total} steps.",
                   len(steps)).format(total=len(steps)), file=out)
    return 0


def reason(exc: BaseException) -> str:
    """Why a step failed, for the person running the check (technical details included)."""
    if isinstance(exc, ToolkitError):
        return describe(exc)
    return f"{type(exc).__name__}: {exc}"
