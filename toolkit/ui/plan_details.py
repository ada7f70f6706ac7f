"""The Plan area's second panel: one priority worked through, in the order a committee
fills the worksheets: its framework area, risk and protective factors, the assets it builds
on (picked from the register), its actions, outcomes and indicators."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toolkit.i18n import _
from toolkit.ui.plan_items import ActionsBox, IndicatorsBox
from toolkit.ui.plan_widgets import ITEM_ROLE, Field, ItemList, LinesEditor, Panel, hint

FACTORS = ("risk", "protective")


class DetailsPanel(Panel):
    def __init__(self, screen) -> None:
        super().__init__()
        self.screen = screen
        self.priority_id: str | None = None
        self.chooser = Field(QComboBox())
        self.chooser.field.currentIndexChanged.connect(self._chosen)
        self.empty = hint()
        self.area = Field(QComboBox())
        self.area.field.activated.connect(self._area_chosen)

        self.factors_box = QGroupBox()
        factors = QGridLayout(self.factors_box)
        self.factors = {kind: LinesEditor() for kind in FACTORS}
        for column, kind in enumerate(FACTORS):
            editor = self.factors[kind]
            editor.add_requested.connect(lambda text, k=kind: self._add_factor(k, text))
            editor.remove_requested.connect(lambda row, k=kind: self._remove_factor(k, row))
            factors.addWidget(editor, column, 0)  # one above the other: fits at 200 %

        self.assets_box = QGroupBox()
        assets = QVBoxLayout(self.assets_box)
        self.assets_hint = hint()
        self.assets = ItemList(rows=4)
        self.assets.itemChanged.connect(self._asset_ticked)
        assets.addWidget(self.assets_hint)
        assets.addWidget(self.assets)

        self.actions = ActionsBox(self)
        self.outputs = LinesEditor()
        self.outputs.add_requested.connect(self._add_output)
        self.outputs.remove_requested.connect(self._remove_output)
        actions_layout = self.actions.layout()
        actions_layout.addWidget(self.outputs)
        self.outcomes_box = QGroupBox()
        outcomes = QVBoxLayout(self.outcomes_box)
        self.outcomes = {}
        from toolkit.plan.model import HORIZONS

        for horizon in HORIZONS:
            editor = LinesEditor()
            editor.add_requested.connect(lambda text, h=horizon: self._add_outcome(h, text))
            editor.remove_requested.connect(lambda row, h=horizon: self._remove_outcome(h, row))
            self.outcomes[horizon] = editor
            outcomes.addWidget(editor)
        self.indicators = IndicatorsBox(self)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        for widget in (self.area, self.factors_box, self.assets_box, self.actions,
                       self.outcomes_box, self.indicators):
            body.addWidget(widget)
        column = QVBoxLayout(self)
        column.addWidget(self.chooser)
        column.addWidget(self.empty)
        column.addWidget(self.body)

    def retranslate(self) -> None:
        from toolkit.plan.model import AREAS, HORIZONS

        self.chooser.set_label(_("Priorit&y:"))
        self.empty.setText(_("No priority yet: add one in the Priorities tab."))
        self.area.set_label(_("Framework a&rea:"))
        combo = self.area.field
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Not chosen yet"), None)
        for key, name in AREAS.items():
            combo.addItem(_(name), key)
        combo.blockSignals(False)
        self.factors_box.setTitle(_("Risk and protective factors"))
        names = {"risk": (_("Risk factors"), _("New risk factor:"), _("Add risk factor"),
                          _("Remove risk factor")),
                 "protective": (_("Protective factors"), _("New protective factor:"),
                                _("Add protective factor"), _("Remove protective factor"))}
        for kind, (heading, entry, add, remove) in names.items():
            self.factors[kind].set_texts(heading, entry, _("Add"), add, _("Remove"), remove)
        self.outputs.set_texts(_("Outputs (what the actions produce, for the logic model)"),
                               _("New output:"), _("Add"), _("Add output"), _("Remove"),
                               _("Remove output"))
        self.assets_box.setTitle(_("Assets to build on"))
        self.assets_hint.setText(_("Tick the assets of the register this priority builds on. "
                                   "Add assets in the Asset register tab."))
        self.assets.setAccessibleName(_("Assets to build on"))
        self.outcomes_box.setTitle(_("Outcomes"))
        for horizon, name in HORIZONS.items():
            self.outcomes[horizon].set_texts(
                _(name), _("New outcome ({term}):").format(term=_(name).lower()), _("Add"),
                _("Add outcome ({term})").format(term=_(name).lower()), _("Remove"),
                _("Remove outcome ({term})").format(term=_(name).lower()))
        self.actions.retranslate()
        self.indicators.retranslate()
        self.show_plan()

    def focus_first(self) -> None:
        self.area.field.setFocus()

    # showing ------------------------------------------------------------------------------
    @property
    def priority(self):
        plan = self.screen.plan
        if plan is None:
            return None
        return next((p for p in plan.priorities if p.id == self.priority_id), None)

    def choose(self, priority_id: str) -> None:
        self.priority_id = priority_id
        self.show_plan()

    def _chosen(self, _index: int) -> None:
        self.priority_id = self.chooser.field.currentData()
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.screen.plan
        if plan is None:
            return
        ids = [p.id for p in plan.priorities]
        if self.priority_id not in ids:
            self.priority_id = ids[0] if ids else None
        combo = self.chooser.field
        combo.blockSignals(True)
        combo.clear()
        for n, p in enumerate(plan.priorities, 1):
            combo.addItem(f"{n}. {p.title}", p.id)
        combo.setCurrentIndex(max(0, combo.findData(self.priority_id)))
        combo.blockSignals(False)
        priority = self.priority
        self.chooser.setVisible(priority is not None)
        self.empty.setVisible(priority is None)
        self.body.setVisible(priority is not None)
        if priority is None:
            return
        editable = self.screen.editable
        self.area.field.setCurrentIndex(max(0, self.area.field.findData(priority.area)))
        self.area.field.setEnabled(editable)
        self.factors["risk"].set_lines(priority.risk_factors, _("None yet."))
        self.factors["protective"].set_lines(priority.protective_factors, _("None yet."))
        self.outputs.set_lines(priority.outputs, _("None yet."))
        for editor in (*self.factors.values(), *self.outcomes.values(), self.outputs):
            editor.set_editable(editable)
        for horizon, editor in self.outcomes.items():
            editor.set_lines(getattr(priority.outcomes, horizon), _("None yet."))
        self._fill_assets(plan, priority, editable)
        self.actions.show_priority(priority, editable)
        self.indicators.show_priority(priority, editable)

    def _fill_assets(self, plan, priority, editable: bool) -> None:
        from toolkit.plan.model import ASSET_KINDS

        self.assets.blockSignals(True)
        self.assets.clear()
        for asset in plan.assets:
            detail = ", ".join(x for x in (_(ASSET_KINDS[asset.kind]), asset.sector) if x)
            item = QListWidgetItem(f"{asset.name} ({detail})")
            item.setData(ITEM_ROLE, asset.id)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if editable:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if asset.id in priority.assets
                               else Qt.CheckState.Unchecked)
            self.assets.addItem(item)
        if not plan.assets:
            item = QListWidgetItem(_("The register is empty."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.assets.addItem(item)
        self.assets.blockSignals(False)

    # changing -----------------------------------------------------------------------------
    def _area_chosen(self, _index: int) -> None:
        priority = self.priority
        area = self.area.field.currentData()
        if priority is not None and area != priority.area:
            self.screen.apply(self.screen.service.set_priority, priority.id, area=area)

    def _add_factor(self, kind: str, text: str) -> None:
        if self.priority is not None and self.screen.apply(
                self.screen.service.add_factor, self.priority.id, kind, text):
            self.factors[kind].entry.clear()
            self.factors[kind].entry.setFocus()

    def _remove_factor(self, kind: str, row: int) -> None:
        priority = self.priority
        if priority is None:
            return
        lines = list(priority.risk_factors if kind == "risk" else priority.protective_factors)
        if 0 <= row < len(lines):
            del lines[row]
            key = "risk_factors" if kind == "risk" else "protective_factors"
            self.screen.apply(self.screen.service.set_priority, priority.id, **{key: lines})

    def _asset_ticked(self, item: QListWidgetItem) -> None:
        priority = self.priority
        asset_id = item.data(ITEM_ROLE)
        if priority is None or asset_id is None:
            return
        linked = item.checkState() == Qt.CheckState.Checked
        if linked != (asset_id in priority.assets):
            row = self.assets.row(item)
            self.screen.apply(self.screen.service.link_asset, priority.id, asset_id,
                              linked=linked)
            self.assets.setCurrentRow(row)

    def _add_output(self, text: str) -> None:
        if self.priority is not None and self.screen.apply(
                self.screen.service.add_output, self.priority.id, text):
            self.outputs.entry.clear()
            self.outputs.entry.setFocus()

    def _remove_output(self, row: int) -> None:
        if self.priority is not None:
            self.screen.apply(self.screen.service.remove_output, self.priority.id, row + 1)

    def _add_outcome(self, horizon: str, text: str) -> None:
        if self.priority is not None and self.screen.apply(
                self.screen.service.add_outcome, self.priority.id, horizon, text):
            self.outcomes[horizon].entry.clear()
            self.outcomes[horizon].entry.setFocus()

    def _remove_outcome(self, horizon: str, row: int) -> None:
        if self.priority is not None:
            self.screen.apply(self.screen.service.remove_outcome, self.priority.id, horizon,
                              row + 1)
