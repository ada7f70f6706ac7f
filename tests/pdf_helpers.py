"""A PDF's text as poppler's pdftotext reads it (what a reader's copy and search would get),
for every test that checks what a printed document says."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="poppler-utils not installed")


def pdf_text(path: Path | str, layout: bool = False, joined: bool = True,
             plain_spaces: bool = False) -> str:
    """The text of the PDF at `path`. `layout`: pdftotext keeps the page's columns;
    `joined`: wrapped lines and columns run into one line, so a phrase is found whatever
    the line breaks; `plain_spaces`: no-break spaces read as spaces, and letters in NFC."""
    args = ["pdftotext"] + (["-layout"] if layout else []) + [str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    if plain_spaces:
        out = unicodedata.normalize("NFC", out.replace("\u00a0", " "))
    return " ".join(out.split()) if joined else out
