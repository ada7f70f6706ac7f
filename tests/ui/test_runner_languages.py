"""The kiosk's start page offers the questionnaire's languages; the runner shows questions in
any of them, with the language's font (syllabics first for Inuktitut), the questionnaire's
own consent and thanks, and the fallback language's text where one is missing."""

from __future__ import annotations

import copy

import pytest

from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.sessions import SessionService
from toolkit.ui.runner.kiosk_view import CONSENT, THANKS, WELCOME
from toolkit.ui.runner.window import RunnerWindow

SYLLABICS_FONT = "Noto Sans Canadian Aboriginal"


def inuktitut_questionnaire():
    """local-diagnosis listing Inuktitut, with test texts in syllabics for its title, its
    consent and thanks and its first question (test data, not a translation)."""
    definition = copy.deepcopy(bundled_instrument("local-diagnosis").definition)
    definition["id"] = "iu-test"
    definition["languages"] = ["en", "fr", "iu"]
    definition["title"]["iu"] = "ᐊᐃᑉᐱᖅ ᑕᖅᑭᖅ"
    definition["consent"] = {"en": "Our consent.", "fr": "Notre consentement.",
                             "iu": "ᐊᕐᕕᐊᑦ ᑲᖏᕿᓂᖅ"}
    definition["thanks"] = {"en": "Thanks.", "fr": "Merci.", "iu": "ᖁᔭᓐᓇᒦᒃ"}
    definition["sections"][0]["questions"][0]["label"]["iu"] = "ᓄᓇᓕᖓᑦ ᐃᓄᒃᑎᑐᑦ?"
    return instrument_from_definition(definition)


@pytest.fixture
def kiosk(qtbot, kit, window):
    Catalogue(kit.store).add(inuktitut_questionnaire(), "iu-test.toml")
    session = SessionService(kit.store).create_session("ᐃᖃᓗᐃᑦ", "iu-test", mode="kiosk")
    win = RunnerWindow(kit, session.id)
    assert win.start(exit_code="2468")
    qtbot.waitExposed(win)
    yield win
    win.unlocked = True
    win.close()
    win.deleteLater()


def test_the_start_page_offers_the_questionnaires_languages(kiosk):
    view = kiosk.view
    assert view.pages.currentIndex() == WELCOME
    assert list(view.start_buttons) == ["en", "fr", "iu"]
    assert view.start_buttons["iu"].text() == "ᐃᓄᒃᑎᑐᑦ"


def test_a_participant_in_inuktitut_sees_syllabics_in_their_font(qtbot, kiosk):
    view = kiosk.view
    view.start_buttons["iu"].click()
    assert view.pages.currentIndex() == CONSENT
    assert view.consent_text.text() == "ᐊᕐᕕᐊᑦ ᑲᖏᕿᓂᖅ"  # the questionnaire's own words
    assert view.consent_title.text() == "ᐊᐃᑉᐱᖅ ᑕᖅᑭᖅ"
    assert view.consent_title.font().families()[0] == SYLLABICS_FONT
    view.begin("iu")
    label = view.widget.label
    assert label.text().startswith("ᓄᓇᓕᖓᑦ")
    assert label.font().families()[0] == SYLLABICS_FONT
    help_text = view.widget.question.help_text("iu")
    assert help_text == view.widget.question.help["en"]  # missing in iu: its fallback
    view.finish()
    assert view.pages.currentIndex() == THANKS
    assert view.thanks_label.text() == "ᖁᔭᓐᓇᒦᒃ"


def test_back_in_english_the_font_is_the_usual_one(qtbot, kiosk):
    from PySide6.QtWidgets import QApplication

    view = kiosk.view
    view.choose_language("iu")
    view.welcome()
    view.choose_language("en")
    assert view.consent_text.text() == "Our consent."
    assert view.consent_title.font().families() == QApplication.font().families()
