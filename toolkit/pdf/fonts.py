"""Embedded fonts for every PDF we make, and the markup that picks one per script.

reportlab never falls back from one font to another: a character missing from the current
font prints as a black box. Noto Sans covers French and the Latin orthographies of Indigenous
languages of Canada (ł, ǫ, ʔ, ʼ, combining marks...); Noto Sans Canadian Aboriginal covers
all Unified Canadian Aboriginal Syllabics (Cree, Ojibwe, Inuktitut, Dene, Carrier,
Blackfoot...). `markup()` wraps each run of syllabics in the second font, so any text typed
by a user (community names, comments) prints exactly as typed.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from toolkit.paths import asset

SANS = "ToolkitSans"
SANS_BOLD = "ToolkitSans-Bold"
SANS_ITALIC = "ToolkitSans-Italic"
SANS_BOLD_ITALIC = "ToolkitSans-BoldItalic"
SYLLABICS = "ToolkitSyllabics"
SYLLABICS_BOLD = "ToolkitSyllabics-Bold"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    SANS_BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
    SYLLABICS: "NotoSansCanadianAboriginal-Regular.ttf",
    SYLLABICS_BOLD: "NotoSansCanadianAboriginal-Bold.ttf",
}

# Unified Canadian Aboriginal Syllabics, its Extended block, and Extended-A.
_SYLLABIC_RUN = re.compile("[\u1400-\u167f\u18b0-\u18ff\U00011ab0-\U00011abf]+")

_registered = False


def register_fonts() -> None:
    """Register our fonts with reportlab once per process (cheap after the first call)."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(asset("fonts", filename))))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD_ITALIC)
    addMapping(SYLLABICS, 0, 0, SYLLABICS)
    addMapping(SYLLABICS, 1, 0, SYLLABICS_BOLD)
    addMapping(SYLLABICS, 0, 1, SYLLABICS)
    addMapping(SYLLABICS, 1, 1, SYLLABICS_BOLD)
    _registered = True


def markup(text: str, bold: bool = False) -> str:
    """Escape `text` for a reportlab Paragraph and switch font around runs of syllabics.

    reportlab's <font face> resets bold and italic to the face's own (a bold title's
    syllabics printed regular), so the caller says whether the text is bold: from its
    style (`is_bold`) or an enclosing <b>. Syllabics have no italic face.
    """
    syllabics = SYLLABICS_BOLD if bold else SYLLABICS
    return "".join(escape(piece) if font == SANS
                   else f'<font face="{syllabics}">{escape(piece)}</font>'
                   for font, piece in split_runs(text))


def is_bold(font_name: str) -> bool:
    """Is this one of our bold faces (a style's fontName)?"""
    return font_name in (SANS_BOLD, SANS_BOLD_ITALIC, SYLLABICS_BOLD)


def split_runs(text: str) -> list[tuple[str, str]]:
    """(font name, text) pieces, for drawing on a canvas with drawString, run by run."""
    pieces = []
    pos = 0
    for run in _SYLLABIC_RUN.finditer(text):
        if run.start() > pos:
            pieces.append((SANS, text[pos : run.start()]))
        pieces.append((SYLLABICS, run.group()))
        pos = run.end()
    if pos < len(text):
        pieces.append((SANS, text[pos:]))
    return pieces


def draw_string(canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw `text` on a reportlab canvas, switching fonts per script; return the end x."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    for font, piece in split_runs(text):
        font = face(font, bold)
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += stringWidth(piece, font, size)
    return x


def face(font: str, bold: bool = False, italic: bool = False) -> str:
    """The face of SANS or SYLLABICS that prints bold and/or italic text (syllabics have
    no italic: they print upright)."""
    if font == SYLLABICS:
        return SYLLABICS_BOLD if bold else SYLLABICS
    return {(False, False): SANS, (True, False): SANS_BOLD, (False, True): SANS_ITALIC,
            (True, True): SANS_BOLD_ITALIC}[(bold, italic)]


def string_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of `text`, each run of syllabics in its own font (Noto Sans has
    no syllabics: measuring them in it gives a wrong width)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    register_fonts()
    return sum(stringWidth(piece, face(font, bold), size) for font, piece in split_runs(text))


def shapes(x: float, y: float, text: str, size: float, bold: bool = False) -> list:
    """`text` as reportlab graphics Strings, one per run of one script (chart labels: a
    round or community name typed in syllabics)."""
    from reportlab.graphics.shapes import String

    out = []
    for font, piece in split_runs(text):
        name = face(font, bold)
        out.append(String(x, y, piece, fontName=name, fontSize=size))
        x += _width(piece, name, size)
    return out


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def missing_glyphs(text: str, bold: bool = False, italic: bool = False) -> list[str]:
    """Characters of `text` that would print as boxes in that weight and style (empty when
    every one has a glyph)."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    missing = []
    for font, piece in split_runs(text):
        glyphs = pdfmetrics.getFont(face(font, bold, italic)).face.charToGlyph
        missing += [c for c in piece if ord(c) not in glyphs and c not in "\n\t"]
    return sorted(set(missing))
