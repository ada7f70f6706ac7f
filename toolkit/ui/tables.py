"""The read-only tables the screens list things in (sessions, packages, history)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget


class ReadOnlyTable(QTableWidget):
    """Whole rows selected, columns as wide as their contents, rows as tall as the text.

    Qt's default row height ignores the font, so at 200 % text the rows would be cramped;
    the table re-measures whenever its font changes (the text-size setting included)."""

    def __init__(self, columns: int, stretch_last: bool = False) -> None:
        super().__init__(0, columns)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)  # arrows move within; Tab goes on to the next control
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(stretch_last)
        self._fit_rows()

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
