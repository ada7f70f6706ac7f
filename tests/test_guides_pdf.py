"""Printing guides and worksheets: the right text in the right language, writing space kept,
page numbers, paper sizes, and a file that is either complete or untouched."""

import re
import subprocess

import pytest

from tests.pdf_helpers import needs_poppler
from tests.pdf_helpers import pdf_text as shared_pdf_text
from toolkit.guides import pdf as guides_pdf
from toolkit.guides.library import bundled_library
from toolkit.guides.pdf import piece_flowables, write_pdf


def pdf_text(path) -> str:
    return shared_pdf_text(path, layout=True, joined=False)


def pdf_info(path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout


@needs_poppler
@pytest.mark.parametrize("mode", ["en", "fr"])
def test_a_guide_prints_in_its_language_with_page_numbers(tmp_path, mode):
    out = write_pdf("planning-a-local-diagnosis", tmp_path / "guide.pdf", mode)
    assert out.read_bytes().startswith(b"%PDF")
    text = " ".join(pdf_text(out).split())
    piece = bundled_library().get("planning-a-local-diagnosis", mode)
    assert piece.title in text
    assert " ".join(piece.headings[-1].inlines[0].text.split()) in text
    other = bundled_library().get("planning-a-local-diagnosis", "fr" if mode == "en" else "en")
    assert other.title not in text
    pages = int(pdf_info(out).split("Pages:")[1].split()[0])
    assert pages >= 2
    assert re.search(rf"\b1 ?/ ?{pages}\b", text) and re.search(rf"\b{pages} ?/ ?{pages}\b", text)
    assert "Letter" in pdf_info(out) or "612 x 792" in pdf_info(out)


@needs_poppler
def test_bilingual_pairs_english_then_french_and_a4_is_an_option(tmp_path):
    out = write_pdf(["action-plan"], tmp_path / "both.pdf", "bilingual", paper="a4")
    text = pdf_text(out)
    assert text.index("Action plan") < text.index("Plan d’action")
    assert "595" in pdf_info(out)  # A4 is 595 x 842 points
    french_first = write_pdf("action-plan", tmp_path / "fr-first.pdf", "bilingual", first="fr")
    text = pdf_text(french_first)
    assert text.index("Objectif 1") < text.index("Objective 1")


@needs_poppler
def test_accented_french_prints_exactly(tmp_path):
    out = write_pdf("engaging-seniors", tmp_path / "fr.pdf", "fr")
    text = pdf_text(out)
    assert "Mobiliser les personnes aînées" in text
    assert "é" in text and "à" in text and "\ufffd" not in text


def test_worksheets_keep_their_writing_space_on_paper():
    from reportlab.platypus import Spacer, Table

    library = bundled_library()
    piece = library.get("action-plan", "fr")
    story = piece_flowables(piece, 500, library)
    lines = [f for f in story if type(f).__name__ == "_RuledLines"]
    assert [f.count for f in lines] == [2, 2, 2, 2]
    grids = [f for f in story if isinstance(f, Table)]
    empty_cells = [cell for t in grids for row in t._cellvalues for cell in row
                   if isinstance(cell, Spacer)]
    assert empty_cells and all(cell.height >= 20 for cell in empty_cells)
    agenda = piece_flowables(library.get("session-agenda", "en"), 500, library)
    boxes = [cell for f in agenda if isinstance(f, Table) for row in f._cellvalues
             for cell in row if type(cell).__name__ == "_CheckBox"]
    assert len(boxes) == 12


def test_a_failed_write_leaves_the_previous_file_untouched(tmp_path, monkeypatch):
    target = tmp_path / "kept.pdf"
    target.write_bytes(b"previous")

    def broken(*args, **kwargs):
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(guides_pdf, "piece_flowables", broken)
    with pytest.raises(RuntimeError):
        write_pdf("logic-model", target, "en")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.pdf"]


def test_bad_mode_and_paper_are_refused(tmp_path):
    from toolkit.errors import LanguageModeError

    with pytest.raises(LanguageModeError):
        write_pdf("logic-model", tmp_path / "x.pdf", "de")
    with pytest.raises(ValueError):
        write_pdf("logic-model", tmp_path / "x.pdf", "en", paper="legal")
    assert not (tmp_path / "x.pdf").exists()


def test_number_columns_are_narrow_and_write_in_columns_are_not():
    from reportlab.platypus import Table

    library = bundled_library()
    for lang in ("en", "fr"):
        story = piece_flowables(library.get("priority-setting-matrix", lang), 500, library)
        widths = [t._colWidths for t in story if isinstance(t, Table) and len(t._colWidths) > 2]
        assert all(w[0] < 50 and min(w[1:]) > 80 for w in widths), widths
        plan = piece_flowables(library.get("action-plan", lang), 500, library)
        actions = [t._colWidths for t in plan if isinstance(t, Table) and len(t._colWidths) == 5]
        assert actions and all(max(w) == min(w) for w in actions)
