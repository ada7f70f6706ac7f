"""The community's asset register: organisations, services, programs, places and people's
roles, with their sector and contact notes (the asset-mapping worksheet as data). Every
priority picks the assets it builds on from this one register."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QPushButton, QVBoxLayout

from toolkit.i18n import _, ngettext
from toolkit.ui.plan_widgets import Field, ItemList, Panel, hint, longest, set_line


class AssetsPanel(Panel):
    FIELDS = ("name", "sector", "contact")

    def __init__(self, screen) -> None:
        super().__init__()
        self.screen = screen
        self.hint = hint()
        self.list = ItemList(rows=6)
        self.list.itemSelectionChanged.connect(self._selected)
        self.fields = {key: Field(QLineEdit()) for key in self.FIELDS}
        for key in self.FIELDS:
            self.fields[key].field.setMaxLength(longest("text" if key == "contact" else "name"))
        self.kind = Field(QComboBox())
        self.contact_hint = hint()
        self.fields["name"].field.textChanged.connect(self._update)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.addWidget(self.fields["name"], 0, 0, 1, 2)
        grid.addWidget(self.kind, 1, 0, 1, 2)
        grid.addWidget(self.fields["sector"], 2, 0, 1, 2)
        grid.addWidget(self.fields["contact"], 3, 0, 1, 2)
        grid.addWidget(self.contact_hint, 4, 0, 1, 2)
        for index, (key, slot) in enumerate((("add", self.add), ("save", self.save),
                                             ("remove", self.remove),
                                             ("clear", self.clear_form))):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, 5 + index // 2, index % 2)
        column = QVBoxLayout(self)
        column.addWidget(self.hint)
        column.addWidget(self.list, 1)
        column.addLayout(grid)

    def retranslate(self) -> None:
        from toolkit.plan.model import ASSET_KINDS

        self.hint.setText(_("Who and what the community can build on. Each priority picks its "
                            "assets from this register, in Priority details."))
        self.list.setAccessibleName(_("Asset register"))
        self.fields["name"].set_label(_("&Name:"), _("For example: Friendship Centre"))
        self.kind.set_label(_("&Kind:"))
        combo = self.kind.field
        keep = combo.currentData()
        combo.clear()
        for key, name in ASSET_KINDS.items():
            combo.addItem(_(name), key)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        self.fields["sector"].set_label(_("&Sector:"), _("For example: health, education, "
                                                         "recreation"))
        self.fields["contact"].set_label(_("Contact n&otes:"))
        self.contact_hint.setText(_("Contact notes stay on this computer: they never leave in "
                                    "a package."))
        for key, text, name in (("add", _("Add to register"), _("Add this asset to the "
                                                                "register")),
                                ("save", _("Save asset"), _("Save changes to the selected "
                                                            "asset")),
                                ("remove", _("Remove asset"), _("Remove the selected asset from "
                                                                "the register")),
                                ("clear", _("Clear form"), _("Clear the asset form"))):
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)
        self.show_plan()

    def show_plan(self) -> None:
        from toolkit.plan.model import ASSET_KINDS

        plan = self.screen.plan
        if plan is None:
            return
        used: dict[str, int] = {}
        for p in plan.priorities:
            for asset_id in p.assets:
                used[asset_id] = used.get(asset_id, 0) + 1
        lines = []
        for asset in plan.assets:
            detail = " · ".join(x for x in (_(ASSET_KINDS[asset.kind]), asset.sector) if x)
            count = used.get(asset.id, 0)
            uses = ngettext("used by {n} priority", "used by {n} priorities", count).format(
                n=count) if count else _("not used yet")
            lines.append((f"{asset.name} — {detail} — {uses}", asset.id))
        self.list.fill(lines, _("The register is empty: add the organisations, services, "
                                "programs, places and people's roles the community can count "
                                "on."))
        editable = self.screen.editable
        for field in self.fields.values():
            field.field.setReadOnly(not editable)
        self.kind.field.setEnabled(editable)
        self._update()

    def _asset(self):
        plan = self.screen.plan
        current = self.list.current_id()
        return next((a for a in plan.assets if a.id == current), None) if plan else None

    def _selected(self) -> None:
        asset = self._asset()
        if asset is not None:
            for key in self.FIELDS:
                set_line(self.fields[key].field, getattr(asset, key))
            self.kind.field.setCurrentIndex(max(0, self.kind.field.findData(asset.kind)))
        self._update()

    def _update(self, *_args) -> None:
        editable = self.screen.editable
        typed = bool(self.fields["name"].field.text().strip())
        chosen = self._asset() is not None
        self.buttons["add"].setEnabled(editable and typed)
        self.buttons["save"].setEnabled(editable and typed and chosen)
        self.buttons["remove"].setEnabled(editable and chosen)

    def values(self) -> dict:
        return dict({key: self.fields[key].field.text() for key in self.FIELDS},
                    kind=self.kind.field.currentData())

    def add(self) -> None:
        result = self.screen.apply(self.screen.service.add_asset, **self.values())
        if result:
            self.list.select_id(result.id)

    def save(self) -> None:
        asset = self._asset()
        if asset is not None:
            self.screen.apply(self.screen.service.set_asset, asset.id, **self.values())
            self.list.select_id(asset.id)

    def remove(self) -> None:
        asset = self._asset()
        if asset is not None and self.screen.apply(self.screen.service.remove_asset, asset.id):
            self.clear_form()

    def clear_form(self) -> None:
        self.list.clearSelection()
        for field in self.fields.values():
            field.field.clear()
        self.kind.field.setCurrentIndex(0)
        self.fields["name"].field.setFocus()

