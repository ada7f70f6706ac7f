"""Rounds from the command line: make them, put sessions in them, list and compare them."""

from __future__ import annotations

import json

from toolkit.i18n import _, ngettext


def COMMUNITY_HELP() -> str:  # noqa: N802 - a constant, translated when asked for
    return _("the community whose rounds these are (where rounds of several communities "
             "share a name, as at the hub)")


def register(sub, common) -> None:
    from toolkit.commands.reports import _options

    p = common(sub.add_parser("round", help=_("make rounds of a community's diagnosis and "
                                               "compare them")))
    rsub = p.add_subparsers(dest="round_command", metavar="ACTION", required=True)
    new = common(rsub.add_parser("new", help=_("make a round; prints its id")))
    new.add_argument("--community", required=True, help=_("community name, as written locally"))
    new.add_argument("--name", required=True, help=_("name of the round, for example "
                                                     "\"2026 baseline\""))
    new.set_defaults(handler=cmd_round_new)
    assign = common(rsub.add_parser("assign", help=_("put sessions in a round")))
    assign.add_argument("round", help=_("round id (or its first characters) or exact name"))
    assign.add_argument("sessions", nargs="+", metavar="SESSION",
                        help=_("session id (or its first characters)"))
    assign.add_argument("--community", metavar="NAME", help=COMMUNITY_HELP())
    assign.set_defaults(handler=cmd_round_assign)
    lst = common(rsub.add_parser("list", help=_("list rounds")))
    lst.add_argument("--community", metavar="NAME", help=_("only this community's rounds"))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.set_defaults(handler=cmd_round_list)
    cmp = _options(rsub.add_parser("compare", help=_("compare two rounds of a community "
                                                      "(PDF)")), _("PDF file to write"))
    cmp.add_argument("round_a", metavar="ROUND_A",
                     help=_("the earlier round: id (or its first characters) or exact name"))
    cmp.add_argument("round_b", metavar="ROUND_B",
                     help=_("the later round: id (or its first characters) or exact name"))
    cmp.add_argument("--community", metavar="NAME", help=COMMUNITY_HELP())
    cmp.set_defaults(handler=cmd_round_compare)


def cmd_round_new(args, kit) -> int:

    made = kit.rounds.create(args.community, args.name)
    print(made.id)
    return 0


def cmd_round_assign(args, kit) -> int:

    rounds = kit.rounds
    target = rounds.assign(args.round, args.sessions, community=args.community)
    print(ngettext("{n} session is now in the round {name} ({community}).",
                   "{n} sessions are now in the round {name} ({community}).",
                   len(args.sessions)).format(n=len(args.sessions), name=target.name,
                                              community=target.community))
    return 0


def cmd_round_list(args, kit) -> int:

    community = (kit.sessions.community_id(args.community, create=False)
                 if args.community is not None else None)
    rounds = kit.rounds.list(community)
    if args.json:
        print(json.dumps([r.to_json() for r in rounds], ensure_ascii=False, indent=2))
        return 0
    if not rounds:
        print(_("No rounds yet. Make one with 'toolkit round new'."))
    for r in rounds:
        print("\t".join([r.id[:8], r.community, r.name,
                         ngettext("{n} session", "{n} sessions", r.sessions).format(n=r.sessions),
                         ngettext("{n} respondent", "{n} respondents", r.respondents).format(
                             n=r.respondents)]))
    return 0


def cmd_round_compare(args, kit) -> int:
    from toolkit.commands.reports import _document_language, _pages_written
    from toolkit.reports.summary import ReportOptions

    lang = _document_language(args, kit)
    options = ReportOptions(lang=lang, paper=args.paper,
                            threshold=kit.settings.small_group_threshold)
    result = kit.reports.comparison(args.round_a, args.round_b, args.out, options,
                                    community=args.community)
    print(_pages_written(result.path, result.pages))
    return 0
