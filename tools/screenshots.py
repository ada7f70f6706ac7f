"""Save a PNG of every window, area, tab and dialog, in English and French, at 100 % and
200 % text, on a 1024x600 and a 1366x768 screen.

    python tools/screenshots.py OUTDIR

Each screen size runs in a child process whose offscreen screen has that size (Qt fixes it
at start), through tests/ui/layout_probe.py, which also prints what does not fit. Used to
look at the screens as a user would (see the developers' guide); not part of the tests.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ("1024x600", "1366x768")
SCALES = (100, 200)


def main() -> None:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    for screen in SCREENS:
        for scale in SCALES:
            env = dict(os.environ)
            env["QT_QPA_PLATFORM"] = (
                f"offscreen:configfile={ROOT / 'tests' / 'data' / f'screen-{screen}.json'}")
            with tempfile.TemporaryDirectory() as tmp:
                report = Path(tmp) / "problems.json"
                subprocess.run([sys.executable, "-m", "tests.ui.layout_probe", str(scale),
                                str(report), str(out)], env=env, cwd=ROOT, check=True,
                               stderr=subprocess.DEVNULL)
                problems = json.loads(report.read_text(encoding="utf-8"))
            print(f"{screen} at {scale} %: {len(problems)} problem(s)")
            for problem in problems:
                print("   ", problem)
    print(out)


if __name__ == "__main__":
    main()
