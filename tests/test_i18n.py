"""Catalog completeness and locale-aware formatting."""

from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from toolkit import i18n

ROOT = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "translate": (2,)}


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else message[0])
    return found


def load_po(lang):
    with open(ROOT / "locale" / lang / "LC_MESSAGES" / "toolkit.po", "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_interface_string_is_translated(lang):
    catalog = load_po(lang)
    missing = []
    for msgid in sorted(source_messages()):
        message = catalog.get(msgid)
        strings = [] if message is None else (
            [message.string] if isinstance(message.string, str) else list(message.string))
        if message is None or "fuzzy" in message.flags or not all(strings):
            missing.append(msgid)
    assert missing == [], f"untranslated in {lang}: {missing}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_compiled_catalog_matches_its_source(lang):
    """The shipped .mo must be compiled from the current .po (run `make translations`)."""
    po = load_po(lang)
    with open(ROOT / "locale" / lang / "LC_MESSAGES" / "toolkit.mo", "rb") as fh:
        mo = read_mo(fh)
    def as_dict(cat):
        return {tuple(m.id) if isinstance(m.id, (list, tuple)) else m.id:
                tuple(m.string) if isinstance(m.string, (list, tuple)) else m.string
                for m in cat if m.id}

    assert as_dict(mo) == as_dict(po)


def test_the_english_catalog_only_repeats_the_source_strings():
    """So the app can skip reading it (i18n.catalog): English shows the source strings."""
    changed = [m.id for m in load_po(i18n.SOURCE_LANGUAGE) if m.id and (
        m.string != m.id if isinstance(m.id, str) else tuple(m.string) != tuple(m.id))]
    assert changed == []
    assert i18n.translate("en", "Sessions") == "Sessions"
    assert i18n.catalog("en").ngettext("{n} session", "{n} sessions", 2) == "{n} sessions"


def test_placeholders_survive_translation():
    import re
    for message in load_po("fr"):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        want = set(re.findall(r"\{\w+\}", ids[0]))
        for text in strings:
            assert set(re.findall(r"\{\w+\}", text)) == want, message.id


def test_switching_language_translates_and_notifies():
    heard = []
    i18n.on_language_changed(heard.append)
    try:
        i18n.set_language("fr_CA.UTF-8")
        assert i18n._("Settings") == "Paramètres"
        assert i18n.ngettext("{n} session", "{n} sessions", 2).format(n=2) == "2 séances"
        i18n.set_language("en")
        assert i18n._("Settings") == "Settings"
    finally:
        i18n.remove_listener(heard.append)
    assert heard == ["fr", "en"]


def test_unsupported_language_is_refused():
    with pytest.raises(ValueError):
        i18n.set_language("de")
    assert i18n.language() == "en"


def test_translate_into_a_given_language_without_switching():
    assert i18n.translate("fr", "Reports") == "Rapports"
    assert i18n.language() == "en"


def test_dates_and_numbers_follow_canadian_conventions():
    day = date(2026, 11, 25)
    assert i18n.format_date(day, "en") == "Nov 25, 2026"
    assert i18n.format_date(day, "fr") == "25 nov. 2026"
    assert i18n.format_number(1234.5, "en") == "1,234.5"
    assert i18n.format_number(1234.5, "fr") == "1\u00a0234,5"
    assert i18n.format_percent(0.25, "fr") == "25\u00a0%"
    assert i18n.format_percent(0.25, "en") == "25%"


def test_system_language_is_detected(monkeypatch):
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert i18n.detect_system_language() == "fr"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.setenv("LANGUAGE", "")
    assert i18n.detect_system_language() in {"en", "fr"}


def test_stored_utc_times_are_shown_in_local_time(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/Toronto")
    time.tzset()
    try:
        shown = i18n.format_datetime("2026-11-25T22:01:05+00:00", "en")
        assert "5:01:05" in shown and "10:01" not in shown
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
