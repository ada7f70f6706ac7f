"""Canadian French typography in the French catalog: ’ for apostrophes between letters and a
non-breaking space before ":" and inside « » (none before ; ? !). Run by `make translations`."""

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

path = Path(sys.argv[1] if len(sys.argv) > 1 else "toolkit/locale/fr/LC_MESSAGES/toolkit.po")


def fix(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    text = re.sub(r"[ \u202f]:", "\u00a0:", text)
    text = re.sub(r"«[ \u202f]", "«\u00a0", text)  # and inside « » (no line break there)
    text = re.sub(r"[ \u202f]»", "\u00a0»", text)
    return re.sub(r"[ \u00a0\u202f]([;?!])", r"\1", text)


with path.open("rb") as fh:
    catalog = read_po(fh, locale="fr")
for message in catalog:
    if not message.id:
        continue
    if isinstance(message.string, str):
        message.string = fix(message.string)
    else:
        message.string = tuple(fix(s) for s in message.string)
with path.open("wb") as fh:
    write_po(fh, catalog, width=100, no_location=True, sort_output=True)
