"""Small building blocks of the Plan area: a labelled field, a list of lines to add to and
remove from, and an item list whose lines wrap.

Every field has a visible label that is its buddy (Alt+letter reaches it) and an accessible
name equal to that label without its "&" and colon, so a screen reader says what the eye
reads. Labels sit above their fields: side by side they overflow at 200 % text.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from toolkit.ui.screen import paragraph

ITEM_ROLE = Qt.ItemDataRole.UserRole


def spoken(label: str) -> str:
    """A label as a screen reader should say it: no mnemonic "&", no closing colon."""
    return label.replace("&", "").rstrip(" :\u00a0")


class Field(QWidget):
    """A label above a field (a line edit or a combo box)."""

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.field = field
        self.label.setBuddy(field)
        if isinstance(field, QComboBox):
            field.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            field.setMinimumContentsLength(10)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.label)
        column.addWidget(field)

    def set_label(self, text: str, placeholder: str = "") -> None:
        self.label.setText(text)
        self.field.setAccessibleName(spoken(text))
        if placeholder and isinstance(self.field, QLineEdit):
            self.field.setPlaceholderText(placeholder)


def longest(kind: str) -> int:
    """The plan model's bound for a text: "name" (a title, a lead, a target...) or "text"
    (a description). Fields stop there, so nothing typed or pasted is longer than the
    plan document may hold."""
    import typing

    from toolkit.plan import model

    return typing.get_args(model.Name if kind == "name" else model.Text)[1].max_length


def set_line(field: QLineEdit, text: str) -> None:
    """Show a stored text from its start (setText leaves the cursor, and the view, at its
    end: a long title would show only its last words)."""
    field.setText(text)
    field.setCursorPosition(0)
    field.setModified(False)


def line_field() -> Field:
    return Field(QLineEdit())


def combo_field() -> Field:
    return Field(QComboBox())


class ItemList(QListWidget):
    """A list of wrapped lines, each carrying its item's id (ITEM_ROLE)."""

    def __init__(self, multi: bool = False, rows: int = 5) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                              else QAbstractItemView.SelectionMode.SingleSelection)
        self.rows = rows
        self.setMinimumHeight(self.fontMetrics().height() * rows)

    def sizeHint(self):  # noqa: N802 - Qt API: `rows` lines high, not Qt's 192 pixels
        hint = super().sizeHint()
        hint.setHeight(self.fontMetrics().height() * (self.rows + 1) + 2 * self.frameWidth())
        return hint

    def fill(self, lines: list[tuple[str, object]], empty: str = "",
             keep: list[object] | None = None) -> None:
        """Replace the lines; select again the ids in `keep` (else the current one)."""
        wanted = keep if keep is not None else self.selected_ids()
        self.blockSignals(True)
        self.clear()
        for text, key in lines:
            item = QListWidgetItem(text)
            item.setData(ITEM_ROLE, key)
            self.addItem(item)
            if key in wanted:
                item.setSelected(True)
                self.setCurrentItem(item, QItemSelectionModel.SelectionFlag.NoUpdate)
        if not lines and empty:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(item)
        self.blockSignals(False)
        self.setMinimumHeight(self.fontMetrics().height() * self.rows)
        self.itemSelectionChanged.emit()

    def selected_ids(self) -> list:
        return [self.item(row).data(ITEM_ROLE) for row in range(self.count())
                if self.item(row).isSelected() and self.item(row).data(ITEM_ROLE) is not None]

    def current_id(self):
        ids = self.selected_ids()
        return ids[0] if ids else None

    def select_id(self, key: object) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item.data(ITEM_ROLE) == key:
                self.setCurrentItem(item)
                return


class LinesEditor(QWidget):
    """A titled list of one-line texts (factors, outcomes): type a line and Add, or select a
    line and Remove. Emits what the person asked; the screen saves it and refills."""

    add_requested = Signal(str)
    remove_requested = Signal(int)  # the row, 0 first

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = ItemList(rows=3)
        self.entry = QLineEdit()
        self.entry.setMaxLength(longest("text"))
        self.entry_label = QLabel()
        self.entry_label.setWordWrap(True)
        self.entry_label.setBuddy(self.entry)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self._add)
        self.entry.returnPressed.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.list.itemSelectionChanged.connect(self._update)
        self.entry.textChanged.connect(self._update)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.heading, 0, 0, 1, 3)
        grid.addWidget(self.list, 1, 0, 1, 3)
        grid.addWidget(self.entry_label, 2, 0, 1, 3)
        grid.addWidget(self.entry, 3, 0)
        grid.addWidget(self.add_button, 3, 1)
        grid.addWidget(self.remove_button, 3, 2)
        grid.setColumnStretch(0, 1)
        self._update()

    def set_texts(self, heading: str, entry: str, add: str, add_name: str, remove: str,
                  remove_name: str) -> None:
        self.heading.setText(heading)
        self.list.setAccessibleName(spoken(heading))
        self.entry_label.setText(entry)
        self.entry.setAccessibleName(spoken(entry))
        self.add_button.setText(add)
        self.add_button.setAccessibleName(add_name)
        self.remove_button.setText(remove)
        self.remove_button.setAccessibleName(remove_name)

    def set_lines(self, lines: list[str], empty: str = "") -> None:
        self.list.fill([(text, row) for row, text in enumerate(lines)], empty, keep=[])

    def set_editable(self, editable: bool) -> None:
        self.entry.setEnabled(editable)
        self._editable = editable
        self._update()

    def _update(self, *_args) -> None:
        editable = getattr(self, "_editable", True)
        self.add_button.setEnabled(editable and bool(self.entry.text().strip()))
        self.remove_button.setEnabled(editable and self.list.current_id() is not None)

    def _add(self) -> None:
        text = self.entry.text().strip()
        if text and self.add_button.isEnabled():
            self.add_requested.emit(text)

    def _remove(self) -> None:
        row = self.list.current_id()
        if row is not None:
            self.remove_requested.emit(int(row))


def hint() -> QLabel:
    label = paragraph()
    from toolkit.ui.style import set_role

    set_role(label, "hint")
    return label


class Panel(QWidget):
    """A tab of the Plan area. Only the tab shown counts for the height of the tab widget
    (Qt's stacked layout takes the tallest page): the long details tab would otherwise make
    every short tab as tall as itself."""

    active = False

    def set_active(self, active: bool) -> None:
        self.active = active
        self.updateGeometry()

    def sizeHint(self):  # noqa: N802 - Qt API
        return super().sizeHint() if self.active else QSize(0, 0)

    def minimumSizeHint(self):  # noqa: N802 - Qt API
        return super().minimumSizeHint() if self.active else QSize(0, 0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        if not self.active:
            return 0
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            return layout.totalHeightForWidth(width)
        return super().sizeHint().height()
