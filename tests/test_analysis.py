"""Tallies, suppression of small groups, skip logic, JSON round trip and combining sessions."""

import json

import pytest

from toolkit import i18n
from toolkit.analysis import (
    NO_ANSWER,
    SessionSummary,
    SummaryFormatError,
    breakdown,
    combine,
    summarise,
)
from toolkit.errors import InputError
from toolkit.questionnaire import bundled_instrument

LD = bundled_instrument("local-diagnosis")
GROUP = bundled_instrument("group-session")


def people(*answer_sets):
    return {f"r{i}": dict(a) for i, a in enumerate(answer_sets)}


def test_counts_per_type():
    answers = people(
        {"safe_day": 5, "community_kind": "city", "respondent_role": ["youth", "parent"],
         "victim_12m": "no", "people_in_household": 2, "unsafe_places": "By the dock",
         "priority_actions": ["housing", "youth_programs", "transportation"]},
        {"safe_day": 4, "community_kind": "city", "respondent_role": ["youth"],
         "victim_12m": "dk", "people_in_household": 4,
         "priority_actions": ["youth_programs", "housing"]},
        {"safe_day": "dk", "community_kind": "other", "community_kind.other": "Camp",
         "victim_12m": "no", "people_in_household": 7},
    )
    s = summarise(LD, answers, threshold=1)
    assert s.respondents == 3
    day = s.question("safe_day")
    assert day.n == 3 and not day.suppressed
    assert day.counts == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1, "dk": 1}
    kind = s.question("community_kind").counts
    assert kind["city"] == 2 and kind["other"] == 1 and kind["rural"] == 0
    roles = s.question("respondent_role")
    assert roles.n == 2 and roles.counts["youth"] == 2 and roles.counts["parent"] == 1
    assert s.question("victim_12m").counts == {"yes": 0, "no": 2, "dk": 1}
    stats = s.question("people_in_household").stats
    # no lowest or highest (one person's answer each); the median from 2T answers (T = 1)
    assert stats == {"count": 3, "median": 4, "mean": pytest.approx(13 / 3), "q1": None,
                     "q3": None}
    ranking = s.question("priority_actions")
    # top 3: first place 3 points, second 2, third 1
    assert ranking.points["housing"] == 3 + 2
    assert ranking.points["youth_programs"] == 2 + 3
    assert ranking.points["transportation"] == 1
    assert ranking.first["housing"] == 1 and ranking.first["youth_programs"] == 1
    text = s.question("unsafe_places")
    assert text.n == 1 and text.counts is None
    assert "By the dock" not in json.dumps(s.to_json())
    assert "Camp" not in json.dumps(s.to_json())


def test_question_answered_by_fewer_than_threshold_keeps_no_figures():
    answers = people(*[{"safe_day": 4, "safe_night": 2}] * 4, *[{"safe_day": 3}] * 2)
    s = summarise(LD, answers, threshold=5)
    night = s.question("safe_night")
    assert night.suppressed
    assert (night.n, night.people, night.counts, night.points, night.stats) == (
        None, None, None, None, None)
    day = s.question("safe_day")
    assert not day.suppressed and day.counts["4"] == 4 and day.n == 6
    # an unanswered question is suppressed too (0 < 5): nothing to show, nothing leaks
    assert s.question("trust_police").suppressed
    assert "safe_night" in json.dumps(s.to_json())
    assert json.dumps(s.question("safe_night").to_json()).count("null") >= 2


def test_three_person_session_shows_nothing():
    answers = people(*[{"safe_day": 5, "people_in_household": 3}] * 3)
    s = summarise(LD, answers, threshold=5)
    assert all(q.suppressed for q in s.questions)


def test_hidden_answers_do_not_count():
    # respondent 0 first said they were a victim and answered the follow-up, then changed to no
    answers = people(
        {"victim_12m": "no", "victim_reported": "no", "not_reported_why": ["distrust"]},
        {"victim_12m": "yes", "victim_reported": "no", "not_reported_why": ["distrust"]},
        {"victim_12m": "yes", "victim_reported": "yes", "not_reported_why": ["prefer_not"]},
        {"community_kind": "city", "community_kind.other": "left over"},
    )
    s = summarise(LD, answers, threshold=1)
    assert s.question("victim_reported").n == 2
    assert s.question("victim_reported").counts == {"yes": 1, "no": 1, "dk": 0}
    why = s.question("not_reported_why")
    assert why.n == 1 and why.counts["distrust"] == 1 and why.counts["prefer_not"] == 0


def test_json_round_trip():
    answers = people(*[{"safe_day": 4, "people_in_household": 3, "best_idea": "x",
                        "priority_actions": ["housing"]}] * 6, {"safe_night": 1})
    s = summarise(LD, answers, threshold=5, completed=5)
    data = json.loads(json.dumps(s.to_json()))
    back = SessionSummary.from_json(data)
    assert back == s
    assert back.completed == 5 and back.instrument_hash == LD.content_hash


@pytest.mark.parametrize("damage", [
    lambda d: d.update(format=99),
    lambda d: d.update(respondents="6"),
    lambda d: d.update(threshold=0),
    lambda d: d["questions"][0].update(counts={"1": -1}),
    lambda d: d["questions"][0].update(counts=["1"]),
    lambda d: d["questions"][1].update(counts={"1": 3}),  # figures in a suppressed question
    lambda d: d.update(questions="all"),
])
def test_malformed_json_is_refused(damage):
    answers = people(*[{"safe_day": 4}] * 6)
    data = summarise(LD, answers, threshold=5).to_json()
    assert data["questions"][0]["id"] == "community_kind"
    data["questions"][0] = summarise(LD, people(*[{"community_kind": "city"}] * 5),
                                     5).question("community_kind").to_json()
    damage(data)
    with pytest.raises(SummaryFormatError) as refused:
        SessionSummary.from_json(data)
    # said in French with no English inside: a place (a JSON path) and French words only
    i18n.set_language("fr")
    try:
        said = refused.value.user_message()
    finally:
        i18n.set_language("en")
    assert said.startswith("Ces résultats ne sont pas valides")
    for english in ("Expected", "Object", "the same", "wrong value", "suppressed", "at `"):
        assert english not in said, said


def test_combine_adds_counts_and_reapplies_threshold():
    a = summarise(LD, people(*[{"safe_day": 5, "safe_night": 2, "people_in_household": 2}] * 6,
                             *[{"safe_home": 4}] * 3), threshold=5)
    b = summarise(LD, people(*[{"safe_day": 3, "safe_night": 1, "people_in_household": 4}] * 5,
                             *[{"safe_home": 4}] * 3), threshold=5)
    c = summarise(LD, people(*[{"safe_day": 1}] * 2), threshold=5)  # all suppressed at source
    total = combine([a, b, c])
    assert total.sessions == 3 and total.respondents == 9 + 8 + 2
    day = total.question("safe_day")
    assert day.counts["5"] == 6 and day.counts["3"] == 5 and day.counts["1"] == 0
    assert day.n == 11 and day.suppressed_at_source
    assert total.suppressed_at_source
    # safe_home: 3 + 3 answered, each suppressed at source: stays suppressed (no figures exist)
    assert total.question("safe_home").suppressed
    assert total.question("safe_day").left_out == ["2"]  # c, by position: too few there
    stats = total.question("people_in_household").stats
    assert stats["count"] == 11 and "min" not in stats and "max" not in stats
    assert stats["mean"] == pytest.approx((6 * 2 + 5 * 4) / 11)
    assert stats["median"] is None  # not computable from two medians
    # the threshold applies to each part: a higher one leaves out the parts below it
    assert combine([a, b], threshold=7).question("safe_day").suppressed
    six = combine([a, b], threshold=6, ids=["a", "b"]).question("safe_day")
    assert six.n == 6 and six.left_out == ["b"]
    # round trip of a combined summary
    assert SessionSummary.from_json(total.to_json()) == total


def test_combine_refuses_different_questionnaires():
    a = summarise(LD, {}, threshold=5)
    g = summarise(GROUP, {}, threshold=5)
    with pytest.raises(InputError):
        combine([a, g])
    with pytest.raises(InputError):
        combine([])


def test_group_sessions_count_the_people_in_the_room():
    big = people({"participants_count": 14, "group_votes": {"housing": 6, "racism": 2},
                  "consensus_level": "broad"})
    s = summarise(GROUP, big, threshold=5)
    assert s.people == 14 and s.respondents == 1
    votes = s.question("group_votes")
    assert not votes.suppressed and votes.counts["housing"] == 6 and votes.counts["racism"] == 2
    assert s.question("consensus_level").counts["broad"] == 1
    # the head count is people, not statistics of one group ("1 / 14 / 14 / 14 / 14")
    head = s.question("participants_count")
    assert head.stats == {"count": 1, "people": 14} and head.people == 14
    # a question the group left blank: shown as not answered, not as "fewer than 5 people"
    blank = s.question("group_ranking")
    assert not blank.suppressed and blank.n == 0
    small = people({"participants_count": 3, "group_votes": {"housing": 2}})
    assert summarise(GROUP, small, threshold=5).question("group_votes").suppressed
    assert summarise(GROUP, small, threshold=5).question("group_ranking").suppressed
    # a room of 3, even summarised with a lower threshold, is left out of a total at 5
    total = combine([summarise(GROUP, small, 3), summarise(GROUP, big, 3)], threshold=5,
                    ids=["small", "big"])
    assert total.question("group_votes").counts["housing"] == 6
    assert total.question("group_votes").left_out == ["small"]
    assert total.question("participants_count").stats == {"count": 1, "people": 14}


def test_breakdown_suppresses_small_groups():
    answers = people(
        *[{"age_group": "age_18_24", "safe_night": 2}] * 6,
        *[{"age_group": "age_25_34", "safe_night": 4}] * 7,
        *[{"age_group": "age_65_74", "safe_night": 1}] * 3,
        *[{"safe_night": 5}] * 8,  # did not give an age
    )
    b = breakdown(LD, answers, "safe_night", "age_group", threshold=5)
    groups = {g.key: g for g in b.groups}
    old = groups["age_65_74"]
    assert old.suppressed and old.size is None and old.summary.counts is None
    # one hidden group could be found by subtraction: the smallest shown group is hidden too
    assert groups["age_18_24"].suppressed
    assert old.small and not groups["age_18_24"].small  # hidden to protect the other
    assert not groups["age_25_34"].suppressed
    assert groups["age_25_34"].summary.counts["4"] == 7
    assert groups[NO_ANSWER].size == 8 and groups[NO_ANSWER].summary.counts["5"] == 8
    assert b.suppressed_groups == 2
    assert "age_55_64" not in groups  # empty groups are not listed
    assert "1" not in json.dumps([g.summary.to_json() for g in b.groups if g.suppressed])


def test_breakdown_by_multi_choice_and_bad_grouping():
    answers = people(*[{"indigenous_identity": ["first_nations", "metis"], "safe_day": 4}] * 5,
                     *[{"indigenous_identity": ["inuit"], "safe_day": 2}] * 2)
    b = breakdown(LD, answers, "safe_day", "indigenous_identity", threshold=5)
    groups = {g.key: g for g in b.groups}
    # 5 in, but only 2 outside: the overall minus the group would give those 2
    assert groups["first_nations"].suppressed and groups["metis"].suppressed
    assert groups["inuit"].suppressed
    answers = people(*[{"indigenous_identity": ["first_nations", "metis"], "safe_day": 4}] * 6,
                     *[{"indigenous_identity": ["inuit"], "safe_day": 2}] * 6,
                     *[{"safe_day": 3}] * 5)
    b = breakdown(LD, answers, "safe_day", "indigenous_identity", threshold=5)
    groups = {g.key: g for g in b.groups}
    assert groups["first_nations"].summary.counts["4"] == 6
    assert groups["metis"].size == 6 and groups["inuit"].summary.counts["2"] == 6
    assert not groups[NO_ANSWER].suppressed
    with pytest.raises(InputError):
        breakdown(LD, answers, "safe_day", "people_in_household", threshold=5)


def test_the_one_pass_skip_logic_agrees_with_the_rule_followed_question_by_question():
    """Reports use visible_questions (one pass); the runner and demo data, is_visible."""
    import random

    from toolkit.demo import generate_answers
    from toolkit.questionnaire.answers import is_visible, visible_questions

    rng = random.Random(3)
    for instrument in (LD, GROUP):
        for _ in range(200):
            answers = generate_answers(instrument, rng, "en")
            # scramble some answers so that hidden questions keep stale values
            for qid in ("victim_12m", "victim_reported", "trust_police_contact"):
                if qid in answers and rng.random() < 0.5:
                    answers[qid] = rng.choice(["yes", "no", "dk"])
            if rng.random() < 0.3:
                answers["community_kind.other"] = "stale"
            assert visible_questions(instrument, answers) == [
                q for q in instrument.questions if is_visible(instrument, q, answers)]
