"""Rounds travel in packages: the hub learns a community's rounds and which sessions each
holds, the ownership rules of the exchange hold for rounds too, and the hub compares the
rounds of one community, never below the threshold of a package it used."""

import json

import pytest

from tests.exchange_helpers import SEEDS, make_session
from tests.test_exchange_attacks import edit_sessions, members_of, refused_whole, repack
from toolkit.cli import main
from toolkit.exchange import hub as hub_view
from toolkit.exchange import signing
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import OwnershipError, import_file
from toolkit.reports.comparison import load_comparison
from toolkit.reports.summary import ReportOptions
from toolkit.rounds import AmbiguousRoundError, RoundService
from toolkit.sessions import SessionService


def export(kit, tmp_path, sessions, name, level="responses", threshold=5):
    path = tmp_path / name
    export_package(kit.store, preview(kit.store, [s.id for s in sessions], level, threshold),
                   path)
    return path


def rounds_here(kit) -> dict[str, list[str]]:
    service = RoundService(kit.store)
    return {r.name: sorted(service.session_ids(r.id)) for r in service.list()}


def test_rounds_and_their_sessions_travel_and_reimport_changes_nothing(kit, hub, tmp_path):
    s1, s2 = make_session(kit), make_session(kit, date="2028-10-14")
    rounds = RoundService(kit.store)
    base = rounds.create("Kahnawà:ke", "2026 baseline")
    rounds.create("Kahnawà:ke", "2028 follow-up")
    rounds.assign(base.id, [s1.id])
    rounds.assign("2028 follow-up", [s2.id])
    package = export(kit, tmp_path, [s1, s2], "k.ccsc")
    sent = json.loads(members_of(package)["sessions.json"])["sessions"]
    assert {s["round"]["name"] for s in sent} == {"2026 baseline", "2028 follow-up"}
    result = import_file(hub.store, package)
    assert result.counts.rounds_added == 2 and result.counts.rounds_assigned == 2
    assert "2 sessions put in their round" in result.describe()
    assert rounds_here(hub) == rounds_here(kit)
    assert RoundService(hub.store).get(base.id[:8]).community == "Kahnawà:ke"
    def stored():
        return [hub.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("rounds", "round_sessions")]
    before = stored()
    again = import_file(hub.store, package)
    assert not again.changed and stored() == before


def test_a_session_outside_any_round_carries_no_round_key(kit, tmp_path):
    """So a package without rounds is read by earlier builds too (they refuse unknown keys)."""
    session = make_session(kit)
    sent = json.loads(members_of(export(kit, tmp_path, [session], "k.ccsc"))["sessions.json"])
    assert "round" not in sent["sessions"][0]


def test_the_later_assignment_wins_whatever_the_import_order(kit, hub, tmp_path):
    session = make_session(kit)
    rounds = RoundService(kit.store)
    rounds.create("Kahnawà:ke", "first")
    rounds.create("Kahnawà:ke", "second")
    rounds.assign("first", [session.id])
    kit.store.conn.execute("UPDATE round_sessions SET assigned_at = '2020-01-01T00:00:00Z'")
    early = export(kit, tmp_path, [session], "early.ccsc")
    early_stamp = json.loads(members_of(early)["sessions.json"])["sessions"][0]["round"]
    rounds.assign("second", [session.id])
    late = export(kit, tmp_path, [session], "late.ccsc")
    assert json.loads(members_of(late)["sessions.json"])["sessions"][0]["round"][
        "assigned_at"] > early_stamp["assigned_at"]
    import_file(hub.store, late)
    import_file(hub.store, early)  # older: does not move it back
    assert RoundService(hub.store).round_of(session.id).name == "second"


def test_a_round_of_the_same_name_at_the_hub_is_the_same_round(kit, hub, tmp_path):
    session = make_session(kit)
    import_file(hub.store, export(kit, tmp_path, [session], "plain.ccsc"))
    made_at_hub = RoundService(hub.store).create("Kahnawà:ke", "2026 Baseline")
    RoundService(kit.store).create("Kahnawà:ke", "2026 baseline")
    RoundService(kit.store).assign("2026 baseline", [session.id])
    import_file(hub.store, export(kit, tmp_path, [session], "in-round.ccsc"))
    assert [r.id for r in RoundService(hub.store).list()] == [made_at_hub.id]
    assert RoundService(hub.store).round_of(session.id).id == made_at_hub.id


def test_a_crafted_package_cannot_use_another_communitys_round(kit, other, hub, tmp_path):
    """Wendake's laptop names Kahnawà:ke's round in its own package: refused whole."""
    mine = make_session(kit)
    theirs_round = RoundService(kit.store).create("Kahnawà:ke", "2026 baseline")
    RoundService(kit.store).assign(theirs_round.id, [mine.id])
    import_file(hub.store, export(kit, tmp_path, [mine], "mine.ccsc"))
    wendake = make_session(other, community="Wendake", people=2)
    own = RoundService(other.store).create("Wendake", "2026")
    RoundService(other.store).assign(own.id, [wendake.id])
    members = members_of(export(other, tmp_path, [wendake], "theirs.ccsc"))

    def borrow(data):
        data["sessions"][0]["round"]["id"] = theirs_round.id
    edit_sessions(members, borrow)
    forged = repack(members, SEEDS[signing.public_key(other.store)])
    message = refused_whole(hub, tmp_path, forged, OwnershipError)
    assert "2026 baseline" in message and "Kahnawà:ke" in message
    assert RoundService(hub.store).session_ids(theirs_round.id) == [mine.id]


def test_a_crafted_package_cannot_put_another_communitys_session_in_its_round(
        kit, other, hub, tmp_path):
    mine = make_session(kit)
    import_file(hub.store, export(kit, tmp_path, [mine], "mine.ccsc"))
    wendake = make_session(other, community="Wendake", people=2)
    RoundService(other.store).create("Wendake", "2026")
    RoundService(other.store).assign("2026", [wendake.id])
    members = members_of(export(other, tmp_path, [wendake], "theirs.ccsc"))

    def adopt(data):
        data["sessions"][0]["id"] = mine.id
    edit_sessions(members, adopt)
    forged = repack(members, SEEDS[signing.public_key(other.store)],
                    lambda m: m.__setitem__("sessions", [mine.id]))
    refused_whole(hub, tmp_path, forged, OwnershipError)
    assert RoundService(hub.store).list() == []


@pytest.mark.parametrize("change", [
    lambda r: r.__setitem__("name", "\u202e\u0000"),  # nothing left once cleaned
    lambda r: r.__setitem__("id", "not-a-uuid"),
    lambda r: r.__setitem__("assigned_at", "yesterday"),
    lambda r: r.__setitem__("extra", 1),
])
def test_a_damaged_round_is_refused_whole(kit, hub, tmp_path, change):
    session = make_session(kit)
    RoundService(kit.store).create("Kahnawà:ke", "2026 baseline")
    RoundService(kit.store).assign("2026 baseline", [session.id])
    members = members_of(export(kit, tmp_path, [session], "k.ccsc"))
    edit_sessions(members, lambda data: change(data["sessions"][0]["round"]))
    refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(kit.store)]))


def test_one_round_id_with_two_names_in_a_package_is_refused(kit, hub, tmp_path):
    s1, s2 = make_session(kit), make_session(kit, date="2026-10-15")
    RoundService(kit.store).create("Kahnawà:ke", "2026 baseline")
    RoundService(kit.store).assign("2026 baseline", [s1.id, s2.id])
    members = members_of(export(kit, tmp_path, [s1, s2], "k.ccsc"))
    edit_sessions(members, lambda data: data["sessions"][1]["round"].__setitem__("name", "x"))
    refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(kit.store)]))


def _two_rounds(kit, community, people_a, people_b):
    a = make_session(kit, community=community, people=people_a, date="2024-10-01")
    b = make_session(kit, community=community, people=people_b, date="2026-10-01")
    rounds = RoundService(kit.store)
    rounds.assign(rounds.create(community, "2024 baseline").id, [a.id])
    rounds.assign(rounds.create(community, "2026 follow-up").id, [b.id])
    return a, b


def test_the_hub_compares_one_communitys_rounds_never_below_a_packages_threshold(
        kit, other, hub, tmp_path, capsys):
    a, b = _two_rounds(kit, "Kahnawà:ke", 8, 8)
    import_file(hub.store, export(kit, tmp_path, [a, b], "k.ccsc", threshold=10))
    wa, wb = _two_rounds(other, "Wendake", 6, 6)
    import_file(hub.store, export(other, tmp_path, [wa, wb], "w.ccsc"))
    with pytest.raises(AmbiguousRoundError) as err:  # both communities have these names
        load_comparison(hub.store, "2024 baseline", "2026 follow-up", ReportOptions())
    assert "Kahnawà:ke" in err.value.user_message() and "Wendake" in err.value.user_message()
    # Wendake sent with 5: its 6 people per round are compared at the hub's 5
    (wendake,) = load_comparison(hub.store, "2024 baseline", "2026 follow-up",
                                 ReportOptions(threshold=5), community="Wendake")
    assert wendake.threshold == 5 and wendake.compared()
    # Kahnawà:ke sent with 10: its 8 people per round are never shown, even if asked for 5
    (kahnawake,) = load_comparison(hub.store, "2024 baseline", "2026 follow-up",
                                   ReportOptions(threshold=5), community="kahnawà:ke")
    assert kahnawake.threshold == 10 and kahnawake.compared() == []
    assert {r.status for r in kahnawake.rows} <= {"hidden", "text"}
    # the command line, at the hub
    out = tmp_path / "w.pdf"
    code = main(["--data-dir", str(hub.folder), "round", "compare", "2024 baseline",
                 "2026 follow-up", "--community", "Wendake", "--out", str(out)])
    assert code == 0 and out.stat().st_size > 5_000
    code = main(["--data-dir", str(hub.folder), "--lang", "fr", "round", "compare",
                 "2024 baseline", "2026 follow-up", "--out", str(out)])
    err_text = capsys.readouterr().err
    assert code == 1 and "Wendake" in err_text and "--community" in err_text
    assert "Traceback" not in err_text and "More than" not in err_text


def test_the_hub_reports_v1_and_v2_sessions_side_by_side_and_compares_their_rounds(
        kit, hub, tmp_path):
    from toolkit.demo import ROUND_NAMES, add_demo
    from toolkit.reports.hub_report import load_hub_parts

    sessions = add_demo(SessionService(kit.store))
    import_file(hub.store, export(kit, tmp_path, sessions, "birch.ccsc"))
    data = load_hub_parts(hub.store, hub_view.overview(hub.store), ReportOptions(), 5)
    versions = {p.instrument.id: [] for p in data.parts}
    for p in data.parts:
        versions[p.instrument.id].append(p.instrument.version)
    assert sorted(versions["local-diagnosis"]) == [1, 2]  # different questions: apart
    v2 = next(p for p in data.parts if p.instrument.version == 2)
    assert not v2.summary.question("food_worry").suppressed
    (comparison,) = load_comparison(hub.store, ROUND_NAMES[0], ROUND_NAMES[1], ReportOptions())
    assert comparison.compared() and {r.status for r in comparison.rows} >= {"only_b"}


def test_rounds_shared_as_summaries_are_compared_at_the_hub(kit, other, hub, tmp_path):
    """Summary-level packages carry each session's round too; the hub compares them from the
    suppressed summaries, never below the threshold they were made with."""
    a, b = _two_rounds(kit, "Kahnawà:ke", 8, 8)
    import_file(hub.store, export(kit, tmp_path, [a, b], "k.ccsc", level="summary"))
    listed = {r.name: (r.sessions, r.respondents) for r in RoundService(hub.store).list()}
    assert listed == {"2024 baseline": (1, 8), "2026 follow-up": (1, 8)}
    (comparison,) = load_comparison(hub.store, "2024 baseline", "2026 follow-up",
                                    ReportOptions(threshold=5), overview=hub_view.overview)
    night = next(r for r in comparison.rows if r.question.id == "safe_night")
    assert night.status == "compared" and (night.n_a, night.n_b) == (8, 8)
    assert night.measures[0].b.k == 0  # every answer was 3: no one agrees
    wa, wb = _two_rounds(other, "Wendake", 8, 8)
    import_file(hub.store, export(other, tmp_path, [wa, wb], "w.ccsc", level="summary",
                                  threshold=10))
    (withheld,) = load_comparison(hub.store, "2024 baseline", "2026 follow-up",
                                  ReportOptions(threshold=5), community="Wendake",
                                  overview=hub_view.overview)
    assert withheld.threshold == 10 and withheld.compared() == []
    out = tmp_path / "k.pdf"
    code = main(["--data-dir", str(hub.folder), "round", "compare", "2024 baseline",
                 "2026 follow-up", "--community", "Kahnawà:ke", "--lang", "fr",
                 "--out", str(out)])
    assert code == 0 and out.read_bytes()[:5] == b"%PDF-"


def test_a_summary_package_cannot_use_another_communitys_round(kit, other, hub, tmp_path):
    mine = make_session(kit)
    theirs = RoundService(kit.store).create("Kahnawà:ke", "2026 baseline")
    RoundService(kit.store).assign(theirs.id, [mine.id])
    import_file(hub.store, export(kit, tmp_path, [mine], "mine.ccsc", level="summary"))
    wendake = make_session(other, community="Wendake", people=2)
    RoundService(other.store).assign(RoundService(other.store).create("Wendake", "x").id,
                                     [wendake.id])
    members = members_of(export(other, tmp_path, [wendake], "w.ccsc", level="summary"))
    edit_sessions(members, lambda d: d["sessions"][0]["round"].__setitem__("id", theirs.id))
    refused_whole(hub, tmp_path, repack(members, SEEDS[signing.public_key(other.store)]),
                  OwnershipError)
    assert RoundService(hub.store).summary_ids(theirs.id) == [mine.id]
