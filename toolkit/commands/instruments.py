"""Questionnaires: list the catalogue, import an XLSForm, export one as an XLSForm."""

import json
from pathlib import Path

from toolkit.i18n import _, ngettext


def register(sub, common) -> None:
    p = common(sub.add_parser("instruments", help=_(
        "list, import and export questionnaires (XLSForm)")))
    p.set_defaults(handler=cmd_list, json=False)
    isub = p.add_subparsers(dest="instruments_command", metavar="ACTION")
    lst = common(isub.add_parser("list", help=_("list the questionnaires one can use")))
    lst.add_argument("--json", action="store_true", help=_("machine-readable output"))
    lst.set_defaults(handler=cmd_list)
    imp = common(isub.add_parser("import", help=_("add a questionnaire from an XLSForm (.xlsx)")))
    imp.add_argument("file", type=Path, help=_("XLSForm file to read"))
    imp.add_argument("--check", action="store_true",
                     help=_("only check the form; keep nothing"))
    imp.set_defaults(handler=cmd_import)
    exp = common(isub.add_parser("export", help=_("write a questionnaire as an XLSForm")))
    exp.add_argument("instrument", help=_("questionnaire id (see 'toolkit instruments list')"))
    exp.add_argument("--out", required=True, type=Path, help=_("XLSForm file to write"))
    exp.set_defaults(handler=cmd_export)


def cmd_list(args, kit) -> int:
    from toolkit.questionnaire.catalogue import BUNDLED

    entries = kit.questionnaires.entries()
    if args.json:
        print(json.dumps([{
            "id": e.instrument.id, "version": e.instrument.version, "origin": e.origin,
            "title": e.instrument.title, "questions": len(e.instrument.questions),
            "hash": e.hash, "source": e.source, "added_at": e.added_at,
        } for e in entries], ensure_ascii=False, indent=2))
        return 0
    for e in entries:
        origin = _("bundled") if e.origin == BUNDLED else _("imported")
        print("\t".join([e.instrument.id, str(e.instrument.version), e.instrument.label(),
                         str(len(e.instrument.questions)), origin, e.hash[:12]]))
    return 0


def cmd_import(args, kit) -> int:
    from toolkit.questionnaire.xlsform import read_xlsform

    instrument = read_xlsform(args.file)
    count = ngettext("{n} question", "{n} questions", len(instrument.questions)).format(
        n=len(instrument.questions))
    catalogue = kit.questionnaires
    if args.check:
        print(_("The form can be imported as questionnaire {id}, version {version} ({count}); "
                "nothing was kept.").format(id=instrument.id, version=instrument.version,
                                            count=count))
        return 0
    if catalogue.add(instrument, args.file.name):
        print(_("Questionnaire {id}, version {version}, added ({count}).").format(
            id=instrument.id, version=instrument.version, count=count))
    else:
        print(_("Questionnaire {id}, version {version}, is already here; nothing changed."
                ).format(id=instrument.id, version=instrument.version))
    return 0


def cmd_export(args, kit) -> int:
    from toolkit.questionnaire.xlsform import write_xlsform

    instrument = kit.questionnaires.get(args.instrument)
    write_xlsform(instrument, args.out)
    print(_("Questionnaire {id} written to {path}.").format(id=instrument.id, path=args.out))
    return 0
