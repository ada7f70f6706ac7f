"""A question kind the app does not ship, added through the registry alone (the kind in the
core, a widget, a chart and a blank-form area registered from their own layers), goes
end to end: loaded, answered in its widget, saved, tallied, reported, printed blank,
exported to CSV and imported back. And every shipped kind has a widget."""

from __future__ import annotations

import random

import pytest

from tests.kind_helpers import (
    STAR_DEFINITION,
    UI_TABLES,
    add_stars,
    assert_every_kind,
    register_stars_renderers,
    remove_stars,
)
from tests.pdf_helpers import needs_poppler
from tests.pdf_helpers import pdf_text as shared_pdf_text
from toolkit.analysis import summarise
from toolkit.demo import generate_answers
from toolkit.exchange.responses import export_responses, import_responses
from toolkit.exchange.spreadsheet import SheetOptions
from toolkit.questionnaire import instrument_from_definition
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.questionnaire.kinds import MissingKindError, kind_table
from toolkit.reports.blank_form import build_blank_form
from toolkit.reports.summary import ReportOptions, build_summary_report
from toolkit.sessions import SessionService
from toolkit.ui import question_widgets as qw


@pytest.mark.parametrize("table", UI_TABLES)
def test_every_kind_has_a_widget(table):
    assert_every_kind(table)


class StarsWidget(qw._RadioWidget):
    """One radio button per star count: the UI layer's whole share of the new kind."""

    horizontal = True

    def _options(self):
        return [(v, lambda lang, v=v: f"{v} ★") for v in range(1, self.question.top + 1)]


@pytest.fixture
def stars():
    kind = add_stars()
    register_stars_renderers()
    qw.WIDGETS.register("stars")(StarsWidget)
    yield kind
    remove_stars()
    assert "stars" not in qw.WIDGETS


def pdf_text(path) -> str:
    return shared_pdf_text(path, layout=True, joined=False)


@needs_poppler
def test_a_new_kind_goes_end_to_end_through_the_registry_alone(stars, kit, qtbot, tmp_path):
    instrument = instrument_from_definition(STAR_DEFINITION)
    Catalogue(kit.store).add(instrument, "stars.xlsx")
    service = SessionService(kit.store)
    session = service.create_session("Bus Town", "stars-test", "2026-11-30")
    question = service.instrument(session).question("rating")

    # answered in its widget: what the person clicks is saved
    first = service.add_respondent(session.id)
    widget = qw.make_question_widget(question, "en")
    qtbot.addWidget(widget)
    widget.answered.connect(lambda key, value: service.save_answer(first.id, key, value))
    widget.show()
    widget.buttons[4].click()
    assert service.all_answers(session.id)[first.id] == {"rating": 4}
    rng = random.Random(1)
    for _ in range(7):  # more respondents, answered as the demo would
        rid = service.add_respondent(session.id).id
        for key, value in generate_answers(instrument, rng, "en").items():
            service.save_answer(rid, key, value)
    answers = service.all_answers(session.id)

    # tallied by the kind
    summary = summarise(instrument, answers, 5).question("rating")
    assert list(summary.counts) == ["1", "2", "3", "4", "5"]
    assert sum(summary.counts.values()) == 8 and summary.counts["4"] >= 1

    # reported with its own words, and printed blank with a box per star count
    report = tmp_path / "report.pdf"
    build_summary_report(kit.store, [session.id], report, ReportOptions(threshold=5))
    text = pdf_text(report)
    assert "How good is the bus service?" in text and "4 stars" in text
    blank = tmp_path / "blank.pdf"
    build_blank_form(instrument, blank, "fr")
    text = pdf_text(blank)
    assert "Le service d’autobus ?" in text and "5 étoiles" in text

    # CSV out and back in, as labels: nothing changes
    for values in ("labels", "codes"):
        out = tmp_path / f"responses-{values}.csv"
        export_responses(service, session, out, options=SheetOptions(values=values))
        if values == "labels":
            assert "4 stars" in out.read_text(encoding="utf-8-sig")
        plan = import_responses(service, session, out)
        assert not plan.changes and plan.unchanged == 8
        assert service.all_answers(session.id) == answers


def test_a_kind_without_a_widget_is_refused_with_a_message(stars, qtbot):
    del qw.WIDGETS["stars"]
    question = instrument_from_definition(STAR_DEFINITION).question("rating")
    with pytest.raises(MissingKindError) as caught:
        qw.make_question_widget(question, "en")
    assert "stars" in caught.value.user_message()
    assert "widgets" in caught.value.user_message() and kind_table("widgets") is qw.WIDGETS
