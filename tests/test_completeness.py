"""Questionnaire texts in any registered language: the kiosk's welcome, consent and thanks,
labels, help and choices; a missing text falls back, and the completeness view lists it."""

from __future__ import annotations

import copy
import json

import pytest

from tests.test_document_languages import pseudo, pseudo_questionnaire, qaa  # noqa: F401
from toolkit.errors import ToolkitError
from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.questionnaire.completeness import completeness
from toolkit.questionnaire.model import pick_with_language


def test_english_and_french_are_complete_in_every_bundled_questionnaire():
    for instrument_id in ("local-diagnosis", "group-session"):
        instrument = bundled_instrument(instrument_id)
        for lang in ("en", "fr"):
            found = completeness(instrument, lang)
            assert found.complete and found.total > 20, (instrument_id, lang)


def test_a_language_without_texts_misses_all_of_them_and_shows_the_fallback():
    instrument = bundled_instrument("local-diagnosis")
    iu, moe = completeness(instrument, "iu"), completeness(instrument, "moe")
    assert iu.translated == 0 and len(iu.missing) == iu.total
    assert {e.shown_in for e in iu.missing} == {"en"}  # Inuktitut falls back to English
    assert {e.shown_in for e in moe.missing} == {"fr"}  # Innu-aimun to French
    choice = next(e for e in moe.missing if e.field == "choice")
    question = instrument.question(choice.where)
    assert choice.shown == question.choice(choice.item).text["fr"]


def test_given_texts_count_and_the_rest_is_listed(qaa):  # noqa: F811
    instrument = pseudo_questionnaire()
    found = completeness(instrument, "qaa")
    first = instrument.sections[0]
    assert 0 < found.translated < found.total
    assert found.translated == 2 + len(first.questions)  # title, section title, its labels
    listed = {(e.where, e.field) for e in found.missing}
    assert ("", "intro") in listed and (first.questions[0].id, "label") not in listed
    assert all(e.shown_in == "en" for e in found.missing)


def test_pick_says_which_language_a_text_is_in():
    assert pick_with_language({"en": "Yes", "fr": "Oui"}, "moe") == ("Oui", "fr")
    assert pick_with_language({"en": "Yes", "fr": "Oui", "moe": "Ehe"}, "moe") == ("Ehe", "moe")
    assert pick_with_language({"en": "Yes", "fr": "Oui"}, "crk") == ("Yes", "en")


def test_consent_and_thanks_come_from_the_questionnaire_when_it_has_them():
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["consent"] = {"en": "Our own consent words.", "fr": "Nos propres mots."}
    definition["thanks"] = {"en": "Qujannamiik, thank you.", "fr": "Qujannamiik, merci."}
    instrument = instrument_from_definition(definition)
    assert instrument.consent["fr"] == "Nos propres mots."
    assert instrument.thanks["en"].startswith("Qujannamiik")
    assert {e.field for e in completeness(instrument, "iu").missing} >= {"consent", "thanks"}
    definition["consent"] = {"en": "Only English."}
    with pytest.raises(ToolkitError):
        instrument_from_definition(definition)  # French is required, as for every text


def test_the_cli_lists_what_a_language_lacks(data_dir, qaa, capsys):  # noqa: F811
    from tests.exchange_helpers import open_kit
    from toolkit.cli import main

    kit = open_kit(data_dir)
    Catalogue(kit.store).add(pseudo_questionnaire(), "pseudo.toml")
    kit.close()
    assert main(["--data-dir", str(data_dir), "instruments", "completeness",
                 "pseudo-diagnosis", "--lang", "qaa", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["lang"] == "qaa" and 0 < report["translated"] < report["total"]
    assert len(report["missing"]) == report["total"] - report["translated"]
    assert main(["--data-dir", str(data_dir), "instruments", "completeness",
                 "pseudo-diagnosis", "--lang", "qaa"]) == 0
    text = capsys.readouterr().out
    assert "welcome text" in text and "[en]" in text
    assert f"of {report['total']} texts translated" in text
    assert main(["--data-dir", str(data_dir), "instruments", "completeness",
                 "pseudo-diagnosis", "--lang", "zz"]) == 1
    err = capsys.readouterr().err
    assert "zz" in err and "Traceback" not in err


def test_pseudo_marks_vowels_only():
    assert pseudo("Key findings") == "Kéy fíndíngs"
