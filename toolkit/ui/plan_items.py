"""A priority's actions and indicators: a list, and a form below it to add a new one or to
change the one selected. Dates are typed YYYY-MM-DD (either may be left empty); partners
are separated by semicolons. The plan core checks every value and says what is wrong."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from toolkit.errors import InputError
from toolkit.i18n import N_, _, language
from toolkit.ui.errors import show_error
from toolkit.ui.plan_widgets import Field, ItemList, hint, longest, set_line

PARTNER_SEPARATOR = ";"


def _buttons(box, grid: QGridLayout, row: int) -> dict[str, QPushButton]:
    buttons = {}
    for index, key in enumerate(("add", "save", "remove", "clear")):
        button = QPushButton()
        buttons[key] = button
        grid.addWidget(button, row + index // 2, index % 2)
    buttons["add"].clicked.connect(box.add)
    buttons["save"].clicked.connect(box.save)
    buttons["remove"].clicked.connect(box.remove)
    buttons["clear"].clicked.connect(box.clear_form)
    return buttons


class ActionsBox(QGroupBox):
    FIELDS = ("what", "lead", "partners", "start", "end", "resources")

    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel
        self.priority = None
        self.list = ItemList(rows=4)
        self.list.itemSelectionChanged.connect(self._selected)
        self.fields = {key: Field(QLineEdit()) for key in self.FIELDS}
        for key in self.FIELDS:  # partners: each one a name, together a text
            self.fields[key].field.setMaxLength(longest("name" if key == "lead" else "text"))
        self.status = Field(QComboBox())
        grid = QGridLayout()
        for index, key in enumerate(self.FIELDS):
            grid.addWidget(self.fields[key], index, 0, 1, 2)
        grid.addWidget(self.status, len(self.FIELDS), 0, 1, 2)
        self.buttons = _buttons(self, grid, len(self.FIELDS) + 1)
        self.fields["what"].field.textChanged.connect(self._update)
        column = QVBoxLayout(self)
        column.addWidget(self.list)
        column.addLayout(grid)

    def retranslate(self) -> None:
        from toolkit.plan.model import ACTION_STATUSES

        self.setTitle(_("Actions"))
        self.list.setAccessibleName(_("Actions of the priority"))
        for key, label, placeholder in (
                ("what", _("What:"), _("For example: open a drop-in three evenings a week")),
                ("lead", _("Lead:"), _("The person or organisation responsible")),
                ("partners", _("Partners:"), _("Separate partners with ;")),
                ("start", _("Start:"), _("YYYY-MM-DD")),
                ("end", _("End:"), _("YYYY-MM-DD")),
                ("resources", _("Resources:"), _("People, space, money, in kind"))):
            self.fields[key].set_label(label, placeholder)
        self.status.set_label(_("Status:"))
        combo = self.status.field
        combo.clear()
        for key, name in ACTION_STATUSES.items():
            combo.addItem(_(name), key)
        for key, text, name in (("add", _("Add action"), _("Add this action")),
                                ("save", _("Save action"), _("Save changes to the selected "
                                                             "action")),
                                ("remove", _("Remove action"), _("Remove the selected action")),
                                ("clear", _("Clear form"), _("Clear the action form"))):
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)

    def show_priority(self, priority, editable: bool) -> None:
        from toolkit.plan.model import ACTION_STATUSES

        self.priority, self.editable = priority, editable
        lines = []
        for n, a in enumerate(priority.actions, 1):
            when = " – ".join(x for x in (a.start or "", a.end or "") if x)
            parts = [a.what, a.lead, _(ACTION_STATUSES[a.status]), when]
            lines.append((f"{n}. " + " · ".join(p for p in parts if p), a.id))
        self.list.fill(lines, _("No action yet."))
        for field in (*self.fields.values(),):
            field.field.setReadOnly(not editable)
        self.status.field.setEnabled(editable)
        self._update()

    def _action(self):
        current = self.list.current_id()
        return next((a for a in self.priority.actions if a.id == current), None) \
            if self.priority else None

    def _selected(self) -> None:
        action = self._action()
        if action is None:
            self._update()
            return
        values = {"what": action.what, "lead": action.lead,
                  "partners": f"{PARTNER_SEPARATOR} ".join(action.partners),
                  "start": action.start or "", "end": action.end or "",
                  "resources": action.resources}
        for key, value in values.items():
            set_line(self.fields[key].field, value)
        self.status.field.setCurrentIndex(max(0, self.status.field.findData(action.status)))
        self._update()

    def _update(self, *_args) -> None:
        editable = getattr(self, "editable", False)
        typed = bool(self.fields["what"].field.text().strip())
        self.buttons["add"].setEnabled(editable and typed)
        self.buttons["save"].setEnabled(editable and typed and self._action() is not None)
        self.buttons["remove"].setEnabled(editable and self._action() is not None)

    def values(self) -> dict | None:
        """The form's values, or None (after saying why) if a partner's name is too long."""
        text = {key: self.fields[key].field.text() for key in self.FIELDS}
        partners = [p.strip() for p in text.pop("partners").split(PARTNER_SEPARATOR)]
        if any(len(p) > longest("name") for p in partners):
            show_error(self, InputError(N_("A partner's name can have at most {n} characters: "
                                           "separate partners with ;"), n=longest("name")))
            return None
        return dict(text, partners=[p for p in partners if p],
                    status=self.status.field.currentData())

    def add(self) -> None:
        screen, values = self.panel.screen, self.values()
        result = values is not None and screen.apply(screen.service.add_action,
                                                     self.priority.id, **values)
        if result:
            self.list.select_id(result.id)

    def save(self) -> None:
        action, values = self._action(), self.values()
        if action is not None and values is not None:
            screen = self.panel.screen
            screen.apply(screen.service.set_action, self.priority.id, action.id, **values)
            self.list.select_id(action.id)

    def remove(self) -> None:
        action = self._action()
        if action is not None:
            screen = self.panel.screen
            if screen.apply(screen.service.remove_action, self.priority.id, action.id):
                self.clear_form()

    def clear_form(self) -> None:
        self.list.clearSelection()
        for field in self.fields.values():
            field.field.clear()
        self.status.field.setCurrentIndex(0)
        self.fields["what"].field.setFocus()


class IndicatorsBox(QGroupBox):
    FIELDS = ("definition", "baseline", "target", "data_source")

    def __init__(self, panel) -> None:
        super().__init__()
        self.panel = panel
        self.priority = None
        self.values_by_id: dict[str, list] = {}
        self.choices: list = []  # (Figure, Question) the community's rounds offer
        self.list = ItemList(rows=4)
        self.list.itemSelectionChanged.connect(self._selected)
        self.fields = {key: Field(QLineEdit()) for key in self.FIELDS}
        for key in self.FIELDS:
            self.fields[key].field.setMaxLength(
                longest("name" if key in ("baseline", "target") else "text"))
        self.figure = Field(QComboBox())
        self.figure_hint = hint()
        self.rounds = hint()
        grid = QGridLayout()
        for index, key in enumerate(self.FIELDS):
            grid.addWidget(self.fields[key], index, 0, 1, 2)
        grid.addWidget(self.figure, len(self.FIELDS), 0, 1, 2)
        grid.addWidget(self.figure_hint, len(self.FIELDS) + 1, 0, 1, 2)
        grid.addWidget(self.rounds, len(self.FIELDS) + 2, 0, 1, 2)
        self.buttons = _buttons(self, grid, len(self.FIELDS) + 3)
        self.fields["definition"].field.textChanged.connect(self._update)
        column = QVBoxLayout(self)
        column.addWidget(self.list)
        column.addLayout(grid)

    def retranslate(self) -> None:
        self.setTitle(_("Indicators"))
        self.list.setAccessibleName(_("Indicators of the priority"))
        for key, label, placeholder in (
                ("definition", _("Definition:"), _("What is counted, among whom, when")),
                ("baseline", _("Baseline:"), _("The value at the start, with its date")),
                ("target", _("Target:"), _("The value aimed for, and by when")),
                ("data_source", _("Data source:"), _("Where the figure comes from, who "
                                                      "collects it, how often"))):
            self.fields[key].set_label(label, placeholder)
        self.figure.set_label(_("Questionnaire figure:"))
        self.figure_hint.setText(_("An indicator that follows a questionnaire figure is filled "
                                   "in from each diagnosis round, with the same privacy rules "
                                   "as the reports."))
        for key, text, name in (("add", _("Add indicator"), _("Add this indicator")),
                                ("save", _("Save indicator"), _("Save changes to the selected "
                                                                "indicator")),
                                ("remove", _("Remove indicator"),
                                 _("Remove the selected indicator")),
                                ("clear", _("Clear form"), _("Clear the indicator form"))):
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)

    def show_priority(self, priority, editable: bool) -> None:
        from toolkit.plan import seeding

        screen = self.panel.screen
        self.priority, self.editable = priority, editable
        try:
            store, plan, threshold = screen.kit.store, screen.plan, screen.threshold
            followed = tuple((i.id, i.figure.instrument_id, i.figure.question_id, i.figure.key)
                             for p in plan.priorities for i in p.indicators if i.figure)
            self.values_by_id = screen.cached(
                ("values", screen.community_id, threshold, followed),
                lambda: seeding.indicator_values(store, plan, threshold))
            self.choices = screen.cached(
                ("figures", screen.community_id),
                lambda: seeding.figure_choices(store, screen.community_id))
        except Exception as exc:  # noqa: BLE001 - shown; the figures stay empty
            self.values_by_id, self.choices = {}, []
            show_error(self, exc)
        self._fill_figures()
        lines = []
        for n, i in enumerate(priority.indicators, 1):
            parts = [i.definition]
            if i.baseline or i.target:
                parts.append(f"{i.baseline or '?'} → {i.target or '?'}")
            latest = self._latest(i.id)
            if latest:
                parts.append(_("latest: {value}").format(value=latest))
            lines.append((f"{n}. " + " · ".join(parts), i.id))
        self.list.fill(lines, _("No indicator yet."))
        for field in self.fields.values():
            field.field.setReadOnly(not editable)
        self.figure.field.setEnabled(editable)
        self._selected()

    def _latest(self, indicator_id: str) -> str:
        from toolkit.plan import seeding
        from toolkit.plan.words import value_text

        values = self.values_by_id.get(indicator_id) or []
        last = seeding.latest(values)
        return f"{value_text(last, language())} ({last.round_name})" if last else ""

    def _fill_figures(self) -> None:
        from toolkit.plan.words import figure_text

        combo = self.figure.field
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("None (a figure you collect yourself)"), None)
        lang = language()
        for figure, question in self.choices:
            combo.addItem(figure_text(figure, question, lang), figure)
        index = next((i for i in range(combo.count()) if combo.itemData(i) == keep), 0)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def _indicator(self):
        current = self.list.current_id()
        return next((i for i in self.priority.indicators if i.id == current), None) \
            if self.priority else None

    def _selected(self) -> None:
        from toolkit.plan.words import value_text

        indicator = self._indicator()
        if indicator is not None:
            for key in self.FIELDS:
                set_line(self.fields[key].field, getattr(indicator, key))
            combo = self.figure.field
            combo.setCurrentIndex(next((i for i in range(combo.count())
                                        if combo.itemData(i) == indicator.figure), 0))
            values = self.values_by_id.get(indicator.id)
            if indicator.figure is None:
                self.rounds.setText("")
            elif values:
                self.rounds.setText(_("By round: {values}").format(values="; ".join(
                    f"{v.round_name}: {value_text(v, language())}" for v in values)))
            else:
                self.rounds.setText(_("No round has this figure yet."))
        else:
            self.rounds.setText("")
        self.rounds.setVisible(bool(self.rounds.text()))
        self._update()

    def _update(self, *_args) -> None:
        editable = getattr(self, "editable", False)
        typed = bool(self.fields["definition"].field.text().strip())
        chosen = self._indicator() is not None
        self.buttons["add"].setEnabled(editable and typed)
        self.buttons["save"].setEnabled(editable and typed and chosen)
        self.buttons["remove"].setEnabled(editable and chosen)

    def values(self) -> dict:
        return dict({key: self.fields[key].field.text() for key in self.FIELDS},
                    figure=self.figure.field.currentData())

    def add(self) -> None:
        screen = self.panel.screen
        result = screen.apply(screen.service.add_indicator, self.priority.id, **self.values())
        if result:
            self.list.select_id(result.id)

    def save(self) -> None:
        indicator = self._indicator()
        if indicator is not None:
            screen = self.panel.screen
            screen.apply(screen.service.set_indicator, self.priority.id, indicator.id,
                         **self.values())
            self.list.select_id(indicator.id)

    def remove(self) -> None:
        indicator = self._indicator()
        if indicator is not None:
            screen = self.panel.screen
            if screen.apply(screen.service.remove_indicator, self.priority.id, indicator.id):
                self.clear_form()

    def clear_form(self) -> None:
        self.list.clearSelection()
        for field in self.fields.values():
            field.field.clear()
        self.figure.field.setCurrentIndex(0)
        self.rounds.setText("")
        self.rounds.setVisible(False)
        self.fields["definition"].field.setFocus()
