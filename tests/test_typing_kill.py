"""Typing that never pauses is saved while it goes on: a process killed with SIGKILL keeps
what was typed up to about a second before the kill (issue 14: 81 characters typed over
10 s were lost, because the save waited for a pause that never came)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from toolkit.context import Toolkit
from toolkit.runner import Runner
from toolkit.sessions import SessionService

TEXT = "Le vieux quai pres du pont et le stationnement derriere l'ecole la nuit. " * 3

TYPIST = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from toolkit.context import Toolkit
from toolkit.ui.app import application, prepare
from toolkit.ui.runner.window import RunnerWindow

app = application()
from pathlib import Path
kit = Toolkit(Path(sys.argv[1]))
prepare(kit, "en")
kit.open_store()
text = sys.argv[3]
win = RunnerWindow(kit, sys.argv[2])
win.start()
view = win.view
sections = [s.id for s in win.runner.instrument.sections]
view.sections.setCurrentRow(sections.index(win.runner.instrument.question("unsafe_places").section))
edit = view.widgets["unsafe_places"].edit
edit.setFocus()
print("respondent", win.runner.respondent.id, flush=True)
typed = [0]

def key():
    QTest.keyClicks(edit, text[typed[0]])
    typed[0] += 1
    print("typed", typed[0], flush=True)

timer = QTimer()
timer.timeout.connect(key)
timer.start(40)  # 25 characters a second, no pause, focus never leaves
app.exec()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_text_typed_without_a_pause_survives_a_kill(data_dir, subprocess_env):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Kill typing", mode="facilitator")
    kit.close(backup=False)
    env = dict(subprocess_env, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", TYPIST, str(data_dir), session.id, TEXT],
                            env=env, stdout=subprocess.PIPE, text=True)
    respondent = None
    typed_at: list[tuple[float, int]] = []  # (when we read it, characters typed so far)
    started = None
    for line in proc.stdout:
        word, value = line.split()
        if word == "respondent":
            respondent = value
            continue
        now = time.monotonic()
        started = started or now
        typed_at.append((now, int(value)))
        if now - started >= 3.0:
            os.kill(proc.pid, signal.SIGKILL)
            killed = time.monotonic()
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert respondent and len(typed_at) > 40  # it really typed for three seconds
    # Characters whose keystroke was reported a second or more before the kill.
    due = max((n for when, n in typed_at if when <= killed - 1.0), default=0)
    assert due >= 20
    kit = Toolkit(data_dir)
    service = SessionService(kit.store)
    saved = service.answers(respondent).get("unsafe_places", "")
    # On restart the facilitator is told who was answering (see test_runner_field.py).
    assert [r.id for r in Runner(service, session.id).interrupted()] == [respondent]
    kit.close(backup=False)
    assert TEXT.startswith(saved)  # nothing garbled, in order
    assert len(saved) >= due, (len(saved), due)
