"""Issue 13, point 10: the wheel and the sdist carry the assets, catalogs, questionnaires
and guides; the self-test names the piece actually missing."""

import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from toolkit import paths

ROOT = Path(__file__).resolve().parent.parent
NEEDED = ["toolkit/_assets/fonts/NotoSans-Regular.ttf", "toolkit/_assets/icons/app.svg",
          "toolkit/locale/fr/LC_MESSAGES/toolkit.mo",
          "toolkit/guides/content/fr/glossary.md",
          "toolkit/questionnaire/instruments/local-diagnosis.toml"]


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts)
             for p in (ROOT / "toolkit").rglob("__init__.py")}
    assert listed == found | {"toolkit._assets"}


def test_required_assets_exist_in_the_checkout():
    for name in paths.REQUIRED_ASSETS:
        assert (ROOT / "assets" / name).is_file(), name


def test_the_self_test_names_the_missing_file(tmp_path, monkeypatch):
    from toolkit import selftest

    (tmp_path / "icons").mkdir()
    paths.assets_dir.cache_clear()
    monkeypatch.setattr(paths, "assets_dir", lambda: tmp_path)
    with pytest.raises(selftest.SelfTestError) as info:
        selftest.check_assets(selftest.SelfTest(tmp_path))
    assert "fonts/NotoSans-Regular.ttf" in info.value.user_message()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sdist, built from a clean copy of the tracked files, and a wheel built from it."""
    if shutil.which("git") is None:
        pytest.skip("git is needed to copy the tracked files")
    work = tmp_path_factory.mktemp("pkg")
    src = work / "src"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    dist = work / "dist"
    dist.mkdir()
    subprocess.run([sys.executable, "-c",
                    "import sys; from setuptools import build_meta as b; "
                    "b.build_sdist(sys.argv[1])", str(dist)], cwd=src, check=True,
                   capture_output=True)
    sdist = next(dist.glob("*.tar.gz"))
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                             str(dist), str(sdist)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"pip could not build a wheel here: {result.stderr[-300:]}")
    return sdist, next(dist.glob("*.whl"))


def test_the_sdist_carries_everything(built):
    sdist, _wheel = built
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    for name in ["assets/fonts/NotoSans-Regular.ttf", "assets/icons/app.svg",
                 *NEEDED[2:]]:
        assert name in names, name


def test_the_wheel_built_from_the_sdist_carries_everything(built):
    _sdist, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in NEEDED:
        assert name in names, name
    for asset in paths.REQUIRED_ASSETS:
        assert f"toolkit/_assets/{asset}" in names, asset
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)
