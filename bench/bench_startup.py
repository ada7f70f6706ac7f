"""Start-up to main window shown: the toolkit against a bare PySide6 window, same run.

Each program is started as a fresh process, prints the clock when its window is shown, and
quits at once; we record launch-to-shown time and peak memory (ru_maxrss, os.wait4). Targets
(issue 2): within 1.25x in time and 1.3x in memory. The toolkit is measured twice: on a first
run (empty data folder, the welcome text) and with sessions recorded (the home screen then
lists them; the list fills on the turn of the event loop after the first frame, see
home_screen.py, so it is not in these figures).

The toolkit is started as a person starts it, without arguments: the data folder comes from
TOOLKIT_DATA_DIR and the language from LANG (English). Our modules are compiled to bytecode
first, as an installation does: with
PYTHONDONTWRITEBYTECODE set (some shells and CI images set it) a source checkout would
otherwise recompile every changed module at each start.
"""

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RUNS = 21
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


def with_sessions(folder: str) -> None:
    """A data folder where two sessions have been recorded."""
    from toolkit.context import Toolkit
    from toolkit.sessions import SessionService

    kit = Toolkit(Path(folder))
    service = SessionService(kit.store)
    for mode in ("facilitator", "kiosk"):
        service.create_session("Birch Lake", None, mode=mode, language="en")
    kit.close(backup=False)


def main() -> None:
    import toolkit

    compileall.compile_dir(str(Path(toolkit.__file__).parent), quiet=1)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               TOOLKIT_EXIT_WHEN_SHOWN="1")
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as used:
        with_sessions(used)
        toolkit = [sys.executable, "-m", "toolkit"]
        english = dict(env, LANG="en_CA.UTF-8", LC_ALL="", LC_MESSAGES="", LANGUAGE="")
        programs = {
            "bare": ([sys.executable, "-c", BARE], env),
            "first run": (toolkit, dict(english, TOOLKIT_DATA_DIR=first)),
            "sessions": (toolkit, dict(english, TOOLKIT_DATA_DIR=used)),
        }
        for name in ("first run", "sessions"):  # create the database; not counted
            measure(*programs[name])
        times = {name: [] for name in programs}
        memory = {name: [] for name in programs}
        for _ in range(RUNS):  # interleaved, so machine noise hits all alike
            for name, (cmd, program_env) in programs.items():
                t, m = measure(cmd, program_env)
                times[name].append(t)
                memory[name].append(m)
    bare_t, bare_m = statistics.median(times["bare"]), statistics.median(memory["bare"])
    for name in programs:
        t, m = statistics.median(times[name]), statistics.median(memory[name])
        ratios = "" if name == "bare" else (
            f"   ratio time {t / bare_t:.2f}x (target <= 1.25x)"
            f"  memory {m / bare_m:.2f}x (target <= 1.30x)")
        print(f"{name:<10} median {t * 1e3:6.1f} ms  peak memory {m:5.1f} MB{ratios}")


if __name__ == "__main__":
    main()
