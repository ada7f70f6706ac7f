"""`toolkit backup now|list|restore NAME|check [--repair]`."""

from toolkit import i18n
from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, format_number, ngettext


def register(sub, common) -> None:
    p = sub.add_parser("backup", help=_("make, list, check or restore backups"))
    common(p)
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    common(bsub.add_parser("now", help=_("make a backup now"))).set_defaults(handler=cmd_now)
    common(bsub.add_parser("list", help=_("list backups, newest first"))).set_defaults(
        handler=cmd_list)
    r = bsub.add_parser("restore", help=_("restore a backup (the current data is backed up first)"))
    r.add_argument("name", help=_("backup file name, as shown by 'backup list'"))
    common(r).set_defaults(handler=cmd_restore)
    c = bsub.add_parser("check", help=_("check every page of the database (or of a backup)"))
    c.add_argument("name", nargs="?", help=_("a backup to check instead of the database"))
    c.add_argument("--repair", action="store_true",
                   help=_("if only indexes are damaged, rebuild them (REINDEX)"))
    common(c).set_defaults(handler=cmd_check)


def cmd_now(args, kit) -> int:
    print(kit.backup_now().path)
    return 0


def cmd_list(args, kit) -> int:
    for b in kit.backups():
        print(f"{b.path.name}\t{i18n.format_datetime(b.taken_at)}\t{b.size}")
    return 0


def _named(kit, name):
    by_name = {b.path.name: b for b in kit.backups()}
    if name not in by_name:
        raise ToolkitError(N_("No backup named {name}. See 'toolkit backup list'."), name=name)
    return by_name[name]


def cmd_restore(args, kit) -> int:
    store = kit.restore(_named(kit, args.name).path)
    print(_("Restored {name}.").format(name=args.name))
    if store.before_restore is not None:
        print(_("The data it replaced was backed up first as {name}.").format(
            name=store.before_restore.path.name))
    elif store.set_aside:
        print(_("The damaged database it replaced was kept beside it, renamed."))
    return 0


def cmd_check(args, kit) -> int:
    """Exit 0 if sound, 1 if damaged (with what to do)."""
    from toolkit.store.checks import full_check

    path = _named(kit, args.name).path if args.name else kit.database_path
    verdict = full_check(path)
    if verdict.ok:
        print(_("{name}: no damage found.").format(name=path.name))
        return 0
    print(ngettext("{name}: {n} problem found.", "{name}: {n} problems found.",
                   len(verdict.messages)).format(name=path.name,
                                                 n=format_number(len(verdict.messages))))
    if args.name:
        print(_("Do not restore this backup."))
        return 1
    if verdict.index_only and args.repair:
        after = kit.reindex()
        if after.ok:
            print(_("The indexes were rebuilt; no damage remains."))
            return 0
        print(_("Rebuilding the indexes did not repair everything. Restore a backup "
                "('toolkit backup list', then 'toolkit backup restore NAME')."))
        return 1
    if verdict.index_only:
        print(_("Only indexes are damaged; the data itself is intact. Run "
                "'toolkit backup check --repair' to rebuild them."))
    else:
        print(_("The data itself is damaged. Restore a backup ('toolkit backup list', then "
                "'toolkit backup restore NAME')."))
    return 1
