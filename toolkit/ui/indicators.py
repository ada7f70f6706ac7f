"""Check boxes and radio buttons as large as their text, through a style on them alone.

Qt's styles draw indicators at a fixed size, tiny next to 200 % text. A style sheet on the
whole application would fix that for every widget but slows every screen (see style.py),
so the screens and dialogs that have such controls call `fit_indicators()` once built.
This module is not imported at start-up: building PySide's QStyle type costs about 8 ms.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QProxyStyle,
    QRadioButton,
    QStyle,
    QStyleFactory,
    QWidget,
)


class _IndicatorStyle(QProxyStyle):
    """The app's style, with tick boxes and radio buttons sized from the widget's text."""

    METRICS = (QStyle.PixelMetric.PM_IndicatorWidth, QStyle.PixelMetric.PM_IndicatorHeight,
               QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
               QStyle.PixelMetric.PM_ExclusiveIndicatorHeight)

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 - Qt API
        size = super().pixelMetric(metric, option, widget)
        if metric in self.METRICS and widget is not None:
            size = max(size, round(widget.fontInfo().pointSizeF() * 1.4))
        return size


@cache
def _style() -> _IndicatorStyle:
    """One for the whole app, owned by the application: a widget does not own its style."""
    app = QApplication.instance()
    style = _IndicatorStyle(QStyleFactory.create(app.style().name()))
    style.setParent(app)  # lives, and is destroyed, with the application (in Qt's order)
    return style


def fit_indicators(root: QWidget) -> None:
    """Check boxes, radio buttons and checkable lists in `root` (and root itself) get
    indicators sized from their font, so they follow later changes of text size too."""
    style = _style()
    for kind in (QCheckBox, QRadioButton, QAbstractItemView):
        widgets = root.findChildren(kind)
        if isinstance(root, kind):
            widgets.append(root)
        for widget in widgets:
            widget.setStyle(style)
