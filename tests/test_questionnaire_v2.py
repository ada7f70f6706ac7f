"""Local diagnosis version 2: what CSWB plans need, roles for reports, the support note;
version 1 stays shipped and old sessions keep their snapshot."""

import copy

import pytest

from tests.test_reports import needs_poppler, pdf_text
from toolkit.questionnaire import (
    bundled_instrument,
    bundled_instruments,
    instrument_from_definition,
)
from toolkit.questionnaire.loader import InstrumentError
from toolkit.questionnaire.roles import ROLES, questions_with_role
from toolkit.reports.blank_form import build_blank_form
from toolkit.sessions import SessionService

V1 = bundled_instrument("local-diagnosis", 1)
V2 = bundled_instrument("local-diagnosis", 2)


def test_new_sessions_get_the_latest_version_and_lists_offer_it_once():
    assert bundled_instrument("local-diagnosis") is V2
    assert [i.version for i in bundled_instruments() if i.id == "local-diagnosis"] == [2]


def test_v2_keeps_v1_ids_with_the_same_question():
    kept = [q for q in V1.questions if V2.has_question(q.id)]
    assert len(kept) == len(V1.questions)  # nothing dropped
    for q in kept:
        new = V2.question(q.id)
        assert new.type == q.type and new.choice_ids() == q.choice_ids(), q.id


@pytest.mark.parametrize("qid", [
    "food_worry", "hard_to_pay_basics", "concern_poverty", "concern_sexual_violence",
    "harassment_12m", "concern_elder_abuse", "trafficking_awareness", "trafficking_concern",
    "indigenous_women_safe", "missing_person_response", "emergency_help_fast",
    "evacuation_plan_known", "evacuation_ready", "avoidance", "risk_women", "risk_seniors",
    "risk_youth", "harm_kinds", "unsafe_place_kinds"])
def test_v2_covers_what_v1_lacked(qid):
    q = V2.question(qid)
    assert q.text("en") and q.text("fr") and q.text("en") != q.text("fr")
    if q.type in ("single", "multi"):
        assert "prefer_not" in q.choice_ids(), qid


def test_sensitive_questions_offer_prefer_not_to_say_and_help():
    for qid in ("harassment_12m", "trafficking_concern", "hard_to_pay_basics"):
        assert V2.question(qid).dont_know
    for qid in ("harm_kinds", "avoidance", "unsafe_place_kinds", "trafficking_awareness"):
        assert "prefer_not" in V2.question(qid).choice_ids(), qid
    for qid in ("harassment_12m", "concern_sexual_violence", "indigenous_women_safe",
                "harm_kinds", "concern_elder_abuse", "trafficking_awareness"):
        assert V2.question(qid).help, qid
    assert V2.question("harm_kinds").show_if.question == "victim_12m"


def test_unsafe_places_are_a_countable_list_of_kinds_plus_text():
    kinds = V2.question("unsafe_place_kinds")
    assert kinds.type == "multi" and kinds.other and len(kinds.choices) >= 8
    assert V2.question("unsafe_places").type == "text"


def test_support_note_follows_the_sensitive_sections_in_both_languages():
    for sid in ("safety", "hard-topics"):
        note = V2.section(sid).note
        assert "9-8-8" in note["en"] and "1-855-242-3310" in note["en"]
        assert "9-8-8" in note["fr"] and "1-855-242-3310" in note["fr"]
    assert all(s.note is None for s in V1.sections)


def test_french_uses_canadian_typography():
    import re
    for q in V2.questions:
        for text in filter(None, [q.label.get("fr"), (q.help or {}).get("fr")]):
            assert not re.search(r" [?!;]", text), text
            assert "'" not in text, text
            assert not re.search(r"[^\u00a0]:", text), text


def test_report_roles_declared():
    def ids(instrument, role):
        return [q.id for q in questions_with_role(instrument, role)]

    assert ids(V2, "safety_day") == ["safe_day"]
    assert ids(V2, "safety_night") == ["safe_night"]
    assert ids(V2, "priorities") == ["priority_actions"]
    assert "trust_police" in ids(V2, "trust")
    assert {"age_group", "gender"} <= set(ids(V2, "breakdown"))
    assert "food_worry" in ids(V2, "key")
    assert not any(q.role for q in V1.questions)  # the v1 file is unchanged...
    assert ids(V1, "safety_night") == ["safe_night"]  # ...its roles are in roles.LEGACY


# New v2 questions left without a report role, each for a reason; every other one is `key`.
NO_ROLE = {
    "harm_kinds": "asked only of those harmed: too few people for a key finding",
    "trafficking_awareness": "knowledge, not a finding about the community",
    "missing_person_response": "indigenous_women_safe carries the theme",
    "evacuation_ready": "evacuation_plan_known carries the theme",
}


def test_every_new_v2_question_that_fits_a_role_declares_it():
    old = {q.id for q in V1.questions}
    new = [q for q in V2.questions if q.id not in old and not q.is_free_text]
    assert {q.id for q in new if q.role is None} == set(NO_ROLE)
    assert {q.role for q in new if q.role} == {"key"}


def _with(definition, **question_keys):
    data = copy.deepcopy(definition)
    data["sections"][1]["questions"][0].update(question_keys)
    return data


@pytest.mark.parametrize("role,problem", [
    ("headline", "unknown report role"),
    ("safety_night", "already held"),
])
def test_loader_refuses_bad_roles(role, problem):
    data = _with(V2.definition, role=role)  # safe_day, before safe_night holds safety_night
    if role == "safety_night":
        data["sections"][1]["questions"][0]["role"] = "safety_night"
    else:
        data["sections"][1]["questions"][0]["role"] = role
    with pytest.raises(InstrumentError) as err:
        instrument_from_definition(data)
    assert problem in err.value.user_message()


def test_breakdown_role_needs_a_choice_question():
    data = _with(V2.definition, role="breakdown")  # safe_day is a scale
    with pytest.raises(InstrumentError):
        instrument_from_definition(data)
    assert set(ROLES) == {"safety_day", "safety_night", "priorities", "trust", "concern", "key",
                          "breakdown"}


def test_section_note_needs_both_languages():
    data = copy.deepcopy(V2.definition)
    data["sections"][1]["note"] = {"en": "Call 9-8-8."}
    with pytest.raises(InstrumentError) as err:
        instrument_from_definition(data)
    assert "note" in err.value.user_message()


def test_v1_session_keeps_its_snapshot_when_v2_ships(kit):
    service = SessionService(kit.store)
    old = service.create_session("Birch Lake", "local-diagnosis")
    kit.store.conn.execute("UPDATE sessions SET instrument_hash = ? WHERE id = ?",
                           (service.snapshot(V1), old.id))
    assert service.instrument(service.get(old.id)).version == 1
    new = service.create_session("Birch Lake", "local-diagnosis")
    assert service.instrument(new).version == 2
    assert service.instrument(service.get(old.id)).canonical == V1.canonical


@needs_poppler
@pytest.mark.parametrize("lang,phrases", [
    ("en", ["Harder subjects", "9-8-8", "1-855-242-3310", "Parking lots"]),
    ("fr", ["Des sujets plus difficiles", "9-8-8", "1-855-242-3310", "Stationnements"]),
    ("bilingual", ["Harder subjects", "Des sujets plus difficiles", "1-855-242-3310"]),
])
def test_v2_blank_form_prints_the_support_note(tmp_path, lang, phrases):
    out = tmp_path / "v2.pdf"
    assert build_blank_form(V2, out, lang) > 5
    text = pdf_text(out, layout=False).replace("\u00a0", " ")
    for phrase in phrases:
        assert phrase in text, phrase


def _fixture_tool():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent.parent / "tools" / "make_v1_report_fixture.py"
    spec = importlib.util.spec_from_file_location("make_v1_report_fixture", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_v1_session_reports_the_figures_it_gave_before_v2_existed(kit):
    """tests/data/v1-report-figures.json was made by tools/make_v1_report_fixture.py with the
    code of main before version 2 existed: same summary of every
    question, same key findings, with v2 sessions and rounds of the community beside it."""
    import json
    from pathlib import Path

    from toolkit.demo import add_demo

    add_demo(SessionService(kit.store))  # v2 sessions and two rounds of the same community
    before = json.loads((Path(__file__).parent / "data" / "v1-report-figures.json").read_text(
        encoding="utf-8"))
    now = _fixture_tool().figures(kit.store, SessionService(kit.store).snapshot(V1))
    assert now["version"] == 1 and now["hash"] == before["hash"] == V1.content_hash
    assert now == before
