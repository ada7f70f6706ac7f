"""The self-test's Qt step: the main window and every screen, built without a display.

It proves the bundle carries what Qt loads at run time, which import analysis cannot see: the
platform plugin, the SVG icon engine, Qt's own French catalog, and every screen module
(screens are imported by name). Runs on the offscreen platform unless QT_QPA_PLATFORM says
otherwise, so it works on a machine with no screen. A message box that would wait for a
click is recorded as a failure instead of shown.
"""

from __future__ import annotations

import os
import sys

from toolkit import i18n
from toolkit.i18n import N_
from toolkit.selftest import SelfTest, fail


def _quiet(mode, context, message: str) -> None:  # noqa: ANN001 - Qt message handler
    """The offscreen platform warns about window hints it ignores; say nothing of those."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def check_window(test: SelfTest) -> None:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QMessageBox

    if test.kit is None:
        fail(N_("no data folder is open"))
    language = i18n.language()  # the self-test reports in the language it started in
    problems: list[str] = []
    original_exec = QMessageBox.exec
    QMessageBox.exec = lambda box: problems.append(box.text()) or 0  # never wait for a click
    previous_handler = qInstallMessageHandler(_quiet)
    try:
        _build_everything(test)
    finally:
        QMessageBox.exec = original_exec
        qInstallMessageHandler(previous_handler)
        i18n.set_language(language)
    if problems:
        fail(N_("a screen reported a problem: {text}"), text=problems[0])


def _build_everything(test: SelfTest) -> None:
    from PySide6.QtGui import QIcon, QImageReader

    from toolkit.paths import asset
    from toolkit.ui.app import application, prepare
    from toolkit.ui.main_window import KEYS, MainWindow
    from toolkit.ui.qt_i18n import install_qt_translations

    app = application()
    icon = asset("icons", "app.svg")
    if not icon.is_file():
        fail(N_("the file {path} is missing from this installation"), path=icon)
    if b"svg" not in [bytes(f) for f in QImageReader.supportedImageFormats()]:
        fail(N_("Qt cannot read SVG images (image format plugin missing)"))
    if QIcon(str(asset("icons", "app.svg"))).pixmap(32, 32).isNull():
        fail(N_("the application icon cannot be drawn (SVG icon plugin missing)"))
    prepare(test.kit, "en")
    if not install_qt_translations("fr"):
        fail(N_("Qt's French texts are missing"))
    window = MainWindow(test.kit)
    try:
        window.show()
        for lang in ("fr", "en"):
            window.set_language(lang)
            for index, key in enumerate(KEYS):
                screen = window.screen(key)  # raises if a screen module is missing
                window.stack.setCurrentIndex(index)
                screen.refresh()
                app.processEvents()
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()


def check_pdf_preview(test: SelfTest) -> None:
    """the report step's PDF drawn as the preview draws it, with PDFium
    (pypdfium2 loads its library through ctypes: a bundle without either would fall back
    silently to "no preview"). Written against toolkit.ui.pdf_pages on main."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from toolkit.ui import pdf_pages
    from toolkit.ui.app import application

    report = test.notes.get("report")
    if report is None:
        fail(N_("there is no report to show"))
    if pdf_pages._pdfium() is None:
        fail(N_("the PDF page renderer (PDFium) is missing"))
    application()
    image = pdf_pages.PdfPages(report).image(0, dpi=48)
    if image.isNull() or image.width() < 100:
        fail(N_("the first page of the report could not be drawn"))

