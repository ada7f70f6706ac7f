"""Plans from the command line: start one, seed it from a round, edit every part, print it.

Every edit prints what it did and the plan's new version; `show --json` and `history --json`
are for scripts. Items are named by number (as `show` lists them), id or exact title.
"""

from __future__ import annotations

import json

from toolkit.errors import InputError
from toolkit.i18n import N_, _, language, ngettext

AREA_CHOICES = ("social_development", "prevention", "risk_intervention", "incident_response")
STATUS_CHOICES = ("planned", "under_way", "done", "on_hold", "dropped")
KIND_CHOICES = ("organisation", "service", "program", "place", "role")
TERM_CHOICES = ("short", "medium", "long")


def register(sub, common) -> None:
    from toolkit.commands.reports import _options

    p = common(sub.add_parser("plan", help=_("the community safety and well-being plan: "
                                              "priorities, actions, indicators")))
    psub = p.add_subparsers(dest="plan_command", metavar="ACTION", required=True)

    def command(name: str, helptext: str, handler, priority: bool = False):
        parser = common(psub.add_parser(name, help=helptext))
        parser.add_argument("community", metavar="COMMUNITY",
                            help=_("community name, as written locally"))
        if priority:
            parser.add_argument("priority", metavar="PRIORITY",
                                help=_("priority number (as 'plan show' lists it), id or "
                                       "title"))
        parser.add_argument("--expect-version", type=int, metavar="N", dest="expected",
                            help=_("refuse the change unless the plan is at version N"))
        parser.set_defaults(handler=handler)
        return parser

    new = command("new", _("start the community's plan"), cmd_new)
    new.add_argument("--title", default="", help=_("title of the plan"))

    show = command("show", _("show the plan (or one of its versions)"), cmd_show)
    show.add_argument("--json", action="store_true", help=_("machine-readable output"))
    show.add_argument("--version", type=int, metavar="N", dest="plan_version",
                      help=_("show version N instead of the current plan"))

    hist = command("history", _("list the plan's saved versions"), cmd_history)
    hist.add_argument("--json", action="store_true", help=_("machine-readable output"))

    pri = command("priorities", _("offer candidate priorities from a round's diagnosis, "
                                  "and add the ones chosen"), cmd_priorities)
    pri.add_argument("--from-round", required=True, metavar="ROUND", dest="round",
                     help=_("round id (or its first characters) or exact name"))
    pri.add_argument("--add", metavar="NUMBERS",
                     help=_("add these candidates (numbers as listed, separated by commas, "
                            "or 'all')"))
    pri.add_argument("--json", action="store_true", help=_("machine-readable output"))

    add = command("add-priority", _("add a priority"), cmd_add_priority)
    add.add_argument("title", help=_("title of the priority"))
    add.add_argument("--area", choices=AREA_CHOICES, help=_("area of the framework"))
    add.add_argument("--position", type=int, metavar="N", help=_("put it at position N"))

    edit = command("set-priority", _("change a priority's title, area or factors"),
                   cmd_set_priority, priority=True)
    edit.add_argument("--title", help=_("new title"))
    edit.add_argument("--area", choices=AREA_CHOICES + ("none",), help=_("area of the framework"))
    edit.add_argument("--risk", action="append", metavar="TEXT",
                      help=_("add a risk factor (repeat for several)"))
    edit.add_argument("--protective", action="append", metavar="TEXT",
                      help=_("add a protective factor (repeat for several)"))

    merge = command("merge", _("merge priorities into the first one named"), cmd_merge)
    merge.add_argument("priorities", nargs="+", metavar="PRIORITY",
                       help=_("priority number, id or title (two or more)"))
    merge.add_argument("--title", help=_("title of the merged priority"))

    move = command("move", _("move a priority to another position"), cmd_move, priority=True)
    move.add_argument("position", type=int, metavar="POSITION", help=_("new position (1 is "
                                                                        "first)"))

    command("remove-priority", _("remove a priority"), cmd_remove_priority, priority=True)
    for name, item, helptext in (
            ("remove-action", "action", _("remove an action from a priority")),
            ("remove-indicator", "indicator", _("remove an indicator from a priority"))):
        rm = command(name, helptext, cmd_remove_item, priority=True)
        rm.add_argument("item", metavar=item.upper(), help=_("its number, id or text"))
        rm.set_defaults(item_kind=item)

    asset = command("add-asset", _("add an asset to the community's register"), cmd_add_asset)
    asset.add_argument("name", help=_("name of the organisation, service, program, place or "
                                      "role"))
    asset.add_argument("--kind", required=True, choices=KIND_CHOICES, help=_("kind of asset"))
    asset.add_argument("--sector", default="", help=_("sector, for example health or "
                                                      "education"))
    asset.add_argument("--contact", default="", help=_("contact notes (stay on this "
                                                       "computer)"))

    rma = command("remove-asset", _("remove an asset from the register (and from every "
                                    "priority)"), cmd_remove_asset)
    rma.add_argument("asset", metavar="ASSET", help=_("asset number, id or name"))

    link = command("link-asset", _("name an asset of the register that a priority builds on"),
                   cmd_link_asset, priority=True)
    link.add_argument("asset", metavar="ASSET", help=_("asset number, id or name"))
    link.add_argument("--unlink", action="store_true", help=_("remove the link instead"))

    def action_options(parser, adding: bool) -> None:
        parser.add_argument("--lead", help=_("who leads it"))
        parser.add_argument("--partner", action="append", metavar="NAME", dest="partners",
                            help=_("a partner (repeat for several)"))
        parser.add_argument("--start", metavar="YYYY-MM-DD", help=_("start date"))
        parser.add_argument("--end", metavar="YYYY-MM-DD", help=_("end date"))
        parser.add_argument("--resources", help=_("resources it needs"))
        parser.add_argument("--status", choices=STATUS_CHOICES,
                            default="planned" if adding else None, help=_("status"))

    act = command("add-action", _("add an action to a priority"), cmd_add_action,
                  priority=True)
    act.add_argument("what", help=_("what will be done"))
    action_options(act, True)
    sact = command("set-action", _("change an action"), cmd_set_action, priority=True)
    sact.add_argument("action", metavar="ACTION", help=_("action number, id or text"))
    sact.add_argument("--what", help=_("what will be done"))
    action_options(sact, False)

    out = command("add-outcome", _("add an expected outcome to a priority"), cmd_add_outcome,
                  priority=True)
    out.add_argument("--term", required=True, choices=TERM_CHOICES,
                     help=_("short, medium or long term"))
    out.add_argument("text", help=_("the outcome"))

    outp = command("add-output", _("add an output (what the actions produce) to a priority"),
                   cmd_add_output, priority=True)
    outp.add_argument("text", help=_("the output"))

    def indicator_options(parser) -> None:
        parser.add_argument("--baseline", help=_("the baseline"))
        parser.add_argument("--target", help=_("the target"))
        parser.add_argument("--source", dest="data_source", help=_("where the data comes "
                                                                   "from"))
        parser.add_argument("--figure", metavar="QUESTION[:KEY]",
                            help=_("follow a questionnaire figure from each round, for example "
                                   "safe_night or priority_actions:housing (see 'plan "
                                   "figures')"))

    ind = command("add-indicator", _("add an indicator to a priority"), cmd_add_indicator,
                  priority=True)
    ind.add_argument("definition", help=_("what the indicator measures"))
    indicator_options(ind)
    sind = command("set-indicator", _("change an indicator"), cmd_set_indicator,
                   priority=True)
    sind.add_argument("indicator", metavar="INDICATOR", help=_("indicator number, id or "
                                                               "definition"))
    sind.add_argument("--definition", help=_("what the indicator measures"))
    indicator_options(sind)
    sind.add_argument("--no-figure", action="store_true",
                      help=_("stop following a questionnaire figure"))

    fig = command("figures", _("list the questionnaire figures an indicator can follow"),
                  cmd_figures)
    fig.add_argument("--json", action="store_true", help=_("machine-readable output"))

    prt = _options(psub.add_parser("print", help=_("print the plan (PDF)")),
                   _("PDF file to write"))
    prt.add_argument("community", metavar="COMMUNITY", help=_("community name, as written "
                                                              "locally"))
    prt.set_defaults(handler=cmd_print)


# -- helpers --------------------------------------------------------------------------------

def _service(kit):
    from toolkit.plan.service import PlanService

    return PlanService(kit.store)


def _saved(service, community: str, message: str, **values) -> int:
    current = service.get(community)
    print(_(message).format(**values) + " " + _("The plan is now at version {n}.").format(
        n=current.version))
    return 0


def _threshold(kit) -> int:
    from toolkit import disclosure

    return disclosure.check_threshold(kit.settings.small_group_threshold)


# -- commands -------------------------------------------------------------------------------

def cmd_new(args, kit) -> int:
    service = _service(kit)
    made = service.create(args.community, args.title)
    print(_("Started the plan of {community} (version {n}).").format(
        community=made.community, n=made.version))
    return 0


def cmd_show(args, kit) -> int:
    from toolkit.plan import text

    service = _service(kit)
    shown = service.version(args.community, args.plan_version) if args.plan_version \
        else service.get(args.community)
    if args.json:
        print(json.dumps(text.plan_json(kit.store, shown, _threshold(kit)),
                         ensure_ascii=False, indent=2))
        return 0
    print("\n".join(text.plan_lines(kit.store, shown, _threshold(kit), language())))
    return 0


def cmd_history(args, kit) -> int:
    from toolkit.i18n import format_datetime
    from toolkit.plan.service import describe_note

    service = _service(kit)
    versions = service.history(args.community)
    if args.json:
        print(json.dumps([v.to_json() for v in versions], ensure_ascii=False, indent=2))
        return 0
    if not versions:
        print(_("This community has no plan yet. Start one with 'toolkit plan new'."))
    for v in versions:
        print("\t".join([str(v.version), format_datetime(v.saved_at), describe_note(v.note)]))
    return 0


def cmd_priorities(args, kit) -> int:
    from toolkit.plan.seeding import candidates
    from toolkit.plan.words import measure_text

    service = _service(kit)
    cid, name = service.community(args.community)
    target = kit.rounds.get(args.round)
    if target.community_id != cid:
        raise InputError(N_("The round {round} is a round of {other}, not of {community}."),
                         round=target.name, other=target.community, community=name)
    seeds = candidates(kit.store, target.id, _threshold(kit))
    current = service.current(cid)
    in_plan = {s for p in current.plan.priorities for s in _keys(p)} if current else set()
    lang = language()
    if args.add:
        if current is None:
            raise InputError(N_("{community} has no plan yet. Start one with 'toolkit plan "
                                "new'."), community=name)
        chosen = _chosen(args.add, len(seeds.candidates))
        added = 0
        for index in chosen:
            candidate = seeds.candidates[index]
            if _key(candidate.source) in in_plan:
                print(_("Already in the plan: {title}").format(title=candidate.title_in(lang)))
                continue
            service.add_priority(cid, candidate.title_in(lang), sources=[candidate.source],
                                 expected=args.expected)
            in_plan.add(_key(candidate.source))
            args.expected = None if args.expected is None else args.expected + 1
            added += 1
        if not added:
            print(_("Nothing was added; the plan is still at version {n}.").format(
                n=service.get(cid).version))
            return 0
        return _saved(service, cid, ngettext("{n} priority added.", "{n} priorities added.",
                                             added), n=added)
    if args.json:
        print(json.dumps({"round": target.name, "threshold": seeds.threshold,
                          "withheld": seeds.withheld,
                          "candidates": [dict(c.to_json(lang), number=i + 1,
                                              in_plan=_key(c.source) in in_plan)
                                         for i, c in enumerate(seeds.candidates)]},
                         ensure_ascii=False, indent=2))
        return 0
    kinds = {"finding": _("key finding"), "ranking": _("ranking"), "votes": _("group vote")}
    if not seeds.candidates:
        print(_("This round offers no candidate priorities: too few people answered the "
                "questions they come from (fewer than {n}).").format(n=seeds.threshold))
    for i, c in enumerate(seeds.candidates):
        mark = "  " + _("(in the plan)") if _key(c.source) in in_plan else ""
        print(f"{i + 1}\t{kinds[c.source.kind]}\t{c.title_in(lang)}{mark}")
        for m in c.measures:
            print("\t\t" + measure_text(m, lang))
    if seeds.withheld:
        print(ngettext("Withheld because fewer than {n} people answered: {count} question.",
                       "Withheld because fewer than {n} people answered: {count} questions.",
                       len(seeds.withheld)).format(n=seeds.threshold, count=len(seeds.withheld)))
    if seeds.candidates:
        print(_("Add some with: toolkit plan priorities COMMUNITY --from-round ROUND --add 1,3"))
    return 0


def _key(source) -> tuple:
    return (source.kind, source.instrument_id, source.question_id, source.choice_id)


def _keys(priority) -> list[tuple]:
    return [_key(s) for s in priority.sources]


def _chosen(spec: str, count: int) -> list[int]:
    if spec.strip().lower() in ("all", "tout", "toutes", "tous"):
        return list(range(count))
    out = []
    for part in spec.split(","):
        part = part.strip()
        if not part.isdigit() or not 1 <= int(part) <= count:
            raise InputError(N_("{value} is not the number of a candidate (1 to {count})."),
                             value=part, count=count)
        out.append(int(part) - 1)
    return list(dict.fromkeys(out))


def cmd_add_priority(args, kit) -> int:
    service = _service(kit)
    added = service.add_priority(args.community, args.title, args.area, position=args.position,
                                 expected=args.expected)
    return _saved(service, args.community, N_("Added the priority {title}."), title=added.title)


def cmd_set_priority(args, kit) -> int:
    from toolkit.plan.service import UNSET

    service = _service(kit)
    current = service.get(args.community).plan
    before = service.priority(current, args.priority)
    changed = service.set_priority(
        args.community, args.priority, title=args.title,
        area=UNSET if args.area is None else (None if args.area == "none" else args.area),
        risk_factors=None if not args.risk else before.risk_factors + args.risk,
        protective_factors=None if not args.protective
        else before.protective_factors + args.protective, expected=args.expected)
    return _saved(service, args.community, N_("Changed the priority {title}."),
                  title=changed.title)


def cmd_merge(args, kit) -> int:
    service = _service(kit)
    merged = service.merge_priorities(args.community, args.priorities, args.title,
                                      expected=args.expected)
    return _saved(service, args.community, N_("Merged into the priority {title}."),
                  title=merged.title)


def cmd_move(args, kit) -> int:
    service = _service(kit)
    service.move_priority(args.community, args.priority, args.position, expected=args.expected)
    return _saved(service, args.community, N_("Moved the priority."))


def cmd_remove_priority(args, kit) -> int:
    service = _service(kit)
    removed = service.remove_priority(args.community, args.priority, expected=args.expected)
    return _saved(service, args.community, N_("Removed the priority {title} (earlier versions "
                                              "keep it)."), title=removed.title)


def cmd_add_asset(args, kit) -> int:
    service = _service(kit)
    asset = service.add_asset(args.community, args.name, args.kind, args.sector, args.contact,
                              expected=args.expected)
    return _saved(service, args.community, N_("Added {name} to the asset register."),
                  name=asset.name)


def cmd_remove_asset(args, kit) -> int:
    service = _service(kit)
    asset = service.remove_asset(args.community, args.asset, expected=args.expected)
    return _saved(service, args.community, N_("Removed {name} from the asset register."),
                  name=asset.name)


def cmd_remove_item(args, kit) -> int:
    service = _service(kit)
    if args.item_kind == "action":
        action = service.remove_action(args.community, args.priority, args.item,
                                       expected=args.expected)
        return _saved(service, args.community, N_("Removed the action {what}."),
                      what=action.what)
    indicator = service.remove_indicator(args.community, args.priority, args.item,
                                         expected=args.expected)
    return _saved(service, args.community, N_("Removed the indicator {definition}."),
                  definition=indicator.definition)


def cmd_link_asset(args, kit) -> int:
    service = _service(kit)
    asset = service.link_asset(args.community, args.priority, args.asset, not args.unlink,
                               expected=args.expected)
    message = N_("Unlinked {name} from the priority.") if args.unlink else \
        N_("Linked {name} to the priority.")
    return _saved(service, args.community, message, name=asset.name)


def cmd_add_action(args, kit) -> int:
    service = _service(kit)
    action = service.add_action(args.community, args.priority, args.what, args.lead or "",
                                args.partners or [], args.start, args.end,
                                args.resources or "", args.status, expected=args.expected)
    return _saved(service, args.community, N_("Added the action {what}."), what=action.what)


def cmd_set_action(args, kit) -> int:
    from toolkit.plan.service import UNSET

    service = _service(kit)
    action = service.set_action(
        args.community, args.priority, args.action, what=args.what, lead=args.lead,
        partners=args.partners, start=UNSET if args.start is None else args.start,
        end=UNSET if args.end is None else args.end, resources=args.resources,
        status=args.status, expected=args.expected)
    return _saved(service, args.community, N_("Changed the action {what}."), what=action.what)


def cmd_add_outcome(args, kit) -> int:
    service = _service(kit)
    text = service.add_outcome(args.community, args.priority, args.term, args.text,
                               expected=args.expected)
    return _saved(service, args.community, N_("Added the outcome {text}."), text=text)


def cmd_add_output(args, kit) -> int:
    service = _service(kit)
    text = service.add_output(args.community, args.priority, args.text, expected=args.expected)
    return _saved(service, args.community, N_("Added the output {text}."), text=text)


def _figure(kit, community: str, spec: str | None):
    """A Figure from QUESTION[:KEY] (or QUESTIONNAIRE:QUESTION:KEY), checked against the
    questionnaires this community's rounds used."""
    from toolkit.plan.seeding import figure_choices, measure_keys

    if spec is None:
        return None
    cid, name = _service(kit).community(community)
    choices = figure_choices(kit.store, cid)
    if not choices:
        raise InputError(N_("Indicators follow figures of the community's rounds, and "
                            "{community} has no round with sessions yet."), community=name)
    parts = spec.strip().split(":")
    instrument = parts.pop(0) if len(parts) == 3 else None
    qid = parts[0]
    matching = [(f, q) for f, q in choices if f.question_id == qid
                and (instrument is None or f.instrument_id == instrument)]
    if not matching:
        raise InputError(N_("No questionnaire of {community}'s rounds has a question {id} "
                            "with a figure to follow. See 'toolkit plan figures'."),
                         community=name, id=qid)
    key = parts[1] if len(parts) > 1 else None
    if key is None:
        keys = measure_keys(matching[0][1])
        if len(keys) != 1:
            raise InputError(N_("Say which answer of {id} to follow, for example {example}."),
                             id=qid, example=f"{qid}:{keys[0]}")
        key = keys[0]
    for f, _q in matching:
        if f.key == key:
            return f
    raise InputError(N_("The question {id} has no answer {key}. See 'toolkit plan figures'."),
                     id=qid, key=key)


def cmd_add_indicator(args, kit) -> int:
    service = _service(kit)
    indicator = service.add_indicator(
        args.community, args.priority, args.definition, args.baseline or "",
        args.target or "", args.data_source or "", _figure(kit, args.community, args.figure),
        expected=args.expected)
    return _saved(service, args.community, N_("Added the indicator {definition}."),
                  definition=indicator.definition)


def cmd_set_indicator(args, kit) -> int:
    from toolkit.plan.service import UNSET

    if args.no_figure and args.figure:
        raise InputError(N_("Use either --figure or --no-figure, not both."))
    service = _service(kit)
    figure = None if args.no_figure else (
        _figure(kit, args.community, args.figure) if args.figure else UNSET)
    indicator = service.set_indicator(
        args.community, args.priority, args.indicator, definition=args.definition,
        baseline=args.baseline, target=args.target, data_source=args.data_source,
        figure=figure, expected=args.expected)
    return _saved(service, args.community, N_("Changed the indicator {definition}."),
                  definition=indicator.definition)


def cmd_figures(args, kit) -> int:
    from toolkit.plan.seeding import figure_choices
    from toolkit.plan.words import figure_text

    cid, _name = _service(kit).community(args.community)
    choices = figure_choices(kit.store, cid)
    lang = language()
    if args.json:
        print(json.dumps([{"figure": f"{f.question_id}:{f.key}", "questionnaire":
                           f.instrument_id, "text": figure_text(f, q, lang)}
                          for f, q in choices], ensure_ascii=False, indent=2))
        return 0
    if not choices:
        print(_("No figures yet: put sessions in a round first ('toolkit round assign')."))
    for f, q in choices:
        print(f"{f.question_id}:{f.key}\t{figure_text(f, q, lang)}")
    return 0


def cmd_print(args, kit) -> int:
    from toolkit.commands.reports import _document_language, _pages_written
    from toolkit.plan.printed import print_plan
    from toolkit.reports.summary import ReportOptions

    lang = _document_language(args, kit)
    result = print_plan(kit.store, args.community, args.out,
                        ReportOptions(lang=lang, paper=args.paper, threshold=_threshold(kit)))
    print(_pages_written(result.path, result.pages))
    return 0
