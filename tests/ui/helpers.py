"""Walking the visible widgets of a window, for language, scaling and accessibility tests."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QTableWidget,
    QWidget,
)


def visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]


def visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in visible_widgets(root):
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
        elif isinstance(w, QTableWidget):
            texts += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount())]
        elif isinstance(w, QComboBox) and w.isEditable():
            texts.append(w.currentText())
        if w.accessibleName():
            texts.append(w.accessibleName())
    return [t.replace("&", "") for t in texts if t]
