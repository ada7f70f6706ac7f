"""Summary reports and blank forms: languages, privacy, comments, scripts, size, grey-scale."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pdf_helpers import pdf_text as shared_pdf_text
from toolkit.comments import CommentService
from toolkit.demo import add_demo, generate_answers
from toolkit.errors import InputError
from toolkit.pdf import fonts
from toolkit.questionnaire import bundled_instrument
from toolkit.reports.blank_form import build_blank_form
from toolkit.reports.summary import ReportOptions, build_summary_report
from toolkit.sessions import SessionService

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"),
                                   reason="poppler-utils not installed")


def pdf_text(path: Path, layout: bool = True) -> str:
    return shared_pdf_text(path, layout=layout)  # joined: search for phrases


def make_session(service, community, count, seed=1, **kw):
    import random

    session = service.create_session(community, "local-diagnosis", "2026-11-02", **kw)
    instrument = service.instrument(session)
    rng = random.Random(seed)
    for _ in range(count):
        respondent = service.add_respondent(session.id)
        for qid, value in generate_answers(instrument, rng, "en").items():
            service.save_answer(respondent.id, qid, value)
        service.complete(respondent.id)
    return service.get(session.id)


@pytest.fixture
def demo(kit):
    return add_demo(SessionService(kit.store))


@needs_poppler
@pytest.mark.parametrize("lang,present,absent", [
    ("en", ["Key findings", "Page 1 of", "Strongest concerns", "How these results were gathered",
            "hidden (small group)", "Groups with fewer than 5 people answering are hidden",
            "October 14, 2026"], ["Faits saillants", "Page 1 de"]),
    ("fr", ["Faits saillants", "Page 1 de", "Préoccupations les plus fortes",
            "14 octobre 2026", "Comment ces résultats ont été recueillis"],
     ["Key findings", "Page 1 of"]),
    ("bilingual", ["Key findings", "Faits saillants", "Page 1 of", "Page 1 de",
                   "October 14, 2026", "14 octobre 2026"], []),
])
def test_each_language_is_printed(kit, demo, tmp_path, lang, present, absent):
    out = tmp_path / f"{lang}.pdf"
    result = build_summary_report(kit.store, [demo[0].id], out, ReportOptions(lang=lang))
    text = pdf_text(out)
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase
    assert 8 <= result.pages <= 40
    assert f"of {result.pages}" in text or f"de {result.pages}" in text


@needs_poppler
def test_bilingual_pairs_languages_throughout(kit, demo, tmp_path):
    """French is not appended at the end: each question's French follows its English."""
    out = tmp_path / "bi.pdf"
    build_summary_report(kit.store, [demo[0].id], out, ReportOptions(lang="bilingual"))
    text = pdf_text(out)
    ins = bundled_instrument("local-diagnosis")
    for qid in ("safe_day", "trust_police", "priority_actions"):
        en, fr = ins.question(qid).text("en"), ins.question(qid).text("fr")
        en_at, fr_at = text.index(en[:40]), text.index(fr[:40])
        assert 0 < fr_at - en_at < 400, qid


@needs_poppler
def test_three_person_session_shows_no_figures_and_says_why(kit, tmp_path):
    service = SessionService(kit.store)
    session = make_session(service, "Tiny Cove", 3)
    out = tmp_path / "tiny.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="bilingual"))
    text = pdf_text(out)
    assert "Fewer than 5 people answered this question" in text
    assert "Moins de 5 personnes ont répondu à cette question" in text
    assert "Too few people answered to show key findings." in text
    for figure in ("agree", "%", "Strongly disagree", "points", "Median"):
        assert figure not in text.replace("agree or strongly agree", ""), figure


@needs_poppler
def test_threshold_option_hides_more(kit, tmp_path):
    service = SessionService(kit.store)
    session = make_session(service, "Middle River", 8)
    out = tmp_path / "r.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(threshold=5))
    assert "8 people answered." in pdf_text(out)
    build_summary_report(kit.store, [session.id], out, ReportOptions(threshold=9))
    text = pdf_text(out)
    assert "8 people answered." not in text and "Fewer than 9 people" in text
    with pytest.raises(InputError):
        build_summary_report(kit.store, [session.id], out, ReportOptions(threshold=0))


@needs_poppler
def test_comments_only_when_chosen_and_reviewed(kit, demo, tmp_path):
    reviews = CommentService(kit.store)
    comments = [c for c in reviews.list(demo[0].id) if c.question_id == "best_idea"]
    assert len(comments) >= 3
    keep, drop, untouched = comments[0], comments[1], comments[2]
    reviews.review(keep.respondent_id, keep.question_id, "include",
                   "A reviewed wording with Łutsël K'é in it.")
    reviews.review(drop.respondent_id, drop.question_id, "exclude")
    other = next(c for c in reviews.list(demo[0].id) if c.question_id.endswith(".other"))
    reviews.review(other.respondent_id, other.question_id, "include", "Reviewed other text")
    out = tmp_path / "c.pdf"
    build_summary_report(kit.store, [demo[0].id], out, ReportOptions())
    text = pdf_text(out)
    assert "A reviewed wording" not in text and "This report includes no written comments." in text
    build_summary_report(kit.store, [demo[0].id], out, ReportOptions(include_comments=True))
    text = pdf_text(out)
    assert "A reviewed wording with Łutsël K'é in it." in text
    assert "Reviewed other text" in text
    assert "1 comment chosen for this report:" in text
    for comment in (drop, untouched):
        if comment.answer != keep.answer:
            assert comment.answer[:30] not in text


@needs_poppler
@pytest.mark.parametrize("name", ["ᐃᖃᓗᐃᑦ", "Łutsël K'é", "Kahnawà:ke", "Tłı̨chǫ ᑲᖏᕿᓂᖅ"])
def test_community_names_print_as_typed(kit, tmp_path, name):
    import unicodedata

    assert fonts.missing_glyphs(name) == []
    service = SessionService(kit.store)
    session = make_session(service, name, 6, place="Salle ᐊᕐᕕᐊᑦ")
    out = tmp_path / "n.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="bilingual"))
    text = unicodedata.normalize("NFC", pdf_text(out))
    assert unicodedata.normalize("NFC", name) in text
    assert "Salle ᐊᕐᕕᐊᑦ" in text
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    noto = [line for line in listing.splitlines() if "Noto" in line]
    assert noto and all(" yes " in line for line in noto)
    if fonts.split_runs(name)[0][0] == fonts.SYLLABICS:  # the cover's bold name, in bold
        assert "NotoSansCanadianAboriginal-Bold" in listing


@needs_poppler
def test_community_report_combines_sessions(kit, demo, tmp_path):
    service = SessionService(kit.store)
    extra = make_session(service, "birch lake", 7, seed=5)
    out = tmp_path / "community.pdf"
    result = build_summary_report(kit.store, [s.id for s in demo[:2]] + [extra.id], out,
                                  ReportOptions(lang="en"))
    text = pdf_text(out)
    assert "Community summary report" in text and "Sessions in this report" in text
    assert "37 people answered." in text  # 30 + 7 respondents to a required question
    assert "How many votes did each concern get?" in text  # the group session's part
    assert result.pages > 8
    other = make_session(service, "Elsewhere", 6)
    with pytest.raises(InputError):
        build_summary_report(kit.store, [demo[0].id, other.id], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@needs_poppler
def test_paper_sizes(kit, demo, tmp_path):
    for paper, size in (("letter", "612 x 792 pts (letter)"), ("a4", "595.276 x 841.89 pts (A4)")):
        out = tmp_path / f"{paper}.pdf"
        build_summary_report(kit.store, [demo[0].id], out, ReportOptions(paper=paper))
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        assert size in info


def test_twelve_page_report_is_small(kit, demo, tmp_path):
    out = tmp_path / "size.pdf"
    result = build_summary_report(kit.store, [demo[0].id], out,
                                  ReportOptions(lang="bilingual", include_comments=True))
    assert result.pages >= 12
    assert out.stat().st_size < 250_000  # the target is "well under 500 KB"


@needs_poppler
def test_pages_are_grey_only(kit, demo, tmp_path):
    """Readable on a black-and-white printer: nothing relies on colour (all pixels grey)."""
    out = tmp_path / "bw.pdf"
    build_summary_report(kit.store, [demo[0].id], out, ReportOptions(lang="bilingual"))
    subprocess.run(["pdftoppm", "-r", "20", "-f", "1", "-l", "4", str(out),
                    str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.ppm"))
    assert len(pages) == 4
    for page in pages:
        data = page.read_bytes()
        pixels = data[data.index(b"255\n") + 4:]
        coloured = sum(1 for i in range(0, len(pixels) - 2, 3)
                       if max(pixels[i:i + 3]) - min(pixels[i:i + 3]) > 12)
        assert coloured == 0, page.name


def test_failed_report_leaves_previous_file(kit, demo, tmp_path):
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"previous")
    with pytest.raises(Exception):  # noqa: B017 - whatever the failure, the file is kept
        build_summary_report(kit.store, ["no-such-session"], out)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["keep.pdf"]


@needs_poppler
@pytest.mark.parametrize("lang,phrases", [
    ("en", ["Answer only if you answered “Yes” to question 13.", "Paper form number",
            "Taking part is voluntary", "Tick one box.", "Strongly disagree"]),
    ("fr", ["Répondez seulement si vous avez répondu « Oui » à la question 13.",
            "Numéro du formulaire papier", "La participation est volontaire",
            "Cochez une seule case.", "Tout à fait en désaccord"]),
    ("bilingual", ["Answer only if you answered “Yes” to question 13.",
                   "Répondez seulement si vous avez répondu « Oui » à la question 13.",
                   "Taking part is voluntary", "La participation est volontaire"]),
])
def test_blank_form(tmp_path, lang, phrases):
    out = tmp_path / "form.pdf"
    pages = build_blank_form(bundled_instrument("local-diagnosis", 1), out, lang)
    text = pdf_text(out, layout=False).replace("\u00a0", " ")
    for phrase in phrases:
        assert phrase in text, phrase
    assert 5 <= pages <= 25
    group = tmp_path / "group.pdf"
    assert build_blank_form(bundled_instrument("group-session"), group, lang) >= 2


def font_sizes(path: Path) -> set[float]:
    """The size of every printed (non-blank) character of a PDF, in points."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    sizes = set()
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            text = page.get_textpage()
            for i in range(text.count_chars()):
                if text.get_text_range(i, 1).strip():
                    sizes.add(round(raw.FPDFText_GetFontSize(text.raw, i), 1))
    finally:
        pdf.close()
    return sizes


@needs_poppler
@pytest.mark.parametrize("lang,phrase", [("en", "Tick one box."), ("fr", "Cochez une seule case."),
                                         ("bilingual", "Cochez une seule case.")])
def test_large_print_blank_form_has_nothing_under_14_points(tmp_path, lang, phrase):
    standard, large = tmp_path / "standard.pdf", tmp_path / "large.pdf"
    instrument = bundled_instrument("local-diagnosis")
    pages = build_blank_form(instrument, standard, lang)
    large_pages = build_blank_form(instrument, large, lang, large_print=True)
    assert min(font_sizes(standard)) < 14  # the measure can tell the two apart
    assert min(font_sizes(large)) >= 14  # page numbers and running title included
    assert large_pages > pages
    text = pdf_text(large, layout=False).replace("\u00a0", " ")
    assert phrase in text
    questions = len(instrument.questions)
    assert f"{questions}. " in text  # every question is there, numbered as on screen
