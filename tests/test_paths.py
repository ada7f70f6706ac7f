import sys
from pathlib import Path

import pytest

from toolkit import paths
from toolkit.errors import DataFolderError


def test_explicit_folder_wins_over_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_DATA_DIR", str(tmp_path / "env"))
    assert paths.data_dir(tmp_path / "cli") == (tmp_path / "cli").resolve()
    assert paths.data_dir() == (tmp_path / "env").resolve()


def test_platform_folder_when_nothing_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("TOOLKIT_DATA_DIR")
    folder = paths.data_dir()
    assert folder == paths.platform_data_dir()
    assert "ccsc-toolkit" in str(folder)
    assert str(folder).startswith(str(Path.home())) or str(tmp_path) not in str(folder)


def test_portable_marker_keeps_data_beside_the_executable(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_DATA_DIR")
    exe = tmp_path / "bundle" / "toolkit"
    exe.parent.mkdir()
    exe.write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.data_dir() == paths.platform_data_dir()
    (exe.parent / paths.PORTABLE_MARKER).write_text("")
    assert paths.data_dir() == exe.parent.resolve() / "data"


def test_unusable_folder_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DataFolderError) as info:
        paths.ensure_data_dir(blocker / "sub")
    assert str(blocker) in info.value.user_message()


def test_assets_are_found():
    assert paths.asset("icons", "app.svg").is_file()
    assert (paths.assets_dir() / "icons" / "LICENSE.txt").is_file()


def test_portable_marker_beside_a_macos_app_keeps_data_beside_the_app(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_DATA_DIR")
    exe = tmp_path / "USB" / "CCSC Toolkit.app" / "Contents" / "MacOS" / "toolkit"
    exe.parent.mkdir(parents=True)
    exe.write_text("")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(exe))
    assert paths.portable_root() == (tmp_path / "USB").resolve()
    assert paths.data_dir() == paths.platform_data_dir()
    (tmp_path / "USB" / paths.PORTABLE_MARKER).write_text("")
    assert paths.data_dir() == (tmp_path / "USB").resolve() / "data"


def test_portable_marker_is_ignored_when_running_from_source(tmp_path, monkeypatch):
    monkeypatch.delenv("TOOLKIT_DATA_DIR")
    monkeypatch.delattr(sys, "frozen", raising=False)
    python = tmp_path / "venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    (python.parent / paths.PORTABLE_MARKER).write_text("")
    monkeypatch.setattr(sys, "executable", str(python))
    assert paths.data_dir() == paths.platform_data_dir()
