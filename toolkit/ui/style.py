"""Text size and the few styles the app uses, as one application style sheet.

Scaling works by setting the point size for every widget in the sheet, so dialogs,
tables and message boxes grow too; layouts then make room, so nothing is clipped.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 10.5


def style_sheet(scale_percent: int) -> str:
    pt = BASE_POINT_SIZE * scale_percent / 100
    return f"""
    * {{ font-size: {pt:.1f}pt; }}
    QLabel[role="heading"] {{ font-size: {pt * 1.6:.1f}pt; font-weight: 600; }}
    QLabel[role="subheading"] {{ font-size: {pt * 1.2:.1f}pt; font-weight: 600; }}
    QListWidget#navigation {{ font-size: {pt * 1.1:.1f}pt; padding: 4px; }}
    QListWidget#navigation::item {{ padding: {max(6, int(pt * 0.6))}px; }}
    QLabel[role="hint"] {{ font-style: italic; }}
    QLabel[role="display"] {{ font-size: {pt * 1.8:.1f}pt; font-weight: 600; }}
    QLabel[role="lead"] {{ font-size: {pt * 1.3:.1f}pt; }}
    QPushButton[role="big"] {{ font-size: {pt * 1.4:.1f}pt; padding: 10px 28px; }}
    QRadioButton::indicator, QCheckBox::indicator {{
        width: {int(pt * 1.4)}px; height: {int(pt * 1.4)}px; }}
    *[large="true"] QRadioButton::indicator, *[large="true"] QCheckBox::indicator {{
        width: {int(pt * 2)}px; height: {int(pt * 2)}px; }}
    """


def apply_text_scale(scale_percent: int) -> None:
    app = QApplication.instance()
    app.setStyleSheet(style_sheet(scale_percent))
    app.setProperty("text_scale", scale_percent)
