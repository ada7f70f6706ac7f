"""Printable guides and worksheets: reportlab flowables from a parsed piece, and the PDF writer.

Worksheets keep their writing space on paper: `[[lines:N]]` prints N ruled lines, empty
table cells are tall enough to write in, `- [ ]` items get a drawn box (not a font glyph,
so nothing depends on a symbol font). Text goes through fonts.markup(), so every character
prints with our embedded Noto fonts. Pages are numbered "n / total". The file is written
to a temporary file and renamed into place (fileio.atomic_output).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from toolkit.fileio import atomic_output
from toolkit.guides import markdown as md
from toolkit.guides.library import LANGS, Library, Piece, bundled_library
from toolkit.i18n import N_, translate
from toolkit.pdf import fonts

PAPERS = ("letter", "a4")
RELATED = N_("Related guides and worksheets")
TOOLKIT = N_("CCSC Community Safety Toolkit")
INK = "#1f2a36"
RULE = "#8a94a0"
SHADE = "#e8ecf1"


def _styles():
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    ink = HexColor(INK)
    base = ParagraphStyle("body", fontName=fonts.SANS, fontSize=10.5, leading=14.5,
                          textColor=ink, spaceAfter=6)
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontName=fonts.SANS_BOLD, fontSize=20, leading=25,
                                spaceAfter=6),
        "summary": ParagraphStyle("summary", base, fontName=fonts.SANS_ITALIC, fontSize=11.5,
                                  leading=15.5, spaceAfter=12),
        "h2": ParagraphStyle("h2", base, fontName=fonts.SANS_BOLD, fontSize=14, leading=18,
                             spaceBefore=12, spaceAfter=6, keepWithNext=1),
        "h3": ParagraphStyle("h3", base, fontName=fonts.SANS_BOLD, fontSize=11.5, leading=15,
                             spaceBefore=8, spaceAfter=4, keepWithNext=1),
        "cell": ParagraphStyle("cell", base, fontSize=9.5, leading=12.5, spaceAfter=0),
        "head": ParagraphStyle("head", base, fontName=fonts.SANS_BOLD, fontSize=9.5,
                               leading=12.5, spaceAfter=0),
        "item": ParagraphStyle("item", base, spaceAfter=2),
    }


def inline_markup(runs, bold: bool = False) -> str:
    """`bold`: inside bold text (a heading's style, or **strong**), so syllabics are too."""
    out = []
    for run in runs:
        if isinstance(run, md.Text):
            out.append(fonts.markup(run.text, bold))
        elif isinstance(run, md.Strong):
            out.append(f"<b>{inline_markup(run.children, True)}</b>")
        elif isinstance(run, md.Emph):
            out.append(f"<i>{inline_markup(run.children, bold)}</i>")
        elif isinstance(run, md.Link):  # on paper, a link reads as its words
            out.append(inline_markup(run.children, bold))
    return "".join(out)


class _Flowables:
    """Builds reportlab flowables for blocks, given the frame width."""

    def __init__(self, width: float) -> None:
        from reportlab.lib.units import cm

        self.width = width
        self.styles = _styles()
        self.cm = cm

    def para(self, runs, style="body"):
        from reportlab.platypus import Paragraph

        chosen = self.styles[style]
        return Paragraph(inline_markup(runs, fonts.is_bold(chosen.fontName)), chosen)

    def blocks(self, blocks) -> list:
        out: list = []
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, md.Heading):
                out.append(self.para(block.inlines, f"h{block.level}"))
            elif isinstance(block, md.Paragraph):
                out.append(self.para(block.inlines))
                if isinstance(following, (md.Lines, md.Table)):
                    out[-1].keepWithNext = 1  # "write here:" stays with its writing space
            elif isinstance(block, md.ListBlock):
                out.append(self.list(block))
            elif isinstance(block, md.Table):
                out.append(self.table(block))
            elif isinstance(block, md.Quote):
                out.append(self.quote(block))
            elif isinstance(block, md.Lines):
                out.append(RuledLines(block.count, 0.9 * self.cm))
        return out

    def list(self, block: md.ListBlock):
        from reportlab.platypus import ListFlowable, ListItem, Spacer, Table, TableStyle

        if any(item.checkbox for item in block.items):
            rows = [[CheckBox(0.38 * self.cm), self.para(item.inlines, "item")]
                    for item in block.items]
            table = Table(rows, colWidths=[0.8 * self.cm, None], hAlign="LEFT")
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 2),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
            return table
        items = []
        for item in block.items:
            content = [self.para(item.inlines, "item")]
            for child in item.children:
                content.append(self.list(child))
            items.append(ListItem(content if len(content) > 1 else content[0]))
        kind = dict(bulletType="1", bulletFormat="%s.") if block.ordered else dict(
            bulletType="bullet", start="•")
        return ListFlowable(items, bulletFontName=fonts.SANS, bulletFontSize=10.5,
                            leftIndent=16, spaceAfter=6, **kind) if items else Spacer(0, 0)

    def table(self, block: md.Table):
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Spacer, Table, TableStyle

        columns = len(block.header)
        data = [[self.para(c, "head") for c in block.header]]
        for row in block.rows:
            data.append([self.para(c, "cell") if md.plain(c).strip()
                         else Spacer(1, 0.85 * self.cm) for c in row])
        widths = _column_widths(block, self.width)
        table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.6, HexColor(RULE)),
            ("BACKGROUND", (0, 0), (-1, 0), HexColor(SHADE)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        table.spaceAfter = 8
        assert columns == len(widths)
        return table

    def quote(self, block: md.Quote):
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Table, TableStyle

        inner = self.blocks(block.blocks)
        table = Table([[inner]], colWidths=[self.width])
        table.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), HexColor("#eef3f8")),
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, HexColor("#5b7a99")),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        table.spaceBefore, table.spaceAfter = 4, 10
        return table


def _column_widths(block: md.Table, width: float) -> list[float]:
    """Even columns, except: a label column beside a single write-in column gets 45 %, and
    a column of row numbers ("No." 1, 2, 3...) is just wide enough for them."""
    columns = len(block.header)
    labelled = all(md.plain(row[0]).strip() for row in block.rows)
    if columns == 2 and labelled and block.rows:
        return [width * 0.45, width * 0.55]
    narrow = [bool(block.rows) and all(md.plain(row[c]).strip().isdigit()
                                       and len(md.plain(row[c]).strip()) <= 3
                                       for row in block.rows)
              for c in range(columns)]
    if any(narrow) and not all(narrow):
        small = 42.0  # points: room for "No." in bold with padding
        rest = (width - small * sum(narrow)) / (columns - sum(narrow))
        return [small if n else rest for n in narrow]
    return [width / columns] * columns


@lru_cache(maxsize=1)
def _flowable_classes():
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Flowable

    class _RuledLines(Flowable):
        """N lines to write on, as wide as the frame."""

        def __init__(self, count: int, gap: float) -> None:
            super().__init__()
            self.count, self.gap = count, gap

        def wrap(self, avail_width, avail_height):
            self.width = avail_width
            return avail_width, self.count * self.gap + 6

        def draw(self):
            self.canv.setStrokeColor(HexColor(RULE))
            self.canv.setLineWidth(0.6)
            for n in range(1, self.count + 1):
                y = self.count * self.gap + 6 - n * self.gap
                self.canv.line(0, y, self.width, y)

    class _CheckBox(Flowable):
        def __init__(self, side: float) -> None:
            super().__init__()
            self.side = side

        def wrap(self, avail_width, avail_height):
            return self.side, self.side + 2

        def draw(self):
            self.canv.setStrokeColor(HexColor(INK))
            self.canv.setLineWidth(0.8)
            self.canv.rect(0, 0, self.side, self.side)

    return _RuledLines, _CheckBox


def RuledLines(count: int, gap: float):  # noqa: N802 - a flowable factory
    return _flowable_classes()[0](count, gap)


def CheckBox(side: float):  # noqa: N802 - a flowable factory
    return _flowable_classes()[1](side)


NOT_TRANSLATED = N_("This piece is not translated into {language} yet: it is shown in "
                    "{fallback}.")


def piece_flowables(piece: Piece, width: float, library: Library | None = None,
                    asked: str | None = None) -> list:
    """`asked`: the language the piece was wanted in; when the library gave it in another
    (a guide not yet translated), its title is marked and a line says so."""
    from reportlab.platypus import Paragraph

    from toolkit import languages
    from toolkit.typography import marked

    build = _Flowables(width)
    fell_back = asked is not None and asked != piece.lang
    title = marked(piece.title, piece.lang) if fell_back else piece.title
    out = [_FooterMark(piece.title),
           Paragraph(fonts.markup(title, True), build.styles["title"])]
    if asked is not None and fell_back:
        note = translate(asked, NOT_TRANSLATED).format(
            language=languages.get(asked).name(asked), fallback=languages.get(piece.lang)
            .name(asked))
        out.append(Paragraph(fonts.markup(note), build.styles["summary"]))
    out.append(Paragraph(fonts.markup(piece.summary), build.styles["summary"]))
    out += build.blocks(piece.blocks)
    if library is not None and piece.related:
        titles = [library.get(s, piece.lang).title for s in piece.related if s in library]
        if titles:
            out.append(Paragraph(fonts.markup(translate(piece.lang, RELATED), True),
                                     build.styles["h2"]))
            out.append(build.list(md.ListBlock(False, [md.ListItem((md.Text(t),))
                                                         for t in titles])))
    return out


def _FooterMark(text: str):  # noqa: N802 - a flowable factory
    """A zero-size flowable that sets the footer text from the page it lands on."""
    from reportlab.platypus import Flowable

    class Mark(Flowable):
        def wrap(self, *_args):
            return 0, 0

        def draw(self):
            self.canv._guide_footer = text  # noqa: SLF001 - read by the numbered canvas

    return Mark()


def _numbered_canvas():
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Remembers every page, then writes 'title · n / total' on each when saving."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []
            self._guide_footer = ""

        def showPage(self):  # noqa: N802 - reportlab API
            state = dict(self.__dict__)
            state["_footer_for_page"] = self._guide_footer
            self._pages.append(state)
            self._startPage()

        def save(self):
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setStrokeColor(HexColor(RULE))
                self.setFillColor(HexColor(INK))
                footer = state["_footer_for_page"]
                if footer:
                    fonts.draw_string(self, 56, 30, footer[:90], 8.5)
                label = f"{number} / {total}"
                self.setFont(fonts.SANS, 8.5)
                self.drawRightString(width - 56, 30, label)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def write_pdf(slugs: list[str] | str, out: Path | str, mode: str = "en", paper: str = "letter",
              library: Library | None = None, first: str = "en") -> Path:
    """Write the pieces `slugs` to `out` in English, French or both (`mode` "bilingual":
    each piece in `first` language, then the other, each starting on a new page)."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    from toolkit import languages

    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper!r}")
    library = library or bundled_library()
    slugs = [slugs] if isinstance(slugs, str) else list(slugs)
    langs = (list(languages.parse_mode(mode)) if mode != languages.BILINGUAL
             else [first, *[lang for lang in LANGS if lang != first]])
    pieces: list[tuple[Piece, str]] = []  # (piece, the language it was asked for)
    for slug in slugs:
        for lang in langs:
            piece = library.get(slug, lang)
            if all(p is not piece for p, _asked in pieces):  # "iu+en": English once
                pieces.append((piece, lang))
    fonts.register_fonts()
    out = Path(out)
    margin = 2 * cm
    with atomic_output(out) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=LETTER if paper == "letter" else A4, leftMargin=margin,
            rightMargin=margin, topMargin=1.8 * cm, bottomMargin=2 * cm,
            title=" / ".join(dict.fromkeys(p.title for p, _asked in pieces)),
            author=translate(langs[0], TOOLKIT), lang=languages.get(langs[0]).pdf_lang)
        story: list = []
        for index, (piece, asked) in enumerate(pieces):
            if index:
                story.append(PageBreak())
            story += piece_flowables(piece, doc.width - 12, library, asked)  # frame padding
        doc.build(story, canvasmaker=_numbered_canvas())
    return out
