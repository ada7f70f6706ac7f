"""Sessions, respondents and answers through the service."""

import json

import pytest

from toolkit.errors import InputError
from toolkit.questionnaire import loader
from toolkit.questionnaire.answers import AnswerError
from toolkit.sessions import (
    DuplicatePaperNumberError,
    SessionLockedError,
    SessionNotFoundError,
    SessionService,
)


@pytest.fixture
def service(kit):
    return SessionService(kit.store)


def test_create_session_with_community_on_the_fly(service):
    s = service.create_session("ᐃᖃᓗᐃᑦ (Iqaluit)", session_date="2026-11-20", mode="kiosk",
                               language="fr", place="Salle", facilitator="A. B.")
    assert (s.community, s.session_date, s.mode, s.language, s.status) == (
        "ᐃᖃᓗᐃᑦ (Iqaluit)", "2026-11-20", "kiosk", "fr", "open")
    assert s.instrument_id == "local-diagnosis" and len(s.id) == 36
    again = service.create_session("ᐃᖃᓗᐃᑦ  (iqaluit)", session_date="2026-11-21")
    assert again.community_id == s.community_id  # same community, spacing and case aside


def test_community_names_are_normalised_not_changed(service):
    nfd = "Kahnawa\u0300:ke"
    s = service.create_session(nfd)
    assert s.community == "Kahnawà:ke"
    assert service.create_session("Kahnawà:ke").community_id == s.community_id


def test_group_mode_uses_the_group_instrument(service):
    assert service.create_session("X", mode="group").instrument_id == "group-session"


def test_bad_session_input_is_refused(service):
    for kwargs in ({"mode": "telepathy"}, {"session_date": "2026-02-30"}, {"language": "de"}):
        with pytest.raises(InputError):
            service.create_session("X", **kwargs)
    with pytest.raises(InputError):
        service.create_session("   ")
    assert service.list_sessions() == []


def test_every_question_type_is_saved_and_reloaded(service):
    s = service.create_session("X")
    g = service.create_session("X", mode="group")
    r = service.add_respondent(s.id)
    values = {"safe_day": 4, "safe_night": "dk", "community_kind": "other",
              "community_kind.other": "Island community", "respondent_role": ["youth", "parent"],
              "victim_12m": "yes", "people_in_household": 3, "unsafe_places": "Near the dock",
              "best_idea": "Open the gym\non weekends",
              "priority_actions": ["housing", "youth_programs"]}
    instrument = service.instrument(s)
    values["priority_actions"] = instrument.question("priority_actions").choice_ids()[:2]
    for qid, value in values.items():
        service.save_answer(r.id, qid, value)
    assert service.answers(r.id) == values
    gr = service.add_respondent(g.id)
    votes_q = service.instrument(g).question("group_votes")
    service.save_answer(gr.id, "group_votes", {votes_q.choice_ids()[0]: 7})
    assert service.answers(gr.id) == {"group_votes": {votes_q.choice_ids()[0]: 7}}


def test_invalid_answer_changes_nothing(service):
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    service.save_answer(r.id, "safe_day", 2)
    with pytest.raises(AnswerError):
        service.save_answer(r.id, "safe_day", 9)
    assert service.answers(r.id) == {"safe_day": 2}


def test_clearing_an_answer_and_revisions(service, kit):
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    before = service.get(s.id).revision
    service.save_answer(r.id, "safe_day", 2)
    service.save_answer(r.id, "safe_day", 3)
    rev = kit.store.conn.execute("SELECT revision FROM answers").fetchone()[0]
    assert rev == 2 and service.get(s.id).revision == before + 2
    service.save_answer(r.id, "safe_day", None)
    assert service.answers(r.id) == {}
    assert service.respondent(r.id).position == "safe_day"


def test_answers_are_committed_immediately(service, kit):
    import sqlite3
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    service.save_answer(r.id, "safe_day", 5)
    other = sqlite3.connect(kit.database_path)  # another connection sees it at once
    assert other.execute("SELECT value FROM answers").fetchone()[0] == "5"
    other.close()


def test_snapshot_protects_old_sessions_from_edited_definitions(service, monkeypatch):
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    service.save_answer(r.id, "community_kind", "city")
    original = service.instrument(s)
    edited = json.loads(original.canonical_json())
    edited["sections"][0]["questions"][0]["choices"] = [
        {"id": "metropolis", "en": "Metropolis", "fr": "Métropole"},
        {"id": "hamlet", "en": "Hamlet", "fr": "Hameau"}]
    edited["version"] = 2
    new = loader.instrument_from_definition(edited)
    monkeypatch.setattr(loader, "bundled_instruments", lambda: (new,))
    kind = service.instrument(service.get(s.id)).question("community_kind")
    assert kind.choice_ids()[0] == "city"
    service.save_answer(r.id, "community_kind", "town")  # still valid for the old session
    s2 = service.create_session("Y")
    assert service.instrument(s2).version == 2
    assert s2.instrument_hash != s.instrument_hash


def test_closed_and_trashed_sessions_refuse_answers(service):
    s = service.create_session("X")
    r = service.add_respondent(s.id)
    service.close(s.id)
    with pytest.raises(SessionLockedError):
        service.save_answer(r.id, "safe_day", 3)
    service.reopen(s.id)
    service.save_answer(r.id, "safe_day", 3)
    service.trash(s.id)
    assert service.list_sessions() == [] and len(service.list_sessions(trash=True)) == 1
    with pytest.raises(SessionLockedError):
        service.add_respondent(s.id)
    service.restore(s.id)
    assert service.answers(r.id) == {"safe_day": 3}


def test_empty_trash_deletes_for_good(service):
    keep = service.create_session("Keep")
    gone = service.create_session("Gone")
    service.save_answer(service.add_respondent(gone.id).id, "safe_day", 1)
    service.trash(gone.id)
    assert service.empty_trash() == 1
    assert [s.id for s in service.list_sessions()] == [keep.id]
    with pytest.raises(SessionNotFoundError):
        service.get(gone.id)


def test_respondents_are_numbered_and_paper_numbers_unique(service):
    s = service.create_session("X", mode="paper")
    a = service.add_respondent(s.id, paper_number="017")
    b = service.add_respondent(s.id, paper_number="018")
    assert (a.number, b.number) == (1, 2)
    with pytest.raises(DuplicatePaperNumberError) as info:
        service.add_respondent(s.id, paper_number=" 017 ")
    assert "017" in info.value.user_message()
    assert len(service.respondents(s.id)) == 2
    c = service.add_respondent(s.id, paper_number="017", allow_duplicate=True)
    assert c.number == 3


def test_session_lookup_by_prefix(service):
    s = service.create_session("X")
    assert service.get(s.id[:8]).id == s.id
    with pytest.raises(SessionNotFoundError):
        service.get("zzzz")
