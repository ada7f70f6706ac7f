"""Start-up of the frozen bundle against the same code run from source, in one run.

Both start as fresh processes on one data folder, show the main window, print the clock and
quit (TOOLKIT_EXIT_WHEN_SHOWN, as in bench_startup); runs are interleaved so machine noise
hits both alike. Also reports `toolkit --version` (no window: interpreter and import start).
Target (issue 7): the bundle within 1.05x of source. Skipped when no bundle has been built
(`make build`, or TOOLKIT_BUNDLE=path/to/toolkit executable).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_startup import measure

RUNS = 9
ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.05


def bundle_executable() -> Path | None:
    given = os.environ.get("TOOLKIT_BUNDLE")
    exe = Path(given) if given else ROOT / "dist" / "toolkit" / (
        "toolkit.exe" if sys.platform == "win32" else "toolkit")
    return exe if exe.is_file() else None


def version_seconds(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([*cmd, "--version"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    exe = bundle_executable()
    if exe is None:
        print("skipped: no bundle (run `make build`, or set TOOLKIT_BUNDLE)")
        return
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               TOOLKIT_EXIT_WHEN_SHOWN="1")
    with tempfile.TemporaryDirectory() as data:
        args = ["--data-dir", data, "--lang", "en"]
        commands = {"source": [sys.executable, "-m", "toolkit"], "frozen": [str(exe)]}
        measure(commands["source"] + args, env)  # first run creates the database; not counted
        measure(commands["frozen"] + args, env)  # and warms the file cache for the bundle
        shown = {name: [] for name in commands}
        version = {name: [] for name in commands}
        for _ in range(RUNS):
            for name, cmd in commands.items():
                shown[name].append(measure(cmd + args, env)[0])
                version[name].append(version_seconds(cmd, env))
    for name in commands:
        print(f"{name:<7} window shown {statistics.median(shown[name]) * 1e3:7.1f} ms   "
              f"--version {statistics.median(version[name]) * 1e3:6.1f} ms")
    ratio = statistics.median(shown["frozen"]) / statistics.median(shown["source"])
    version_ratio = statistics.median(version["frozen"]) / statistics.median(version["source"])
    print(f"ratio   window shown {ratio:.2f}x (target <= {TARGET}x)"
          f"   --version {version_ratio:.2f}x")


if __name__ == "__main__":
    main()
