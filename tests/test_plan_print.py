"""The printed plan: every section in en, fr and bilingual; the posted sheet on one page
however long the plan; no figure of a round too small to show."""

from __future__ import annotations

import subprocess

import pytest

from tests.test_reports import needs_poppler, pdf_text
from tests.test_rounds import _survey
from toolkit.demo import DEMO_COMMUNITY, ROUND_NAMES, add_demo
from toolkit.plan.model import Figure
from toolkit.plan.printed import print_plan
from toolkit.plan.seeding import candidates
from toolkit.plan.service import PlanService
from toolkit.reports.summary import ReportOptions
from toolkit.rounds import RoundService
from toolkit.sessions import SessionService

SECTIONS = {
    "en": ["What the diagnosis found", "Our priorities", "Action plan", "Logic model",
           "Inputs", "Activities", "Outputs", "Outcomes", "Indicators", "Latest value",
           "What we heard, what we will do", "Page 1 of"],
    "fr": ["Ce que le diagnostic a montré", "Nos priorités", "Plan d’action",
           "Modèle logique", "Intrants", "Activités", "Extrants", "Résultats", "Indicateurs",
           "Dernière valeur", "Ce que nous avons entendu, ce que nous allons faire",
           "Page 1 de"],
}


def page_text(path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                         capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


@pytest.fixture
def demo_plan(kit):
    service = SessionService(kit.store)
    add_demo(service)
    plans = PlanService(kit.store)
    plans.create(DEMO_COMMUNITY, "Birch Lake plan 2027")
    seeds = candidates(kit.store, ROUND_NAMES[1], 5)
    first = plans.add_priority(DEMO_COMMUNITY, "Places for youth", "social_development",
                               sources=[seeds.candidates[0].source])
    plans.add_asset(DEMO_COMMUNITY, "Community hall", "place", "recreation",
                    "Key at the band office: 555-0199")
    plans.link_asset(DEMO_COMMUNITY, first.id, 1)
    plans.add_action(DEMO_COMMUNITY, 1, "Open the hall two evenings a week",
                     lead="Recreation committee", partners=["School"], start="2027-01-15",
                     end="2027-06-30", resources="$2,000")
    plans.add_output(DEMO_COMMUNITY, 1, "Hall open 2 evenings a week")
    plans.add_outcome(DEMO_COMMUNITY, 1, "medium", "Youth feel welcome")
    plans.add_indicator(DEMO_COMMUNITY, 1, "Safe at night", baseline="7 %", target="30 %",
                        figure=Figure(instrument_id="local-diagnosis",
                                      question_id="safe_night", key="agree"))
    plans.add_priority(DEMO_COMMUNITY, "Safer roads", "prevention")
    return kit


@needs_poppler
@pytest.mark.parametrize("lang", ["en", "fr", "bilingual"])
def test_every_section_in_every_language(demo_plan, tmp_path, lang):
    out = tmp_path / f"plan-{lang}.pdf"
    result = print_plan(demo_plan.store, DEMO_COMMUNITY, out, ReportOptions(lang=lang))
    text = pdf_text(out)
    for code in (["en", "fr"] if lang == "bilingual" else [lang]):
        for phrase in SECTIONS[code]:
            assert phrase in text, (lang, phrase)
    for code in {"en", "fr"} - ({"en", "fr"} if lang == "bilingual" else {lang}):
        assert SECTIONS[code][0] not in text
    assert "Places for youth" in text and "Open the hall two evenings a week" in text
    assert "555-0199" not in text  # contact notes are for the committee, not the page
    last = page_text(out, result.pages)
    assert ("What we heard" in last) if lang != "fr" else ("Ce que nous avons entendu" in last)
    assert "Places for youth" in last and "Safer roads" in last


@needs_poppler
def test_the_posted_sheet_stays_on_one_page(demo_plan, tmp_path):
    plans = PlanService(demo_plan.store)
    for i in range(14):
        p = plans.add_priority(DEMO_COMMUNITY, f"Priority number {i} with a rather long title "
                               "that wraps on the page")
        for j in range(4):
            plans.add_action(DEMO_COMMUNITY, p.id, f"Action {j} of priority {i}, described "
                             "at some length so that it takes a whole line or more")
    out = tmp_path / "long.pdf"
    result = print_plan(demo_plan.store, DEMO_COMMUNITY, out, ReportOptions(lang="bilingual"))
    last, before = page_text(out, result.pages), page_text(out, result.pages - 1)
    assert "What we heard, what we will do" in last and "Priority number 13" in last
    assert "What we heard, what we will do" not in before


@needs_poppler
def test_a_small_round_prints_no_figures(kit, tmp_path):
    service = SessionService(kit.store)
    small = _survey(service, "Tiny Creek", 4, seed=2)
    rounds = RoundService(kit.store)
    r = rounds.create("Tiny Creek", "2026")
    rounds.assign(r.id, [small.id])
    plans = PlanService(kit.store)
    plans.create("Tiny Creek")
    plans.add_priority("Tiny Creek", "Roads")
    plans.add_indicator("Tiny Creek", 1, "Night", figure=Figure(
        instrument_id="local-diagnosis", question_id="safe_night", key="agree"))
    out = tmp_path / "tiny.pdf"
    print_plan(kit.store, "Tiny Creek", out, ReportOptions(lang="en"))
    text = pdf_text(out, layout=False)
    assert "Too few people answered to share figures" in text
    assert "withheld (fewer people than" in text
    assert "%" not in text.replace("100 %", "")  # no share anywhere


def test_an_old_version_prints_as_it_was(demo_plan, tmp_path):
    out = tmp_path / "v1.pdf"
    result = print_plan(demo_plan.store, DEMO_COMMUNITY, out, ReportOptions(), version=1)
    assert result.pages >= 5 and out.stat().st_size > 5000


def test_the_largest_plan_the_format_allows_prints_and_lists_at_the_hub(kit, tmp_path):
    """A committee (or a crafted package) may fill a plan to the format's limits, every
    text as long as allowed. The printed plan and the hub's cross-community report still
    come out, with every priority in them (no table cell taller than a page)."""
    from tests.exchange_helpers import remember_key
    from tests.hub_helpers import fill_hub
    from tests.pdf_helpers import pdf_text as joined_text
    from toolkit.reports.hub_report import render_hub_report

    remember_key(kit)
    fill_hub(kit, tmp_path / "sources")
    community = "Kahnawà:ke"
    plans = PlanService(kit.store)
    plans.create(community, "T" * 300)
    count = 60
    long = ("Word " * 60).strip()[:290]  # about the longest a priority's title may be
    for n in range(count):
        plans.add_priority(community, f"P{n + 1:03d} {long}")
    for n in range(20):
        plans.add_action(community, 1, f"Action {n} " + "x" * 280, lead="L" * 300)
    printed = print_plan(kit.store, community, tmp_path / "big.pdf",
                         ReportOptions(lang="bilingual"))
    assert printed.pages > 10
    options = ReportOptions(lang="fr")
    data = kit.reports.hub_parts(kit.exchange.overview(), options, 5)
    result = render_hub_report(data, tmp_path / "hub.pdf", options)
    text = joined_text(result.path)
    assert all(f"P{n + 1:03d} Word" in text for n in range(count))
