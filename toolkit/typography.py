"""Typography of each document language: quotation marks, French day ordinals, and the
French rules the catalog and the bundled texts follow (one place for all of them).

Canadian French (OQLF): ’ as the apostrophe, a non-breaking space before ":" and inside
« », no space before ; ? !. Languages without rules of their own here take those of their
fallback language (a Cree text quoted in a French report is quoted as French is).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

FALLBACK_MARK = "[{code}]" + NBSP  # before a text shown in a fallback language: "[en] Yes"


def marked(text: str, code: str) -> str:
    """`text`, printed for another language because that one lacks it; `code` is the
    language it is in."""
    return FALLBACK_MARK.format(code=code) + text if text else text


_MARK = re.compile(r"\[[a-z]{2,3}\]\u00a0")


def unmarked(text: str) -> str:
    """`text` without its fallback marks."""
    return _MARK.sub("", text)


def once(texts: list[str]) -> list[str]:
    """A document's texts for one place, without a fallback's copy of another language's
    text ("[en] Yes" beside "Yes" in an iu+en report: printed once, marked)."""
    kept: list[str] = []
    for text in texts:
        if any(text != k and unmarked(text) == unmarked(k) for k in kept):
            continue
        kept.append(text)
    return kept


_QUOTES = {"en": ("“", "”"), "fr": ("«" + NBSP, NBSP + "»")}

# (name, pattern): each finds one kind of mistake in French running text. A colon inside
# a code token ("guide:slug", "[[lines:3]]", "ccsc_title::French", "https://", or quoted
# as « guide: ») is no mistake: only a colon before a plain space or the end is checked.
FRENCH_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("space before ; ? !", re.compile(r".{0,20}[ \u00a0\u202f\t][;?!]")),
    ("no non-breaking space before :",
     re.compile(r".{0,20}(?:[^\u00a0\s:]|[ \u202f\t]):(?=[ \t\n]|$)")),
    ("no non-breaking space after «", re.compile(r"«(?!\u00a0).{0,20}")),
    ("no non-breaking space before »", re.compile(r".{0,20}[^\u00a0]»")),
    ("typewriter apostrophe (’ wanted)", re.compile(r".{0,20}\w'\w")),
    ("typewriter quotation marks (« » wanted)", re.compile(r".{0,20}\".{0,20}")),
)


def quote(text: str, lang: str, fallback: str | None = None) -> str:
    """`text` between the quotation marks of `lang` (or of its fallback language)."""
    start, end = _QUOTES.get(lang) or _QUOTES.get(fallback or "en") or _QUOTES["en"]
    return f"{start}{text}{end}"


def french_problems(text: str) -> list[str]:
    """Every breach of the French rules above in `text`, as "rule: the place"."""
    return [f"{name}: {hit!r}" for name, rule in FRENCH_RULES for hit in rule.findall(text)]


def ordinal_day_pattern(pattern: str, day: int, lang: str) -> str:
    """A CLDR date pattern that writes the first of the month as French does ("1er
    décembre"; Babel gives "1 décembre"). Only a lone day field (d, not dd) changes, and
    only for French; quoted literals in the pattern are left alone."""
    if day != 1 or lang != "fr":
        return pattern
    pieces = re.split(r"('[^']*')", pattern)  # odd pieces are quoted literals
    return "".join(piece if i % 2 else re.sub(r"(?<![d])d(?![d])", "d'er'", piece)
                   for i, piece in enumerate(pieces))
