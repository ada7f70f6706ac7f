"""Sub-commands of `toolkit`, one module per area; each module has `register(sub, common)`."""

from toolkit.commands import backups, exchange, guides, info, instruments, reports, sessions

MODULES = (info, backups, instruments, sessions, guides, reports, exchange)
