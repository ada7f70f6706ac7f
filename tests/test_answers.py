"""Answer checking for every question type, and skip logic."""

import pytest

from toolkit.questionnaire import bundled_instrument
from toolkit.questionnaire.answers import (
    AnswerError,
    check_answer,
    effective_answers,
    is_visible,
    missing_required,
    progress,
)

LD = bundled_instrument("local-diagnosis")
GROUP = bundled_instrument("group-session")


def q(instrument, qid):
    return instrument.question(qid)


@pytest.mark.parametrize("qid,good,bad", [
    ("safe_day", [1, 5, "dk"], [0, 6, "4", True, None]),
    ("community_kind", ["city", "other"], ["moon", 3]),
    ("respondent_role", [["resident"], ["resident", "youth", "other"]],
     [["resident", "youth", "parent", "faith"], ["resident", "resident"], "resident"]),
    ("victim_12m", ["yes", "no", "dk"], ["maybe", 1]),
    ("people_in_household", [1, 20], [0, 21, 2.5, "3"]),
    ("unsafe_places", ["By the river"], [12, "x" * 5000]),
    ("priority_actions", [[], ["youth_programs"]], [["a", "b", "c", "d"]]),
])
def test_values_are_checked(qid, good, bad):
    question = q(LD, qid)
    for value in good:
        assert check_answer(question, value) == value
    for value in bad:
        with pytest.raises(AnswerError):
            check_answer(question, value)


def test_ranking_keeps_order_and_limit():
    question = q(LD, "priority_actions")
    ids = question.choice_ids()[:3]
    assert check_answer(question, list(reversed(ids))) == list(reversed(ids))
    with pytest.raises(AnswerError):
        check_answer(question, question.choice_ids()[:4])


def test_votes():
    question = q(GROUP, "group_votes")
    first = question.choice_ids()[0]
    assert check_answer(question, {first: 3}) == {first: 3}
    assert check_answer(question, {first: 0}) == {}
    for bad in ({first: -1}, {"nope": 1}, {first: "3"}, [first]):
        with pytest.raises(AnswerError):
            check_answer(question, bad)


def test_skip_logic_cascades():
    reported = q(LD, "victim_reported")
    why = q(LD, "not_reported_why")
    answers = {"victim_12m": "no"}
    assert not is_visible(LD, reported, answers)
    answers = {"victim_12m": "yes", "victim_reported": "no"}
    assert is_visible(LD, reported, answers) and is_visible(LD, why, answers)
    answers["victim_12m"] = "no"  # changing the first answer hides both follow-ups
    assert not is_visible(LD, why, answers)


def test_hidden_answers_do_not_count_but_are_kept():
    answers = {"victim_12m": "no", "victim_reported": "yes", "community_kind": "city",
               "community_kind.other": "stale"}
    effective = effective_answers(LD, answers)
    assert "victim_reported" not in effective and "community_kind.other" not in effective
    assert answers["victim_reported"] == "yes"
    answers["community_kind"] = "other"
    assert effective_answers(LD, answers)["community_kind.other"] == "stale"


def test_required_and_progress():
    assert [x.id for x in missing_required(LD, {})] == ["community_kind"]
    assert missing_required(LD, {"community_kind": "rural"}) == []
    done, shown = progress(LD, {"community_kind": "rural", "victim_12m": "yes"})
    # not_reported_why and police respect hidden
    assert done == 2 and shown == len(LD.questions) - 2
