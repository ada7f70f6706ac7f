"""`toolkit plan ...`: a plan made end to end by commands, JSON for scripts, clear errors
(one translated line, nothing changed, no traceback)."""

from __future__ import annotations

import json
import shutil

import pytest

from toolkit.cli import main
from toolkit.demo import ROUND_NAMES

C = "Birch Lake"


def run(capsys, data, *args):
    code = main(["--data-dir", str(data), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan-demo") / "data"
    folder.mkdir()
    assert main(["--data-dir", str(folder), "demo"]) == 0  # closed again when main returns
    return folder


@pytest.fixture
def demo(demo_folder, tmp_path, capsys):
    """A fresh copy of the demo data folder (the demo is built once per module)."""
    capsys.readouterr()
    copy = tmp_path / "demo"
    shutil.copytree(demo_folder, copy)
    return copy


def _show(capsys, data) -> dict:
    code, out, err = run(capsys, data, "plan", "show", C, "--json")
    assert code == 0 and err == ""
    return json.loads(out)


def test_a_plan_end_to_end(demo, capsys):
    d = demo
    assert run(capsys, d, "plan", "new", C, "--title", "Birch Lake plan")[0] == 0
    code, out, _ = run(capsys, d, "plan", "priorities", C, "--from-round", ROUND_NAMES[1],
                       "--json")
    offered = json.loads(out)
    assert code == 0 and offered["candidates"] and not any(
        c["in_plan"] for c in offered["candidates"])
    ranking = [c["number"] for c in offered["candidates"] if c["kind"] == "ranking"][:1]
    code, out, _ = run(capsys, d, "plan", "priorities", C, "--from-round", ROUND_NAMES[1],
                       "--add", f"1,{ranking[0]}")
    assert code == 0 and "2 priorities added" in out and "version 3" in out
    code, out, _ = run(capsys, d, "plan", "priorities", C, "--from-round", ROUND_NAMES[1])
    assert out.count("(in the plan)") == 2
    steps = [
        ["set-priority", C, "1", "--title", "Youth", "--area", "social_development",
         "--risk", "Nothing to do", "--protective", "Elders"],
        ["add-priority", C, "Safer roads", "--area", "prevention", "--position", "1"],
        ["add-asset", C, "Community hall", "--kind", "place", "--sector", "recreation",
         "--contact", "Key at the band office"],
        ["link-asset", C, "Youth", "Community hall"],
        ["add-action", C, "Youth", "Open the hall", "--lead", "Recreation", "--partner",
         "School", "--partner", "Council", "--start", "2027-01-15", "--end", "2027-06-30",
         "--resources", "$2,000"],
        ["set-action", C, "Youth", "1", "--status", "under_way"],
        ["add-outcome", C, "Youth", "--term", "medium", "Youth feel welcome"],
        ["add-indicator", C, "Youth", "Safe at night", "--baseline", "7 %", "--target",
         "30 %", "--figure", "safe_night"],
        ["set-indicator", C, "Youth", "1", "--target", "35 %"],
        ["move", C, "Safer roads", "3"],
    ]
    for step in steps:
        code, out, err = run(capsys, d, "plan", *step)
        assert code == 0 and err == "" and "The plan is now at version" in out, step
    shown = _show(capsys, d)
    plan = shown["plan"]
    assert shown["version"] == 3 + len(steps)
    assert [p["title"] for p in plan["priorities"]][2] == "Safer roads"
    youth = plan["priorities"][0]
    assert youth["title"] == "Youth" and youth["area"] == "social_development"
    assert youth["risk_factors"] == ["Nothing to do"]
    assert youth["assets"] == [plan["assets"][0]["id"]]
    assert youth["actions"][0]["status"] == "under_way"
    assert youth["actions"][0]["partners"] == ["School", "Council"]
    assert youth["outcomes"]["medium"] == ["Youth feel welcome"]
    indicator = youth["indicators"][0]
    assert indicator["target"] == "35 %" and indicator["figure"]["key"] == "agree"
    values = shown["indicator_values"][indicator["id"]]
    assert [v["round"] for v in values] == list(ROUND_NAMES)
    assert all(v["status"] == "shown" and v["people"] >= 5 for v in values)
    assert shown["diagnosis"][youth["id"]]  # its seeded figures, recomputed
    # the text view says the same, and the history lists every change
    code, out, _ = run(capsys, d, "plan", "show", C)
    assert "Youth  [Social development]" in out and ROUND_NAMES[0] in out
    code, out, _ = run(capsys, d, "plan", "history", C, "--json")
    assert [v["version"] for v in json.loads(out)] == list(range(1, shown["version"] + 1))
    code, out, _ = run(capsys, d, "plan", "show", C, "--version", "1", "--json")
    assert json.loads(out)["plan"]["priorities"] == []
    # merges and removals
    assert run(capsys, d, "plan", "merge", C, "1", "2", "--title", "Youth and housing")[0] == 0
    assert run(capsys, d, "plan", "remove-indicator", C, "1", "1")[0] == 0
    assert run(capsys, d, "plan", "remove-action", C, "1", "1")[0] == 0
    assert run(capsys, d, "plan", "remove-asset", C, "1")[0] == 0
    assert run(capsys, d, "plan", "remove-priority", C, "2")[0] == 0
    plan = _show(capsys, d)["plan"]
    assert [p["title"] for p in plan["priorities"]] == ["Youth and housing"]
    assert not plan["assets"] and not plan["priorities"][0]["actions"]


def test_in_french(demo, capsys):
    run(capsys, demo, "plan", "new", C)
    code, out, _ = run(capsys, demo, "--lang", "fr", "plan", "priorities", C, "--from-round",
                       ROUND_NAMES[1])
    assert code == 0 and "fait saillant" in out and "Programmes et lieux pour les jeunes" \
        in out
    code, out, _ = run(capsys, demo, "--lang", "fr", "plan", "add-priority", C, "Routes")
    assert "Priorité ajoutée" in out or "Ajout de la priorité" in out
    code, out, _ = run(capsys, demo, "--lang", "fr", "plan", "history", C)
    assert "Plan commencé" in out


@pytest.mark.parametrize("args,message", [
    (["plan", "show", "Nowhere"], "There is no community named Nowhere"),
    (["plan", "show", C], "has no plan yet"),
    (["plan", "add-priority", C, " "], "cannot be empty"),
    (["plan", "add-action", C, "1", "Walk", "--start", "2027-02-30"], "YYYY-MM-DD"),
    (["plan", "add-action", C, "1", "Walk", "--start", "2027-05-01", "--end", "2027-04-01"],
     "ends before it starts"),
    (["plan", "add-action", C, "9", "Walk"], "There is no priority 9"),
    (["plan", "add-indicator", C, "1", "x", "--figure", "no_such_question"],
     "has a question no_such_question"),
    (["plan", "add-indicator", C, "1", "x", "--figure", "priority_actions"],
     "Say which answer"),
    (["plan", "add-indicator", C, "1", "x", "--figure", "safe_night:maybe"], "no answer maybe"),
    (["plan", "priorities", C, "--from-round", ROUND_NAMES[1], "--add", "0"],
     "not the number of a candidate"),
    (["plan", "priorities", C, "--from-round", "nope"], "There is no round nope"),
    (["plan", "add-priority", C, "x", "--expect-version", "1"], "changed elsewhere"),
    (["plan", "show", C, "--version", "99"], "has no version 99"),
    (["plan", "merge", C, "1"], "at least two"),
    (["plan", "set-indicator", C, "1", "1", "--figure", "safe_night", "--no-figure"],
     "either --figure or --no-figure"),
])
def test_bad_input_is_one_line_and_changes_nothing(demo, capsys, args, message):
    if args[:3] != ["plan", "show", C] or "--version" in args:
        run(capsys, demo, "plan", "new", C)
        run(capsys, demo, "plan", "add-priority", C, "Roads")
    before = run(capsys, demo, "plan", "history", C, "--json")[1]
    code, out, err = run(capsys, demo, *args)
    assert code == 1 and message in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert run(capsys, demo, "plan", "history", C, "--json")[1] == before


def test_a_round_of_another_community_is_refused(demo, capsys):
    run(capsys, demo, "round", "new", "--community", "Elm Creek", "--name", "2026")
    run(capsys, demo, "plan", "new", C)
    code, _, err = run(capsys, demo, "plan", "priorities", C, "--from-round", "2026")
    assert code == 1 and "is a round of Elm Creek, not of Birch Lake" in err


def test_figures_lists_what_an_indicator_can_follow(demo, capsys):
    code, out, _ = run(capsys, demo, "plan", "figures", C, "--json")
    figures = {f["figure"] for f in json.loads(out)}
    assert {"safe_night:agree", "priority_actions:housing", "victim_12m:yes"} <= figures


def test_a_refused_edit_is_french_through_and_through(demo, capsys):
    """The plan's own checks (an action ending before it starts) name the priority in the
    user's language: no English reason inside the French sentence."""
    code, _out, err = run(capsys, demo, "--lang", "fr", "plan", "add-action", C, "1", "Marcher",
                          "--start", "2027-05-01", "--end", "2027-04-01")
    assert code == 1 and "se termine avant de commencer" in err
    assert "ends before" not in err and "priority" not in err
