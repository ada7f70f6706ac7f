"""File names the app suggests: valid on Windows, macOS and Linux alike.

A community name is kept in its own script (Kahnawà:ke, ᐃᖃᓗᐃᑦ, Łutsël K'é), but whatever one
of the three systems forbids goes: the characters Windows refuses (\\ / : * ? " < > |),
control characters, trailing dots and spaces, names Windows reserves for devices (CON, NUL,
COM1...), and lengths past what every file system takes. Every name the app proposes
(reports, exchange packages, CSV and XLSX exports) comes from `suggested_name()`.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\s]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{i}" for i in "123456789¹²³"), *(f"LPT{i}" for i in "123456789¹²³")}
MAX_BYTES = 200  # 255 is the common limit; room for a counter or a ".tmp" suffix


def safe_part(text: str, fallback: str = "file") -> str:
    """One part of a name: forbidden runs become "-", no dot or dash at either end."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc"))
    part = _FORBIDDEN.sub("-", text).strip("-. ")
    part = re.sub(r"-{2,}", "-", part)
    return part or fallback


def suggested_name(*parts: str, suffix: str = "", fallback: str = "file") -> str:
    """Parts joined by "-", made safe, with `suffix` (".csv"); never a reserved name."""
    stem = "-".join(p for p in (safe_part(p, "") for p in parts) if p) or fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"{stem}-{fallback}"
    while len((stem + suffix).encode("utf-8")) > MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip("-. ") + suffix
