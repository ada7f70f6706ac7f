"""Search across the guides in both languages, insensitive to case and accents.

The index is built once, in memory: for every piece and language, its title and its plain
text are *folded* (lowercase, accents removed, every character that is not a letter or digit
turned into a space) keeping a map from each folded character back to the original one.
A query is folded the same way and split into terms; a term matches at the start of a word
(so typing "secu" already finds "sécurité", but "art" does not find "part"). All terms must
match. `str.count` and `str.find` on the folded text do the work in C, so a query over the
whole corpus takes well under a millisecond (bench/bench_guides.py).

Ranking: pieces with more terms in their title come first; then more hits (a title hit
counts as many body hits); ties keep reading order.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from toolkit.guides.library import LANGS, Library, Piece

TITLE_WEIGHT = 20
SNIPPET_CHARS = 160


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    out = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    out = {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"}.get(out, out)
    return "".join(c if c.isalnum() else " " for c in out) or " "


class _Map:
    """Folded index -> original index. Almost every character folds to exactly one, so only
    the few that expand (œ -> oe) are recorded, as (folded start, original index, length)."""

    def __init__(self, expansions: list[tuple[int, int, int]]) -> None:
        self.expansions = expansions
        self.starts = [e[0] for e in expansions]

    def __getitem__(self, folded_index: int) -> int:
        k = bisect.bisect_right(self.starts, folded_index) - 1
        if k < 0:
            return folded_index
        start, original, length = self.expansions[k]
        if folded_index < start + length:
            return original
        return original + 1 + folded_index - (start + length)


def fold_with_map(text: str) -> tuple[str, _Map]:
    """The folded text, and a map from each of its characters to the original index."""
    table = {ord(ch): _fold_char(ch) for ch in set(text)}
    folded = text.translate(table)
    expansions = []
    if len(folded) != len(text):
        extra = 0
        for index, ch in enumerate(text):
            length = len(table[ord(ch)])
            if length != 1:
                expansions.append((index + extra, index, length))
                extra += length - 1
    return folded, _Map(expansions)


def fold(text: str) -> str:
    return "".join(_fold_char(ch) for ch in text)


def terms(query: str) -> list[str]:
    """The folded words of a query; one-letter words are dropped when longer ones exist."""
    words = list(dict.fromkeys(fold(query).split()))
    longer = [w for w in words if len(w) > 1]
    return longer or words


@dataclass
class _Field:
    text: str  # original
    folded: str  # " " + folded text, so every word start is preceded by a space
    where: _Map

    @classmethod
    def of(cls, text: str) -> "_Field":
        folded, where = fold_with_map(text)
        return cls(text, " " + folded, where)

    def count(self, term: str) -> int:
        return self.folded.count(" " + term)

    def spans(self, words: list[str], start: int = 0, end: int | None = None):
        """(start, end) of each hit in the original text between start and end."""
        found = []
        for term in words:
            pos = self.folded.find(" " + term)
            while pos != -1:
                a = self.where[pos]  # folded index pos+1 -> where[pos]
                b = self.where[pos + len(term) - 1] + 1
                if a >= start and (end is None or b <= end):
                    found.append((a, b))
                pos = self.folded.find(" " + term, pos + 1)
        return _merge(found)


def _merge(spans):
    spans = sorted(spans)
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


@dataclass
class Snippet:
    """A piece of original text and the (start, end) spans to highlight in it."""

    text: str
    spans: list[tuple[int, int]]

    def marked(self, before: str, after: str, escape=lambda s: s) -> str:
        out, pos = [], 0
        for a, b in self.spans:
            out += [escape(self.text[pos:a]), before, escape(self.text[a:b]), after]
            pos = b
        out.append(escape(self.text[pos:]))
        return "".join(out)


@dataclass
class Result:
    piece: Piece
    score: tuple[int, int]
    title: Snippet
    snippet: Snippet

    @property
    def slug(self) -> str:
        return self.piece.slug

    @property
    def lang(self) -> str:
        return self.piece.lang


class SearchIndex:
    """Folded titles and texts of every piece in every language, built once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._docs: list[tuple[Piece, _Field, _Field, _Field]] = []
        for slug in library.slugs:
            for lang in LANGS:
                piece = library.get(slug, lang)
                if piece.lang != lang:
                    continue
                self._docs.append((piece, _Field.of(piece.title), _Field.of(piece.summary),
                                   _Field.of(piece.text)))

    def search(self, query: str, prefer: str = "en", lang: str | None = None,
               limit: int | None = None) -> list[Result]:
        """Pieces matching every term of `query`, best first, one result per piece.

        A piece that matches in both languages is shown in `prefer` unless the other
        language has more of the terms in its title. `lang` restricts the
        search to one language.
        """
        words = terms(query)
        if not words:
            return []
        best: dict[str, tuple[tuple, Piece, _Field, _Field, _Field]] = {}
        for piece, title, summary, body in self._docs:
            if lang is not None and piece.lang != lang:
                continue
            title_terms = hits = 0
            for term in words:
                in_title = title.count(term)
                in_body = body.count(term) + summary.count(term)
                if not in_title and not in_body:
                    break
                title_terms += in_title > 0
                hits += TITLE_WEIGHT * in_title + in_body
            else:
                key = (title_terms, piece.lang == prefer, hits)
                if piece.slug not in best or key > best[piece.slug][0]:
                    best[piece.slug] = (key, piece, title, summary, body)
        ranked = sorted(best.values(),
                        key=lambda e: (-e[0][0], -e[0][2], self.library.slugs.index(e[1].slug)))
        if limit is not None:
            ranked = ranked[:limit]
        return [Result(piece, (key[0], key[2]), Snippet(piece.title, title.spans(words)),
                       _snippet(body, summary, words))
                for key, piece, title, summary, body in ranked]


def _snippet(body: _Field, summary: _Field, words: list[str]) -> Snippet:
    """About SNIPPET_CHARS characters around the first place with the most terms."""
    first = None
    for term in words:
        pos = body.folded.find(" " + term)
        if pos != -1 and (first is None or pos < first):
            first = pos
    if first is None:  # only the summary matched
        return Snippet(summary.text, summary.spans(words))
    centre = body.where[first]
    text = body.text
    start = max(0, centre - SNIPPET_CHARS // 3)
    end = min(len(text), start + SNIPPET_CHARS)
    # Stay within one block (line) and cut at word boundaries.
    line_start = text.rfind("\n", 0, centre) + 1
    line_end = text.find("\n", centre)
    line_end = len(text) if line_end == -1 else line_end
    start, end = max(start, line_start), min(end, line_end)
    if start > line_start:
        space = text.find(" ", start, centre)
        start = space + 1 if space != -1 else start
    if end < line_end:
        space = text.rfind(" ", centre, end)
        end = space if space > centre else end
    spans = _Field.of(text[start:end]).spans(words)  # fold only the snippet: fast
    prefix = "…" if start > line_start else ""
    suffix = "…" if end < line_end else ""
    shift = len(prefix)
    return Snippet(prefix + text[start:end] + suffix, [(a + shift, b + shift) for a, b in spans])


@lru_cache(maxsize=1)
def bundled_index() -> SearchIndex:
    """The index of the bundled library, built once per process (CLI and library screen)."""
    from toolkit.guides.library import bundled_library

    return SearchIndex(bundled_library())
