"""The reports screen: choosing sessions, making documents in a worker, preview, save, print,
comment review."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt

from toolkit.comments import CommentService
from toolkit.demo import add_demo
from toolkit.sessions import SessionService
from toolkit.ui import report_preview


@pytest.fixture
def screen(window, kit):
    sessions = add_demo(SessionService(kit.store))
    window.go_to("reports")
    reports = window.screen("reports")
    reports.refresh()
    reports.sessions = sessions
    yield reports
    if getattr(reports, "preview", None):
        reports.preview.close()


def wait_idle(qtbot, screen):
    qtbot.waitUntil(lambda: not screen.job.running, timeout=60_000)


def test_lists_sessions_and_checks_the_selection(screen, kit):
    assert screen.session_list.count() == 3  # the demo: survey, youth circle, baseline
    assert not screen.preview_button.isEnabled()
    screen.select([screen.sessions[0].id])
    assert screen.preview_button.isEnabled()
    assert "Session report for Birch Lake" in screen.selection_note.text()
    other = SessionService(kit.store).create_session("Kahnawà:ke", "local-diagnosis")
    screen.refresh()
    screen.select([screen.sessions[0].id, other.id])
    assert not screen.preview_button.isEnabled()
    assert "different communities" in screen.selection_note.text()
    screen.select([s.id for s in screen.sessions])
    assert screen.preview_button.isEnabled()
    assert "Community report for Birch Lake, 3 sessions" in screen.selection_note.text()


def test_preview_runs_in_a_worker_and_shows_pages(screen, qtbot):
    screen.select([screen.sessions[0].id])
    screen.language.setCurrentIndex(screen.language.findData("bilingual"))
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    # the click returned before the document exists: the window was not blocked
    assert screen.job.running and screen.progress.isVisibleTo(screen)
    assert not screen.preview_button.isEnabled()
    wait_idle(qtbot, screen)
    dialog = screen.preview
    assert dialog.isVisible() and dialog.pages.count >= 12
    assert dialog.where.text() == f"Page 1 of {dialog.pages.count}"
    assert not dialog.page_view.pixmap().isNull()
    qtbot.mouseClick(dialog.next, Qt.MouseButton.LeftButton)
    assert dialog.where.text().startswith("Page 2 of")
    width = dialog.page_view.pixmap().width()
    qtbot.mouseClick(dialog.zoom_in, Qt.MouseButton.LeftButton)
    assert dialog.page_view.pixmap().width() > width
    assert "pages" in screen.status.text()


def test_save_as_pdf(screen, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "Birch Lake.pdf"
    monkeypatch.setattr(report_preview, "ask_save_path", lambda parent, name: target)
    screen.select([screen.sessions[0].id])
    screen.paper.setCurrentIndex(screen.paper.findData("a4"))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert str(target) in screen.status.text()
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        assert "(A4)" in info


def test_print_through_the_print_dialog(screen, qtbot, tmp_path, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    printed = tmp_path / "printed.pdf"

    def fake_dialog(parent, printer, pages):
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(1, 2)
        return True
    monkeypatch.setattr(report_preview, "ask_print", fake_dialog)
    screen.select([screen.sessions[1].id])
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    assert printed.exists() and printed.stat().st_size > 1000
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True).stdout
        pages = [line.split()[1] for line in info.splitlines() if line.startswith("Pages:")]
        assert pages == ["2"]


def test_failure_in_the_worker_is_shown_kindly(screen, qtbot, monkeypatch):
    from toolkit.errors import InputError
    from toolkit.reports import summary

    shown = []
    monkeypatch.setattr("toolkit.ui.jobs.show_error",
                        lambda parent, exc: shown.append(exc))

    def broken(*args, **kwargs):
        raise InputError(reason="disk")
    monkeypatch.setattr(summary, "render_summary_report", broken)
    screen.select([screen.sessions[0].id])
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    assert len(shown) == 1 and isinstance(shown[0], InputError)
    assert not screen.progress.isVisibleTo(screen) and screen.preview_button.isEnabled()


def test_review_comments_dialog(screen, qtbot, kit):
    screen.select([screen.sessions[0].id])
    qtbot.mouseClick(screen.review_button, Qt.MouseButton.LeftButton)
    dialog = screen.comments_dialog
    assert dialog.list.count() > 3
    first = dialog.comments[0][1]
    assert dialog.original.toPlainText() == first.answer
    dialog.wording.setPlainText("Reworded for print")
    qtbot.mouseClick(dialog.include, Qt.MouseButton.LeftButton)
    assert dialog.list.currentRow() == 1  # moves on to the next comment
    qtbot.mouseClick(dialog.exclude, Qt.MouseButton.LeftButton)
    counts = CommentService(kit.store).counts(screen.sessions[0].id)
    assert counts["include"] == 1 and counts["exclude"] == 1
    assert "1 included, 1 excluded" in dialog.summary.text()
    included = CommentService(kit.store).included(screen.sessions[0].id)
    assert ["Reworded for print"] in included.values()
    dialog.close()
    assert screen.comment_counts.text().startswith("1 included, 1 excluded")


def test_blank_form_button(screen, qtbot):
    screen.language.setCurrentIndex(screen.language.findData("fr"))
    screen.instrument.setCurrentIndex(screen.instrument.findData("local-diagnosis"))
    qtbot.mouseClick(screen.form_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    assert screen.preview.pages.count >= 5
    assert screen.preview.windowTitle() == "Preview"


def test_blank_form_in_large_print_from_the_reports_screen(screen, qtbot):
    from tests.test_reports import font_sizes

    screen.language.setCurrentIndex(screen.language.findData("en"))
    qtbot.mouseClick(screen.form_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    standard = screen.preview.pages.count
    assert min(font_sizes(screen.last_pdf)) < 14
    screen.preview.close()
    screen.large_print.setChecked(True)
    qtbot.mouseClick(screen.form_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, screen)
    assert min(font_sizes(screen.last_pdf)) >= 14
    assert screen.preview.pages.count > standard
    assert screen.preview.suggested_name.endswith("-en-large-print.pdf")
    screen.preview.close()


def test_threshold_set_in_settings_is_the_floor(window, kit):
    from toolkit.paths import settings_path
    from toolkit.settings import load_settings

    settings = window.screen("settings")
    window.go_to("settings")
    settings.threshold.setValue(8)
    assert load_settings(settings_path(kit.folder)).small_group_threshold == 8
    window.go_to("reports")
    reports = window.screen("reports")
    assert reports.threshold.minimum() == 8 and reports.threshold.value() >= 8
