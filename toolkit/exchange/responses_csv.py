"""Responses as CSV bytes: what spreadsheets open right with their default settings, and
what they save.

Written: UTF-8 with a byte-order mark (so Excel shows accents and syllabics), CRLF, commas,
and every cell that a comma, semicolon or tab could split (the separators LibreOffice's
import dialog and French-Canadian Excel use) in double quotes; formula-like text is
neutralised (spreadsheet.neutralise). Read: comma, semicolon or tab (sniffed from the
header), with or without BOM, CRLF or LF, quoted cells, UTF-8 or UTF-16 with a BOM, and
Windows-1252 / Latin-1 from older Excel (recognised as described in `decode`).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Any

from toolkit.exchange.spreadsheet import file_error, neutralise, restore
from toolkit.i18n import N_

SPLITTERS = frozenset(',;\t"\r\n')
DELIMITERS = (",", ";", "\t")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = neutralise(str(value))
    if any(c in SPLITTERS for c in text) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def encode(rows: list[list[Any]]) -> bytes:
    """The rows (the header first) as CSV file bytes."""
    lines = [",".join(_cell(v) for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


# Bytes that start a UTF-8 multi-byte character followed by its continuation bytes.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SAVE_AS_UTF8 = N_(
    "the file is neither UTF-8 nor Windows-1252 text. Save it again as “CSV UTF-8 (Comma "
    "delimited)” in Excel, or with the character set “Unicode (UTF-8)” in LibreOffice")


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name). UTF-8 is tried strictly first; a file that is not UTF-8 is
    read as Windows-1252, a superset of Latin-1 for every printable character (the two
    differ only in 0x80-0x9F, control codes in Latin-1, which no text contains). It is
    refused if it still holds control characters, or if it mixes UTF-8 sequences with
    other bytes (a file edited in two encodings), since either way letters would be lost."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise file_error(SAVE_AS_UTF8) from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise file_error(SAVE_AS_UTF8) from None
    if _CONTROLS.search(text) or _UTF8_SEQUENCE.search(raw):
        raise file_error(SAVE_AS_UTF8)
    return text, "windows-1252"


def _delimiter(text: str) -> str:
    """The separator that splits the header line into the most cells."""
    first = text.splitlines()[0] if text else ""
    best, most = ",", 1
    for d in DELIMITERS:
        n = len(next(csv.reader([first], delimiter=d), []))
        if n > most:
            best, most = d, n
    return best


def decode_rows(raw: bytes) -> tuple[list[list[str]], str]:
    """(rows of cells with neutralisation undone, encoding name)."""
    text, encoding = decode(raw)
    if "\x00" in text:
        raise file_error(N_("the file is not a CSV file"))
    if not text.strip():
        return [], encoding
    hint = re.match(r"sep=(.)\r?\n", text)  # Excel's "sep=;" first line, which it hides
    if hint:
        text, delimiter = text[hint.end():], hint.group(1)
    else:
        delimiter = _delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                               strict=True))
    except csv.Error as exc:
        raise file_error(N_("the file is not valid CSV: {reason}"), reason=str(exc)) from None
    return [[restore(c) for c in row] for row in rows], encoding
