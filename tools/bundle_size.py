"""Bundle size: the toolkit's one-folder bundle against a bare PySide6 window, same rules.

    .venv/bin/python tools/bundle_size.py            # build both (about a minute), then measure
    .venv/bin/python tools/bundle_size.py --no-build # measure dist/toolkit and dist/bare-window

Both are built by build.spec (the bare window with `-- --bare`), so they get the same lean
rules and stripping; the difference is what the toolkit itself adds. Reports the folder size
(bytes of every file, symlinks not followed) and the size of a .tar.gz of it (what travels on
a USB key or a download), in MiB, and the ratios. Target (issue 7): the toolkit within 1.15x.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.15
MIB = 1024 * 1024


def build(dist: Path, work: Path, bare: bool) -> None:
    """Run PyInstaller on build.spec at low priority (the machine is shared)."""
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(ROOT / "build.spec")]
    if bare:
        cmd += ["--", "--bare"]
    if hasattr(os, "nice"):
        cmd = ["nice", *cmd]
    subprocess.run(cmd, check=True, cwd=ROOT)


def folder_bytes(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def compressed_bytes(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bundle.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(folder, arcname=folder.name)
        return archive.stat().st_size


def measure(folder: Path) -> tuple[int, int]:
    if not folder.is_dir():
        raise SystemExit(f"{folder} does not exist: build it first (drop --no-build)")
    return folder_bytes(folder), compressed_bytes(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="measure existing bundles")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundles are (default: dist/)")
    args = parser.parse_args(argv)
    if not args.no_build:
        with tempfile.TemporaryDirectory(prefix="toolkit-pyi-") as work:
            build(args.dist, Path(work), bare=True)
            build(args.dist, Path(work), bare=False)
    bare = measure(args.dist / "bare-window")
    kit = measure(args.dist / "toolkit")
    print(f"{'':12} {'folder':>10} {'.tar.gz':>10}")
    for name, (size, packed) in (("bare window", bare), ("toolkit", kit)):
        print(f"{name:12} {size / MIB:7.1f} MiB {packed / MIB:6.1f} MiB")
    ratio, packed_ratio = kit[0] / bare[0], kit[1] / bare[1]
    print(f"{'ratio':12} {ratio:9.3f}x {packed_ratio:9.3f}x   (target <= {TARGET}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
