"""Names of the toolkit's fixed values (modes, statuses), marked for translation once."""

from toolkit.i18n import N_, ngettext

MODES = {
    "facilitator": N_("Facilitator-led"),
    "kiosk": N_("Self-completion (kiosk)"),
    "group": N_("Group session"),
    "paper": N_("Paper forms"),
}

SESSION_STATUSES = {
    "open": N_("Open"),
    "closed": N_("Closed"),
}

BACKUP_REASONS = {
    "auto": N_("automatic"),
    "manual": N_("made by hand"),
    "before-restore": N_("before a restore"),
}


# Counted things, in the interface language: "1 session", "2 sessions" (never "1 sessions").
# Longer messages take these as values: "Total: {sessions}, {respondents}."
def sessions_count(n: int) -> str:
    return ngettext("{n} session", "{n} sessions", n).format(n=n)


def respondents_count(n: int) -> str:
    return ngettext("{n} respondent", "{n} respondents", n).format(n=n)


def answers_count(n: int) -> str:
    return ngettext("{n} answer", "{n} answers", n).format(n=n)


def reviewed_comments_count(n: int) -> str:
    return ngettext("{n} reviewed comment", "{n} reviewed comments", n).format(n=n)
