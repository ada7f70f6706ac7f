"""For every questionnaire the model can hold (votes aside), XLSForm out and back in gives
the same definition, hence the same content hash; pyxform accepts what we write."""


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyxform import xls2xform

from toolkit.questionnaire import instrument_from_definition
from toolkit.questionnaire.xlsform import (
    UnwritableTextError,
    read_xlsform,
    write_xlsform,
    xlsform_bytes,
)

# Any printable text, accents, syllabics, quotes, a leading "=" or "@"; no surrounding space
# (cells are read trimmed) and no control character but a line break inside.
words = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                              whitelist_characters="\n"), min_size=1, max_size=30) \
    .map(str.strip).filter(bool)
texts = st.fixed_dictionaries({"en": words, "fr": words})
KINDS = ["scale", "single", "multi", "yesno", "number", "text", "longtext", "ranking"]


@st.composite
def definitions(draw):
    sections, questions_so_far = [], []
    n = 0
    for s in range(draw(st.integers(1, 3))):
        questions = []
        for _q in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(KINDS))
            q = {"id": f"q{n}", "type": kind, "label": draw(texts)}
            n += 1
            if draw(st.booleans()):
                q["help"] = draw(texts)
            if draw(st.booleans()):
                q["required"] = True
            if kind in ("single", "multi", "ranking"):
                count = draw(st.integers(2, 5))
                q["choices"] = [{"id": f"c{i}", **draw(texts)} for i in range(count)]
                if kind != "ranking" and draw(st.booleans()):
                    q["other"] = True
                total = count + (1 if q.get("other") else 0)
                if kind == "multi" and draw(st.booleans()):
                    q["max"] = draw(st.integers(1, total))
                if kind == "ranking":
                    q["top"] = draw(st.integers(1, total))
            if kind == "yesno" and draw(st.booleans()):
                q["dk"] = True
            if kind == "number":
                lo = draw(st.integers(-1000, 1000) | st.floats(-1000, 1000).map(
                    lambda x: round(x, 2)))
                q["min"], q["max"] = lo, lo + draw(st.integers(1, 500))
                if draw(st.booleans()):
                    q["integer"] = True
                if draw(st.booleans()):
                    q["unit"] = draw(texts)
            if kind in ("text", "longtext") and draw(st.booleans()):
                q["max_length"] = draw(st.integers(1, 5000))
            targets = [t for t in questions_so_far if t["type"] in ("scale", "single",
                                                                    "multi", "yesno")]
            if targets and draw(st.booleans()):
                target = draw(st.sampled_from(targets))
                values = {"scale": [1, 2, 3, 4, 5, "dk"], "yesno": ["yes", "no", "dk"]}.get(
                    target["type"]) or [c["id"] for c in target["choices"]] + (
                    ["other"] if target.get("other") else [])
                q["show_if"] = {"question": target["id"], "any_of": draw(
                    st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True))}
            questions.append(q)
            questions_so_far.append(q)
        section = {"id": f"s{s}-part", "title": draw(texts), "questions": questions}
        if draw(st.booleans()):
            section["intro"] = draw(texts)
        if draw(st.booleans()):
            section["guide"] = "engaging-youth"
        sections.append(section)
    return {"id": draw(st.from_regex(r"[a-z][a-z0-9-]{0,15}", fullmatch=True)),
            "version": draw(st.integers(1, 10**9)),
            "kind": draw(st.sampled_from(["individual", "group"])),
            "languages": ["en", "fr"], "title": draw(texts), "intro": draw(texts),
            "sections": sections}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.data_too_large])
@given(definitions())
def test_every_questionnaire_round_trips_through_xlsform(tmp_path_factory, definition):
    instrument = instrument_from_definition(definition)
    path = tmp_path_factory.mktemp("rt") / "form.xlsx"
    write_xlsform(instrument, path)
    back = read_xlsform(path)
    assert back.definition == instrument.definition
    assert back.content_hash == instrument.content_hash


@settings(max_examples=15, deadline=None)
@given(definitions())
def test_pyxform_converts_what_we_write(tmp_path_factory, definition):
    path = tmp_path_factory.mktemp("px") / "form.xlsx"
    write_xlsform(instrument_from_definition(definition), path)
    xform = xls2xform.convert(xlsform=str(path), validate=False).xform
    assert f'id="{definition["id"]}"' in xform


def test_a_control_character_is_refused_with_a_message():
    definition = {"id": "x", "version": 1, "kind": "individual", "languages": ["en", "fr"],
                  "title": {"en": "T\x07", "fr": "T"}, "intro": {"en": "I", "fr": "I"},
                  "sections": [{"id": "s", "title": {"en": "S", "fr": "S"}, "questions": [
                      {"id": "q", "type": "text", "label": {"en": "Q", "fr": "Q"}}]}]}
    with pytest.raises(UnwritableTextError) as caught:
        xlsform_bytes(instrument_from_definition(definition))
    assert "control character" in caught.value.user_message()
