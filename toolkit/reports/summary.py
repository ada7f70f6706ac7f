"""The summary report of one session, or of several sessions of one community.

Built from `analysis` summaries and breakdowns only (toolkit.disclosure decides what they
may show), so nothing hidden there can reach the page; the report says, in its language(s),
why a figure is missing, which sessions were left out of which figures, and the rules.
Written comments appear only when asked for, only those a facilitator included after
review, in the reviewed wording, and only for questions answered by at least the threshold.
Sessions using different questionnaires (a survey and a group session) are reported one
questionnaire after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Table, TableStyle

from toolkit import disclosure
from toolkit.analysis import (
    NO_ANSWER,
    Breakdown,
    QuestionSummary,
    SessionSummary,
    breakdown,
    combine,
    combine_breakdowns,
    headcount_question,
    summarise,
)
from toolkit.comments import CommentService
from toolkit.errors import InputError
from toolkit.i18n import N_
from toolkit.questionnaire.kinds import kind_of, kind_table
from toolkit.questionnaire.model import Instrument, Question, pick
from toolkit.questionnaire.roles import questions_with_role, role_question
from toolkit.reports import charts
from toolkit.reports.findings import AGREE_KEYS, OPINION_KEYS, KeyFindings, key_findings
from toolkit.reports.labels import Lang, day, num, pct
from toolkit.reports.layout import (
    LIGHT,
    Document,
    ProgressFn,
    cell,
    columns,
    fallback_note,
    gap,
    page_footer,
    paired,
    para,
    styles,
    write_pdf,
)
from toolkit.sessions import Session, SessionService
from toolkit.store import Store
from toolkit.typography import once
from toolkit.vocabulary import MODES


@dataclass
class ReportOptions:
    lang: str = "en"  # a registered language or a pair: fr, iu+en, bilingual (en+fr)
    paper: str = "letter"  # letter or a4
    include_comments: bool = False
    threshold: int = disclosure.DEFAULT_THRESHOLD


@dataclass
class Part:
    """The sessions of one questionnaire within a report."""

    instrument: Instrument
    sessions: list[Session]
    summary: SessionSummary
    answers: dict[str, dict] = field(default_factory=dict)  # session id -> its answers
    summaries: list[SessionSummary] = field(default_factory=list)  # one per session
    comments: dict[str, list[str]] = field(default_factory=dict)
    breakdowns: list[Breakdown] = field(default_factory=list)  # night safety by group...

    def left_out(self) -> dict[str, int]:
        """Session id -> how many questions it was left out of (too few people in it)."""
        counts: dict[str, int] = {}
        for q in self.summary.questions:
            for pid in q.left_out:
                counts[pid] = counts.get(pid, 0) + 1
        return counts


def breakdown_plan(instrument: Instrument) -> list[tuple[Question, Question]]:
    """(question, grouping) pairs a report breaks down: night-time safety (else daytime
    safety) by each question holding the `breakdown` role."""
    target = (role_question(instrument, "safety_night")
              or role_question(instrument, "safety_day"))
    if target is None:
        return []
    return [(target, by) for by in questions_with_role(instrument, "breakdown")]


def part_breakdowns(part: Part, threshold: int,
                    plan: list[tuple[Question, Question]] | None = None) -> list[Breakdown]:
    """Each planned breakdown, per session then combined (disclosure rule 3): a session whose
    figure for the question is not shown contributes to no group."""
    out = []
    for target, by in breakdown_plan(part.instrument) if plan is None else plan:
        per_session = []
        for session, summary in zip(part.sessions, part.summaries):
            q = summary.question(target.id)
            shown = not q.suppressed and disclosure.shows(q.people, threshold)
            per_session.append((session.id, breakdown(
                part.instrument, part.answers[session.id], target.id, by.id, threshold,
                session_id=session.id) if shown else None))
        result = combine_breakdowns(per_session, threshold, kind_of(by).several)
        if result is not None:
            out.append(result)
    return out


# Sections describing the respondents: their choices (age bands, years lived here) have an
# order of their own, kept in charts; elsewhere choices are ranked by how often chosen.
ORDERED_SECTIONS = ("profile", "demographics")


class MixedCommunitiesError(InputError):
    message = N_("A report can combine sessions of one community only.")


def load_parts(store: Store, session_ids: list[str], options: ReportOptions) -> list[Part]:
    """Summaries (and reviewed comments, if wanted) of the sessions, by questionnaire."""
    if not session_ids:
        raise InputError(N_("Choose at least one session."))
    service, reviews = SessionService(store), CommentService(store)
    sessions = []
    for sid in session_ids:
        session = service.get(sid)
        if session.id not in [s.id for s in sessions]:
            sessions.append(session)
    if len({s.community_id for s in sessions}) > 1:
        raise MixedCommunitiesError()
    sessions.sort(key=lambda s: (s.session_date, s.id))
    parts: dict[str, Part] = {}
    for session in sessions:
        instrument = service.instrument(session)
        answers = service.all_answers(session.id)
        summary = summarise(instrument, answers, options.threshold, completed=session.completed)
        part = parts.get(instrument.id)
        if part is None:
            part = parts[instrument.id] = Part(instrument, [], summary)
        elif instrument.version > part.instrument.version:  # v1 and v2 pooled: latest wording
            part.instrument = instrument
        part.sessions.append(session)
        part.summaries.append(summary)
        part.answers[session.id] = answers
        if options.include_comments:
            for qid, texts in reviews.included(session.id).items():
                part.comments.setdefault(qid, []).extend(texts)
    for part in parts.values():
        finish_part(part, options.threshold)
    return list(parts.values())


def finish_part(part: Part, threshold: int, plan=None) -> Part:
    """The part's combined figures (several sessions) and breakdowns, from its sessions'
    summaries and answers: all a report (and the disclosure auditor in the tests) reads."""
    if len(part.summaries) > 1:
        part.summary = combine(part.summaries, threshold, ids=[s.id for s in part.sessions])
    part.breakdowns = part_breakdowns(part, threshold, plan)
    return part


class SummaryReport:
    """Turns parts into a story of flowables, in one language or both.

    Other reports built on the same summaries (the hub's cross-community report) subclass it
    and pass their class to render_summary_report()."""

    # said under a total when some of the summaries added up had withheld the question
    AT_SOURCE_NOTE = N_("In some sessions too few people answered this question; their answers "
                        "are not counted here.")
    LEFT_OUT_HEADING = N_("Sessions left out of some figures")
    # under a figure that left parts out (rule 3), naming them
    LEFT_OUT_NOTE = N_("Not counted here, because fewer than {n} people answered this question "
                       "in: {sessions}.")

    def __init__(self, parts: list[Part], options: ReportOptions, width: float) -> None:
        self.parts, self.options, self.width = parts, options, width
        self.lang = Lang.of(options.lang)
        self.st = styles()
        self.sessions = [s for p in parts for s in p.sessions]
        self.community = self.sessions[0].community

    # helpers ----------------------------------------------------------------------------
    def t(self, message: str, **values) -> list[str]:
        return self.lang.texts(message, **values)

    def heading(self, texts: list[str], style: str = "h1") -> list:
        return paired(texts, self.st[style])

    @property
    def title(self) -> list[str]:
        if len(self.sessions) > 1:
            return self.t(N_("Community summary report"))
        return self.t(N_("Session summary report"))

    def running_title(self) -> str:
        return f"{self.community} — " + " / ".join(once(self.title))

    def document_title(self) -> str:
        """The PDF's title property."""
        return " / ".join(once(self.title)) + f" — {self.community}"

    # cover ------------------------------------------------------------------------------
    def cover(self) -> list:
        st, t = self.st, self.t
        story = [gap(30)] + paired(self.t(N_("Community safety and well-being")), st["h2"])
        story += paired(self.title, st["title"])
        story.append(para(self.community, st["community"]))
        sessions = self.sessions
        dates = sorted({s.session_date for s in sessions})
        when = [day(dates[0])(c) + ("" if len(dates) == 1 else " – " + day(dates[-1])(c))
                for c in self.lang.codes]
        places = sorted({s.place for s in sessions if s.place})
        modes = sorted({s.mode for s in sessions})
        individual = [p for p in self.parts if p.instrument.kind != "group"]
        groups = [p for p in self.parts if p.instrument.kind == "group"]
        rows = [
            (t(N_("Date")) if len(dates) == 1 else t(N_("Dates")), when),
            (t(N_("Place")), [", ".join(places) or "—"] * len(self.lang.codes)),
            (t(N_("How answers were collected")),
             [", ".join(self.lang.texts(MODES[m])[i] for m in modes)
              for i in range(len(self.lang.codes))]),
        ]
        if individual:
            respondents = sum(s.respondents for p in individual for s in p.sessions)
            completed = sum(s.completed for p in individual for s in p.sessions)
            rows.append((t(N_("Respondents")), self.lang.ngettext(
                "{n} person answered ({done} completed the questionnaire)",
                "{n} people answered ({done} completed the questionnaire)",
                respondents, n=num(respondents), done=num(completed))))
        if groups:
            people = sum(p.summary.people for p in groups)
            rows.append((t(N_("Group sessions")), self.lang.ngettext(
                "{n} person took part", "{n} people took part", people, n=num(people))))
        if len(sessions) == 1 and sessions[0].title:
            rows.insert(0, (t(N_("Session")), [sessions[0].title] * len(self.lang.codes)))
        else:
            rows.insert(0, (t(N_("Sessions")), [str(len(sessions))] * len(self.lang.codes)))
        story.append(gap(14))
        story.append(self._table([[cell(label, st["small"]), cell(value, st["body"])]
                                  for label, value in rows], [120, self.width - 120]))
        if len(sessions) > 1:
            story += [gap(12)] + self.heading(t(N_("Sessions in this report")), "h2")
            story.append(self._table([[
                cell([day(s.session_date)(c) for c in self.lang.codes], st["small"]),
                cell([s.title or pick(p.instrument.title, c) for c in self.lang.codes],
                     st["small"]),
                cell(self.lang.texts(MODES[s.mode]), st["small"]),
                # a group record stands for the room: its people, not "1 respondent"
                cell(self.lang.ngettext("{n} person took part", "{n} people took part",
                                        summary.people, n=num(summary.people))
                     if p.instrument.kind == "group" else
                     self.lang.ngettext("{n} respondent", "{n} respondents",
                                        s.respondents, n=num(s.respondents)), st["small"]),
            ] for p in self.parts for s, summary in zip(p.sessions, p.summaries)],
                [90, self.width - 280, 110, 80]))
        story += self.left_out_list()
        story += [gap(18)] + columns(
            t(N_("Prepared on {date} with the CCSC Community Safety Toolkit. Privacy threshold: "
                 "{n}. No figure counting fewer than {n} people is shown (see the note at the "
                 "end)."),
              date=day(date.today().isoformat()), n=self.options.threshold),
            st["small"], self.width)
        story += [gap(6)] + fallback_note(self.lang, st["small"], self.width)
        story.append(PageBreak())
        return story

    def left_out_counts(self, part: Part) -> dict[str, int]:
        """For each part (session) some figures leave out, how many questions leave it out."""
        return part.left_out()

    def left_out_list(self) -> list:
        """Rule 3 on the cover: which parts some figures leave out, and why."""
        lines = []
        for part in self.parts:
            counts = self.left_out_counts(part)
            total = len(part.summary.questions)
            for pid, n in counts.items():
                names = self._session_names(part, [pid])
                if n >= total:
                    lines.append(self.t(N_("{session}: left out of every figure, because fewer "
                                           "than {n} people took part."),
                                        session=names, n=self.options.threshold))
                else:
                    lines.append(self.lang.ngettext(
                        "{session}: left out of {questions} question, because fewer than {n} "
                        "people answered it there.",
                        "{session}: left out of {questions} questions, because fewer than {n} "
                        "people answered them there.", n, session=names, questions=num(n),
                        n=self.options.threshold))
        if not lines:
            return []
        story = [gap(12)] + self.heading(self.t(self.LEFT_OUT_HEADING), "h2")
        for texts in lines:
            story += columns(texts, self.st["small"], self.width)
        return story

    def _table(self, data, widths) -> Table:
        table = Table(data, colWidths=widths, hAlign="LEFT", splitInRow=1)  # rows may split
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -1), 0.25, LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        return table

    # key findings -----------------------------------------------------------------------
    def findings(self, part: Part) -> list:
        st, t = self.st, self.t
        found: KeyFindings = key_findings(part.instrument, part.summary)
        story = self.heading(t(N_("Key findings")))
        if len(self.parts) > 1:
            story += paired(self.lang.picks(part.instrument.title), st["h2"])
        if not found.declared:
            story += columns(t(N_("This questionnaire names no questions for key findings "
                                  "(report roles), so there are none here. The results of "
                                  "every question follow.")), st["note"], self.width)
            return story + self.breakdowns(part)
        if found.empty:
            story += columns(t(N_("Too few people answered to show key findings.")),
                             st["note"], self.width)
            return story
        agree = N_("{percent} agree")

        def statements(items, heading) -> list:
            if not items:
                return []
            rows = [charts.Row(self.lang.picks(s.question.label), s.agree,
                               self.t(agree, percent=pct(s.agree))) for s in items]
            return [KeepTogether(self.heading(heading, "h2") + [gap(2),
                                                                charts.bar_chart(rows, self.width,
                                                                                 1.0)])]
        story += statements(found.concerns, t(N_("Strongest concerns")))
        story += statements(found.safety, t(N_("Feeling safe, day and night")))
        story += statements(found.trust, t(N_("Trust")))
        if found.priorities:
            q = found.priority_question
            rows = [charts.Row(self._choice(q, p.choice_id), p.score,
                               self.lang.ngettext("{n} point", "{n} points", p.score,
                                                  n=num(p.score))
                               if "points" in kind_of(q).figures else
                               self.lang.ngettext("{n} vote", "{n} votes", p.score,
                                                  n=num(p.score)))
                    for p in found.priorities]
            story.append(KeepTogether(self.heading(t(N_("Top priorities for action")), "h2")
                                      + [gap(2), charts.bar_chart(rows, self.width)]))
        if found.concerns or found.safety or found.trust:
            story += [gap(4)] + columns(t(N_(
                "“Agree” counts people who agree or strongly agree, out of those who gave an "
                "opinion (“don't know” is left out).")), st["small"], self.width)
        if found.withheld:
            story += columns(t(N_("Some results are not shown because fewer than {n} people "
                                  "answered those questions."), n=self.options.threshold),
                             st["note"], self.width)
        story += self.breakdowns(part)
        return story

    def breakdowns(self, part: Part) -> list:
        """Night-time safety by demographic group, as disclosure control left them."""
        story = []
        for result in part.breakdowns:
            target = part.instrument.question(result.question_id)
            by = part.instrument.question(result.by_question_id)
            rows = []
            for group in result.groups:
                labels = (self.t(N_("No answer")) if group.key == NO_ANSWER
                          else self._choice(by, group.key))
                statement = None if group.suppressed else self._agree(group.summary)
                if statement is None:
                    why = (N_("no opinion given") if not group.suppressed
                           else N_("hidden (small group)") if group.small
                           else N_("hidden (protects a smaller group)"))
                    rows.append(charts.Row(labels, 0, self.t(why), True))
                    continue
                rows.append(charts.Row(labels, statement, self.t(
                    N_("{percent} agree"), percent=pct(statement))))
            if not any(not r.muted for r in rows):
                continue
            heading = self.lang.picks(target.label)
            by_line = self.t(N_("By answer to “{question}”"),
                             question=lambda c, q=by: pick(q.label, c))
            notes = self.t(N_(
                "Groups with fewer than {n} people answering are hidden, and so are the next "
                "smallest groups when needed, so that the hidden groups cannot be worked out "
                "from the overall result."), n=self.options.threshold)
            story.append(KeepTogether(self.heading(heading, "h2") + columns(
                by_line, self.st["small"], self.width) + [gap(2), charts.bar_chart(
                rows, self.width, 1.0)] + columns(notes, self.st["small"], self.width)
                + self._left_out_note(part, result.left_out)))
        return story

    def _left_out_note(self, part: Part, ids: list[str]) -> list:
        if not ids:
            return []
        names = self._session_names(part, ids)
        return columns(self.t(self.LEFT_OUT_NOTE, n=self.options.threshold, sessions=names),
                       self.st["note"], self.width)

    def _session_names(self, part: Part, ids: list[str]):
        """Names of the parts `ids` (sessions here; communities in the hub report)."""
        by_id = {s.id: s for s in part.sessions}

        def names(code: str) -> str:
            return ", ".join(f"{by_id[i].title or pick(part.instrument.title, code)} "
                             f"({day(by_id[i].session_date)(code)})" for i in ids if i in by_id)
        return names

    @staticmethod
    def _agree(q: QuestionSummary) -> float | None:
        if q.suppressed or not q.counts:
            return None
        opinions = sum(q.counts.get(k, 0) for k in OPINION_KEYS)
        return sum(q.counts.get(k, 0) for k in AGREE_KEYS) / opinions if opinions else None

    # results per question ---------------------------------------------------------------
    def _choice(self, question: Question, key: str) -> list[str]:
        return self.lang.answer(question, key)

    def results(self, part: Part, progress: ProgressFn | None) -> list:
        story = []
        numbers = {q.id: i for i, q in enumerate(part.instrument.questions, start=1)}
        total = len(numbers)
        for section in part.instrument.sections:
            heading = self.heading(self.lang.picks(section.title))
            for question in section.questions:
                block = self.question(part, question, numbers[question.id])
                story.append(KeepTogether(heading + block))  # never a heading alone at the foot
                heading = []
                if progress:
                    progress(0.3 * numbers[question.id] / total)
        return story

    def question(self, part: Part, question: Question, number: int) -> list:
        st, t = self.st, self.t
        q = part.summary.question(question.id)
        labels = [f"{number}. {text}" for text in self.lang.picks(question.label)]
        block = [gap(6)] + paired(labels, st["h2"])
        if q.suppressed:
            block += columns(t(N_("Fewer than {n} people answered this question, so its results "
                                  "are not shown, to protect their privacy."),
                               n=self.options.threshold), st["note"], self.width)
            block += self._left_out_note(part, q.left_out)
            return block
        if part.instrument.kind == "group" and not q.n:
            return block + columns(self.lang.ngettext(
                "The group did not answer this question.",
                "No group answered this question.", part.summary.respondents), st["note"],
                self.width)
        head = headcount_question(part.instrument)
        if head is not None and question.id == head.id:
            people = (q.stats or {}).get("people", q.people) or 0
            return block + columns(self.lang.ngettext(
                "{people} people took part, in {n} group.",
                "{people} people took part, in {n} groups.", q.n, n=num(q.n),
                people=num(people)), st["body"], self.width)
        if part.instrument.kind == "group":
            answered = self.lang.ngettext("Answered for {n} group ({people} people).",
                                          "Answered for {n} groups ({people} people).",
                                          q.n, n=num(q.n), people=num(q.people or 0))
        else:
            answered = self.lang.ngettext("{n} person answered.", "{n} people answered.",
                                          q.n, n=num(q.n))
        block += columns(answered, st["small"], self.width)
        block += self._left_out_note(part, q.left_out)
        block.append(gap(2))
        block += self.chart(part, question, q)
        if not question.is_free_text:  # reviewed "Other (please specify)" texts
            block += self.comments(part, question)
        return block

    def comments(self, part: Part, question: Question) -> list:
        texts = part.comments.get(question.id, []) if self.options.include_comments else []
        if not texts:
            return []
        out = paired(self.lang.ngettext("{n} comment chosen for this report:",
                                        "{n} comments chosen for this report:",
                                        len(texts), n=num(len(texts))), self.st["small"])
        # quoted as the report's first language quotes (« » in French, “ ” in English)
        return out + [para(self.lang.quote(text), self.st["quote"]) for text in texts]

    def _count_rows(self, question: Question, q: QuestionSummary, keys: list[str]) -> list:
        base, counts = q.n or 1, q.counts or {}
        return [charts.Row(self._choice(question, key), counts.get(key, 0),
                           [f"{num(counts.get(key, 0))(c)} ({pct(counts.get(key, 0) / base)(c)})"
                            for c in self.lang.codes], muted=key in ("dk",))
                for key in keys]

    def chart(self, part: Part, question: Question, q: QuestionSummary) -> list:
        """The question's figures as its kind draws them (CHARTS below)."""
        return CHARTS.lookup(question)(self, part, question, q)

    # methodology ------------------------------------------------------------------------
    def methodology(self) -> list:
        st, t = self.st, self.t
        story = [CondPageBreak(200)] + self.heading(t(N_("How these results were gathered")))
        paragraphs = [
            t(N_("People answered the questionnaire anonymously, "
                 "with a facilitator, on their own on a laptop, in a group, or on paper forms "
                 "keyed in afterwards. Every answer given counts, even when someone did not "
                 "finish; questions a person was not asked (because of an earlier answer) do "
                 "not count.")),
            t(N_("Percentages are of the people who answered each question.")),
        ]
        if any(p.instrument.kind == "group" for p in self.parts):
            paragraphs.append(t(self.GROUP_NOTE))
        paragraphs += self.privacy_rules()
        if not self.options.include_comments:
            paragraphs.append(t(N_("This report includes no written comments.")))
        else:
            paragraphs.append(t(N_("Written comments appear only if the facilitator chose to "
                                   "include them after reading them, in the wording they "
                                   "approved, and only for questions answered by at least "
                                   "{n} people."), n=self.options.threshold))
        paragraphs.append(t(N_("The community owns this information (OCAP: ownership, control, "
                               "access and possession) and decides who receives this report.")))
        for texts in paragraphs:
            story += columns(texts, st["body"], self.width) + [gap(5)]
        return story

    GROUP_NOTE = N_("In a group session the group answers together: each answer is the "
                    "group's (a vote, a ranking or a consensus), so counts are of groups, not "
                    "of people. The number of people in the room is what counts towards the "
                    "privacy threshold, and it is what the totals of people report.")
    COMBINED_RULE = N_("When several sessions are added up, a session in which fewer than {n} "
                       "people answered a question is left out of that question's figures, "
                       "results by group included, and a group hidden in any session is hidden "
                       "in the total too. So comparing this report with a report of one of its "
                       "sessions reveals nothing more. The report names the sessions left out.")

    @property
    def combined(self) -> bool:
        """Is this report a sum of parts (several sessions of one questionnaire)?"""
        return any(len(p.sessions) > 1 for p in self.parts)

    def privacy_rules(self) -> list[list[str]]:
        """The rules of toolkit.disclosure, in plain words; each paragraph one rule."""
        t, n = self.t, self.options.threshold
        rules = [
            t(N_("Privacy threshold: {n}. Every figure counts some people: those who answered "
                 "that question, in that group, in that session. A figure that counts fewer "
                 "than {n} people is not shown, and the report says so where it happens."), n=n),
            t(N_("Where results are shown by group (for example by age), more groups are hidden "
                 "when needed, smallest first, until the hidden groups together count no one or "
                 "at least {n} people. Subtracting the groups shown from the overall result then "
                 "reveals nothing about fewer than {n} people."), n=n),
        ]
        if self.combined:
            rules.append(t(self.COMBINED_RULE, n=n))
        rules += [
            t(N_("Number questions show how many people answered and the average. The median is "
                 "shown only when at least {twice} people answered in one session, and the "
                 "quartiles from {four}; the lowest and highest answers are never shown, since "
                 "each is one person's."), twice=2 * n, four=4 * n),
            t(N_("What these rules do not do: they stop figures from being worked out by "
                 "arithmetic from what is printed. When everyone who answered a question gave "
                 "the same answer, the report shows it, and so says how each of them answered. "
                 "A reader who already knows how most people answered may guess the rest.")),
        ]
        return rules

    def story(self, progress: ProgressFn | None = None) -> list:
        story = self.cover()
        for i, part in enumerate(self.parts):
            if i:
                story.append(PageBreak())
            story += self.findings(part)
            story += [PageBreak()]
            if len(self.parts) > 1:
                story += paired(self.lang.picks(part.instrument.title), self.st["title"])
            story += self.results(part, progress)
        story += self.methodology()
        return story


@dataclass
class ReportResult:
    path: Path
    pages: int


ReportFactory = Callable[[list[Part], ReportOptions, float], SummaryReport]


def render_summary_report(parts: list[Part], out: Path | str, options: ReportOptions,
                          progress: ProgressFn | None = None,
                          report: ReportFactory = SummaryReport) -> ReportResult:
    """Lay out and write the report. Touches no database, so it can run in a worker thread.
    `report` makes the story from (parts, options, frame width): SummaryReport or a subclass."""
    pages = 0

    def build(tmp: Path) -> None:
        nonlocal pages
        lang = Lang.of(options.lang)
        probe = Document(tmp, options.paper, lang, "", page_footer(lang))
        story_maker = report(parts, options, probe.width)

        def layout_progress(x: float) -> None:
            if progress:
                progress(0.3 + 0.7 * x)
        story = story_maker.story(progress)
        doc = Document(tmp, options.paper, lang, story_maker.running_title(), page_footer(lang),
                       layout_progress if progress else None, expected=len(story),
                       title=story_maker.document_title())
        doc.build_story(story)
        pages = doc.page

    path = write_pdf(out, build)
    return ReportResult(path, pages)


def check_options(options: ReportOptions) -> None:
    disclosure.check_threshold(options.threshold)
    Lang.of(options.lang)


def build_summary_report(store: Store, session_ids: list[str], out: Path | str,
                         options: ReportOptions | None = None,
                         progress: ProgressFn | None = None) -> ReportResult:
    """Write the summary report of one session (or a community's sessions) to `out`."""
    options = options or ReportOptions()
    check_options(options)
    return render_summary_report(load_parts(store, session_ids, options), out, options, progress)


# -- charts by question kind (the registry's "report-chart" table) ---------------------------
# Each draws one question's figures: (report, part, question, its summary) -> flowables. A
# kind registered in questionnaire/kinds.py without a chart here is refused by lookup(), and
# tests/test_kind_registries.py fails, instead of printing the wrong thing.
CHARTS = kind_table("report-chart")
ChartFn = Callable[[SummaryReport, Part, Question, QuestionSummary], list]


@CHARTS.register("scale", "yesno")
def points_chart(report: SummaryReport, part: Part, question: Question,
                 q: QuestionSummary) -> list:
    counts = q.counts or {}
    keys = [k for k in counts if k != "dk" or counts[k]]
    return [charts.bar_chart(report._count_rows(question, q, keys), report.width, q.n)]


@CHARTS.register("single", "multi")
def choices_chart(report: SummaryReport, part: Part, question: Question,
                  q: QuestionSummary) -> list:
    counts = q.counts or {}
    keys = list(counts)
    if question.section not in ORDERED_SECTIONS:  # age bands etc. keep their order
        keys.sort(key=lambda k: (-counts[k], list(counts).index(k)))
    out = [charts.bar_chart(report._count_rows(question, q, keys), report.width, q.n)]
    if kind_of(question).several:
        out += columns(report.t(N_("People could choose more than one answer, so the "
                                   "percentages add up to more than 100.")),
                       report.st["small"], report.width)
    return out


@CHARTS.register("ranking")
def ranking_chart(report: SummaryReport, part: Part, question: Question,
                  q: QuestionSummary) -> list:
    lang, points, first = report.lang, q.points or {}, q.first or {}
    keys = sorted(points, key=lambda k: (-points[k], list(points).index(k)))
    rows = [charts.Row(report._choice(question, k), points[k], [
        lang.ngettext("{n} point", "{n} points", points[k], n=num(points[k]))[i] + " · " +
        lang.ngettext("{n} first", "{n} first", first.get(k, 0), n=num(first.get(k, 0)))[i]
        for i in range(len(lang.codes))]) for k in keys if points[k]]
    top = question.top or len(question.choice_ids())
    return [charts.bar_chart(rows, report.width)] + columns(report.t(N_(
        "Points: {top} for a first choice, then one less for each place down. "
        "“First” is how many people put it first."), top=top), report.st["small"],
        report.width)


@CHARTS.register("votes")
def votes_chart(report: SummaryReport, part: Part, question: Question,
                q: QuestionSummary) -> list:
    counts = q.counts or {}
    keys = sorted(counts, key=lambda k: (-counts[k], list(counts).index(k)))
    rows = [charts.Row(report._choice(question, k), counts[k], report.lang.ngettext(
        "{n} vote", "{n} votes", counts[k], n=num(counts[k]))) for k in keys]
    return [charts.bar_chart(rows, report.width)]


@CHARTS.register("number")
def number_figures(report: SummaryReport, part: Part, question: Question,
                   q: QuestionSummary) -> list:
    st, t, w, lang = report.st, report.t, report.width, report.lang
    s = q.stats or {}
    unit = lang.picks(question.unit) if question.unit else None

    def fig(key: str) -> list[str]:
        value = s.get(key)
        if value is None:
            return ["—"] * len(lang.codes)
        return [num(value)(c) for c in lang.codes]
    items = [(t(N_("Answers")), fig("count")), (t(N_("Average")), fig("mean"))]
    if s.get("median") is not None:
        items.append((t(N_("Median")), fig("median")))
    if s.get("q1") is not None and s.get("q3") is not None:
        items += [(t(N_("Lower quartile")), fig("q1")),
                  (t(N_("Upper quartile")), fig("q3"))]
    out = [charts.figures(items, w)]
    if unit:
        out += columns(unit, st["small"], w)
    if s.get("median") is None and s.get("count"):
        out += columns(t(N_("The median is shown only when at least {twice} people "
                            "answered in one session ({n} on each side of it), so that "
                            "it is never one person's answer."),
                         twice=2 * report.options.threshold, n=report.options.threshold),
                       st["small"], w)
    return out


@CHARTS.register("text", "longtext")
def written_answers(report: SummaryReport, part: Part, question: Question,
                    q: QuestionSummary) -> list:
    """Free text: how many wrote something (said above), and the included comments."""
    return report.comments(part, question)
