"""What assistive technology is told, in one place: announcements, state changes, groups.

Status messages (saved, missing answers, progress, thanks) are announced without moving the
keyboard (WCAG 4.1.3). A question's inputs sit in a `QuestionGroup`, exposed with the
Grouping role and the question as its name, so a screen reader says the question whichever
option gets focus (1.3.1); the group's state says when its answer is invalid. Buttons that
stand for a heading or a link (a guide's outline) are read with that role, their level and
the language of their text (1.3.1, 3.1.2).

`listeners` lets tests watch every event sent (Qt sends nothing while no screen reader is
running, so there is nothing else to observe offscreen).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleAnnouncementEvent,
    QAccessibleAttributesInterface,
    QAccessibleEvent,
)
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QCheckBox, QRadioButton, QWidget
from shiboken6 import Shiboken

from toolkit import i18n

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


# Required and invalid, on every input of a question. Qt's QAccessible.State has `invalid`
# but no "required", and its AT-SPI bridge passes on neither (tested: tests/
# test_kiosk_atspi.py reads the states Orca gets). So each input carries them as dynamic
# properties (REQUIRED, ERROR: the message widget while its answer is refused), which our
# own interfaces (question groups, option buttons) turn into `invalid` and a "described by"
# relation to the message; and every input's description says "Required." and starts with
# the message (question_widgets._describe), which is what a screen reader reads on focus.
REQUIRED = "a11yRequired"
ERROR = "a11yError"


def set_field_state(widget: QWidget, required: bool, error: QWidget | None) -> None:
    """Mark `widget` required or not, and invalid (tied to the message `error`) or not."""
    if bool(widget.property(REQUIRED)) == required and widget.property(ERROR) is error:
        return
    widget.setProperty(REQUIRED, required)
    widget.setProperty(ERROR, error)
    state_changed(widget)


def is_required(widget: QWidget) -> bool:
    return bool(widget.property(REQUIRED))


def error_of(widget: QWidget) -> QWidget | None:
    """The message saying why the widget's answer is refused, or None."""
    error = widget.property(ERROR)
    return error if isinstance(error, QWidget) else None


def _with_error(widget: QWidget, relations: list) -> list:
    """`relations`, plus "described by" the widget's error message when it has one."""
    error = error_of(widget)
    if error is not None:
        iface = QAccessible.queryAccessibleInterface(error)
        if iface is not None:
            relations = [*relations, (iface, QAccessible.RelationFlag.DescriptionFor)]
    return relations


class QuestionGroup(QWidget):
    """The box around one question's inputs; `invalid` is set while its answer is refused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invalid = False

    def set_invalid(self, invalid: bool) -> None:
        if invalid != self.invalid:
            self.invalid = invalid
            state_changed(self)


class FieldRadioButton(QRadioButton):
    """An option of a single-choice question (read through `_OptionInterface`)."""


class FieldCheckBox(QCheckBox):
    """An option of a multi-choice question (read through `_OptionInterface`)."""


class _GroupInterface(QAccessibleWidget):
    def __init__(self, widget: QuestionGroup) -> None:
        super().__init__(widget, QAccessible.Role.Grouping)
        self._group = widget

    def state(self):  # noqa: D102 - Qt API
        state = super().state()
        state.invalid = bool(self._group.invalid)
        return state

    def relations(self, match=QAccessible.RelationFlag.AllRelations):  # noqa: D102 - Qt API
        return _with_error(self._group, super().relations(match))


class _OptionInterface(QAccessibleWidget):
    """Qt's own reading of a radio button or tick box (role, name, checked, toggling), plus
    `invalid` and the error relation, which Qt's built-in interface cannot carry."""

    def __init__(self, widget: QAbstractButton, role: QAccessible.Role) -> None:
        super().__init__(widget, role)
        self._button = widget

    def text(self, t):  # noqa: D102 - Qt API
        if t == QAccessible.Text.Name:
            return self._button.accessibleName() or self._button.text().replace("&", "")
        return super().text(t)

    def state(self):  # noqa: D102 - Qt API
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        state.pressed = self._button.isDown()
        state.invalid = error_of(self._button) is not None
        return state

    def relations(self, match=QAccessible.RelationFlag.AllRelations):  # noqa: D102 - Qt API
        return _with_error(self._button, super().relations(match))

    def actionNames(self):  # noqa: N802 - Qt API
        toggle = (QAccessibleActionInterface.toggleAction()
                  if isinstance(self._button, QCheckBox)
                  else QAccessibleActionInterface.pressAction())
        return [toggle, *super().actionNames()]

    def doAction(self, name):  # noqa: N802 - Qt API
        if name in (QAccessibleActionInterface.toggleAction(),
                    QAccessibleActionInterface.pressAction()):
            self._button.click()
        else:
            super().doAction(name)


def locale_for(lang: str) -> QLocale:
    """The QLocale a text in `lang` is marked with (what AT-SPI reports as its locale)."""
    return QLocale(i18n.babel_locale(lang))


class _RoleInterface(QAccessibleWidget, QAccessibleAttributesInterface):
    """A button read as a heading or a link (`accessible_role`), with its level and the
    language of its text as attributes (Qt 6.10+ bridges Level and Locale to AT-SPI)."""

    def __init__(self, widget: QAbstractButton, role: QAccessible.Role) -> None:
        QAccessibleWidget.__init__(self, widget, role)
        QAccessibleAttributesInterface.__init__(self)
        self._button = widget

    def text(self, t):  # noqa: D102 - Qt API
        if t == QAccessible.Text.Name:
            return self._button.accessibleName() or self._button.text().strip()
        return super().text(t)

    def interface_cast(self, t):  # noqa: D102 - Qt API
        # Qt asks through this (never through attributesInterface()), for a raw pointer:
        # the attributes base of this two-base object is the second of shiboken's pointers.
        if t == QAccessible.InterfaceType.AttributesInterface:
            return Shiboken.VoidPtr(Shiboken.getCppPointer(self)[1])
        found = super().interface_cast(t)
        return found if found is not None else Shiboken.VoidPtr(0)  # None would crash Qt

    def attributeKeys(self):  # noqa: N802 - Qt API
        keys = [QAccessible.Attribute.Locale]
        if getattr(self._button, "accessible_level", 0):
            keys.append(QAccessible.Attribute.Level)
        return keys

    def attributeValue(self, key):  # noqa: N802 - Qt API
        if key == QAccessible.Attribute.Locale:
            return self._button.locale()
        if key == QAccessible.Attribute.Level:
            return int(getattr(self._button, "accessible_level", 0)) or None
        return None

    def actionNames(self):  # noqa: N802 - Qt API
        return [QAccessibleActionInterface.pressAction(), *super().actionNames()]

    def doAction(self, name):  # noqa: N802 - Qt API
        if name == QAccessibleActionInterface.pressAction():
            self._button.click()
        else:
            super().doAction(name)


# Qt caches the interfaces a factory returns and deletes them itself when their widget
# goes; Python must never delete one first (Qt would keep a dangling pointer), so each is
# kept here until Qt has deleted it (its wrapper is then no longer valid).
_made: list[QAccessibleWidget] = []


def _factory(class_name: str, obj: QObject):
    iface: QAccessibleWidget | None = None
    if class_name == "QuestionGroup" and isinstance(obj, QuestionGroup):
        iface = _GroupInterface(obj)
    elif class_name == "FieldRadioButton" and isinstance(obj, FieldRadioButton):
        iface = _OptionInterface(obj, QAccessible.Role.RadioButton)
    elif class_name == "FieldCheckBox" and isinstance(obj, FieldCheckBox):
        iface = _OptionInterface(obj, QAccessible.Role.CheckBox)
    elif isinstance(obj, QAbstractButton) and getattr(obj, "accessible_role", None):
        iface = _RoleInterface(obj, obj.accessible_role)
    if iface is not None:
        _made[:] = [made for made in _made if Shiboken.isValid(made)]
        _made.append(iface)
    return iface


_installed = False


def install() -> None:
    """Register our interfaces with Qt (once; the question widgets and guides call it)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
