"""Key findings come from the questionnaire's structure and respect suppression."""

from toolkit.analysis import summarise
from toolkit.questionnaire import bundled_instrument
from toolkit.reports.findings import key_findings

LD = bundled_instrument("local-diagnosis")
GROUP = bundled_instrument("group-session")


def people(n, **answers):
    return [dict(answers) for _ in range(n)]


def test_concerns_ranked_by_agreement_and_day_night_safety():
    rows = (people(6, concern_housing=5, concern_guns_gangs=2, concern_racism=4, safe_day=5,
                   safe_night=2, trust_police=4, trust_schools=1,
                   priority_actions=["housing", "youth_programs"])
            + people(4, concern_housing=4, concern_guns_gangs="dk", concern_racism=1,
                     safe_day=4, safe_night=4, trust_police=2, trust_schools=2,
                     priority_actions=["youth_programs"]))
    summary = summarise(LD, {str(i): a for i, a in enumerate(rows)}, threshold=5)
    found = key_findings(LD, summary)
    assert [s.question.id for s in found.concerns] == [
        "concern_housing", "concern_racism", "concern_guns_gangs"]
    assert found.concerns[0].agree == 1.0 and found.concerns[1].agree == 0.6
    assert found.concerns[2].n == 6  # "don't know" is not an opinion
    assert [(s.question.id, s.agree) for s in found.safety] == [
        ("safe_day", 1.0), ("safe_night", 0.4)]
    assert found.trust[0].question.id == "trust_police" and found.trust[-1].agree == 0.0
    assert [(p.choice_id, p.score) for p in found.priorities] == [
        ("youth_programs", 2 * 6 + 3 * 4), ("housing", 3 * 6)]
    assert found.withheld  # the other concern statements were answered by no one


def test_suppressed_questions_give_no_findings():
    rows = people(4, concern_housing=5, safe_day=5, safe_night=1)
    found = key_findings(LD, summarise(LD, {str(i): a for i, a in enumerate(rows)}, 5))
    assert found.empty and found.withheld


def test_group_priorities_come_from_votes():
    rows = [{"participants_count": 12, "group_votes": {"housing": 7, "racism": 3}}]
    found = key_findings(GROUP, summarise(GROUP, {"g": rows[0]}, 5))
    assert found.priority_question.id == "group_votes"
    assert [(p.choice_id, p.score) for p in found.priorities] == [("housing", 7), ("racism", 3)]
