"""Our Markdown subset, the loader's validation (errors name the file), library checks."""

from pathlib import Path

import pytest

from toolkit.errors import describe
from toolkit.guides import markdown as md
from toolkit.guides.html import piece_html
from toolkit.guides.library import GuideError, Library, parse_piece
from toolkit.i18n import set_language

FRONT = """+++
title = "{title}"
summary = "A summary."
kind = "{kind}"
tags = ["planning"]
order = 10
related = []
sections = []
+++

"""


def write(folder: Path, lang: str, slug: str, body: str, title="A title", kind="guide") -> Path:
    path = folder / lang / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(title=title, kind=kind) + body, encoding="utf-8")
    return path


def test_inline_bold_italic_links_and_escapes():
    runs = md.parse_inline("a **b** *c* [d *e*](guide:x) \\*f\\* 2 * 3")
    assert runs == (md.Text("a "), md.Strong((md.Text("b"),)), md.Text(" "),
                    md.Emph((md.Text("c"),)), md.Text(" "),
                    md.Link("guide:x", (md.Text("d "), md.Emph((md.Text("e"),)))),
                    md.Text(" *f* 2 * 3"))
    assert md.plain(runs) == "a b c d e *f* 2 * 3"


def test_blocks_of_the_subset():
    blocks = md.parse("""## Heading

A paragraph
on two lines.

- one
  - nested
- two

1. first
2. second

- [ ] tick me
- [ ] and me

> **Tip:** a tip.

| A | B |
| --- | --- |
| x |   |

| C | D |
| --- | --- |
|   |   |

[[lines:3]]
""")
    kinds = [type(b).__name__ for b in blocks]
    assert kinds == ["Heading", "Paragraph", "ListBlock", "ListBlock", "ListBlock", "Quote",
                     "Table", "Table", "Lines"]
    assert md.plain(blocks[1].inlines) == "A paragraph on two lines."
    assert md.plain(blocks[2].items[0].children[0].items[0].inlines) == "nested"
    assert blocks[3].ordered and len(blocks[3].items) == 2
    assert all(item.checkbox for item in blocks[4].items)
    assert not blocks[6].is_blank and blocks[7].is_blank
    assert blocks[8].count == 3
    assert md.structure(blocks) == [("heading", 2), ("checkboxes", 2), ("table", 2, 1, False),
                                    ("table", 2, 1, True), ("lines", 3)]


@pytest.mark.parametrize("source, line, words", [
    ("text\n\n# Title", 3, "headings must be"),
    ("[[lines:0]]", 1, "from 1 to 20"),
    ("[[boxes:2]]", 1, "unknown extension"),
    ("| a | b |\n| --- | --- |\n| x |", 3, "cells"),
    ("| a | b |\n| x | y |", 1, "header row"),
    ("- a\n  - b\n    - c", 3, "one level"),
])
def test_constructs_outside_the_subset_name_the_line(source, line, words):
    with pytest.raises(md.MarkdownError) as caught:
        md.parse(source)
    assert caught.value.line == line
    assert words in str(caught.value)


@pytest.mark.parametrize("text, words", [
    ("no front matter", "front matter"),
    ("+++\ntitle = \n+++\n", "TOML"),
    (FRONT.replace('kind = "{kind}"', 'kind = "poster"').format(title="t"), "kind"),
    (FRONT.replace("order = 10", 'order = "ten"').format(title="t", kind="guide"), "order"),
    (FRONT.replace('"planning"', '"cooking"').format(title="t", kind="guide"), "tags"),
    (FRONT.format(title="t", kind="guide") + "See [the web](https://example.org).", "guide:"),
    (FRONT.format(title="t", kind="guide") + "\n\n# Big", "line 13"),
])
def test_a_bad_file_gives_an_error_naming_it(tmp_path, text, words):
    path = tmp_path / "en" / "bad-piece.md"
    with pytest.raises(GuideError) as caught:
        parse_piece(text, path, "en")
    message = describe(caught.value)
    assert str(path) in message and words in message
    set_language("fr")
    assert "Fichier de guide" in describe(caught.value)


def test_loading_a_folder_with_a_bad_file_fails_naming_it(tmp_path):
    write(tmp_path, "en", "good", "Text.")
    bad = tmp_path / "fr" / "good.md"
    bad.parent.mkdir()
    bad.write_text("+++\ntitle = 'x'\n", encoding="utf-8")
    with pytest.raises(GuideError, match="good.md"):
        Library.load(tmp_path)


def test_library_problems_find_missing_translation_mismatch_and_broken_links(tmp_path):
    write(tmp_path, "en", "alpha",
          "## One\n\n## Two\n\nSee [beta](guide:beta) and [x](guide:nope).")
    write(tmp_path, "fr", "alpha", "## Un\n\nVoir [bêta](guide:beta).", title="Un titre")
    write(tmp_path, "en", "beta", "Text.")
    library = Library.load(tmp_path)
    problems = library.problems()
    assert "beta: no fr version" in problems
    assert any("alpha: structure differs" in p for p in problems)
    assert "en/alpha: link to missing guide:nope" in problems
    assert "fr/alpha: link to missing guide:beta" in problems
    assert library.get("beta", "fr").lang == "en"  # falls back rather than failing


def test_html_renders_headings_links_tables_and_worksheet_space(tmp_path):
    path = write(tmp_path, "en", "sheet", "## Part\n\nSee [other](guide:other).\n\n"
                 "| Who | Notes |\n| --- | --- |\n|   |   |\n\n- [ ] Done\n\n[[lines:2]]\n",
                 kind="worksheet")
    piece = parse_piece(path.read_text(encoding="utf-8"), path, "en")
    html = piece_html(piece)
    assert '<a name="section-1"></a>Part</h2>' in html
    assert '<a href="guide:other">other</a>' in html
    assert "<th" in html and "&nbsp;<br/>&nbsp;" in html
    assert "\u2610" in html
    assert html.count("border-bottom") == 2
