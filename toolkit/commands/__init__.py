"""Sub-commands of `toolkit`, one module per area; each module has `register(sub, common)`."""

from toolkit.commands import (
    backups,
    exchange,
    guides,
    info,
    instruments,
    plan,
    reports,
    rounds,
    run,
    sessions,
    submissions,
    translations,
)

MODULES = (info, backups, instruments, sessions, rounds, plan, submissions, guides, reports,
           exchange, translations, run)
