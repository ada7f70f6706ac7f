"""Interface settings kept between runs in settings.json in the data folder.

Kept outside the database on purpose: the app can still start, in the user's language,
when the database is damaged and must be restored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from toolkit.fileio import atomic_write_bytes
from toolkit.i18n import LANGUAGES

log = logging.getLogger("toolkit.settings")

TEXT_SCALES = (100, 125, 150, 175, 200)


@dataclass
class Settings:
    language: str | None = None  # None: follow the system language
    text_scale: int = 100  # percent, 100 to 200
    small_group_threshold: int = 5  # figures from fewer respondents are never shown

    def clean(self) -> Settings:
        """Replace out-of-range values by defaults (a hand-edited file must not crash us)."""
        if self.language not in LANGUAGES:
            self.language = None
        if not isinstance(self.text_scale, int) or not 100 <= self.text_scale <= 200:
            self.text_scale = 100
        if not isinstance(self.small_group_threshold, int) or not 1 <= self.small_group_threshold <= 50:
            self.small_group_threshold = 5
        return self


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives defaults (the bad file is kept aside)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as exc:
        log.warning("settings file %s unreadable (%s); using defaults", path, exc)
        try:
            path.replace(path.with_suffix(".json.bad"))
        except OSError:
            pass
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in raw.items() if k in known}).clean()


def save_settings(path: Path, settings: Settings) -> None:
    data = json.dumps(asdict(settings), indent=2, ensure_ascii=False).encode("utf-8")
    atomic_write_bytes(path, data)
