"""The packaged bundle: built with build.spec, then run as a user would, from its folder.

Slow (PyInstaller takes about half a minute here) and needs the `build` extra, so it runs only
when asked: `make test-bundle`, or TOOLKIT_TEST_BUNDLE=1 with PyInstaller installed. It proves
the bundle holds everything (its self-test passes with no network and no display), carries only
what the lean rules keep, finds its data beside itself in portable mode, keeps its data
across an update, and, when Xvfb is installed, starts on the X11 (xcb) platform too.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import __version__
from toolkit.paths import PORTABLE_MARKER
from toolkit.selftest import STEPS

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.skipif(os.environ.get("TOOLKIT_TEST_BUNDLE") != "1",
                       reason="builds the bundle: set TOOLKIT_TEST_BUNDLE=1 (make test-bundle)"),
    pytest.mark.skipif(importlib.util.find_spec("PyInstaller") is None,
                       reason="PyInstaller is not installed (pip install -e '.[build]')"),
]
EXE = "toolkit.exe" if sys.platform == "win32" else "toolkit"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """dist/toolkit built from this checkout into a temporary folder (once per module)."""
    root = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(root / "dist"), "--workpath", str(root / "work"),
         str(ROOT / "build.spec")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stderr[-4000:]
    folder = root / "dist" / "toolkit"
    assert (folder / EXE).is_file()
    return folder


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """A plain user's environment: no Python paths, a fresh home, no data folder chosen."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "TOOLKIT_", "QT_", "XDG_"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_CONFIG_HOME=str(home / ".config"), LANG="en_CA.UTF-8")
    env.update(extra)
    return env


def run(exe: Path, *args: str, env: dict[str, str], offline: bool = False,
        timeout: int = 300) -> subprocess.CompletedProcess:
    cmd = [str(exe), *args]
    if offline and shutil.which("unshare") and hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd = ["unshare", "--net", *cmd]  # a network namespace with no interface up
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout,
                          cwd=exe.parent.parent)


def test_the_bundle_passes_its_self_test_with_no_network_and_no_display(bundle, tmp_path):
    result = run(bundle / EXE, "--self-test", env=user_env(tmp_path), offline=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(STEPS) + 1
    assert all(line.endswith(": ok") for line in lines[:-1]), lines
    assert "Traceback" not in result.stderr
    assert not (tmp_path / ".local" / "share" / "ccsc-toolkit").exists()  # nothing real touched


def test_the_bundle_speaks_french_and_knows_its_version(bundle, tmp_path):
    result = run(bundle / EXE, "--version", env=user_env(tmp_path))
    assert result.stdout.strip() == f"toolkit {__version__}"
    result = run(bundle / EXE, "--lang", "fr", "info", "--no-such-option", env=user_env(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_the_bundle_carries_what_the_app_reads_and_nothing_it_does_not_use(bundle):
    inside = bundle / "_internal"
    files = [p.relative_to(inside).as_posix() for p in inside.rglob("*") if p.is_file()]
    # what the app reads at run time
    for source in ("toolkit/guides/content", "toolkit/questionnaire/instruments", "assets"):
        expected = {p.relative_to(ROOT).as_posix() for p in (ROOT / source).rglob("*")
                    if p.is_file() and p.suffix not in (".ico", ".icns")}
        assert expected <= set(files), sorted(expected - set(files))[:5]
    assert {"toolkit/locale/en/LC_MESSAGES/toolkit.mo",
            "toolkit/locale/fr/LC_MESSAGES/toolkit.mo"} <= set(files)
    # lean: Qt catalogs, Babel locales, Qt libraries and plugins we chose, nothing more
    qt_catalogs = sorted(Path(f).name for f in files if f.endswith(".qm"))
    assert qt_catalogs == ["qtbase_en.qm", "qtbase_fr.qm"]
    locales = sorted(Path(f).stem for f in files if f.startswith("babel/locale-data/"))
    # Babel's data for the registry's CLDR locales (iu, mic, moh: dates in those languages)
    # and their parents, and no other of CLDR's 700 locales
    from toolkit import languages

    registry = {lang.locale for lang in languages.registered() if lang.bundled and lang.locale}
    assert set(locales) - {"LICENSE"} == {"root", "en", "fr"} | registry
    assert {"en_CA", "fr_CA", "iu"} <= registry
    names = " ".join(files)
    for unwanted in ("Qt6Qml", "Qt6Quick", "Qt6Network", "Qt6OpenGL", "Qt6Pdf", "Qt6Wayland",
                     "platformthemes", "libqeglfs", "libqvnc", "libqwayland", "qtwebengine",
                     "libgtk", "libcairo", "libcups.so", "libgnutls", "_ssl.", "PIL/_avif",
                     "PIL/_webp"):
        assert unwanted not in names, unwanted
    assert not [p for p in bundle.rglob("*") if p.is_symlink() and not p.exists()]
    plugins = sorted(f.split("/plugins/")[1] for f in files if "/plugins/" in f)
    assert all(p.split("/")[0] in ("platforms", "platforminputcontexts", "iconengines",
                                   "imageformats", "styles", "printsupport")
               for p in plugins), plugins


def test_portable_mode_keeps_data_beside_the_executable_and_survives_an_update(
        bundle, tmp_path):
    key = tmp_path / "usb"
    app = key / "toolkit"
    shutil.copytree(bundle, app, symlinks=True)
    (app / PORTABLE_MARKER).write_text("Data is kept in data/ beside this file.\n")
    env = user_env(tmp_path / "home")
    info = run(app / EXE, "info", "--json", env=env)
    assert info.returncode == 0, info.stderr
    before = json.loads(info.stdout)
    assert Path(before["data_dir"]) == (app / "data").resolve()
    assert (app / "data" / "toolkit.sqlite").is_file()
    made = run(app / EXE, "demo", env=env, timeout=600)
    assert made.returncode == 0, made.stderr
    sessions = run(app / EXE, "session", "list", env=env).stdout
    assert "Birch Lake" in sessions

    # An update: everything replaced by the new bundle except data/ and the marker.
    for item in app.iterdir():
        if item.name not in ("data", PORTABLE_MARKER):
            shutil.rmtree(item) if item.is_dir() and not item.is_symlink() else item.unlink()
    shutil.copytree(bundle, app, symlinks=True, dirs_exist_ok=True)
    after = json.loads(run(app / EXE, "info", "--json", env=env).stdout)
    assert after["installation_id"] == before["installation_id"]
    assert run(app / EXE, "session", "list", env=env).stdout == sessions
    assert not (tmp_path / "home" / ".local" / "share" / "ccsc-toolkit").exists()


def test_without_the_marker_data_goes_to_the_platform_folder(bundle, tmp_path):
    env = user_env(tmp_path)
    info = json.loads(run(bundle / EXE, "info", "--json", env=env).stdout)
    assert Path(info["data_dir"]) == tmp_path / ".local" / "share" / "ccsc-toolkit"
    assert not (bundle / "data").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("Xvfb") is None,
                    reason="needs Linux and Xvfb (apt-get install xvfb)")
def test_the_bundle_starts_on_x11(bundle, tmp_path):
    read, write = os.pipe()  # Xvfb picks a free display and writes its number here
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # returns once the server is ready
        assert number.isdigit(), "Xvfb did not start"
        env = user_env(tmp_path, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb",
                       TOOLKIT_EXIT_WHEN_SHOWN="1")
        result = run(bundle / EXE, "--data-dir", str(tmp_path / "data"), env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("shown "), result.stderr
    finally:
        server.terminate()
        server.wait(timeout=10)
