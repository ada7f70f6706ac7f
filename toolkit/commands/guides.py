"""`toolkit guides list | search QUERY | show SLUG | pdf SLUG`: the library without the GUI.

Output is in the language of --lang (or the saved interface language). Search looks in both
languages and shows each piece in the preferred language when it matches there.
"""

import argparse
import json
from pathlib import Path

from toolkit import i18n
from toolkit.guides.library import KINDS, bundled_library, kind_label
from toolkit.i18n import _


def register(sub, common) -> None:
    p = common(sub.add_parser("guides", help=_("browse, search, read and print the guides")))
    gsub = p.add_subparsers(dest="guides_command", metavar="ACTION", required=True)

    lst = common(gsub.add_parser("list", help=_("list guides, worksheets and the glossary")))
    lst.add_argument("--kind", choices=KINDS, help=_("only this kind of piece"))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.set_defaults(handler=cmd_list)

    search = common(gsub.add_parser("search", help=_("search titles and text in both languages")))
    search.add_argument("query", help=_("words to look for (accents and case do not matter)"))
    search.add_argument("--json", action="store_true", help=_("machine-readable output"))
    search.set_defaults(handler=cmd_search)

    show = common(gsub.add_parser("show", help=_("print a guide or worksheet as text")))
    show.add_argument("slug", help=_("the piece's name, as shown by 'toolkit guides list'"))
    show.set_defaults(handler=cmd_show)

    # Not common(): here --lang is the paper's language or pair (iu+en, bilingual).
    pdf = gsub.add_parser("pdf", help=_("save guides or worksheets as a PDF file"))
    pdf.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                     help=_("data folder to use"))
    pdf.add_argument("--lang", dest="doc_lang", metavar="LANG",
                     help=_("language of the document: a language code (fr, iu...), two "
                            "joined by + to print them side by side (iu+en), or bilingual "
                            "for en+fr (default: the interface language)"))
    pdf.add_argument("slugs", nargs="+", metavar="SLUG",
                     help=_("the piece's name, as shown by 'toolkit guides list'"))
    pdf.add_argument("--out", required=True, type=Path, help=_("PDF file to write"))
    pdf.add_argument("--paper", choices=["letter", "a4"], default="letter",
                     help=_("paper size (default: letter)"))
    pdf.set_defaults(handler=cmd_pdf)


def cmd_list(args, kit) -> int:
    lang = i18n.language()
    pieces = bundled_library().pieces(lang, kind=args.kind)
    if args.json:
        print(json.dumps([{"slug": p.slug, "kind": p.kind, "title": p.title,
                           "summary": p.summary, "tags": list(p.tags),
                           "sections": list(p.sections), "lang": p.lang} for p in pieces],
                         ensure_ascii=False, indent=2))
        return 0
    for piece in pieces:
        print(f"{piece.slug}\t{kind_label(piece.kind)}\t{piece.title}")
    return 0


def cmd_search(args, kit) -> int:
    from toolkit.guides.search import bundled_index

    results = bundled_index().search(args.query, prefer=i18n.language())
    if args.json:
        print(json.dumps([{"slug": r.slug, "lang": r.lang, "title": r.piece.title,
                           "snippet": r.snippet.text, "highlights": r.snippet.spans}
                          for r in results], ensure_ascii=False, indent=2))
        return 0
    if not results:
        print(_("Nothing found for {query}.").format(query=args.query))
        return 0
    for r in results:
        print(f"{r.slug}\t[{r.lang}]\t{r.title.marked('[', ']')}")
        print(f"    {r.snippet.marked('[', ']')}")
    return 0


def cmd_show(args, kit) -> int:
    piece = bundled_library().get(args.slug, i18n.language())
    print(piece.title)
    print("=" * len(piece.title))
    print()
    print(piece.summary)
    print()
    print(piece.source)
    return 0


def cmd_pdf(args, kit) -> int:
    from toolkit.guides.pdf import write_pdf

    mode = args.doc_lang or i18n.language()  # messages stay in the interface language
    library = bundled_library()
    for slug in args.slugs:
        library.get(slug, "en")  # an unknown name fails here, before any file is written
    write_pdf(args.slugs, args.out, mode, paper=args.paper, library=library,
              first=i18n.language())
    print(_("Saved {path}.").format(path=args.out))
    return 0
