"""Test isolation: offscreen Qt, a temporary data folder, no network, English by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

NETGUARD = Path(__file__).parent / "netguard"
SCREENS = Path(__file__).parent / "data"
if os.environ.setdefault("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # A common laptop screen rather than Qt's 800x800: windows fit the screen they open on.
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS / 'screen-1366x768.json'}"
sys.path.insert(0, str(NETGUARD))
import sitecustomize as netguard  # noqa: E402  (the same guard subprocesses get)

netguard.install()

from toolkit import i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Never touch the real data folder or settings, even through platform defaults."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("TOOLKIT_DATA_DIR", str(home / "toolkit-default"))
    monkeypatch.setenv("LANG", "en_CA.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def kit(data_dir):
    from toolkit.context import Toolkit

    toolkit = Toolkit(data_dir)
    toolkit.open_store()
    yield toolkit
    toolkit.close(backup=False)


@pytest.fixture
def subprocess_env(data_dir) -> dict[str, str]:
    """Environment for running `python -m toolkit` in a child process, network still guarded."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(NETGUARD), str(Path(__file__).parent.parent), env.get("PYTHONPATH", "")])
    env["TOOLKIT_DATA_DIR"] = str(data_dir)
    return env
