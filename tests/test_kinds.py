"""Question kinds as a registry: one place per type, and a new type added through it alone."""

import pytest

from tests.kind_helpers import StarsKind, assert_every_kind
from toolkit.questionnaire import instrument_from_definition
from toolkit.questionnaire.answers import AnswerError, check_answer, effective_answers
from toolkit.questionnaire.kinds import (
    KINDS,
    MissingKindError,
    kind_of,
    kind_table,
    missing_kinds,
    register_kind,
    unregister_kind,
)
from toolkit.questionnaire.loader import InstrumentError, possible_values

T = {"en": "A", "fr": "Un"}


@pytest.fixture
def stars():
    kind = register_kind(StarsKind())
    yield kind
    unregister_kind("stars")


def definition(*questions):
    return {"id": "stars-test", "version": 1, "kind": "individual", "title": T, "intro": T,
            "sections": [{"id": "s", "title": T, "questions": list(questions)}]}


def test_a_new_kind_added_through_the_registry_alone_loads_and_checks(stars):
    inst = instrument_from_definition(definition(
        {"id": "rating", "type": "stars", "stars": 4, "label": T},
        {"id": "why", "type": "text", "label": T,
         "show_if": {"question": "rating", "any_of": [1, 2]}}))
    rating = inst.question("rating")
    assert kind_of(rating) is stars and possible_values(rating) == [1, 2, 3, 4]
    assert check_answer(rating, 3) == 3
    with pytest.raises(AnswerError):
        check_answer(rating, 5)
    assert stars.parse_cell(rating, "4*") == 4 and stars.parse_cell(rating, 3.0) == 3
    assert effective_answers(inst, {"rating": 4, "why": "x"}) == {"rating": 4}
    assert effective_answers(inst, {"rating": 2, "why": "x"}) == {"rating": 2, "why": "x"}


def refused(*questions) -> str:
    with pytest.raises(InstrumentError) as caught:
        instrument_from_definition(definition(*questions))
    return caught.value.user_message()


def test_the_new_kinds_own_keys_and_values_are_checked(stars):
    assert "stars must be a whole number" in refused({"id": "r", "type": "stars", "label": T})
    assert "setting choices does not apply" in refused(
        {"id": "r", "type": "stars", "stars": 3, "label": T, "choices": []})
    assert "value 9 is not an answer of r" in refused(
        {"id": "r", "type": "stars", "stars": 3, "label": T},
        {"id": "w", "type": "text", "label": T, "show_if": {"question": "r", "any_of": [9]}})


def test_without_registration_the_kind_is_refused():
    assert "stars" not in KINDS
    assert "unknown question type stars" in refused(
        {"id": "r", "type": "stars", "stars": 3, "label": T})


def test_a_table_reports_the_kinds_it_lacks(stars):
    table = kind_table("test-renderer")
    table.register(*[k for k in KINDS if k != "stars"])(lambda q: q.id)
    assert missing_kinds("test-renderer") == ["stars"]
    with pytest.raises(AssertionError, match="missing from the 'test-renderer' table: stars"):
        assert_every_kind("test-renderer")
    with pytest.raises(MissingKindError, match="cannot handle questions of type stars here"):
        table.lookup("stars")
    table.register("stars")(lambda q: "*")
    assert_every_kind("test-renderer")
    with pytest.raises(LookupError):
        missing_kinds("no-such-table")


@pytest.mark.parametrize("name", ["scale", "single", "multi", "yesno", "number", "text",
                                  "longtext", "ranking", "votes"])
def test_every_shipped_kind_round_trips_its_cells(name):
    kind = KINDS[name]
    samples = {"scale": 4, "single": "a", "multi": ["a", "b"], "yesno": "no", "number": 12,
               "text": "x; y", "longtext": "line\nline", "ranking": ["b", "a"],
               "votes": {"a": 3, "b": 1}}
    inst = instrument_from_definition(definition(
        {"id": "q", "type": name, "label": T,
         **({"choices": [{"id": "a", **T}, {"id": "b", **T}]} if kind.has_choices else {}),
         **({"min": 0, "max": 100, "integer": True} if name == "number" else {}),
         **({"top": 2} if name == "ranking" else {})}))
    q = inst.question("q")
    value = samples[name]
    assert check_answer(q, kind.parse_cell(q, kind.format_cell(q, value))) == value
    assert q.is_free_text == (name in ("text", "longtext"))
