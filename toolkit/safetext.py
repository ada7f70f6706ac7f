"""One rule for the short texts people type or files carry: names of communities, session
titles, places, facilitators, paper form numbers.

Whatever the way in (the screens, the CLI, a CSV file, an exchange package), such a text goes
through clean_line() before it is stored: control characters (NUL, terminal escapes, DEL,
C1), bidirectional overrides and isolates (which can make a name read backwards, or hide
part of it) and line or paragraph separators are removed, runs of spaces become one, and
the text is put in NFC so that à typed two ways is one name. A lone surrogate (a broken
character, from a bad paste or an undecodable command-line argument) cannot be stored in
UTF-8: it is refused with a message saying so, never a crash.

terminal() is the other half: the CLI prints every stored text through it, so whatever
might remain (older databases, free-text answers) cannot move the cursor or recolour a
terminal.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.errors import InputError
from toolkit.i18n import N_

# Bidirectional controls: marks, embeddings, overrides, isolates (Unicode UAX #9).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REMOVE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_SPACE = re.compile("[\t\n\r\u2028\u2029\\s]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_OUTPUT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}\ud800-\udfff]")


class BrokenTextError(InputError):
    message = N_("{field} contains a broken character that cannot be stored (often from a "
                 "bad copy and paste). Type it again.")


def has_broken_character(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def clean_line(text: str, field: str = N_("The text")) -> str:
    """The text as it is stored: one line, no control or bidirectional characters, NFC.
    Raises BrokenTextError (naming `field`, translated on display) for a lone surrogate."""
    if _SURROGATE.search(text):
        from toolkit.i18n import _

        raise BrokenTextError(field=_(field))
    text = _REMOVE.sub("", text)
    text = _SPACE.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def terminal(text: str) -> str:
    """`text` safe to print: control, bidirectional and broken characters shown as escapes
    (\\x1b, \\u202e) rather than acted on. Tabs and line breaks are kept (CLI tables)."""
    if _UNSAFE_OUTPUT.search(text) is None:
        return text
    return _UNSAFE_OUTPUT.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"),
                              text)


class TerminalWriter:
    """A text stream that writes everything through terminal(): the CLI puts one around
    stdout and stderr, so no command can print a raw escape sequence by forgetting to."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
