"""The disclosure rules hold for all inputs: Hypothesis generates sessions and the auditor
(tests/disclosure_auditor.py) attacks every output made from them, together with the outputs
of their parts (each session's report, each community's report).

Generated: 1 to 3 sessions (or 2 to 3 communities of 1 or 2 sessions for the hub), groups of
0 to 12 people per age band and per multi-choice identity, thresholds 3 to 10, night safety
answered 1 to 5, "don't know" or not at all. Outputs: session and community reports (overall
figures and breakdowns by a single- and a multi-choice question), the hub report (totals per
community and overall), summary-level packages (their JSON read back strictly). The number of
cases and of hidden units attacked is printed at the end; the whole takes about a minute.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.disclosure_auditor import Auditor, Figure, Person
from tests.disclosure_outputs import breakdown_figures, summary_figures
from toolkit.analysis import SessionSummary, answer_keys, summarise
from toolkit.questionnaire import bundled_instrument
from toolkit.reports.hub_report import combine_communities
from toolkit.reports.summary import Part, finish_part
from toolkit.sessions import Session

LD = bundled_instrument("local-diagnosis")
Q, AGE, IDENTITY = "safe_night", "age_group", "indigenous_identity"
AGES = ["age_18_24", "age_45_54", "age_65_74"]
IDENTITIES = ["first_nations", "inuit", "metis"]
ANSWERS = [1, 2, 3, 4, 5, "dk", None]
PLAN = [(LD.question(Q), LD.question(AGE)), (LD.question(Q), LD.question(IDENTITY))]
TRIED = {"cases": 0, "units": 0}
# examples per property (about a minute in all on a quiet 2-core machine); more on request
SCALE = float(os.environ.get("DISCLOSURE_SCALE", "1"))
PHASES = [Phase.explicit, Phase.generate] + ([] if os.environ.get("DISCLOSURE_NO_SHRINK")
                                             else [Phase.shrink])


def budget(examples: int):
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None,
                    derandomize=True, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def session_answers(draw) -> list[dict]:
    """People of one session: per age band (and no answer) 0 to 12, each with night safety
    (or none) and an identity set (or none)."""
    people = []
    for age in AGES + [None]:
        for _ in range(draw(st.integers(0, 12 if age else 4))):
            answers = {}
            if age:
                answers[AGE] = age
            value = draw(st.sampled_from(ANSWERS))
            if value is not None:
                answers[Q] = value
            chosen = draw(st.sets(st.sampled_from(IDENTITIES), max_size=2))
            if chosen:
                answers[IDENTITY] = sorted(chosen)
            people.append(answers)
    return people


def fake_session(sid: str, n: int, community: str = "c") -> Session:
    return Session(sid, community, community, "h", "local-diagnosis", sid, "2026-11-01", "", "",
                   "facilitator", "en", "closed", None, "", 1, n, n)


def report_part(sessions: dict[str, list[dict]], threshold: int, community: str = "c") -> Part:
    """What load_parts builds from the database, from answers in memory (finish_part)."""
    answers = {sid: {f"{sid}-{i}": a for i, a in enumerate(people)}
               for sid, people in sessions.items()}
    summaries = [summarise(LD, answers[sid], threshold) for sid in sessions]
    part = Part(LD, [fake_session(sid, len(p), community) for sid, p in sessions.items()],
                summaries[0], answers=answers, summaries=summaries)
    return finish_part(part, threshold, PLAN)


def part_figures(part: Part, label: str) -> list:
    ids = [s.id for s in part.sessions]
    figures = summary_figures(part.summary, ids, [Q, AGE, IDENTITY], label)
    for result in part.breakdowns:
        figures += breakdown_figures(result, ids, label)
    return figures


def attack(people: list[Person], threshold: int, figures: list) -> list[str]:
    problems = []
    for g, multi, keys in ((AGE, False, AGES), (IDENTITY, True, IDENTITIES)):
        table = [f for f in figures if f.question in (Q, g) and (
            f.group is None or f.group[0] == g)]
        auditor = Auditor(people, threshold, Q, answer_keys(LD.question(Q)), g, keys, multi)
        found, units = auditor.attack(table)
        problems += found
        TRIED["units"] += units
    TRIED["cases"] += 1
    return problems


def compact(sessions: dict[str, list[dict]]) -> dict:
    """A failing case in short: per session, how many people per (age, answer)."""
    from collections import Counter

    return {sid: dict(Counter((a.get(AGE, "-"), a.get(Q, "-")) for a in people))
            for sid, people in sessions.items()}


def persons(sessions: dict[str, list[dict]]) -> list[Person]:
    return [Person(sid, a) for sid, people in sessions.items() for a in people]


@given(st.lists(session_answers(), min_size=1, max_size=3), st.integers(3, 10))
@budget(100)
def check_reports(sessions_list, threshold):
    """A community report of the sessions, beside each session's own report."""
    sessions = {f"s{i}": people for i, people in enumerate(sessions_list)}
    part = report_part(sessions, threshold)
    figures = part_figures(part, "community report")
    if len(sessions) > 1:
        for sid, people in sessions.items():
            figures += part_figures(report_part({sid: people}, threshold), f"report of {sid}")
    problems = attack(persons(sessions), threshold, figures)
    assert problems == [], (problems[:3], threshold, compact(sessions))


@given(st.lists(st.lists(session_answers(), min_size=1, max_size=2), min_size=2, max_size=3),
       st.integers(3, 10), st.integers(0, 3))
@budget(25)
def check_hub(communities, threshold, raise_by):
    """The hub's totals (communities sent summary packages, made with `threshold`, and the
    hub reads them with a threshold raised by `raise_by`), beside each community's report."""
    hub_threshold = threshold + raise_by
    sessions: dict[str, list[dict]] = {}
    by_community = {}
    members: dict[str, list[str]] = {}
    figures = []
    for c, community in enumerate(communities):
        cid = f"c{c}"
        mine = {f"{cid}s{i}": people for i, people in enumerate(community)}
        sessions |= mine
        members[cid] = list(mine)
        items = []
        for sid, people in mine.items():
            answers = {f"{sid}-{i}": a for i, a in enumerate(people)}
            packaged = summarise(LD, answers, threshold).to_json()  # a summary-level package
            summary = SessionSummary.from_json(json.loads(json.dumps(packaged)), LD)
            items.append((sid, summary))
            figures += summary_figures(summary, [sid], [Q, AGE, IDENTITY], f"package {sid}")
        by_community[cid] = items
        figures += part_figures(report_part(mine, threshold, cid), f"report of {cid}")
    totals, overall = combine_communities(by_community, hub_threshold)
    hub = []
    for qid in (Q, AGE, IDENTITY):
        q = overall.question(qid)
        counted = frozenset(sid for cid in members if cid not in q.left_out
                            for sid in members[cid]
                            if sid not in totals[cid].question(qid).left_out)
        hub.append(Figure(qid, counted, None if q.suppressed else dict(q.counts or {}),
                          n=None if q.suppressed else q.n, label=f"hub: {qid}"))
    people = persons(sessions)
    # the hub's own promise, at its threshold; then everything together, at the packages'
    problems = attack(people, hub_threshold, hub) + attack(people, threshold, figures + hub)
    assert problems == [], (problems[:3], threshold, hub_threshold, compact(sessions))


def test_reports_and_packages_pin_no_small_group(capsys):
    check_reports()
    check_hub()
    with capsys.disabled():
        print(f"\ndisclosure auditor: {TRIED['cases']} generated outputs attacked, "
              f"{TRIED['units']} hidden units and unions under the threshold checked")
    assert TRIED["cases"] >= int(100 * SCALE) + 2 * int(25 * SCALE)
