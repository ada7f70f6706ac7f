"""`toolkit translations`: the languages known here, and the translation workbook round trip
(export for a translator, check and import what they filled).

`--lang` of `export` is the language to translate into, never the language of messages (the
global `toolkit --lang` is)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from toolkit import i18n, languages
from toolkit.i18n import _, ngettext


def register(sub, common) -> None:
    top = common(sub.add_parser("translations", help=_(
        "languages, and translating the app with a workbook")))
    tsub = top.add_subparsers(dest="translations_command", metavar="ACTION", required=True)
    lst = common(tsub.add_parser("list", help=_("the languages this app knows")))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.set_defaults(handler=cmd_list)

    exp = tsub.add_parser("export", help=_("write the workbook a translator fills (XLSX)"))
    exp.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                     help=_("data folder to use"))
    exp.add_argument("--lang", dest="target", required=True, metavar="CODE",
                     help=_("the language to translate into (see 'toolkit translations "
                            "list')"))
    exp.add_argument("--out", required=True, type=Path, help=_("XLSX file to write"))
    exp.set_defaults(handler=cmd_export)

    imp = common(tsub.add_parser("import", help=_(
        "check a filled workbook and, if every row is right, use it")))
    imp.add_argument("workbook", type=Path, help=_("the XLSX file the translator filled"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("check only: report the problems, change nothing"))
    imp.set_defaults(handler=cmd_import)


def cmd_list(args, kit) -> int:
    interface = {lang.code for lang in languages.interface_languages()}
    rows = [{"code": lang.code, "native_name": lang.native_name, "name": lang.name(
        i18n.language()), "script": lang.script, "interface": lang.code in interface,
        "fallback": lang.fallback, "bundled": lang.bundled} for lang in languages.registered()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        state = _("interface translated") if row["interface"] else _("no interface yet")
        print(f"{row['code']}\t{row['native_name']}\t{row['name']}\t{state}")
    for path, reason in languages.problems():
        print(_("{path} was left out: {reason}").format(path=path, reason=reason))
    return 0


def cmd_export(args, kit) -> int:
    from toolkit.translation.workbook import export_workbook

    count = export_workbook(args.target, args.out, kit.store)
    print(ngettext("{path}: {n} string to translate", "{path}: {n} strings to translate",
                   count).format(path=args.out, n=count))
    return 0


def cmd_import(args, kit) -> int:
    from toolkit.translation.workbook import WorkbookProblems, import_workbook

    try:
        result = import_workbook(args.workbook, kit.store, dry_run=args.dry_run,
                                 data_folder=kit.folder)
    except WorkbookProblems as exc:
        for line in exc.result.lines():
            print(line)
        raise
    for line in result.lines():
        print(line)
    return 0
