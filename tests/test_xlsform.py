"""XLSForm in and out: each mapping, each refusal (sheet, row, column), and the round trip."""

import copy

import pytest
from pyxform import xls2xform

from tests.kind_helpers import assert_every_kind
from tests.xlsform_helpers import EN, FR, INTRO, form, write_form
from toolkit import i18n
from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.xlsform import (
    ExportError,
    XLSFormError,
    read_xlsform,
    write_xlsform,
    xlsform_bytes,
)

YESNO = [["list_name", "name", EN, FR], ["yn", "yes", "Yes", "Oui"], ["yn", "no", "No", "Non"]]
COLOURS = [["list_name", "name", EN, FR], ["colours", "red", "Red", "Rouge"],
           ["colours", "blue", "Blue", "Bleu"], ["colours", "green", "Green", "Vert"]]
FULL = ("type", "name", EN, FR, "hint::English (en)", "hint::French (fr)", "required",
        "relevant", "constraint", "appearance", "ccsc_top")


def refusal(path) -> XLSFormError:
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    return caught.value


def test_every_supported_type_is_mapped(tmp_path):
    scale = [["list_name", "name", EN, FR]] + [["scale", n, n, n] for n in
                                               ("1", "2", "3", "4", "5", "dk")]
    choices = COLOURS + YESNO[1:] + [r for r in scale[1:]] + [
        ["yndk", "yes", "Y", "O"], ["yndk", "no", "N", "N"], ["yndk", "dk", "?", "?"]]
    inst = read_xlsform(form(
        tmp_path / "f.xlsx",
        ["select_one colours or_other", "colour", "Colour?", "Couleur?", "Pick one",
         "Choisissez", "yes"],
        ["select_multiple colours", "colours", "Colours?", "Couleurs?", "", "", "",
         "selected(${colour}, 'red') or selected(${colour}, 'blue')", "count-selected(.) <= 2"],
        ["rank colours", "order", "Order", "Ordre", "", "", "", "", "", "", "2"],
        ["integer", "age", "Age", "Âge", "", "", "", "", ". >= 0 and . <= 120"],
        ["decimal", "km", "Km", "Km", "", "", "", "", "(. >= 0.5) and (. <= 99.5)"],
        ["text", "name_of", "Name", "Nom", "", "", "", "", "string-length(.) <= 50"],
        ["text", "story", "Story", "Récit", "", "", "", "", "", "multiline"],
        ["select_one yn", "ok", "OK?", "OK?"],
        ["select_one yndk", "okdk", "OK?", "OK?", "", "", "", "${ok} = 'yes'"],
        ["select_one scale", "agree", "Agree?", "D’accord?"],
        ["text", "why", "Why?", "Pourquoi?", "", "", "", "${agree} = '1' or ${agree} = '2'"],
        header=FULL, choices=choices))
    assert inst.id == "test-form" and inst.version == 2 and inst.kind == "individual"
    assert inst.title == {"en": "Test form", "fr": "Formulaire d’essai"}
    assert inst.intro == {"en": "Why we ask", "fr": "Pourquoi nous demandons"}
    q = {x.id: x for x in inst.questions}
    assert q["colour"].type == "single" and q["colour"].other and q["colour"].required
    assert q["colour"].choice_ids() == ["red", "blue", "green", "other"]
    assert q["colour"].help == {"en": "Pick one", "fr": "Choisissez"}
    assert q["colours"].type == "multi" and q["colours"].max_choices == 2
    assert q["colours"].show_if.any_of == ("red", "blue")
    assert q["order"].type == "ranking" and q["order"].top == 2
    assert (q["age"].minimum, q["age"].maximum, q["age"].integer) == (0, 120, True)
    assert (q["km"].minimum, q["km"].maximum, q["km"].integer) == (0.5, 99.5, False)
    assert q["name_of"].type == "text" and q["name_of"].max_length == 50
    assert q["story"].type == "longtext"
    assert q["ok"].type == "yesno" and not q["ok"].dont_know
    assert q["okdk"].type == "yesno" and q["okdk"].dont_know and q["okdk"].show_if.question == "ok"
    assert q["agree"].type == "scale" and q["why"].show_if.any_of == (1, 2)
    assert [s.id for s in inst.sections] == ["main"]


def test_groups_become_sections_with_their_intro_and_ungrouped_questions_a_part(tmp_path):
    survey = [["type", "name", EN, FR, "ccsc_guide"], INTRO,
              ["text", "first", "First", "Premier"],
              ["begin group", "about_you", "About you", "Vous", "engaging-youth"],
              ["note", "about_note", "A few questions", "Quelques questions"],
              ["text", "second", "Second", "Deuxième"], ["end group"]]
    inst = read_xlsform(write_form(tmp_path / "g.xlsx", survey))
    assert [s.id for s in inst.sections] == ["part-1", "about-you"]
    assert inst.sections[1].guide == "engaging-youth"
    assert inst.sections[1].intro == {"en": "A few questions", "fr": "Quelques questions"}
    assert inst.sections[0].title == {"en": "Questions", "fr": "Questions"}


def test_legacy_spellings_and_language_names_are_understood(tmp_path):
    survey = [["type", "name", "label:english", "label:français"], INTRO,
              ["select one from yes_or_no", "good_day", "Good day?", "Bonne journée?"],
              ["select all that apply from colours or specify other", "c", "C", "C"]]
    choices = [["list name", "name", "label:english", "label:français"],
               ["yes_or_no", "yes", "yes", "oui"], ["yes_or_no", "no", "no", "non"],
               *COLOURS[1:]]
    inst = read_xlsform(write_form(tmp_path / "l.xlsx", survey, choices))
    assert inst.question("good_day").type == "yesno"
    assert inst.question("c").type == "multi" and inst.question("c").other


@pytest.mark.parametrize("row, column, words", [
    (["begin repeat", "kids", "Kids", "Enfants"], "type", "repeats"),
    (["calculate", "total", "", ""], "type", "calculations"),
    (["geopoint", "where", "Where", "Où"], "type", "geopoint"),
    (["image", "photo", "Photo", "Photo"], "type", "image"),
    (["date", "when", "When", "Quand"], "type", "date"),
    (["integer", "n", "N", "N"], "constraint", "smallest and largest"),
    (["text", "t", "T", "T", "", "", "", "", "regex(., '[0-9]+')"], "constraint", "regex"),
    (["text", "t", "T", "T", "", "", "", "not(${x} = 'a')"], "relevant", "skip rules"),
    (["text", "t", "T", "T", "", "", "${x} > 3"], "required", "yes or no"),
    (["text", "t", "T", ""], FR, "French"),
    (["text", "Bad-Name", "T", "T"], "name", "lowercase"),
    (["select_one nowhere", "s", "S", "S"], "type", "nowhere"),
    (["note", "late", "Late note", "Note tardive"], "type", "note"),
])
def test_unsupported_features_are_refused_naming_sheet_row_and_column(tmp_path, row, column,
                                                                      words):
    path = form(tmp_path / "r.xlsx", ["text", "x", "X", "X"], row, header=FULL)
    error = refusal(path)
    assert (error.sheet, error.row, error.column) == ("survey", 5, column)
    message = error.user_message()
    assert message.startswith("r.xlsx: sheet survey, row 5, column ") and words in message


@pytest.mark.parametrize("column", ["choice_filter", "calculation", "repeat_count", "default",
                                    "image", "media::image::English (en)"])
def test_refused_columns_name_their_cell(tmp_path, column):
    path = form(tmp_path / "c.xlsx", ["text", "x", "X", "X", "something"],
                header=("type", "name", EN, FR, column))
    error = refusal(path)
    assert (error.sheet, error.row) == ("survey", 4) and error.column.startswith(column[:5])


def test_other_refusals_name_the_place(tmp_path):
    error = refusal(write_form(tmp_path / "a.xlsx", [["type", "name", EN, FR],
                                                      ["text", "x", "X", "X"]]))
    assert "introduction" in error.user_message()
    error = refusal(form(tmp_path / "b.xlsx", ["select_one c", "s", "S", "S"],
                         choices=[["list_name", "name", EN, FR], ["c", "a", "A", "A"],
                                  ["c", "1st", "B", "B"]]))
    assert (error.sheet, error.row, error.column) == ("choices", 3, "name")
    error = refusal(form(tmp_path / "c.xlsx", ["select_one c", "s", "S", "S"],
                         choices=[["list_name", "name", EN, FR], ["c", "a", "A", ""],
                                  ["c", "b", "B", "B"]]))
    assert (error.sheet, error.row, error.column) == ("choices", 2, FR)
    error = refusal(write_form(tmp_path / "d.xlsx", [["type", "name", EN, FR], INTRO,
                                                      ["begin group", "g", "G", "G"],
                                                      ["begin group", "h", "H", "H"]]))
    assert (error.row, error.column) == (4, "type") and "inside a group" in error.user_message()
    no_french_title = [["form_title", "form_id"], ["T", "t"]]
    error = refusal(write_form(tmp_path / "e.xlsx", [["type", "name", EN, FR], INTRO,
                                                      ["text", "x", "X", "X"]],
                               settings=no_french_title))
    assert (error.sheet, error.row, error.column) == ("settings", 2, "ccsc_title::French (fr)")
    (tmp_path / "f.xlsx").write_bytes(b"not a workbook")
    assert "not an XLSX workbook" in refusal(tmp_path / "f.xlsx").user_message()
    error = refusal(form(tmp_path / "g.xlsx", ["text", "x", "X", "X"],
                         ["text", "y", "Y", "Y", "", "", "", "${later} = 'a'"],
                         ["select_one yn", "later", "L", "L"], choices=YESNO, header=FULL))
    assert error.row == 5 and "not an earlier question" in error.user_message()


def test_refusals_are_in_french_when_the_app_is(tmp_path):
    i18n.set_language("fr")
    message = refusal(form(tmp_path / "r.xlsx", ["geopoint", "p", "P", "P"])).user_message()
    assert "feuille survey, ligne 4, colonne type" in message and "geopoint" in message


def test_local_diagnosis_round_trips_with_the_same_content_hash(tmp_path):
    inst = bundled_instrument("local-diagnosis")
    path = tmp_path / "ld.xlsx"
    write_xlsform(inst, path)
    back = read_xlsform(path)
    assert back.content_hash == inst.content_hash
    assert back.definition == inst.definition


def test_exports_are_valid_xlsforms_for_pyxform(tmp_path):
    path = tmp_path / "ld.xlsx"
    write_xlsform(bundled_instrument("local-diagnosis"), path)
    result = xls2xform.convert(xlsform=str(path), validate=False)
    xform = result.xform
    assert 'id="local-diagnosis"' in xform and 'version="2"' in xform
    assert "count-selected(.) &lt;= 3" in xform and "odk:rank" in xform
    assert 'lang="French (fr)"' in xform
    assert not [w for w in result.warnings if "or_other" not in w]


def test_votes_cannot_be_exported_and_every_kind_has_a_writer():
    assert_every_kind("xlsform")
    with pytest.raises(ExportError) as caught:
        xlsform_bytes(bundled_instrument("group-session"))
    assert "votes" in caught.value.user_message()


def test_a_label_starting_with_equals_stays_text(tmp_path):
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["sections"][0]["questions"][0]["label"] = {"en": "=1+1 is two",
                                                          "fr": "=1+1 fait deux"}
    write_xlsform(instrument_from_definition(definition), tmp_path / "eq.xlsx")
    back = read_xlsform(tmp_path / "eq.xlsx")
    assert back.questions[0].label == {"en": "=1+1 is two", "fr": "=1+1 fait deux"}


def test_note_names_never_clash_with_question_names(tmp_path):
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["sections"][0]["questions"][0]["id"] = "intro"
    definition["sections"][1]["questions"][0]["id"] = "safety_intro"
    inst = instrument_from_definition(definition)
    write_xlsform(inst, tmp_path / "n.xlsx")
    xls2xform.convert(xlsform=str(tmp_path / "n.xlsx"), validate=False)  # no duplicate name
    assert read_xlsform(tmp_path / "n.xlsx").content_hash == inst.content_hash
