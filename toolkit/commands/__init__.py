"""Sub-commands of `toolkit`, one module per area; each module has `register(sub, common)`."""

from toolkit.commands import backups, guides, info, reports, sessions

MODULES = (info, backups, sessions, guides, reports)
