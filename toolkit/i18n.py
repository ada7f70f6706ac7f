"""Interface language: gettext catalogs for strings, Babel for dates and numbers.

English is the source language; French is complete. Other languages can be added by
dropping a catalog in toolkit/locale/<code>/ and listing the code in LANGUAGES.
Babel is imported only when a date or number is formatted, to keep start-up fast.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

DOMAIN = "toolkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# Native names: a person who cannot read the current language still finds their own.
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
SOURCE_LANGUAGE = "en"  # the language the interface strings are written in
DEFAULT_LANGUAGE = "en"
BABEL_LOCALES = {"en": "en_CA", "fr": "fr_CA"}

_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


@lru_cache(maxsize=None)
def catalog(lang: str) -> _gettext.NullTranslations:
    """The gettext catalog for `lang`. English is the source language: its catalog only
    repeats the source strings (tests/test_i18n.py checks), so it is not parsed at all."""
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str) -> str:
    """Translate `message` into the current interface language."""
    return catalog(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count."""
    return catalog(_language).ngettext(singular, plural, n)


def translate(lang: str, message: str) -> str:
    """Translate `message` into `lang`, whatever the interface language (bilingual output)."""
    return catalog(lang).gettext(message)


def language() -> str:
    """The current interface language code."""
    return _language


def normalize_language(code: str | None) -> str | None:
    """'fr_CA.UTF-8' -> 'fr'; None when the code is not one we ship."""
    if not code:
        return None
    short = code.replace("-", "_").split("_")[0].split(".")[0].lower()
    return short if short in LANGUAGES else None


def set_language(code: str) -> str:
    """Switch the interface language and tell every listener (the GUI retranslates)."""
    global _language
    lang = normalize_language(code)
    if lang is None:
        raise ValueError(f"unsupported language: {code!r}")
    catalog(lang)  # fail here, not halfway through a repaint, if a catalog is missing
    changed = lang != _language
    _language = lang
    if changed:
        for listener in list(_listeners):
            listener(lang)
    return lang


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Register a callback run after each language change."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def detect_system_language() -> str:
    """The language to start in when the user has not chosen one: French if the system is."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        lang = normalize_language(os.environ.get(var))
        if lang:
            return lang
    import locale  # here: the module costs 1 % of start-up, and a saved choice skips it

    try:
        lang = normalize_language(locale.getlocale()[0])
    except ValueError:
        lang = None
    return lang or DEFAULT_LANGUAGE


def babel_locale(lang: str | None = None) -> str:
    return BABEL_LOCALES[lang or _language]


_DATE_WIDTHS: tuple[Literal["short", "medium", "long", "full"], ...] = (
    "short", "medium", "long", "full")


def format_date(value: date | datetime | str, lang: str | None = None, fmt: str = "medium") -> str:
    """A date as people of `lang` in Canada write it (25 nov. 2026 / Nov 25, 2026; the
    first of the month in French: 1er décembre 2026)."""
    from babel.dates import format_date as _fd
    from babel.dates import get_date_format

    from toolkit.typography import ordinal_day_pattern

    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = value.date()
    locale = babel_locale(lang)
    width = next((w for w in _DATE_WIDTHS if w == fmt), None)
    if value.day == 1 and width is not None:
        fmt = ordinal_day_pattern(get_date_format(width, locale=locale).pattern, 1,
                                  locale.split("_")[0])
    return _fd(value, format=fmt, locale=locale)


def format_datetime(value: datetime | str, lang: str | None = None, fmt: str = "medium") -> str:
    from babel.dates import format_datetime as _fdt

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:  # stored times are UTC: show them as the user's clock does
        value = value.astimezone().replace(tzinfo=None)
    return _fdt(value, format=fmt, locale=babel_locale(lang))


def format_number(value: float | int, lang: str | None = None) -> str:
    """1 234,5 in French, 1,234.5 in English."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=babel_locale(lang))


def format_percent(fraction: float, lang: str | None = None) -> str:
    """0.25 -> '25 %' (fr) or '25%' (en)."""
    from babel.numbers import format_percent as _fp

    return _fp(fraction, locale=babel_locale(lang))
