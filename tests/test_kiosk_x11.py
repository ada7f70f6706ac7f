"""The real app on a real X server with a window manager, driven from outside as a person
would (Xvfb + openbox + xdotool): while a kiosk runs, Alt+Tab reaches no other window of the
toolkit, and the main window comes back only after the exit code (issue 14).

Screenshots of the screen are left in the test's temporary folder (KIOSK_SHOTS=DIR keeps
them elsewhere, to look at)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.atspi_helpers import stop
from toolkit.context import Toolkit
from toolkit.sessions import SessionService

TOOLS = ("Xvfb", "openbox", "xdotool")
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or any(shutil.which(t) is None for t in TOOLS),
    reason="needs Linux, Xvfb, openbox and xdotool (apt-get install xvfb openbox xdotool)")

MAIN_TITLE = "CCSC Community Safety Toolkit"

# The app as a facilitator starts it, then opens the kiosk session from the main window
# (the same call the Sessions screen's "Open" makes); the exit-code dialog is the real one.
APP = r"""
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from toolkit.context import Toolkit
from toolkit.ui.app import application, prepare
from toolkit.ui.main_window import MainWindow

app = application()
kit = Toolkit(Path(sys.argv[1]))
prepare(kit, "en")
kit.open_store()
window = MainWindow(kit)
window.show()
QTimer.singleShot(800, lambda: window.open_session(sys.argv[2]))
sys.exit(app.exec())
"""


def xdotool(env, *args: str, check: bool = False) -> str:
    result = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                            timeout=20)
    if check:
        assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def active_name(env) -> str:
    return xdotool(env, "getactivewindow", "getwindowname")


def visible(env, name: str) -> list[str]:
    return xdotool(env, "search", "--onlyvisible", "--name", name).split()


def wait_for(condition, timeout: float = 15.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.2)
    return False


def shot(env, folder: Path, name: str) -> None:
    if shutil.which("import"):
        subprocess.run(["import", "-window", "root", str(folder / f"{name}.png")], env=env,
                       capture_output=True, timeout=30)


def test_alt_tab_during_a_kiosk_reaches_nothing_else(tmp_path, subprocess_env, data_dir):
    kit = Toolkit(data_dir)
    session = SessionService(kit.store).create_session("Wemotaci", None, mode="kiosk")
    kit.close(backup=False)
    shots = Path(os.environ.get("KIOSK_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    procs = [server]
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        env = dict(subprocess_env, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
        env.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
        procs.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        time.sleep(1.0)
        app = subprocess.Popen([sys.executable, "-c", APP, str(data_dir), session.id], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(app)
        # The facilitator chooses the exit code in the real dialog.
        assert wait_for(lambda: active_name(env) == "Kiosk mode"), active_name(env)
        xdotool(env, "type", "--delay", "50", "2468")
        xdotool(env, "key", "Return")
        assert wait_for(lambda: "kiosk" in active_name(env).lower()), active_name(env)
        kiosk = active_name(env)
        assert wait_for(lambda: not visible(env, MAIN_TITLE)), "the main window is still shown"
        shot(env, shots, "kiosk-welcome")

        for keys in ("alt+Tab", "alt+Tab alt+Tab", "super+Tab", "alt+shift+Tab"):
            xdotool(env, "key", *keys.split())
            time.sleep(0.8)
            assert active_name(env) == kiosk, keys
            assert not visible(env, MAIN_TITLE), keys
        # Even a window the window manager brings forward is taken back from.
        shot(env, shots, "kiosk-after-alt-tab")

        xdotool(env, "key", "ctrl+shift+e")
        assert wait_for(lambda: active_name(env) == "Leave kiosk mode"), active_name(env)
        xdotool(env, "type", "--delay", "50", "2468")
        xdotool(env, "key", "Return")
        assert wait_for(lambda: bool(visible(env, MAIN_TITLE))), "the main window did not come back"
        shot(env, shots, "after-exit-code")
        assert app.poll() is None, app.stderr.read()
    finally:
        stop(procs)
