"""`toolkit info`: the data folder and database in use."""

import json

from toolkit import __version__
from toolkit.i18n import _


def register(sub, common) -> None:
    p = sub.add_parser("info", help=_("show the data folder and database in use"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.set_defaults(handler=cmd_info)
    common(p)


def cmd_info(args, kit) -> int:
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
        return 0
    labels = {
        "version": _("Version"), "data_dir": _("Data folder"), "database": _("Database"),
        "schema_version": _("Schema version"), "installation_id": _("Installation"),
        "log_file": _("Log file"), "backups": _("Backups"),
    }
    for key, value in info.items():
        print(_("{label}: {value}").format(label=labels[key], value=value))
    return 0
