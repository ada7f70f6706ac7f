"""A parser for the small Markdown subset our guides use (docs/content-format.md).

Our own, rather than a Markdown library, because we need three outputs from one tree
(HTML for Qt's QTextBrowser, reportlab flowables for paper, plain text for search), the
worksheet extensions (`[[lines:N]]`, empty tables, `- [ ]`), and errors that name the file
and line. The subset is small enough that a full CommonMark engine would be mostly unused
weight, and its HTML would still need rewriting for Qt's limited rich text.

The tree is plain data: a list of blocks, each holding inline runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toolkit.i18n import N_

# Inline runs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple


@dataclass(frozen=True)
class Emph:
    children: tuple


@dataclass(frozen=True)
class Link:
    target: str  # "guide:<slug>"
    children: tuple

    @property
    def slug(self) -> str | None:
        return self.target[6:] if self.target.startswith("guide:") else None


Inline = Text | Strong | Emph | Link

# Blocks ----------------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int  # 2 or 3 (level 1 is the title, from the front matter)
    inlines: tuple
    anchor: str = ""


@dataclass
class Paragraph:
    inlines: tuple


@dataclass
class ListItem:
    inlines: tuple
    checkbox: bool = False  # `- [ ] item`: a box to tick on paper
    children: list = field(default_factory=list)  # nested ListBlocks


@dataclass
class ListBlock:
    ordered: bool
    items: list


@dataclass
class Table:
    header: list  # list of inline tuples
    rows: list  # list of lists of inline tuples

    @property
    def is_blank(self) -> bool:
        """A worksheet grid: every body cell is empty, to be filled in by hand."""
        return all(not plain(cell).strip() for row in self.rows for cell in row)


@dataclass
class Quote:
    blocks: list


@dataclass
class Lines:
    count: int  # ruled lines to write on


Block = Heading | Paragraph | ListBlock | Table | Quote | Lines


class MarkdownError(ValueError):
    """A construct outside our subset; `line` is 1-based within the text parsed."""

    def __init__(self, line: int, problem: str, **values: object) -> None:
        self.line, self.problem, self.values = line, problem, values
        super().__init__(f"line {line}: {problem.format(**values)}")


# Inline parsing ----------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SPECIAL = re.compile(r"\\[\\*_\[\]()]|\*\*|\*|\[")


def parse_inline(text: str) -> tuple:
    """`**bold**`, `*italic*`, `[text](guide:slug)` and backslash escapes; the rest is text."""
    runs, _ = _inline(text, 0, None)
    return tuple(runs)


def _inline(text: str, pos: int, closer: str | None) -> tuple[list, int]:
    runs: list = []
    buf: list[str] = []

    def flush() -> None:
        if "".join(buf):
            runs.append(Text("".join(buf)))
            buf.clear()

    while pos < len(text):
        m = _SPECIAL.search(text, pos)
        if m is None:
            buf.append(text[pos:])
            pos = len(text)
            break
        buf.append(text[pos : m.start()])
        token = m.group()
        pos = m.end()
        if token.startswith("\\"):
            buf.append(token[1])
        elif token == closer:
            flush()
            return runs, pos
        elif token in ("**", "*") and text.find(token, pos) > pos:
            # Open only if a closer follows; a lone asterisk stays text.
            children, after = _inline(text, pos, token)
            if after is None:
                buf.append(token)
                continue
            flush()
            runs.append((Strong if token == "**" else Emph)(tuple(children)))
            pos = after
        elif token == "[":
            link = _LINK.match(text, m.start())
            if link:
                flush()
                runs.append(Link(link.group(2), tuple(parse_inline(link.group(1)))))
                pos = link.end()
            else:
                buf.append(token)
        else:
            buf.append(token)
    if closer is not None:
        return runs, None  # type: ignore[return-value]  # no closer: caller keeps it as text
    flush()
    return runs, pos


def plain(inlines) -> str:
    """The words of inline runs without any markup."""
    out = []
    for run in inlines:
        out.append(run.text if isinstance(run, Text) else plain(run.children))
    return "".join(out)


def links(inlines) -> list[Link]:
    found = []
    for run in inlines:
        if isinstance(run, Link):
            found.append(run)
        if not isinstance(run, Text):
            found += links(run.children)
    return found


# Block parsing -------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^( *)([-*]|\d+[.)])\s+(.*)$")
_LINES = re.compile(r"^\[\[lines:(\d+)\]\]$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
MAX_LINES = 20


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)]


def parse(text: str, first_line: int = 1) -> list:
    """Blocks of `text`; raises MarkdownError (with the line number) outside the subset."""
    lines = text.split("\n")
    blocks: list = []
    i = 0

    def lineno(index: int) -> int:
        return first_line + index

    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if not stripped:
            i += 1
            continue
        if m := _HEADING.match(stripped):
            level = len(m.group(1))
            if level not in (2, 3):
                raise MarkdownError(lineno(i), N_("headings must be ## or ### (found {marks})"),
                                    marks=m.group(1))
            blocks.append(Heading(level, parse_inline(m.group(2))))
            i += 1
        elif m := _LINES.match(stripped):
            count = int(m.group(1))
            if not 1 <= count <= MAX_LINES:
                raise MarkdownError(lineno(i), N_("[[lines:N]] needs N from 1 to {max}"),
                                    max=MAX_LINES)
            blocks.append(Lines(count))
            i += 1
        elif stripped.startswith("[["):
            raise MarkdownError(lineno(i), N_("unknown extension {text}"), text=stripped)
        elif stripped.startswith(">"):
            start = i
            inner = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                inner.append(re.sub(r"^\s*>\s?", "", lines[i]))
                i += 1
            blocks.append(Quote(parse("\n".join(inner), lineno(start))))
        elif stripped.startswith("|"):
            start = i
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            if len(rows) < 2 or not _TABLE_RULE.match(rows[1].strip()):
                raise MarkdownError(lineno(start), N_("a table needs a header row and a --- row"))
            header = _cells(rows[0])
            body = [_cells(r) for r in rows[2:]]
            for offset, row in enumerate(body):
                if len(row) != len(header):
                    raise MarkdownError(lineno(start + 2 + offset),
                                        N_("this table row has {found} cells, "
                                           "the header {expected}"),
                                        found=len(row), expected=len(header))
            blocks.append(Table([parse_inline(c) for c in header],
                                [[parse_inline(c) for c in row] for row in body]))
        elif _BULLET.match(line):
            block, i = _parse_list(lines, i, lineno)
            blocks.append(block)
        else:
            para = []
            while i < len(lines):
                current = lines[i].strip()
                if (not current or _HEADING.match(current) or _BULLET.match(lines[i])
                        or current.startswith((">", "|", "[["))):
                    break
                para.append(current)
                i += 1
            blocks.append(Paragraph(parse_inline(" ".join(para))))
    return blocks


def _parse_list(lines: list[str], i: int, lineno) -> tuple[ListBlock, int]:
    first = _BULLET.match(lines[i])
    assert first is not None  # the caller saw a bullet on this line
    indent = len(first.group(1))
    ordered = first.group(2)[0].isdigit()
    block = ListBlock(ordered, [])
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            # A blank line ends the list unless the next line continues it.
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            m = _BULLET.match(nxt)
            if m and len(m.group(1)) >= indent and (m.group(2)[0].isdigit()) == ordered:
                i += 1
                continue
            break
        m = _BULLET.match(line)
        if m is None:
            if block.items and line.startswith(" "):  # continuation of the previous item
                item = block.items[-1]
                item.inlines = parse_inline(_item_source(item) + " " + line.strip())
                i += 1
                continue
            break
        depth = len(m.group(1))
        if depth < indent:
            break
        if depth > indent:
            if not block.items:
                raise MarkdownError(lineno(i), N_("a nested list must follow a list item"))
            if indent > 0:
                raise MarkdownError(lineno(i), N_("lists nest one level at most"))
            child, i = _parse_list(lines, i, lineno)
            block.items[-1].children.append(child)
            continue
        if m.group(2)[0].isdigit() != ordered:
            break
        body = m.group(3)
        checkbox = False
        if not ordered and body.startswith("[ ] "):
            checkbox, body = True, body[4:]
        item = ListItem(parse_inline(body), checkbox)
        item.source = body  # type: ignore[attr-defined]  # kept for continuation lines
        block.items.append(item)
        i += 1
    return block, i


def _item_source(item: ListItem) -> str:
    return getattr(item, "source", plain(item.inlines))


# Walking the tree ------------------------------------------------------------------------------


def headings(blocks) -> list[Heading]:
    return [b for b in blocks if isinstance(b, Heading)]


def all_links(blocks) -> list[Link]:
    found: list[Link] = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            found += links(block.inlines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                found += links(item.inlines)
                found += all_links(item.children)
        elif isinstance(block, Table):
            for cell in block.header + [c for row in block.rows for c in row]:
                found += links(cell)
        elif isinstance(block, Quote):
            found += all_links(block.blocks)
    return found


def structure(blocks) -> list[tuple]:
    """The shape both languages must share: heading levels, tables, lines, check boxes."""
    shape: list[tuple] = []
    for block in blocks:
        if isinstance(block, Heading):
            shape.append(("heading", block.level))
        elif isinstance(block, Table):
            shape.append(("table", len(block.header), len(block.rows), block.is_blank))
        elif isinstance(block, Lines):
            shape.append(("lines", block.count))
        elif isinstance(block, ListBlock):
            boxes = sum(item.checkbox for item in block.items)
            if boxes:
                shape.append(("checkboxes", boxes))
        elif isinstance(block, Quote):
            shape += structure(block.blocks)
    return shape


def plain_text(blocks) -> str:
    """Every word of the blocks, one block per line (for search and snippets)."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, (Heading, Paragraph)):
            out.append(plain(block.inlines))
        elif isinstance(block, ListBlock):
            for item in block.items:
                out.append(plain(item.inlines))
                if item.children:
                    out.append(plain_text(item.children))
        elif isinstance(block, Table):
            for row in [block.header, *block.rows]:
                cells = [plain(c).strip() for c in row]
                if any(cells):
                    out.append(" · ".join(c for c in cells if c))
        elif isinstance(block, Quote):
            out.append(plain_text(block.blocks))
    return "\n".join(out)
