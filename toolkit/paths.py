"""Where the toolkit keeps data, and where it finds its bundled files.

One function, `data_dir()`, decides the data folder:
  1. an explicit `--data-dir` (passed in by the CLI or GUI),
  2. the TOOLKIT_DATA_DIR environment variable,
  3. portable mode: a file named `portable.txt` beside the packaged executable (beside the
     .app on macOS) keeps data in `data/` beside it (a toolkit on a USB key),
  4. the platform's user data folder (platformdirs).
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

from toolkit.errors import DataFolderError

ENV_VAR = "TOOLKIT_DATA_DIR"
PORTABLE_MARKER = "portable.txt"
APP_DIR_NAME = "ccsc-toolkit"
APP_AUTHOR = "CCSC"
DATABASE_NAME = "toolkit.sqlite"


def executable_dir() -> Path:
    """The folder of the frozen executable, or of the Python interpreter from source."""
    return Path(sys.executable).resolve().parent


def portable_root() -> Path:
    """Where a portable copy keeps its marker and its data: the executable's folder, or on
    macOS the folder holding the .app (nothing may be written inside a signed .app)."""
    folder = executable_dir()
    if folder.name == "MacOS" and folder.parent.name == "Contents" \
            and folder.parent.parent.suffix == ".app":
        return folder.parent.parent.parent
    return folder


def portable_data_dir() -> Path | None:
    """`data/` beside the executable when the portable marker file is there (frozen only:
    from source, sys.executable is the Python interpreter, whose folder is not ours)."""
    if not getattr(sys, "frozen", False):
        return None
    folder = portable_root()
    if (folder / PORTABLE_MARKER).is_file():
        return folder / "data"
    return None


def platform_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR, roaming=False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use (not created; see `ensure_data_dir`)."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    return portable_data_dir() or platform_data_dir()


def ensure_data_dir(folder: Path) -> Path:
    """Create the data folder if needed; raise DataFolderError if it is not usable."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFolderError(path=str(folder), reason=exc.strerror or str(exc)) from exc
    if not folder.is_dir():
        raise DataFolderError(path=str(folder), reason="not a folder")
    if not os.access(folder, os.W_OK):
        raise DataFolderError(path=str(folder), reason="read-only")
    return folder


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def backups_dir(folder: Path) -> Path:
    return folder / "backups"


def logs_dir(folder: Path) -> Path:
    return folder / "logs"


def settings_path(folder: Path) -> Path:
    return folder / "settings.json"


# Every bundled file the app needs (tests/test_packaging.py checks this against assets/, and
# the self-test's first step against the installation), so a missing one is named.
REQUIRED_ASSETS = (
    "fonts/NotoSans-Regular.ttf", "fonts/NotoSans-Bold.ttf", "fonts/NotoSans-Italic.ttf",
    "fonts/NotoSans-BoldItalic.ttf", "fonts/NotoSansCanadianAboriginal-Regular.ttf",
    "fonts/NotoSansCanadianAboriginal-Bold.ttf", "fonts/OFL.txt",
    "icons/app.svg", "icons/home.svg", "icons/sessions.svg", "icons/guides.svg",
    "icons/reports.svg", "icons/exchange.svg", "icons/settings.svg", "icons/LICENSE.txt",
)


def missing_assets() -> list[str]:
    """REQUIRED_ASSETS not found where this installation looks for them."""
    root = assets_dir()
    return [name for name in REQUIRED_ASSETS if not (root / name).is_file()]


@lru_cache(maxsize=1)
def assets_dir() -> Path:
    """Bundled assets (fonts, icons, licences) in a frozen bundle, an install, or a checkout.
    Cached: it cannot change while the app runs, and each look costs file-system calls."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "assets"
    installed = Path(__file__).resolve().parent / "_assets"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "assets"


def asset(*parts: str) -> Path:
    return assets_dir().joinpath(*parts)
