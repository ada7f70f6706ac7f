"""For all small rounds: candidates and indicator values only from figures the analysis
shows, and a session too small to show anything changes none of them (so subtracting two
rounds, or a round before and after that session, tells nothing about its people)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.context import Toolkit
from toolkit.plan.model import Figure
from toolkit.plan.seeding import candidates, indicator_values
from toolkit.plan.service import PlanService
from toolkit.reports.summary import ReportOptions, load_parts
from toolkit.rounds import RoundService
from toolkit.sessions import SessionService

CHOICES = ["youth_programs", "housing", "mental_health_addictions", "transportation"]
person = st.fixed_dictionaries({}, optional={
    "safe_night": st.sampled_from([1, 2, 3, 4, 5, "dk"]),
    "concern_housing": st.sampled_from([1, 2, 3, 4, 5]),
    "priority_actions": st.lists(st.sampled_from(CHOICES), min_size=1, max_size=3,
                                 unique=True),
})
FIGURES = [("safe_night", "agree"), ("priority_actions", "housing")]
SEEN = {"candidates": 0}  # the examples did offer candidates (the property is not vacuous)


def _session(service, people: list[dict], day: str) -> str:
    session = service.create_session("Test Lake", "local-diagnosis", day)
    for answers in people:
        r = service.add_respondent(session.id)
        for qid, value in answers.items():
            service.save_answer(r.id, qid, value)
        service.complete(r.id)
    return session.id


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.lists(person, max_size=9), min_size=1, max_size=3),
       st.lists(person, min_size=1, max_size=6), st.integers(3, 7))
def test_plan_figures_follow_the_disclosure_rules(sessions, small, threshold):
    small = small[:threshold - 1]  # fewer people than the threshold: shows nothing alone
    with tempfile.TemporaryDirectory() as folder:
        kit = Toolkit(Path(folder))
        kit.open_store()
        try:
            service = SessionService(kit.store)
            ids = [_session(service, people, f"2026-0{i + 1}-01")
                   for i, people in enumerate(sessions)]
            rounds = RoundService(kit.store)
            r = rounds.create("Test Lake", "R")
            rounds.assign(r.id, ids)
            plans = PlanService(kit.store)
            plans.create("Test Lake")
            plans.add_priority("Test Lake", "P")
            for qid, key in FIGURES:
                plans.add_indicator("Test Lake", 1, qid, figure=Figure(
                    instrument_id="local-diagnosis", question_id=qid, key=key))
            plan = plans.get("Test Lake").plan
            seeds = candidates(kit.store, r.id, threshold)
            values = indicator_values(kit.store, plan, threshold)
            (part,) = load_parts(kit.store, ids, ReportOptions(threshold=threshold))
            for c in seeds.candidates:  # only from questions the analysis shows
                q = part.summary.question(c.source.question_id)
                assert not q.suppressed and q.people >= threshold
            question_of = {i.id: i.figure.question_id for i in plan.priorities[0].indicators}
            for indicator_id, row in values.items():
                q = part.summary.question(question_of[indicator_id])
                for v in row:
                    if v.status == "shown":
                        assert not q.suppressed and q.people >= threshold
                    else:
                        assert v.share is None and v.mean is None
            SEEN["candidates"] += len(seeds.candidates)
            # the small session joins the round: nothing that was shown moves
            rounds.assign(r.id, [_session(service, small, "2026-09-01")])
            after = candidates(kit.store, r.id, threshold)
            assert [(c.key, c.measures) for c in after.candidates] == \
                [(c.key, c.measures) for c in seeds.candidates]
            again = indicator_values(kit.store, plan, threshold)
            assert {k: [(v.status, v.share, v.mean) for v in row] for k, row in again.items()} \
                == {k: [(v.status, v.share, v.mean) for v in row] for k, row in values.items()}
        finally:
            kit.close(backup=False)


def test_the_examples_were_not_all_empty():
    assert SEEN["candidates"] > 0
