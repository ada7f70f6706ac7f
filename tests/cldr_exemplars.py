"""Characters a language is written with, from CLDR, for the font coverage tests.

Two CLDR sources, both read-only and offline:
- the exemplar characters (main and auxiliary sets) of CLDR's locale files, where the
  system has them (Debian's unicode-cldr-core, installed by .ci/run: CLDR 41, which has
  English and French but not yet Inuktitut, Mi'kmaw or Kanien'kéha);
- for every locale Babel ships (its CLDR is newer and has iu, mic, moh), the characters of
  the locale's own texts: its name for itself, the names of months and days, of languages
  and territories. Babel keeps no exemplar sets, so these are the closest it has.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

CLDR_MAIN = Path("/usr/share/unicode/cldr/common/main")


def parse_unicode_set(text: str) -> set[str]:
    """The characters of a CLDR exemplar set such as "[a à b-d {ch} \\u02BC]" (strings in
    braces give each of their characters)."""
    body = text.strip()[1:-1]
    out: set[str] = set()
    i = 0
    chars: list[str] = []

    def unescape(s: str) -> str:
        return re.sub(r"\\u\{?([0-9A-Fa-f]{4,6})\}?|\\(.)",
                      lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), s)

    tokens = re.findall(r"\{[^}]*\}|\\u\{?[0-9A-Fa-f]{4,6}\}?|\\.|\S", body)
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("{"):
            out.update(unescape(token[1:-1]))
        elif token == "-" and chars and i + 1 < len(tokens):
            start, end = ord(chars[-1]), ord(unescape(tokens[i + 1]))
            out.update(chr(c) for c in range(start, end + 1))
            i += 1
        else:
            ch = unescape(token)
            chars.append(ch)
            out.add(ch)
        i += 1
    return out


def xml_exemplars(locale: str) -> set[str] | None:
    """Main and auxiliary exemplar characters of `locale` (and its parents), or None."""
    found: set[str] = set()
    seen = False
    parts = locale.replace("-", "_").split("_")
    for n in range(len(parts), 0, -1):
        path = CLDR_MAIN / ("_".join(parts[:n]) + ".xml")
        if not path.is_file():
            continue
        for node in ET.parse(path).iter("exemplarCharacters"):
            if node.get("type") in (None, "auxiliary") and node.text:
                seen = True
                found |= parse_unicode_set(node.text)
    return found if seen else None


def babel_texts(locale: str) -> set[str] | None:
    """The characters of the locale's own CLDR texts in Babel, or None if Babel lacks it."""
    from babel import Locale, UnknownLocaleError

    try:
        loc = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None
    texts = [loc.get_display_name() or "", loc.get_language_name() or ""]
    texts += list(loc.months["format"]["wide"].values())
    texts += list(loc.days["format"]["wide"].values())
    texts += [loc.languages.get(loc.language, "")]
    texts += [loc.territories.get("CA", "")]
    return set("".join(texts))


def exemplars(locale: str) -> set[str]:
    """Every letter or mark CLDR gives for `locale` (both sources), in both cases and
    decomposed too (a font must show é typed either way); empty if CLDR lacks it."""
    chars = (xml_exemplars(locale) or set()) | (babel_texts(locale) or set())
    out: set[str] = set()
    for ch in chars:
        for form in {ch, ch.upper(), ch.lower(), *unicodedata.normalize("NFD", ch)}:
            out.update(c for c in form if unicodedata.category(c)[0] in "LM")
    return out
