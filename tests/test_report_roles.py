"""Reports find their key questions through report roles (questionnaire.roles), never by id:
v1 and v2 keep their findings, an imported XLSForm with roles gets findings and breakdowns,
one without roles gets a report that says it has none."""

import ast
import random
from pathlib import Path

import pytest

import toolkit
from tests.test_reports import needs_poppler, pdf_text
from tests.xlsform_helpers import partner_form, write_form
from toolkit.analysis import summarise
from toolkit.demo import add_demo, generate_answers
from toolkit.questionnaire import bundled_instrument, bundled_instrument_versions
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.questionnaire.roles import has_findings, questions_with_role, role_map
from toolkit.questionnaire.xlsform import XLSFormError, read_xlsform
from toolkit.reports.findings import agreement, key_findings
from toolkit.reports.summary import ReportOptions, build_summary_report, load_parts
from toolkit.sessions import SessionService

V1 = bundled_instrument("local-diagnosis", 1)
V2 = bundled_instrument("local-diagnosis", 2)
GROUP = bundled_instrument("group-session")


def ids(instrument, role):
    return [q.id for q in questions_with_role(instrument, role)]


def section_scales(instrument, prefix):
    """How reports chose statements before roles: the scale questions of a section."""
    return [q.id for s in instrument.sections if s.id.startswith(prefix)
            for q in s.questions if q.type == "scale"]


def test_v1_roles_are_what_reports_always_read():
    """v1's file has no roles (its content hash must not change); roles.LEGACY gives the
    questions the structural rules used to pick, so its reports keep their findings."""
    assert not any(q.role for q in V1.questions)
    assert ids(V1, "concern") == section_scales(V1, "concern")
    assert ids(V1, "trust") == section_scales(V1, "trust")
    assert ids(V1, "safety_day") == ["safe_day"] and ids(V1, "safety_night") == ["safe_night"]
    assert ids(V1, "priorities") == ["priority_actions"]
    demographics = next(s for s in V1.sections if s.id == "demographics")
    assert ids(V1, "breakdown") == [q.id for q in demographics.questions
                                    if q.type == "single"][:2]
    assert ids(GROUP, "priorities") == ["group_votes", "group_ranking"]  # votes first


def test_v2_declares_its_roles():
    assert ids(V2, "concern") == section_scales(V2, "concerns")  # the concerns section
    assert ids(V2, "safety_day") == ["safe_day"] and ids(V2, "safety_night") == ["safe_night"]
    assert ids(V2, "breakdown") == ["community_kind", "age_group", "gender",
                                    "indigenous_identity"]
    # declared trust: the six trust statements; the police-respect statement, asked only of
    # people who had contact with the police, is not among them
    assert ids(V2, "trust") == [q for q in section_scales(V2, "trust")
                                if q != "trust_police_respect"]


def old_findings(instrument, summary, top=3):
    """The findings as the structural rules computed them before roles (an oracle)."""
    def shares(qids):
        return [(s.question.id, s.agree, s.n) for s in
                (agreement(summary, instrument.question(q)) for q in qids) if s is not None]
    return {"concerns": sorted(shares(section_scales(instrument, "concern")),
                               key=lambda s: -s[1])[:top],
            "safety": shares(["safe_day", "safe_night"]),
            "trust": sorted(shares(section_scales(instrument, "trust")), key=lambda s: -s[1])}


def new_findings(instrument, summary):
    found = key_findings(instrument, summary)
    return {name: [(s.question.id, s.agree, s.n) for s in getattr(found, name)]
            for name in ("concerns", "safety", "trust")}


def test_v1_and_v2_findings_keep_their_figures(kit):
    service = SessionService(kit.store)
    v2, _group, v1 = add_demo(service)
    for session, instrument in ((v1, V1), (v2, V2)):
        answers = service.all_answers(session.id)
        summary = summarise(instrument, answers, 5)
        old, new = old_findings(instrument, summary), new_findings(instrument, summary)
        assert new["concerns"] == old["concerns"] and new["safety"] == old["safety"]
        if instrument is V1:
            assert new["trust"] == old["trust"]
        else:
            assert new["trust"] == [t for t in old["trust"] if t[0] != "trust_police_respect"]
        assert len(new["concerns"]) == 3 and len(new["trust"]) >= 6  # figures, not empties
    (part,) = load_parts(kit.store, [v1.id], ReportOptions())
    assert [(b.question_id, b.by_question_id) for b in part.breakdowns] == [
        ("safe_night", "age_group"), ("safe_night", "gender")]
    (part,) = load_parts(kit.store, [v2.id], ReportOptions())
    assert [b.by_question_id for b in part.breakdowns] == ids(V2, "breakdown")


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def test_reports_name_no_question_of_a_shipped_questionnaire():
    """One lookup (questionnaire.roles) knows which questions matter; report code that names
    `safe_night` again would give an imported questionnaire no findings."""
    question_ids = {q.id for i in bundled_instrument_versions() for q in i.questions}
    root = Path(toolkit.__file__).parent
    files = [*sorted((root / "reports").glob("*.py")), root / "analysis.py",
             *sorted((root / "exchange").glob("*.py"))]
    named = {f"{path.relative_to(root)}: {text}" for path in files
             for text in _string_constants(path) & question_ids}
    assert not named


def import_partner(kit, tmp_path, roles=True):
    instrument = read_xlsform(partner_form(tmp_path / "partner.xlsx", roles))
    Catalogue(kit.store).add(instrument, "partner.xlsx")
    return Catalogue(kit.store).get(instrument.id)


def answered_session(kit, instrument, people=12, seed=3):
    service = SessionService(kit.store)
    session = service.create_session("Kahnawà:ke", instrument.id, "2026-11-02")
    rng = random.Random(seed)
    for _ in range(people):
        respondent = service.add_respondent(session.id)
        for qid, value in generate_answers(instrument, rng, "en").items():
            service.save_answer(respondent.id, qid, value)
        service.complete(respondent.id)
    return service.get(session.id)


def test_an_imported_xlsform_with_roles_gets_key_findings(kit, tmp_path):
    instrument = import_partner(kit, tmp_path)
    assert role_map(instrument) == {
        "sex": "breakdown", "feel_safe_day": "safety_day", "feel_safe_night": "safety_night",
        "trust_council": "trust", "worry_roads": "concern", "first_actions": "priorities"}
    session = answered_session(kit, instrument)
    (part,) = load_parts(kit.store, [session.id], ReportOptions(threshold=5))
    found = key_findings(part.instrument, part.summary)
    assert [s.question.id for s in found.safety] == ["feel_safe_day", "feel_safe_night"]
    assert [s.question.id for s in found.trust] == ["trust_council"]
    assert [s.question.id for s in found.concerns] == ["worry_roads"]
    assert found.priority_question.id == "first_actions" and found.priorities
    assert [(b.question_id, b.by_question_id) for b in part.breakdowns] == [
        ("feel_safe_night", "sex")]


@needs_poppler
def test_the_report_of_an_imported_questionnaire_prints_its_findings(kit, tmp_path):
    session = answered_session(kit, import_partner(kit, tmp_path))
    out = tmp_path / "report.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang="bilingual"))
    text = pdf_text(out)
    for phrase in ("Feeling safe, day and night", "Strongest concerns", "Trust",
                   "Top priorities for action", "By answer to “What sex are you?”",
                   "I feel safe here at night.", "Je me sens en sécurité ici la nuit."):
        assert phrase in text, phrase
    assert "names no questions for key findings" not in text


@needs_poppler
@pytest.mark.parametrize("lang, said, absent", [
    ("en", "This questionnaire names no questions for key findings", "Feeling safe"),
    ("fr", "Ce questionnaire ne désigne aucune question pour les faits saillants",
     "Sentiment de sécurité"),
])
def test_an_imported_questionnaire_without_roles_says_it_has_no_findings(
        kit, tmp_path, lang, said, absent):
    instrument = import_partner(kit, tmp_path, roles=False)
    assert not has_findings(instrument) and not role_map(instrument)
    session = answered_session(kit, instrument)
    (part,) = load_parts(kit.store, [session.id], ReportOptions())
    assert part.breakdowns == [] and not key_findings(part.instrument, part.summary).declared
    out = tmp_path / "report.pdf"
    build_summary_report(kit.store, [session.id], out, ReportOptions(lang=lang))
    text = pdf_text(out)
    assert said in text and absent not in text
    assert "I feel safe here at night." in text or "Je me sens en sécurité ici la nuit." in text


def test_a_role_on_the_wrong_kind_of_question_is_refused_at_its_cell(tmp_path):
    path = write_form(tmp_path / "f.xlsx", [
        ["type", "name", "label::English (en)", "label::French (fr)", "ccsc_role"],
        ["note", "intro", "Why", "Pourquoi", ""],
        ["text", "where", "Where?", "Où ?", "safety_day"]])
    with pytest.raises(XLSFormError) as caught:
        read_xlsform(path)
    error = caught.value
    assert (error.sheet, error.row, error.column) == ("survey", 3, "ccsc_role")
    assert "report role safety_day needs a question of type scale" in error.user_message()


@pytest.mark.parametrize("level", ["responses", "summary"])
def test_an_imported_questionnaire_travels_in_packages_and_reports_at_the_hub(
        kit, tmp_path, level):
    """The package carries the definition by content: a hub that never imported the XLSForm
    gets the same questionnaire (same hash), with its roles, and its key findings."""
    from tests.exchange_helpers import open_kit
    from toolkit.exchange import hub
    from toolkit.exchange.export import export_package, preview
    from toolkit.exchange.importer import import_file
    from toolkit.reports.hub_report import load_hub_parts

    instrument = import_partner(kit, tmp_path)
    session = answered_session(kit, instrument)
    out = tmp_path / "partner.ccsc"
    export_package(kit.store, preview(kit.store, [session.id], level, 5), out)
    hub_kit = open_kit(tmp_path / "hub")
    try:
        assert Catalogue(hub_kit.store).find(instrument) is None  # never imported there
        result = import_file(hub_kit.store, out)
        assert result.counts.instruments_added == 1
        here = SessionService(hub_kit.store)
        assert here.instrument(instrument.content_hash).canonical == instrument.canonical
        if level == "responses":
            assert here.get(session.id).instrument_hash == instrument.content_hash
        data = load_hub_parts(hub_kit.store, hub.overview(hub_kit.store), ReportOptions(), 5)
        (part,) = data.parts
        assert part.instrument.content_hash == instrument.content_hash
        found = key_findings(part.instrument, part.summary)
        assert [s.question.id for s in found.safety] == ["feel_safe_day", "feel_safe_night"]
    finally:
        hub_kit.close(backup=False)


def test_the_example_in_the_content_guide_imports_with_its_roles(tmp_path):
    """docs/content-format.md, "Writing a questionnaire in a spreadsheet": its example."""
    from tests.xlsform_helpers import SCALE

    survey = [["type", "name", "label::English (en)", "label::French (fr)", "ccsc_role"],
              ["note", "intro", "Your answers are anonymous.", "Vos réponses sont anonymes.", ""],
              ["begin group", "safety", "Safety", "Sécurité", ""],
              ["select_one scale", "day", "I feel safe here by day.",
               "Je me sens en sécurité ici le jour.", "safety_day"],
              ["select_one scale", "night", "I feel safe here at night.",
               "Je me sens en sécurité ici la nuit.", "safety_night"],
              ["rank actions", "first", "Rank what to do first.",
               "Classez ce qu’il faut faire d’abord.", "priorities"],
              ["select_one ages", "age", "Your age group", "Votre groupe d’âge", "breakdown"],
              ["end group", "", "", "", ""]]
    choices = [["list_name", "name", "label::English (en)", "label::French (fr)"],
               *[["scale", *row] for row in SCALE],
               ["actions", "lights", "Street lights", "Éclairage"],
               ["actions", "patrols", "Foot patrols", "Patrouilles"],
               ["ages", "young", "Under 30", "Moins de 30 ans"],
               ["ages", "older", "30 or over", "30 ans ou plus"]]
    settings = [["form_id", "version", "form_title", "ccsc_title::French (fr)"],
                ["our-survey", "1", "Our survey", "Notre sondage"]]
    instrument = read_xlsform(write_form(tmp_path / "mine.xlsx", survey, choices, settings))
    assert role_map(instrument) == {"day": "safety_day", "night": "safety_night",
                                    "first": "priorities", "age": "breakdown"}


def test_local_diagnosis_saved_as_xlsform_and_renamed_keeps_its_roles(kit, tmp_path):
    """Step 1 and 2 of the guide: start from the exported local diagnosis, give a form_id."""
    import openpyxl

    from toolkit.questionnaire.xlsform import write_xlsform

    path = tmp_path / "mine.xlsx"
    write_xlsform(V2, path)
    book = openpyxl.load_workbook(path)
    settings = book["settings"]
    settings.cell(2, [c.value for c in settings[1]].index("form_id") + 1, "our-diagnosis")
    book.save(path)
    result = Catalogue(kit.store).import_xlsform(path)
    assert result.added and result.instrument.id == "our-diagnosis"
    assert role_map(result.instrument) == role_map(V2)
