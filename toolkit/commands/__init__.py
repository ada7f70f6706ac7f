"""Sub-commands of `toolkit`, one module per area; each module has `register(sub, common)`."""

from toolkit.commands import backups, exchange, guides, info, reports, sessions

MODULES = (info, backups, sessions, guides, reports, exchange)
