"""Keep the English catalog complete: English is the source language, so msgstr = msgid.

Run by `make translations` after `pybabel update`.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(sys.argv[1] if len(sys.argv) > 1 else "toolkit/locale/en/LC_MESSAGES/toolkit.po")
with path.open("rb") as fh:
    catalog = read_po(fh, locale="en")
for message in catalog:
    if message.id:
        message.string = message.id
        message.flags.discard("fuzzy")
with path.open("wb") as fh:
    write_po(fh, catalog, width=100, no_location=True, sort_output=True)
