"""Interface settings kept between runs in settings.json in the data folder.

Kept outside the database on purpose: the app can still start, in the user's language,
when the database is damaged and must be restored.
"""

from __future__ import annotations

import logging
from pathlib import Path

from toolkit import i18n
from toolkit.fileio import atomic_write_bytes

log = logging.getLogger("toolkit.settings")

TEXT_SCALES = (100, 125, 150, 175, 200)


class Settings:
    """The interface choices. A plain class, and json imported only when a file exists:
    this module is read at every start-up, where a dataclass costs about 3 ms to import and
    build (bench/bench_startup.py)."""

    __slots__ = ("language", "text_scale", "small_group_threshold", "windows")

    def __init__(self, language: str | None = None, text_scale: int = 100,
                 small_group_threshold: int = 5,
                 windows: dict[str, dict[str, list[int]]] | None = None) -> None:
        self.language = language  # None: follow the system language
        self.text_scale = text_scale  # percent, 100 to 200
        self.small_group_threshold = small_group_threshold  # smaller groups are never shown
        # Where each window was, per screen: {"main": {"1366x768+0+0": [x, y, w, h, max]}};
        # the key "last" of each window names the screen it was last on (ui/geometry.py).
        self.windows = windows if windows is not None else {}

    def as_dict(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.__slots__}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Settings) and self.as_dict() == other.as_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"Settings({', '.join(f'{k}={v!r}' for k, v in self.as_dict().items())})"

    def clean(self) -> Settings:
        """Replace out-of-range values by defaults (a hand-edited file must not crash us)."""
        if self.language is not None and i18n.normalize_language(self.language) != self.language:
            self.language = None
        if not isinstance(self.text_scale, int) or not 100 <= self.text_scale <= 200:
            self.text_scale = 100
        from toolkit import disclosure  # the floor no setting goes below

        threshold = self.small_group_threshold
        if isinstance(threshold, bool) or not isinstance(threshold, int) or not (
                disclosure.MIN_THRESHOLD <= threshold <= disclosure.MAX_THRESHOLD):
            self.small_group_threshold = disclosure.DEFAULT_THRESHOLD
        self.windows = clean_windows(self.windows)
        return self


def _is_place(value: object) -> bool:
    return (isinstance(value, list) and len(value) == 5
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value[:4])
            and all(-100_000 < v < 100_000 for v in value[:4])
            and value[2] > 0 and value[3] > 0 and isinstance(value[4], bool))


def clean_windows(raw: object) -> dict[str, dict]:
    """Keep only well-formed window places; anything else in a hand-edited file is dropped."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, dict] = {}
    for name, places in raw.items():
        if not isinstance(name, str) or not isinstance(places, dict):
            continue
        kept = {key: place for key, place in places.items()
                if isinstance(key, str) and key != "last" and _is_place(place)}
        if kept:
            last = places.get("last")
            if isinstance(last, str) and last in kept:
                kept["last"] = last
            out[name] = kept
    return out


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or unreadable file gives defaults (the bad file is kept aside)."""
    try:
        text = path.read_text(encoding="utf-8")
        import json  # only when there is a file to read

        raw = json.loads(text)
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
    return Settings(**{k: v for k, v in raw.items() if k in Settings.__slots__}).clean()


def save_settings(path: Path, settings: Settings) -> None:
    import json

    data = json.dumps(settings.as_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    atomic_write_bytes(path, data)
