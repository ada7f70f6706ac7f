"""Preview of a made document, page by page, with Save as PDF and Print.

Printing goes through the system print dialog; pages are drawn as images at the printer's
resolution (at most 300 dpi, plenty for text and bars, and quick on an old laptop).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageSize, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from toolkit.fileio import atomic_write_bytes
from toolkit.i18n import _
from toolkit.ui.errors import show_error
from toolkit.ui.geometry import fit_to_screen
from toolkit.ui.pdf_pages import PdfPages, available

PRINT_DPI = 300
PREVIEW_DPI = 100


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), suggested,
                                                _("PDF files (*.pdf)"))
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def save_copy(source: Path, target: Path) -> None:
    """Copy the made PDF to where the user chose, never leaving half a file there."""
    atomic_write_bytes(target, Path(source).read_bytes())


def deliver(owner: QWidget, action: str, path: Path, name: str, paper: str,
            status: QLabel | None = None) -> PreviewDialog | None:
    """What a screen does with a document it has just made: "save" (a copy where the user
    chooses, said in `status`), "print" (the system's print dialog) or "preview" (returned:
    the owner keeps it). A failure is shown to the user, never raised."""
    try:
        if action == "save":
            chosen = ask_save_path(owner, name)
            if chosen is not None:
                save_copy(path, chosen)
                if status is not None:
                    status.setText(_("Saved to {path}.").format(path=chosen))
        elif action == "print":
            print_pdf(owner, path, paper)
        else:
            preview = PreviewDialog(path, name, paper, owner)
            preview.open()
            return preview
    except Exception as exc:  # noqa: BLE001 - shown to the user, logged
        show_error(owner, exc)
    return None


def make_printer(paper: str):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    size = QPageSize.PageSizeId.A4 if paper == "a4" else QPageSize.PageSizeId.Letter
    printer.setPageSize(QPageSize(size))
    printer.setFullPage(True)  # our PDF pages carry their own margins
    return printer


def ask_print(parent: QWidget | None, printer, pages: int) -> bool:
    """The system print dialog (tests replace this function)."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, pages)
    dialog.setWindowTitle(_("Print"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_pdf(parent: QWidget | None, path: Path, paper: str) -> bool:
    """Ask for a printer and print every page (or the range chosen). True when printed."""
    pages = PdfPages(path)
    try:
        if pages.count == 0:
            raise RuntimeError("no PDF renderer")
        printer = make_printer(paper)
        if not ask_print(parent, printer, pages.count):
            return False
        first, last = 1, pages.count
        if printer.printRange() == printer.PrintRange.PageRange and printer.fromPage():
            first, last = printer.fromPage(), min(printer.toPage() or pages.count, pages.count)
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(_("The printer could not be started."))
        try:
            for number in range(first, last + 1):
                if number > first:
                    printer.newPage()
                image = pages.image(number - 1, dpi)
                target = painter.viewport()
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
        finally:
            painter.end()
        return True
    finally:
        pages.close()


class PreviewDialog(QDialog):
    def __init__(self, path: Path, suggested_name: str, paper: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.suggested_name, self.paper = Path(path), suggested_name, paper
        self.pages = PdfPages(self.path)
        self.index = 0
        self.setWindowTitle(_("Preview"))
        fit_to_screen(self, QSize(900, 760), parent)
        self.page_view = QLabel()
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_view)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAccessibleName(_("Page preview"))
        self.previous = QPushButton(_("&Previous page"))
        self.next = QPushButton(_("&Next page"))
        self.where = QLabel()
        self.zoom = 1.0
        self.zoom_in = QPushButton(_("Zoom &in"))
        self.zoom_out = QPushButton(_("Zoom &out"))
        self.zoom_in.setAccessibleName(_("Zoom in"))
        self.zoom_out.setAccessibleName(_("Zoom out"))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self.zoom * 1.25))
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self.zoom / 1.25))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self,
                  lambda: self.set_zoom(self.zoom * 1.25))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self,
                  lambda: self.set_zoom(self.zoom / 1.25))
        self.save = QPushButton(_("&Save as PDF…"))
        self.print_button = QPushButton(_("Prin&t…"))
        self.close_button = QPushButton(_("Close"))
        for button, name in ((self.previous, _("Previous page")), (self.next, _("Next page")),
                             (self.save, _("Save as PDF")), (self.print_button, _("Print")),
                             (self.close_button, _("Close"))):
            button.setAccessibleName(name)
        self.previous.clicked.connect(lambda: self.show_page(self.index - 1))
        self.next.clicked.connect(lambda: self.show_page(self.index + 1))
        self.save.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.accept)
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToNextPage), self,
                  lambda: self.show_page(self.index + 1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToPreviousPage), self,
                  lambda: self.show_page(self.index - 1))
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addWidget(self.where, 1, Qt.AlignmentFlag.AlignCenter)
        nav.addWidget(self.next)
        actions = QHBoxLayout()
        actions.addWidget(self.save)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        actions.addWidget(self.zoom_out)
        actions.addWidget(self.zoom_in)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(actions)
        if self.pages.count:
            self.show_page(0)
        else:
            self.page_view.setWordWrap(True)
            self.page_view.setText(_("Pages cannot be shown on this computer, but the document "
                                     "was made: save it or print it."))
            for button in (self.previous, self.next, self.zoom_in, self.zoom_out):
                button.setEnabled(False)
            self.print_button.setEnabled(available())

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.5, min(4.0, zoom))
        self.show_page(self.index)

    def show_page(self, index: int) -> None:
        if not 0 <= index < self.pages.count:
            return
        self.index = index
        ratio = self.devicePixelRatioF() or 1.0
        image = self.pages.image(index, PREVIEW_DPI * ratio * self.zoom)
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self.page_view.setPixmap(pixmap)
        text = _("Page {page} of {total}").format(page=index + 1, total=self.pages.count)
        self.where.setText(text)
        self.page_view.setAccessibleName(text)
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < self.pages.count - 1)

    def save_as(self) -> None:
        target = ask_save_path(self, self.suggested_name)
        if target is None:
            return
        try:
            save_copy(self.path, target)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)

    def print_document(self) -> None:
        try:
            print_pdf(self, self.path, self.paper)
        except Exception as exc:  # noqa: BLE001 - shown to the user, logged
            show_error(self, exc)

    def done(self, result: int) -> None:
        self.pages.close()
        super().done(result)
