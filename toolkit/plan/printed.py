"""The printed plan (reportlab, the reports' styles and language modes).

Pages: a cover; what the diagnosis found (the latest round's candidates, figures through
toolkit.plan.seeding, so through analysis and disclosure); the priorities; the action table;
the logic model (inputs → activities → outputs → outcomes) drawn per priority; the
indicators with baseline, target and latest value; and a one-page "what we heard, what we
will do" sheet to post in the community. Our words come from the catalogs in each language
of the mode (reports.labels.Lang); what the committee typed is printed once, as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Polygon
from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    Table,
    TableStyle,
)

from toolkit.i18n import N_, format_percent, translate
from toolkit.plan.model import ACTION_STATUSES, AREAS, ASSET_KINDS, HORIZONS, Priority
from toolkit.plan.seeding import (
    Candidate,
    Measure,
    RoundValue,
    Seeds,
    candidates,
    latest,
    questions_for,
    source_figures,
    values_for,
)
from toolkit.plan.service import PlanService, PlanVersion
from toolkit.plan.text import dates_text
from toolkit.plan.words import figure_text, measure_text, value_text
from toolkit.reports import charts
from toolkit.reports.labels import Lang, day, num
from toolkit.reports.layout import (
    GREY,
    INK,
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
from toolkit.reports.summary import ReportOptions, ReportResult, check_options
from toolkit.rounds import RoundService
from toolkit.store import Store

ARROW_W = 14
SHEET_FINDINGS = 5  # "what we heard": at most this many findings on the one-page sheet
SHEET_ACTIONS = 2  # actions named per priority on the sheet


def arrow(height: float = 20) -> Drawing:
    """A right-pointing arrow between two boxes of the logic model."""
    d = Drawing(ARROW_W, height)
    mid = height / 2
    d.add(Line(1, mid, ARROW_W - 5, mid, strokeColor=INK, strokeWidth=1.2))
    d.add(Polygon([ARROW_W - 6, mid + 4, ARROW_W - 1, mid, ARROW_W - 6, mid - 4],
                  fillColor=INK, strokeColor=INK, strokeWidth=0.5))
    return d


@dataclass(frozen=True)
class PlanFacts:
    """Everything the printed plan reads from the store, read at once (load_facts), so the
    laying out touches no database and can run in a worker thread."""

    shown: PlanVersion
    values: dict
    seeded: dict
    questions: dict
    seeds: Seeds | None  # the latest round with sessions: what the diagnosis found


def load_facts(store: Store, shown: PlanVersion, threshold: int) -> PlanFacts:
    """The plan's figures, under disclosure control at `threshold`."""
    rounds = RoundService(store)
    with_sessions = [r for r in rounds.list(shown.plan.community_id) if r.sessions]
    seeds = candidates(store, with_sessions[-1].id, threshold) if with_sessions else None
    return PlanFacts(shown, values_for(store, shown, threshold),
                     source_figures(store, shown.plan, threshold),
                     questions_for(store, shown.plan.community_id), seeds)


class PlanReport:
    def __init__(self, facts: PlanFacts, options: ReportOptions, width: float,
                 height: float) -> None:
        self.shown, self.plan = facts.shown, facts.shown.plan
        self.options, self.width, self.height = options, width, height
        self.lang = Lang.of(options.lang)
        self.st = styles()
        self.register = {a.id: a for a in self.plan.assets}
        self.values, self.seeded = facts.values, facts.seeded
        self.questions, self.seeds = facts.questions, facts.seeds

    # helpers ---------------------------------------------------------------------------
    def t(self, message: str, **values) -> list[str]:
        return self.lang.texts(message, **values)

    def same(self, text: str) -> list[str]:
        """What the committee typed: the same words in every language column."""
        return [text] * len(self.lang.codes)

    def heading(self, texts: list[str], style: str = "h1") -> list:
        """A heading in each language; the committee's words (the same in all) once."""
        return paired(list(dict.fromkeys(texts)), self.st[style])

    def each(self, fn) -> list[str]:
        return [fn(code) for code in self.lang.codes]

    @property
    def title(self) -> list[str]:
        if self.plan.title:
            return self.same(self.plan.title)
        return self.t(N_("Community safety and well-being plan"))

    def running_title(self) -> str:
        return f"{self.shown.community} — " + " / ".join(dict.fromkeys(self.title))

    def table(self, data, widths, header: bool = False, grid: bool = False) -> Table:
        table = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0,
                      splitInRow=1)  # a row taller than a page goes on over the next
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
                 ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                 ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
        if header:
            style.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY))
        if grid:
            style.append(("GRID", (0, 0), (-1, -1), 0.25, LIGHT))
        table.setStyle(TableStyle(style))
        return table

    def area(self, p: Priority) -> list[str]:
        return self.t(AREAS[p.area]) if p.area else self.t(N_("Area not chosen yet"))

    # cover -----------------------------------------------------------------------------
    def cover(self) -> list:
        st = self.st
        story = [gap(30)] + paired(self.t(N_("Community safety and well-being")), st["h2"])
        story += self.heading(self.title, "title")
        story.append(para(self.shown.community, st["community"]))
        rows = [
            (self.t(N_("Version")), self.t(N_("Version {n}, saved {date}"),
                                           n=self.shown.version,
                                           date=day(self.shown.saved_at[:10]))),
            (self.t(N_("Priorities")), self.each(num(len(self.plan.priorities)))),
        ]
        actions = sum(len(p.actions) for p in self.plan.priorities)
        rows.append((self.t(N_("Actions")), self.each(num(actions))))
        if self.seeds is not None:
            rows.append((self.t(N_("Diagnosis")), self.lang.ngettext(
                "Round {name}: {n} person", "Round {name}: {n} people", self.seeds.people,
                name=self.seeds.round.name, n=num(self.seeds.people))))
        story.append(gap(14))
        story.append(self.table([[cell(label, st["small"]), cell(value, st["body"])]
                                 for label, value in rows], [120, self.width - 120]))
        story += [gap(18)] + columns(self.t(N_(
            "Prepared on {date} with the CCSC Community Safety Toolkit. Figures from the "
            "diagnosis are shown only when at least {n} people answered."),
            date=day(date.today().isoformat()), n=self.options.threshold),
            st["small"], self.width)
        if self.shown.read_only:
            story += [gap(6)] + columns(self.t(N_("This copy was received in a package; the "
                                                  "community keeps the plan up to date.")),
                                        st["small"], self.width)
        story.append(PageBreak())
        return story

    # what the diagnosis found ----------------------------------------------------------
    def measure_texts(self, measures: list[Measure]) -> list[str]:
        return self.each(lambda c: "; ".join(measure_text(m, c) for m in measures))

    def found(self) -> list:
        st = self.st
        story = self.heading(self.t(N_("What the diagnosis found")))
        if self.seeds is None:
            return story + columns(self.t(N_("No diagnosis round with sessions yet.")),
                                   st["note"], self.width) + [gap(8)]
        story += columns(self.lang.ngettext(
            "From the round {name}: {n} person took part.",
            "From the round {name}: {n} people took part.", self.seeds.people,
            name=self.seeds.round.name, n=num(self.seeds.people)), st["body"], self.width)
        charts_: dict[tuple[str, str, str], list[Candidate]] = {}
        for c in self.seeds.candidates:
            key = (c.source.kind, c.source.instrument_id,  # concerns: one chart
                   "" if c.source.kind == "finding" else c.source.question_id)
            charts_.setdefault(key, []).append(c)
        for (kind, _instrument, _question), items in charts_.items():
            story.append(KeepTogether(self.chart(kind, items)))
        if self.seeds.withheld:
            story += [gap(4)] + columns(self.lang.ngettext(
                "{questions} question offered nothing here, because fewer than {n} people "
                "answered it.", "{questions} questions offered nothing here, because fewer "
                "than {n} people answered them.", len(self.seeds.withheld),
                questions=num(len(self.seeds.withheld)), n=self.options.threshold),
                st["note"], self.width)
        return story + [gap(8)]

    def chart(self, kind: str, items: list[Candidate]) -> list:
        """One question's candidates as a bar chart, with what its figures count."""
        st = self.st
        group = items[0].group
        people = items[0].measures[0].n
        if kind == "finding":
            title, note = N_("Strongest concerns"), N_(
                "Share of the people who gave an opinion who agree or strongly agree, and how "
                "many gave one.")
        elif kind == "ranking":
            title = N_("What group sessions ranked first") if group else \
                N_("What people ranked first for action")
            note = N_("Ranking points (a first choice counts most), from {n} people.")
        else:
            title, note = N_("What group sessions voted for"), N_(
                "Votes in group sessions where {n} people took part.")
        top = max((c.measures[0].share or 0) if kind == "finding" else c.measures[0].k
                  for c in items) or 1
        rows = [charts.Row(self.lang.picks(c.title),
                           (c.measures[0].share or 0) if kind == "finding" else c.measures[0].k,
                           self.each(lambda code, c=c: measure_text(c.measures[0], code,
                                                                    short=True)))
                for c in items]
        return self.heading(self.t(title), "h2") + [
            gap(2), charts.bar_chart(rows, self.width, 1.0 if kind == "finding" else top)] + \
            columns(self.t(note, n=num(people)), st["small"], self.width) + [gap(4)]

    # priorities ------------------------------------------------------------------------
    def priority_block(self, i: int, p: Priority) -> list:
        st, w = self.st, self.width
        block = [CondPageBreak(120)] + self.heading(self.same(f"{i}. {p.title}"), "h2")
        block += columns(self.area(p), st["small"], w)
        rows = []
        for candidate in self.seeded.get(p.id, []):
            rows.append((self.t(N_("From the diagnosis")),
                         self.each(lambda c, cand=candidate: (
                             "“" if c == "en" else "«\u00a0") + self._pick(cand, c) + (
                             "”" if c == "en" else "\u00a0»") + " — " + "; ".join(
                             measure_text(m, c) for m in cand.measures))))
        if p.risk_factors:
            rows.append((self.t(N_("Risk factors")), self.same("; ".join(p.risk_factors))))
        if p.protective_factors:
            rows.append((self.t(N_("Protective factors")),
                         self.same("; ".join(p.protective_factors))))
        if p.assets:
            rows.append((self.t(N_("Assets we build on")), self.each(
                lambda c: "; ".join(self._asset(a, c) for a in p.assets))))
        if p.outputs:
            rows.append((self.t(N_("Outputs")), self.same("; ".join(p.outputs))))
        for horizon, label in HORIZONS.items():
            items = getattr(p.outcomes, horizon)
            if items:
                rows.append((self.t(label), self.same("; ".join(items))))
        if not rows and not p.actions:
            rows.append((self.t(N_("Still to plan")), self.t(N_("No actions or outcomes yet."))))
        if rows:
            block.append(self.table([[cell(label, st["small"]), cell(value, st["body"])]
                                     for label, value in rows], [110, w - 110]))
        return [KeepTogether(block), gap(10)]

    def _pick(self, candidate: Candidate, code: str) -> str:
        return candidate.title_in(code)

    def _asset(self, asset_id: str, code: str) -> str:
        a = self.register[asset_id]
        details = [translate(code, ASSET_KINDS[a.kind])] + ([a.sector] if a.sector else [])
        return f"{a.name} ({', '.join(details)})"

    def priorities(self) -> list:
        story = [CondPageBreak(200)] + self.heading(self.t(N_("Our priorities")))
        if not self.plan.priorities:
            return story + columns(self.t(N_("No priorities yet.")), self.st["note"],
                                   self.width)
        for i, p in enumerate(self.plan.priorities, 1):
            story += self.priority_block(i, p)
        return story

    # action table ----------------------------------------------------------------------
    def actions(self) -> list:
        st, w = self.st, self.width
        rows = [(i, p, a) for i, p in enumerate(self.plan.priorities, 1) for a in p.actions]
        story = [PageBreak()] + self.heading(self.t(N_("Action plan")))
        if not rows:
            return story + columns(self.t(N_("No actions yet.")), st["note"], w)
        head = [cell(self.t(x), st["small"]) for x in (
            N_("Priority"), N_("Action"), N_("Lead and partners"), N_("When"),
            N_("Resources"), N_("Status"))]
        data = [head]
        for i, p, a in rows:
            who = "; ".join([a.lead] + ([", ".join(a.partners)] if a.partners else [])) \
                if a.lead else ", ".join(a.partners)
            data.append([cell(self.same(f"{i}. {p.title}"), st["label"]),
                         cell(self.same(a.what), st["label"]),
                         cell(self.same(who or "—"), st["label"]),
                         cell(self.each(lambda c, a=a: dates_text(a, c) or "—"), st["label"]),
                         cell(self.same(a.resources or "—"), st["label"]),
                         cell(self.t(ACTION_STATUSES[a.status]), st["label"])])
        fixed = [w * 0.17, w * 0.27, w * 0.18, w * 0.14, w * 0.13]
        story.append(self.table(data, fixed + [w - sum(fixed)], header=True))
        return story

    # logic model -----------------------------------------------------------------------
    def logic_model(self) -> list:
        st, w = self.st, self.width
        story = [PageBreak()] + self.heading(self.t(N_("Logic model")))
        story += columns(self.t(N_("For each priority: what we put in, what we do, what that "
                                   "produces, and the changes we expect.")), st["body"], w)
        box = (w - 3 * ARROW_W) / 4
        names = [N_("Inputs"), N_("Activities"), N_("Outputs"), N_("Outcomes")]
        head: list = []
        for k, name in enumerate(names):
            head.append(cell(self.t(name), st["h2"]))
            if k < 3:
                head.append("")
        widths = [box, ARROW_W] * 3 + [box]
        story += [gap(6), self.table([head], widths)]
        for i, p in enumerate(self.plan.priorities, 1):
            inputs = [self._asset_name(a) for a in p.assets] + [
                x.resources for x in p.actions if x.resources]
            activities = [x.what for x in p.actions]
            outcomes: list = []  # per term: its name in each language, then the items
            for horizon, label in HORIZONS.items():
                items = getattr(p.outcomes, horizon)
                if items:
                    outcomes += cell(self.t(label), st["small"])
                    outcomes += [x for text in items for x in cell(["• " + text], st["label"])]
            columns_ = [[self.same(x) for x in inputs], [self.same(x) for x in activities],
                        [self.same(x) for x in p.outputs]]
            row = []
            for items in columns_:
                flow = []
                for texts in items:
                    flow += cell(["• " + t for t in texts], st["label"])
                row += [flow or cell(["—"], st["small"]), arrow()]
            row.append(outcomes or cell(["—"], st["small"]))
            table = Table([row], colWidths=widths, hAlign="LEFT", splitInRow=1)
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (0, 0), 0.8, INK), ("BOX", (2, 0), (2, 0), 0.8, INK),
                ("BOX", (4, 0), (4, 0), 0.8, INK), ("BOX", (6, 0), (6, 0), 0.8, INK),
                ("BACKGROUND", (0, 0), (0, 0), colors.Color(0.95, 0.95, 0.95)),
                ("BACKGROUND", (6, 0), (6, 0), colors.Color(0.95, 0.95, 0.95)),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (1, 0), (1, 0), 0), ("LEFTPADDING", (3, 0), (3, 0), 0),
                ("LEFTPADDING", (5, 0), (5, 0), 0), ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("RIGHTPADDING", (3, 0), (3, 0), 0), ("RIGHTPADDING", (5, 0), (5, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]))
            story.append(KeepTogether(self.heading(self.same(f"{i}. {p.title}"), "h2")
                                      + [gap(3), table, gap(10)]))
        if not self.plan.priorities:
            story += columns(self.t(N_("No priorities yet.")), st["note"], w)
        return story

    def _asset_name(self, asset_id: str) -> str:
        return self.register[asset_id].name

    # indicators ------------------------------------------------------------------------
    def indicators(self) -> list:
        st, w = self.st, self.width
        story = [CondPageBreak(250)] + self.heading(self.t(N_("Indicators")))
        rows = [(i, p, ind) for i, p in enumerate(self.plan.priorities, 1)
                for ind in p.indicators]
        if not rows:
            return story + columns(self.t(N_("No indicators yet.")), st["note"], w)
        story += columns(self.t(N_("Where an indicator follows a question of the diagnosis, "
                                   "its value is taken from each round; a value is shown only "
                                   "when at least {n} people answered."),
                                n=self.options.threshold), st["small"], w) + [gap(4)]
        head = [cell(self.t(x), st["small"]) for x in (
            N_("Indicator"), N_("Baseline"), N_("Target"), N_("Latest value"),
            N_("Data source"))]
        data = [head]
        for i, _p, ind in rows:
            definition = cell(self.same(f"{i}. {ind.definition}"), st["label"])
            if ind.figure:
                q = self.questions.get((ind.figure.instrument_id, ind.figure.question_id))
                definition += cell(self.each(lambda c, f=ind.figure, q=q: figure_text(f, q, c)),
                                   st["small"])
            values: list[RoundValue] = self.values.get(ind.id, [])
            last = latest(values)
            if ind.figure is None:
                value_cell = cell(["—"], st["value"])
            elif last is None:  # withheld, or not asked: say which
                value_cell = cell(self.each(lambda c, v=values: value_text(
                    v[-1] if v else None, c)), st["small"])
            else:
                value_cell = cell(self.each(lambda c, v=last: value_text(v, c)), st["value"])
                value_cell += cell(self.same(last.round_name), st["small"])
                for v in values:
                    if v is not last and v.status == "shown":
                        value_cell += cell(self.each(lambda c, v=v: f"{v.round_name}"
                                                     f"{_colon(c)}{value_text(v, c)}"),
                                           st["small"])
            source = ind.data_source or ("—" if ind.figure is None else "")
            data.append([definition, cell(self.same(ind.baseline or "—"), st["value"]),
                         cell(self.same(ind.target or "—"), st["value"]), value_cell,
                         cell(self.same(source) if source else self.t(N_("The diagnosis")),
                              st["small"])])
        fixed = [w * 0.36, w * 0.13, w * 0.13, w * 0.22]
        story.append(self.table(data, fixed + [w - sum(fixed)], header=True))
        return story

    # the one-page sheet ----------------------------------------------------------------
    def sheet(self) -> list:
        """What we heard, what we will do: one page, large type, to post in the community."""
        st, w = self.st, self.width
        big = dict(st)
        from reportlab.lib.styles import ParagraphStyle

        big["title"] = ParagraphStyle("sheet-title", st["title"], fontSize=24, leading=29)
        big["h1"] = ParagraphStyle("sheet-h1", st["h1"], fontSize=17, leading=21,
                                   spaceBefore=10)
        big["body"] = ParagraphStyle("sheet-body", st["body"], fontSize=12, leading=15.5)
        big["small"] = ParagraphStyle("sheet-small", st["small"], fontSize=10, leading=12.5)
        big["figure"] = ParagraphStyle("sheet-figure", st["figure"], fontSize=22, leading=26)
        inner = paired(self.t(N_("What we heard, what we will do")), big["title"])
        inner.append(para(self.shown.community, big["h1"]))
        inner += paired(self.t(N_("What we heard")), big["h1"])
        offered = self.seeds.candidates if self.seeds else []
        heard = [c for c in offered if c.source.kind == "finding"][:SHEET_FINDINGS - 1]
        for kind in ("ranking", "votes"):  # the top choice of the first ranking and vote
            heard += [c for c in offered if c.source.kind == kind][:1]
        if not heard:
            inner += columns(self.t(N_("Too few people answered to share figures.")),
                             big["body"], w)
        rows = []
        for c in heard:  # a share where there is one (ranked first by), else points, votes
            m = next((x for x in c.measures if x.share is not None), c.measures[0])
            first = self.lang.codes[0]  # the same number in every language: printed once
            figure = [format_percent(m.share, first) if m.share is not None
                      else measure_text(m, first, short=True)]
            rows.append([cell(figure, big["figure"]), cell(self.each(
                lambda code, c=c: c.title_in(code)), big["body"]) + cell(self.each(
                    lambda code, m=m: measure_text(m, code)), big["small"])])
        if rows:
            inner.append(self.table(rows, [90, w - 90]))
        inner += paired(self.t(N_("What we will do")), big["h1"])
        if not self.plan.priorities:
            inner += columns(self.t(N_("The committee is choosing its priorities.")),
                             big["body"], w)
        for i, p in enumerate(self.plan.priorities, 1):
            inner += paired([f"{i}. {p.title}"], ParagraphStyle(
                "sheet-h2", st["h2"], fontSize=13, leading=16, spaceBefore=6))
            for a in p.actions[:SHEET_ACTIONS]:
                when = " / ".join(dict.fromkeys(x for x in self.each(
                    lambda c, a=a: dates_text(a, c)) if x))
                inner.append(para(f"• {a.what}" + (f" ({when})" if when else ""), big["body"]))
            if len(p.actions) > SHEET_ACTIONS:
                inner += columns(self.lang.ngettext(
                    "and {n} more action", "and {n} more actions",
                    len(p.actions) - SHEET_ACTIONS, n=num(len(p.actions) - SHEET_ACTIONS)),
                    big["small"], w)
        inner += [gap(10)] + columns(self.t(N_(
            "This plan was made by the community, from what people said in the diagnosis. "
            "No figure here counts fewer than {n} people."), n=self.options.threshold),
            big["small"], w)
        frame = KeepInFrame(w, self.height - 6, inner, mode="shrink")
        return [PageBreak(), frame]

    def story(self, progress: ProgressFn | None = None) -> list:
        story = self.cover()
        story += self.found()
        story += self.priorities()
        if progress:
            progress(0.2)
        story += self.actions()
        story += self.logic_model()
        story += self.indicators()
        story += self.sheet()
        return story


def render_plan(store: Store, shown: PlanVersion, out: Path | str, options: ReportOptions,
                progress: ProgressFn | None = None) -> ReportResult:
    check_options(options)
    return render_facts(load_facts(store, shown, options.threshold), out, options, progress)


def render_facts(facts: PlanFacts, out: Path | str, options: ReportOptions,
                 progress: ProgressFn | None = None) -> ReportResult:
    """Lay out and write the printed plan. Touches no database: a worker thread may."""
    check_options(options)
    pages = 0

    def build(tmp: Path) -> None:
        nonlocal pages
        lang = Lang.of(options.lang)
        probe = Document(tmp, options.paper, lang, "", page_footer(lang))
        report = PlanReport(facts, options, probe.width, probe.height)
        story = report.story(progress)
        doc = Document(tmp, options.paper, lang, report.running_title(), page_footer(lang),
                       expected=len(story), title=report.running_title())
        doc.build_story(story)
        pages = doc.page

    return ReportResult(write_pdf(out, build), pages)


def print_plan(store: Store, community: str, out: Path | str,
               options: ReportOptions | None = None, version: int | None = None,
               progress: ProgressFn | None = None) -> ReportResult:
    """Write the community's plan (its current version, or `version`) to `out` as a PDF."""
    options = options or ReportOptions()
    service = PlanService(store)
    shown = service.version(community, version) if version else service.get(community)
    return render_plan(store, shown, out, options, progress)


def _colon(code: str) -> str:
    return "\u00a0: " if code == "fr" else ": "
