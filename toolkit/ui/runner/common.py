"""Pieces shared by the runner views: the "saved" indicator, answer saving, a button whose
long text shortens to fit."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from toolkit.errors import ToolkitError
from toolkit.i18n import translate
from toolkit.runner import Runner
from toolkit.ui.errors import show_error
from toolkit.ui.question_widgets import QuestionWidget


class SavedLabel(QLabel):
    """Tells the person at the keyboard that what they gave is safely stored."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.setObjectName("saved_indicator")
        self.setWordWrap(True)  # a long sentence in French at 200 % must not widen the window
        self.setAccessibleName(translate(lang, "Save status"))
        self.show_saved(None)

    def show_saved(self, iso_time: str | None) -> None:
        if not iso_time:
            self.setText(translate(self.lang, "Answers are saved as soon as they are given."))
            return
        local = datetime.fromisoformat(iso_time).replace(tzinfo=timezone.utc).astimezone()
        self.setText(translate(self.lang, "Saved at {time}").format(time=local.strftime("%H:%M:%S")))

    def show_failed(self) -> None:
        self.setText(translate(self.lang, "Not saved: see the message under the question."))


def save(runner: Runner, widget: QuestionWidget, saved: SavedLabel, key: str, value) -> bool:
    """Save one answer now; show the outcome beside the question and in the indicator."""
    try:
        saved_at = runner.answer(key, value)
    except ToolkitError as exc:
        widget.show_problem(exc.user_message())
        saved.show_failed()
        return False
    except Exception as exc:  # noqa: BLE001 - disk full, locked database...
        saved.show_failed()
        show_error(widget, exc)
        return False
    widget.show_problem(None)
    saved.show_saved(saved_at)
    return True


class ElidingButton(QPushButton):
    """A button whose text ends in "…" when the button is narrower than it, rather than
    widening its column (a guide's title at 200 % made the runner wider than a laptop's
    screen). The whole text stays in `full_text()`; give the button an accessible name that
    says it too."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # may shrink

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Wide enough for the whole text, when there is room for it."""
        hint, metrics = super().sizeHint(), self.fontMetrics()
        extra = metrics.horizontalAdvance(self._full) - metrics.horizontalAdvance(self.text())
        return QSize(hint.width() + max(extra, 0), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().sizeHint()
        return QSize(min(hint.width(), 8 * self.fontMetrics().averageCharWidth()), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        margins = super().sizeHint().width() - metrics.horizontalAdvance(self.text())
        room = max(self.width() - margins, 0)
        self.setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, room)
                     .replace("&", "&&"))
