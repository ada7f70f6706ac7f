"""Real XLSForms from the ODK ecosystem (pyxform's own examples, tests/data/xlsforms/): each
is imported or refused with a sheet/row/column message, never a traceback."""


import pytest

from tests.xlsform_helpers import FORMS, with_french
from toolkit.questionnaire.xlsform import XLSFormError, read_xlsform

REAL = sorted(FORMS.glob("pyxform-*.xlsx"))

# (sheet, row, column) of the first thing each form asks that the app cannot hold
REFUSED_AS_IS = {
    "pyxform-UCL_Biomass_Plot_Form": ("survey", 17, "choice_filter"),
    "pyxform-case_insensitivity": ("survey", 3, "choice_filter"),
    "pyxform-choice_filter_test": ("survey", 3, "choice_filter"),
    "pyxform-duplicate_columns": ("survey", 16, "repeat_count"),
    "pyxform-extra_sheet_names": ("survey", 2, "label::French (fr)"),
    "pyxform-field-list": ("survey", 2, "label::english"),  # a group with no label
    "pyxform-group": ("survey", 2, "label::French (fr)"),
    "pyxform-include_json": ("survey", 2, "type"),
    "pyxform-loop": ("choices", 2, "label::French (fr)"),
    "pyxform-or_other": ("survey", 3, "choice_filter"),
    "pyxform-pull_data": ("survey", 2, "calculation"),
    "pyxform-specify_other": ("choices", 2, "label::French (fr)"),
    "pyxform-survey_no_name": ("survey", "-", ""),  # its only sheet is "Sheet1"
    "pyxform-text_and_integer": ("survey", 2, "label::French (fr)"),
    "pyxform-xlsform_spec_test": ("survey", 15, "repeat_count"),
    "pyxform-yes_or_no_question": ("survey", 2, "label::French (fr)"),
}


def test_the_examples_are_real_workbooks():
    assert len(REAL) == len(REFUSED_AS_IS) >= 16
    assert (FORMS / "LICENSE-pyxform").read_text().startswith("Copyright (c) 2015, XLSForm")


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_each_real_form_is_refused_with_its_place(path):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    error = caught.value
    assert (error.sheet, error.row, error.column) == REFUSED_AS_IS[path.stem]
    assert f"sheet {error.sheet}, row {error.row}, column {error.column or '-'}:" in \
        error.user_message()


def test_a_real_yes_no_form_with_french_added_imports(tmp_path):
    inst = read_xlsform(with_french(FORMS / "pyxform-yes_or_no_question.xlsx",
                                    tmp_path / "yn.xlsx"))
    assert inst.id == "yes-or-no-question" and inst.version == 1
    (question,) = inst.questions
    assert question.id == "good_day" and question.type == "yesno"
    assert question.label == {"en": "have you had a good day today?",
                              "fr": "FR have you had a good day today?"}


def test_a_real_specify_other_form_with_french_added_imports(tmp_path):
    inst = read_xlsform(with_french(FORMS / "pyxform-specify_other.xlsx", tmp_path / "so.xlsx"))
    (question,) = inst.questions
    assert question.type == "single" and question.other
    assert question.choice_ids() == ["male", "female", "other"]


@pytest.mark.parametrize("name, where, words", [
    ("pyxform-group", ("survey", 5, "type"), "phone number"),
    ("pyxform-loop", ("survey", 4, "type"), "repeats"),
    ("pyxform-text_and_integer", ("survey", 4, "constraint"), "smallest and largest"),
])
def test_real_forms_with_french_added_are_refused_further_on(tmp_path, name, where, words):
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(with_french(FORMS / f"{name}.xlsx", tmp_path / "f.xlsx"))
    assert (caught.value.sheet, caught.value.row, caught.value.column) == where
    assert words in caught.value.user_message()
