"""Responses as an XLSX workbook (openpyxl): opens in Excel or LibreOffice with no dialog.

Sheets: the responses (first, so import reads it), a codebook (every column: question in
English and French, type, choices with codes and labels, skip rule in words) and the session
(community, dates, mode, questionnaire and version). Text cells are always text cells
(data type "s", never a formula, with the quote-prefix style on formula-like text so editing
it in Excel keeps it text); numbers are numbers. openpyxl is imported only here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from toolkit.exchange.spreadsheet import (
    file_error,
    from_xml_text,
    looks_like_formula,
    xml_text,
)
from toolkit.i18n import N_

MAX_UNPACKED = 200_000_000  # bytes once unzipped: refuse zip bombs before openpyxl reads
MAX_MEMBERS = 1_000


def _cell(ws, value: Any, bold: Any = None) -> Any:
    """A write-only cell: text is a text cell, formula-like text also quote-prefixed (only
    those and the header need a cell object; the rest go as plain values, faster)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if bold is None and not (isinstance(value, str) and looks_like_formula(value)):
        # a plain value: openpyxl makes a str a text cell unless it starts with "="
        return xml_text(value) if isinstance(value, str) else value
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, xml_text(value))
        cell.data_type = "s"  # openpyxl makes "=..." a formula unless told otherwise
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell = WriteOnlyCell(ws, value)
    if bold is not None:
        cell.font = bold
    return cell


def _sheet(wb, title: str, rows: list[list[Any]], cap: int, fit: bool) -> None:
    """One sheet, streamed (write-only: a few times faster for big sessions): a bold,
    frozen header; each column as wide as its contents up to `cap` characters (not wrapped:
    spreadsheets do not grow the rows of a file they open); `fit`: printed landscape, as
    wide as the page."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title=title[:31])
    ws.freeze_panes = "A2"
    if fit:
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    for c in range(max((len(r) for r in rows), default=0)):
        longest = max((len(str(r[c])) for r in rows[:500] if c < len(r) and r[c] is not None),
                      default=0)
        ws.column_dimensions[get_column_letter(c + 1)].width = min(cap, max(8, longest + 2))
    bold = Font(bold=True)
    for r, row in enumerate(rows):
        ws.append([_cell(ws, v, bold if r == 0 else None) for v in row])


def write(target: Path, sheets: list[tuple[str, list[list[Any]], int]]) -> None:
    """Write the sheets (title, rows with the header first, widest column in characters)
    to `target`, through fileio so a crash leaves no half file."""
    from openpyxl import Workbook

    from toolkit.fileio import atomic_output

    # The workbook is built inside: a target refused by atomic_output (the live database)
    # must be refused before write-only sheets open, or their clean-up prints tracebacks.
    with atomic_output(target) as tmp:
        wb = Workbook(write_only=True)
        for title, rows, cap in sheets:
            _sheet(wb, title, rows, cap, fit=len(rows[0]) <= 3)  # a short sheet prints whole
        wb.save(tmp)


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise file_error(N_("the file is not a valid XLSX workbook")) from None
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise file_error(N_("the file is too large"))


def read_rows(path: Path, max_rows: int) -> list[list[Any]]:
    """The first sheet's cells, rows from the header on. A formula cell is refused (its
    value would be whatever the spreadsheet last computed): the caller's errors say where."""
    _check_zip(path)
    from openpyxl import load_workbook

    from toolkit.exchange.spreadsheet import CellError, SheetImportError

    fh = open(path, "rb")  # a file object: openpyxl refuses names not ending in .xlsx
    try:
        wb = load_workbook(fh, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        fh.close()
        raise file_error(N_("the file is not a valid XLSX workbook")) from None
    try:
        ws = wb.worksheets[0]
        rows: list[list[Any]] = []
        errors = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            if r > max_rows + 1:
                raise file_error(N_("more than {n} rows"), n=max_rows)
            values = []
            for c, cell in enumerate(row):
                value = cell.value
                if getattr(cell, "data_type", None) == "f":
                    errors.append(CellError(r, c, "", N_(
                        "this cell holds a formula; type the answer itself")))
                    value = None
                elif isinstance(value, str):
                    value = from_xml_text(value)
                elif hasattr(value, "isoformat"):
                    value = value.isoformat()
                values.append(value)
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        if errors:
            raise SheetImportError(errors)
        return rows
    except SheetImportError:
        raise
    except Exception:  # noqa: BLE001 - sheets are parsed lazily: damage shows up here
        raise file_error(N_("the file is not a valid XLSX workbook")) from None
    finally:
        wb.close()
        fh.close()
