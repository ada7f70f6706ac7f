"""Set a widget's enum-typed property by the value's name, without PySide's `Qt` namespace.

The first use of `QtCore.Qt` makes PySide build every enum of that namespace: about 25 ms,
a fifth of a bare window's start-up. What is built before the main window first shows sets
its few `Qt.*` values through Qt's property system instead, so the namespace is built later,
when a screen first needs it (tests/test_startup_path.py keeps it that way).
"""

from __future__ import annotations

from PySide6.QtCore import QObject


def set_enum(obj: QObject, prop: str, key: str) -> None:
    """`obj.<prop> = key`, e.g. set_enum(label, "textFormat", "PlainText").

    Qt converts the name to the value; a misspelt property or value raises instead of
    being ignored (setProperty would otherwise add a dynamic property and return False).
    """
    if not obj.setProperty(prop, key):
        raise ValueError(f"{type(obj).__name__} has no property {prop} taking {key!r}")
