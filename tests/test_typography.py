"""French typography: the rules the catalog and the bundled French texts follow, the first of
the month ("1er décembre"), and quotation marks per language (toolkit.typography)."""

import shutil
import subprocess
import tomllib
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from toolkit import i18n, typography
from toolkit.guides.library import CONTENT_DIR
from toolkit.questionnaire.loader import INSTRUMENTS_DIR

PO = Path(i18n.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "toolkit.po"


def french_catalog_texts() -> list[str]:
    with open(PO, "rb") as fh:
        catalog = read_po(fh, locale="fr")
    texts = []
    for message in catalog:
        if message.id:
            texts += [message.string] if isinstance(message.string, str) else list(message.string)
    return texts


def french_values(node):
    """Every French text of a questionnaire definition (labels, help, choices, notes...)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "fr" and isinstance(value, str):
                yield value
            else:
                yield from french_values(value)
    elif isinstance(node, list):
        for item in node:
            yield from french_values(item)


def guide_texts(path: Path) -> list[str]:
    """A French guide's front matter values (title, summary) and its Markdown body."""
    raw = path.read_text(encoding="utf-8")
    _, front, body = raw.split("+++", 2)
    meta = tomllib.loads(front)
    return [v for v in meta.values() if isinstance(v, str)] + [body]


def test_the_french_catalog_follows_canadian_typography():
    texts = french_catalog_texts()
    assert len(texts) > 1000
    problems = [p for text in texts for p in typography.french_problems(text)]
    assert problems == []


@pytest.mark.parametrize("path", sorted(INSTRUMENTS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_french_questionnaire_texts_follow_canadian_typography(path):
    texts = list(french_values(tomllib.loads(path.read_text(encoding="utf-8"))))
    assert len(texts) > 20
    assert [p for t in texts for p in typography.french_problems(t)] == []


@pytest.mark.parametrize("path", sorted((CONTENT_DIR / "fr").glob("*.md")), ids=lambda p: p.stem)
def test_french_guides_follow_canadian_typography(path):
    assert [p for t in guide_texts(path) for p in typography.french_problems(t)] == []


@pytest.mark.parametrize("text,rule", [
    ("Vraiment ?", "space before ; ? !"),
    ("Attention\u00a0!", "space before ; ? !"),
    ("oui ; non", "space before ; ? !"),
    ("Note : lire", "no non-breaking space before :"),
    ("Note: lire", "no non-breaking space before :"),
    ("« texte\u00a0»", "no non-breaking space after «"),
    ("«\u00a0texte »", "no non-breaking space before »"),
    ("l'eau", "typewriter apostrophe"),
    ('un "mot"', "typewriter quotation marks"),
])
def test_each_rule_finds_its_mistake(text, rule):
    problems = typography.french_problems(text)
    assert problems and all(p.startswith(rule) for p in problems), problems


@pytest.mark.parametrize("text", [
    "Vraiment? Oui; non! Note\u00a0: l’eau, «\u00a0texte\u00a0».",
    "Voyez [le guide](guide:logic-model) et [[lines:3]], ou https://example.org.",
    "ccsc_title::French et 10:30",
])
def test_correct_french_and_code_tokens_pass(text):
    assert typography.french_problems(text) == []


def test_the_first_of_the_month_reads_1er_in_french():
    assert i18n.format_date("2026-12-01", "fr", fmt="long") == "1er décembre 2026"
    assert i18n.format_date("2026-12-01", "fr") == "1er déc. 2026"
    assert i18n.format_date("2026-12-01", "fr", fmt="full") == "mardi 1er décembre 2026"
    assert i18n.format_date("2026-12-02", "fr", fmt="long") == "2 décembre 2026"
    assert i18n.format_date("2026-12-01", "en", fmt="long") == "December 1, 2026"
    assert i18n.format_date("2026-12-01", "fr", fmt="short") == "2026-12-01"


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_1er_exactly_on_the_first(day):
    text = i18n.format_date(day, "fr", fmt="long")
    assert text.startswith("1er ") == (day.day == 1)
    assert text.split()[0] == ("1er" if day.day == 1 else str(day.day))
    assert text.endswith(str(day.year))


def test_quoted_literals_in_a_pattern_are_left_alone():
    assert typography.ordinal_day_pattern("'le' d MMMM y", 1, "fr") == "'le' d'er' MMMM y"
    assert typography.ordinal_day_pattern("'d' dd MMMM", 1, "fr") == "'d' dd MMMM"
    assert typography.ordinal_day_pattern("d MMMM y", 1, "en") == "d MMMM y"


@given(st.text(min_size=1, max_size=40))
def test_french_quotes_hold_non_breaking_spaces(text):
    quoted = typography.quote(text, "fr")
    assert quoted == f"«\u00a0{text}\u00a0»"
    assert typography.quote(text, "en") == f"“{text}”"
    assert typography.quote(text, "crk", fallback="fr") == quoted  # the fallback's marks
    assert typography.quote(text, "xx") == f"“{text}”"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_french_report_dates_the_first_1er_and_quotes_comments_with_guillemets(kit,
                                                                                  tmp_path):
    import random

    from toolkit.comments import CommentService
    from toolkit.demo import generate_answers
    from toolkit.reports.summary import ReportOptions, build_summary_report
    from toolkit.sessions import SessionService

    service = SessionService(kit.store)
    session = service.create_session("Kahnawà:ke", "local-diagnosis", "2026-12-01")
    instrument = service.instrument(session)
    rng = random.Random(3)
    for _ in range(8):
        respondent = service.add_respondent(session.id)
        for qid, value in generate_answers(instrument, rng, "fr").items():
            service.save_answer(respondent.id, qid, value)
        service.complete(respondent.id)
    reviews = CommentService(kit.store)
    comment = next(c for c in reviews.list(session.id) if c.question_id == "best_idea")
    reviews.review(comment.respondent_id, comment.question_id, "include", "Plus de lumière")
    out = tmp_path / "fr.pdf"
    build_summary_report(kit.store, [session.id], out,
                         ReportOptions(lang="fr", include_comments=True))
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    text = text.replace("\u00a0", " ")  # pdftotext keeps some, turns others into spaces
    assert "1er décembre 2026" in text
    assert "« Plus de lumière »" in text
    assert "“Plus de lumière”" not in text
    out_en = tmp_path / "en.pdf"
    build_summary_report(kit.store, [session.id], out_en,
                         ReportOptions(lang="en", include_comments=True))
    text = subprocess.run(["pdftotext", str(out_en), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "December 1, 2026" in text and "“Plus de lumière”" in text


def test_a_fallback_copy_of_the_other_languages_text_is_printed_once():
    mark = "[en]\u00a0"
    assert typography.once([mark + "Yes", "Yes"]) == [mark + "Yes"]
    assert typography.once(["5. " + mark + "Yes", "5. Yes"]) == ["5. " + mark + "Yes"]
    assert typography.once(["Oui", "Yes"]) == ["Oui", "Yes"]
    assert typography.once(["Birch Lake", "Birch Lake"]) == ["Birch Lake", "Birch Lake"]
    assert typography.unmarked(typography.marked("Yes", "fr")) == "Yes"
