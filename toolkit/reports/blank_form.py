"""The blank paper form of a questionnaire, for paper sessions keyed in later.

Questions are numbered as on screen, skip rules are written out in words ("Answer only if
you answered Yes to question 12"), every answer has a box to tick or a line to write on,
and a box at the top takes the paper form number that the facilitator types in when keying
the form, so a form is never entered twice.

Large print (`large_print=True`): every word on the page, page numbers included, is 14 pt or
more (the seniors' guide's own advice), in black rather than grey, with bigger boxes, wider
writing lines and one choice per row.
"""

from __future__ import annotations

from itertools import zip_longest
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import KeepTogether, Table, TableStyle

from toolkit.i18n import N_
from toolkit.questionnaire.model import Instrument, Question
from toolkit.reports.labels import AGREEMENT, OTHER_TEXT, YESNO, Lang, num, skip_rule_texts
from toolkit.reports.layout import (
    INK,
    LIGHT,
    Document,
    ProgressFn,
    cell,
    columns,
    fallback_note,
    gap,
    page_footer,
    paired,
    styles,
    write_pdf,
)
from toolkit.typography import once

BOX = 9
LARGE = 14  # points: the smallest text of a large-print form
LARGE_SCALE = 1.6  # boxes, lines and gaps of a large-print form, against the standard one


def large_styles() -> dict[str, ParagraphStyle]:
    """The report styles at large print: nothing under 14 pt, grey text made black."""
    out = {}
    for name, style in styles().items():
        size = max(LARGE, round(style.fontSize * 1.45, 1))
        out[name] = ParagraphStyle(name + "-large", style, fontSize=size,
                                   leading=round(size * 1.3, 1), textColor=INK)
    return out


def box(width: float = BOX, height: float = BOX) -> Drawing:
    drawing = Drawing(width, height + 1)
    drawing.add(Rect(0, 0.5, width, height, fillColor=colors.white, strokeColor=colors.black,
                     strokeWidth=0.8))
    return drawing


def lines(width: float, count: int, spacing: float = 18) -> Drawing:
    drawing = Drawing(width, count * spacing)
    for i in range(count):
        y = i * spacing + 1
        drawing.add(Line(0, y, width, y, strokeColor=colors.Color(0.45, 0.45, 0.45),
                         strokeWidth=0.5))
    return drawing


class BlankForm:
    def __init__(self, instrument: Instrument, lang: Lang, width: float,
                 large_print: bool = False) -> None:
        self.ins, self.lang, self.width = instrument, lang, width
        self.large = large_print
        self.k = LARGE_SCALE if large_print else 1.0  # boxes, lines, gaps
        self.st = large_styles() if large_print else styles()
        self.numbers = {q.id: i for i, q in enumerate(instrument.questions, start=1)}

    def box(self, width: float = BOX, height: float | None = None) -> Drawing:
        return box(width * self.k, (height if height is not None else width) * self.k)

    def lines(self, width: float, count: int) -> Drawing:
        return lines(width, count, 18 * self.k)

    def gap(self, height: float) -> object:
        return gap(height * self.k)

    def t(self, message: str, **values) -> list[str]:
        return self.lang.texts(message, **values)

    def _grid(self, rows: list[list], widths: list[float]) -> Table:
        table = Table(rows, colWidths=widths, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4), ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return table

    def _choice_rows(self, labels: list[list[str]], columns_: int = 2) -> Table:
        """Tick boxes, in columns when the labels are short enough."""
        st = self.st["label"]
        per = 1 if self.large else max(1, columns_)
        col_w = self.width / per
        tick = 16 * self.k
        rows, row = [], []
        for label in labels:
            row += [self.box(), cell(label, st)]
            if len(row) == 2 * per:
                rows.append(row)
                row = []
        if row:
            rows.append(row + [""] * (2 * per - len(row)))
        return self._grid(rows, [tick, col_w - tick] * per)

    def answer_area(self, q: Question) -> list:
        st, t, w = self.st, self.t, self.width
        if q.type == "scale":
            keys = list(AGREEMENT)
            labels = [cell(t(AGREEMENT[k]), st["small"]) for k in keys]
            col = w / len(keys)
            table = Table([[self.box() for _ in keys], labels], colWidths=[col] * len(keys),
                          hAlign="LEFT")
            table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, 0), "CENTER"),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("LINEBEFORE", (-1, 0), (-1, -1), 0.5, LIGHT)]))
            return [table]
        if q.type == "yesno":
            keys = ["yes", "no"] + (["dk"] if q.dont_know else [])
            return [self._choice_rows([t(YESNO[k]) for k in keys], 3)]
        if q.type in ("single", "multi"):
            labels = [self.lang.picks(c.text) for c in q.choices]
            long = any(len(x) > 38 for label in labels for x in label)
            out = []
            if q.type == "single":
                out += paired(t(N_("Tick one box.")), st["small"])
            else:
                out += paired(t(N_("Tick all that apply.")) if not q.max_choices else
                              self.lang.ngettext("Tick up to {n} box.", "Tick up to {n} boxes.",
                                                 q.max_choices, n=num(q.max_choices)),
                              st["small"])
            out.append(self._choice_rows(labels, 1 if long or self.lang.bilingual else 2))
            if q.other:
                tick = 16 * self.k
                out.append(self._grid([[self.box(), cell(t(OTHER_TEXT), st["label"]),
                                        self.lines(w * 0.55, 1)]],
                                      [tick, w * 0.45 - tick, w * 0.55]))
            return out
        if q.type == "ranking":
            top = q.top or len(q.choice_ids())
            out = paired(t(N_("Write 1 next to your first choice, 2 next to your second, and so "
                              "on, up to {n}."), n=num(top)), st["small"])
            labels = [self.lang.picks(c.text) for c in q.choices]
            if q.other:
                labels.append(t(OTHER_TEXT))
            out.append(self._choice_rows(labels, 1 if self.lang.bilingual else 2))
            return out
        if q.type == "votes":
            out = paired(t(N_("Write the number of votes next to each.")), st["small"])
            rows = [[self.box(28, 14), cell(self.lang.picks(c.text), st["label"])]
                    for c in q.choices]
            out.append(self._grid(rows, [36 * self.k, w - 36 * self.k]))
            return out
        if q.type == "number":
            unit = self.lang.picks(q.unit) if q.unit else None
            return [self._grid([[self.box(60, 16), cell(unit, st["label"]) if unit else ""]],
                               [70 * self.k, w - 70 * self.k])]
        count = 2 if q.type == "text" else 5
        return [self.gap(4), self.lines(w, count)]

    def skip_note(self, q: Question) -> list:
        texts = skip_rule_texts(self.ins, q, self.lang)
        return paired(texts, self.st["note"]) if texts else []

    def question(self, q: Question) -> list:
        number = self.numbers[q.id]
        labels = [f"{number}. {text}" + (" *" if q.required else "")
                  for text in self.lang.picks(q.label)]
        block = [self.gap(8)] + self.skip_note(q) + paired(labels, self.st["h2"])
        if q.help:
            block += paired(self.lang.picks(q.help), self.st["small"])
        block.append(self.gap(3))
        block += self.answer_area(q)
        return block

    def header(self) -> list:
        st, t, w = self.st, self.t, self.width
        form_no = self._grid([[cell(t(N_("Paper form number (filled in by the facilitator)")),
                                    st["small"]), self.box(110, 20)]],
                             [w - 120 * self.k, 120 * self.k])
        form_no.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                                     ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
        story = [form_no, gap(8)] + paired(self.lang.picks(self.ins.title), st["title"])
        consent = t(N_(
            "Taking part is voluntary. Do not write your name anywhere on this form. You can "
            "leave any question blank and stop at any time. By handing in this form you agree "
            "that your answers are added, anonymously, to the community's results."))
        story += [gap(4)]
        consent_table = Table([[columns(consent, st["body"], w - 16)]], colWidths=[w],
                              hAlign="LEFT")
        consent_table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                                           ("TOPPADDING", (0, 0), (-1, -1), 6),
                                           ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        story.append(consent_table)
        story += [gap(6)]
        # paragraph by paragraph side by side; a translation with fewer paragraphs loses none
        for paragraph in zip_longest(*self.lang.paragraphs(self.ins.intro), fillvalue=""):
            story += columns(list(paragraph), st["small"], w) + [gap(3)]
        if any(q.required for q in self.ins.questions):
            story += columns(t(N_("Questions marked * need an answer.")), st["small"], w)
        return story + fallback_note(self.lang, st["small"], w)

    def story(self) -> list:
        story = self.header()
        for section in self.ins.sections:
            heading = [self.gap(10)] + paired(self.lang.picks(section.title), self.st["h1"])
            if section.intro:
                heading += columns(self.lang.picks(section.intro), self.st["small"], self.width)
            for q in section.questions:
                story.append(KeepTogether(heading + self.question(q)))  # heading never alone
                heading = []
            if section.note:  # a closing note (support lines) printed after the section
                story += [gap(6)] + columns(self.lang.picks(section.note), self.st["body"],
                                            self.width)
        thanks = (self.lang.picks(self.ins.thanks) if self.ins.thanks
                  else self.t(N_("Thank you for taking part.")))
        story += [gap(16)] + columns(thanks, self.st["h2"], self.width)
        return story


def build_blank_form(instrument: Instrument, out: Path | str, lang: str = "en",
                     paper: str = "letter", progress: ProgressFn | None = None,
                     large_print: bool = False) -> int:
    """Write the blank form to `out` (in large print if asked); return its number of pages."""
    languages = Lang.of(lang)
    pages = 0

    def build(tmp: Path) -> None:
        nonlocal pages
        probe = Document(tmp, paper, languages, "", page_footer(languages))
        form = BlankForm(instrument, languages, probe.width, large_print)
        story = form.story()
        doc = Document(tmp, paper, languages, " / ".join(once(languages.picks(instrument.title))),
                       page_footer(languages), progress, expected=len(story),
                       title=" / ".join(once(languages.picks(instrument.title))),
                       chrome_size=LARGE if large_print else None)
        doc.build_story(story)
        pages = doc.page

    write_pdf(out, build)
    return pages
