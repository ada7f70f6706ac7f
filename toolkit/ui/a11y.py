"""What assistive technology is told, in one place: announcements, state changes, groups.

Status messages (saved, missing answers, progress, thanks) are announced without moving the
keyboard (WCAG 4.1.3). A question's inputs sit in a `QuestionGroup`, exposed with the
Grouping role and the question as its name, so a screen reader says the question whichever
option gets focus (1.3.1); the group's state says when its answer is invalid.

`listeners` lets tests watch every event sent (Qt sends nothing while no screen reader is
running, so there is nothing else to observe offscreen).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QAccessibleWidget, QWidget

Listener = Callable[[QObject, str, str], None]  # (object, kind, text)
listeners: list[Listener] = []


def _tell(obj: QObject, kind: str, text: str) -> None:
    for listener in list(listeners):
        listener(obj, kind, text)


def announce(obj: QObject, text: str, assertive: bool = False) -> None:
    """Say `text` now without moving focus: polite for news, assertive for a problem."""
    if not text:
        return
    _tell(obj, "announce", text)
    event = QAccessibleAnnouncementEvent(obj, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def name_changed(obj: QObject) -> None:
    _tell(obj, "name", getattr(obj, "accessibleName", lambda: "")())
    QAccessible.updateAccessibility(QAccessibleEvent(obj, QAccessible.Event.NameChanged))


def description_changed(obj: QObject) -> None:
    _tell(obj, "description", getattr(obj, "accessibleDescription", lambda: "")())
    QAccessible.updateAccessibility(QAccessibleEvent(obj, QAccessible.Event.DescriptionChanged))


def value_changed(obj: QObject, text: str) -> None:
    """A progress bar's new value (Qt sends its own event too; this one is observable)."""
    _tell(obj, "value", text)


def state_changed(obj: QObject) -> None:
    _tell(obj, "state", "")
    QAccessible.updateAccessibility(QAccessibleEvent(obj, QAccessible.Event.StateChanged))


class QuestionGroup(QWidget):
    """The box around one question's inputs; `invalid` is set while its answer is refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invalid = False

    def set_invalid(self, invalid: bool) -> None:
        if invalid != self.invalid:
            self.invalid = invalid
            state_changed(self)


class _GroupInterface(QAccessibleWidget):
    def __init__(self, widget: QuestionGroup) -> None:
        super().__init__(widget, QAccessible.Role.Grouping)
        self._group = widget

    def state(self):  # noqa: D102 - Qt API
        state = super().state()
        state.invalid = bool(self._group.invalid)
        return state


# Qt caches the interfaces a factory returns and deletes them itself when their widget
# goes; Python must never delete one first (Qt would keep a dangling pointer), so each is
# kept here until Qt has deleted it (its wrapper is then no longer valid).
_made: list[_GroupInterface] = []


def _factory(class_name: str, obj: QObject):
    if class_name == "QuestionGroup" and isinstance(obj, QuestionGroup):
        from shiboken6 import Shiboken

        _made[:] = [iface for iface in _made if Shiboken.isValid(iface)]
        iface = _GroupInterface(obj)
        _made.append(iface)
        return iface
    return None


_installed = False


def install() -> None:
    """Register the group's interface with Qt (once; the question widgets call it)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
