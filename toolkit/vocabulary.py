"""Names of the toolkit's fixed values (modes, statuses), marked for translation once."""

from toolkit.i18n import N_, ngettext


def sessions_and_respondents(sessions: int, respondents: int) -> str:
    """"1 session, 31 respondents": each count with its own plural (ngettext), the one
    place package and receipt messages say it."""
    return ", ".join((
        ngettext("{n} session", "{n} sessions", sessions).format(n=sessions),
        ngettext("{n} respondent", "{n} respondents", respondents).format(n=respondents)))


def respondents_count(n: int) -> str:
    return ngettext("{n} respondent", "{n} respondents", n).format(n=n)

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
