"""The real app on Xvfb with openbox and the accessibility bus on, read through AT-SPI the
way Orca reads it. The AT-SPI side runs under the system's Python with python3-gi (the
test's own Python need not have it); it prints one JSON line per finding."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def atspi_reason() -> str | None:
    """Why an AT-SPI test cannot run here, or None."""
    if not sys.platform.startswith("linux"):
        return "needs Linux"
    for tool in ("Xvfb", "openbox", "xdotool", "dbus-launch"):
        if shutil.which(tool) is None:
            return f"needs {tool}"
    if not Path(BUS_LAUNCHER).exists():
        return "needs at-spi2-core (at-spi-bus-launcher)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0');"
                            " from gi.repository import Atspi"], capture_output=True)
    if probe.returncode != 0:
        return "needs python3-gi and gir1.2-atspi-2.0 for /usr/bin/python3"
    return None


def stop(procs: list[subprocess.Popen]) -> None:
    """Stop what a test started (the app, openbox, Xvfb...), the last started first; one
    that does not end within 10 s is killed."""
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_with_atspi(app_args: list[str], reader: str, subprocess_env: dict,
                   size: str = "1366x768", timeout: int = 240) -> subprocess.CompletedProcess:
    """Start `python -m toolkit *app_args` on its own X server and accessibility bus, run
    the `reader` script against it, stop everything, return the reader's result."""
    env = dict(subprocess_env)
    env.pop("QT_QPA_PLATFORM", None)
    bus = subprocess.run(["dbus-launch", "--sh-syntax"], capture_output=True, text=True,
                         env=env, check=True).stdout
    values = dict(line.split("=", 1) for line in bus.replace("'", "").replace(";", "").split("\n")
                  if "=" in line and not line.startswith("export"))
    env["DBUS_SESSION_BUS_ADDRESS"] = values["DBUS_SESSION_BUS_ADDRESS"]
    procs: list[subprocess.Popen] = []
    read, write = os.pipe()
    try:
        procs.append(subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        procs.append(subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                                       f"{size}x24", "-nolisten", "tcp"], pass_fds=(write,),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not start"
        env["DISPLAY"] = f":{number}"
        procs.append(subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        time.sleep(1.0)
        app_env = dict(env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
        procs.append(subprocess.Popen([sys.executable, "-m", "toolkit", *app_args], env=app_env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        return subprocess.run([SYSTEM_PYTHON, "-c", reader], env=env, capture_output=True,
                              text=True, timeout=timeout)
    finally:
        stop(procs)
        subprocess.run(["kill", values.get("DBUS_SESSION_BUS_PID", "0")], capture_output=True)


# The start of every reader script (run under the system Python, where gi is): AT-SPI
# loaded, keys sent through xdotool, and the app's node on the desktop found by its name.
READER_START = r"""
import json, subprocess, sys, time
import gi
gi.require_version("Atspi", "2.0")
from gi.repository import Atspi

def key(*names):
    subprocess.run(["xdotool", "key", *names], check=False)

def app():
    desktop = Atspi.get_desktop(0)
    for i in range(desktop.get_child_count()):
        child = desktop.get_child_at_index(i)
        if child is not None and "Toolkit" in (child.get_name() or ""):
            return child
"""
