"""Reports, blank paper forms and the review of written comments from the command line.

`--lang` here is the language of the document (fr, iu+en, bilingual...); messages stay in the
interface language (`toolkit --lang fr report ...`, or the setting: i18n.resolve).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from toolkit import i18n
from toolkit.errors import InputError
from toolkit.i18n import N_, _, ngettext
from toolkit.reports.labels import PAPER_SIZES


def _options(parser: argparse.ArgumentParser, out_help: str) -> argparse.ArgumentParser:
    parser.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=_("data folder to use"))
    parser.add_argument("--lang", dest="doc_lang", metavar="LANG",
                        help=_("language of the document: a language code (fr, iu...), two "
                               "joined by + to print them side by side (iu+en), or bilingual "
                               "for en+fr (default: the interface language)"))
    parser.add_argument("--out", required=True, type=Path, help=out_help)
    parser.add_argument("--paper", choices=list(PAPER_SIZES), default="letter",
                        help=_("paper size (default: letter)"))
    return parser


def register(sub, common) -> None:
    rep = _options(sub.add_parser("report", help=_("print a session's summary report (PDF)")),
                   _("PDF file to write"))
    rep.add_argument("sessions", nargs="*", metavar="SESSION",
                     help=_("session id (or its first characters); several sessions of one "
                            "community make a community report"))
    rep.add_argument("--community", metavar="NAME",
                     help=_("report on every session of this community"))
    rep.add_argument("--comments", action="store_true",
                     help=_("include the written comments chosen in the review"))
    rep.add_argument("--threshold", type=int, metavar="N",
                     help=_("hide results from fewer than N people (default: the setting)"))
    rep.set_defaults(handler=cmd_report)

    form = _options(sub.add_parser("blank-form", help=_("print a blank paper form (PDF)")),
                    _("PDF file to write"))
    form.add_argument("instrument", nargs="?", default="local-diagnosis",
                      help=_("questionnaire id (see 'toolkit instruments')"))
    form.add_argument("--large-print", action="store_true",
                      help=_("large print: every word 14 pt or more, bigger boxes"))
    form.set_defaults(handler=cmd_blank_form)

    com = common(sub.add_parser("comments", help=_("review written comments before printing")))
    csub = com.add_subparsers(dest="comments_command", metavar="ACTION", required=True)
    lst = common(csub.add_parser("list", help=_("list a session's written comments")))
    lst.add_argument("session", help=_("session id (or its first characters)"))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.set_defaults(handler=cmd_comments_list)
    for name, helptext in (("include", _("print this comment in reports")),
                           ("exclude", _("never print this comment"))):
        action = common(csub.add_parser(name, help=helptext))
        action.add_argument("session", help=_("session id (or its first characters)"))
        action.add_argument("respondent", type=int, help=_("respondent number"))
        action.add_argument("question", help=_("question id"))
        if name == "include":
            action.add_argument("--text", help=_("the wording to print (default: as written)"))
        action.set_defaults(handler=cmd_comments_review, decision=name)


def _document_language(args, kit) -> str:
    """The document's language (its own --lang, else the interface's). Messages stay in the
    interface language, which the global --lang or the setting chose (i18n.resolve)."""
    return args.doc_lang or i18n.language()


def _pages_written(path: Path, pages: int) -> str:
    return ngettext("{path}: {n} page", "{path}: {n} pages", pages).format(path=path, n=pages)


def check_threshold(kit, value: int | None) -> int:
    """The threshold to use: the setting, or a higher one; never a lower one
    (toolkit.disclosure.check_threshold)."""
    from toolkit import disclosure

    floor = kit.settings.small_group_threshold
    return floor if value is None else disclosure.check_threshold(value, floor)


def cmd_report(args, kit) -> int:
    from toolkit.reports.summary import ReportOptions, build_summary_report
    from toolkit.sessions import SessionService, clean_name

    lang = _document_language(args, kit)
    service = SessionService(kit.store)
    ids = [service.get(s).id for s in args.sessions]
    if args.community:
        wanted = clean_name(args.community).casefold()
        found = [s.id for s in service.list_sessions() if s.community.casefold() == wanted]
        if not found:
            raise InputError(N_("There are no sessions for the community {name}."),
                             name=args.community)
        ids += [sid for sid in found if sid not in ids]
    if not ids:
        raise InputError(N_("Name a session, or a community with --community."))
    options = ReportOptions(lang=lang, paper=args.paper, include_comments=args.comments,
                            threshold=check_threshold(kit, args.threshold))
    result = build_summary_report(kit.store, ids, args.out, options)
    print(_pages_written(result.path, result.pages))
    return 0


def cmd_blank_form(args, kit) -> int:
    from toolkit.questionnaire.catalogue import Catalogue
    from toolkit.reports.blank_form import build_blank_form

    lang = _document_language(args, kit)
    instrument = Catalogue(kit.store).get(args.instrument)
    pages = build_blank_form(instrument, args.out, lang, args.paper,
                             large_print=args.large_print)
    print(_pages_written(args.out, pages))
    return 0


STATES = {"include": N_("included"), "exclude": N_("excluded"),
          "unreviewed": N_("not reviewed")}


def cmd_comments_list(args, kit) -> int:
    from toolkit.comments import CommentService

    comments = CommentService(kit.store).list(args.session)
    if args.json:
        print(json.dumps([{"respondent": c.respondent_number, "question": c.question_id,
                           "state": c.state, "answer": c.answer, "text": c.text}
                          for c in comments], ensure_ascii=False, indent=2))
        return 0
    for c in comments:
        wording = "" if c.text == c.answer or c.decision != "include" else f"\t→ {c.text}"
        print(f"{c.respondent_number}\t{c.question_id}\t{_(STATES[c.state])}\t{c.answer}{wording}")
    return 0


def cmd_comments_review(args, kit) -> int:
    from toolkit.comments import CommentService
    from toolkit.sessions import SessionService

    sessions = SessionService(kit.store)
    session = sessions.get(args.session)
    respondent = next((r for r in sessions.respondents(session.id)
                       if r.number == args.respondent), None)
    if respondent is None:
        raise InputError(N_("There is no respondent {n} in this session."), n=args.respondent)
    comment = CommentService(kit.store).review(respondent.id, args.question, args.decision,
                                               getattr(args, "text", None))
    print(_(STATES[comment.state]))
    return 0
