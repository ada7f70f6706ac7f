"""The guides screen as Orca sees it through AT-SPI (issue 14, WCAG 1.3.1 and 3.1.2): the
guide text carries its language, and its headings and links are nodes with the heading
(and a level) and link roles, in that language, reachable by keyboard."""

from __future__ import annotations

import json

import pytest

from tests.atspi_helpers import READER_START, atspi_reason, run_with_atspi

REASON = atspi_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=REASON or "")

READER = READER_START + r"""

def nodes(node):
    try:
        yield node
        for i in range(node.get_child_count()):
            child = node.get_child_at_index(i)
            if child is not None:
                yield from nodes(child)
    except Exception:
        return

def find(test, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        root = app()
        for node in (nodes(root) if root is not None else ()):
            try:
                if test(node):
                    return node
            except Exception:
                pass
        time.sleep(0.3)

def showing(node):
    return node.get_state_set().contains(Atspi.StateType.SHOWING)

nav = find(lambda n: n.get_role_name() == "list item"
           and n.get_name().startswith("Guides et outils"))
if nav is None:
    print(json.dumps({"error": "no Guides item"}), flush=True)
    sys.exit(1)
time.sleep(1.0)  # the navigation list has focus at start, on its first row
for _ in range(nav.get_index_in_parent()):
    key("Down")
    time.sleep(0.2)
text = find(lambda n: n.get_name() == "Texte du guide" and showing(n))
if text is None:
    print(json.dumps({"error": "no guide text"}), flush=True)
    sys.exit(1)
print(json.dumps({"text": text.get_role_name(), "locale": text.get_object_locale()}), flush=True)
toggle = find(lambda n: n.get_name() == "Titres et liens de ce texte" and showing(n))
if toggle is None:
    print(json.dumps({"error": "no outline toggle"}), flush=True)
    sys.exit(1)
toggle.get_component_iface().grab_focus()
time.sleep(0.3)
key("space")
find(lambda n: n.get_role_name() == "heading" and showing(n))
time.sleep(0.5)
for node in nodes(app()):
    try:
        if node.get_role_name() in ("heading", "link") and showing(node):
            print(json.dumps({"role": node.get_role_name(), "name": node.get_name(),
                              "locale": node.get_object_locale(),
                              "level": node.get_attributes().get("level"),
                              "focusable": node.get_state_set().contains(
                                  Atspi.StateType.FOCUSABLE)}), flush=True)
    except Exception:
        pass
"""


def test_guide_headings_links_and_language_reach_atspi(data_dir, subprocess_env):
    reader = run_with_atspi(["--data-dir", str(data_dir), "--lang", "fr"], READER,
                            subprocess_env, timeout=120)
    found = [json.loads(line) for line in reader.stdout.splitlines() if line.startswith("{")]
    assert found and not any("error" in f for f in found), reader.stdout + reader.stderr
    text, entries = found[0], found[1:]
    assert text["locale"] == "fr_CA"  # the text's language, as Orca reads it
    headings = [e for e in entries if e["role"] == "heading"]
    links = [e for e in entries if e["role"] == "link"]
    assert len(headings) >= 3 and links, entries
    assert headings[0]["level"] == "1" and {h["level"] for h in headings[1:]} <= {"2", "3"}
    assert all(e["locale"] == "fr_CA" and e["focusable"] and e["name"] for e in entries)
