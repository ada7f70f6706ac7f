"""One test per leak found by reading reports with a calculator (issue 12). Each one builds
the output the toolkit prints and lets the auditor (tests/disclosure_auditor.py) attack it."""

import pytest

from tests.disclosure_outputs import audit, people_of_store, report_figures, summary_figures
from toolkit.analysis import breakdown, summarise
from toolkit.demo import add_demo
from toolkit.questionnaire import bundled_instrument
from toolkit.reports.summary import ReportOptions, load_parts
from toolkit.sessions import SessionService

LD = bundled_instrument("local-diagnosis")


def session_of(service, answer_sets, community="Birch Lake", date="2026-10-01"):
    session = service.create_session(community, "local-diagnosis", date)
    for answers in answer_sets:
        r = service.add_respondent(session.id)
        for qid, value in answers.items():
            service.save_answer(r.id, qid, value)
        service.complete(r.id)
    return service.get(session.id)


def attack_report(service, sessions, q, g, threshold=5, with_parts=True):
    """Audit the report of `sessions`, together with each session's own report."""
    opts = ReportOptions(threshold=threshold)
    (part,) = load_parts(service.store, [s.id for s in sessions], opts)
    figures = report_figures(part, q, g, threshold, "report")
    if with_parts and len(sessions) > 1:
        for s in sessions:
            (own,) = load_parts(service.store, [s.id], opts)
            figures += report_figures(own, q, g, threshold, f"report of {s.id[:4]}")
    problems, _ = audit(people_of_store(service, sessions), part.instrument, threshold, q, g,
                        figures)
    return problems


def test_two_small_groups_beside_a_shown_group_cannot_be_subtracted(kit):
    service = SessionService(kit.store)
    session = session_of(service, [{"age_group": "age_25_34", "safe_night": 4}] * 7
                         + [{"age_group": "age_45_54", "safe_night": 1}] * 2
                         + [{"age_group": "age_65_74", "safe_night": 2}] * 2)
    assert attack_report(service, [session], "safe_night", "age_group") == []


def test_multi_choice_groups_cannot_be_subtracted():
    """Everyone chose one identity, so the counts show the groups do not overlap: the one
    hidden group is the overall minus the shown ones, unless more is hidden."""
    from tests.disclosure_auditor import Person
    from tests.disclosure_outputs import breakdown_figures

    answers = {f"r{i}": a for i, a in enumerate(
        [{"indigenous_identity": ["first_nations"], "safe_night": 4}] * 7
        + [{"indigenous_identity": ["metis"], "safe_night": 3}] * 6
        + [{"indigenous_identity": ["inuit"], "safe_night": 1}] * 2)}
    s = summarise(LD, answers, 5)
    b = breakdown(LD, answers, "safe_night", "indigenous_identity", 5)
    figures = summary_figures(s, ["s"], ["safe_night", "indigenous_identity"], "session")
    figures += breakdown_figures(b, ["s"], "session")
    people = [Person("s", a) for a in answers.values()]
    assert audit(people, LD, 5, "safe_night", "indigenous_identity", figures)[0] == []


def test_a_group_shown_for_its_size_but_answered_by_fewer_is_hidden(kit):
    """5 people aged 45 to 54, only 3 of them answered: "0 % agree" rested on 3 people."""
    service = SessionService(kit.store)
    session = session_of(service, [{"age_group": "age_45_54", "safe_night": 1}] * 3
                         + [{"age_group": "age_45_54"}] * 2
                         + [{"age_group": "age_25_34", "safe_night": 4}] * 8)
    assert attack_report(service, [session], "safe_night", "age_group") == []


def test_a_small_session_reaches_no_figure_of_a_community_report(kit):
    service = SessionService(kit.store)
    big = session_of(service, [{"gender": "woman", "safe_night": 1}] * 10)
    small = session_of(service, [{"gender": "woman", "safe_night": 5}] * 3, date="2026-10-02")
    assert attack_report(service, [big, small], "safe_night", "gender") == []
    (part,) = load_parts(kit.store, [big.id, small.id], ReportOptions(threshold=5))
    assert part.summary.question("safe_night").n == 10


def test_number_questions_print_no_one_persons_value():
    answers = {f"r{i}": {"people_in_household": n} for i, n in enumerate(range(1, 13))}
    stats = summarise(LD, answers, 5).question("people_in_household").stats
    assert "min" not in stats and "max" not in stats
    assert stats["count"] == 12 and stats["mean"] == pytest.approx(6.5)


def test_demo_non_binary_answer_cannot_be_worked_out(kit):
    service = SessionService(kit.store)
    survey, _group, _baseline = add_demo(service)
    assert attack_report(service, [survey], "safe_night", "gender") == []
    assert attack_report(service, [survey], "safe_night", "age_group") == []
