"""Rounds: made, found by id, prefix or name, sessions assigned (all or nothing), and the
comparison of two rounds: matched across questionnaire versions, disclosure control on both
sides, Wilson intervals."""

import copy
import json
import random

import pytest

from tests.test_reports import needs_poppler, pdf_text
from toolkit.cli import main
from toolkit.demo import ROUND_NAMES, add_demo, generate_answers
from toolkit.errors import InputError
from toolkit.intervals import overlap, wilson
from toolkit.questionnaire import instrument_from_definition
from toolkit.reports.comparison import build_comparison_report, compare_parts, load_comparison
from toolkit.reports.summary import ReportOptions, load_parts
from toolkit.rounds import AmbiguousRoundError, RoundNotFoundError, RoundService
from toolkit.sessions import SessionNotFoundError, SessionService

# -- Wilson intervals -----------------------------------------------------------------------

@pytest.mark.parametrize("k,n,low,high", [
    # Newcombe, Statistics in Medicine 17 (1998), table I, method 3 (score, no correction)
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718), (29, 29, 0.8830, 1.0),
    (5, 10, 0.2366, 0.7634), (0, 10, 0.0, 0.2775),
])
def test_wilson_matches_published_values(k, n, low, high):
    got = wilson(k, n)
    assert got == (pytest.approx(low, abs=5e-5), pytest.approx(high, abs=5e-5))


def test_wilson_stays_inside_0_and_1_and_holds_the_share():
    for n in range(1, 60):
        for k in range(n + 1):
            low, high = wilson(k, n)
            assert 0 <= low <= k / n <= high <= 1
            assert high - low < 1
    with pytest.raises(ValueError):
        wilson(3, 2)
    with pytest.raises(ValueError):
        wilson(0, 0)
    assert overlap((0.1, 0.3), (0.3, 0.5)) and not overlap((0.1, 0.2), (0.3, 0.5))


# -- the service ----------------------------------------------------------------------------

def _survey(service, community, count, seed, version=None, day="2026-11-02"):
    session = service.create_session(community, "local-diagnosis", day, version=version)
    instrument = service.instrument(session)
    rng = random.Random(seed)
    for _ in range(count):
        respondent = service.add_respondent(session.id)
        for qid, value in generate_answers(instrument, rng, "en").items():
            service.save_answer(respondent.id, qid, value)
        service.complete(respondent.id)
    return service.get(session.id)


def test_rounds_made_found_and_refused(kit):
    rounds = RoundService(kit.store)
    made = rounds.create("Kahnawà:ke", " 2026   baseline ")
    assert made.name == "2026 baseline" and made.community == "Kahnawà:ke"
    assert rounds.get(made.id) == made and rounds.get(made.id[:6]) == made
    assert rounds.get("2026 baseline") == made
    with pytest.raises(InputError):
        rounds.create("kahnawà:ke", "2026 BASELINE")  # same community, same name
    with pytest.raises(InputError):
        rounds.create("Kahnawà:ke", "   ")
    other = rounds.create("Iqaluit", "2026 baseline")  # another community may use the name
    with pytest.raises(AmbiguousRoundError):
        rounds.get("2026 baseline")
    with pytest.raises(RoundNotFoundError):
        rounds.get("nothing")
    with pytest.raises(RoundNotFoundError):
        rounds.get("%")
    assert [r.id for r in rounds.list()] == [other.id, made.id]  # by community name


def test_assign_moves_sessions_and_is_all_or_nothing(kit):
    service, rounds = SessionService(kit.store), RoundService(kit.store)
    a = rounds.create("Birch Lake", "baseline")
    b = rounds.create("Birch Lake", "follow-up")
    s1 = service.create_session("Birch Lake")
    s2 = service.create_session("Birch Lake")
    elsewhere = service.create_session("Iqaluit")
    assert rounds.assign("baseline", [s1.id, s2.id[:8]]).sessions == 2
    assert rounds.assign(b.id, [s2.id]).sessions == 1  # moved, not copied
    assert rounds.get(a.id).sessions == 1 and rounds.round_of(s2.id).id == b.id
    with pytest.raises(InputError) as err:
        rounds.assign(a.id, [s2.id, elsewhere.id])
    assert "Iqaluit" in err.value.user_message()
    with pytest.raises(SessionNotFoundError):
        rounds.assign(a.id, [s2.id, "no-such-session"])
    assert rounds.round_of(s2.id).id == b.id  # unchanged by the refused assignments
    service.trash(s1.id)
    assert rounds.get(a.id).sessions == 0 and rounds.session_ids(a.id) == []
    service.empty_trash()
    assert kit.store.conn.execute("SELECT count(*) FROM round_sessions").fetchone()[0] == 1
    rounds.unassign(s2.id)
    assert rounds.round_of(s2.id) is None


# -- the comparison -------------------------------------------------------------------------

def test_questions_matched_across_versions_only_when_the_same(kit):
    service, rounds = SessionService(kit.store), RoundService(kit.store)
    old = _survey(service, "Birch Lake", 8, 1, version=1)
    new = _survey(service, "Birch Lake", 8, 2, version=2)
    a, b = rounds.create("Birch Lake", "A"), rounds.create("Birch Lake", "B")
    rounds.assign("A", [old.id])
    rounds.assign("B", [new.id])
    (comparison,) = load_comparison(kit.store, "A", "B", ReportOptions(threshold=5))
    status = {r.question.id: r.status for r in comparison.rows}
    assert status["food_worry"] == "only_b" and status["safe_night"] == "compared"
    assert status["best_idea"] == "text"
    # a question whose choices changed between versions is listed, not compared
    parts_a = load_parts(kit.store, [old.id], ReportOptions())
    parts_b = load_parts(kit.store, [new.id], ReportOptions())
    changed = copy.deepcopy(parts_b[0].instrument.definition)
    for section in changed["sections"]:
        for q in section["questions"]:
            if q["id"] == "years_in_community":
                q["choices"] = q["choices"][:-1]
    parts_b[0].instrument = instrument_from_definition(changed)
    again = compare_parts(a, b, parts_a[0], parts_b[0], 5)
    assert {r.question.id: r.status for r in again.rows}["years_in_community"] == "changed"
    night = next(r for r in comparison.rows if r.question.id == "safe_night")
    m = night.measures[0]
    summary_a = parts_a[0].summary.question("safe_night")
    opinions = sum(summary_a.counts[k] for k in "12345")
    assert (m.a.k, m.a.n) == (summary_a.counts["4"] + summary_a.counts["5"], opinions)
    assert m.a.interval == wilson(m.a.k, m.a.n)


def test_disclosure_control_on_both_sides(kit):
    """Round B has 3 people: nothing of either round is shown, though round A has 12."""
    service, rounds = SessionService(kit.store), RoundService(kit.store)
    big = _survey(service, "Birch Lake", 12, 3)
    small = _survey(service, "Birch Lake", 3, 4)
    rounds.create("Birch Lake", "A")
    rounds.create("Birch Lake", "B")
    rounds.assign("A", [big.id])
    rounds.assign("B", [small.id])
    (comparison,) = load_comparison(kit.store, "A", "B", ReportOptions(threshold=5))
    assert comparison.compared() == []
    assert {r.status for r in comparison.rows} <= {"hidden", "text"}
    # and with one side above the threshold only for some questions: those only
    mixed = _survey(service, "Birch Lake", 6, 5)
    rounds.assign("B", [mixed.id])
    (comparison,) = load_comparison(kit.store, "A", "B", ReportOptions(threshold=5))
    shown = {r.question.id for r in comparison.compared()}
    summary_b = load_parts(kit.store, [mixed.id], ReportOptions(threshold=5))[0].summary
    summary_a = load_parts(kit.store, [big.id], ReportOptions(threshold=5))[0].summary
    for q in summary_b.questions:
        if q.id in shown:
            assert not q.suppressed and not summary_a.question(q.id).suppressed
    assert "victim_reported" not in shown  # asked of a few people only


def test_comparison_refuses_what_cannot_be_compared(kit):
    rounds = RoundService(kit.store)
    rounds.create("Birch Lake", "A")
    rounds.create("Iqaluit", "B")
    with pytest.raises(InputError):
        load_comparison(kit.store, "A", "B", ReportOptions())  # two communities
    with pytest.raises(InputError):
        load_comparison(kit.store, "A", "A", ReportOptions())
    rounds.create("Birch Lake", "C")
    with pytest.raises(InputError) as err:
        load_comparison(kit.store, "A", "C", ReportOptions())
    assert "no sessions" in err.value.user_message()


@needs_poppler
@pytest.mark.parametrize("lang,phrases", [
    ("en", ["Comparison of two rounds", "A change in a small sample may be chance",
            "Key findings: round A and round B", "Questions not compared", "could be chance",
            "asked in round B only", "Wilson"]),
    ("fr", ["Comparaison de deux cycles", "peut être dû au hasard", "Questions non comparées",
            "posée au cycle B seulement", "Wilson"]),
    ("bilingual", ["Comparison of two rounds", "Comparaison de deux cycles"]),
])
def test_demo_comparison_pdf(kit, tmp_path, lang, phrases):
    add_demo(SessionService(kit.store))
    out = tmp_path / "cmp.pdf"
    result = build_comparison_report(kit.store, ROUND_NAMES[0], ROUND_NAMES[1], out,
                                     ReportOptions(lang=lang))
    assert result.pages >= 5
    text = pdf_text(out).replace("\u00a0", " ").replace("\u202f", " ")
    for phrase in phrases:
        assert phrase in text, phrase
    assert "Birch Lake" in text


def test_demo_has_two_rounds_with_fitting_comments(kit):
    service = SessionService(kit.store)
    sessions = add_demo(service)
    rounds = RoundService(kit.store).list()
    assert [r.name for r in rounds] == list(ROUND_NAMES)
    assert [r.sessions for r in rounds] == [1, 2]
    assert service.instrument(sessions[2]).version == 1
    assert service.instrument(sessions[0]).version == 2
    places = {a.get("unsafe_places") for a in service.all_answers(sessions[0].id).values()}
    places.discard(None)
    assert places and all("gym" not in p and "weekends" not in p for p in places)
    ideas = {a.get("best_idea") for a in service.all_answers(sessions[0].id).values()} - {None}
    assert ideas and not ideas & places


# -- the command line -----------------------------------------------------------------------

def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_round_commands(data_dir, tmp_path, capsys):
    d = ["--data-dir", str(data_dir)]
    code, out, _ = run(capsys, *d, "demo")
    follow_up, group, baseline = out.split()[:3]
    code, out, _ = run(capsys, *d, "round", "new", "--community", "Birch Lake", "--name", "2028")
    assert code == 0
    made = out.strip()
    code, out, _ = run(capsys, *d, "round", "assign", made[:6], group)
    assert code == 0 and "1 session" in out
    listed = json.loads(run(capsys, *d, "round", "list", "--json")[1])
    assert {r["name"]: r["sessions"] for r in listed} == {"2024 baseline": 1,
                                                          "2026 follow-up": 1, "2028": 1}
    out_pdf = tmp_path / "c.pdf"
    code, out, _ = run(capsys, *d, "round", "compare", "2024 baseline", "2026 follow-up",
                       "--lang", "bilingual", "--out", str(out_pdf))
    assert code == 0 and out_pdf.stat().st_size > 10_000 and "pages" in out


def test_round_errors_are_one_translated_line(data_dir, capsys):
    d = ["--data-dir", str(data_dir), "--lang", "fr"]
    code, _, err = run(capsys, *d, "round", "assign", "nulle-part", "abcd")
    assert code == 1 and "Il n’y a pas de cycle nulle-part" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, *d, "round", "new", "--community", "X", "--name", " ")
    assert code == 1 and "cycle" in err and "Traceback" not in err
    code, out, _ = run(capsys, *d, "round", "list")
    assert code == 0 and "toolkit round new" in out


def test_rounds_sharing_a_name_are_told_apart_by_community(data_dir, capsys):
    """As at a hub: every community has its "2026 baseline"; assign and list take
    --community, and an unknown community or a too-short id says what to give."""
    d = ["--data-dir", str(data_dir)]
    sessions = {}
    for community in ("Birch Lake", "Iqaluit"):
        assert run(capsys, *d, "round", "new", "--community", community, "--name",
                   "2026 baseline")[0] == 0
        code, out, _ = run(capsys, *d, "session", "new", "--community", community)
        sessions[community] = out.split()[0]
    code, _, err = run(capsys, *d, "round", "assign", "2026 baseline", sessions["Iqaluit"])
    assert code == 1 and "--community" in err
    code, out, _ = run(capsys, *d, "round", "assign", "2026 baseline", sessions["Iqaluit"],
                       "--community", "iqaluit")
    assert code == 0 and "Iqaluit" in out
    listed = json.loads(run(capsys, *d, "round", "list", "--json", "--community",
                            "Iqaluit")[1])
    assert [(r["community"], r["sessions"]) for r in listed] == [("Iqaluit", 1)]
    code, _, err = run(capsys, *d, "--lang", "fr", "round", "list", "--community", "Nulle")
    assert code == 1 and "Il n’y a pas de communauté nommée Nulle" in err
    code, _, err = run(capsys, *d, "round", "assign", "ab", sessions["Iqaluit"])
    assert code == 1 and "4 characters" in err
