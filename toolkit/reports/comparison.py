"""The comparison report: two rounds of one community's diagnosis side by side.

Built from the same `analysis` summaries as the summary report (load_parts), so disclosure
control is the one rule already applied there: a question appears with figures only when
neither round withheld it. Questions are matched by id, and only where both rounds asked the
same kind of question with the same choices (a new questionnaire version may change a
question); the others are listed as not comparable. Every proportion carries its Wilson 95 %
interval, and the report says in plain words that a change in a small sample may be chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Line
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Table, TableStyle

from toolkit import disclosure
from toolkit.errors import InputError
from toolkit.i18n import N_
from toolkit.intervals import overlap, wilson
from toolkit.pdf import fonts
from toolkit.questionnaire.model import OTHER, Question
from toolkit.questionnaire.roles import role_map
from toolkit.reports.findings import AGREE_KEYS, OPINION_KEYS
from toolkit.reports.labels import OTHER_TEXT, YESNO, Lang, day, num, pct
from toolkit.reports.layout import (
    LIGHT,
    Document,
    ProgressFn,
    cell,
    columns,
    gap,
    page_footer,
    paired,
    para,
    styles,
    write_pdf,
)
from toolkit.reports.summary import Part, ReportOptions, ReportResult, check_options, load_parts
from toolkit.rounds import Round, RoundService
from toolkit.store import Store
from toolkit.typography import once

COMPARED_TYPES = ("scale", "yesno", "single", "multi", "ranking", "number")
TREND_ROLES = ("safety_day", "safety_night", "trust", "key")


@dataclass
class Share:
    """One proportion in one round: `k` of `n` people, with its Wilson interval."""

    k: int
    n: int

    @property
    def value(self) -> float:
        return self.k / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.k, self.n)


@dataclass
class Measure:
    key: str  # "agree", "yes", a choice id, "mean"
    a: Share | float | None
    b: Share | float | None

    @property
    def may_be_chance(self) -> bool | None:
        if isinstance(self.a, Share) and isinstance(self.b, Share):
            return overlap(self.a.interval, self.b.interval)
        return None


@dataclass
class Row:
    question: Question
    status: str  # compared | hidden | changed | only_a | only_b | text
    measures: list[Measure] = field(default_factory=list)
    n_a: int | None = None
    n_b: int | None = None


@dataclass
class Comparison:
    round_a: Round
    round_b: Round
    part_a: Part
    part_b: Part
    rows: list[Row]
    threshold: int  # the one used: the asked one, raised to any package's the sessions came in

    def compared(self) -> list[Row]:
        return [r for r in self.rows if r.status == "compared"]

    def not_comparable(self) -> list[Row]:
        return [r for r in self.rows if r.status in ("changed", "only_a", "only_b")]


def _same_question(qa: Question, qb: Question) -> bool:
    return qa.type == qb.type and qa.choice_ids() == qb.choice_ids() and \
        qa.dont_know == qb.dont_know


def _measures(question: Question, sa, sb) -> list[Measure]:
    """The proportions compared for one question (both summaries not suppressed)."""
    t = question.type
    if t == "scale":
        def agree(s):
            n = sum(s.counts.get(k, 0) for k in OPINION_KEYS)
            return Share(sum(s.counts.get(k, 0) for k in AGREE_KEYS), n) if n else None
        return [Measure("agree", agree(sa), agree(sb))]
    if t == "yesno":
        def yes(s):
            n = s.counts.get("yes", 0) + s.counts.get("no", 0)
            return Share(s.counts.get("yes", 0), n) if n else None
        return [Measure("yes", yes(sa), yes(sb))]
    if t in ("single", "multi"):
        return [Measure(key, Share(sa.counts.get(key, 0), sa.n) if sa.n else None,
                        Share(sb.counts.get(key, 0), sb.n) if sb.n else None)
                for key in question.choice_ids()]
    if t == "ranking":  # the share of people who put each choice first
        return [Measure(key, Share(sa.first.get(key, 0), sa.n) if sa.n else None,
                        Share(sb.first.get(key, 0), sb.n) if sb.n else None)
                for key in question.choice_ids()]
    if t == "number":
        return [Measure("mean", (sa.stats or {}).get("mean"), (sb.stats or {}).get("mean"))]
    return []


def compare_parts(round_a: Round, round_b: Round, part_a: Part, part_b: Part,
                  threshold: int) -> Comparison:
    """Match the two rounds' questions by id; figures only where both sides show them."""
    qa = {q.id: q for q in part_a.instrument.questions}
    qb = {q.id: q for q in part_b.instrument.questions}
    summaries_a = {q.id: q for q in part_a.summary.questions}
    summaries_b = {q.id: q for q in part_b.summary.questions}
    order = [q.id for q in part_b.instrument.questions] + [
        q for q in qa if q not in qb]
    rows = []
    for qid in order:
        question = qb.get(qid) or qa[qid]
        if qid not in qb:
            rows.append(Row(question, "only_a"))
        elif qid not in qa:
            rows.append(Row(question, "only_b"))
        elif not _same_question(qa[qid], qb[qid]):
            rows.append(Row(question, "changed"))
        elif question.type not in COMPARED_TYPES:
            rows.append(Row(question, "text"))
        else:
            sa, sb = summaries_a.get(qid), summaries_b.get(qid)
            if sa is None or sb is None or sa.suppressed or sb.suppressed:
                rows.append(Row(question, "hidden"))  # the one disclosure rule, both sides
            else:
                rows.append(Row(question, "compared", _measures(question, sa, sb),
                                sa.people, sb.people))
    return Comparison(round_a, round_b, part_a, part_b, rows, threshold)


class RoundsError(InputError):
    message = N_("Choose two different rounds of the same community.")


def load_comparison(store: Store, ref_a: str, ref_b: str, options: ReportOptions,
                    community: str | None = None, overview=None) -> list[Comparison]:
    """The two rounds compared, by questionnaire. `overview` is the hub's list of imported
    sessions (toolkit.exchange.hub.overview, passed by the caller: reports sit below the
    exchange), needed when a round holds sessions received as summaries."""
    rounds = RoundService(store)
    a, b = rounds.get(ref_a, community), rounds.get(ref_b, community)
    if a.id == b.id or a.community_id != b.community_id:
        raise RoundsError()
    ids_a, ids_b = rounds.session_ids(a.id), rounds.session_ids(b.id)
    sums_a, sums_b = rounds.summary_ids(a.id), rounds.summary_ids(b.id)
    for r, ids in ((a, ids_a + sums_a), (b, ids_b + sums_b)):
        if not ids:
            raise InputError(N_("The round {name} has no sessions yet. Assign sessions with "
                                "'toolkit round assign'."), name=r.name)
    options = replace(options, threshold=package_threshold(
        store, ids_a + ids_b + sums_a + sums_b, options.threshold))
    parts_a = _round_parts(store, a, ids_a, sums_a, options, overview)
    parts_b = _round_parts(store, b, ids_b, sums_b, options, overview)
    common = [i for i in parts_b if i in parts_a]
    if not common:
        raise InputError(N_("The two rounds used no questionnaire in common."))
    return [compare_parts(a, b, parts_a[i], parts_b[i], options.threshold) for i in common]


def _round_parts(store: Store, rnd: Round, ids: list[str], summaries: list[str],
                 options: ReportOptions, overview) -> dict[str, Part]:
    """A round's figures by questionnaire. With respondents only: the summary report's own
    parts (versions pooled in the latest wording). At a hub, with sessions received as
    summaries: the hub report's parts (analysis.combine of the suppressed summaries), so
    what a community withheld stays withheld."""
    if not summaries:
        return {p.instrument.id: p for p in load_parts(store, ids, options)}
    from toolkit.reports.hub_report import load_hub_parts

    wanted = set(ids) | set(summaries)
    rows = [r for r in (overview(store) if overview else []) if r.session_id in wanted]
    if {r.session_id for r in rows} != wanted:  # a session made here beside summaries
        raise InputError(N_("The round {name} mixes sessions made on this computer with "
                            "sessions received as summaries; they cannot be added up."),
                         name=rnd.name)
    parts: dict[str, Part] = {}
    for part in load_hub_parts(store, rows, options, options.threshold).parts:
        if part.instrument.id in parts:
            raise InputError(N_("The round {name} holds summaries of two versions of one "
                                "questionnaire; they cannot be added up."), name=rnd.name)
        parts[part.instrument.id] = part
    return parts


def package_threshold(store: Store, session_ids: list[str], threshold: int) -> int:
    """At a hub, never below the threshold of any package the sessions came in."""
    marks = ",".join("?" * len(session_ids))
    sent = [t for (t,) in store.conn.execute(
        f"SELECT threshold FROM session_origins WHERE session_id IN ({marks}) UNION ALL "
        f"SELECT threshold FROM summary_sessions WHERE id IN ({marks})",
        session_ids + session_ids)]
    return disclosure.highest(threshold, sent)


# -- the document ---------------------------------------------------------------------------

DOT_A = colors.white
DOT_B = colors.Color(0.15, 0.15, 0.15)
CHART_W = 200


def trend_drawing(a: Share, b: Share, width: float = CHART_W) -> Drawing:
    """A 0-100 % line with round A (open dot) and round B (filled dot), each with its 95 %
    range as a bar: a trend across two rounds that reads in black and white."""
    d = Drawing(width, 24)
    x = lambda v: 4 + (width - 8) * v  # noqa: E731
    d.add(Line(x(0), 12, x(1), 12, strokeColor=LIGHT, strokeWidth=0.5))
    for tick in (0, 0.25, 0.5, 0.75, 1):
        d.add(Line(x(tick), 9, x(tick), 15, strokeColor=LIGHT, strokeWidth=0.5))
    for share, y, fill in ((a, 18, DOT_A), (b, 6, DOT_B)):
        low, high = share.interval
        d.add(Line(x(low), y, x(high), y, strokeColor=DOT_B, strokeWidth=1.2))
        d.add(Circle(x(share.value), y, 3.2, fillColor=fill, strokeColor=DOT_B,
                     strokeWidth=0.9))
    return d


def legend_drawing(labels: list[str], width: float = CHART_W) -> Drawing:
    d = Drawing(width, 24)
    fonts.register_fonts()
    for (text, y, fill) in ((labels[0], 17, DOT_A), (labels[1], 5, DOT_B)):
        d.add(Line(4, y + 2, 24, y + 2, strokeColor=DOT_B, strokeWidth=1.2))
        d.add(Circle(14, y + 2, 3.2, fillColor=fill, strokeColor=DOT_B, strokeWidth=0.9))
        for shape in fonts.shapes(30, y, text, 7.5):  # a round's name in any script
            d.add(shape)
    return d


class ComparisonReport:
    def __init__(self, comparisons: list[Comparison], options: ReportOptions,
                 width: float) -> None:
        self.comparisons, self.options, self.width = comparisons, options, width
        self.lang = Lang.of(options.lang)
        self.st = styles()
        first = comparisons[0]
        self.a, self.b = first.round_a, first.round_b

    def t(self, message: str, **values) -> list[str]:
        return self.lang.texts(message, **values)

    @property
    def title(self) -> list[str]:
        return self.t(N_("Comparison of two rounds"))

    def running_title(self) -> str:
        return f"{self.a.community} — " + " / ".join(once(self.title))

    def document_title(self) -> str:
        return " / ".join(once(self.title)) + f" — {self.a.community}: {self.a.name}, {self.b.name}"

    def _table(self, data, widths, header: bool = False) -> Table:
        table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0,
                      splitInRow=1)  # a row taller than a page goes on over the next
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]))
        return table

    # cover and the plain-language note ----------------------------------------------------
    def cover(self) -> list:
        st, t = self.st, self.t
        story = [gap(30)] + paired(t(N_("Community safety and well-being")), st["h2"])
        story += paired(self.title, st["title"])
        story.append(para(self.a.community, st["community"]))
        rows = []
        for label, rnd in ((N_("Round A"), self.a), (N_("Round B"), self.b)):
            dates = sorted({s.session_date for c in self.comparisons
                            for s in (c.part_a if rnd is self.a else c.part_b).sessions})
            when = [day(dates[0])(c) + ("" if len(dates) == 1 else " – " + day(dates[-1])(c))
                    for c in self.lang.codes]
            people = sum((c.part_a if rnd is self.a else c.part_b).summary.people
                         for c in self.comparisons)
            rows.append([cell(t(label), st["small"]), cell([rnd.name] * len(self.lang.codes),
                                                           st["h2"]),
                         cell(when, st["small"]),
                         cell(self.lang.ngettext("{n} person", "{n} people", people,
                                                 n=num(people)), st["small"])])
        story += [gap(14), self._table(rows, [70, self.width - 290, 130, 90])]
        story += [gap(18)] + columns(
            t(N_("Prepared on {date} with the CCSC Community Safety Toolkit. Results for groups "
                 "of fewer than {n} people are never shown, in either round."),
              date=day(date.today().isoformat()), n=self.options.threshold),
            st["small"], self.width)
        story += [gap(14)] + self.heading(t(N_("How to read this comparison")))
        for message in (
            N_("Each line gives the share of people in round A and in round B, and the change "
               "between them in percentage points."),
            N_("A change in a small sample may be chance. If different people had answered, "
               "the figures would be a little different. The range after each figure (a {level} "
               "interval, Wilson's method) shows where the true share most likely lies: with "
               "few people the range is wide."),
            N_("When the two ranges overlap, the change may be chance: it is marked “could be "
               "chance”. When they do not overlap, the change is unlikely to be chance alone."),
            N_("Questions asked differently in the two rounds, or asked in one round only, are "
               "not compared; they are listed at the end."),
        ):
            story += columns(t(message, level=pct(0.95)), st["body"], self.width) + [gap(4)]
        story.append(PageBreak())
        return story

    def heading(self, texts: list[str], style: str = "h1") -> list:
        return paired(texts, self.st[style])

    # labels -----------------------------------------------------------------------------
    def measure_label(self, question: Question, key: str) -> list[str]:
        if key == "agree":
            return self.t(N_("Agree or strongly agree"))
        if key == "yes":
            return self.t(YESNO["yes"])
        if key == "mean":
            return self.t(N_("Average"))
        if key == OTHER:
            return self.t(OTHER_TEXT)
        choice = question.choice(key)
        return self.lang.picks(choice.text) if choice else [key] * len(self.lang.codes)

    def share_text(self, share: Share | float | None) -> list[str]:
        if share is None:
            return ["—"] * len(self.lang.codes)
        if not isinstance(share, Share):
            return [num(share)(c) for c in self.lang.codes]
        low, high = share.interval
        return [f"{pct(share.value)(c)} ({pct(low)(c)}–{pct(high)(c)})"
                for c in self.lang.codes]

    def change_text(self, m: Measure) -> list[str]:
        if m.a is None or m.b is None:
            return ["—"] * len(self.lang.codes)
        if not isinstance(m.a, Share) or not isinstance(m.b, Share):
            assert not isinstance(m.a, Share) and not isinstance(m.b, Share)
            diff = m.b - m.a
            return [("+" if diff > 0 else "") + num(diff)(c) for c in self.lang.codes]
        points = round((m.b.value - m.a.value) * 100)
        texts = self.lang.ngettext("{sign}{n} point", "{sign}{n} points", abs(points),
                                   sign="+" if points > 0 else ("-" if points < 0 else ""),
                                   n=num(abs(points)))
        verdict = self.t(N_("could be chance") if m.may_be_chance else
                         N_("unlikely to be chance"))
        return [f"{x}, {v}" for x, v in zip(texts, verdict)]

    # trend chart -----------------------------------------------------------------------
    def trend(self, comparison: Comparison) -> list:
        roles = role_map(comparison.part_a.instrument) | role_map(comparison.part_b.instrument)
        rows = [r for r in comparison.compared()
                if roles.get(r.question.id) in TREND_ROLES and r.measures
                and isinstance(r.measures[0].a, Share) and isinstance(r.measures[0].b, Share)
                and r.question.type in ("scale", "yesno")]
        if not rows:
            return []
        st = self.st
        story = self.heading(self.t(N_("Key findings: round A and round B")))
        story += columns(self.t(N_("Open dot: round A. Filled dot: round B. The bar around "
                                   "each dot is its {level} range; the line runs from {none} "
                                   "to {all}."), level=pct(0.95), none=pct(0), all=pct(1)),
                         st["small"], self.width)
        legend = legend_drawing([self.a.name, self.b.name])
        data = [[cell([""], st["label"]), legend, cell([""], st["label"])]]
        for r in rows:
            m = r.measures[0]
            assert isinstance(m.a, Share) and isinstance(m.b, Share)  # key findings are shares
            data.append([cell(self.lang.picks(r.question.label), st["label"]),
                         trend_drawing(m.a, m.b),
                         cell(self.t(N_("{a} then {b}"), a=pct(m.a.value),
                                     b=pct(m.b.value)), st["value"])])  # no arrow in the font
        story += [gap(4), self._table(data, [self.width - CHART_W - 90, CHART_W + 8, 82])]
        return story + [gap(10)]

    # per question ----------------------------------------------------------------------
    def question_block(self, comparison: Comparison, row: Row) -> list:
        st, w = self.st, self.width
        number = comparison.part_b.instrument.numbers.get(row.question.id)
        labels = [f"{number}. {x}" if number else x for x in self.lang.picks(row.question.label)]
        block = paired(labels, st["h2"])
        block += columns(self.t(N_("People who answered: {a} in round A, {b} in round B."),
                                a=num(row.n_a or 0), b=num(row.n_b or 0)), st["small"], w)
        head = [cell([""], st["small"]), cell([self.a.name] * len(self.lang.codes), st["small"]),
                cell([self.b.name] * len(self.lang.codes), st["small"]),
                cell(self.t(N_("Change")), st["small"])]
        data = [head] + [[cell(self.measure_label(row.question, m.key), st["label"]),
                          cell(self.share_text(m.a), st["value"]),
                          cell(self.share_text(m.b), st["value"]),
                          cell(self.change_text(m), st["value"])] for m in row.measures]
        block.append(self._table(data, [w - 330, 110, 110, 110]))
        if row.question.type == "multi":
            block += columns(self.t(N_("People could choose more than one answer.")),
                             st["small"], w)
        if row.question.type == "ranking":
            block += columns(self.t(N_("Share of people who put each action first.")),
                             st["small"], w)
        return [KeepTogether(block + [gap(8)])]

    def sections(self, comparison: Comparison) -> list:
        story = []
        instrument = comparison.part_b.instrument
        by_id = {r.question.id: r for r in comparison.rows}
        for section in instrument.sections:
            rows = [by_id[q.id] for q in section.questions
                    if q.id in by_id and by_id[q.id].status in ("compared", "hidden")]
            if not rows:
                continue
            story += [CondPageBreak(220)] + self.heading(self.lang.picks(section.title))
            hidden = [r for r in rows if r.status == "hidden"]
            for row in rows:
                if row.status == "compared":
                    story += self.question_block(comparison, row)
            if hidden:
                names = ", ".join(str(instrument.numbers[r.question.id]) for r in hidden)
                story += columns(self.lang.ngettext(
                    "Not shown, because fewer than {n} people answered it in at least one of "
                    "the rounds: question {numbers}.",
                    "Not shown, because fewer than {n} people answered them in at least one of "
                    "the rounds: questions {numbers}.", len(hidden), n=self.options.threshold,
                    numbers=names), self.st["note"], self.width) + [gap(6)]
        return story

    def not_comparable(self, comparison: Comparison) -> list:
        rows = comparison.not_comparable()
        if not rows:
            return []
        reasons = {"changed": N_("asked differently (another kind of question or other "
                                 "choices)"),
                   "only_a": N_("asked in round A only"), "only_b": N_("asked in round B only")}
        st = self.st
        story = [CondPageBreak(150)] + self.heading(self.t(N_("Questions not compared")))
        data = [[cell(self.lang.picks(r.question.label), st["label"]),
                 cell(self.t(reasons[r.status]), st["small"])] for r in rows]
        story.append(self._table(data, [self.width - 170, 170]))
        text = [r for r in comparison.rows if r.status == "text"]
        if text:
            story += [gap(6)] + columns(self.lang.ngettext(
                "{n} question asks for written answers; written answers are not compared.",
                "{n} questions ask for written answers; written answers are not compared.",
                len(text), n=num(len(text))), st["small"], self.width)
        return story

    def story(self, progress: ProgressFn | None = None) -> list:
        story = self.cover()
        for i, comparison in enumerate(self.comparisons):
            if i:
                story.append(PageBreak())
            if len(self.comparisons) > 1:
                story += paired(self.lang.picks(comparison.part_b.instrument.title),
                                self.st["title"])
            story += self.trend(comparison)
            story += self.sections(comparison)
            story += self.not_comparable(comparison)
            if progress:
                progress((i + 1) / len(self.comparisons) * 0.3)
        return story


def render_comparison_report(comparisons: list[Comparison], out: Path | str,
                             options: ReportOptions,
                             progress: ProgressFn | None = None) -> ReportResult:
    pages = 0

    def build(tmp: Path) -> None:
        nonlocal pages
        lang = Lang.of(options.lang)
        probe = Document(tmp, options.paper, lang, "", page_footer(lang))
        report = ComparisonReport(comparisons, options, probe.width)
        story = report.story(progress)
        doc = Document(tmp, options.paper, lang, report.running_title(), page_footer(lang),
                       expected=len(story), title=report.document_title())
        doc.build_story(story)
        pages = doc.page

    return ReportResult(write_pdf(out, build), pages)


def build_comparison_report(store: Store, ref_a: str, ref_b: str, out: Path | str,
                            options: ReportOptions | None = None,
                            progress: ProgressFn | None = None,
                            community: str | None = None, overview=None) -> ReportResult:
    """Write the comparison of round `ref_a` (earlier) with round `ref_b` (later) to `out`."""
    options = options or ReportOptions()
    check_options(options)
    comparisons = load_comparison(store, ref_a, ref_b, options, community, overview)
    options = replace(options, threshold=comparisons[0].threshold)  # raised at a hub
    return render_comparison_report(comparisons, out, options, progress)
