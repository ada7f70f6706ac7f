"""The hub's cross-community report: suppression per community and overall, from packages
really exported and imported at the three sharing levels; PDF, languages, CLI."""

import json

import pytest

from tests.hub_helpers import SECRET, SYLLABICS, fill_hub
from tests.pdf_helpers import needs_poppler, pdf_text
from toolkit.analysis import QuestionSummary, SessionSummary, combine
from toolkit.cli import main
from toolkit.errors import InputError
from toolkit.exchange import hub
from toolkit.reports.hub_report import load_hub_parts
from toolkit.reports.summary import ReportOptions


@pytest.fixture
def levels(kit, tmp_path):
    return fill_hub(kit, tmp_path / "sources")


def test_combine_never_adds_what_a_community_withheld():
    def community(n):
        q = (QuestionSummary("q", "yesno", n, False, n, counts={"yes": n, "no": 0}) if n >= 5
             else QuestionSummary("q", "yesno", None, True))
        return SessionSummary("i", "h", n, n, 5, [q], people=n)
    total = combine([community(3), community(4)], 5)
    assert total.question("q").suppressed and total.question("q").n is None  # not 7
    total = combine([community(6), community(6)], 5)
    assert total.question("q").n == 12 and total.question("q").counts["yes"] == 12
    total = combine([community(6), community(3)], 5)
    assert total.question("q").n == 6 and total.question("q").suppressed_at_source


def test_suppression_per_community_and_overall(kit, levels):
    assert levels == {SYLLABICS: "full", "Kahnawà:ke": "summary", "Wendake": "responses"}
    data = load_hub_parts(kit.store, hub.overview(kit.store), ReportOptions(threshold=5), 5)
    assert [c.name for c in data.communities] == ["Kahnawà:ke", "Wendake", SYLLABICS]
    assert {c.name: (c.sessions, c.respondents, c.levels) for c in data.communities} == {
        SYLLABICS: (1, 6, ["full"]), "Kahnawà:ke": (1, 6, ["summary"]),
        "Wendake": (1, 2, ["responses"])}
    (part,) = data.parts
    by_name = {c.name: part.by_community[c.id] for c in data.communities}
    # trust_police: 3 in one community, 4 in another: hidden in both and in the total
    assert by_name[SYLLABICS].question("trust_police").suppressed
    assert by_name["Kahnawà:ke"].question("trust_police").suppressed
    assert part.summary.question("trust_police").suppressed
    assert part.summary.question("trust_police").n is None
    # safe_day: 6 and 6 shown, Wendake's 2 withheld and never added: 12, not 14
    assert by_name["Wendake"].question("safe_day").suppressed
    day = part.summary.question("safe_day")
    assert not day.suppressed and day.n == 12 and sum(day.counts.values()) == 12
    assert day.suppressed_at_source


def test_a_higher_threshold_hides_more_and_a_lower_one_is_refused(kit, levels):
    rows = hub.overview(kit.store)
    data = load_hub_parts(kit.store, rows, ReportOptions(threshold=7), 5)
    assert data.parts[0].summary.question("safe_day").suppressed  # 6 + 6, each under 7
    with pytest.raises(InputError):
        load_hub_parts(kit.store, rows, ReportOptions(threshold=4), 5)
    with pytest.raises(InputError):
        load_hub_parts(kit.store, [], ReportOptions(threshold=5), 5)


def test_only_the_rows_given_are_reported(kit, levels):
    rows = hub.overview(kit.store, level="summary")
    data = load_hub_parts(kit.store, rows, ReportOptions(threshold=5), 5)
    assert [c.name for c in data.communities] == ["Kahnawà:ke"]
    assert data.parts[0].summary.question("safe_day").n == 6


@needs_poppler
@pytest.mark.parametrize("lang,present,absent", [
    ("en", ["Cross-community summary report", "Communities in this report", "Page 1 of",
            "With reviewed comments", "12 people answered."],
     ["Rapport sommaire intercommunautaire", "Page 1 de"]),
    ("fr", ["Rapport sommaire intercommunautaire", "Page 1 de", "Avec commentaires révisés",
            "Sommaire seulement", "Réponses anonymes", "12 personnes ont répondu."],
     ["Cross-community summary report", "Page 1 of"]),
    ("bilingual", ["Cross-community summary report", "Rapport sommaire intercommunautaire",
                   "Page 1 of", "Page 1 de"], []),
])
def test_pdf_names_communities_and_prints_no_free_text(kit, levels, tmp_path, lang, present,
                                                       absent):
    out = tmp_path / f"hub-{lang}.pdf"
    result = hub.cross_community_report(kit.store, hub.overview(kit.store), out,
                                        ReportOptions(lang=lang, threshold=5), 5)
    assert result.path == out and result.pages > 2
    text = pdf_text(out)
    for name in (SYLLABICS, "Kahnawà:ke", "Wendake"):
        assert name in text
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase
    assert SECRET not in text and "secrète" not in text  # travelled at `full`, never printed
    assert "13 people" not in text and "14 people" not in text


def test_full_package_really_carried_the_text(kit, levels):
    """The secret is in the hub's database (so the report had to leave it out on purpose)."""
    found = kit.store.conn.execute("SELECT count(*) FROM answers WHERE value LIKE ?",
                                   ("%secrète%",)).fetchone()[0]
    assert found == 1


@needs_poppler
def test_cli_writes_the_report_with_filters(kit, levels, data_dir, tmp_path, capsys):
    out = tmp_path / "cli.pdf"
    assert main(["--data-dir", str(data_dir), "exchange", "report", "--out", str(out),
                 "--lang", "fr", "--paper", "a4", "--community", "Wendake"]) == 0
    assert "pages" in capsys.readouterr().out
    text = pdf_text(out)
    assert "Wendake" in text and SYLLABICS not in text and "Page 1 de" in text
    out2 = tmp_path / "cli2.pdf"
    assert main(["--data-dir", str(data_dir), "exchange", "report", "--out", str(out2),
                 "--level", "full", "--threshold", "6", "--lang", "en"]) == 0
    text = pdf_text(out2)
    assert SYLLABICS in text and "Wendake" not in text and "fewer than 6 people" in text
    refused = tmp_path / "x.pdf"
    assert main(["--data-dir", str(data_dir), "exchange", "report", "--out", str(refused),
                 "--threshold", "2"]) == 1
    assert "lower than the one set in Settings" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "exchange", "report", "--out", str(refused),
                 "--from", "2030-01-01"]) == 1
    assert "no imported sessions" in capsys.readouterr().err
    assert not refused.exists()


def test_a_summary_made_with_a_lower_threshold_is_suppressed_again(kit, tmp_path):
    """A community whose Settings allow groups of 3 shared 4 answers; the hub (5) hides them."""
    from tests.exchange_helpers import open_kit
    from tests.hub_helpers import community_session
    from toolkit.exchange.export import export_package, preview
    from toolkit.exchange.importer import import_file

    source = open_kit(tmp_path / "lenient")
    session = community_session(source, "Tłı̨chǫ", 4, 4, "2026-08-01")
    package = tmp_path / "lenient.ccsc"
    export_package(source.store, preview(source.store, [session.id], "summary", 3), package)
    source.close(backup=False)
    import_file(kit.store, package)
    (raw,) = kit.store.conn.execute("SELECT summary FROM summary_sessions").fetchone()
    assert SessionSummary.from_json(json.loads(raw)).question("safe_day").n == 4
    data = load_hub_parts(kit.store, hub.overview(kit.store), ReportOptions(threshold=5), 5)
    (part,) = data.parts
    assert data.communities[0].name == "Tłı̨chǫ"
    assert part.summaries[0].question("safe_day").suppressed  # shown at source (4 >= 3)
    assert part.summary.question("safe_day").suppressed
