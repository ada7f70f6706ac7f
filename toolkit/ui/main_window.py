"""The main window: a navigation list on the left, one screen per area on the right."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.i18n import N_, _
from toolkit.paths import asset
from toolkit.ui.enum_props import set_enum
from toolkit.ui.errors import show_error
from toolkit.ui.geometry import WindowPlace  # its place on this screen, or a size that fits
from toolkit.ui.qt_i18n import install_qt_translations
from toolkit.ui.screen import Screen
from toolkit.ui.style import apply_text_scale, base_point_size, set_role

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


class Area(NamedTuple):
    key: str
    title: str  # untranslated (N_)
    icon: str
    screen: str  # "module:Class", imported on first visit to keep start-up fast


AREAS: list[Area] = [
    Area("home", N_("Home"), "home", "toolkit.ui.home_screen:HomeScreen"),
    Area("guides", N_("Guides and toolkits"), "guides", "toolkit.ui.guides_screen:GuidesScreen"),
    Area("sessions", N_("Sessions"), "sessions", "toolkit.ui.sessions_screen:SessionsScreen"),
    Area("reports", N_("Reports"), "reports", "toolkit.ui.reports_screen:ReportsScreen"),
    Area("plan", N_("Plan"), "plan", "toolkit.ui.plan_screen:PlanScreen"),
    Area("exchange", N_("Exchange"), "exchange", "toolkit.ui.exchange_screen:ExchangeScreen"),
    Area("settings", N_("Settings"), "settings", "toolkit.ui.settings_screen:SettingsScreen"),
]
KEYS = [area.key for area in AREAS]
NAV_SPACING = 4  # pixels around each row of the navigation list


def scaled(size: QSize, kit: Toolkit) -> QSize:
    """A first size that grows with the text (the screen may then make it smaller)."""
    factor = kit.settings.text_scale / 100
    return QSize(round(size.width() * factor), round(size.height() * factor))


def screen_class(area: Area) -> type[Screen]:
    module, name = area.screen.split(":")
    return getattr(importlib.import_module(module), name)


class MainWindow(QMainWindow):
    def __init__(self, kit: Toolkit) -> None:
        super().__init__()
        self.kit = kit
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        set_role(self.nav, "navigation")
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        set_enum(self.nav, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.stack = QStackedWidget()
        self.screens: dict[str, Screen] = {}  # built on first visit: start-up stays fast
        for area in AREAS:
            scroller = QScrollArea()  # at 200 % text a screen may outgrow the window
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QScrollArea.Shape.NoFrame)
            set_enum(scroller, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
            self.stack.addWidget(scroller)
            item = QListWidgetItem(QIcon(str(asset("icons", f"{area.icon}.svg"))), "")
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.place = WindowPlace(self, kit, "main", scaled(QSize(1100, 720), kit))

        for number, key in enumerate(KEYS, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda k=key: self.go_to(k))
        i18n.on_language_changed(self._language_changed)
        self.retranslate()
        self.nav.setCurrentRow(0)
        self.nav.setFocus()

    # screens ----------------------------------------------------------------------------
    def screen(self, key: str) -> Screen:
        """The screen for an area, built (and translated) the first time it is needed."""
        if key not in self.screens:
            index = KEYS.index(key)
            screen = screen_class(AREAS[index])(self.kit)
            for signal, slot in (("navigate", self.go_to), ("language_chosen", self.set_language),
                                 ("scale_chosen", self.set_text_scale),
                                 ("restored", self.refresh_all),
                                 ("open_session", self.open_session),
                                 ("open_plan", self.open_plan)):
                if hasattr(screen, signal):
                    getattr(screen, signal).connect(slot)
            screen.retranslate()
            self.screens[key] = screen
            self.stack.widget(index).setWidget(screen)
        return self.screens[key]

    # navigation -------------------------------------------------------------------------
    def current_area(self) -> str:
        return KEYS[self.stack.currentIndex()]

    def open_plan(self, community_id: str) -> None:
        """The Plan area, showing this community's plan (from the hub's list of plans)."""
        self.go_to("plan")
        self.screen("plan").show_community(community_id)

    def go_to(self, key: str) -> None:
        self.nav.setCurrentRow(KEYS.index(key))

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        try:
            screen = self.screen(KEYS[row])
            self.stack.setCurrentIndex(row)
            screen.refresh()
        except Exception as exc:  # noqa: BLE001 - a screen that fails to load says so
            show_error(self, exc)

    # language and text size --------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.kit.settings.language = lang
        self.kit.save_settings()
        i18n.set_language(lang)  # listeners (this window) retranslate

    def _language_changed(self, lang: str) -> None:
        install_qt_translations(lang)
        self.retranslate()

    def set_text_scale(self, percent: int) -> None:
        self.kit.settings.text_scale = percent
        self.kit.save_settings()
        apply_text_scale(percent)
        self._fit_navigation()

    def _fit_navigation(self) -> None:
        """Icons and padding grow with the text; the list is as wide as its longest name needs.

        Padding comes from each row's size hint, not a style sheet: even on this one list a
        style sheet cost 8 ms of start-up."""
        side = round(20 * self.kit.settings.text_scale / 100)
        pad = max(6, round(base_point_size() * 0.6))
        self.nav.setIconSize(QSize(side, side))
        self.nav.setSpacing(NAV_SPACING)  # each row inset from the list's edges
        metrics = self.nav.fontMetrics()
        text = max(metrics.horizontalAdvance(self.nav.item(row).text())
                   for row in range(self.nav.count()))
        row_size = QSize(side + text + 3 * pad, max(side, metrics.height()) + pad)
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(row_size)
        self.nav.setFixedWidth(row_size.width() + 2 * (self.nav.frameWidth() + NAV_SPACING))

    def retranslate(self) -> None:
        self.setWindowTitle(_("CCSC Community Safety Toolkit"))
        self.nav.setAccessibleName(_("Areas of the toolkit"))
        for row, area in enumerate(AREAS):
            item = self.nav.item(row)
            item.setText(_(area.title))
            item.setToolTip(_("{area} (Ctrl+{n})").format(area=_(area.title), n=row + 1))
        for screen in self.screens.values():
            screen.retranslate()
        self._fit_navigation()
        if self.nav.currentRow() >= 0:  # other screens load their data when shown
            self._show_row(self.nav.currentRow())

    def open_session(self, session_id: str) -> None:
        """Collect answers in a window of its own (kiosk mode fills the screen)."""
        from toolkit.ui.runner.window import RunnerWindow

        try:
            runner = RunnerWindow(self.kit, session_id, self)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.runner_window = runner
        if runner.mode != "kiosk":  # the kiosk fills the screen; the others keep their place
            runner.place = WindowPlace(runner, self.kit, "runner",
                                       scaled(QSize(1100, 760), self.kit))
        runner.finished.connect(self.refresh_all)
        runner.guide_requested.connect(self.show_guide)
        runner.start()

    def show_guide(self, slug: str) -> None:
        """Open a guide in the library (from a questionnaire section) and bring it forward."""
        self.go_to("guides")
        from toolkit.ui.guides_screen import guide_language

        self.screen("guides").show_guide(slug, guide_language())
        self.raise_()
        self.activateWindow()

    def refresh_all(self) -> None:
        for screen in self.screens.values():
            screen.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        i18n.remove_listener(self._language_changed)
        super().closeEvent(event)
