"""The logic model of a priority, drawn on screen from the plan itself: inputs → activities
→ outputs → outcomes (short, medium, long term), with arrows between the columns.

The columns sit side by side when there is room for four readable columns and one above the
other, with downward arrows, when there is not (a small screen, or 200 % text); either way
nothing needs a sideways scroll bar. The boxes are labels, so the text wraps, and the whole
model is one focusable widget whose accessible description reads the model in order.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from toolkit.i18n import _
from toolkit.ui.plan_widgets import Field, Panel, hint
from toolkit.ui.style import set_role

COLUMNS = ("inputs", "activities", "outputs", "outcomes")


class Arrow(QWidget):
    """A filled arrow pointing right (side by side) or down (stacked)."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        side = self.fontMetrics().height()
        return QSize(side * 2, side * 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return self.sizeHint()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(color)
        painter.setBrush(color)
        w, h = self.width(), self.height()
        s = min(w, h) / 2
        cx, cy = w / 2, h / 2
        if self.down:
            points = [QPointF(cx - s * 0.15, cy - s), QPointF(cx + s * 0.15, cy - s),
                      QPointF(cx + s * 0.15, cy + s * 0.2), QPointF(cx + s * 0.5, cy + s * 0.2),
                      QPointF(cx, cy + s), QPointF(cx - s * 0.5, cy + s * 0.2),
                      QPointF(cx - s * 0.15, cy + s * 0.2)]
        else:
            points = [QPointF(cx - s, cy - s * 0.15), QPointF(cx + s * 0.2, cy - s * 0.15),
                      QPointF(cx + s * 0.2, cy - s * 0.5), QPointF(cx + s, cy),
                      QPointF(cx + s * 0.2, cy + s * 0.5), QPointF(cx + s * 0.2, cy + s * 0.15),
                      QPointF(cx - s, cy + s * 0.15)]
        painter.drawPolygon(QPolygonF(points))
        painter.end()


class Box(QFrame):
    """One column of the model: a heading and its lines."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.Box)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)  # the view chooses its arrangement from the width it gets
        self.heading = QLabel()
        set_role(self.heading, "subheading")
        self.heading.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)  # never markup from data
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        column = QVBoxLayout(self)
        column.addWidget(self.heading)
        column.addWidget(self.body, 1)

    def set_content(self, heading: str, lines: list[str], empty: str) -> None:
        self.heading.setText(heading)
        self.body.setText("\n".join(f"• {line}" for line in lines) if lines else empty)


def logic_columns(plan, priority) -> dict[str, list]:
    """What each column holds, as the printed plan draws it (toolkit.plan.printed): the
    assets the priority builds on and its actions' resources (inputs), its actions
    (activities), its outputs, and its outcomes by term."""
    register = {a.id: a for a in plan.assets}
    inputs = [register[a].name for a in priority.assets if a in register]
    inputs += [a.resources for a in priority.actions if a.resources]
    return {"inputs": inputs, "activities": [a.what for a in priority.actions],
            "outputs": list(priority.outputs), "short": list(priority.outcomes.short),
            "medium": list(priority.outcomes.medium), "long": list(priority.outcomes.long)}


class LogicModelView(QWidget):
    """Four boxes joined by arrows; stacked when narrow."""

    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reached by Tab, read in order
        self.boxes = {key: Box() for key in COLUMNS}
        self.arrows = [Arrow() for _ in COLUMNS[1:]]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.stacked: bool | None = None
        self._arrange(False)

    def _arrange(self, stacked: bool) -> None:
        if stacked == self.stacked:
            return
        self.stacked = stacked
        for widget in (*self.boxes.values(), *self.arrows):
            self.grid.removeWidget(widget)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        for index, key in enumerate(COLUMNS):
            place = (2 * index, 0) if stacked else (0, 2 * index)
            self.grid.addWidget(self.boxes[key], *place)
            if not stacked:
                self.grid.setColumnStretch(2 * index, 1)
            if index:
                arrow = self.arrows[index - 1]
                arrow.down = stacked
                where = (2 * index - 1, 0) if stacked else (0, 2 * index - 1)
                self.grid.addWidget(arrow, *where, alignment=Qt.AlignmentFlag.AlignCenter)
                arrow.update()

    def room_for_columns(self, width: int) -> bool:
        """Side by side when each box gets about 16 average characters or more."""
        arrows = sum(a.sizeHint().width() for a in self.arrows) + 8 * self.grid.spacing()
        return (width - arrows) / len(COLUMNS) >= 16 * self.fontMetrics().averageCharWidth()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._arrange(not self.room_for_columns(event.size().width()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        self._arrange(not self.room_for_columns(width))
        return self.grid.heightForWidth(width) if self.grid.hasHeightForWidth() else \
            self.grid.sizeHint().height()

    def show_model(self, columns: dict[str, list], titles: dict[str, str], empty: str,
                   outcome_terms: dict[str, str]) -> None:
        for key in ("inputs", "activities", "outputs"):
            self.boxes[key].set_content(titles[key], columns[key], empty)
        lines = []
        for term in ("short", "medium", "long"):
            lines += [f"{outcome_terms[term]}: {text}" for text in columns[term]]
        self.boxes["outcomes"].set_content(titles["outcomes"], lines, empty)
        reading = [f"{box.heading.text()}: {box.body.text()}" for box in self.boxes.values()]
        self.setAccessibleDescription(" → ".join(reading))
        self.updateGeometry()


class LogicPanel(Panel):
    def __init__(self, screen) -> None:
        super().__init__()
        self.screen = screen
        self.priority_id: str | None = None
        self.hint = hint()
        self.chooser = Field(QComboBox())
        self.chooser.field.currentIndexChanged.connect(self._chosen)
        self.view = LogicModelView()
        self.empty = hint()
        column = QVBoxLayout(self)
        column.addWidget(self.hint)
        column.addWidget(self.chooser)
        column.addWidget(self.empty)
        column.addWidget(self.view)
        column.addStretch(1)

    def retranslate(self) -> None:
        self.hint.setText(_("How the priority is meant to work, read from left to right: "
                            "what we put in, what we do, what we can count, and what should "
                            "change. It is drawn from the priority's details, and printed "
                            "with the plan."))
        self.chooser.set_label(_("P&riority:"))
        self.view.setAccessibleName(_("Logic model"))
        self.empty.setText(_("No priority yet: add one in the Priorities tab."))
        self.show_plan()

    def _chosen(self, _index: int) -> None:
        self.priority_id = self.chooser.field.currentData()
        self.show_plan()

    def show_plan(self) -> None:
        from toolkit.plan.model import HORIZONS

        plan = self.screen.plan
        if plan is None:
            return
        combo = self.chooser.field
        combo.blockSignals(True)
        combo.clear()
        for n, p in enumerate(plan.priorities, 1):
            combo.addItem(f"{n}. {p.title}", p.id)
        combo.setCurrentIndex(max(0, combo.findData(self.priority_id)))
        combo.blockSignals(False)
        priority = next((p for p in plan.priorities if p.id == combo.currentData()), None)
        for widget in (self.chooser, self.view):
            widget.setVisible(priority is not None)
        self.empty.setVisible(priority is None)
        if priority is None:
            return
        titles = {"inputs": _("Inputs"), "activities": _("Activities"),
                  "outputs": _("Outputs"), "outcomes": _("Outcomes")}
        self.view.show_model(logic_columns(plan, priority), titles, _("Nothing yet."),
                             {k: _(v) for k, v in HORIZONS.items()})
