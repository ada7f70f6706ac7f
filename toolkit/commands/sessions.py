"""Questionnaires, sessions, responses as CSV or XLSX, and demo data from the command line."""

import json
from pathlib import Path

from toolkit import languages
from toolkit.i18n import N_, _, format_date, language, ngettext
from toolkit.sessions import SessionService
from toolkit.vocabulary import MODES, SESSION_STATUSES


def register(sub, common) -> None:
    common(sub.add_parser("demo", help=_("add a demo community with completed sessions"))
           ).set_defaults(handler=cmd_demo)

    p = common(sub.add_parser("session", help=_("create, list and manage sessions")))
    ssub = p.add_subparsers(dest="session_command", metavar="ACTION", required=True)
    new = common(ssub.add_parser("new", help=_("create a session; prints its id")))
    new.add_argument("--community", required=True, help=_("community name, as written locally"))
    new.add_argument("--instrument", help=_("questionnaire id (see 'toolkit instruments')"))
    new.add_argument("--date", help=_("session date, YYYY-MM-DD (default: today)"))
    new.add_argument("--mode", default="facilitator", choices=sorted(MODES),
                     help=_("how answers are collected"))
    new.add_argument("--language", choices=languages.codes(), help=_("language of the session"))
    new.add_argument("--place", default="", help=_("where the session is held"))
    new.add_argument("--facilitator", default="", help=_("who facilitates"))
    new.set_defaults(handler=cmd_session_new)
    lst = common(ssub.add_parser("list", help=_("list sessions")))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.add_argument("--trash", action="store_true", help=_("list the sessions in the trash"))
    lst.set_defaults(handler=cmd_session_list)
    for name, helptext, handler in (
            ("close", _("close a session (no more answers)"), "close"),
            ("reopen", _("reopen a closed session"), "reopen"),
            ("delete", _("move a session to the trash"), "trash"),
            ("restore", _("bring a session back from the trash"), "restore")):
        action = common(ssub.add_parser(name, help=helptext))
        action.add_argument("session", help=_("session id (or its first characters)"))
        action.set_defaults(handler=cmd_session_action, action=handler)
    common(ssub.add_parser("empty-trash", help=_("delete the sessions in the trash for good"))
           ).set_defaults(handler=cmd_empty_trash)

    r = common(sub.add_parser("responses",
                              help=_("export or import responses as CSV or XLSX")))
    rsub = r.add_subparsers(dest="responses_command", metavar="ACTION", required=True)
    exp = common(rsub.add_parser(
        "export", help=_("write a session's responses to a CSV or XLSX file")))
    exp.add_argument("session", help=_("session id (or its first characters)"))
    exp.add_argument("--out", required=True, type=Path,
                     help=_("file to write (.csv or .xlsx)"))
    exp.add_argument("--format", choices=["csv", "xlsx"],
                     help=_("file format (default: from the file's extension)"))
    exp.add_argument("--multi", choices=["columns", "cell"], default="columns",
                     help=_("multiple choices: one 0/1 column per option, or all in one cell"))
    exp.add_argument("--values", choices=["labels", "codes"], default="labels",
                     help=_("answers as labels (words) or as codes"))
    exp.add_argument("--language", choices=languages.codes(),
                     help=_("language of the labels (default: the session's)"))
    exp.set_defaults(handler=cmd_responses_export)
    imp = common(rsub.add_parser(
        "import", help=_("add or update a session's responses from a CSV or XLSX file")))
    imp.add_argument("session", help=_("session id (or its first characters)"))
    imp.add_argument("file", type=Path, help=_("CSV or XLSX file to read"))
    imp.add_argument("--check", action="store_true",
                     help=_("only report what would change; change nothing"))
    imp.set_defaults(handler=cmd_responses_import)


def cmd_demo(args, kit) -> int:
    """Session ids on stdout (for scripts), what was made on stderr (for people)."""
    import sys

    from toolkit.demo import DEMO_COMMUNITY, add_demo, existing_demo

    service = SessionService(kit.store)
    sessions = existing_demo(service)
    if sessions:
        print(_("The demo community {name} is already there; nothing was added.").format(
            name=DEMO_COMMUNITY), file=sys.stderr)
    else:
        sessions = add_demo(service)
        print(ngettext("Added the demo community {name} with {n} session:",
                       "Added the demo community {name} with {n} sessions:",
                       len(sessions)).format(name=DEMO_COMMUNITY, n=len(sessions)),
              file=sys.stderr)
    for session in sessions:
        print(session.id)
        print("  " + ngettext("{title}, {date}, {n} respondent", "{title}, {date}, {n} respondents",
                              session.respondents).format(
            title=session.title, date=format_date(session.session_date), n=session.respondents),
            file=sys.stderr)
    return 0


def cmd_session_new(args, kit) -> int:
    session = SessionService(kit.store).create_session(
        args.community, args.instrument, args.date, mode=args.mode,
        language=args.language or language(), place=args.place, facilitator=args.facilitator)
    print(session.id)
    return 0


def cmd_session_list(args, kit) -> int:
    sessions = SessionService(kit.store).list_sessions(trash=args.trash)
    if args.json:
        print(json.dumps([{
            "id": s.id, "community": s.community, "date": s.session_date, "mode": s.mode,
            "instrument": s.instrument_id, "language": s.language, "status": s.status,
            "place": s.place, "facilitator": s.facilitator, "respondents": s.respondents,
            "completed": s.completed, "revision": s.revision,
        } for s in sessions], ensure_ascii=False, indent=2))
        return 0
    for s in sessions:  # for people (in their language); --json is for scripts
        print("\t".join([s.id, format_date(s.session_date), s.community, _(MODES[s.mode]),
                         _(SESSION_STATUSES[s.status]), str(s.respondents)]))
    return 0


# What each action changes, and what it says when there was nothing to change.
_DONE = {
    "close": N_("Closed the session {label}: no more answers can be added "
                "('toolkit session reopen {short}' reopens it)."),
    "reopen": N_("Reopened the session {label}: answers can be added again."),
    "trash": N_("Moved the session {label} to the trash ('toolkit session restore {short}' "
                "brings it back)."),
    "restore": N_("Brought the session {label} back from the trash."),
}
_ALREADY = {
    "close": N_("The session {label} was already closed; nothing changed."),
    "reopen": N_("The session {label} was already open; nothing changed."),
    "trash": N_("The session {label} was already in the trash; nothing changed."),
    "restore": N_("The session {label} is not in the trash; nothing changed."),
}


def _label(session) -> str:
    name = ", ".join(p for p in (session.community, session.title,
                                 format_date(session.session_date)) if p)
    return f"{name} ({session.id[:8]})"


def cmd_session_action(args, kit) -> int:
    service = SessionService(kit.store)
    session = service.get(args.session)
    trashed = session.deleted_at is not None
    already = {"close": session.status == "closed", "reopen": session.status == "open",
               "trash": trashed, "restore": not trashed}[args.action]
    values = {"label": _label(session), "short": session.id[:8]}
    if already:
        print(_(_ALREADY[args.action]).format(**values))
        return 0
    getattr(service, args.action)(session.id)
    print(_(_DONE[args.action]).format(**values))
    return 0


def cmd_empty_trash(args, kit) -> int:
    count = SessionService(kit.store).empty_trash()
    if not count:
        print(_("The trash was already empty; nothing was deleted."))
    else:
        print(ngettext("{n} session was deleted for good from the trash.",
                       "{n} sessions were deleted for good from the trash.", count).format(n=count))
    return 0


def cmd_responses_export(args, kit) -> int:
    from toolkit.exchange.responses import export_responses
    from toolkit.exchange.spreadsheet import SheetOptions

    service = SessionService(kit.store)
    session = service.get(args.session)
    options = SheetOptions(multi=args.multi, values=args.values,
                           language=args.language or session.language)
    count = export_responses(service, session, args.out, args.format, options)
    print(ngettext("{n} row written to {path}.", "{n} rows written to {path}.", count).format(
        n=count, path=args.out))
    return 0


def cmd_responses_import(args, kit) -> int:
    from toolkit.exchange.responses import import_responses

    service = SessionService(kit.store)
    plan = import_responses(service, service.get(args.session), args.file, check=args.check)
    if args.check:
        print(_("Check only: nothing was changed."))
    print("\n".join(plan.lines()))
    return 0
