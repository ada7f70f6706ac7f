"""Every script our users type must print exactly as typed, with embedded fonts."""

import shutil
import subprocess

import pytest

from toolkit.pdf import fonts

# Real community and language names in the orthographies used in Canada.
SAMPLES = [
    "Sécurité et bien-être à Val-d'Or, Îles-de-la-Madeleine",
    "ᐃᓄᒃᑎᑐᑦ ᓄᓇᕗᑦ",  # Inuktitut, Nunavut
    "ᓀᐦᐃᔭᐍᐏᐣ",  # Plains Cree
    "ᑐᑊᘁᗕᑋᗸ",  # Dakelh (Carrier), from the Extended block
    "ᓱᖽᐧᖿ",  # Blackfoot
    "Łutsël K'é Dene, Tłı̨chǫ, Deline",
    "Kwakʼwala: Ḵ̓wak̓wala, Wetʼsuwetʼen, Stó:lō, Sḵwx̱wú7mesh",
    "ʔaq̓am, Secwépemc, Nuxalk, Ktunaxa",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_every_character_has_a_glyph(text):
    assert fonts.missing_glyphs(text) == []


def test_missing_glyphs_finds_a_character_no_font_has():
    assert fonts.missing_glyphs("ok \U0001F600") == ["\U0001F600"]


def test_markup_switches_font_around_syllabics_and_escapes():
    out = fonts.markup("Rankin <Inlet> ᑲᖏᕿᓂᖅ & co")
    assert out == (
        f'Rankin &lt;Inlet&gt; <font face="{fonts.SYLLABICS}">ᑲᖏᕿᓂᖅ</font> &amp; co'
    )


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdf_text_round_trips_and_fonts_are_embedded(tmp_path):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    fonts.register_fonts()
    style = ParagraphStyle("t", fontName=fonts.SANS, fontSize=11)
    out = tmp_path / "fonts.pdf"
    doc = SimpleDocTemplate(str(out))
    doc.build([Paragraph(fonts.markup(s), style) for s in SAMPLES])
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    for sample in ["ᐃᓄᒃᑎᑐᑦ", "ᑐᑊᘁᗕᑋᗸ", "Łutsël", "Secwépemc"]:
        assert sample in text
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    embedded = [line for line in listing.splitlines() if "Noto" in line]
    assert len(embedded) >= 2 and all(" yes " in line for line in embedded)


def test_a_character_outside_our_fonts_is_found_in_bold_too():
    assert fonts.missing_glyphs("ᐃ \U0001F600", bold=True) == ["\U0001F600"]


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_bold_syllabics_print_in_the_bold_face(tmp_path):
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from toolkit.guides import markdown as md
    from toolkit.guides.pdf import inline_markup
    from toolkit.reports.layout import para, styles

    st = styles()
    out = tmp_path / "bold.pdf"
    strong = md.Strong([md.Text("ᓄᓇᕗᑦ")])
    SimpleDocTemplate(str(out)).build([para("ᐃᓄᒃᑎᑐᑦ title", st["title"]),
                                       Paragraph(inline_markup([strong]), st["body"])])
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "NotoSansCanadianAboriginal-Bold" in listing
    assert "NotoSansCanadianAboriginal-Regular" not in listing  # nothing bold printed regular


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_regular_syllabics_stay_regular(tmp_path):
    from reportlab.platypus import SimpleDocTemplate

    from toolkit.reports.layout import para, styles

    out = tmp_path / "regular.pdf"
    SimpleDocTemplate(str(out)).build([para("ᐃᓄᒃᑎᑐᑦ body", styles()["body"])])
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True).stdout
    assert "NotoSansCanadianAboriginal-Regular" in listing
    assert "NotoSansCanadianAboriginal-Bold" not in listing
