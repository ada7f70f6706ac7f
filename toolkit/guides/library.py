"""The bundled guides, worksheets and glossary: loading, validation and cross-language checks.

Each piece is one Markdown file per language with TOML front matter (docs/content-format.md).
Loading checks each file on its own (front matter fields, Markdown subset) and raises a
GuideError naming the file; `problems()` checks the library as a whole (both languages
present, same metadata and structure, links that resolve) so tests and writers see every
problem at once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from toolkit.errors import ToolkitError
from toolkit.guides import markdown
from toolkit.i18n import N_, _

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGS = ("en", "fr")
KINDS = ("guide", "worksheet", "glossary")
TAGS = ("planning", "diagnosis", "facilitation", "engagement", "indigenous", "youth", "seniors",
        "privacy", "rural", "violence", "action", "evaluation", "app")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")
_FRONT = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)

# Names shown to people, translated where shown.
KIND_NAMES = {"guide": N_("Guides"), "worksheet": N_("Worksheets"), "glossary": N_("Glossary")}
KIND_LABELS = {"guide": N_("Guide"), "worksheet": N_("Worksheet"), "glossary": N_("Glossary")}
TAG_NAMES = {
    "planning": N_("Planning"), "diagnosis": N_("Local diagnosis"),
    "facilitation": N_("Facilitation"), "engagement": N_("Engagement"),
    "indigenous": N_("Indigenous partners"), "youth": N_("Youth"), "seniors": N_("Seniors"),
    "privacy": N_("Privacy and data"), "rural": N_("Rural communities"),
    "violence": N_("Gun and gang violence"), "action": N_("Action planning"),
    "evaluation": N_("Evaluation"), "app": N_("Using the app"),
}


class GuideError(ToolkitError):
    """A content file that cannot be used; the message names the file (and line)."""

    message = N_("Guide file {path}: {problem}")
    message_with_line = N_("Guide file {path}, line {line}: {problem}")

    def __init__(self, path: Path | str, problem: str, line: int | None = None,
                 **values: object) -> None:
        self.path, self.line, self.problem, self.problem_values = str(path), line, problem, values
        super().__init__(path=str(path), problem=problem.format(**values) if values else problem)
        if line is not None:
            self.args = (f"{path}, line {line}: {self.args[0].split(': ', 1)[1]}",)

    def user_message(self) -> str:
        problem = _(self.problem).format(**self.problem_values)
        if self.line is not None:
            return _(self.message_with_line).format(path=self.path, line=self.line,
                                                    problem=problem)
        return _(self.message).format(path=self.path, problem=problem)


class UnknownGuideError(ToolkitError):
    message = N_("There is no guide or worksheet named {slug}. "
                 "'toolkit guides list' shows them all.")


@dataclass
class Piece:
    """One guide, worksheet or glossary in one language."""

    slug: str
    lang: str
    title: str
    summary: str
    kind: str
    tags: tuple[str, ...]
    order: int
    related: tuple[str, ...]
    sections: tuple[str, ...]
    blocks: list
    path: Path
    text: str = field(default="", repr=False)  # plain words, for search
    source: str = field(default="", repr=False)  # the Markdown after the front matter

    @property
    def headings(self) -> list[markdown.Heading]:
        return markdown.headings(self.blocks)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def _require(data: dict, key: str, kind: type, path: Path):
    if key not in data:
        raise GuideError(path, N_("the front matter lacks {key}"), key=key)
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise GuideError(path, N_("{key} has the wrong type"), key=key)
    return value


def _string_list(data: dict, key: str, path: Path) -> tuple[str, ...]:
    value = _require(data, key, list, path)
    if not all(isinstance(v, str) for v in value):
        raise GuideError(path, N_("{key} must be a list of texts"), key=key)
    return tuple(value)


def parse_piece(source: str, path: Path, lang: str) -> Piece:
    """One content file, checked on its own; raises GuideError naming `path`."""
    source = source.replace("\r\n", "\n")
    m = _FRONT.match(source)
    if not m:
        raise GuideError(path, N_("the file must start with front matter between +++ lines"))
    try:
        data = tomllib.loads(m.group(1))
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(path, N_("the front matter is not valid TOML ({reason})"),
                         reason=str(exc)) from exc
    known = {"title", "summary", "kind", "tags", "order", "related", "sections"}
    extra = sorted(set(data) - known)
    if extra:
        raise GuideError(path, N_("unknown front matter keys: {keys}"), keys=", ".join(extra))
    slug = path.stem
    if not _SLUG.match(slug):
        raise GuideError(path, N_("the file name must be a slug (lowercase words and hyphens)"))
    title = _require(data, "title", str, path).strip()
    summary = _require(data, "summary", str, path).strip()
    if not title or not summary:
        raise GuideError(path, N_("the title and summary must not be empty"))
    kind = _require(data, "kind", str, path)
    if kind not in KINDS:
        raise GuideError(path, N_("kind must be one of {kinds}"), kinds=", ".join(KINDS))
    tags = _string_list(data, "tags", path)
    unknown = [t for t in tags if t not in TAGS]
    if unknown or not tags:
        raise GuideError(path, N_("unknown or missing tags: {tags}"), tags=", ".join(unknown))
    order = _require(data, "order", int, path)
    related = _string_list(data, "related", path)
    sections = _string_list(data, "sections", path)
    first_line = source[: m.end()].count("\n") + 1
    try:
        blocks = markdown.parse(source[m.end():], first_line)
    except markdown.MarkdownError as exc:
        raise GuideError(path, exc.problem, line=exc.line, **exc.values) from exc
    for link in markdown.all_links(blocks):
        if link.slug is None:
            raise GuideError(path, N_("only guide: links are allowed, not {target}"),
                             target=link.target)
    _number_headings(blocks)
    return Piece(slug, lang, title, summary, kind, tags, order, related, sections, blocks, path,
                 markdown.plain_text(blocks), source[m.end():].strip())


def _number_headings(blocks) -> None:
    for number, block in enumerate(markdown.headings(blocks), start=1):
        block.anchor = f"section-{number}"


class Library:
    """Every piece in every language, in reading order."""

    def __init__(self, pieces: dict[tuple[str, str], Piece]) -> None:
        self._pieces = pieces
        self.slugs: list[str] = sorted(
            {slug for slug, _lang in pieces},
            key=lambda s: (min(p.order for (sl, _l), p in pieces.items() if sl == s), s))

    @classmethod
    def load(cls, folder: Path = CONTENT_DIR) -> "Library":
        pieces = {}
        for lang in LANGS:
            for path in sorted((folder / lang).glob("*.md")):
                piece = parse_piece(path.read_text(encoding="utf-8"), path, lang)
                pieces[(piece.slug, lang)] = piece
        return cls(pieces)

    def __contains__(self, slug: str) -> bool:
        return slug in self.slugs

    def get(self, slug: str, lang: str) -> Piece:
        """The piece in `lang`, else in its fallback language (toolkit/languages.py), else
        in the other one: `piece.lang` says which."""
        from toolkit.languages import fallback_chain

        for code in dict.fromkeys((*fallback_chain(lang), *LANGS)):
            piece = self._pieces.get((slug, code))
            if piece is not None:
                return piece
        raise UnknownGuideError(slug=slug)

    def pieces(self, lang: str, kind: str | None = None, tag: str | None = None) -> list[Piece]:
        found = [self.get(slug, lang) for slug in self.slugs]
        return [p for p in found if (kind is None or p.kind == kind)
                and (tag is None or tag in p.tags)]

    def for_section(self, section_id: str, lang: str) -> list[Piece]:
        """Pieces that help with a questionnaire section, guides first, in reading order."""
        found = [p for p in self.pieces(lang) if section_id in p.sections]
        return sorted(found, key=lambda p: KINDS.index(p.kind))

    def all_pieces(self) -> list[Piece]:
        return list(self._pieces.values())

    def tags(self) -> list[str]:
        used = {t for p in self._pieces.values() for t in p.tags}
        return [t for t in TAGS if t in used]

    def problems(self, section_ids: set[str] | None = None) -> list[str]:
        """Every cross-file problem (missing translation, mismatch, broken link), in English.

        `section_ids`: questionnaire section ids that `sections` may name (not checked if None).
        """
        found = []
        for slug in self.slugs:
            present = [lang for lang in LANGS if (slug, lang) in self._pieces]
            for lang in LANGS:
                if lang not in present:
                    found.append(f"{slug}: no {lang} version")
            if len(present) < 2:
                continue
            en, fr = (self._pieces[(slug, lang)] for lang in LANGS)
            for key in ("kind", "tags", "order", "related", "sections"):
                if getattr(en, key) != getattr(fr, key):
                    found.append(f"{slug}: {key} differs between en and fr")
            shape_en, shape_fr = markdown.structure(en.blocks), markdown.structure(fr.blocks)
            if shape_en != shape_fr:
                found.append(f"{slug}: structure differs between en and fr "
                             f"(en {shape_en}, fr {shape_fr})")
        for piece in self._pieces.values():
            where = f"{piece.lang}/{piece.slug}"
            for link in markdown.all_links(piece.blocks):
                if (link.slug, piece.lang) not in self._pieces:
                    found.append(f"{where}: link to missing {link.target}")
            for slug in piece.related:
                if (slug, piece.lang) not in self._pieces:
                    found.append(f"{where}: related piece {slug} does not exist")
            if section_ids is not None:
                for section in piece.sections:
                    if section not in section_ids:
                        found.append(f"{where}: unknown questionnaire section {section}")
        return found


@lru_cache(maxsize=1)
def bundled_library() -> Library:
    """The library shipped with the app, loaded once per process (about 30 ms)."""
    return Library.load()


def kind_name(kind: str) -> str:
    return _(KIND_NAMES[kind])


def kind_label(kind: str) -> str:
    """The kind of one piece (singular), e.g. "Worksheet"."""
    return _(KIND_LABELS[kind])


def tag_name(tag: str) -> str:
    return _(TAG_NAMES[tag])
