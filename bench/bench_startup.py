"""Start-up to main window shown: the toolkit against a bare PySide6 window, same run.

Each program is started as a fresh process, prints the clock when its window is shown, and
quits at once; we record launch-to-shown time and peak memory (ru_maxrss, os.wait4). Targets
(issue 2): within 1.25x in time and 1.3x in memory.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

RUNS = 9
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1100, 720); w.show()
import time; print(f"shown {time.time():.6f}", flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def measure(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to the window shown (the child prints when), and peak MB."""
    start = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    # the app quits once shown; a dialog (e.g. a damaged database) would wait forever
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    line = proc.stdout.readline()
    proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    watchdog.cancel()
    if os.waitstatus_to_exitcode(status) != 0 or not line.startswith("shown "):
        raise SystemExit(f"{cmd} failed")
    return float(line.split()[1]) - start, usage.ru_maxrss / 1024  # MB on Linux


def main() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               TOOLKIT_EXIT_WHEN_SHOWN="1")
    with tempfile.TemporaryDirectory() as data:
        toolkit = [sys.executable, "-m", "toolkit", "--data-dir", data, "--lang", "en"]
        bare = [sys.executable, "-c", BARE]
        measure(toolkit, env)  # first run creates the database; not counted
        times = {"bare": [], "toolkit": []}
        memory = {"bare": [], "toolkit": []}
        for _ in range(RUNS):  # interleaved, so machine noise hits both alike
            for name, cmd in (("bare", bare), ("toolkit", toolkit)):
                t, m = measure(cmd, env)
                times[name].append(t)
                memory[name].append(m)
    for name in ("bare", "toolkit"):
        print(f"{name:<8} median {statistics.median(times[name]) * 1e3:7.1f} ms   "
              f"peak memory {statistics.median(memory[name]):6.1f} MB")
    t_ratio = statistics.median(times["toolkit"]) / statistics.median(times["bare"])
    m_ratio = statistics.median(memory["toolkit"]) / statistics.median(memory["bare"])
    print(f"ratio    time {t_ratio:.2f}x (target <= 1.25x)   memory {m_ratio:.2f}x (target <= 1.30x)")


if __name__ == "__main__":
    main()
