"""Each bundled font against each registered language's characters (CLDR exemplars where
CLDR has the locale), regular and bold, in PDF and on screen; bold syllabics print bold."""

import unicodedata

import pytest

from tests.cldr_exemplars import CLDR_MAIN, exemplars, xml_exemplars
from toolkit import languages
from toolkit.pdf import fonts

SYLLABICS_BLOCKS = [(0x1400, 0x167F), (0x18B0, 0x18F5)]


def syllabics() -> str:
    return "".join(chr(c) for lo, hi in SYLLABICS_BLOCKS for c in range(lo, hi + 1)
                   if unicodedata.category(chr(c)) != "Cn")


def language_characters(lang) -> str:
    """CLDR's characters for the language where CLDR has its locale, its native name always,
    and every assigned syllabic for a language written in syllabics."""
    chars = set(lang.native_name)
    if lang.locale:
        chars |= exemplars(lang.locale)
    if lang.script == "Cans":
        chars |= set(syllabics())
    return "".join(sorted(c for c in chars if not c.isspace()))


LANGS = languages.registered()


def test_cldr_gives_characters_where_it_has_the_locale():
    with_locale = [lang for lang in LANGS if lang.locale]
    assert {"en", "fr", "iu", "mic", "moh"} <= {lang.code for lang in with_locale}
    for lang in with_locale:
        assert len(exemplars(lang.locale)) >= 20 or lang.script == "Cans", lang.code
    if CLDR_MAIN.is_dir():  # the exemplar sets proper (Debian's unicode-cldr-core)
        assert "é" in (xml_exemplars("fr_CA") or set())


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.code)
def test_every_character_of_every_language_prints(lang, bold):
    text = language_characters(lang)
    assert fonts.missing_glyphs(text, bold=bold) == []
    assert fonts.missing_glyphs(text, bold=bold, italic=True) == []  # a second language
