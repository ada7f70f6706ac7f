"""The guides screen: browse, read, follow links, switch language, search as you type, print."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog

from toolkit.guides.library import UnknownGuideError
from toolkit.ui import guides_screen as module


@pytest.fixture
def guides(window, qtbot):
    window.go_to("guides")
    screen = window.screen("guides")
    qtbot.wait(1)
    return screen


def slugs(screen):
    return [screen.list.item(r).data(module.SLUG_ROLE) for r in range(screen.list.count())]


def test_browse_by_kind_and_topic(guides):
    assert len(slugs(guides)) == 27
    assert slugs(guides)[0] == "cswb-planning"
    guides.kind.setCurrentIndex(guides.kind.findData("worksheet"))
    assert len(slugs(guides)) == 10 and "action-plan" in slugs(guides)
    guides.topic.setCurrentIndex(guides.topic.findData("evaluation"))
    assert set(slugs(guides)) == {"logic-model", "indicator-tracking", "meeting-debrief"}
    assert guides.count.text() == "3 pieces"
    guides.kind.setCurrentIndex(0)
    guides.topic.setCurrentIndex(guides.topic.findData("youth"))
    assert set(slugs(guides)) == {"engaging-youth", "gun-and-gang-violence-prevention"}


def test_open_a_guide_by_click_and_by_enter(guides, qtbot):
    assert "What community safety" in guides.reader.toPlainText()  # something to read at once
    row = slugs(guides).index("engaging-seniors")
    rect = guides.list.visualItemRect(guides.list.item(row))
    guides.list.scrollToItem(guides.list.item(row))
    rect = guides.list.visualItemRect(guides.list.item(row))
    qtbot.mouseClick(guides.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert guides.current_slug == "engaging-seniors"
    assert guides.reader.toPlainText().startswith("Engaging seniors")
    guides.list.setFocus()
    guides.list.setCurrentRow(slugs(guides).index("logic-model"))
    qtbot.keyClick(guides.list, Qt.Key.Key_Return)
    assert guides.current_slug == "logic-model"
    assert "Outcomes" in guides.reader.toPlainText()


def test_guide_links_open_the_linked_piece_in_the_same_language(guides):
    guides.show_guide("planning-a-local-diagnosis", "fr")
    html = guides.reader.toHtml()
    assert 'href="guide:engaging-youth"' in html
    guides.reader.anchorClicked.emit(QUrl("guide:engaging-youth"))
    assert guides.current_slug == "engaging-youth"
    assert guides.reader.toPlainText().startswith("Mobiliser les jeunes")


def test_other_language_one_click_away_and_side_by_side(guides, qtbot):
    guides.show_guide("action-plan")
    assert guides.reader.toPlainText().startswith("Action plan")
    assert guides.other_language.text() == "Français"
    qtbot.mouseClick(guides.other_language, Qt.MouseButton.LeftButton)
    assert guides.reader.toPlainText().startswith("Plan d’action")
    assert guides.other_language.text() == "English"
    guides.side_by_side.setChecked(True)
    assert guides.second_reader.isVisible()
    assert guides.second_reader.toPlainText().startswith("Action plan")
    guides.side_by_side.setChecked(False)
    assert not guides.second_reader.isVisible()


def test_table_of_contents_for_long_guides(guides, qtbot):
    guides.show_guide("facilitating-a-session")
    assert guides.contents.isVisible() and guides.contents.count() > 5
    bar = guides.reader.verticalScrollBar()
    assert bar.value() == 0
    last = guides.contents.count() - 1
    guides.contents.setCurrentIndex(last)
    guides.contents.activated.emit(last)
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)
    guides.show_guide("sign-in-sheet")
    assert not guides.contents.isVisible()


def test_search_updates_as_the_user_types(guides, qtbot):
    qtbot.keyClicks(guides.search, "secu")
    first = slugs(guides)
    assert first and guides.count.text().endswith("results")
    qtbot.keyClicks(guides.search, "rite")
    results = slugs(guides)
    assert results and results[0] == "cswb-planning"
    html = guides.list.item(0).data(module.HTML_ROLE)
    assert "<u>sécurité</u>" in html or "<u>Sécurité</u>" in html
    guides.search.setFocus()
    qtbot.keyClick(guides.search, Qt.Key.Key_Return)
    assert guides.current_slug == results[0]
    guides.search.setText("zzqx")
    assert guides.list.count() == 0 and "Nothing found" in guides.count.text()
    guides.search.clear()
    assert guides.list.count() == 27


def test_down_arrow_moves_from_search_to_results(guides, qtbot):
    guides.search.setFocus()
    qtbot.keyClicks(guides.search, "logic model")
    qtbot.keyClick(guides.search, Qt.Key.Key_Down)
    assert guides.list.hasFocus() and guides.list.currentRow() == 0
    qtbot.keyClick(guides.list, Qt.Key.Key_Return)
    assert guides.current_slug == "logic-model"


def test_interface_language_switch_retranslates_and_reads_in_french(window, guides):
    window.set_language("fr")
    assert guides.list.item(0).text().startswith("Comprendre la planification")
    assert guides.reader.toPlainText().startswith("Comprendre la planification")
    assert guides.kind.itemText(0) == "Tous les types"
    assert guides.paper_language.currentData() == "fr"


def test_save_as_pdf_in_the_chosen_language(guides, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "out" / "debrief"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    guides.show_guide("meeting-debrief")
    guides.paper_language.setCurrentIndex(guides.paper_language.findData("bilingual"))
    qtbot.mouseClick(guides.save_pdf, Qt.MouseButton.LeftButton)
    written = tmp_path / "out" / "debrief.pdf"
    assert written.read_bytes().startswith(b"%PDF")
    assert str(written) in guides.status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True,
                              text=True).stdout
        assert "Meeting debrief" in text and "Bilan de la rencontre" in text


def test_cancelled_save_writes_nothing(guides, qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    qtbot.mouseClick(guides.save_pdf, Qt.MouseButton.LeftButton)
    assert guides.status.text() == ""


def test_print_sends_the_document_to_the_printer(guides, qtbot, monkeypatch, tmp_path):
    target = tmp_path / "printed.pdf"

    class FakeDialog:
        def __init__(self, printer, parent):
            printer.setOutputFormat(printer.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(target))

        def setWindowTitle(self, title):  # noqa: N802 - Qt API
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(module, "QPrintDialog", FakeDialog)
    guides.show_guide("sign-in-sheet")
    qtbot.mouseClick(guides.print_button, Qt.MouseButton.LeftButton)
    assert target.read_bytes().startswith(b"%PDF")


def test_show_guide_refuses_an_unknown_slug(guides):
    with pytest.raises(UnknownGuideError):
        guides.show_guide("no-such-guide")


def test_large_text_shows_one_pane_at_a_time(window, guides, qtbot):
    window.set_text_scale(200)
    qtbot.waitUntil(guides.is_narrow, timeout=3000)
    guides.show_list()
    assert guides.list.isVisible() and not guides.reader.isVisible()
    guides.list.setFocus()
    guides.list.setCurrentRow(2)
    qtbot.keyClick(guides.list, Qt.Key.Key_Return)
    assert guides.reader.isVisible() and not guides.list.isVisible()
    assert guides.back.isVisible()
    for lang in ("en", "fr"):  # the reading pane fits the window at 200 %, in both languages
        window.set_language(lang)
        guides.show_guide("action-plan")
        scroller = window.stack.currentWidget()
        qtbot.waitUntil(lambda s=scroller: s.widget().minimumSizeHint().width()
                        <= s.viewport().width(), timeout=3000)
    qtbot.wait(20)  # let the layout give the button its place
    qtbot.mouseClick(guides.back, Qt.MouseButton.LeftButton)
    assert guides.list.isVisible()
    window.set_text_scale(100)
    qtbot.waitUntil(lambda: not guides.is_narrow(), timeout=3000)
    assert guides.list.isVisible() and guides.reader.isVisible() and not guides.back.isVisible()


def test_tab_order_follows_the_screen(guides, qtbot):
    assert not guides.back.isVisible()  # both panes shown: no way "back" is needed
    guides.search.setFocus()
    order = [guides.search]
    for _ in range(6):
        qtbot.keyClick(order[-1], Qt.Key.Key_Tab)
        order.append(guides.focusWidget())
    assert order[:6] == [guides.search, guides.kind, guides.topic, guides.list,
                         guides.other_language, guides.side_by_side]


def test_opening_a_search_result_shows_the_hit(guides, qtbot):
    qtbot.keyClicks(guides.search, "honoraires")
    assert slugs(guides)[0] == "engaging-indigenous-partners"
    qtbot.keyClick(guides.search, Qt.Key.Key_Return)
    assert guides.reader.toPlainText().startswith("Mobiliser les Aînés")
    assert guides.reader.textCursor().selectedText().lower() == "honoraires"
    qtbot.waitUntil(lambda: guides.reader.verticalScrollBar().value() > 0, timeout=3000)


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed")
def test_the_file_type_chosen_sets_the_paper_size(guides, qtbot, monkeypatch, tmp_path):
    def size_of(choice: str) -> str:
        target = tmp_path / f"{choice}.pdf"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName",
            lambda parent, title, start, filters: (str(target),
                                                   filters.split(";;")[choice == "a4"]))
        qtbot.mouseClick(guides.save_pdf, Qt.MouseButton.LeftButton)
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True).stdout
        return next(line for line in info.splitlines() if line.startswith("Page size"))

    guides.show_guide("action-plan")
    assert "612 x 792" in size_of("letter")
    assert "595.2" in size_of("a4") or "595.28" in size_of("a4")


def _iface(widget):
    from PySide6.QtGui import QAccessible

    return QAccessible.queryAccessibleInterface(widget)


def _text_headings(reader):
    """(level, text) of every heading block in the reader's document, as Qt parsed it."""
    found, block = [], reader.document().begin()
    while block.isValid():
        if block.blockFormat().headingLevel():
            found.append((block.blockFormat().headingLevel(), block.text().strip()))
        block = block.next()
    return found


def test_outline_reads_headings_and_links_as_such_in_the_text_language(guides, qtbot):
    from PySide6.QtGui import QAccessible
    from PySide6.QtGui import QAccessibleActionInterface as Action

    guides.show_guide("planning-a-local-diagnosis", "fr")
    outline = guides.outline
    headings = [e for e in outline.entries if e.is_heading]
    links = [e for e in outline.entries if not e.is_heading]
    # Every heading of the text, in order and at its level, is a heading of the outline.
    assert [(e.accessible_level, e.accessibleName()) for e in headings] == _text_headings(
        guides.reader)
    assert len(headings) > 3 and links
    for entry in outline.entries:
        iface = _iface(entry)
        attrs = iface.attributesInterface()
        assert iface.role() == (QAccessible.Role.Heading if entry.is_heading
                                else QAccessible.Role.Link)
        assert iface.text(QAccessible.Text.Name) == entry.text().strip()  # the visible words
        assert attrs.attributeValue(QAccessible.Attribute.Locale).name() == "fr_CA"
        if entry.is_heading:
            assert attrs.attributeValue(QAccessible.Attribute.Level) == entry.accessible_level
    # The text itself carries its language, and follows a switch.
    locale = _iface(guides.reader).attributesInterface().attributeValue(
        QAccessible.Attribute.Locale)
    assert locale.name() == "fr_CA"
    guides.switch_language()
    assert _iface(guides.reader).attributesInterface().attributeValue(
        QAccessible.Attribute.Locale).name() == "en_CA"
    assert _iface(guides.outline.entries[0]).attributesInterface().attributeValue(
        QAccessible.Attribute.Locale).name() == "en_CA"
    # A link's press action (what a screen reader calls) follows it.
    guides.show_guide("planning-a-local-diagnosis", "fr")
    link = next(e for e in guides.outline.entries if e.target == "guide:engaging-youth")
    iface = _iface(link)
    assert Action.pressAction() in iface.actionInterface().actionNames()
    iface.actionInterface().doAction(Action.pressAction())
    assert guides.current_slug == "engaging-youth"
    assert guides.reader.toPlainText().startswith("Mobiliser les jeunes")


def test_outline_by_keyboard_heading_scrolls_the_text(guides, qtbot):
    guides.show_guide("facilitating-a-session")
    guides.window().resize(1000, 700)
    outline = guides.outline
    assert not outline.entries[0].isVisible()  # closed: one stop, then the text
    outline.toggle.setFocus()
    qtbot.keyClick(outline.toggle, Qt.Key.Key_Space)
    assert outline.toggle.isChecked() and outline.entries[0].isVisible()
    qtbot.keyClick(outline.toggle, Qt.Key.Key_Tab)
    assert guides.focusWidget() is outline.entries[0]
    last = outline.entries[-1]
    heading = [e for e in outline.entries if e.is_heading][-2]
    heading.setFocus()
    before = guides.reader.verticalScrollBar().value()
    qtbot.keyClick(heading, Qt.Key.Key_Space)
    assert guides.reader.verticalScrollBar().value() > before
    last.setFocus()
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    assert guides.focusWidget() is guides.reader  # reading order: outline, then the text
