"""A language's translation in the data folder: languages/<code>/ holds toolkit.po (the
interface and the printed reports' words), questionnaires.po and guides.po (their texts,
keyed by where they appear). Plain gettext files, so a translator may also edit them with
any .po editor; every reader goes through here."""

from __future__ import annotations

import io
from pathlib import Path

from toolkit import languages
from toolkit.fileio import atomic_write_bytes

DOMAINS = ("toolkit", "questionnaires", "guides")
Key = tuple[str | None, str | tuple[str, str]]  # (msgctxt, msgid or (singular, plural))
Value = str | tuple[str, ...]


def folder(code: str, data_folder: Path | None = None) -> Path:
    base = languages.languages_folder(data_folder)
    if base is None:
        raise ValueError("no data folder in use")
    return base / code


def po_path(code: str, domain: str, data_folder: Path | None = None) -> Path:
    return folder(code, data_folder) / f"{domain}.po"


def read(code: str, domain: str, data_folder: Path | None = None) -> dict[Key, Value]:
    """The translations of `domain` kept for `code` (empty when there are none)."""
    path = po_path(code, domain, data_folder) if languages.languages_folder(data_folder) else None
    if path is None or not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    try:
        with path.open("rb") as fh:
            catalog = read_po(fh)
    except Exception:  # noqa: BLE001 - unreadable: as if absent (i18n logs it when used)
        return {}
    found: dict[Key, Value] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id if isinstance(message.id, str) else tuple(message.id)[:2]
        string = message.string or ""
        value = string if isinstance(string, str) else tuple(string)
        if value and all(value):
            found[(message.context, msgid)] = value  # type: ignore[index]
    return found


def po_bytes(code: str, entries: dict[Key, Value], plural_forms: str) -> bytes:
    """A .po file of these translations (Babel's writer, our header)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale=None, project="ccsc-toolkit", charset="utf-8", fuzzy=False)
    count, expression = _parse_plural_forms(plural_forms)
    catalog._num_plurals = count  # type: ignore[assignment]  # Babel's own header fields
    catalog._plural_expr = expression  # type: ignore[assignment]
    for (context, msgid), value in sorted(entries.items(), key=lambda kv: (kv[0][0] or "",
                                                                          str(kv[0][1]))):
        catalog.add(msgid, value, context=context)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False)
    text = buffer.getvalue().decode("utf-8")
    text = text.replace('"Language: \\n"', f'"Language: {code}\\n"', 1)
    return text.encode("utf-8")


def _parse_plural_forms(header: str) -> tuple[int, str]:
    import re

    found = re.match(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", header)
    if not found:
        return 2, "(n != 1)"
    return int(found.group(1)), found.group(2)


def write(code: str, domain: str, data: bytes, data_folder: Path | None = None) -> Path:
    path = po_path(code, domain, data_folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return path
