"""mypy on the core with a ratchet: no new errors, and fewer each time.

Runs mypy with the configuration in pyproject.toml (toolkit/ outside toolkit/ui), counts its
errors and compares the count with the one recorded in tools/mypy-baseline.txt:

- above the baseline: fails, listing the errors (a change added some);
- equal: passes;
- below: passes and asks for the lower count to be recorded (`--record`), so that the
  errors just fixed cannot come back unnoticed.

    python tools/mypy_ratchet.py            # check (run by .ci/run through `make lint`)
    python tools/mypy_ratchet.py --record   # write the current count to the baseline
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "tools" / "mypy-baseline.txt"
_FOUND = re.compile(r"^Found (\d+) errors? in \d+ files?", re.MULTILINE)
_SUCCESS = re.compile(r"^Success: no issues found", re.MULTILINE)


def count_errors(output: str) -> int:
    """The error count in mypy's summary line; ValueError when there is none (mypy failed)."""
    if _SUCCESS.search(output):
        return 0
    found = _FOUND.search(output)
    if found is None:
        raise ValueError("mypy printed no summary line")
    return int(found.group(1))


def read_baseline(path: Path = BASELINE) -> int:
    """The first line that is not a comment holds the recorded count."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return int(line)
    raise ValueError(f"{path} holds no count")


def write_baseline(count: int, path: Path = BASELINE) -> None:
    path.write_text(
        "# mypy errors in the core (tools/mypy_ratchet.py). Lower it with --record after\n"
        "# fixing some; never raise it by hand.\n"
        f"{count}\n", encoding="utf-8")


def run_mypy(extra: list[str]) -> str:
    result = subprocess.run([sys.executable, "-m", "mypy", *extra], cwd=ROOT,
                            capture_output=True, text=True)
    return result.stdout + result.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true",
                        help="write the current error count to tools/mypy-baseline.txt")
    parser.add_argument("--baseline", type=Path, default=BASELINE, help=argparse.SUPPRESS)
    parser.add_argument("mypy_args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    output = run_mypy(args.mypy_args)
    try:
        count = count_errors(output)
    except ValueError:
        print(output, end="")
        print("mypy did not finish: see its output above", file=sys.stderr)
        return 2
    if args.record:
        write_baseline(count, args.baseline)
        print(f"mypy: {count} errors recorded in {args.baseline.name}")
        return 0
    baseline = read_baseline(args.baseline)
    if count > baseline:
        print(output, end="")
        print(f"mypy: {count} errors, more than the {baseline} recorded in "
              f"{args.baseline.name}: fix the new ones (listed above).", file=sys.stderr)
        return 1
    if count < baseline:
        print(f"mypy: {count} errors, fewer than the {baseline} recorded. Lower the baseline: "
              f"python tools/mypy_ratchet.py --record (and commit {args.baseline.name}).")
    else:
        print(f"mypy: {count} errors, as recorded in {args.baseline.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
