"""Page layout shared by every document: styles, bilingual pairing, "page X of Y", atomic save.

Bilingual documents pair the languages element by element, so a reader of either follows
their own language from start to end: headings and questions are printed English then
French (French in italics), running text is set in two columns side by side (English left,
French right), and chart labels carry both names. Nothing is appended "in the other
language" at the end.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from toolkit.fileio import atomic_output
from toolkit.i18n import N_
from toolkit.pdf import fonts
from toolkit.reports.labels import Lang
from toolkit.typography import once

PAGE_SIZES = {"letter": LETTER, "a4": A4}
MARGIN = 18 * mm
INK = colors.black
GREY = colors.Color(0.35, 0.35, 0.35)
LIGHT = colors.Color(0.85, 0.85, 0.85)
SECOND = colors.Color(0.22, 0.22, 0.22)  # the second language: italic, a shade lighter

CHROME = 7.5  # points: running title and page numbers
ProgressFn = Callable[[float], None]


def styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=9.5, leading=12.5,
                          alignment=TA_LEFT, textColor=INK)
    s = {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=GREY),
        "title": ParagraphStyle("title", base, fontName=fonts.SANS_BOLD, fontSize=22,
                                leading=27, spaceAfter=4),
        "community": ParagraphStyle("community", base, fontName=fonts.SANS_BOLD, fontSize=28,
                                    leading=36, spaceBefore=6, spaceAfter=6),
        "h1": ParagraphStyle("h1", base, fontName=fonts.SANS_BOLD, fontSize=15, leading=19,
                             spaceBefore=8, spaceAfter=2),
        "h2": ParagraphStyle("h2", base, fontName=fonts.SANS_BOLD, fontSize=10.5, leading=13.5,
                             spaceBefore=2),
        "label": ParagraphStyle("label", base, fontSize=8.5, leading=10.5),
        "value": ParagraphStyle("value", base, fontSize=8.5, leading=10.5),
        "figure": ParagraphStyle("figure", base, fontName=fonts.SANS_BOLD, fontSize=16,
                                 leading=20, alignment=1),
        "quote": ParagraphStyle("quote", base, leftIndent=10, borderPadding=0, spaceBefore=2),
        "note": ParagraphStyle("note", base, fontName=fonts.SANS_ITALIC, fontSize=9,
                               leading=11.5, textColor=GREY),
    }
    return s


def second(style: ParagraphStyle) -> ParagraphStyle:
    """The same style for the second language of a bilingual document: italic, lighter."""
    bold = fonts.is_bold(style.fontName)
    return ParagraphStyle(style.name + "-2", style, textColor=SECOND, spaceBefore=0,
                          fontName=fonts.SANS_BOLD_ITALIC if bold else fonts.SANS_ITALIC)


def para(text: str, style: ParagraphStyle, trusted: bool = False) -> Paragraph:
    """A paragraph of `text` (escaped and with syllabics in their font unless `trusted`)."""
    return Paragraph(text if trusted else fonts.markup(text, fonts.is_bold(style.fontName)),
                     style)


def paired(texts: list[str], style: ParagraphStyle) -> list[Paragraph]:
    """One paragraph per language, stacked: the first plain, the second italic (a
    language's fallback copy of the other's text printed once, marked)."""
    texts = once(texts)
    out = [para(texts[0], style)]
    out += [para(t, second(style)) for t in texts[1:] if t]
    return out


def cell(texts: list[str], style: ParagraphStyle) -> list[Paragraph]:
    """Table-cell content in every language (stacked); identical texts printed once."""
    if len(texts) > 1 and all(t == texts[0] for t in texts):
        texts = texts[:1]
    return paired(texts, style)


def columns(texts: list[str], style: ParagraphStyle, width: float) -> list:
    """Running text: side by side in a bilingual document, else one paragraph."""
    texts = once(texts)
    if len(texts) == 1:
        return [para(texts[0], style)]
    half = width / len(texts)
    table = Table([[para(t, style if i == 0 else second(style)) for i, t in enumerate(texts)]],
                  colWidths=[half] * len(texts))
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 8),
        ("LEFTPADDING", (1, 0), (1, -1), 8), ("LINEBEFORE", (1, 0), (1, -1), 0.5, LIGHT),
    ]))
    return [table]


def fitted(text: str, size: float, width: float) -> str:
    """`text` shortened to fit `width` at `size` pt, ended with "…": cut at a word where
    one fits, else between two letters (a long name in syllabics, a name with no spaces),
    never between a letter and its accent. A bilingual running title in large print, or a
    long community name in any script, is wider than the page."""
    if fonts.string_width(text, size) <= width:
        return text
    ellipsis = "…"
    words = text.split()
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words).rstrip(" —–-/·,") + " " + ellipsis
        if fonts.string_width(shorter, size) <= width:
            return shorter
    clusters = _clusters(words[0] if words else text)
    while clusters and fonts.string_width("".join(clusters) + ellipsis, size) > width:
        clusters.pop()
    return "".join(clusters) + ellipsis


RUNNING_SEPARATOR = " — "  # "community — report title" in the running header


def fitted_running_title(text: str, size: float, width: float) -> str:
    """The running header: in "name — title" the name is shortened first (a community's
    name can be long in any script), so the title that says what the page is stays whole
    while it takes at most two thirds of the width."""
    if RUNNING_SEPARATOR not in text or fonts.string_width(text, size) <= width:
        return fitted(text, size, width)
    name, title = text.rsplit(RUNNING_SEPARATOR, 1)
    tail = RUNNING_SEPARATOR + title
    room = width - fonts.string_width(tail, size)
    if room < width / 3:
        return fitted(text, size, width)
    return fitted(name, size, room) + tail


def _clusters(text: str) -> list[str]:
    """`text` as letters each with the combining marks that follow it (ǫ́ stays whole)."""
    import unicodedata

    out: list[str] = []
    for ch in text:
        if out and unicodedata.combining(ch):
            out[-1] += ch
        else:
            out.append(ch)
    return out


FALLBACK_NOTE = N_("Texts marked {mark} are not translated into {language} yet: they are "
                   "shown in {fallback}.")


def fallback_note(lang: Lang, style: ParagraphStyle, width: float) -> list:
    """What the marks of texts shown in a fallback language mean, in the document's
    languages, for each of its languages that may lack texts (all but English and French)."""
    from toolkit import languages
    from toolkit.typography import FALLBACK_MARK

    story: list = []
    for code, fallback in lang.fallbacks().items():
        mark = FALLBACK_MARK.format(code=fallback).strip()
        texts = lang.texts(FALLBACK_NOTE, mark=mark,
                           language=lambda reader, c=code: languages.get(c).name(reader),
                           fallback=lambda reader, f=fallback: languages.get(f).name(reader))
        story += columns(texts, style, width)
    return story


def gap(height: float = 6) -> Spacer:
    return Spacer(1, height)


class Document(BaseDocTemplate):
    """A one-frame document whose footer reads "page X of Y" in its language(s)."""

    def __init__(self, target, paper: str, lang: Lang, running_title: str,
                 footer: Callable[[int, int], str], progress: ProgressFn | None = None,
                 expected: int = 0, title: str = "", author: str = "",
                 chrome_size: float | None = None) -> None:
        """`chrome_size`: the running title's and page numbers' size (7.5 pt; large print
        asks for more)."""
        size = PAGE_SIZES.get(paper, LETTER)
        self.chrome_size = chrome_size or CHROME
        super().__init__(str(target), pagesize=size, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + 4, bottomMargin=MARGIN, title=title, author=author,
                         creator="CCSC Community Safety Toolkit", invariant=1,
                         lang=lang.pdf_lang)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._header)])
        self.languages, self.running_title, self.footer = lang, running_title, footer
        self.progress, self.expected, self.done = progress, max(expected, 1), 0

    def _header(self, canvas: Canvas, doc) -> None:
        if doc.page == 1:
            return
        canvas.saveState()
        canvas.setFillColor(GREY)
        fonts.draw_string(canvas, self.leftMargin, self.pagesize[1] - MARGIN + 6,
                          fitted_running_title(self.running_title, self.chrome_size,
                                               self.width),
                          self.chrome_size)
        canvas.setStrokeColor(LIGHT)
        canvas.line(self.leftMargin, self.pagesize[1] - MARGIN + 2,
                    self.pagesize[0] - self.rightMargin, self.pagesize[1] - MARGIN + 2)
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:  # noqa: N802 - reportlab API
        if self.progress:
            self.done += 1
            self.progress(min(0.99, self.done / self.expected))

    def build_story(self, story: list) -> None:
        footer, size, margin = self.footer, self.pagesize, self.rightMargin
        chrome = self.chrome_size

        class NumberedCanvas(Canvas):
            """Holds pages back until the end, so each footer can give the page count."""

            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self._held: list[dict] = []

            def showPage(self) -> None:  # noqa: N802 - reportlab API
                self._held.append(dict(self.__dict__))
                self._startPage()

            def save(self) -> None:
                total = len(self._held)
                for state in self._held:
                    self.__dict__.update(state)
                    self.saveState()
                    self.setFillColor(GREY)
                    text = footer(self._pageNumber, total)  # in any script: run by run
                    fonts.draw_string(self, size[0] - margin - fonts.string_width(text, chrome),
                                      MARGIN - 16, text, chrome)
                    self.restoreState()
                    super().showPage()
                super().save()

        self.build(story, canvasmaker=NumberedCanvas)
        if self.progress:
            self.progress(1.0)


def page_footer(lang: Lang) -> Callable[[int, int], str]:
    def footer(page: int, total: int) -> str:
        return "   ·   ".join(once(lang.texts(N_("Page {page} of {total}"), page=page,
                                             total=total)))
    return footer


def write_pdf(out: Path | str, build: Callable[[Path], None]) -> Path:
    """Build into a temporary file beside `out`, then rename it into place."""
    out = Path(out)
    with atomic_output(out) as tmp:
        build(tmp)
    return out
