"""What the desktop app has paid for when its main window first shows.

Start-up must stay within 1.25x of a bare PySide6 window (bench/bench_startup.py). Each item
below costs milliseconds that a single stray import or enum would silently bring back: the
whole `Qt` namespace (25 ms), PySide's QStyle type (8 ms), reportlab, the search index...
The app is started for real (`toolkit` with no command) in a fresh process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from toolkit.context import Toolkit
from toolkit.sessions import SessionService

PROBE = """
import json, sys
from PySide6 import QtCore, QtWidgets
from toolkit.ui import main_window

HEAVY = ("reportlab", "sqlite_utils", "babel", "pypdfium2", "Cryptodome", "PIL",
         "toolkit.guides.search", "toolkit.reports", "toolkit.questionnaire", "toolkit.exchange")
seen = {}

def show(self):
    QtWidgets.QMainWindow.show(self)
    seen.update(area=self.current_area(),
                qt_namespace="Qt" in QtCore.__dict__,
                qstyle="QStyle" in QtWidgets.__dict__,
                heavy=sorted(name for name in HEAVY if name in sys.modules))

main_window.MainWindow.show = show
from toolkit.cli import main
code = main(sys.argv[1:])
print(json.dumps(seen))
sys.exit(code)
"""


def start(folder, with_arguments: bool) -> dict:
    """Start the app in `folder`: named on the command line, or (as a double-click starts
    it, without arguments) through TOOLKIT_DATA_DIR."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TOOLKIT_EXIT_WHEN_SHOWN="1",
               TOOLKIT_DATA_DIR=str(folder), LANG="en_CA.UTF-8", LC_ALL="", LANGUAGE="")
    arguments = ["--data-dir", str(folder), "--lang", "en"] if with_arguments else []
    out = subprocess.run([sys.executable, "-c", PROBE, *arguments], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("with_sessions", [False, True], ids=["first-run", "with-sessions"])
def test_the_window_shows_before_anything_heavy_is_built(tmp_path, with_sessions):
    if with_sessions:  # the home screen then lists them in a table
        kit = Toolkit(tmp_path)
        SessionService(kit.store).create_session("Birch Lake", None, mode="kiosk", language="en")
        kit.close(backup=False)
    seen = start(tmp_path, with_arguments=with_sessions)
    assert seen["area"] == "home" and (tmp_path / "toolkit.sqlite").exists()
    assert seen["qt_namespace"] is False, "a start-up module uses QtCore.Qt (see enum_props.py)"
    assert seen["qstyle"] is False, "a start-up module builds QStyle (see indicators.py)"
    # A first run creates the database: migrations written with sqlite-utils (from schema
    # v4 on, as issue 13 asks) import it then, once per installation; never on later starts.
    allowed = set() if with_sessions else {"sqlite_utils"}
    assert set(seen["heavy"]) <= allowed, seen["heavy"]
