"""The hub's cross-community summary report: the sessions shown on the hub, all communities.

Every session becomes a suppressed summary first (sessions imported with respondents are
summarised here; `summary`-level ones arrived as summaries). Then, per questionnaire, each
community's sessions are combined (a session too small for a figure is left out of it), and
the communities' totals are combined again (a community too small for a figure is left out of
it): toolkit.disclosure rule 3, through analysis.combine. The threshold is the highest of the
one asked for and those of every package used. No free text is read: the hub prints figures
only. Group sessions count the people in the room, never one respondent per group.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from reportlab.platypus import CondPageBreak, PageBreak

from toolkit import disclosure
from toolkit.analysis import QuestionSummary, SessionSummary, combine, summarise
from toolkit.errors import InputError
from toolkit.i18n import N_
from toolkit.questionnaire.model import Instrument, Question, pick
from toolkit.reports.labels import day, num
from toolkit.reports.layout import ProgressFn, cell, columns, gap, paired, para
from toolkit.reports.summary import (
    Part,
    ReportOptions,
    ReportResult,
    SummaryReport,
    check_options,
    render_summary_report,
)
from toolkit.sessions import SessionService
from toolkit.store import Store
from toolkit.typography import once
from toolkit.vocabulary import LEVEL_NAMES, MODES


@dataclass(frozen=True)
class SessionInfo:
    """What the report needs of a session, whatever level it was shared at (a `summary`
    session has no Session object, only its description and figures)."""

    id: str
    community_id: str
    community: str
    session_date: str
    title: str
    place: str
    mode: str
    level: str
    respondents: int
    completed: int


@dataclass
class CommunityInfo:
    """One community's line on the cover."""

    id: str
    name: str
    sessions: int = 0
    respondents: int = 0  # people who answered individually
    in_groups: int = 0  # people in the room of group sessions (a group record is not one)
    levels: list[str] = field(default_factory=list)


@dataclass
class HubPart(Part):
    """One questionnaire across communities: `summary` is the overall total, `by_community`
    each community's combined (already suppressed) summary."""

    by_community: dict[str, SessionSummary] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanBrief:
    """A community's current plan as the hub report lists it: no figures, only what the
    committee wrote and how far it got (plans travel at summary level). Made by the caller
    (reports sit below the plan)."""

    community_id: str
    version: int
    saved_at: str
    priorities: list[str]
    actions: int
    actions_done: int
    indicators: int


@dataclass
class HubData:
    parts: list[HubPart]
    communities: list[CommunityInfo]
    threshold: int = disclosure.DEFAULT_THRESHOLD  # the one used: never below a package's
    plans: list[PlanBrief] = field(default_factory=list)  # of the communities reported on


class NothingToReportError(InputError):
    message = N_("There are no imported sessions to report on: import packages from "
                 "communities first, or change the filters.")


def package_threshold(store: Store, row) -> int | None:
    """The threshold the community's package was made with (None: not recorded)."""
    if row.level == "summary":
        found = store.conn.execute("SELECT threshold FROM summary_sessions WHERE id = ?",
                                   (row.session_id,)).fetchone()
    else:
        found = store.conn.execute("SELECT threshold FROM session_origins WHERE session_id = ?",
                                   (row.session_id,)).fetchone()
    return found[0] if found else None


def _session_summary(store: Store, service: SessionService, row, threshold: int):
    """(instrument, SessionInfo, suppressed summary) of one hub row."""
    if row.level == "summary":
        found = store.conn.execute(
            "SELECT instrument_hash, summary FROM summary_sessions WHERE id = ?",
            (row.session_id,)).fetchone()
        if found is None:
            raise InputError(reason=f"summary session {row.session_id} is gone")
        instrument = service.instrument(found[0])
        summary = SessionSummary.from_json(json.loads(found[1]), instrument)
        completed = summary.completed
    else:
        session = service.get(row.session_id)
        instrument = service.instrument(session)
        completed = session.completed
        summary = summarise(instrument, service.all_answers(session.id), threshold,
                            completed=completed)
    info = SessionInfo(row.session_id, row.community_id, row.community, row.session_date,
                       row.title, row.place, row.mode, row.level, row.respondents, completed)
    return instrument, info, summary


def _complete(summary: SessionSummary, instrument: Instrument) -> SessionSummary:
    """Every question of the questionnaire present (versions may differ between sessions): a
    question no summary has is shown as withheld, never guessed."""
    have = {q.id for q in summary.questions}
    for question in instrument.questions:
        if question.id not in have:
            summary.questions.append(QuestionSummary(question.id, question.type, None, True))
    return summary


def pooling_key(instrument: Instrument) -> str:
    """Versions of a questionnaire are pooled only when their questions are the same: ids,
    types, wording and choices (ids and wording). A copy that differs in any of these (a
    relabelled question in a forged package, or a real revision) is reported on its own, in
    its own words, so it never relabels other communities' results."""
    import hashlib

    shape = [instrument.id, [[q.id, q.type, q.label, [[c.id, c.text] for c in q.choices],
                              q.other] for q in instrument.questions]]
    return hashlib.sha256(json.dumps(shape, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def combine_communities(by_community: dict[str, list[tuple[str, SessionSummary]]],
                        threshold: int) -> tuple[dict[str, SessionSummary], SessionSummary]:
    """Each community's sessions combined (sessions too small for a figure left out), then
    the communities' totals (communities too small for a figure left out): rule 3 twice."""
    totals = {cid: combine([s for _, s in items], threshold, ids=[sid for sid, _ in items])
              for cid, items in by_community.items()}
    return totals, combine(totals.values(), threshold, ids=list(totals))


def load_hub_parts(store: Store, rows: list, options: ReportOptions,
                   minimum: int = 1) -> HubData:
    """Summaries of the hub rows shown, by questionnaire, per community and overall.

    Reads the database, so it runs in the caller's thread; render_hub_report() does not.
    The threshold used is options.threshold raised to the highest of the packages'."""
    check_options(options)
    disclosure.check_threshold(options.threshold, minimum)
    if not rows:
        raise NothingToReportError()
    threshold = disclosure.highest(options.threshold,
                                   [package_threshold(store, row) for row in rows])
    options = replace(options, threshold=threshold)
    service = SessionService(store)
    seen: set[str] = set()
    # pooling key (questionnaire version) -> community id -> [summaries]; and the newest
    # definition of each version
    grouped: dict[str, dict[str, list[SessionSummary]]] = {}
    instruments: dict[str, tuple[str, Instrument]] = {}
    infos: dict[str, list[SessionInfo]] = {}
    communities: dict[str, CommunityInfo] = {}
    for row in sorted(rows, key=lambda r: (r.session_date, r.session_id)):
        if row.session_id in seen:
            continue
        seen.add(row.session_id)
        instrument, info, summary = _session_summary(store, service, row, options.threshold)
        key = pooling_key(instrument)
        grouped.setdefault(key, {}).setdefault(row.community_id, []).append(summary)
        instruments[key] = (row.session_date, instrument)  # newest wins (sorted)
        infos.setdefault(key, []).append(info)
        community = communities.setdefault(row.community_id,
                                           CommunityInfo(row.community_id, row.community))
        community.sessions += 1
        if instrument.kind == "group":
            community.in_groups += summary.people
        else:
            community.respondents += row.respondents
        if row.level not in community.levels:
            community.levels.append(row.level)
    parts = []
    for key, by_community in grouped.items():
        instrument = instruments[key][1]
        # suppression per community, then overall: combine() keeps out what is withheld
        ids = {cid: [i.id for i in infos[key] if i.community_id == cid]
               for cid in by_community}
        totals, overall = combine_communities(
            {cid: list(zip(ids[cid], summaries)) for cid, summaries in by_community.items()},
            options.threshold)
        overall = _complete(overall, instrument)
        parts.append(HubPart(instrument, infos[key], overall,
                             summaries=list(totals.values()), by_community=totals))
    parts.sort(key=lambda p: (p.instrument.kind == "group", p.instrument.id))
    return HubData(parts, sorted(communities.values(), key=lambda c: c.name.casefold()),
                   threshold)


class HubReport(SummaryReport):
    """The summary report's story, told across communities: a cover listing the communities,
    key findings and charts of the totals, and a methodology for shared data. No breakdowns
    (they need respondents) and no written comments (the hub prints figures only)."""

    AT_SOURCE_NOTE = N_("In some communities or sessions too few people answered this "
                        "question; their answers are not counted here.")
    LEFT_OUT_HEADING = N_("Communities and sessions left out of some figures")
    combined = True  # always a sum of parts (communities)
    COMBINED_RULE = N_("Results are first added up for each community, then across "
                       "communities. A session, or a community, in which fewer than {n} people "
                       "answered a question is left out of that question's figures, so "
                       "comparing this report with a community's own report reveals nothing "
                       "more. The report names what was left out.")

    def __init__(self, parts: list[HubPart], options: ReportOptions, width: float,
                 communities: list[CommunityInfo], plans: list[PlanBrief] | None = None) -> None:
        super().__init__(parts, options, width)
        self.communities = communities
        self.community = ", ".join(c.name for c in communities)
        names = {c.id: c.name for c in communities}
        self.plans = sorted((p for p in plans or [] if p.community_id in names),
                            key=lambda p: names[p.community_id].casefold())
        self.names = names

    def story(self, progress: ProgressFn | None = None) -> list:
        story = super().story(progress)
        at = len(story) - len(self.methodology())  # the plans come before the methodology
        return story[:at] + self.plans_section() + story[at:]

    def plans_section(self) -> list:
        """Each reported community's plan: its version, priorities and progress."""
        if not self.plans:
            return []
        st, t, codes = self.st, self.t, self.lang.codes
        story = [CondPageBreak(200)] + self.heading(t(N_("Community safety and well-being "
                                                          "plans")))
        story += columns(t(N_("The current plan of each community in this report, as its "
                              "last package brought it: the priorities in the committee's own "
                              "words and order, and how many actions are done.")),
                         st["body"], self.width) + [gap(6)]
        header = [cell(t(N_("Community")), st["small"]), cell(t(N_("Plan")), st["small"]),
                  cell(t(N_("Priorities")), st["small"]), cell(t(N_("Actions done")), st["small"]),
                  cell(t(N_("Indicators")), st["small"])]
        body = []
        for plan in self.plans:
            version = t(N_("Version {n}, {date}"), n=num(plan.version),
                        date=day(plan.saved_at[:10]))
            done = t(N_("{done} of {total}"), done=num(plan.actions_done),
                     total=num(plan.actions))
            body.append([para(self.names[plan.community_id], st["body"]),
                         cell(version, st["small"]),
                         [para(f"{i}. {title}", st["body"])
                          for i, title in enumerate(plan.priorities, 1)]
                         or cell(t(N_("No priorities yet")), st["small"]),
                         cell(done, st["body"]),
                         cell([num(plan.indicators)(code) for code in codes], st["body"])])
        rest = self.width - 110 - 90 - 70 - 60
        story.append(self._table([header] + body, [110, 90, rest, 70, 60]))
        return story + [gap(12)]

    @property
    def title(self) -> list[str]:
        return self.t(N_("Cross-community summary report"))

    def running_title(self) -> str:
        return " / ".join(once(self.title))  # the communities are on the cover

    def document_title(self) -> str:
        return " / ".join(once(self.title))

    def cover(self) -> list:
        st, t, codes = self.st, self.t, self.lang.codes
        story = [gap(30)] + paired(t(N_("Community safety and well-being")), st["h2"])
        story += paired(self.title, st["title"])
        story += paired(self.lang.ngettext("{n} community", "{n} communities",
                                           len(self.communities),
                                           n=num(len(self.communities))), st["community"])
        dates = sorted({s.session_date for s in self.sessions})
        when = [day(dates[0])(c) + ("" if len(dates) == 1 else " – " + day(dates[-1])(c))
                for c in codes]
        modes = sorted({s.mode for s in self.sessions})
        rows = [
            (t(N_("Sessions")), [str(len(self.sessions))] * len(codes)),
            (t(N_("Date")) if len(dates) == 1 else t(N_("Dates")), when),
            (t(N_("How answers were collected")),
             [", ".join(self.lang.texts(MODES[m])[i] for m in modes) for i in range(len(codes))]),
            (t(N_("Questionnaires")), [", ".join(self.lang.picks(p.instrument.title)[i]
                                                  for p in self.parts)
                                       for i in range(len(codes))]),
        ]
        story.append(gap(14))
        story.append(self._table([[cell(label, st["small"]), cell(value, st["body"])]
                                  for label, value in rows], [120, self.width - 120]))
        story += [gap(12)] + self.heading(t(N_("Communities in this report")), "h2")
        groups = any(c.in_groups for c in self.communities)
        header = [cell(t(N_("Community")), st["small"]), cell(t(N_("Sessions")), st["small"]),
                  cell(t(N_("Respondents")), st["small"])]
        if groups:
            header.append(cell(t(N_("People in group sessions")), st["small"]))
        header.append(cell(t(N_("Shared as")), st["small"]))
        body = []
        for c in self.communities:
            row = [para(c.name, st["body"]),
                   cell([num(c.sessions)(code) for code in codes], st["body"]),
                   cell([num(c.respondents)(code) for code in codes], st["body"])]
            if groups:
                row.append(cell([num(c.in_groups)(code) for code in codes], st["body"]))
            row.append(cell([", ".join(self.lang.texts(LEVEL_NAMES[level])[i]
                                       for level in c.levels) for i in range(len(codes))],
                            st["small"]))
            body.append(row)
        middle = 3 if groups else 2
        rest = self.width - 150 - 140
        story.append(self._table([header] + body, [150] + [rest / middle] * middle + [140]))
        story += self.left_out_list()
        story += [gap(18)] + columns(
            t(N_("Prepared on {date} with the CCSC Community Safety Toolkit. Privacy threshold: "
                 "{n} (never lower than the threshold of any package used). No figure counting "
                 "fewer than {n} people is shown, in any community or in the totals."),
              date=day(date.today().isoformat()), n=self.options.threshold),
            st["small"], self.width)
        story.append(PageBreak())
        return story

    def breakdowns(self, part: Part) -> list:
        return []  # they need respondents' answers; summaries cannot give them

    def _session_names(self, part: Part, ids: list[str]):
        """Names of communities (the parts of the totals) or of sessions, by id."""
        names = {c.id: c.name for c in self.communities}
        sessions = {s.id: s for s in part.sessions}

        def text(code: str) -> str:
            out = []
            for i in ids:
                if i in names:
                    out.append(names[i])
                elif i in sessions:
                    s = sessions[i]
                    out.append(f"{s.community}: {s.title or pick(part.instrument.title, code)} "
                               f"({day(s.session_date)(code)})")
            return ", ".join(out)
        return text

    def left_out_counts(self, part) -> dict[str, int]:
        """Sessions left out within their community, then communities left out of totals."""
        counts: dict[str, int] = {}
        for cid, summary in part.by_community.items():
            for q in summary.questions:
                if cid in part.summary.question(q.id).left_out:
                    continue  # the whole community is left out of it: said once, below
                for pid in q.left_out:
                    counts[pid] = counts.get(pid, 0) + 1
        for q in part.summary.questions:
            for pid in q.left_out:
                counts[pid] = counts.get(pid, 0) + 1
        return counts

    def comments(self, part: Part, question: Question) -> list:
        return []  # the hub never prints written answers

    def question(self, part: Part, question: Question, number: int) -> list:
        if not question.is_free_text:
            return super().question(part, question, number)
        labels = [f"{number}. {text}" for text in self.lang.picks(question.label)]
        return [gap(6)] + paired(labels, self.st["h2"]) + columns(
            self.t(N_("Written answers stay with each community; this report does not include "
                      "them.")), self.st["note"], self.width)

    def methodology(self) -> list:
        st, t = self.st, self.t
        story = [CondPageBreak(200)] + self.heading(t(N_("How these results were gathered")))
        paragraphs = [
            t(N_("Each community ran its own sessions with the toolkit and chose what to share "
                 "with the CCSC team: a summary of figures only, anonymous answers, or answers "
                 "with comments it had reviewed. This report adds up what was shared for the "
                 "sessions listed on the cover.")),
            t(N_("Percentages are of the people who answered each question.")),
        ]
        if any(p.instrument.kind == "group" for p in self.parts):
            paragraphs.append(t(self.GROUP_NOTE))
        paragraphs += self.privacy_rules()
        paragraphs += [
            t(N_("This report includes no written comments.")),
            t(N_("Each community owns its information (OCAP: ownership, control, access and "
                 "possession). The CCSC team holds what communities chose to share, for the "
                 "purposes they agreed to, and shares this report only as they agreed.")),
        ]
        for texts in paragraphs:
            story += columns(texts, st["body"], self.width) + [gap(5)]
        return story


def render_hub_report(data: HubData, out: Path | str, options: ReportOptions,
                      progress: ProgressFn | None = None) -> ReportResult:
    """Lay out and write the report. Touches no database, so it can run in a worker thread."""
    options = replace(options, threshold=data.threshold)
    return render_summary_report(
        data.parts, out, options, progress,
        report=lambda parts, opts, width: HubReport(parts, opts, width, data.communities,
                                                    data.plans))
