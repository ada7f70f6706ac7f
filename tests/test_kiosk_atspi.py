"""The whole kiosk questionnaire by keyboard on Linux with the accessibility bus on, the tree
read through AT-SPI as Orca reads it: every focused control's name, description or label
carries its question, and it sits inside a group named by that question (issue 14).

Runs the real app (`toolkit run`) on Xvfb with openbox, keys sent by xdotool; the AT-SPI
side is the system's Python with python3-gi (the test's own Python need not have it)."""

from __future__ import annotations

import json

import pytest

from tests.atspi_helpers import READER_START, atspi_reason, run_with_atspi
from toolkit.context import Toolkit
from toolkit.questionnaire import bundled_instrument
from toolkit.sessions import SessionService

REASON = atspi_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

# Runs under the system Python: walks the app's tree, drives the keys, prints one JSON line
# per focused control.
READER = READER_START + r"""

def focused(node):
    try:
        if node.get_state_set().contains(Atspi.StateType.FOCUSED):
            return node
        for i in range(node.get_child_count()):
            child = node.get_child_at_index(i)
            found = focused(child) if child is not None else None
            if found is not None:
                return found
    except Exception:
        return None

def describe(node):
    labels = []
    for relation in node.get_relation_set() or []:
        if relation.get_relation_type() == Atspi.RelationType.LABELLED_BY:
            labels += [relation.get_target(i).get_name() for i in range(relation.get_n_targets())]
    ancestors, parent = [], node.get_parent()
    while parent is not None:
        ancestors.append([parent.get_name() or "", parent.get_role_name()])
        parent = parent.get_parent()
    return {"role": node.get_role_name(), "name": node.get_name() or "",
            "description": node.get_description() or "", "labels": labels,
            "ancestors": ancestors}

def wait_focus(test, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        root = app()
        node = focused(root) if root is not None else None
        if node is not None and test(node):
            return node
        time.sleep(0.25)
    return None

start = wait_focus(lambda n: n.get_name() == "English")
if start is None:
    print(json.dumps({"error": "no English button"}), flush=True)
    sys.exit(1)
key("Return")
wait_focus(lambda n: n.get_name() == "Start")
key("Return")
last = None
for step in range(90):
    node = wait_focus(lambda n: describe(n) != last, timeout=8)
    if node is None:
        print(json.dumps({"error": "focus did not move", "last": last}), flush=True)
        break
    info = describe(node)
    last = info
    print(json.dumps(info), flush=True)
    if info["name"] == "Next participant":
        break
    key("Down")
    time.sleep(0.2)
    key("alt+Right")
    time.sleep(0.3)
"""


def test_every_focused_control_reads_with_its_question(tmp_path, data_dir, subprocess_env):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="kiosk")
    kit.close(backup=False)
    code = tmp_path / "code.txt"
    code.write_text("2468\n", encoding="utf-8")
    reader = run_with_atspi(["--data-dir", str(data_dir), "--lang", "en", "run", session.id,
                             "--exit-code-file", str(code)], READER, subprocess_env)
    steps = [json.loads(line) for line in reader.stdout.splitlines() if line.startswith("{")]
    assert steps and "error" not in steps[0], reader.stdout + reader.stderr
    assert not any("error" in s for s in steps), steps[-1]
    assert steps[-1]["name"] == "Next participant"  # the whole questionnaire, to the thanks
    texts = {q.text("en") for q in bundled_instrument("local-diagnosis").questions}
    seen = set()
    for step in steps[:-1]:
        said = " ".join([step["name"], step["description"], *step["labels"]])
        question = next((t for t in texts if t in said), None)
        assert question, f"{step['role']} {step['name']!r} does not carry its question"
        group = next((name for name, _role in step["ancestors"] if name in texts), None)
        assert group == question, f"{step['name']!r} is not inside its question's group"
        seen.add(question)
    assert len(seen) >= 40
