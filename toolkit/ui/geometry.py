"""Window sizes that fit the screen, and where each window was, per screen.

A window opens at its preferred size or at the screen's available size less room for the
frame, whichever is smaller, so no button is ever off a 1024x600 screen. Where a person put
and sized a window is kept in settings.json (not QSettings: one file, in the data folder,
that the app already reads at start), per window and per screen: the screen's geometry is
the key, so a laptop used alone and docked to a monitor gets each place back. A place is
restored only on a screen that is present now, and pulled inside it if it would stick out.

The placing rules are plain functions on (x, y, width, height) tuples, tested without Qt.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QScrollArea, QWidget

Rect = tuple[int, int, int, int]  # x, y, width, height
FRAME = (16, 48)  # room for the window manager's borders and title bar, in pixels
KEPT_SCREENS = 8  # places kept per window: the screens used most recently


def screen_key(geometry: Rect) -> str:
    x, y, w, h = geometry
    return f"{w}x{h}{x:+d}{y:+d}"


def fit_size(wanted: tuple[int, int], available: Rect) -> tuple[int, int]:
    """The wanted size, shrunk to leave the frame room on the available part of a screen."""
    return (max(200, min(wanted[0], available[2] - FRAME[0])),
            max(150, min(wanted[1], available[3] - FRAME[1])))


def centred(size: tuple[int, int], available: Rect) -> Rect:
    x, y, w, h = available
    return (x + (w - size[0]) // 2, y + max((h - size[1] - FRAME[1]) // 2, 0) + FRAME[1] // 2,
            size[0], size[1])


def clamp(place: Rect, available: Rect) -> Rect:
    """A place pulled wholly inside the available area (shrunk first if it is too big)."""
    ax, ay, aw, ah = available
    w, h = fit_size((place[2], place[3]), available)
    x = min(max(place[0], ax + FRAME[0] // 2), ax + aw - w - FRAME[0] // 2)
    y = min(max(place[1], ay + FRAME[1] - FRAME[0] // 2), ay + ah - h - FRAME[0] // 2)
    return (x, y, w, h)


def choose_place(places: dict, screens: dict[str, tuple[Rect, Rect]]
                 ) -> tuple[str, Rect, bool] | None:
    """The saved place to restore: on the screen last used if present, else on any present
    screen with a saved place. `screens` maps each present screen's key to (geometry,
    available geometry). None: nothing saved for the screens here."""
    order = [places["last"]] if isinstance(places.get("last"), str) else []
    order += [key for key in places if key != "last" and key not in order]
    for key in order:
        if key not in screens or key not in places:
            continue
        x, y, w, h, maximized = places[key]
        geometry, available = screens[key]
        cx, cy = x + w // 2, y + h // 2
        gx, gy, gw, gh = geometry
        if not (gx <= cx < gx + gw and gy <= cy < gy + gh):
            continue  # saved as lying mostly elsewhere: not this screen's place after all
        return key, clamp((x, y, w, h), available), bool(maximized)
    return None


def _rect(r: QRect) -> Rect:
    return (r.x(), r.y(), r.width(), r.height())


def present_screens() -> dict[str, tuple[Rect, Rect]]:
    return {screen_key(_rect(s.geometry())): (_rect(s.geometry()), _rect(s.availableGeometry()))
            for s in QGuiApplication.screens()}


def available_of(widget: QWidget | None) -> Rect:
    """The free area of the screen a widget is on (or will open on)."""
    screen = None
    if widget is not None:
        screen = QWidget.screen(widget.window())  # MainWindow.screen(key) hides the Qt one
    screen = screen or QGuiApplication.primaryScreen()
    return _rect(screen.availableGeometry()) if screen else (0, 0, 1024, 600)


def fit_to_screen(window: QWidget, wanted: QSize, parent: QWidget | None = None) -> None:
    """Resize a window (or dialog) to `wanted`, or less if its screen is smaller."""
    width, height = fit_size((wanted.width(), wanted.height()), available_of(parent or window))
    window.resize(width, height)


def fit_dialog(dialog: QWidget, body: QWidget, parent: QWidget | None = None) -> None:
    """Size a dialog whose `body` (in `scrolling()`) holds wrapped text: 40 lines of text
    wide, as tall as the body needs at that width plus room for its buttons, within the
    screen. A body's plain size hint counts its wrapped labels at their narrowest, far too
    tall or too short; its height for the chosen width is what it needs."""
    line = dialog.fontMetrics().height()
    width = line * 40
    height = body.heightForWidth(width) if body.hasHeightForWidth() else -1
    fit_to_screen(dialog, QSize(width, max(height, body.sizeHint().height()) + line * 5),
                  parent)


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless vertical scroll area: at 200 % text on a small screen a
    dialog's body scrolls while its buttons, outside it, stay on screen."""
    from toolkit.ui.enum_props import set_enum

    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    set_enum(area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    return area


class WindowPlace(QObject):
    """Gives a top-level window its remembered place (or its fitted size) now, and saves
    its place in the settings when it is hidden (closing hides it). Full-screen windows (the
    kiosk) are neither restored nor saved."""

    def __init__(self, window: QWidget, kit, name: str, wanted: QSize) -> None:
        super().__init__(window)
        self.window, self.kit, self.name, self.wanted = window, kit, name, wanted
        self.shown = False  # a window never shown has no place of its own to keep
        window.installEventFilter(self)
        self.restore()

    def restore(self) -> None:
        chosen = choose_place(self.kit.settings.windows.get(self.name, {}), present_screens())
        if chosen is None:
            available = available_of(self.window)
            size = fit_size((self.wanted.width(), self.wanted.height()), available)
            self.window.setGeometry(QRect(*centred(size, available)))
            return
        _key, place, maximized = chosen
        self.window.setGeometry(QRect(*place))
        if maximized:
            from PySide6.QtCore import Qt  # only here: start-up never builds Qt.* (enum_props)

            self.window.setWindowState(self.window.windowState()
                                       | Qt.WindowState.WindowMaximized)

    def save(self) -> None:
        window = self.window
        if window.isFullScreen() or not self.shown:
            return
        screen = QWidget.screen(window)
        if screen is None:
            return
        place = window.normalGeometry() if window.isMaximized() else window.geometry()
        if place.isEmpty():
            place = window.geometry()
        key = screen_key(_rect(screen.geometry()))
        places = {k: v for k, v in self.kit.settings.windows.get(self.name, {}).items()
                  if k not in (key, "last")}
        places[key] = [*_rect(place), window.isMaximized()]  # newest last
        places = dict(list(places.items())[-KEPT_SCREENS:])  # a projector a week: no pile-up
        places["last"] = key
        self.kit.settings.windows[self.name] = places
        try:
            self.kit.save_settings()
        except Exception:  # noqa: BLE001 - a full disk loses the place, and says nothing
            import logging  # at closing time, about a window's place: the log is enough

            logging.getLogger("toolkit.ui").warning("window place not saved", exc_info=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.window:
            if event.type() == QEvent.Type.Show:
                self.shown = True
            elif event.type() == QEvent.Type.Hide:  # closing hides, and so does the kiosk lock
                self.save()
        return False
