"""Text size and the few text roles the app uses, as fonts rather than a style sheet.

An application style sheet sends every widget through Qt's style-sheet engine: measured
here, about 10 ms of a 160 ms start and slower screens throughout. So:

- the application font carries the text size (100 to 200 %): every widget, dialog and
  message box follows it;
- a role (heading, hint, big button...) is a font relative to it, set by `set_role()`;
- a "large" widget (kiosk questions) gets 1.6 times the size, and its children inherit it;
- check boxes and radio buttons grow with their text through a style set on them alone
  (indicators.py), never on the whole application.

`apply_text_scale()` re-applies the fonts to the widgets that exist.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

BASE_POINT_SIZE = 10.5
LARGE_FACTOR = 1.6

# role: (size relative to the application font or None to inherit, bold, italic)
ROLES: dict[str, tuple[float | None, bool, bool]] = {
    "heading": (1.6, True, False),
    "subheading": (1.2, True, False),
    "display": (1.8, True, False),
    "lead": (1.3, False, False),
    "big": (1.4, False, False),  # buttons
    "navigation": (1.1, False, False),
    "hint": (None, False, True),
    "problem": (None, True, False),
}


def base_point_size() -> float:
    """The application font's size, which apply_text_scale() sets: roles are relative to it."""
    size = QApplication.font().pointSizeF()
    return size if size > 0 else BASE_POINT_SIZE  # a font sized in pixels: never ours


def _role_font(role: str) -> QFont:
    size, bold, italic = ROLES[role]
    font = QFont()  # only what is set here is the widget's own; the rest comes from its parent
    if size is not None:
        font.setPointSizeF(base_point_size() * size)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    if italic:
        font.setItalic(True)
    return font


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget one of the ROLES; its size follows later changes of text size."""
    widget.setProperty("role", role)
    widget.setFont(_role_font(role))
    if role == "big":
        widget.setStyleSheet("padding: 10px 28px;")


def set_large(widget: QWidget) -> None:
    """Kiosk size: 1.6 times the text size for the widget and everything in it."""
    widget.setProperty("large", True)
    _fit_large(widget)


def _fit_large(widget: QWidget) -> None:
    font = QFont()
    font.setPointSizeF(base_point_size() * LARGE_FACTOR)
    widget.setFont(font)


def apply_text_scale(scale_percent: int) -> None:
    """Set the text size for the whole interface, including widgets already built."""
    app = QApplication.instance()
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * scale_percent / 100)
    app.setFont(font)
    for widget in app.allWidgets():
        role = widget.property("role")
        if role in ROLES:
            widget.setFont(_role_font(role))
        elif widget.property("large"):
            _fit_large(widget)
        if widget.property("language_font"):  # a question in syllabics keeps its font
            from toolkit.ui.fonts import apply_language_font

            apply_language_font(widget, widget.property("language_font"))
