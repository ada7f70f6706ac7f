"""HTML for Qt's rich text (QTextBrowser, QTextDocument), from a parsed piece.

Qt renders a subset of HTML 4 with a little CSS, so this HTML stays simple: tables with
attributes rather than style sheets, `<a name>` anchors for the table of contents, and
`guide:<slug>` links that the screen intercepts. Worksheet space is kept on screen too:
empty cells get two blank lines, `[[lines:N]]` becomes N rules, `- [ ]` a box.
"""

from __future__ import annotations

from html import escape

from toolkit.guides import markdown as md
from toolkit.guides.library import Library, Piece
from toolkit.i18n import N_, translate

CHECKBOX = "\u2610"  # ☐
RELATED = N_("Related guides and worksheets")
RELATED_ANCHOR = "related"  # the anchor of the related pieces' heading


def inline_html(runs) -> str:
    out = []
    for run in runs:
        if isinstance(run, md.Text):
            out.append(escape(run.text, quote=False))
        elif isinstance(run, md.Strong):
            out.append(f"<b>{inline_html(run.children)}</b>")
        elif isinstance(run, md.Emph):
            out.append(f"<i>{inline_html(run.children)}</i>")
        elif isinstance(run, md.Link):
            out.append(f'<a href="{escape(run.target)}">{inline_html(run.children)}</a>')
    return "".join(out)


def _list_html(block: md.ListBlock) -> str:
    tag = "ol" if block.ordered else "ul"
    boxes = any(item.checkbox for item in block.items)
    style = ' style="list-style-type: none;"' if boxes else ""
    items = []
    for item in block.items:
        box = f"{CHECKBOX}&nbsp;&nbsp;" if item.checkbox else ""
        children = "".join(_list_html(child) for child in item.children)
        items.append(f"<li>{box}{inline_html(item.inlines)}{children}</li>")
    return f"<{tag}{style}>{''.join(items)}</{tag}>"


def _table_html(block: md.Table) -> str:
    # 99 %: with collapsed borders at 100 % Qt overflows by a pixel and adds a scroll bar.
    head = "".join(f'<th bgcolor="#e8ecf1" align="left">{inline_html(c)}</th>'
                   for c in block.header)
    rows = []
    for row in block.rows:
        cells = []
        for cell in row:
            text = inline_html(cell).strip()
            cells.append(f"<td>{text or '&nbsp;<br/>&nbsp;'}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="6" width="99%" '
            'style="border-collapse: collapse; border-color: #8a94a0;">'
            f"<thead><tr>{head}</tr></thead>{''.join(rows)}</table>")


def blocks_html(blocks) -> str:
    out = []
    for block in blocks:
        if isinstance(block, md.Heading):
            size = "large" if block.level == 2 else "medium"
            out.append(f'<h{block.level} style="font-size: {size};"><a name="{block.anchor}">'
                       f"</a>{inline_html(block.inlines)}</h{block.level}>")
        elif isinstance(block, md.Paragraph):
            out.append(f"<p>{inline_html(block.inlines)}</p>")
        elif isinstance(block, md.ListBlock):
            out.append(_list_html(block))
        elif isinstance(block, md.Table):
            out.append(_table_html(block))
        elif isinstance(block, md.Quote):
            out.append('<table width="100%" cellpadding="10" cellspacing="0" border="0" '
                       'bgcolor="#eef3f8"><tr><td>' + blocks_html(block.blocks)
                       + "</td></tr></table>")
        elif isinstance(block, md.Lines):
            rules = "".join('<tr><td style="border-bottom: 1px solid #8a94a0;">&nbsp;</td></tr>'
                            for _ in range(block.count))
            out.append('<table width="100%" cellspacing="0" cellpadding="6" border="0" '
                       f'style="border-collapse: collapse;">{rules}</table>')
    return "\n".join(out)


def piece_body_html(piece: Piece, library: Library | None = None) -> str:
    """The piece's title, summary, text and related pieces, without <html> wrapping."""
    parts = [f'<h1 style="font-size: x-large;">{escape(piece.title, quote=False)}</h1>',
             f"<p><i>{escape(piece.summary, quote=False)}</i></p>",
             blocks_html(piece.blocks)]
    if library is not None and piece.related:
        links = [library.get(slug, piece.lang) for slug in piece.related if slug in library]
        if links:
            parts.append(f'<h2 style="font-size: large;"><a name="{RELATED_ANCHOR}"></a>'
                         f"{escape(translate(piece.lang, RELATED))}</h2>")
            parts.append("<ul>" + "".join(
                f'<li><a href="guide:{p.slug}">{escape(p.title, quote=False)}</a></li>'
                for p in links) + "</ul>")
    return "\n".join(parts)


def piece_html(piece: Piece, library: Library | None = None) -> str:
    return (f'<html lang="{piece.lang}"><body>{piece_body_html(piece, library)}'
            "</body></html>")


def pieces_html(pieces: list[Piece], library: Library | None = None) -> str:
    """Several pieces in one document, each starting on a new page when printed."""
    bodies = []
    for index, piece in enumerate(pieces):
        brk = ' style="page-break-before: always;"' if index else ""
        bodies.append(f"<div{brk}>{piece_body_html(piece, library)}</div>")
    return f"<html><body>{''.join(bodies)}</body></html>"
