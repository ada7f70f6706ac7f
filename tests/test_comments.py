"""Reviewing written answers: listing, decisions, stale reviews, skip logic, CLI."""

import json

import pytest

from toolkit.cli import main
from toolkit.comments import CommentService
from toolkit.errors import InputError
from toolkit.sessions import SessionService


@pytest.fixture
def session(kit):
    service = SessionService(kit.store)
    s = service.create_session("Kahnawà:ke", "local-diagnosis", "2026-11-01")
    one = service.add_respondent(s.id)
    two = service.add_respondent(s.id)
    service.save_answer(one.id, "best_idea", "More lights by the arena, ask Mary.")
    service.save_answer(one.id, "community_kind", "other")
    service.save_answer(one.id, "community_kind.other", "Fishing camp")
    service.save_answer(two.id, "victim_12m", "yes")
    service.save_answer(two.id, "victim_reported", "no")
    service.save_answer(two.id, "strengths", "Elders' lunches")
    service.save_answer(two.id, "community_kind", "city")  # .other below no longer counts
    service.save_answer(two.id, "community_kind.other", "left over")
    return service.get(s.id), one, two


def test_list_shows_written_answers_that_count(kit, session):
    s, one, two = session
    comments = CommentService(kit.store).list(s.id)
    assert [(c.respondent_number, c.question_id) for c in comments] == [
        (1, "community_kind.other"), (1, "best_idea"), (2, "strengths")]
    assert all(c.state == "unreviewed" and c.text == c.answer for c in comments)


def test_review_records_decision_wording_and_bumps_session(kit, session):
    s, one, two = session
    service = CommentService(kit.store)
    before = SessionService(kit.store).get(s.id).revision
    c = service.review(one.id, "best_idea", "include", "More lights by the arena.")
    assert c.decision == "include" and c.text == "More lights by the arena."
    assert c.answer == "More lights by the arena, ask Mary."
    assert SessionService(kit.store).get(s.id).revision == before + 1
    service.review(two.id, "strengths", "exclude")
    assert service.included(s.id) == {"best_idea": ["More lights by the arena."]}
    assert service.counts(s.id) == {"include": 1, "exclude": 1, "unreviewed": 1}


def test_changed_answer_voids_the_review(kit, session):
    s, one, _ = session
    service = CommentService(kit.store)
    service.review(one.id, "best_idea", "include")
    SessionService(kit.store).save_answer(one.id, "best_idea", "Something new, by Mary")
    comment = next(c for c in service.list(s.id) if c.question_id == "best_idea")
    assert comment.state == "unreviewed" and comment.text == "Something new, by Mary"
    assert service.included(s.id) == {}


def test_bad_reviews_change_nothing(kit, session):
    s, one, two = session
    service = CommentService(kit.store)
    with pytest.raises(InputError):
        service.review(one.id, "best_idea", "include", "   ")
    with pytest.raises(InputError):
        service.review(two.id, "best_idea", "include")  # no answer there
    with pytest.raises(InputError):
        service.review(one.id, "best_idea", "maybe")
    assert kit.store.conn.execute("SELECT count(*) FROM comment_reviews").fetchone()[0] == 0


def test_comments_cli(data_dir, capsys, session):
    s, one, _ = session
    d = ["--data-dir", str(data_dir)]
    assert main([*d, "comments", "include", s.id[:8], "1", "best_idea", "--text",
                 "More lights."]) == 0
    capsys.readouterr()
    assert main([*d, "comments", "list", s.id, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {"respondent": 1, "question": "best_idea", "state": "include",
            "answer": "More lights by the arena, ask Mary.", "text": "More lights."} in listed
    assert main([*d, "comments", "exclude", s.id, "9", "best_idea"]) == 1
    assert "no respondent 9" in capsys.readouterr().err
