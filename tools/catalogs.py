"""The translation catalogs: extraction that leaves a clean tree alone, and a check.

    python tools/catalogs.py extract   # toolkit/locale/toolkit.pot, rewritten only when the
                                       # interface strings changed (`make translations`)
    python tools/catalogs.py check     # exit 1 unless the template, the catalogs and their
                                       # compiled .mo are complete and up to date; writes
                                       # nothing in the tree (`make translations-check`)

pybabel stamps POT-Creation-Date on every extraction, and `pybabel update` copies it into
each .po, and `compile` into each .mo: without `extract` a tree whose strings did not change
came out of `make translations` with five changed files.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT  # where the strings are extracted from
LOCALE = ROOT / "toolkit" / "locale"
POT = LOCALE / "toolkit.pot"
LANGUAGES = ("en", "fr")
EXTRACT = ["-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "translate:2",
           "--no-location", "--sort-output", "--project=ccsc-toolkit",
           "--msgid-bugs-address=toolkit@ccsc.invalid"]


def pybabel() -> str:
    return str(Path(sys.executable).with_name("pybabel"))


def extract_to(target: Path) -> None:
    subprocess.run([pybabel(), "extract", *EXTRACT, "-o", str(target), "."], cwd=SOURCES,
                   check=True, capture_output=True)


def without_stamp(text: str) -> str:
    """The template with its creation date taken out: what says whether strings changed."""
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith('"POT-Creation-Date:'))


def extract() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "toolkit.pot"
        extract_to(fresh)
        text = fresh.read_text(encoding="utf-8")
        if POT.is_file() and without_stamp(POT.read_text(encoding="utf-8")) == without_stamp(text):
            print(f"{POT.relative_to(ROOT)}: no string changed, left as it is")
            return 0
        POT.write_text(text, encoding="utf-8")
        print(f"{POT.relative_to(ROOT)}: strings changed, written")
    return 0


def _key(value):
    """A message id or string, plural ones (list or tuple, as each reader gives them) as a tuple."""
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _ids(catalog) -> set:
    return {_key(m.id) for m in catalog if m.id}


def problems() -> list[str]:
    """Everything that makes the catalogs incomplete or stale, in English (a developer tool)."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "toolkit.pot"
        extract_to(fresh)
        with fresh.open("rb") as fh:
            wanted = _ids(read_po(fh))
    if not POT.is_file():
        return [f"{POT.relative_to(ROOT)} is missing"]
    with POT.open("rb") as fh:
        if _ids(read_po(fh)) != wanted:
            found.append(f"{POT.relative_to(ROOT)} is not up to date with the sources")
    for lang in LANGUAGES:
        po_path = LOCALE / lang / "LC_MESSAGES" / "toolkit.po"
        mo_path = po_path.with_suffix(".mo")
        name = po_path.relative_to(ROOT)
        if not po_path.is_file():
            found.append(f"{name} is missing")
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        ids = _ids(catalog)
        if wanted - ids:
            found.append(f"{name}: {len(wanted - ids)} strings missing, "
                         f"first {sorted(wanted - ids, key=str)[0]!r}")
        if ids - wanted:
            found.append(f"{name}: {len(ids - wanted)} strings no longer used")
        untranslated = [m.id for m in catalog if m.id and (
            "fuzzy" in m.flags or not all(m.string if isinstance(m.string, tuple)
                                          else (m.string,)))]
        if untranslated:
            found.append(f"{name}: {len(untranslated)} strings not translated (or fuzzy), "
                         f"first {untranslated[0]!r}")
        if not mo_path.is_file():
            found.append(f"{mo_path.relative_to(ROOT)} is missing")
            continue
        with mo_path.open("rb") as fh:
            compiled = {_key(m.id): _key(m.string) for m in read_mo(fh) if m.id}
        source = {_key(m.id): _key(m.string) for m in catalog if m.id and "fuzzy" not in m.flags}
        if compiled != source:
            found.append(f"{mo_path.relative_to(ROOT)} is not compiled from {po_path.name}")
    return found


def check() -> int:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print("run `make translations` (and fill every French msgstr)", file=sys.stderr)
        return 1
    print("catalogs complete and compiled")
    return 0


def main(argv: list[str]) -> int:
    commands = {"extract": extract, "check": check}
    if len(argv) != 1 or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    return commands[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
