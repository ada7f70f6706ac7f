"""The runner: navigation with skip logic, resume, and forgetting a finished respondent."""

import pytest

from toolkit.runner import Runner
from toolkit.sessions import SessionService


@pytest.fixture
def runner(kit):
    service = SessionService(kit.store)
    session = service.create_session("Runner test")
    return Runner(service, session.id)


def test_next_and_previous_follow_skip_logic(runner):
    runner.start_respondent()
    q = runner.instrument.question("victim_12m")
    runner.answer("victim_12m", "no")
    after = runner.next_question(q)
    assert after.id not in {"victim_reported", "not_reported_why"}
    runner.answer("victim_12m", "yes")  # version 2 asks the kinds of harm, then reporting
    assert runner.next_question(q).id == "harm_kinds"
    kinds = runner.instrument.question("harm_kinds")
    assert runner.next_question(kinds).id == "victim_reported"
    assert runner.previous_question(kinds).id == "victim_12m"
    reported = runner.instrument.question("victim_reported")
    assert runner.previous_question(reported).id == "harm_kinds"


def test_next_after_a_question_that_became_hidden(runner):
    runner.start_respondent()
    runner.answer("victim_12m", "yes")
    hidden = runner.instrument.question("victim_reported")
    runner.answer("victim_12m", "no")
    following = runner.next_question(hidden)
    order = [q.id for q in runner.instrument.questions]
    assert order.index(following.id) > order.index("victim_reported")


def test_resume_where_the_respondent_was(runner):
    respondent = runner.start_respondent()
    runner.answer("safe_night", 2)
    fresh = Runner(runner.service, runner.session.id)
    fresh.open_respondent(respondent.id)
    assert fresh.resume_question().id == "safe_night"
    assert fresh.answers == {"safe_night": 2}


def test_finish_forgets_the_respondent(runner):
    first = runner.start_respondent()
    runner.answer("safe_day", 5)
    runner.finish()
    assert runner.respondent is None and runner.answers == {}
    second = runner.start_respondent()
    assert second.number == first.number + 1 and runner.answers == {}
    assert runner.service.respondent(first.id).status == "complete"
    assert runner.service.answers(first.id) == {"safe_day": 5}


def test_last_question_has_no_next(runner):
    runner.start_respondent()
    last = runner.visible()[-1]
    assert runner.next_question(last) is None
    assert runner.previous_question(runner.visible()[0]) is None
