"""Questionnaires: list the catalogue, import an XLSForm, export one as an XLSForm."""

import argparse
import json
from pathlib import Path

from toolkit import i18n
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
    done = isub.add_parser("completeness", help=_(
        "which texts of a questionnaire a language lacks (they show in its fallback language)"))
    done.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                      help=_("data folder to use"))  # its --lang is the texts', not messages'
    done.add_argument("instrument", help=_("questionnaire id (see 'toolkit instruments list')"))
    done.add_argument("--lang", dest="text_lang", metavar="LANG", required=True,
                      help=_("language code of the texts to check (iu, crk...)"))
    done.add_argument("--json", action="store_true", help=_("machine-readable output"))
    done.set_defaults(handler=cmd_completeness)


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
    print(kit.questionnaires.import_xlsform(args.file, check=args.check).message())
    return 0


def cmd_export(args, kit) -> int:
    from toolkit.questionnaire.xlsform import write_xlsform

    instrument = kit.questionnaires.get(args.instrument)
    write_xlsform(instrument, args.out)
    print(_("Questionnaire {id} written to {path}.").format(id=instrument.id, path=args.out))
    return 0


def cmd_completeness(args, kit) -> int:
    """One line per missing text (where, what, the text shown instead), then the count."""
    from toolkit import languages
    from toolkit.questionnaire.completeness import FIELDS, completeness

    lang = languages.get(args.text_lang)  # a translated error for an unknown code
    instrument = kit.questionnaires.get(args.instrument)
    found = completeness(instrument, lang.code)
    if args.json:
        print(json.dumps({
            "instrument": found.instrument, "version": found.version, "lang": found.lang,
            "total": found.total, "translated": found.translated,
            "missing": [{"where": e.where, "field": e.field, "item": e.item,
                         "shown_in": e.shown_in, "text": e.shown} for e in found.missing],
        }, ensure_ascii=False, indent=2))
        return 0
    for e in found.missing:
        what = _(FIELDS[e.field]) + (f" {e.item}" if e.item else "")
        print("\t".join([e.where or instrument.id, what, f"[{e.shown_in}]", e.shown]))
    print(ngettext("{lang}: {done} of {total} text translated; {missing} shown in the "
                   "fallback language.",
                   "{lang}: {done} of {total} texts translated; {missing} shown in the "
                   "fallback language.", found.total).format(
        lang=lang.name(i18n.language()), done=found.translated, total=found.total,
        missing=len(found.missing)))
    return 0
