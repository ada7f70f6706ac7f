"""Charts that read in black and white: every bar carries its own label and value.

A chart is a table of rows (label | bar | value), each bar a small reportlab Drawing, so long
labels in two languages wrap instead of overlapping, and the reader never needs a colour
legend. "Don't know" bars are outlined and hatched rather than filled, so they stand apart
from opinions on a grey-scale printer too.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from toolkit.reports.layout import LIGHT, cell, styles

BAR_WIDTH = 170
BAR_HEIGHT = 9
FILL = colors.Color(0.3, 0.3, 0.3)


@dataclass
class Row:
    labels: list[str]  # one per language
    value: float
    values: list[str]  # the printed value, one per language
    muted: bool = False  # "don't know" and similar: outlined, hatched


def bar(value: float, top: float, muted: bool = False, width: float = BAR_WIDTH) -> Drawing:
    drawing = Drawing(width, BAR_HEIGHT + 2)
    drawing.add(Rect(0, 1, width, BAR_HEIGHT, fillColor=None, strokeColor=LIGHT,
                     strokeWidth=0.4))
    length = 0 if top <= 0 else max(0.0, width * value / top)
    if length > 0:
        if muted:
            drawing.add(Rect(0, 1, length, BAR_HEIGHT, fillColor=colors.white,
                             strokeColor=FILL, strokeWidth=0.6))
            x = 3.0
            while x < length:
                drawing.add(Line(x, 1, min(x + 3, length), BAR_HEIGHT + 1, strokeColor=FILL,
                                 strokeWidth=0.4))
                x += 4
        else:
            drawing.add(Rect(0, 1, length, BAR_HEIGHT, fillColor=FILL, strokeColor=None))
    return drawing


def bar_chart(rows: list[Row], width: float, top: float | None = None) -> Table:
    """Horizontal bars, one row each, labelled directly on both sides."""
    st = styles()
    top = top if top is not None else max((r.value for r in rows), default=0)
    label_w = width - BAR_WIDTH - 112
    data = [[cell(r.labels, st["label"]), bar(r.value, top, r.muted), cell(r.values, st["value"])]
            for r in rows]
    table = Table(data, colWidths=[label_w, BAR_WIDTH + 8, 104], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, 0), (-1, -2), 0.25, LIGHT),
    ]))
    return table


def figures(items: list[tuple[list[str], list[str]]], width: float) -> Table:
    """Summary figures side by side: a caption above a large value, for number questions."""
    st = styles()
    col = width / max(len(items), 1)
    captions = [cell(caption, st["small"]) for caption, _value in items]
    values = [cell(value, st["figure"]) for _caption, value in items]
    table = Table([values, captions], colWidths=[col] * len(items), hAlign="LEFT")
    table.setStyle(TableStyle([
        ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, LIGHT), ("LINEBEFORE", (1, 0), (-1, -1), 0.5, LIGHT),
        ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
    ]))
    return table
