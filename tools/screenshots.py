"""Save a PNG of every window, area, tab and dialog, in English and French, at 100 % and
200 % text, on a 1024x600 and a 1366x768 screen.

    python tools/screenshots.py OUTDIR
    python tools/screenshots.py --x11 OUTDIR

Each screen size runs in a child process whose offscreen screen has that size (Qt fixes it
at start), through tests/ui/layout_probe.py, which also prints what does not fit. With
--x11, the two sizes the issues name (1024x600 at 100 %, 1366x768 at 200 %) run on a real
X server (Xvfb) with a window manager (openbox), and each shot also has the whole screen
(`-screen.png`): window frames, placement and what the window manager does. Used to look
at the screens as a user would (see the developers' guide); not part of the tests.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ("1024x600", "1366x768")
SCALES = (100, 200)


def x_server(screen: str) -> tuple[list[subprocess.Popen], str]:
    """An Xvfb of that size with openbox on it: (processes to stop, DISPLAY)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{screen}x24",
                             "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        display = f":{pipe.readline().strip()}"
    wm = subprocess.Popen(["openbox"], env=dict(os.environ, DISPLAY=display),
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    return [wm, xvfb], display


def shoot(out: Path, screen: str, scale: int, x11: bool) -> list[str]:
    env = dict(os.environ)
    procs: list[subprocess.Popen] = []
    if x11:
        procs, env["DISPLAY"] = x_server(screen)
        env["QT_QPA_PLATFORM"] = "xcb"
    else:
        env["QT_QPA_PLATFORM"] = (
            f"offscreen:configfile={ROOT / 'tests' / 'data' / f'screen-{screen}.json'}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "problems.json"
            subprocess.run([sys.executable, "-m", "tests.ui.layout_probe", str(scale),
                            str(report), str(out)], env=env, cwd=ROOT, check=True,
                           stderr=subprocess.DEVNULL)
            return json.loads(report.read_text(encoding="utf-8"))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> None:
    x11 = "--x11" in sys.argv[1:]
    out = Path([a for a in sys.argv[1:] if a != "--x11"][0]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    runs = (("1024x600", 100), ("1366x768", 200)) if x11 else [
        (screen, scale) for screen in SCREENS for scale in SCALES]
    for screen, scale in runs:
        problems = shoot(out, screen, scale, x11)
        print(f"{screen} at {scale} %: {len(problems)} problem(s)")
        for problem in problems:
            print("   ", problem)
    print(out)


if __name__ == "__main__":
    main()
