"""Instrument loading and validation: the bundled ones pass, each kind of bad one is named."""

import copy

import pytest

from toolkit import i18n
from toolkit.questionnaire import (
    bundled_instrument,
    bundled_instrument_versions,
    bundled_instruments,
    instrument_from_definition,
)
from toolkit.questionnaire.kinds import kind_names
from toolkit.questionnaire.loader import InstrumentError, load_instrument_file


def test_bundled_local_diagnosis_is_complete():
    inst = bundled_instrument("local-diagnosis", 1)
    assert inst.kind == "individual"
    assert len(inst.sections) >= 7 and len(inst.questions) >= 40
    assert [s.id for s in inst.sections] == ["profile", "safety", "concerns", "protective",
                                             "trust", "readiness", "ideas", "demographics"]
    types = {q.type for q in inst.questions}
    assert types >= set(kind_names()) - {"votes"}
    assert any(q.other for q in inst.questions)
    assert any(q.show_if for q in inst.questions)
    assert any(q.type == "multi" and q.max_choices for q in inst.questions)
    demographics = inst.section("demographics").questions
    assert not any(q.required for q in demographics)
    for q in demographics:
        if q.choices:
            assert "prefer_not" in q.choice_ids(), q.id


def test_bundled_group_instrument_records_votes():
    inst = bundled_instrument("group-session")
    assert inst.kind == "group"
    assert {q.type for q in inst.questions} >= {"ranking", "votes", "longtext", "number"}


@pytest.mark.parametrize("inst", bundled_instrument_versions(), ids=lambda i: f"{i.id}-{i.version}")
def test_every_text_exists_in_both_languages(inst):
    texts = [inst.title, inst.intro]
    for s in inst.sections:
        texts += [s.title] + ([s.intro] if s.intro else [])
        for q in s.questions:
            texts += [q.label] + ([q.help] if q.help else []) + [c.text for c in q.choices]
    for t in texts:
        assert t["en"].strip() and t["fr"].strip()


def base_definition():
    return copy.deepcopy(bundled_instrument("local-diagnosis").definition)


def first_question(d, index=0):
    return d["sections"][0]["questions"][index]


def expect_error(d, *fragments):
    with pytest.raises(InstrumentError) as info:
        instrument_from_definition(d, "test")
    message = info.value.user_message()
    for fragment in fragments:
        assert fragment in message, message
    return info.value


def test_unknown_type_is_named():
    d = base_definition()
    first_question(d)["type"] = "slider"
    expect_error(d, "community_kind", "slider")


def test_duplicate_question_id_is_named():
    d = base_definition()
    first_question(d, 1)["id"] = "community_kind"
    expect_error(d, "community_kind", "twice")


def test_missing_french_label_is_named():
    d = base_definition()
    del first_question(d)["label"]["fr"]
    expect_error(d, "community_kind", "label", "fr")


def test_skip_rule_to_a_missing_question():
    d = base_definition()
    first_question(d, 1)["show_if"] = {"question": "nope", "any_of": ["yes"]}
    expect_error(d, "respondent_role", "nope")


def test_skip_rule_to_a_later_question():
    d = base_definition()
    first_question(d, 0)["show_if"] = {"question": "years_in_community", "any_of": ["under_1"]}
    expect_error(d, "community_kind", "years_in_community", "earlier")


def test_skip_rule_value_must_be_possible():
    d = base_definition()
    first_question(d, 1)["show_if"] = {"question": "community_kind", "any_of": ["moon"]}
    expect_error(d, "respondent_role", "moon")


def test_setting_that_does_not_apply_is_refused():
    d = base_definition()
    first_question(d)["top"] = 3
    expect_error(d, "community_kind", "top")


def test_multi_maximum_cannot_exceed_choices():
    d = base_definition()
    first_question(d, 1)["max"] = 99
    expect_error(d, "respondent_role", "max")


def test_duplicate_choice_is_named():
    d = base_definition()
    choices = first_question(d)["choices"]
    choices[1]["id"] = choices[0]["id"]
    expect_error(d, "community_kind", choices[0]["id"])


def test_messages_are_translated():
    d = base_definition()
    del first_question(d)["label"]["fr"]
    i18n.set_language("fr")
    expect_error(d, "question community_kind", "n’a pas de texte")


def test_unreadable_file(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text("id = [unclosed", encoding="utf-8")
    with pytest.raises(InstrumentError) as info:
        load_instrument_file(bad)
    assert "broken" in info.value.user_message()


def test_content_hash_changes_with_the_definition():
    d = base_definition()
    one = instrument_from_definition(d)
    d["sections"][0]["questions"][0]["label"]["en"] = "Changed"
    two = instrument_from_definition(d)
    assert one.content_hash != two.content_hash
    assert instrument_from_definition(base_definition()).content_hash == one.content_hash


def test_french_questionnaire_text_uses_canadian_typography():
    """’ between letters and no space before ; ? ! as in the interface catalog."""
    import re


    def french(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "fr" and isinstance(value, str):
                    yield value
                else:
                    yield from french(value)
        elif isinstance(node, list):
            for item in node:
                yield from french(item)

    for instrument in bundled_instruments():
        texts = list(french(instrument.definition))
        assert len(texts) > 20
        bad = [t for t in texts if re.search(r"\w'\w|[ \u00a0\u202f][;?!]", t)]
        assert bad == [], f"{instrument.id}: {bad[:3]}"
