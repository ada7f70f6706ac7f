"""Candidate priorities from a round, and indicator values per round, under disclosure
control: attacked with a round of 4 people, a small group session, and two rounds that
differ by one person."""

from __future__ import annotations

import json
import random

import pytest

from tests.test_rounds import _survey
from toolkit.demo import DEMO_COMMUNITY, ROUND_NAMES, add_demo
from toolkit.plan.model import Figure
from toolkit.plan.seeding import candidates, indicator_values, latest
from toolkit.plan.service import PlanService
from toolkit.questionnaire.answers import effective_answers
from toolkit.rounds import RoundService
from toolkit.sessions import SessionService

T = 5


@pytest.fixture
def demo(kit):
    service = SessionService(kit.store)
    add_demo(service)
    return service


def _agree_by_hand(service, session_ids, question_id):
    """The share agreeing, counted from the raw answers (not through analysis)."""
    agree = opinions = 0
    for sid in session_ids:
        instrument = service.instrument(service.get(sid))
        for answers in service.all_answers(sid).values():
            value = effective_answers(instrument, answers).get(question_id)
            if value in (1, 2, 3, 4, 5):
                opinions += 1
                agree += value >= 4
    return agree, opinions


def _all_bases_at_least(seeds, threshold):
    return all(m.n >= threshold for c in seeds.candidates for m in c.measures)


def test_candidates_from_the_demo_round(kit, demo):
    seeds = candidates(kit.store, ROUND_NAMES[1], T)
    kinds = {c.source.kind for c in seeds.candidates}
    assert kinds == {"finding", "ranking", "votes"}
    findings = [c for c in seeds.candidates if c.source.kind == "finding"]
    shares = [c.measures[0].share for c in findings]
    assert shares == sorted(shares, reverse=True)  # most agreed first
    rounds = RoundService(kit.store)
    survey_ids = [s for s in rounds.session_ids(rounds.get(ROUND_NAMES[1]).id)
                  if demo.get(s).mode != "group"]
    for c in findings:
        m = c.measures[0]
        assert (m.k, m.n) == _agree_by_hand(demo, survey_ids, c.source.question_id)
    ranking = [c for c in seeds.candidates if c.source.kind == "ranking"
               and c.source.question_id == "priority_actions"]
    points = [c.measures[0].k for c in ranking]
    assert points == sorted(points, reverse=True) and len(ranking) == 5
    assert ranking[0].title_in("fr") != ranking[0].title_in("en")
    assert _all_bases_at_least(seeds, T)


def test_adding_candidates_records_their_source(kit, demo):
    seeds = candidates(kit.store, ROUND_NAMES[1], T)
    plans = PlanService(kit.store)
    plans.create(DEMO_COMMUNITY)
    chosen = seeds.candidates[0]
    added = plans.add_priority(DEMO_COMMUNITY, chosen.title_in("fr"), sources=[chosen.source])
    stored = plans.get(DEMO_COMMUNITY).plan.priorities[0]
    assert stored.id == added.id and stored.sources == [chosen.source]
    assert stored.title == chosen.title_in("fr")


def test_indicators_from_two_rounds(kit, demo):
    plans = PlanService(kit.store)
    plans.create(DEMO_COMMUNITY)
    plans.add_priority(DEMO_COMMUNITY, "Safer nights")
    night = plans.add_indicator(DEMO_COMMUNITY, 1, "Feel safe walking at night",
                                baseline="see 2024", target="60 %",
                                figure=Figure(instrument_id="local-diagnosis",
                                              question_id="safe_night", key="agree"))
    youth = plans.add_indicator(DEMO_COMMUNITY, 1, "Put youth programs first",
                                figure=Figure(instrument_id="local-diagnosis",
                                              question_id="priority_actions",
                                              key="youth_programs"))
    plans.add_indicator(DEMO_COMMUNITY, 1, "Calls to the nursing station")  # no figure
    values = indicator_values(kit.store, plans.get(DEMO_COMMUNITY).plan, T)
    assert set(values) == {night.id, youth.id}
    rounds = RoundService(kit.store)
    assert [v.round_name for v in values[night.id]] == list(ROUND_NAMES)
    for value in values[night.id]:
        ids = [s for s in rounds.session_ids(value.round_id) if demo.get(s).mode != "group"]
        assert value.status == "shown"
        assert (value.share.k, value.share.n) == _agree_by_hand(demo, ids, "safe_night")
    # the demo's community lit the road: night-time safety rose between the rounds
    assert values[night.id][1].share.value > values[night.id][0].share.value
    assert latest(values[night.id]).round_name == ROUND_NAMES[1]
    assert all(v.status == "shown" for v in values[youth.id])


def test_a_round_of_four_people_shows_nothing(kit):
    service = SessionService(kit.store)
    small = _survey(service, "Tiny Creek", 4, seed=1)
    rounds = RoundService(kit.store)
    r = rounds.create("Tiny Creek", "2026")
    rounds.assign(r.id, [small.id])
    seeds = candidates(kit.store, r.id, T)
    assert seeds.candidates == []  # not even the order of the choices
    assert "priority_actions" in seeds.withheld
    plans = PlanService(kit.store)
    plans.create("Tiny Creek")
    plans.add_priority("Tiny Creek", "Roads")
    plans.add_indicator("Tiny Creek", 1, "Night", figure=Figure(
        instrument_id="local-diagnosis", question_id="safe_night", key="agree"))
    values = indicator_values(kit.store, plans.get("Tiny Creek").plan, T)
    (only,) = values.values()
    assert [v.status for v in only] == ["withheld"] and only[0].share is None
    assert latest(only) is None
    assert "share" not in json.dumps([v.to_json() for v in only])


def test_a_small_group_session_offers_no_votes(kit):
    service = SessionService(kit.store)
    survey = _survey(service, "Elm Creek", 12, seed=3)
    group = service.create_session("Elm Creek", "group-session", "2026-10-21", mode="group")
    respondent = service.add_respondent(group.id)
    instrument = service.instrument(group)
    service.save_answer(respondent.id, "participants_count", 4)
    votes = instrument.question("group_votes")
    service.save_answer(respondent.id, "group_votes", {c.id: 1 for c in votes.choices[:3]})
    service.complete(respondent.id)
    rounds = RoundService(kit.store)
    r = rounds.create("Elm Creek", "2026")
    rounds.assign(r.id, [survey.id, group.id])
    seeds = candidates(kit.store, r.id, T)
    assert not [c for c in seeds.candidates if c.source.kind == "votes"]
    assert "group_votes" in seeds.withheld
    assert [c for c in seeds.candidates if c.source.kind == "ranking"]
    assert _all_bases_at_least(seeds, T)


def test_two_rounds_differing_by_one_person_reveal_nothing(kit):
    """Round B holds the same 20 answers as round A plus one person's session: every
    figure of B equals A's, so subtracting A from B says nothing about that person."""
    service = SessionService(kit.store)
    a = _survey(service, "Pine Hill", 20, seed=7, day="2024-05-01")
    b = _survey(service, "Pine Hill", 20, seed=7, day="2026-05-01")
    one = _survey(service, "Pine Hill", 1, seed=99, day="2026-05-02")
    rounds = RoundService(kit.store)
    ra, rb = rounds.create("Pine Hill", "A"), rounds.create("Pine Hill", "B")
    rounds.assign(ra.id, [a.id])
    rounds.assign(rb.id, [b.id, one.id])
    seeds_a, seeds_b = candidates(kit.store, ra.id, T), candidates(kit.store, rb.id, T)
    assert seeds_a.candidates and [c.key for c in seeds_a.candidates] == \
        [c.key for c in seeds_b.candidates]
    assert [c.measures for c in seeds_a.candidates] == [c.measures for c in seeds_b.candidates]
    plans = PlanService(kit.store)
    plans.create("Pine Hill")
    plans.add_priority("Pine Hill", "Roads")
    rng = random.Random(5)
    for qid, key in [("safe_night", "agree"), ("victim_12m", "yes"),
                     ("priority_actions", "housing")] + [
                         ("community_kind", rng.choice(["town", "rural", "city"]))]:
        plans.add_indicator("Pine Hill", 1, qid, figure=Figure(
            instrument_id="local-diagnosis", question_id=qid, key=key))
    values = indicator_values(kit.store, plans.get("Pine Hill").plan, T)
    for row in values.values():
        first, second = row
        assert (first.status, first.share, first.mean) == (second.status, second.share,
                                                           second.mean)


def test_candidates_json_carries_only_shown_figures(kit, demo):
    seeds = candidates(kit.store, ROUND_NAMES[0], T)
    data = [c.to_json("en") for c in seeds.candidates]
    assert data and all(f["people"] >= T for c in data for f in c["figures"])
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
