"""Plans travel in packages to the hub: round trip, new versions, contact notes stay home,
and crafted packages refused whole (another community's plan, a forged owner, bad shapes,
figures below the threshold), each leaving the hub's database unchanged."""

from __future__ import annotations

import json

import pytest

from tests.exchange_helpers import SEEDS, open_kit
from tests.test_exchange_attacks import members_of, refused_whole, repack
from tests.test_rounds import _survey
from toolkit.cli import main
from toolkit.exchange import package as fmt
from toolkit.exchange import signing
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.hub import plans as hub_plans
from toolkit.exchange.importer import OwnershipError, import_file
from toolkit.plan.model import Figure
from toolkit.plan.printed import print_plan
from toolkit.plan.service import PlanService, ReadOnlyPlanError
from toolkit.reports.summary import ReportOptions
from toolkit.rounds import RoundService
from toolkit.sessions import SessionService

C = "Wendake"


@pytest.fixture
def community(tmp_path):
    """A community laptop with a round of 12 people and a plan following one figure."""
    kit = open_kit(tmp_path / "community")
    service = SessionService(kit.store)
    session = _survey(service, C, 12, seed=4)
    rounds = RoundService(kit.store)
    r = rounds.create(C, "2026")
    rounds.assign(r.id, [session.id])
    plans = PlanService(kit.store)
    plans.create(C, "Plan 2027")
    plans.add_priority(C, "Safer nights", "prevention")
    plans.add_asset(C, "Youth centre", "place", "recreation", "Ask Marie, 418-555-0101")
    plans.link_asset(C, 1, 1)
    plans.add_action(C, 1, "Light the path", lead="Public works", start="2027-04-01")
    plans.add_indicator(C, 1, "Safe at night", baseline="40 %", target="60 %",
                        figure=Figure(instrument_id="local-diagnosis", question_id="safe_night",
                                      key="agree"))
    kit.session_id = session.id
    yield kit
    kit.close(backup=False)


def export(kit, tmp_path, name="p.ccsc", level="summary", **kw):
    path = tmp_path / name
    export_package(kit.store, preview(kit.store, [kit.session_id], level, 5, **kw), path)
    return path


def test_round_trip_to_the_hub(community, hub, tmp_path, capsys):
    path = export(community, tmp_path)
    plan_member = json.loads(members_of(path)[fmt.PLAN])
    assert plan_member["version"] == PlanService(community.store).get(C).version
    assert "418-555" not in json.dumps(plan_member) and "Ask Marie" not in json.dumps(
        plan_member)  # contact notes stay home
    result = import_file(hub.store, path)
    assert result.counts.plans_added == 1 and "plan" in result.describe()
    here = PlanService(community.store).get(C)
    there = PlanService(hub.store).get(C)
    assert there.read_only and there.version == here.version
    assert there.plan.priorities == here.plan.priorities
    assert [a.contact for a in there.plan.assets] == [""]
    with pytest.raises(ReadOnlyPlanError):
        PlanService(hub.store).add_priority(C, "Hub's idea")
    # indicator values came with it (the hub has no rounds of its own)
    code = main(["--data-dir", str(hub.folder), "plan", "show", C, "--json"])
    shown = json.loads(capsys.readouterr().out)
    (values,) = shown["indicator_values"].values()
    assert code == 0 and values[0]["round"] == "2026" and values[0]["people"] >= 5
    here_values = json.loads(members_of(path)[fmt.PLAN])["indicator_values"]
    assert list(here_values.values())[0] == values
    # the same file again: nothing changes; a new version travels in the next package
    rows = "SELECT * FROM plan_versions ORDER BY community_id, version"
    before = hub.store.conn.execute(rows).fetchall()
    assert import_file(hub.store, path).counts.plans_added == 0
    assert hub.store.conn.execute(rows).fetchall() == before
    PlanService(community.store).add_action(C, 1, "Walk the path with Elders")
    import_file(hub.store, export(community, tmp_path, "p2.ccsc"))
    assert PlanService(hub.store).get(C).version == here.version + 1
    assert [v.version for v in PlanService(hub.store).history(C)] == [here.version,
                                                                       here.version + 1]
    rows = hub_plans(hub.store)
    assert [(r.community, r.actions, r.priorities) for r in rows] == [
        (C, 2, ["Safer nights"])]
    code = main(["--data-dir", str(hub.folder), "exchange", "plans"])
    out = capsys.readouterr().out
    assert code == 0 and "Wendake" in out and "1. Safer nights" in out
    printed = print_plan(hub.store, C, tmp_path / "hub.pdf", ReportOptions(lang="bilingual"))
    assert printed.pages >= 5


@pytest.mark.parametrize("lang, heading, done", [
    ("en", "Community safety and well-being plans", "0 of 1"),
    ("fr", "Plans de sécurité et de bien-être", "0 sur 1")])
def test_the_cross_community_report_lists_each_communitys_plan(community, hub, tmp_path,
                                                               lang, heading, done):
    """The hub's report, from the command line and as the Exchange screen asks for it: each
    reported community's plan with its priorities in the committee's words and its
    progress; a plan of a community outside the filters is left out."""
    from tests.test_hub_report import pdf_text

    import_file(hub.store, export(community, tmp_path))
    SessionService(hub.store).create_session("Iqaluit", None)  # made here: not imported
    PlanService(hub.store).create("Iqaluit", "Not reported")
    PlanService(hub.store).add_priority("Iqaluit", "Winter roads")
    out = tmp_path / f"hub-{lang}.pdf"
    assert main(["--data-dir", str(hub.folder), "exchange", "report", "--lang", lang,
                 "--out", str(out)]) == 0
    text = pdf_text(out)
    assert heading in text and "1. Safer nights" in text and done in text
    assert "Winter roads" not in text
    data = hub.reports.hub_parts(hub.exchange.overview(), ReportOptions(lang=lang), 5)
    assert [(p.version, p.priorities) for p in data.plans if p.community_id in
            {c.id for c in data.communities}] == [(PlanService(hub.store).get(C).version,
                                                    ["Safer nights"])]


def test_no_plan_when_asked(community, tmp_path):
    path = export(community, tmp_path, with_plan=False)
    assert fmt.PLAN not in members_of(path)
    assert fmt.PLAN in members_of(export(community, tmp_path, "r.ccsc", level="responses"))


def _forge(kit, path, change, seed=None):
    members = members_of(path)
    data = json.loads(members[fmt.PLAN])
    change(data)
    members[fmt.PLAN] = json.dumps(data).encode()
    return repack(members, seed or SEEDS[signing.public_key(kit.store)])


@pytest.mark.parametrize("change,words", [
    (lambda d: d["plan"].__setitem__("community_id", "0e8a7c5e-0000-4000-8000-00000000abcd"),
     "another community"),
    (lambda d: d["plan"].__setitem__("extra", 1), "plan.json is not valid"),
    (lambda d: d["plan"]["priorities"][0].__setitem__("area", "policing"),
     "plan.json is not valid"),
    (lambda d: d["plan"]["priorities"][0].__setitem__("assets", ["deadbeef"]),
     "plan.json is not valid"),
    (lambda d: d["plan"]["priorities"][0].__setitem__("title", "Roads\x1b[2J"),
     "plan.json is not valid"),
    (lambda d: d.__setitem__("version", "7"), "plan.json is not valid"),
    (lambda d: [v.update(people=4, count=3, share=0.75)
                for row in d["indicator_values"].values() for v in row],
     "fewer people than the threshold"),
    (lambda d: [v.update(count=1) for row in d["indicator_values"].values() for v in row],
     "plan.json is not valid"),
    (lambda d: [v.update(status="withheld") for row in d["indicator_values"].values()
                for v in row], "figures not shown"),
    (lambda d: d["indicator_values"].__setitem__("abcdef01", []), "plan.json is not valid"),
])
def test_crafted_plans_are_refused_whole(community, hub, tmp_path, change, words):
    forged = _forge(community, export(community, tmp_path), change)
    message = refused_whole(hub, tmp_path, forged)
    assert words in message, message


def test_an_unlisted_plan_member_is_refused(community, hub, tmp_path):
    members = members_of(export(community, tmp_path, with_plan=False))
    members[fmt.PLAN] = members_of(export(community, tmp_path, "x.ccsc"))[fmt.PLAN]
    manifest = members["manifest.json"]  # still signed, but it does not list plan.json
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n, d in {**members, "manifest.json": manifest}.items():
            zf.writestr(n, d)
    message = refused_whole(hub, tmp_path, buffer.getvalue())
    assert "does not match its content" in message


def test_another_installation_cannot_overwrite_the_plan(community, other, hub, tmp_path):
    """The hub holds Wendake's plan from Wendake's laptop. Another installation sends a plan
    for a community of the same name (matched by name at the hub), and then forges one under
    Wendake's own id: both refused, nothing changed."""
    import_file(hub.store, export(community, tmp_path))
    service = SessionService(other.store)
    session = _survey(service, C, 6, seed=9)
    PlanService(other.store).create(C, "Another plan")
    PlanService(other.store).add_priority(C, "Something else")
    path = tmp_path / "other.ccsc"
    export_package(other.store, preview(other.store, [session.id], "summary", 5), path)
    message = refused_whole(hub, tmp_path, path.read_bytes(), OwnershipError)
    assert "the plan of Wendake" in message
    # forged: the other laptop claims Wendake's community id, plan and all
    wendake_id = PlanService(community.store).community(C)[0]

    def steal(data):
        data["plan"]["community_id"] = wendake_id
    members = members_of(path)
    plan = json.loads(members[fmt.PLAN])
    steal(plan)
    members[fmt.PLAN] = json.dumps(plan).encode()
    forged = repack(members, SEEDS[signing.public_key(other.store)],
                    lambda m: m["community"].__setitem__("id", wendake_id))
    refused_whole(hub, tmp_path, forged, OwnershipError)
    assert PlanService(hub.store).get(C).plan.title == "Plan 2027"


def test_a_plan_made_at_the_hub_is_not_overwritten(community, hub, tmp_path):
    SessionService(hub.store).community_id(C)
    PlanService(hub.store).create(C, "The hub's own notes")
    message = refused_whole(hub, tmp_path, export(community, tmp_path).read_bytes(),
                            OwnershipError)
    assert "the plan of Wendake" in message and "this computer" in message


def test_only_a_version_3_package_may_hold_a_plan(community, hub, tmp_path):
    with_plan, without = export(community, tmp_path), export(community, tmp_path, "n.ccsc",
                                                             with_plan=False)
    assert json.loads(members_of(with_plan)["manifest.json"])["format_version"] == 3
    assert json.loads(members_of(without)["manifest.json"])["format_version"] == 2
    forged = repack(members_of(with_plan), SEEDS[signing.public_key(community.store)],
                    lambda m: m.__setitem__("format_version", 2))
    assert "does not match its content" in refused_whole(hub, tmp_path, forged)
