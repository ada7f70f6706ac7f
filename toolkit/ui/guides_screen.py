"""Guides and toolkits: browse by kind and topic, search as you type, read, print, save as PDF.

The library (toolkit.guides) is loaded when this screen is first built; the search index is
built on the first keystroke (about 15 ms). The reader is a QTextBrowser showing our own
HTML; `guide:` links open the linked piece. The other language is one click away, or shown
side by side. Questionnaire screens can call `show_guide(slug)` to open a related guide.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from toolkit import i18n, languages
from toolkit.filenames import suggested_name
from toolkit.guides.html import piece_html, pieces_html
from toolkit.guides.library import (
    KINDS,
    LANGS,
    Library,
    bundled_library,
    kind_label,
    kind_name,
    tag_name,
)
from toolkit.guides.markdown import plain
from toolkit.i18n import N_, _, ngettext
from toolkit.ui.errors import show_error
from toolkit.ui.html_delegate import HTML_ROLE, HtmlDelegate
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.screen import Screen, paragraph
from toolkit.ui.style import set_role

SLUG_ROLE = Qt.ItemDataRole.UserRole
LANG_ROLE = Qt.ItemDataRole.UserRole + 1
HIT_ROLE = Qt.ItemDataRole.UserRole + 2  # (snippet text, first highlighted word)
TOC_MIN_HEADINGS = 6  # a table of contents for pieces longer than a few sections
FIRST_PIECE = "cswb-planning"
READ_IN = {"en": N_("Read in English"), "fr": N_("Read in French")}


def _native(lang: str) -> str:
    return languages.get(lang).native_name


def _other(lang: str) -> str:
    return next(code for code in LANGS if code != lang)


def _compact(combo: QComboBox, chars: int = 10) -> QComboBox:
    """A combo box that may be narrower than its longest item (at 200 % text)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class _Reader(QTextBrowser):
    """A QTextBrowser that hands `guide:` links to the screen instead of loading them."""

    def __init__(self) -> None:
        super().__init__()
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.lang = "en"


class GuidesScreen(Screen):
    def __init__(self, kit, parent: QWidget | None = None) -> None:
        super().__init__(kit, parent)
        self.library: Library = bundled_library()
        self._narrow = False
        self._page = "list"  # in narrow mode, the pane shown
        self._watched_viewport = None
        self.current_slug: str | None = None
        self.reading_lang = i18n.language()

        # Left: search, filters, list of pieces or results.
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.open_first_result)
        self.search.installEventFilter(self)
        self.kind = _compact(QComboBox())
        self.topic = _compact(QComboBox())
        self.kind.currentIndexChanged.connect(self.update_list)
        self.topic.currentIndexChanged.connect(self.update_list)
        self.count = QLabel()
        set_role(self.count, "hint")
        self.count.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setItemDelegate(HtmlDelegate(self.list))
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.list.viewport().installEventFilter(self)  # re-wrap items when the width changes
        self._list_width = 0
        self.left = left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        for widget in (self.search, self.kind, self.topic, self.count):
            left_layout.addWidget(widget)
        left_layout.addWidget(self.list, 1)

        # Right: reading tools, then one reader (or two, side by side).
        self.back = QPushButton()  # only when the screen is too narrow for both panes
        self.back.clicked.connect(self.show_list)
        self.other_language = QPushButton()
        self.other_language.clicked.connect(self.switch_language)
        self.side_by_side = QCheckBox()
        self.side_by_side.toggled.connect(self._side_by_side_toggled)
        self.contents = _compact(QComboBox(), 12)
        self.contents.activated.connect(self._jump_to_section)
        self.paper_language = _compact(QComboBox(), 8)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(self.print_current)
        self.save_pdf = QPushButton()
        self.save_pdf.clicked.connect(self.save_current_as_pdf)
        self.status = paragraph()
        set_role(self.status, "hint")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reader = _Reader()
        self.second_reader = _Reader()
        self.second_reader.hide()
        for reader in (self.reader, self.second_reader):
            reader.anchorClicked.connect(lambda url, r=reader: self._link_clicked(url, r))
        readers = QSplitter(Qt.Orientation.Horizontal)
        readers.setChildrenCollapsible(False)
        readers.addWidget(self.reader)
        readers.addWidget(self.second_reader)

        tools = QHBoxLayout()
        tools.addWidget(self.back)
        tools.addWidget(self.other_language)
        tools.addWidget(self.side_by_side)
        tools.addStretch(1)
        self.paper = QGridLayout()  # one row, or two when the text is large (_arrange_paper)
        self._arrange_paper(False)
        self.right = right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addLayout(tools)
        right_layout.addWidget(self.contents)
        right_layout.addWidget(readers, 1)
        right_layout.addLayout(self.paper)
        right_layout.addWidget(self.status)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.layout_.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.kind)
        self.setTabOrder(self.kind, self.topic)
        self.setTabOrder(self.topic, self.list)
        self.setTabOrder(self.list, self.back)
        self.setTabOrder(self.back, self.other_language)
        self.setTabOrder(self.other_language, self.side_by_side)
        self.setTabOrder(self.side_by_side, self.contents)
        self.setTabOrder(self.contents, self.reader)
        self.setTabOrder(self.reader, self.paper_language)
        self.setTabOrder(self.paper_language, self.print_button)
        self.setTabOrder(self.print_button, self.save_pdf)
        self._apply_layout()
        fit_indicators(self)

    # text ----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        lang = i18n.language()
        self.title.setText(_("Guides and toolkits"))
        self.search.setPlaceholderText(_("Search in English and French"))
        self.search.setAccessibleName(_("Search the guides"))
        self._fill_combo(self.kind, [(None, _("All kinds"))]
                         + [(k, kind_name(k)) for k in KINDS])
        self.kind.setAccessibleName(_("Kind of piece"))
        self._fill_combo(self.topic, [(None, _("All topics"))]
                         + [(t, tag_name(t)) for t in self.library.tags()])
        self.topic.setAccessibleName(_("Topic"))
        self.list.setAccessibleName(_("Guides, worksheets and glossary"))
        self.back.setText(_("All guides"))
        self.back.setAccessibleName(_("Back to the list of guides"))
        self.side_by_side.setText(_("Side by side"))
        self.side_by_side.setAccessibleName(_("Show both languages side by side"))
        self.contents.setAccessibleName(_("Contents: go to a section"))
        self._fill_combo(self.paper_language, [
            (lang, _native(lang)), (_other(lang), _native(_other(lang))),
            ("bilingual", _("Both languages"))])
        self.paper_language.setCurrentIndex(0)  # the interface language first
        self.paper_language.setAccessibleName(_("Language on paper"))
        self.paper_language.setToolTip(_("Language on paper"))
        self.print_button.setText(_("Print…"))
        self.print_button.setAccessibleName(_("Print this piece"))
        self.save_pdf.setText(_("Save as PDF…"))
        self.save_pdf.setAccessibleName(_("Save this piece as a PDF file"))
        self.reader.setAccessibleName(_("Guide text"))
        self.second_reader.setAccessibleName(_("Guide text in the other language"))
        self.status.clear()
        self.reading_lang = lang  # a new interface language: read in it too
        self.update_list()
        self._show_current()

    def _fill_combo(self, combo: QComboBox, entries) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for key, label in entries:
            combo.addItem(label, key)
        found = combo.findData(keep)
        combo.setCurrentIndex(found if found >= 0 else 0)
        combo.blockSignals(False)

    # the list: browsing or search results ----------------------------------------------------
    @property
    def index(self):
        from toolkit.guides.search import bundled_index

        return bundled_index()

    def update_list(self) -> None:
        lang = i18n.language()
        kind, tag = self.kind.currentData(), self.topic.currentData()
        query = self.search.text().strip()
        self.list.clear()
        if query:
            results = [r for r in self.index.search(query, prefer=lang)
                       if (kind is None or r.piece.kind == kind)
                       and (tag is None or tag in r.piece.tags)]
            for r in results:
                marker = "" if r.lang == lang else f" <small>[{r.lang}]</small>"
                html = (f"<b>{r.title.marked('<u>', '</u>', escape)}</b>{marker}<br/>"
                        f"{r.snippet.marked('<b><u>', '</u></b>', escape)}")
                self._add_item(r.slug, r.lang, html, f"{r.piece.title}. {r.snippet.text}")
                if r.snippet.spans:
                    a, b = r.snippet.spans[0]
                    self.list.item(self.list.count() - 1).setData(
                        HIT_ROLE, (r.snippet.text.strip("…"), r.snippet.text[a:b]))
            self.count.setText(ngettext("{n} result", "{n} results", len(results)).format(
                n=len(results)) if results else _("Nothing found. Try fewer or shorter words."))
        else:
            pieces = self.library.pieces(lang, kind=kind, tag=tag)
            for p in pieces:
                about = " · ".join([kind_label(p.kind), ", ".join(tag_name(t) for t in p.tags)])
                html = f"<b>{escape(p.title)}</b><br/><small>{escape(about)}</small>"
                self._add_item(p.slug, p.lang, html, f"{p.title}. {about}")
            self.count.setText(ngettext("{n} piece", "{n} pieces", len(pieces)).format(
                n=len(pieces)))
        self.list.itemDelegate().fit_items()
        self._select_current()

    def _search_changed(self) -> None:
        if self._narrow and self._page != "list":
            self.show_list()
            self.search.setFocus()
        self.update_list()

    def _add_item(self, slug: str, lang: str, html: str, plain: str) -> None:
        item = QListWidgetItem(plain)
        item.setData(SLUG_ROLE, slug)
        item.setData(LANG_ROLE, lang)
        item.setData(HTML_ROLE, html)
        self.list.addItem(item)

    def _select_current(self) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            if self.list.item(row).data(SLUG_ROLE) == self.current_slug:
                self.list.setCurrentRow(row)
                break
        self.list.blockSignals(False)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.show_guide(item.data(SLUG_ROLE), item.data(LANG_ROLE))
        if item.data(HIT_ROLE):
            self._reveal(*item.data(HIT_ROLE))
        if self._narrow:
            self.reader.setFocus()

    def open_first_result(self) -> None:
        if self.list.count():
            self._open_item(self.list.item(0))
            self.reader.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Down arrow in the search box moves into the results; follow the viewport's width."""
        if watched is self._watched_viewport and event.type() == QEvent.Type.Resize:
            self._update_narrow()
        if (watched is self.list.viewport() and event.type() == QEvent.Type.Resize
                and event.size().width() != self._list_width):
            self._list_width = event.size().width()
            QTimer.singleShot(0, self.list.itemDelegate().fit_items)
        if (watched is self.search and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.list.count()):
            self.list.setFocus()
            self.list.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    # reading ------------------------------------------------------------------------------
    def show_guide(self, slug: str, lang: str | None = None) -> None:
        """Open a piece (for example the guide related to a questionnaire section)."""
        self.library.get(slug, "en")  # raises UnknownGuideError for a bad slug
        self.current_slug = slug
        if lang:
            self.reading_lang = lang
        self._page = "reader"
        self._show_current()
        self._select_current()
        self._apply_layout()

    def _show_current(self) -> None:
        if self.current_slug is None:
            self.current_slug = (FIRST_PIECE if FIRST_PIECE in self.library
                                 else self.library.slugs[0])
        piece = self.library.get(self.current_slug, self.reading_lang)
        self.reader.lang = piece.lang
        self.reader.setHtml(piece_html(piece, self.library))
        self.reader.document().setMetaInformation(QTextDocument.MetaInformation.DocumentTitle,
                                                  piece.title)
        other = _other(piece.lang)
        self.second_reader.lang = other
        if self.side_by_side.isChecked():
            self.second_reader.setHtml(piece_html(self.library.get(piece.slug, other),
                                                  self.library))
        # The button names the language it switches to, in that language.
        self.other_language.setText(_native(other))
        self.other_language.setAccessibleName(
            _(READ_IN[other]))
        self.other_language.setEnabled(not self.side_by_side.isChecked())
        self._fill_contents(piece)

    def _reveal(self, context: str, word: str) -> None:
        """Scroll to the search hit shown in the result's snippet and select its word."""
        doc = self.reader.document()
        found = doc.find(context[:60])
        if found.isNull():
            return
        hit = doc.find(word, found.selectionStart())
        self.reader.setTextCursor(hit if not hit.isNull() else found)
        self.reader.ensureCursorVisible()

    def _fill_contents(self, piece) -> None:
        headings = piece.headings
        self.contents.clear()
        self.contents.setVisible(len(headings) >= TOC_MIN_HEADINGS)
        self.contents.addItem(_("Contents"), None)
        for h in headings:
            indent = "    " if h.level == 3 else ""
            self.contents.addItem(indent + plain(h.inlines), h.anchor)

    def _jump_to_section(self, row: int) -> None:
        anchor = self.contents.itemData(row)
        if anchor:
            self.reader.scrollToAnchor(anchor)
            if self.second_reader.isVisible():
                self.second_reader.scrollToAnchor(anchor)

    def _link_clicked(self, url: QUrl, reader: _Reader) -> None:
        if url.scheme() == "guide":
            slug = url.path()
            try:
                self.show_guide(slug, self.reading_lang if reader is self.reader else None)
            except Exception as exc:  # noqa: BLE001 - a bad link says so, kindly
                show_error(self, exc)

    def switch_language(self) -> None:
        self.reading_lang = _other(self.reader.lang)
        self._show_current()

    def _side_by_side_toggled(self, on: bool) -> None:
        self.second_reader.setVisible(on)
        self._show_current()

    # paper --------------------------------------------------------------------------------
    def _paper_mode(self) -> str:
        return self.paper_language.currentData() or i18n.language()

    def _paper_pieces(self):
        mode = self._paper_mode()
        langs = [mode] if mode != "bilingual" else [i18n.language(), _other(i18n.language())]
        return [self.library.get(self.current_slug, lang) for lang in langs]

    def print_current(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            doc = QTextDocument()
            font = QFont(self.reader.font())
            font.setPointSizeF(10.5)  # paper has its own size, whatever the screen's text size
            doc.setDefaultFont(font)
            doc.setHtml(pieces_html(self._paper_pieces(), self.library))
            doc.print_(printer)
            self.status.setText(_("Sent to the printer."))
        except Exception as exc:  # noqa: BLE001 - shown kindly, logged
            show_error(self, exc)

    def save_current_as_pdf(self) -> None:
        from toolkit.guides.pdf import write_pdf

        mode = self._paper_mode()
        suggested = Path.home() / suggested_name(self.current_slug, mode, suffix=".pdf")
        # The file type chosen in the dialog sets the paper size (Letter is Canada's default).
        letter, a4 = _("PDF, Letter paper (*.pdf)"), _("PDF, A4 paper (*.pdf)")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(suggested), f"{letter};;{a4}")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            write_pdf(self.current_slug, path, mode, paper="a4" if chosen == a4 else "letter",
                      library=self.library, first=i18n.language())
        except Exception as exc:  # noqa: BLE001 - shown kindly, logged; nothing was written
            show_error(self, exc)
            return
        self.status.setText(_("Saved {path}.").format(path=path))

    # one pane or two --------------------------------------------------------------------------
    def show_list(self) -> None:
        self._page = "list"
        self._apply_layout()
        self.list.setFocus()

    def _update_narrow(self) -> None:
        """Two panes need about 90 average characters of width; below that (large text, small
        window) show one pane at a time, with a button back to the list."""
        viewport = self.parentWidget()
        width = viewport.width() if viewport is not None else self.width()
        narrow = width < 90 * self.fontMetrics().averageCharWidth()
        if narrow != self._narrow:
            self._narrow = narrow
            self._apply_layout()

    def _arrange_paper(self, narrow: bool) -> None:
        for widget in (self.paper_language, self.print_button, self.save_pdf):
            self.paper.removeWidget(widget)
        if narrow:
            self.paper.addWidget(self.paper_language, 0, 0, 1, 2)
            self.paper.addWidget(self.print_button, 1, 0)
            self.paper.addWidget(self.save_pdf, 1, 1)
            self.paper.setColumnStretch(2, 0)
        else:
            self.paper.addWidget(self.paper_language, 0, 0)
            self.paper.addWidget(self.print_button, 0, 1)
            self.paper.addWidget(self.save_pdf, 0, 2)
        self.paper.setColumnStretch(0, 1)

    def _apply_layout(self) -> None:
        self._arrange_paper(self._narrow)
        self.back.setVisible(self._narrow)
        self.left.setVisible(not self._narrow or self._page == "list")
        self.right.setVisible(not self._narrow or self._page == "reader")
        self.list.doItemsLayout()

    def is_narrow(self) -> bool:
        return self._narrow

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        viewport = self.parentWidget()
        if viewport is not None and viewport is not self._watched_viewport:
            viewport.installEventFilter(self)  # the scroll area's viewport: its width is ours
            self._watched_viewport = viewport
        self._update_narrow()
        super().showEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_narrow()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_narrow()
        self.list.doItemsLayout()

    def refresh(self) -> None:
        """The bundled content does not change while the app runs."""
