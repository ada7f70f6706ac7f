"""The read-only tables the screens list things in (sessions, packages, history)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
)

from toolkit.ui.enum_props import set_enum

PADDING = 10  # a cell's margins and grid line, in pixels, beside its text

OWN_TOOLTIP = 0x0101  # Qt.UserRole + 1: the screen set this cell's tooltip itself


def unbreakable(text: str) -> str:
    """A cell that must not wrap (a count): its spaces become no-break spaces."""
    return text.replace(" ", "\u00a0")


def local_time(stamp: str) -> str:
    """A stored UTC time as the user's clock shows it."""
    from toolkit.i18n import format_datetime

    return format_datetime(stamp, fmt="short")


def date_cell(text: str) -> str:
    """A date that may wrap only before its year ("Dec 1," / "2026"), never inside the rest."""
    head, _space, year = text.rpartition(" ")
    return f"{unbreakable(head)} {year}" if head else text


def share_widths(natural: list[int], least: list[int], room: int,
                 wide: tuple[int, ...]) -> list[int]:
    """Column widths for `room` pixels. Every column gets its natural width when they all
    fit, the `wide` ones sharing what is left over; otherwise each keeps at least its
    longest word and the rest is shared in proportion to what each would still need, so
    text wraps rather than a column being pushed out of view. When not even the longest
    words fit side by side (large text, a small screen), the columns with the longest words
    give way first, down to a common width (short columns, a status, a count, stay whole):
    the table never scrolls sideways, and a word too long is elided (the cell's tooltip
    holds it whole)."""
    total = sum(natural)
    if total <= room:
        widths = list(natural)
        extra = room - total
        takers = [c for c in wide if c < len(widths)] or [len(widths) - 1]
        for i, column in enumerate(takers):
            widths[column] += extra // len(takers) + (1 if i < extra % len(takers) else 0)
        return widths
    floor = sum(least)
    if floor >= room:
        return _capped(least, room, wide)
    wants = [max(n - m, 0) for n, m in zip(natural, least)]
    spare, asked = room - floor, sum(wants) or 1
    widths = [m + spare * w // asked for m, w in zip(least, wants)]
    widths[wide[0] if wide else -1] += room - sum(widths)  # rounding leftovers
    return widths


def _capped(least: list[int], room: int, wide: tuple[int, ...]) -> list[int]:
    """Widths summing to `room`, none above its `least`: the largest cut to one cap."""
    if room <= 0 or not least:
        return list(least)
    spent, count = 0, len(least)
    cap = room
    for index, width in enumerate(sorted(least)):
        cap = (room - spent) // (count - index)
        if width > cap:
            break
        spent += width
    widths = [min(width, cap) for width in least]
    widths[wide[0] if wide else -1] += room - sum(widths)  # rounding leftovers
    return widths


class ReadOnlyTable(QTableWidget):
    """Whole rows selected, columns as wide as their contents, rows as tall as the text.

    Qt's default row height ignores the font, so at 200 % text the rows would be cramped;
    the table re-measures whenever its font changes (the text-size setting included)."""

    def __init__(self, columns: int, stretch_last: bool = False,
                 wrap: tuple[int, ...] = ()) -> None:
        """`wrap` (the title-like columns): the table then always fits its width. Columns
        are as wide as their text when there is room, `wrap` columns taking what is left;
        when there is not, every column wraps its text (headers too) down to its longest
        word, and rows grow taller, rather than a column being pushed off the screen."""
        super().__init__(0, columns)
        self.wrap = wrap
        self._floor = 0  # the least height a screen asked for (setMinimumHeight)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)  # arrows move within; Tab goes on to the next control
        header = self.horizontalHeader()
        if wrap:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            # a wrapped row may be taller than the list: scroll by pixels, not whole rows
            self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
            header.setHighlightSections(False)  # bold labels would outgrow their measure
            self.setWordWrap(True)
            set_enum(self, "textElideMode", "ElideNone")  # not Qt.*: see enum_props
            from PySide6.QtCore import Qt  # built only for tables that wrap (not at start-up)

            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                       | Qt.AlignmentFlag.AlignVCenter
                                       | Qt.TextFlag.TextWordWrap)
            self._refit = QTimer(self)
            self._refit.setSingleShot(True)
            self._refit.setInterval(0)
            self._refit.timeout.connect(self.fit_columns)
            model = self.model()
            for signal in (model.dataChanged, model.rowsInserted, model.rowsRemoved,
                           model.modelReset, model.headerDataChanged):
                signal.connect(self._refit.start)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            header.setStretchLastSection(stretch_last)
        self._fit_rows()

    def fit_columns(self) -> None:
        """Share the viewport's width between the columns (see __init__), then fit rows."""
        if not self.wrap:
            return
        cells, heads = self.fontMetrics(), self.horizontalHeader().fontMetrics()
        natural, least = [], []
        for column in range(self.columnCount()):
            item = self.horizontalHeaderItem(column)
            texts = [(heads, item.text() if item else "")]
            texts += [(cells, self.item(row, column).text()) for row in range(self.rowCount())
                      if self.item(row, column) is not None]
            natural.append(max(m.horizontalAdvance(line) for m, t in texts
                               for line in t.split("\n")) + PADDING)
            least.append(max((m.horizontalAdvance(word) for m, t in texts
                              for word in t.replace("\n", " ").split(" ")), default=0)
                         + PADDING - 2)  # split at spaces only: a no-break space holds a date
        room = self.viewport().width() - 1  # the grid line after the last column
        header = self.horizontalHeader()
        # Qt widens any section below its minimum (about 44 px by default), which would push
        # a short column ("Date" at 100 %) and so the table past its viewport: the minimum is
        # one character, and every measure counts it.
        smallest = heads.horizontalAdvance("M") + PADDING
        header.setMinimumSectionSize(smallest)
        natural = [max(n, smallest) for n in natural]
        least = [max(m, smallest) for m in least]
        squeezed = sum(least) > room
        # Too narrow for the longest words: a word that cannot fit ends in "…" (not cut off
        # at the cell's edge) and every cell and header carries its whole text as tooltip.
        set_enum(self, "textElideMode", "ElideRight" if squeezed else "ElideNone")
        for column, width in enumerate(share_widths(natural, least, room, self.wrap)):
            header.resizeSection(column, width)
        self._tooltips()
        from PySide6.QtCore import Qt

        tallest = max((heads.boundingRect(0, 0, max(header.sectionSize(c) - PADDING, 1), 10_000,
                                          int(Qt.TextFlag.TextWordWrap),
                                          self.horizontalHeaderItem(c).text()).height()
                       for c in range(self.columnCount()) if self.horizontalHeaderItem(c)),
                      default=0)
        header.setFixedHeight(max(tallest, heads.lineSpacing()) + 10)
        self.resizeRowsToContents()
        self._show_first_rows()
        if self.viewport().width() - 1 != room:  # a vertical scroll bar came or went
            self._refit.start()

    def _show_first_rows(self) -> None:
        """On a page that scrolls, tall enough for the first rows whole (three, or all if
        fewer), up to two fifths of the screen: at 200 % a wrapped row can be taller than
        the table's usual least height, which then showed one row cut in half. In a dialog
        (no page scrolls) the usual least height, so the dialog still fits the screen."""
        height = self._floor or self.fontMetrics().lineSpacing() * 9  # the screen's, or ours
        if self._on_scrolling_page():
            rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), 3)))
            wanted = self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2
            screen = self.screen().availableGeometry().height() if self.screen() else 600
            height = max(height, min(wanted, screen * 2 // 5))
        if height != self.minimumHeight():
            super().setMinimumHeight(height)

    def setMinimumHeight(self, height: int) -> None:  # noqa: N802 - Qt API
        """The least height a screen or dialog asks for; rows may make it taller on a page
        that scrolls (_show_first_rows), never shorter."""
        self._floor = height
        super().setMinimumHeight(height)
        if self.wrap:
            self._refit.start()

    def _on_scrolling_page(self) -> bool:
        parent = self.parentWidget()
        while parent is not None and not parent.isWindow():
            if isinstance(parent, QScrollArea):
                return True
            parent = parent.parentWidget()
        return False

    def _tooltips(self) -> None:
        """Each cell's and header's whole text as its tooltip, unless the screen gave it one
        of its own (a shortened hash shows the whole hash)."""
        self.model().blockSignals(True)  # a tooltip is not new data: no refit for it
        try:
            for column in range(self.columnCount()):
                items = [self.horizontalHeaderItem(column)]
                items += [self.item(row, column) for row in range(self.rowCount())]
                for item in items:
                    if item is not None and item.toolTip() != item.text() \
                            and not item.data(OWN_TOOLTIP):
                        item.setToolTip(item.text())
        finally:
            self.model().blockSignals(False)

    def _fit_rows(self) -> None:
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 12)
        if self.wrap:
            self.fit_columns()  # a few wrapped rows in view (_show_first_rows)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.wrap:
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()


def table(columns: int, wrap: tuple[int, ...] = ()) -> ReadOnlyTable:
    """A screen's list, at least a few rows high."""
    t = ReadOnlyTable(columns, wrap=wrap)
    t.setMinimumHeight(160)
    return t


def fill(t: QTableWidget, rows: list[list[str]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))
