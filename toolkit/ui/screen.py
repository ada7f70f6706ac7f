"""Base class for the main window's areas: a heading, translatable text, refresh on show."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from toolkit.context import Toolkit
from toolkit.ui.enum_props import set_enum
from toolkit.ui.style import set_role


def heading(role: str = "heading") -> QLabel:
    label = QLabel()
    set_role(label, role)
    label.setWordWrap(True)
    set_enum(label, "textInteractionFlags", "NoTextInteraction")
    return label


def paragraph() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    set_enum(label, "textFormat", "PlainText")  # never markup from data
    return label


class Screen(QWidget):
    """One area of the app. Subclasses build widgets once, then set their text in
    `retranslate()` (called again on every language switch) and their data in `refresh()`."""

    def __init__(self, kit: Toolkit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kit = kit
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 18, 24, 18)
        self.layout_.setSpacing(12)
        self.title = heading()
        self.layout_.addWidget(self.title)

    def retranslate(self) -> None:
        """Set every visible string; must be safe to call any number of times."""

    def refresh(self) -> None:
        """Reload what the screen shows from the store."""


def compact_combo(chars: int = 12):
    """A combo box that may be narrower than its longest item (at 200 % text)."""
    from PySide6.QtWidgets import QComboBox

    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo
