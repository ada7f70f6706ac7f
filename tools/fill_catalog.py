"""Fill msgstr in a catalog from a JSON file {msgid: msgstr} (plural: {msgid: [s0, s1]}).

A translator's aid: `python tools/fill_catalog.py fr translations.json`. Only empty entries
are filled; existing translations are kept.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

lang, source = sys.argv[1], Path(sys.argv[2])
path = Path(f"toolkit/locale/{lang}/LC_MESSAGES/toolkit.po")
table = json.loads(source.read_text(encoding="utf-8"))
with path.open("rb") as fh:
    catalog = read_po(fh, locale=lang)
filled = 0
for message in catalog:
    key = message.id if isinstance(message.id, str) else message.id[0]
    if not key or key not in table:
        continue
    current = message.string if isinstance(message.string, str) else "".join(message.string)
    if current:
        continue
    value = table[key]
    message.string = tuple(value) if isinstance(message.id, tuple) else value
    message.flags.discard("fuzzy")
    filled += 1
with path.open("wb") as fh:
    write_po(fh, catalog, width=100, no_location=True, sort_output=True)
print(f"{filled} filled")
