"""An imported questionnaire (a real XLSForm of tests/data/xlsforms, as a partner adapts it)
is offered wherever a bundled one is: the New session dialog, every mode of the runner, the
reports screen's blank form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.test_reports import needs_poppler, pdf_text
from tests.ui.test_runner_views import stored, value_for, walk_kiosk
from tests.xlsform_helpers import partner_form
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.questionnaire.xlsform import read_xlsform
from toolkit.sessions import SessionService
from toolkit.ui.runner.kiosk_view import THANKS
from toolkit.ui.runner.window import RunnerWindow
from toolkit.ui.session_dialog import SessionDialog


@pytest.fixture
def partner(kit, tmp_path):
    instrument = read_xlsform(partner_form(tmp_path / "partner.xlsx"))
    assert Catalogue(kit.store).add(instrument, "partner.xlsx")
    return instrument


def test_the_new_session_dialog_offers_it(qtbot, kit, partner):
    dialog = SessionDialog(SessionService(kit.store))
    qtbot.addWidget(dialog)
    offered = [dialog.instrument.itemData(i) for i in range(dialog.instrument.count())]
    assert offered == ["group-session", "local-diagnosis", "specify-other"]
    dialog.community.setCurrentText("Wendake")
    dialog.instrument.setCurrentIndex(dialog.instrument.findData("specify-other"))
    assert dialog.instrument.currentText() == partner.label("en")
    dialog.accept()
    assert dialog.created.instrument_hash == partner.content_hash


@pytest.fixture
def runner(qtbot, kit, window, partner):
    opened = []

    def build(mode):
        session = SessionService(kit.store).create_session("Wendake", partner.id, mode=mode)
        win = RunnerWindow(kit, session.id)
        opened.append(win)
        assert win.start(exit_code="2468" if mode == "kiosk" else None)
        qtbot.waitExposed(win)
        return win
    yield build
    for win in opened:
        win.unlocked = True
        win.close()
        win.deleteLater()


@pytest.mark.parametrize("mode", ["facilitator", "group"])
def test_it_runs_led_by_a_facilitator_or_a_group(runner, kit, partner, mode):
    win = runner(mode)
    assert win.runner.instrument.content_hash == partner.content_hash
    question = partner.question("feel_safe_night")
    sections = [s.id for s in partner.sections]
    win.view.sections.setCurrentRow(sections.index(question.section))
    win.view.widgets[question.id].answered.emit(question.id, 2)
    assert stored(kit, win.runner.respondent.id)["feel_safe_night"] == "2"


def test_it_runs_as_a_kiosk_to_the_end(qtbot, runner, kit, partner):
    win = runner("kiosk")
    win.view.begin("fr")
    person = win.runner.respondent.id
    given: list = []
    walk_kiosk(qtbot, win.view, given)
    assert [qid for qid, _value in given] == [q.id for q in partner.questions]
    assert win.view.pages.currentIndex() == THANKS
    assert SessionService(kit.store).respondent(person).status == "complete"


def test_a_paper_form_of_it_is_keyed_in(runner, kit, partner):
    win = runner("paper")
    win.view.number.setText("P-1")
    win.view.start_form()
    question = partner.question("first_actions")
    win.view.widgets[question.id].answered.emit(question.id, value_for(question))
    assert stored(kit, win.runner.respondent.id)["first_actions"] == '["lights", "patrols", ' \
        '"youth"]'
    win.view.finish_form()
    assert win.view.count.text().startswith("1 ")


@needs_poppler
def test_the_reports_screen_prints_its_blank_form(qtbot, window, kit, partner):
    window.go_to("reports")
    screen = window.screen("reports")
    index = screen.instrument.findData("specify-other")
    assert index >= 0 and screen.instrument.itemText(index) == partner.label("en")
    screen.instrument.setCurrentIndex(index)
    screen.language.setCurrentIndex(screen.language.findData("fr"))
    qtbot.mouseClick(screen.form_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not screen.job.running, timeout=60_000)
    text = pdf_text(screen.last_pdf)
    assert "FR What sex are you?" in text and "Je me sens en sécurité ici la nuit." in text
    screen.preview.close()


def test_a_questionnaire_added_while_the_app_runs_is_offered_in_reports(window, kit, tmp_path):
    window.go_to("reports")
    screen = window.screen("reports")
    assert screen.instrument.findData("specify-other") < 0
    Catalogue(kit.store).import_xlsform(partner_form(tmp_path / "partner.xlsx"))
    window.go_to("sessions")
    window.go_to("reports")
    assert screen.instrument.findData("specify-other") >= 0
    assert screen.instrument.currentData() == "local-diagnosis"  # the choice made is kept
