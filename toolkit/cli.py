"""The `toolkit` command: the desktop app by default, subcommands for headless work.

Every command takes --data-dir. Exit 0 on success; on bad input one translated line on
stderr (no traceback; the traceback goes to the log file) and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from toolkit import __version__, i18n
from toolkit.errors import ToolkitError, describe, log_exception
from toolkit.i18n import _

Handler = Callable[[argparse.Namespace, "object"], int]


def _common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # Sub-commands accept the options too, without resetting a value given before them.
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=_("data folder to use"))
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), default=default,
                        help=_("language of messages and output"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolkit",
        description=_("CCSC community safety and well-being toolkit. "
                      "Without a command, the desktop app starts."),
    )
    parser.add_argument("--version", action="version", version=f"toolkit {__version__}")
    _common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("info", help=_("show the data folder and database in use"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=cmd_info)

    p = sub.add_parser("backup", help=_("make, list or restore backups"))
    bsub = p.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    bsub.add_parser("now", help=_("make a backup now")).set_defaults(handler=cmd_backup_now)
    bsub.add_parser("list", help=_("list backups, newest first")).set_defaults(
        handler=cmd_backup_list)
    r = bsub.add_parser("restore", help=_("restore a backup (the current data is backed up first)"))
    r.add_argument("name", help=_("backup file name, as shown by 'backup list'"))
    r.set_defaults(handler=cmd_backup_restore)

    for p in sub.choices.values():
        _common(p)
    for p in bsub.choices.values():
        _common(p)
    return parser


def cmd_info(args: argparse.Namespace, kit) -> int:
    store = kit.store
    info = {
        "version": __version__,
        "data_dir": str(kit.folder),
        "database": str(store.path),
        "schema_version": store.schema_version,
        "installation_id": store.installation_id,
        "log_file": str(kit.log_path),
        "backups": len(kit.backups()),
    }
    if args.json:
        print(json.dumps(info, indent=2, ensure_ascii=False))
    else:
        labels = {
            "version": _("Version"), "data_dir": _("Data folder"), "database": _("Database"),
            "schema_version": _("Schema version"), "installation_id": _("Installation"),
            "log_file": _("Log file"), "backups": _("Backups"),
        }
        for key, value in info.items():
            print(f"{labels[key]}: {value}")
    return 0


def cmd_backup_now(args: argparse.Namespace, kit) -> int:
    backup = kit.backup_now()
    print(backup.path)
    return 0


def cmd_backup_list(args: argparse.Namespace, kit) -> int:
    for b in kit.backups():
        print(f"{b.path.name}\t{i18n.format_datetime(b.taken_at)}\t{b.size}")
    return 0


def cmd_backup_restore(args: argparse.Namespace, kit) -> int:
    by_name = {b.path.name: b for b in kit.backups()}
    if args.name not in by_name:
        raise ToolkitError(i18n.N_("No backup named {name}. See 'toolkit backup list'."),
                           name=args.name)
    kit.restore(by_name[args.name].path)
    print(_("Restored {name}.").format(name=args.name))
    return 0


def _preparse(argv: Sequence[str]) -> argparse.Namespace:
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--lang")
    known, _rest = pre.parse_known_args(argv)
    return known


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    pre = _preparse(argv)
    i18n.set_language(i18n.normalize_language(pre.lang) or i18n.detect_system_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from toolkit.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(folder=args.data_dir, lang=args.lang)
    from toolkit.context import Toolkit

    kit = None
    try:
        kit = Toolkit.from_args(args.data_dir)
        if not args.lang and kit.settings.language:
            i18n.set_language(kit.settings.language)
        return args.handler(args, kit)
    except (ToolkitError, OSError, sqlite3.Error) as exc:
        log_exception(exc)
        print(describe(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the one place a surprise becomes a message
        log_exception(exc)
        print(describe(exc, str(kit.log_path) if kit else None), file=sys.stderr)
        return 1
    finally:
        if kit is not None:
            kit.close(backup=False)


if __name__ == "__main__":
    sys.exit(main())
