"""A process killed with SIGKILL mid-session loses nothing it reported as saved."""

import os
import signal
import subprocess
import sys

import pytest

from toolkit.context import Toolkit
from toolkit.sessions import SessionService

WRITER = r"""
import sys, itertools
from toolkit.context import Toolkit
from toolkit.sessions import SessionService
kit = Toolkit.from_args(sys.argv[1])
service = SessionService(kit.store)
session = service.get(sys.argv[2])
instrument = service.instrument(session)
scales = [q.id for q in instrument.questions if q.type == "scale"]
for n in itertools.count(1):
    respondent = service.add_respondent(session.id)
    for i, qid in enumerate(scales):
        service.save_answer(respondent.id, qid, (n + i) % 5 + 1)
        print(f"saved {respondent.id} {qid} {(n + i) % 5 + 1}", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_kill_mid_session_loses_nothing_shown_as_saved(data_dir, subprocess_env):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Kill test")
    kit.close(backup=False)
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), session.id],
                            env=subprocess_env, stdout=subprocess.PIPE, text=True)
    confirmed = []
    for line in proc.stdout:
        confirmed.append(line.split())
        if len(confirmed) == 120:  # part-way through the third respondent
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    kit = Toolkit(data_dir)
    service = SessionService(kit.store)
    for _word, rid, qid, value in confirmed:
        assert service.answers(rid)[qid] == int(value)
    # Resume where they were: at the last confirmed answer, or later if the writer saved
    # more between our reading its last line and the kill.
    last = confirmed[-1]
    order = [q.id for q in service.instrument(service.get(session.id)).questions]
    position = service.respondent(last[1]).position
    assert order.index(position) >= order.index(last[2])
    kit.close(backup=False)
