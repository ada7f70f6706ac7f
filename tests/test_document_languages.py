"""Documents in any registered language or pair (--lang qaa+en, iu+en, moe+fr; bilingual is
en+fr), with texts a language lacks shown in its fallback language and marked, the PDF's
/Lang from the registry, and running headers that shorten long names in any script."""

from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from tests.pdf_helpers import pdf_text as shared_pdf_text
from tests.test_languages import add_pseudo_language
from toolkit import i18n, languages
from toolkit.demo import generate_answers
from toolkit.errors import LanguageModeError
from toolkit.pdf import fonts
from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.reports.blank_form import build_blank_form
from toolkit.reports.labels import Lang, document_choices
from toolkit.reports.layout import fitted, fitted_running_title
from toolkit.reports.summary import ReportOptions, build_summary_report
from toolkit.sessions import SessionService

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"),
                                   reason="poppler-utils not installed")

# Report words in the pseudo-language, added to the copy of its catalog in the data folder
# (test data: English words with marked vowels, never a translation).
REPORT_WORDS = {
    "Key findings": "Kéy fíndíngs",
    "Date": "Dáté",
    "Page {page} of {total}": "Pägé {page} öf {total}",
    "Session summary report": "Séssíön sümmáry répört",
    "Tick one box.": "Tíck öné böx.",
}
LONG_SYLLABICS = "ᑲᖏᕿᓂᖅ ᐃᓄᒃᑎᑐᑦ ᓄᓇᓕᖓᑦ ᐃᓕᓐᓂᐊᕐᕕᒃ ᑲᑎᒪᔨᖏᑦ " * 4 + "ᐊᕐᕕᐊᑦ"


def pseudo(text: str) -> str:
    """English with its vowels marked: test data that shows where it comes from."""
    return text.translate(str.maketrans("aeiouAEIOU", "áéíöüÁÉÍÖÜ"))


@pytest.fixture
def qaa(data_dir):
    target = add_pseudo_language(data_dir)
    with (target / "toolkit.po").open("a", encoding="utf-8") as fh:
        for msgid, msgstr in REPORT_WORDS.items():
            fh.write(f'\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')
    languages.use_data_folder(data_dir)
    i18n.reload()
    yield data_dir
    languages.use_data_folder(None)
    i18n.reload()


def pseudo_questionnaire():
    """local-diagnosis with the pseudo-language listed and some of its texts given: the
    title, the first section and its questions; the rest is missing (falls back)."""
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["id"] = "pseudo-diagnosis"
    definition["languages"] = ["en", "fr", "qaa"]
    definition["title"]["qaa"] = pseudo(definition["title"]["en"])
    first = definition["sections"][0]
    first["title"]["qaa"] = pseudo(first["title"]["en"])
    for question in first["questions"]:
        question["label"]["qaa"] = pseudo(question["label"]["en"])
    return instrument_from_definition(definition)


def answered_session(kit, instrument_id: str, community: str, count: int = 8, **kw):
    service = SessionService(kit.store)
    session = service.create_session(community, instrument_id, "2026-12-01", **kw)
    instrument = service.instrument(session)
    rng = random.Random(4)
    for _ in range(count):
        respondent = service.add_respondent(session.id)
        for qid, value in generate_answers(instrument, rng, "en").items():
            service.save_answer(respondent.id, qid, value)
        service.complete(respondent.id)
    return service.get(session.id)


def pdf_text(path: Path) -> str:
    return shared_pdf_text(path, plain_spaces=True)


def pdf_lang(path: Path) -> str:
    found = re.search(rb"/Lang \(([^)]*)\)", path.read_bytes())
    assert found, "no /Lang in the PDF"
    return found.group(1).decode()


# --- modes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode,codes,tag", [
    ("fr", ("fr",), "fr-CA"), ("bilingual", ("en", "fr"), "en-CA"),
    ("iu+en", ("iu", "en"), "iu-Cans"), ("moe+fr", ("moe", "fr"), "moe"),
])
def test_a_document_is_in_one_language_or_a_pair(mode, codes, tag):
    lang = Lang.of(mode)
    assert lang.codes == codes and lang.pdf_lang == tag
    assert lang.bilingual == (len(codes) == 2)


@pytest.mark.parametrize("mode", ["xx", "iu+en+fr", "en+en", "", "iu+"])
def test_a_mode_that_is_not_a_language_or_a_pair_is_refused(mode):
    with pytest.raises(LanguageModeError):
        Lang.of(mode)


def test_every_registered_language_is_offered_alone_and_beside_english_and_french():
    modes = [m for m, _name in document_choices("en")]
    assert modes[:3] == ["en", "fr", "bilingual"]
    for lang in languages.registered():
        if lang.code not in languages.FALLBACKS:
            assert {lang.code, f"{lang.code}+en", f"{lang.code}+fr"} <= set(modes)
    names = dict(document_choices("fr"))
    assert names["iu+en"] == "inuktitut (ᐃᓄᒃᑎᑐᑦ) et anglais"


def test_a_text_a_language_lacks_comes_from_its_fallback_marked():
    texts = {"en": "Yes", "fr": "Oui"}
    assert Lang.of("moe+en").picks(texts) == ["[fr]\u00a0Oui", "Yes"]
    assert Lang.of("iu+fr").picks(texts) == ["[en]\u00a0Yes", "Oui"]
    assert Lang.of("iu").picks({"en": "Yes", "fr": "Oui", "iu": "ᐄ"}) == ["ᐄ"]
    assert Lang.of("iu").texts("Key findings") == ["[en]\u00a0Key findings"]
    assert Lang.of("fr").texts("Key findings") == ["Faits saillants"]


# --- running headers -----------------------------------------------------------------------

@pytest.mark.parametrize("name", [LONG_SYLLABICS, LONG_SYLLABICS.replace(" ", ""),
                                  "Łutsël K'é Dene First Nation " * 6, "Kahnawà:ke" * 30])
def test_a_long_name_in_any_script_shortens_and_the_title_stays(name):
    title = "Session summary report / Rapport sommaire de la séance"
    width, size = 450.0, 7.5
    shown = fitted_running_title(f"{name} — {title}", size, width)
    assert fonts.string_width(shown, size) <= width
    assert shown.endswith(" — " + title)
    assert "…" in shown
    kept = shown.split(" — ")[0].rstrip("…").rstrip()
    assert name.startswith(kept) and len(kept) > 5


def test_shortening_never_splits_a_letter_from_its_accent():
    text = "ǫ́" * 200  # o, ogonek, acute: three code points, one letter
    shown = fitted(text, 9, 100)
    assert shown.endswith("…") and fonts.string_width(shown, 9) <= 100
    body = shown[:-1]
    assert len(body) % 2 == 0 and unicodedata.normalize("NFC", body) == "ǫ́" * (len(body) // 2)


@needs_poppler
def test_a_report_for_a_very_long_syllabics_name_keeps_its_header_on_the_page(kit, tmp_path):
    session = answered_session(kit, "local-diagnosis", LONG_SYLLABICS)
    out = tmp_path / "long.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="iu+en"))
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(out), "-"],
                           capture_output=True, text=True, check=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right = [float(x) for x in re.findall(r'xMax="([\d.]+)"', boxes)]
    assert right and max(right) <= page_width - 18 * 72 / 25.4 + 1  # inside the margin
    assert "…" in boxes


# --- reports and forms ---------------------------------------------------------------------

@needs_poppler
@pytest.mark.parametrize("mode,other,note", [
    ("qaa+en", "Key findings", "are not translated into Pseudo-language yet"),
    ("qaa+fr", "Faits saillants", "ne sont pas encore traduits en pseudo-langue"),
])
def test_a_report_in_the_pseudo_language_beside_english_or_french(kit, qaa, tmp_path, mode,
                                                                  other, note):
    Catalogue(kit.store).add(pseudo_questionnaire(), "pseudo.toml")
    session = answered_session(kit, "pseudo-diagnosis", "Birch Lake")
    out = tmp_path / f"{mode}.pdf"
    result = build_summary_report(kit.store, [session.id], out, ReportOptions(lang=mode))
    text = pdf_text(out)
    assert "Kéy fíndíngs" in text and other in text  # the catalog's words, side by side
    assert "Pägé 1 öf" in text  # the footer
    first = pseudo_questionnaire().sections[0].questions[0]
    assert first.label["qaa"][:30] in text  # the questionnaire's own texts
    assert "[en] " in text  # texts it lacks are marked with the fallback's code (English)
    assert note in text  # and the cover says what the marks mean, in the other language
    assert pdf_lang(out) == "qaa"
    assert result.pages >= 8


@needs_poppler
def test_a_blank_form_in_the_pseudo_language_alone(kit, qaa, tmp_path):
    out = tmp_path / "form.pdf"
    pages = build_blank_form(pseudo_questionnaire(), out, "qaa")
    text = pdf_text(out)
    assert pages >= 3 and "Tíck öné böx." in text
    assert pseudo(bundled_instrument("local-diagnosis").title["en"])[:30] in text
    assert "[en] " in text and pdf_lang(out) == "qaa"
    assert "Faits saillants" not in text and "Cochez" not in text  # one language only


@needs_poppler
def test_a_report_in_french_alone(kit, tmp_path):
    session = answered_session(kit, "local-diagnosis", "Kahnawà:ke")
    out = tmp_path / "fr.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="fr"))
    text = pdf_text(out)
    assert "Faits saillants" in text and "1er décembre 2026" in text
    assert "Key findings" not in text and "[en]" not in text
    assert pdf_lang(out) == "fr-CA"


@needs_poppler
def test_syllabics_in_a_report_in_inuktitut_print_in_both_weights(kit, tmp_path):
    session = answered_session(kit, "local-diagnosis", "ᐃᖃᓗᐃᑦ")
    out = tmp_path / "iu.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="iu+en"))
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "NotoSansCanadianAboriginal-Bold" in listing
    assert "NotoSansCanadianAboriginal-Regular" in listing
    assert pdf_lang(out) == "iu-Cans"


# --- command line --------------------------------------------------------------------------

def test_the_cli_prints_a_pair_and_refuses_an_unknown_language(data_dir, tmp_path, capsys):
    from toolkit.cli import main

    out = tmp_path / "form.pdf"
    assert main(["--data-dir", str(data_dir), "blank-form", "--lang", "iu+en",
                 "--out", str(out)]) == 0
    assert out.is_file() and pdf_lang(out) == "iu-Cans"
    capsys.readouterr()
    bad = tmp_path / "bad.pdf"
    assert main(["--data-dir", str(data_dir), "blank-form", "--lang", "xx+en",
                 "--out", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "xx+en" in err and "Traceback" not in err and not bad.exists()


# --- guides ----------------------------------------------------------------------------------

@needs_poppler
@pytest.mark.parametrize("mode,shown_in,tag,note", [
    ("iu+en", "en", "iu-Cans", "is not translated into ᐃᓄᒃᑎᑐᑦ yet"),
    ("moe+fr", "fr", "moe", "pas encore traduit en Innu-aimun"),
])
def test_a_guide_a_language_lacks_prints_once_in_its_fallback_marked(tmp_path, mode, shown_in,
                                                                     tag, note):
    from toolkit.guides import bundled_library
    from toolkit.guides.pdf import write_pdf

    out = write_pdf("action-plan", tmp_path / "guide.pdf", mode)
    text = pdf_text(out)
    title = bundled_library().get("action-plan", shown_in).title
    assert text.count(title) >= 1 and f"[{shown_in}] {title}" in text
    assert note in text  # the note, in the fallback language's words
    assert pdf_lang(out) == tag
    both = pdf_text(write_pdf("action-plan", tmp_path / "both.pdf", "bilingual"))
    assert len(both) > 1.5 * len(text)  # en+fr prints the piece twice; a fallback, once
