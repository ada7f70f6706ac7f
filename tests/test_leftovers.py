"""Issue 13, point 7: what a killed backup, restore or report leaves is cleaned at the next
start: only our temporary files, and only when no other instance holds the data folder."""

import os
import signal
import subprocess
import sys
import time

from tests.store_helpers import ROOT
from toolkit.context import Toolkit
from toolkit.fileio import TEMP_NAME, atomic_output


def test_our_temporary_names_match_the_pattern(tmp_path):
    with atomic_output(tmp_path / "report.pdf") as tmp:
        assert TEMP_NAME.match(tmp.name)
    for foreign in (".report.pdf.swp", "report.pdf.tmp", ".hidden", "notes.tmp",
                    ".~lock.report.ods#", "toolkit-20260101-000000-auto.sqlite"):
        assert not TEMP_NAME.match(foreign), foreign


KILLED_BACKUP = """
import os, sys, time
from pathlib import Path
from toolkit.context import Toolkit
from toolkit import fileio
kit = Toolkit(Path(sys.argv[1]))
kit.open_store()
real = fileio.atomic_output
def slow(*a, **k):
    cm = real(*a, **k)
    tmp = cm.__enter__()
    tmp.write_bytes(b"x" * 1_000_000)
    print("writing", tmp, flush=True)
    time.sleep(60)
fileio.atomic_output = slow
import toolkit.store.backups as b
b.atomic_output = slow
kit.backup_now()
"""


def test_a_killed_backup_leaves_nothing_after_the_next_start(data_dir):
    Toolkit(data_dir).close(backup=False)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", KILLED_BACKUP, str(data_dir)], env=env,
                             stdout=subprocess.PIPE, text=True)
    line = child.stdout.readline()
    assert line.startswith("writing"), line
    leftover = line.split(" ", 1)[1].strip()
    assert os.path.exists(leftover)
    kit = Toolkit(data_dir)  # another instance runs: nothing is touched
    assert os.path.exists(leftover) and kit.leftovers_removed == []
    kit.close(backup=False)
    child.send_signal(signal.SIGKILL)
    child.wait()
    time.sleep(0.1)
    kit = Toolkit(data_dir)
    assert not os.path.exists(leftover)
    assert [str(p) for p in kit.leftovers_removed] == [leftover]
    kit.close(backup=False)


def test_only_our_files_are_removed(data_dir):
    backups = data_dir / "backups"
    backups.mkdir()
    ours = [data_dir / ".toolkit.sqlite.ab12cd_9.toolkit-tmp",
            backups / ".toolkit-20260101-000000-auto.sqlite.zz99aa00.toolkit-tmp-journal",
            data_dir / ".report.pdf.k3j4h5g6.tmp"]
    theirs = [data_dir / "notes.tmp", data_dir / ".bashrc", backups / "readme.txt",
              data_dir / "toolkit.sqlite.damaged-20260101-000000"]
    for p in ours + theirs:
        p.write_bytes(b"x")
    preview = data_dir / "tmp" / "reports-abc"
    preview.mkdir(parents=True)
    (preview / "report.pdf").write_bytes(b"%PDF")
    kit = Toolkit(data_dir)
    kit.close(backup=False)
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in theirs)
    assert not preview.exists()


def test_report_previews_live_in_the_data_folder(kit):
    with kit.temporary_folder("reports-") as tmp:
        assert str(tmp).startswith(str(kit.folder / "tmp"))
