"""`toolkit backup now|list|restore NAME`."""

from toolkit import i18n
from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _


def register(sub, common) -> None:
    p = sub.add_parser("backup", help=_("make, list or restore backups"))
    common(p)
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    common(bsub.add_parser("now", help=_("make a backup now"))).set_defaults(handler=cmd_now)
    common(bsub.add_parser("list", help=_("list backups, newest first"))).set_defaults(
        handler=cmd_list)
    r = bsub.add_parser("restore", help=_("restore a backup (the current data is backed up first)"))
    r.add_argument("name", help=_("backup file name, as shown by 'backup list'"))
    common(r).set_defaults(handler=cmd_restore)


def cmd_now(args, kit) -> int:
    print(kit.backup_now().path)
    return 0


def cmd_list(args, kit) -> int:
    for b in kit.backups():
        print(f"{b.path.name}\t{i18n.format_datetime(b.taken_at)}\t{b.size}")
    return 0


def cmd_restore(args, kit) -> int:
    by_name = {b.path.name: b for b in kit.backups()}
    if args.name not in by_name:
        raise ToolkitError(N_("No backup named {name}. See 'toolkit backup list'."),
                           name=args.name)
    kit.restore(by_name[args.name].path)
    print(_("Restored {name}.").format(name=args.name))
    return 0
