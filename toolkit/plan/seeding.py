"""From the diagnosis to the plan: candidate priorities, and indicator values per round.

Every figure here comes from the summaries `reports.summary.load_parts` builds (toolkit.analysis,
so toolkit.disclosure's rules, with combined sessions under rule 3), the same path the
summary and comparison reports take; nothing is counted from raw answers. So:

- a question whose figures are withheld offers no candidate at all: even the order of its
  choices would tell something about fewer people than the threshold;
- a candidate carries figures of one question in one round (a share of the people who gave
  an opinion, ranking points, votes), never sums or differences of figures, so no hidden
  figure can be worked out by subtracting one shown figure from another;
- a session too small for a question contributes to none of its figures (rule 3), so two
  rounds that differ by a small session give equal figures rather than a difference.

Indicator values use the comparison report's measures (`reports.comparison`), one round at a
time: a withheld question gives "withheld", never a number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from toolkit.plan.model import Figure, Plan, Source
from toolkit.questionnaire.model import Question, Text, pick
from toolkit.reports.comparison import Share, _measures
from toolkit.reports.findings import key_findings
from toolkit.reports.summary import Part, ReportOptions, load_parts
from toolkit.rounds import Round, RoundService
from toolkit.store import Store

TOP_FINDINGS = 5  # concerns offered from the key findings
TOP_CHOICES = 5  # choices offered from each ranking or vote


@dataclass(frozen=True)
class Measure:
    """One figure a candidate shows: `kind` "agree" (k of n people agree), "points" (ranking
    points from n people), "first" (ranked first by k of n), "votes" (k votes, n people in
    the room)."""

    kind: str
    k: int
    n: int

    @property
    def share(self) -> float | None:
        return self.k / self.n if self.kind in ("agree", "first") and self.n else None

    def to_json(self) -> dict:
        data = {"kind": self.kind, "count": self.k, "people": self.n}
        if self.share is not None:
            data["share"] = round(self.share, 4)
        return data


@dataclass
class Candidate:
    """A candidate priority offered from one round's diagnosis."""

    key: str  # stable within a round: "<kind>:<questionnaire>:<question>[:<choice>]"
    source: Source
    title: Text  # the statement or choice, in the questionnaire's languages
    measures: list[Measure] = field(default_factory=list)
    group: bool = False  # from a group session (one record stands for the room)

    def title_in(self, lang: str) -> str:
        return pick(self.title, lang)

    def to_json(self, lang: str) -> dict:
        return {"key": self.key, "kind": self.source.kind, "title": self.title_in(lang),
                "question": self.source.question_id, "choice": self.source.choice_id,
                "figures": [m.to_json() for m in self.measures]}


@dataclass
class Seeds:
    """The candidates of one round, and whether some questions were withheld."""

    round: Round
    threshold: int
    candidates: list[Candidate]
    withheld: list[str]  # question ids that offered nothing because they were withheld
    people: int  # people represented in the round's parts


def round_parts(store: Store, round_ref: str, threshold: int) -> tuple[Round, list[Part]]:
    rounds = RoundService(store)
    target = rounds.get(round_ref)
    ids = rounds.session_ids(target.id)
    if not ids:
        return target, []
    return target, load_parts(store, ids, ReportOptions(threshold=threshold))


def candidates(store: Store, round_ref: str, threshold: int) -> Seeds:
    """Candidate priorities from a round: the key findings' concerns (most agreed first),
    then the choices of each ranking question (most points) and of each vote."""
    target, parts = round_parts(store, round_ref, threshold)
    found: list[Candidate] = []
    withheld: list[str] = []
    for part in parts:
        instrument = part.instrument
        findings = key_findings(instrument, part.summary, top=TOP_FINDINGS)
        for statement in findings.concerns:
            q = part.summary.question(statement.question.id)
            agree = sum((q.counts or {}).get(k, 0) for k in ("4", "5"))
            found.append(Candidate(
                f"finding:{instrument.id}:{statement.question.id}",
                Source(kind="finding", round_id=target.id, instrument_id=instrument.id,
                       question_id=statement.question.id),
                statement.question.label, [Measure("agree", agree, statement.n)]))
        for question in instrument.questions:
            if question.type not in ("ranking", "votes"):
                continue
            summary = part.summary.question(question.id)
            if summary.suppressed:
                withheld.append(question.id)
                continue
            found += _choices(target, instrument.id, question, summary,
                              group=instrument.kind == "group")
        withheld += [q.id for s in instrument.sections if s.id.startswith("concern")
                     for q in s.questions
                     if q.type == "scale" and part.summary.question(q.id).suppressed]
    people = sum(p.summary.people for p in parts)
    return Seeds(target, threshold, found, withheld, people)


def _choices(target: Round, instrument_id: str, question: Question, summary,
             group: bool) -> list[Candidate]:
    """The top choices of a ranking or vote. In a group session one record stands for the
    room, so "ranked first by k of n" would count groups: only points or votes are shown,
    with the people in the room as their base."""
    kind: Literal["ranking", "votes"] = "ranking" if question.type == "ranking" else "votes"
    scores = (summary.points if kind == "ranking" else summary.counts) or {}
    order = question.choice_ids()
    ranked = sorted((cid for cid in scores if scores[cid] > 0 and cid in order),
                    key=lambda cid: (-scores[cid], order.index(cid)))[:TOP_CHOICES]
    people = summary.people if summary.people is not None else summary.n or 0
    out = []
    for cid in ranked:
        choice = question.choice(cid)
        measures = [Measure("points" if kind == "ranking" else "votes", scores[cid], people)]
        if kind == "ranking" and not group and summary.first is not None and summary.n:
            measures.append(Measure("first", summary.first.get(cid, 0), summary.n))
        out.append(Candidate(
            f"{kind}:{instrument_id}:{question.id}:{cid}",
            Source(kind=kind, round_id=target.id, instrument_id=instrument_id,
                   question_id=question.id, choice_id=cid),
            choice.text if choice else {"en": cid}, measures, group))
    return out


def find(seeds: Seeds, source: Source) -> Candidate | None:
    """The candidate a priority's source names, as the round shows it now (or None)."""
    for candidate in seeds.candidates:
        if candidate.source == source:
            return candidate
    return None


# -- indicators ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RoundValue:
    """An indicator's figure in one round. `status`: "shown" (value is a Share or an
    average), "withheld" (fewer people than the threshold answered), "not_asked"."""

    round_id: str
    round_name: str
    status: str
    share: Share | None = None
    mean: float | None = None

    def to_json(self) -> dict:
        data: dict = {"round": self.round_name, "status": self.status}
        if self.share is not None:
            data.update(share=round(self.share.value, 4), count=self.share.k,
                        people=self.share.n)
        if self.mean is not None:
            data["mean"] = round(self.mean, 4)
        return data


def figure_value(parts: list[Part], figure: Figure) -> tuple[str, Share | None, float | None]:
    """(status, share, mean) of one figure in one round's parts."""
    for part in parts:
        if part.instrument.id != figure.instrument_id or \
                not part.instrument.has_question(figure.question_id):
            continue
        question = part.instrument.question(figure.question_id)
        summary = part.summary.question(question.id)
        if summary.suppressed:
            return "withheld", None, None
        for m in _measures(question, summary, summary):
            if m.key == figure.key:
                if isinstance(m.a, Share):
                    return "shown", m.a, None
                if isinstance(m.a, (int, float)):
                    return "shown", None, float(m.a)
                return "withheld", None, None  # no one gave an opinion: nothing to show
    return "not_asked", None, None


def indicator_values(store: Store, plan: Plan, threshold: int) -> dict[str, list[RoundValue]]:
    """For every indicator that follows a questionnaire figure: its value in each round of
    the plan's community, oldest round first."""
    wanted = [(i.id, i.figure) for p in plan.priorities for i in p.indicators if i.figure]
    if not wanted:
        return {}
    rounds = RoundService(store).list(plan.community_id)
    loaded = []
    for r in rounds:
        _, parts = round_parts(store, r.id, threshold)
        if parts:
            loaded.append((r, parts))
    values: dict[str, list[RoundValue]] = {}
    for indicator_id, figure in wanted:
        assert figure is not None
        row = []
        for r, parts in loaded:
            status, share, mean = figure_value(parts, figure)
            row.append(RoundValue(r.id, r.name, status, share, mean))
        values[indicator_id] = row
    return values


def latest(values: list[RoundValue]) -> RoundValue | None:
    """The most recent round that shows the figure."""
    shown = [v for v in values if v.status == "shown"]
    return shown[-1] if shown else None


def figure_choices(store: Store, community_id: str) -> list[tuple[Figure, Question]]:
    """Figures an indicator may follow: each measure of each compared question of the
    questionnaires this community's rounds used (for a picker)."""
    from toolkit.reports.comparison import COMPARED_TYPES
    from toolkit.sessions import SessionService

    rounds = RoundService(store)
    sessions = SessionService(store)
    seen: dict[tuple[str, str, str], tuple[Figure, Question]] = {}
    for r in rounds.list(community_id):
        for sid in rounds.session_ids(r.id):
            instrument = sessions.instrument(sessions.get(sid))
            for q in instrument.questions:
                if q.type not in COMPARED_TYPES:
                    continue
                for key in measure_keys(q):
                    seen.setdefault((instrument.id, q.id, key), (Figure(
                        instrument_id=instrument.id, question_id=q.id, key=key), q))
    return list(seen.values())


def measure_keys(question: Question) -> list[str]:
    """The keys the comparison report measures for a question (see model.Figure)."""
    if question.type == "scale":
        return ["agree"]
    if question.type == "yesno":
        return ["yes"]
    if question.type == "number":
        return ["mean"]
    return question.choice_ids()


def source_figures(store: Store, plan: Plan, threshold: int) -> dict[str, list[Candidate]]:
    """Per priority id, the candidates its sources name, as their rounds show them now
    (recomputed, never stored: a figure withheld today is not shown from an old copy)."""
    wanted = {s.round_id for p in plan.priorities for s in p.sources}
    rounds = {r.id for r in RoundService(store).list(plan.community_id)}
    seeds = {rid: candidates(store, rid, threshold) for rid in wanted if rid in rounds}
    out: dict[str, list[Candidate]] = {}
    for p in plan.priorities:
        found = [find(seeds[s.round_id], s) for s in p.sources if s.round_id in seeds]
        out[p.id] = [c for c in found if c is not None]
    return out


def questions_for(store: Store, community_id: str) -> dict[tuple[str, str], Question]:
    """(questionnaire id, question id) -> the question, for naming indicator figures."""
    return {(f.instrument_id, f.question_id): q for f, q in figure_choices(store, community_id)}


def received_values(figures: dict) -> dict[str, list[RoundValue]]:
    """Indicator values that came with a plan in a package (already checked on import)."""
    out: dict[str, list[RoundValue]] = {}
    for indicator_id, row in figures.items():
        out[indicator_id] = [RoundValue(
            "", v["round"], v["status"],
            Share(v["count"], v["people"]) if v.get("count") is not None else None,
            v.get("mean")) for v in row]
    return out


def values_for(store: Store, shown, threshold: int) -> dict[str, list[RoundValue]]:
    """The values to show with a plan version: computed from this computer's rounds, or, for
    a plan received in a package (a hub has none of the community's rounds), those it came
    with."""
    if shown.read_only and shown.figures is not None:
        return received_values(shown.figures)
    return indicator_values(store, shown.plan, threshold)
