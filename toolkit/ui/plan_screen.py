"""The Plan area: one community safety and well-being plan per community, made from its
diagnosis (issue 20).

The screen holds no plan of its own: every change goes through toolkit.plan's PlanService,
which saves it as the next version, with the version this screen last read as `expected` (a
plan changed elsewhere meanwhile is refused, not overwritten). After each change the screen
reads the current version again and every panel shows it, so what is on screen is always
what is stored. The panels: priorities (seeded from the diagnosis), the chosen priority's
details, the asset register, the logic model, and the versions with the printed plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)

from toolkit.i18n import _, format_datetime
from toolkit.ui.errors import show_error
from toolkit.ui.indicators import fit_indicators
from toolkit.ui.plan_widgets import Field, longest, set_line, spoken
from toolkit.ui.screen import Screen, paragraph


class PlanScreen(Screen):
    def __init__(self, kit, parent: QWidget | None = None) -> None:
        from toolkit.plan.service import PlanService
        from toolkit.ui.plan_assets import AssetsPanel
        from toolkit.ui.plan_details import DetailsPanel
        from toolkit.ui.plan_logic import LogicPanel
        from toolkit.ui.plan_priorities import PrioritiesPanel
        from toolkit.ui.plan_versions import VersionsPanel

        super().__init__(kit, parent)
        self.service = PlanService(kit.store)
        self.version = None  # the PlanVersion on screen (None: this community has no plan)
        self.cache: dict = {}  # figures from the diagnosis, until the area is shown again
        self.community_id: str | None = None
        self.intro = paragraph()
        self.community = Field(QComboBox())
        self.community.field.currentIndexChanged.connect(self._community_chosen)
        self.status = paragraph()
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start_plan)
        self.plan_title = Field(QLineEdit())
        self.plan_title.field.setMaxLength(longest("name"))
        self.plan_title.field.returnPressed.connect(self.save_title)
        self.title_button = QPushButton()
        self.title_button.clicked.connect(self.save_title)
        title_row = QHBoxLayout()
        title_row.addWidget(self.plan_title, 1)
        title_row.addWidget(self.title_button)
        self.tabs = QTabWidget()
        self.priorities = PrioritiesPanel(self)
        self.details = DetailsPanel(self)
        self.assets = AssetsPanel(self)
        self.logic = LogicPanel(self)
        self.versions = VersionsPanel(self)
        self.panels = (self.priorities, self.details, self.assets, self.logic, self.versions)
        for panel in self.panels:
            self.tabs.addTab(panel, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed(0)
        self.layout_.addWidget(self.intro)
        self.layout_.addWidget(self.community)
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.start_button)
        self.layout_.addLayout(title_row)
        self.layout_.addWidget(self.tabs, 1)
        fit_indicators(self)

    def _tab_changed(self, index: int) -> None:
        """Only the tab shown counts for the height: the details tab is long, the others
        should not be as tall as it."""
        for number, panel in enumerate(self.panels):
            panel.set_active(number == index)
        self.tabs.updateGeometry()
        if self.version is not None and 0 <= index < len(self.panels):
            self.panels[index].show_plan()

    # text ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(_("Plan"))
        self.intro.setText(_("Turn the diagnosis into the community's safety and well-being "
                             "plan: choose priorities from what people said, then for each "
                             "one its factors, assets, actions, outcomes and indicators. "
                             "Every change is saved at once as a new version."))
        self.community.set_label(_("&Community:"))
        self.start_button.setText(_("&Start a plan for this community"))
        self.start_button.setAccessibleName(_("Start a plan for this community"))
        self.plan_title.set_label(_("Plan &title:"), _("For example: Birch Lake safety and "
                                                        "well-being plan 2027"))
        self.title_button.setText(_("Save title"))
        self.title_button.setAccessibleName(_("Save the plan title"))
        self.tabs.setAccessibleName(_("Plan"))
        self.tabs.tabBar().setAccessibleName(_("Parts of the plan"))
        for index, text in enumerate((_("&Priorities"), _("Priority &details"),
                                      _("&Asset register"), _("&Logic model"),
                                      _("&Versions and printing"))):
            self.tabs.setTabText(index, text)
        for panel in self.panels:
            panel.retranslate()
        if self.community_id is not None:
            self.show_plan()

    # data ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the communities (a session may have added one) and the plan shown; the
        figures are read again (answers may have come in since)."""
        self.cache.clear()
        combo = self.community.field
        communities = self.kit.sessions.communities()
        keep = self.community_id or (communities[0][0] if communities else None)
        combo.blockSignals(True)
        combo.clear()
        for cid, name in sorted(communities, key=lambda c: c[1].casefold()):
            combo.addItem(name, cid)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)
        self.community_id = combo.currentData()
        self.reload()

    def show_community(self, community_id: str) -> None:
        """Show this community's plan (the hub's list of plans asks for one)."""
        index = self.community.field.findData(community_id)
        if index >= 0:
            self.community.field.setCurrentIndex(index)  # reloads through _community_chosen
            self.community.field.setFocus()

    def _community_chosen(self, _index: int) -> None:
        self.community_id = self.community.field.currentData()
        self.reload()

    def reload(self) -> None:
        """Read the community's current plan from the store and show it."""
        try:
            self.version = (self.service.current(self.community_id)
                            if self.community_id else None)
        except Exception as exc:  # noqa: BLE001 - a damaged plan says so, shows nothing
            self.version = None
            show_error(self, exc)
        self.show_plan()

    def show_plan(self) -> None:
        name = self.community.field.currentText()
        version = self.version
        if self.community_id is None:
            self.status.setText(_("There is no community yet: create a session first, in "
                                  "Sessions."))
        elif version is None:
            self.status.setText(_("{community} has no plan yet.").format(community=name))
        else:
            text = _("Version {n}, saved {when}").format(
                n=version.version, when=format_datetime(version.saved_at))
            if version.read_only:
                text += ". " + _("This plan came from another computer: it can be read and "
                                "printed here, not changed.")
            self.status.setText(text)
        self.start_button.setVisible(self.community_id is not None and version is None)
        has_plan = version is not None
        self.plan_title.setVisible(has_plan)
        self.title_button.setVisible(has_plan)
        self.tabs.setVisible(has_plan)
        if has_plan:
            if not self.plan_title.field.hasFocus() or not self.plan_title.field.isModified():
                set_line(self.plan_title.field, version.plan.title)
            editable = self.editable
            self.plan_title.field.setReadOnly(not editable)
            self.title_button.setEnabled(editable)
            self.tabs.currentWidget().show_plan()  # the others when they are shown

    def cached(self, key: tuple, make: Callable[[], Any]) -> Any:
        """Figures from the diagnosis (candidates, indicator values, figure choices) do not
        change when the plan does: read once, not at every edit."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def plan(self):
        return self.version.plan if self.version is not None else None

    @property
    def editable(self) -> bool:
        return self.version is not None and not self.version.read_only

    @property
    def threshold(self) -> int:
        return self.kit.settings.small_group_threshold

    def apply(self, change: Callable[..., Any], *args, **kwargs) -> Any:
        """Run one PlanService change on this community's plan, against the version shown.
        On a problem: the message, nothing changed, and the screen shows the stored plan."""
        if self.version is None:
            return None
        try:
            result = change(self.community_id, *args, expected=self.version.version, **kwargs)
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was saved
            show_error(self, exc)
            self.reload()
            return None
        self.reload()
        return result if result is not None else True

    # the plan itself ----------------------------------------------------------------------
    def start_plan(self) -> None:
        if self.community_id is None:
            return
        try:
            self.service.create(self.community_id)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            show_error(self, exc)
        self.reload()
        if self.version is not None:
            self.tabs.setCurrentIndex(0)
            self.priorities.focus_first()

    def save_title(self) -> None:
        field = self.plan_title.field
        if self.plan is None or field.text().strip() == self.plan.title:
            return
        self.apply(self.service.set_title, field.text())
        field.setModified(False)

    def follow(self, priority_id: str) -> None:
        """The priority selected in the list is the one the other tabs show next."""
        self.details.priority_id = priority_id
        self.logic.priority_id = priority_id

    def go_to_details(self, priority_id: str) -> None:
        self.details.choose(priority_id)
        self.tabs.setCurrentWidget(self.details)
        self.details.focus_first()

    def spoken(self, text: str) -> str:
        return spoken(text)
