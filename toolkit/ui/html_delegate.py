"""A list delegate that paints each item's rich text (title in bold, a highlighted snippet).

QListWidget items hold plain text (read by screen readers); the HTML to paint sits in
HTML_ROLE. Heights follow the wrapped text at the current width and font size.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

HTML_ROLE = Qt.ItemDataRole.UserRole + 10
PADDING = 6


class HtmlDelegate(QStyledItemDelegate):
    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self.view = view

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex, width: int):
        doc = QTextDocument()
        doc.setDocumentMargin(PADDING)
        doc.setDefaultFont(option.font)
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(width, 80))
        return doc

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(opt, index, self.view.viewport().width() - 2)  # as in _fitted
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.translate(opt.rect.topLeft())
        painter.setClipRect(opt.rect.translated(-opt.rect.topLeft()))
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def fit_items(self) -> None:
        """Give every item the height its text needs at the view's current width.

        QListView does not ask again when only the width changes, so the screen calls this
        after filling the list and whenever the viewport's width changes.
        """
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        option.font = self.view.font()
        model = self.view.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            model.setData(index, self._fitted(option, index), Qt.ItemDataRole.SizeHintRole)

    def _fitted(self, option, index) -> QSize:
        width = self.view.viewport().width() - 2
        doc = self._document(option, index, width)
        return QSize(width, int(doc.size().height()) + 2)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt API
        fitted = index.data(Qt.ItemDataRole.SizeHintRole)
        if fitted is not None:
            return fitted
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        return self._fitted(opt, index)
