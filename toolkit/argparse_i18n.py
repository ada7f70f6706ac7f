"""The command line's own messages (usage, "required", "invalid choice"...) in our language.

argparse translates through the standard gettext domain, which we do not ship. Its module
looks up `_` and `ngettext` at call time, so pointing them at our catalogs makes `--lang fr`
apply to its errors and help headings too. The strings below are argparse's (Python 3.11+),
listed so that extraction puts them in our catalogs.
"""

from __future__ import annotations

import argparse

from toolkit import i18n
from toolkit.i18n import N_

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)


def install() -> None:
    """Route argparse's messages through our catalogs (called once by the CLI)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
