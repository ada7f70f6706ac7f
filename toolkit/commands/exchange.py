"""`toolkit export`, `toolkit import` and `toolkit exchange history|imports|hub|report`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from toolkit import i18n
from toolkit.commands import reports as reports_cli
from toolkit.errors import InputError, ToolkitError, describe, log_exception
from toolkit.exchange.export import LEVEL_NAMES
from toolkit.i18n import N_, _, ngettext
from toolkit.vocabulary import sessions_and_respondents


def register(sub, common) -> None:
    exp = common(sub.add_parser("export", help=_("write a package of sessions for CCSC")))
    exp.add_argument("sessions", nargs="*", metavar="SESSION",
                     help=_("session ids (or their first characters); default: all sessions "
                            "of the community"))
    exp.add_argument("--share", required=True, choices=["summary", "responses", "full"],
                     help=_("sharing level: summary (figures only), responses (anonymous "
                            "answers, no text), full (with reviewed comments)"))
    exp.add_argument("--out", required=True, type=Path, metavar="FILE",
                     help=_("package file to write (.ccsc)"))
    exp.add_argument("--community", metavar="NAME",
                     help=_("export the sessions of this community"))
    exp.add_argument("--passphrase-file", type=Path, metavar="FILE",
                     help=_("encrypt with the passphrase on the first line of FILE"))
    exp.add_argument("--with-facilitator", action="store_true",
                     help=_("at the responses level, include the facilitator's name (it "
                            "always leaves at full, never at summary)"))
    exp.add_argument("--no-plan", action="store_true",
                     help=_("leave the community's plan out of the package (by default its "
                            "current version travels too, without contact notes)"))
    exp.add_argument("--preview", action="store_true",
                     help=_("print a summary of what would leave, and write nothing"))
    exp.add_argument("--json", action="store_true",
                     help=_("with --preview: print exactly what would leave, as JSON"))
    exp.set_defaults(handler=cmd_export)

    imp = common(sub.add_parser("import", help=_("import packages received from communities")))
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help=_("package files"))
    imp.add_argument("--passphrase-file", type=Path, metavar="FILE",
                     help=_("passphrase of encrypted packages, on the first line of FILE"))
    imp.add_argument("--allow-unsigned", action="store_true",
                     help=_("import unsigned packages made by earlier versions (only if you "
                            "know where they come from)"))
    imp.add_argument("--receipt-dir", type=Path, metavar="DIR",
                     help=_("folder for the signed receipts to send back (default: next to "
                            "each package)"))
    imp.add_argument("--no-receipt", action="store_true",
                     help=_("do not write receipts"))
    imp.set_defaults(handler=cmd_import)

    ex = common(sub.add_parser("exchange", help=_("export history, import log, hub overview")))
    esub = ex.add_subparsers(dest="exchange_command", metavar="ACTION", required=True)
    hist = common(esub.add_parser("history", help=_("packages exported from this computer")))
    hist.add_argument("--community", metavar="NAME", help=_("only this community"))
    hist.add_argument("--json", action="store_true", help=_("machine-readable output"))
    hist.set_defaults(handler=cmd_history)
    keys = common(esub.add_parser(
        "keys", help=_("this installation's key fingerprint, and the installations known here")))
    keys.add_argument("--json", action="store_true", help=_("machine-readable output"))
    keys.set_defaults(handler=cmd_keys)
    conf = common(esub.add_parser(
        "conflicts", help=_("records received at the same revision with different content")))
    conf.add_argument("--json", action="store_true", help=_("machine-readable output"))
    conf.set_defaults(handler=cmd_conflicts)
    log = common(esub.add_parser("imports", help=_("packages imported on this computer")))
    log.add_argument("--json", action="store_true", help=_("machine-readable output"))
    log.set_defaults(handler=cmd_imports)
    hub = common(esub.add_parser("hub", help=_("sessions imported from all communities")))
    _filters(hub)
    hub.add_argument("--json", action="store_true", help=_("machine-readable output"))
    hub.set_defaults(handler=cmd_hub)
    plans = common(esub.add_parser("plans", help=_("the plans of every community, as received "
                                                   "in packages")))
    plans.add_argument("--json", action="store_true", help=_("machine-readable output"))
    plans.set_defaults(handler=cmd_plans)
    # --lang here is the document's language (en, fr or bilingual), as in `toolkit report`
    rep = reports_cli._options(esub.add_parser(
        "report", help=_("cross-community summary report (PDF) of the sessions imported")),
        _("PDF file to write"))
    rep.add_argument("--threshold", type=int, metavar="N",
                     help=_("hide results from fewer than N people (default: the setting)"))
    _filters(rep)
    rep.set_defaults(handler=cmd_report)


def _filters(parser) -> None:
    """The hub's filters, shared by `exchange hub` and `exchange report`."""
    parser.add_argument("--community", metavar="NAME", help=_("only this community"))
    parser.add_argument("--share", "--level", dest="share",
                        choices=["summary", "responses", "full"],
                        help=_("only this sharing level"))
    parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD",
                        help=_("sessions held on or after this date"))
    parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD",
                        help=_("sessions held on or before this date"))


def read_passphrase(path: Path | None) -> str | None:
    if path is None:
        return None
    text = path.read_text(encoding="utf-8-sig")
    passphrase = text.splitlines()[0] if text else ""
    if not passphrase:
        raise InputError(N_("The passphrase file {path} is empty."), path=str(path))
    return passphrase


def cmd_export(args, kit) -> int:

    passphrase = read_passphrase(args.passphrase_file)
    pv = kit.exchange.preview(args.sessions, args.share, kit.settings.small_group_threshold,
                 community=args.community, with_facilitator=args.with_facilitator,
                 with_plan=not args.no_plan)
    if args.preview:
        print(pv.content_text() if args.json else _preview_summary(pv))
        return 0
    record = kit.exchange.export_package(pv, args.out, passphrase)
    print(_("{path}: {counts}, sharing level {level}{encrypted}.").format(
        path=args.out, counts=sessions_and_respondents(record.counts["sessions"],
                                                       record.counts["respondents"]),
        level=f"{_(LEVEL_NAMES[record.level])} ({record.level})",
        encrypted=_(", encrypted") if record.encrypted else ""))
    if pv.withheld:
        print(_withheld(pv.withheld))
    if pv.plan_version is not None:
        print(_("The plan (version {n}) travels with it, without the register's contact "
                "notes.").format(n=pv.plan_version))
    return 0


def _withheld(n: int) -> str:
    return ngettext("{n} free-text answer stayed on this computer.",
                    "{n} free-text answers stayed on this computer.", n).format(n=n)


def _preview_summary(pv) -> str:
    """What would leave, for a person: one line per session, then the totals."""
    lines = [_("Package for {community}, sharing level {level}:").format(
        community=pv.community, level=f"{_(LEVEL_NAMES[pv.level])} ({pv.level})")]
    for s in pv.sessions:
        where = ", ".join(p for p in (s.title, s.place) if p)
        lines.append("  " + ngettext("{date} {where}: {n} respondent",
                                     "{date} {where}: {n} respondents", s.respondents).format(
            date=i18n.format_date(s.session_date), where=where, n=s.respondents))
    counts = pv.counts
    lines.append(_("Total: {counts}.").format(
        counts=sessions_and_respondents(counts["sessions"], counts["respondents"])))
    if "answers" in counts:
        answers, comments = counts["answers"], counts.get("comments", 0)
        lines.append(_("{answers} and {comments} would leave.").format(
            answers=ngettext("{n} answer", "{n} answers", answers).format(n=answers),
            comments=ngettext("{n} reviewed comment", "{n} reviewed comments",
                              comments).format(n=comments)))
    if pv.suppressed_questions:
        n = pv.suppressed_questions
        lines.append(ngettext(
            "{n} question result is hidden (fewer people than the small-group threshold).",
            "{n} question results are hidden (fewer people than the small-group threshold).",
            n).format(n=n))
    if pv.withheld:
        lines.append(_withheld(pv.withheld))
    if pv.plan_version is not None:
        lines.append(_("The plan (version {n}) travels with it, without the register's contact "
                       "notes.").format(n=pv.plan_version))
    lines.append(_("Nothing was written. Add --json to see every figure that would leave."))
    return "\n".join(lines)


def cmd_import(args, kit) -> int:
    """Each file is checked and imported on its own: one bad file does not stop the others.
    A receipt sent back by the hub is recognised and recorded against its export; after
    each package imported, the hub writes the signed receipt to send back."""
    from toolkit.exchange.receipts import looks_like_receipt

    passphrase = read_passphrase(args.passphrase_file)
    failed = 0
    for path in args.files:
        try:
            if looks_like_receipt(path):
                print(kit.exchange.import_receipt(path).describe())
                continue
            result = kit.exchange.import_file(path, passphrase, args.allow_unsigned)
            print(result.describe())
            if not args.no_receipt:
                receipt = kit.exchange.write_receipt(result, args.receipt_dir or path.parent)
                print(_("Receipt to send back to the community: {path}").format(path=receipt))
        except (ToolkitError, OSError) as exc:
            log_exception(exc)
            print(describe(exc), file=sys.stderr)
            kit.exchange.log_refusal(path.name, describe(exc))
            failed += 1
    return 1 if failed else 0


def cmd_keys(args, kit) -> int:
    """This installation's fingerprint (to read over the phone) and the keys known here."""

    mine = kit.exchange.my_fingerprint()
    rows = kit.store.conn.execute(
        "SELECT id, fingerprint, first_seen_at, last_seen_at, first_file FROM installations "
        "ORDER BY first_seen_at").fetchall()
    if args.json:
        print(json.dumps({"installation_id": kit.store.installation_id, "fingerprint": mine,
                          "known": [dict(zip(("installation_id", "fingerprint", "first_seen_at",
                                              "last_seen_at", "first_file"), r))
                                    for r in rows]}, ensure_ascii=False, indent=2))
        return 0
    print(_("This installation: {id}, key fingerprint {fingerprint}").format(
        id=kit.store.installation_id, fingerprint=mine))
    for r in rows:
        print("\t".join([r[0], r[1], i18n.format_datetime(r[2]), r[4] or ""]))
    return 0


def cmd_conflicts(args, kit) -> int:

    records = kit.exchange.conflict_log()
    if args.json:
        print(json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    for r in records:
        print("\t".join([i18n.format_datetime(r.detected_at), r.kind, r.record_id,
                         r.kept_text(), r.here, r.package_source]))
    return 0


def _community_id(kit, name: str | None) -> str | None:
    if not name:
        return None
    return kit.sessions.community_id(name, create=False)


def cmd_history(args, kit) -> int:

    records = kit.exchange.export_history(_community_id(kit, args.community))
    if args.json:
        print(json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    from toolkit.exchange.export import receipt_text

    for r in records:
        print("\t".join([i18n.format_datetime(r.created_at), r.community, _(LEVEL_NAMES[r.level]),
                         str(r.counts["sessions"]), str(r.counts["respondents"]), r.file_name,
                         r.sha256[:12], receipt_text(r)]))
    return 0


def cmd_imports(args, kit) -> int:

    records = kit.exchange.import_log()
    if args.json:
        print(json.dumps([asdict(r) for r in records], ensure_ascii=False, indent=2))
        return 0
    for r in records:
        c = r.counts
        print("\t".join([i18n.format_datetime(r.imported_at), r.file_name, r.community,
                         _(LEVEL_NAMES[r.level]),
                         f"+{c['sessions_added']}/~{c['sessions_updated']}",
                         f"+{c['respondents_added']}/~{c['respondents_updated']}",
                         r.sha256[:12], r.signer_fingerprint or _("unsigned"),
                         ngettext("{n} conflict", "{n} conflicts", r.conflicts).format(
                             n=r.conflicts) if r.conflicts else ""]))
    return 0


def _hub_rows(args, kit):
    from toolkit.sessions import parse_date

    return kit.exchange.overview(_community_id(kit, args.community), args.share,
                    parse_date(args.date_from) if args.date_from else None,
                    parse_date(args.date_to) if args.date_to else None)


def cmd_hub(args, kit) -> int:
    rows = _hub_rows(args, kit)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        print("\t".join([r.session_date, r.community, r.title, r.place, _(LEVEL_NAMES[r.level]),
                         str(r.respondents), r.session_id]))
    return 0


def cmd_plans(args, kit) -> int:
    from toolkit.exchange.hub import plans
    from toolkit.i18n import format_date

    rows = plans(kit.store)
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No plans yet. A community's plan arrives with its next package."))
    for r in rows:
        source = _("made here") if r.source is None else _("from installation {id}").format(
            id=r.source[:8])
        print("\t".join([r.community, _("version {n}").format(n=r.version),
                         format_date(r.saved_at), source,
                         ngettext("{n} priority", "{n} priorities", len(r.priorities)).format(
                             n=len(r.priorities)),
                         ngettext("{n} action ({done} done)", "{n} actions ({done} done)",
                                  r.actions).format(n=r.actions, done=r.actions_done),
                         ngettext("{n} indicator", "{n} indicators", r.indicators).format(
                             n=r.indicators)]))
        for i, title in enumerate(r.priorities, 1):
            print(f"\t{i}. {title}")
    return 0


def cmd_report(args, kit) -> int:
    """The hub's cross-community report of the sessions `exchange hub` would list."""
    from toolkit.reports.summary import ReportOptions

    lang = reports_cli._document_language(args, kit)
    options = ReportOptions(lang=lang, paper=args.paper,
                            threshold=reports_cli.check_threshold(kit, args.threshold))
    result = kit.exchange.cross_community_report(_hub_rows(args, kit), args.out, options,
                                    kit.settings.small_group_threshold)
    print(reports_cli._pages_written(result.path, result.pages))
    return 0
