"""Pieces shared by the runner views: the "saved" indicator, answer saving, scrolling that
follows the keyboard, a button whose long text shortens to fit."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from toolkit.errors import ToolkitError
from toolkit.i18n import translate
from toolkit.runner import Runner
from toolkit.ui import a11y
from toolkit.ui.errors import show_error
from toolkit.ui.question_widgets import QuestionWidget


class SavedLabel(QLabel):
    """Tells the person at the keyboard that what they gave is safely stored.

    Its accessible name is its text. Each change is announced to screen readers, but at
    most every few seconds while typing goes on (a save every second would drown the
    typing); a failure always is."""

    QUIET_S = 5.0

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self._said = 0.0
        self.setObjectName("saved_indicator")
        self.setWordWrap(True)  # a long sentence in French at 200 % must not widen the window
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._iso: str | None = None
        self.show_saved(None)

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self._iso != "failed":
            self.show_saved(self._iso, quiet=True)

    def show_saved(self, iso_time: str | None, quiet: bool = False) -> None:
        self._iso = iso_time
        if not iso_time:
            self.setText(translate(self.lang, "Answers are saved as soon as they are given."))
            return
        local = datetime.fromisoformat(iso_time).replace(tzinfo=timezone.utc).astimezone()
        self._say(translate(self.lang, "Saved at {time}").format(time=local.strftime("%H:%M:%S")),
                  quiet)

    def show_failed(self) -> None:
        self._iso = "failed"
        self._say(translate(self.lang, "Not saved: see the message under the question."),
                  False, assertive=True)

    def _say(self, text: str, quiet: bool, assertive: bool = False) -> None:
        self.setText(text)
        a11y.name_changed(self)
        now = time.monotonic()
        if not quiet and (assertive or now - self._said >= self.QUIET_S):
            self._said = now
            a11y.announce(self, text, assertive=assertive)


def show_focus(widget: QWidget) -> None:
    """Draw the keyboard's place from the first frame, as after a Tab (Qt otherwise waits
    for a first Tab before styles draw focus frames)."""
    window = widget.window()
    if window is not None:
        window.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange, True)


def scroll_to_top(area: QScrollArea | None) -> None:
    """Lay the contents out now, then show their top (a new question, a new section)."""
    if area is None:
        return
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    area.verticalScrollBar().setValue(0)
    area.horizontalScrollBar().setValue(0)


def follow_focus(area: QScrollArea) -> None:
    """Whatever gets the keyboard inside `area` is scrolled into view, with its option text."""
    def moved(_old: QWidget | None, new: QWidget | None) -> None:
        try:
            inner = area.widget()
            if new is None or inner is None or not inner.isAncestorOf(new):
                return
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            label = getattr(new, "option_label", None)
            if label is not None:
                area.ensureWidgetVisible(label, 24, 24)
            area.ensureWidgetVisible(new, 24, 24)
        except RuntimeError:  # a question widget dropped a moment ago, or the area itself
            pass

    QApplication.instance().focusChanged.connect(moved)
    area.destroyed.connect(lambda *_: _disconnect(moved))


def scroller(widget: QWidget) -> QScrollArea:
    """Long text (a 200 % privacy notice, many choices) scrolls rather than being cut; the
    area is no Tab stop of its own, and follows the keyboard."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not an invisible Tab stop
    area.setWidget(widget)
    follow_focus(area)
    return area


def _disconnect(slot) -> None:
    try:
        QApplication.instance().focusChanged.disconnect(slot)
    except (RuntimeError, TypeError):
        pass


def save(runner: Runner, widget: QuestionWidget, saved: SavedLabel, key: str, value) -> bool:
    """Save one answer now; show the outcome beside the question and in the indicator."""
    try:
        saved_at = runner.answer(key, value)
    except ToolkitError as exc:
        widget.show_problem(exc.user_message())
        saved.show_failed()
        widget.focus_problem()
        return False
    except Exception as exc:  # noqa: BLE001 - disk full, locked database...
        saved.show_failed()
        show_error(widget, exc)
        return False
    widget.show_problem(None)
    saved.show_saved(saved_at)
    return True


class WrappingButton(QPushButton):
    """A button whose text wraps onto more lines when the button is narrower than it,
    rather than widening its column (a guide's title at 200 % made the runner wider than a
    laptop's screen) or ending in "…" (the title could not be read). The whole text is
    `full_text()`; give the button an accessible name that says it too."""

    def __init__(self) -> None:
        super().__init__()
        self._label = QLabel(self)
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self._label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_full_text(self, text: str) -> None:
        self._label.setText(text)
        self.updateGeometry()

    def full_text(self) -> str:
        return self._label.text()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """The whole text on one line, when there is room for it."""
        hint = self.layout().sizeHint()
        return QSize(hint.width(), max(hint.height(), super().sizeHint().height()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        width = 8 * self.fontMetrics().averageCharWidth()
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return max(self.layout().totalHeightForWidth(width), super().sizeHint().height())

