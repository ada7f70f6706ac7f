"""Interface language: gettext catalogs for strings, Babel for dates and numbers.

Which languages exist is the registry's business (toolkit/languages.py); this module makes
their catalogs. English is the source language; French is complete. Another language's
catalog is a translator's .po in the data folder (read with Babel's reader and compiled in
memory) or a compiled .mo in the package; every string it lacks comes from its fallback
language (English or French), string by string. `resolve()` is the one rule that picks the
interface language, for the command line and the desktop app alike.
Babel is imported only when a date or number is formatted, or a .po is read, to keep
start-up fast.
"""

from __future__ import annotations

import gettext as _gettext
import logging
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Literal

from toolkit import languages

log = logging.getLogger("toolkit.i18n")

DOMAIN = "toolkit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = languages.SOURCE  # the language the interface strings are written in
DEFAULT_LANGUAGE = languages.SOURCE

_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def _read_po(path: Path) -> _gettext.GNUTranslations:
    """A translator's .po compiled in memory. Untranslated entries, fuzzy ones and plural
    entries with an empty form are left out, so their fallback shows instead of nothing."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        po = read_po(fh)
    for message in list(po):
        if not message.id:
            continue
        string = message.string or ""
        strings = [string] if isinstance(string, str) else list(string)
        if message.fuzzy or not all(strings):
            po.delete(message.id, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def _catalog_file(path: Path) -> _gettext.NullTranslations | None:
    try:
        if path.suffix == ".po":
            return _read_po(path)
        with path.open("rb") as fh:
            return _gettext.GNUTranslations(fh)
    except Exception as exc:  # noqa: BLE001 - a broken translator's file must not stop the app
        log.warning("catalog %s unreadable, skipped: %s", path, exc)
        return None


@lru_cache(maxsize=None)
def _catalog(lang: str, folder: Path | None) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    language = languages.get(lang)
    chain = [c for c in map(_catalog_file, language.catalog_files()) if c is not None]
    if lang in languages.FALLBACKS and not chain:  # French must be there: fail loudly
        return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])
    if not chain:
        chain = [_gettext.NullTranslations()]
    if language.fallback != lang:
        chain.append(_catalog(language.fallback, folder))
    for first, then in zip(chain, chain[1:]):
        first.add_fallback(then)
    return chain[0]


def catalog(lang: str) -> _gettext.NullTranslations:
    """The gettext catalog for `lang`, falling back string by string to the language's
    fallback. English is the source language: its catalog only repeats the source strings
    (tests/test_i18n.py checks), so it is not parsed at all."""
    return _catalog(lang, languages.data_folder())


def reload() -> None:
    """Read catalogs and the registry again (a translation was imported or dropped in)."""
    languages.reload()
    _catalog.cache_clear()
    _content_texts.cache_clear()


@lru_cache(maxsize=None)
def _content_texts(lang: str, domain: str, folder: Path | None) -> dict[str, str]:
    """English -> translation, from a translator's questionnaires.po or guides.po."""
    found = languages.find(lang)
    path = found.folder / f"{domain}.po" if found and found.folder else None
    if path is None or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as fh:
            po = read_po(fh)
    except Exception as exc:  # noqa: BLE001 - a broken file: as if absent, and logged
        log.warning("translations %s unreadable, skipped: %s", path, exc)
        return {}
    return {m.id: m.string for m in po if isinstance(m.id, str) and m.id
            and isinstance(m.string, str) and m.string and not m.fuzzy}


def content_translation(lang: str, domain: str, english: str) -> str | None:
    """A translator's text in `lang` for an English questionnaire text ("questionnaires")
    or guide title or summary ("guides"), from the translation workbook; None if none."""
    if lang in languages.FALLBACKS or not english:
        return None
    return _content_texts(lang, domain, languages.data_folder()).get(english)


def _(message: str) -> str:
    """Translate `message` into the current interface language."""
    return catalog(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count."""
    return catalog(_language).ngettext(singular, plural, n)


def translate(lang: str, message: str) -> str:
    """Translate `message` into `lang`, whatever the interface language (bilingual output)."""
    return catalog(lang).gettext(message)


def translate_plural(lang: str, singular: str, plural: str, n: int) -> str:
    """ngettext into `lang`, whatever the interface language."""
    return catalog(lang).ngettext(singular, plural, n)


def language() -> str:
    """The current interface language code."""
    return _language


def interface_codes() -> list[str]:
    """The codes of the languages the interface can be shown in (registry order)."""
    return [lang.code for lang in languages.interface_languages()]


def normalize_language(code: str | None) -> str | None:
    """'fr_CA.UTF-8' -> 'fr'; None when the interface cannot be shown in that language."""
    return languages.normalize(code, interface_codes())


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


def detect_system_language() -> str | None:
    """The system's language when the interface exists in it, else None."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        for part in os.environ.get(var, "").split(":"):  # LANGUAGE may be "fr_CA:en"
            lang = normalize_language(part)
            if lang:
                return lang
    import locale  # here: the module costs 1 % of start-up, and a saved choice skips it

    try:
        return normalize_language(locale.getlocale()[0])
    except ValueError:
        return None


def resolve(command_line: str | None = None, saved: str | None = None) -> str:
    """The interface language, by the one rule the CLI and the GUI share: the command line's
    --lang, else the saved setting, else the system's language, else English. A value the
    interface cannot be shown in is skipped."""
    for candidate in (command_line, saved):
        lang = normalize_language(candidate)
        if lang:
            return lang
    return detect_system_language() or DEFAULT_LANGUAGE


def apply(command_line: str | None = None, saved: str | None = None) -> str:
    """set_language(resolve(...)): what both faces call at start."""
    return set_language(resolve(command_line, saved))


def babel_locale(lang: str | None = None) -> str:
    """The CLDR locale for dates and numbers in `lang` (its fallback's when CLDR has none)."""
    found = languages.find(lang or _language)
    return found.babel_locale if found else "en_CA"


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
