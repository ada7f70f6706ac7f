"""Submissions from phones (ODK Central or KoboToolbox exports) into a session."""

from pathlib import Path

from toolkit.i18n import _, ngettext


def register(sub, common) -> None:
    p = common(sub.add_parser("submissions", help=_(
        "bring in submissions collected with ODK Collect or KoboCollect")))
    ssub = p.add_subparsers(dest="submissions_command", metavar="ACTION", required=True)
    imp = common(ssub.add_parser("import", help=_(
        "add the submissions of an ODK Central or KoboToolbox export (CSV or XLSX) to a "
        "session")))
    imp.add_argument("session", help=_("session id (or its first characters)"))
    imp.add_argument("file", type=Path, help=_("CSV or XLSX file to read"))
    imp.add_argument("--check", action="store_true",
                     help=_("only check the file; change nothing"))
    imp.set_defaults(handler=cmd_import)


def cmd_import(args, kit) -> int:
    from toolkit.exchange.submissions import import_submissions

    service = kit.sessions
    result = import_submissions(service, service.get(args.session), args.file, args.check)
    added = ngettext("{n} new submission", "{n} new submissions", result.added).format(
        n=result.added)
    unchanged = ngettext("{n} already here", "{n} already here", result.unchanged).format(
        n=result.unchanged)
    if result.checked_only:
        print(_("The file can be imported: {added}, {unchanged}; nothing was changed.").format(
            added=added, unchanged=unchanged))
    else:
        print(_("Imported: {added}, {unchanged}.").format(added=added, unchanged=unchanged))
    return 0
