"""A guide's headings and links as keyboard stops a screen reader reads as such (WCAG 1.3.1).

Qt's text browser exposes its text as one block: no heading, no link reaches the
accessibility tree. This outline lists them in reading order as buttons read with the
Heading role (and its level) or the Link role, in the guide's language (3.1.2). Choosing a
heading scrolls the text there; choosing a link follows it, as clicking it in the text does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QFrame,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from toolkit.guides import markdown as md
from toolkit.guides.html import RELATED, RELATED_ANCHOR
from toolkit.i18n import _, translate
from toolkit.ui import a11y
from toolkit.ui.style import set_role


class OutlineEntry(QPushButton):
    """One heading or link of the text: a flat button, read with its own role."""

    def __init__(self, text: str, role: QAccessible.Role, target: str, level: int = 0) -> None:
        super().__init__(text)
        self.accessible_role = role
        self.accessible_level = level
        self.target = target  # the heading's anchor, or the link's URL
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        indent = "    " * max(0, level - 2) if role == QAccessible.Role.Heading else "    "
        self.setText(indent + text)
        self.setAccessibleName(text)
        self.setStyleSheet("text-align: left;" + (
            "font-weight: bold;" if role == QAccessible.Role.Heading
            else "text-decoration: underline;"))

    @property
    def is_heading(self) -> bool:
        return self.accessible_role == QAccessible.Role.Heading


def entries(piece, related: list | None = None) -> list[tuple[str, QAccessible.Role, str, int]]:
    """(text, role, target, level) for each heading and link of `piece`, in reading order;
    `related` are the pieces listed at its end (as the text shows them)."""
    found: list[tuple[str, QAccessible.Role, str, int]] = [
        (piece.title, QAccessible.Role.Heading, "", 1)]  # "" is the top of the text
    for block in piece.blocks:
        if isinstance(block, md.Heading):
            found.append((md.plain(block.inlines), QAccessible.Role.Heading, block.anchor,
                          block.level))
        else:
            for link in md.all_links([block]):
                found.append((md.plain(link.children), QAccessible.Role.Link, link.target, 0))
    if related:
        found.append((translate(piece.lang, RELATED), QAccessible.Role.Heading, RELATED_ANCHOR,
                      2))
        found += [(p.title, QAccessible.Role.Link, f"guide:{p.slug}", 0) for p in related]
    return found


class GuideOutline(QWidget):
    """A toggle, then (when open) the outline's entries in a scrolling list."""

    heading_chosen = Signal(str)  # anchor
    link_chosen = Signal(str)  # URL

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        a11y.install()
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.toggled.connect(self._toggled)
        self.box = QWidget()
        self.box_layout = QVBoxLayout(self.box)
        self.box_layout.setContentsMargins(0, 0, 0, 0)
        self.box_layout.setSpacing(0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.box)
        self.scroll.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.scroll)
        self.entries: list[OutlineEntry] = []
        set_role(self.toggle, "hint")
        self.retranslate()

    def retranslate(self) -> None:
        self.toggle.setText(_("Headings and links ({n})").format(n=len(self.entries)))
        self.toggle.setAccessibleName(_("Headings and links of this text"))
        self.scroll.setAccessibleName(_("Headings and links of this text"))

    def show_piece(self, piece, related: list | None = None) -> None:
        for entry in self.entries:
            entry.deleteLater()
        self.entries = []
        self.setLocale(a11y.locale_for(piece.lang))  # the entries read in the text's language
        for text, role, target, level in entries(piece, related):
            entry = OutlineEntry(text, role, target, level)
            entry.setLocale(self.locale())
            entry.clicked.connect(lambda _checked=False, e=entry: self._chosen(e))
            self.box_layout.addWidget(entry)
            self.entries.append(entry)
        self.retranslate()
        previous = self.toggle
        for entry in self.entries:
            QWidget.setTabOrder(previous, entry)
            previous = entry

    def last_stop(self) -> QWidget:
        """The widget Tab leaves from (for the screen's tab order)."""
        return self.entries[-1] if self.entries else self.toggle

    def _chosen(self, entry: OutlineEntry) -> None:
        if entry.is_heading:
            self.heading_chosen.emit(entry.target)
        else:
            self.link_chosen.emit(entry.target)

    def _toggled(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.scroll.setMaximumHeight(self.fontMetrics().height() * 12)  # the text stays in view
        self.scroll.setVisible(on)
