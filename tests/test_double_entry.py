"""Double data entry of paper forms: a second keying kept apart, differences per question,
the facilitator's choice (toolkit/double_entry.py)."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.double_entry import (
    FIRST,
    SECOND,
    AlreadyCheckedError,
    DoubleEntry,
    FormKeyedTwiceError,
    FormNotFinishedError,
    FormNotKeyedError,
    describe,
    same,
)
from toolkit.questionnaire.answers import AnswerError
from toolkit.sessions import SessionLockedError, SessionService

FIRST_KEYING = {"community_kind": "rural", "respondent_role": ["youth", "elder"], "safe_day": 4,
                "safe_night": 2, "people_in_household": 3, "best_idea": "Un centre  jeunesse",
                "participated_before": "yes"}


@pytest.fixture
def paper(kit):
    service = SessionService(kit.store)
    session = service.create_session("Kahnawà:ke", None, mode="paper", language="fr")
    form = service.add_respondent(session.id, "17")
    for key, value in FIRST_KEYING.items():
        service.save_answer(form.id, key, value)
    service.complete(form.id)
    return service, session, form


def stored_answers(kit, respondent_id):
    conn = sqlite3.connect(kit.store.path)  # what a crash now would leave
    try:
        return dict(conn.execute("SELECT question_id, value FROM answers WHERE respondent_id = ?",
                                 (respondent_id,)))
    finally:
        conn.close()


def key_again(entry, form, values):
    for key, value in values.items():
        entry.save(form.id, key, value)


def test_differences_are_listed_per_question_and_the_answers_stay_those_keyed_first(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    before = stored_answers(kit, form.id)
    assert entry.start(session.id, " 17 ").id == form.id
    key_again(entry, form, {
        "community_kind": "rural",  # same
        "respondent_role": ["elder", "youth"],  # same ticks, another order
        "safe_day": 5,  # differs
        "people_in_household": 4,  # differs
        "best_idea": "Un centre jeunesse",  # only the spacing differs
        "participated_before": "no",  # differs
        "trust_police": 3,  # left blank the first time
    })  # safe_night left blank the second time
    differences = entry.finish(form.id)
    order = [q.id for q in service.instrument(session).questions]
    keys = [d.key for d in differences]
    assert set(keys) == {"safe_day", "people_in_household", "participated_before", "trust_police",
                         "safe_night"}
    assert keys == sorted(keys, key=order.index)
    night = next(d for d in differences if d.key == "safe_night")
    assert (night.first, night.second, night.decision) == (2, None, None)
    assert stored_answers(kit, form.id) == before  # the second keying is stored apart
    assert entry.answers(form.id)["safe_day"] == 5


def test_choosing_the_second_keying_makes_it_the_answer(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    entry.start(session.id, "17")
    key_again(entry, form, {**FIRST_KEYING, "safe_day": 5, "people_in_household": 4})
    entry.finish(form.id)
    entry.choose(form.id, "safe_day", SECOND)
    entry.choose(form.id, "people_in_household", FIRST)
    assert stored_answers(kit, form.id)["safe_day"] == "5"
    assert stored_answers(kit, form.id)["people_in_household"] == "3"
    assert [d.key for d in entry.differences(form.id)] == ["people_in_household"]  # kept first
    assert entry.differences(form.id)[0].decision == FIRST
    assert entry.open_differences(form.id) == []
    assert entry.summary(session.id) == (1, 0)


def test_choosing_a_blank_second_keying_removes_the_answer(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    entry.start(session.id, "17")
    key_again(entry, form, {k: v for k, v in FIRST_KEYING.items() if k != "safe_night"})
    assert [d.key for d in entry.finish(form.id)] == ["safe_night"]
    assert entry.summary(session.id) == (1, 1)
    entry.choose(form.id, "safe_night", SECOND)
    assert "safe_night" not in stored_answers(kit, form.id)
    assert entry.differences(form.id) == []


def test_a_refused_value_is_not_stored(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    entry.start(session.id, "17")
    with pytest.raises(AnswerError):
        entry.save(form.id, "safe_day", 9)
    with pytest.raises(AnswerError):
        entry.save(form.id, "respondent_role", ["youth", "nobody"])
    assert entry.answers(form.id) == {}


def test_which_forms_can_be_keyed_again(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    with pytest.raises(FormNotKeyedError) as missing:
        entry.start(session.id, "18")
    assert "18" in missing.value.user_message()
    unfinished = service.add_respondent(session.id, "19")
    with pytest.raises(FormNotFinishedError):
        entry.start(session.id, "19")
    service.complete(unfinished.id)
    service.add_respondent(session.id, "19", allow_duplicate=True)
    with pytest.raises(FormKeyedTwiceError):
        entry.start(session.id, "19")
    entry.start(session.id, "17")
    entry.save(form.id, "safe_day", 1)
    with pytest.raises(AlreadyCheckedError):
        entry.start(session.id, "17")
    entry.start(session.id, "17", again=True)  # begins afresh
    assert entry.answers(form.id) == {}


def test_a_closed_session_takes_no_second_keying(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    entry.start(session.id, "17")
    service.close(session.id)
    with pytest.raises(SessionLockedError):
        entry.save(form.id, "safe_day", 5)
    with pytest.raises(SessionLockedError):
        entry.start(session.id, "17", again=True)


def test_emptying_the_trash_takes_the_second_keyings_too(kit, paper):
    service, session, form = paper
    entry = DoubleEntry(service)
    entry.start(session.id, "17")
    entry.save(form.id, "safe_day", 5)
    service.trash(session.id)
    service.empty_trash()
    for table in ("second_keyings", "paper_checks"):
        assert kit.store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_values_are_described_as_on_the_paper_form(kit, paper):
    service, session, _form = paper
    instrument = service.instrument(session)
    roles = instrument.question("respondent_role")
    safe_day = instrument.question("safe_day")
    assert describe(safe_day, "safe_day", 5, "fr") == "Tout à fait d’accord"
    assert describe(roles, "respondent_role", ["youth"], "en") == roles.choice("youth").label("en")
    assert describe(roles, "respondent_role", None, "fr") == "(laissé en blanc)"
    assert describe(instrument.question("participated_before"), "participated_before", "no",
                    "en") == "No"


texts = st.text(alphabet=" ab\n", max_size=6)


@settings(max_examples=200)
@given(texts, texts)
def test_texts_are_the_same_exactly_when_their_words_are(a, b):
    assert same("text", a, b) == (a.split() == b.split())


@given(st.lists(st.sampled_from("abcd"), unique=True), st.randoms())
def test_ticks_in_any_order_are_the_same_but_a_ranking_is_not(ticks, rng):
    shuffled = list(ticks)
    rng.shuffle(shuffled)
    assert same("multi", ticks, shuffled)
    assert same("ranking", ticks, shuffled) == (ticks == shuffled)
