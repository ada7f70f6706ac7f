"""Pages of a PDF as images, for the preview and for printing.

PySide6-Essentials has no QtPdf (it is in PySide6-Addons, hundreds of megabytes). pypdfium2
(PDFium, the engine of Chrome's PDF viewer) ships ready-built for Windows, macOS and Linux
in about 9 MB and works offline, so it renders our pages. Without it, poppler's `pdftoppm`
is used when installed; with neither, the preview says so and saving still works.
Used from the GUI thread only (PDFium is not thread-safe).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage


def _pdfium():
    try:
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        return None
    return pypdfium2


def available() -> bool:
    return _pdfium() is not None or shutil.which("pdftoppm") is not None


class PdfPages:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._pdfium = _pdfium()
        self._doc = None
        if self._pdfium is not None:
            self._doc = self._pdfium.PdfDocument(str(self.path))
            self.count = len(self._doc)
        elif shutil.which("pdftoppm"):
            self.count = self._poppler_count()
        else:
            self.count = 0

    def _poppler_count(self) -> int:
        info = subprocess.run(["pdfinfo", str(self.path)], capture_output=True, text=True)
        for line in info.stdout.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        return 0

    def image(self, index: int, dpi: float = 96) -> QImage:
        """Page `index` (from 0) rendered at `dpi`, on white."""
        if self._doc is not None:
            raw = self._pdfium.raw
            bitmap = self._doc[index].render(scale=dpi / 72,
                                             force_bitmap_format=raw.FPDFBitmap_BGRA,
                                             rev_byteorder=True)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBA8888)
            return image.copy()  # own the pixels: the bitmap's buffer goes away
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp) / "page"
            subprocess.run(["pdftoppm", "-png", "-r", str(int(dpi)), "-f", str(index + 1), "-l",
                            str(index + 1), "-singlefile", str(self.path), str(base)], check=True,
                           capture_output=True)
            return QImage(str(base.with_suffix(".png"))).copy()

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
