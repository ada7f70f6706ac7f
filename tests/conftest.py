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


@pytest.fixture(autouse=True)
def _no_window_left_open():
    """A test that leaves a dialog open fails, and the dialog is closed: a modal dialog
    left behind blocks the keys and clicks of every later test (they would fail instead,
    far from the cause)."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:
        return  # a core test: Qt was never loaded
    from PySide6.QtWidgets import QApplication, QDialog

    app = QApplication.instance()
    if app is None:
        return
    app.processEvents()
    loops_run = _event_loops_run(app)
    left = [w for w in app.topLevelWidgets() if w.isVisible()]
    modal = [w for w in left if isinstance(w, QDialog) or w.isModal()]
    for widget in left:
        if isinstance(widget, QDialog):
            widget.reject()
        widget.close()
    app.processEvents()
    assert not modal, "dialogs left open: " + ", ".join(
        f"{w.__class__.__name__} '{w.windowTitle()}'" for w in modal)
    assert loops_run, ("Qt's event loops now return at once: a Quit event was handled "
                       "outside the app's loop (remove it after running run_gui)")


def _event_loops_run(app) -> bool:
    """Whether an event loop still runs. A test that ran the app's own loop (run_gui) can
    leave Qt's Quit event posted; handled outside that loop, it makes every later loop
    return at once, so no timer fires again in the session (qtbot.wait, debounced saves).
    When that happened, one run of the application's loop clears it for the next tests."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    if loop.exec() == 0:
        return True
    QTimer.singleShot(0, lambda: app.exit(0))
    app.exec()
    return False


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


# Exchange tests: a hub and another installation, each with its own key (tests/exchange_helpers)
@pytest.fixture
def hub(tmp_path):
    from tests.exchange_helpers import open_kit

    kit = open_kit(tmp_path / "hub")
    yield kit
    kit.close(backup=False)


@pytest.fixture
def other(tmp_path):
    from tests.exchange_helpers import open_kit

    kit = open_kit(tmp_path / "other")
    yield kit
    kit.close(backup=False)
