"""The Plan area's first panel: candidate priorities from a diagnosis round, with their
figures as the plan core gives them, and the committee's own list of priorities (add,
rename, merge, order, remove).

Candidates are read through toolkit.plan.seeding only, at the threshold in Settings: a
question whose figures are hidden offers no candidate, and is listed as hidden so the
committee knows something was left out and why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from toolkit.i18n import _, language
from toolkit.plan.words import measure_text
from toolkit.ui.errors import show_error
from toolkit.ui.plan_widgets import ITEM_ROLE, Field, ItemList, Panel, hint, longest, set_line


class PrioritiesPanel(Panel):
    def __init__(self, screen) -> None:
        super().__init__()
        self.screen = screen
        self.seeds = None
        self._round_id: str | None = None

        self.seeds_box = QGroupBox()
        seeds = QVBoxLayout(self.seeds_box)
        self.seeds_hint = hint()
        self.round = Field(QComboBox())
        self.round.field.currentIndexChanged.connect(self._round_chosen)
        self.candidates = ItemList(multi=True, rows=7)
        self.candidates.setSpacing(3)  # two lines per candidate: keep candidates apart
        self.candidates.itemSelectionChanged.connect(self._update)
        self.candidates.itemActivated.connect(lambda _item: self.add_candidates())
        self.add_candidates_button = QPushButton()
        self.add_candidates_button.clicked.connect(self.add_candidates)
        self.seeds_note = hint()
        seeds.addWidget(self.seeds_hint)
        seeds.addWidget(self.round)
        seeds.addWidget(self.candidates, 1)
        seeds.addWidget(self.seeds_note)
        seeds.addWidget(self.add_candidates_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.chosen_box = QGroupBox()
        chosen = QVBoxLayout(self.chosen_box)
        self.chosen_hint = hint()
        self.list = ItemList(multi=True, rows=6)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        self.list.itemActivated.connect(lambda _item: self.edit_details())
        self.name = Field(QLineEdit())
        self.name.field.setMaxLength(longest("name"))
        self.name.field.returnPressed.connect(self._enter_in_name)
        self.name.field.textChanged.connect(self._update)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for index, (key, slot) in enumerate((
                ("add", self.add_priority), ("rename", self.rename),
                ("merge", self.merge), ("details", self.edit_details),
                ("up", lambda: self.move(-1)), ("down", lambda: self.move(1)),
                ("remove", self.remove))):
            button = QPushButton()
            button.clicked.connect(slot)
            self.buttons[key] = button
            grid.addWidget(button, index // 2, index % 2)  # two columns: fits at 200 %
        chosen.addWidget(self.chosen_hint)
        chosen.addWidget(self.list, 1)
        chosen.addWidget(self.name)
        chosen.addLayout(grid)

        column = QVBoxLayout(self)
        column.addWidget(self.seeds_box)
        column.addWidget(self.chosen_box)

    def retranslate(self) -> None:
        self.seeds_box.setTitle(_("Candidates from the diagnosis"))
        self.seeds_hint.setText(_("The key findings, the ranking of priorities and the group "
                                  "votes of one round, with their figures. Results from fewer "
                                  "people than the threshold are withheld and offer nothing."))
        self.round.set_label(_("Diagnosis &round:"))
        self.candidates.setAccessibleName(_("Candidate priorities"))
        self.add_candidates_button.setText(_("Add a&s priorities"))
        self.add_candidates_button.setAccessibleName(
            _("Add the selected candidates as priorities"))
        self.chosen_box.setTitle(_("Our priorities, in order"))
        self.chosen_hint.setText(_("Select several priorities to merge them. The first one "
                                   "selected keeps its place; type a title to give the merged "
                                   "priority a new one."))
        self.list.setAccessibleName(_("Priorities of the plan"))
        self.name.set_label(_("Priority t&itle:"))
        for key, text, name in (
                ("add", _("Add &new"), _("Add a new priority with this title")),
                ("rename", _("Rena&me"), _("Rename the selected priority to this title")),
                ("merge", _("Mer&ge selected"), _("Merge the selected priorities")),
                ("details", _("&Edit details"), _("Edit the details of the selected "
                                                  "priority")),
                ("up", _("Move &up"), _("Move the selected priority up")),
                ("down", _("Move do&wn"), _("Move the selected priority down")),
                ("remove", _("Rem&ove"), _("Remove the selected priority from the plan"))):
            self.buttons[key].setText(text)
            self.buttons[key].setAccessibleName(name)
        self.show_plan()

    def focus_first(self) -> None:
        (self.candidates if self.candidates.count() else self.name.field).setFocus()

    # showing ------------------------------------------------------------------------------
    def show_plan(self) -> None:
        plan = self.screen.plan
        if plan is None:
            return
        self._fill_rounds()
        self._fill_candidates()
        self.list.fill([(f"{n}. {p.title}", p.id) for n, p in enumerate(plan.priorities, 1)],
                       _("No priority yet: add candidates from the diagnosis, or type a "
                         "title and add a new one."))
        self._update()

    def _fill_rounds(self) -> None:

        combo = self.round.field
        rounds = self.screen.kit.rounds.list(self.screen.community_id)
        if self._round_id not in [r.id for r in rounds]:
            self._round_id = rounds[-1].id if rounds else None  # the latest diagnosis
        combo.blockSignals(True)
        combo.clear()
        for r in rounds:
            combo.addItem(r.name, r.id)
        if not rounds:
            combo.addItem(_("No round yet (Sessions, Round…)"), None)
        combo.setCurrentIndex(max(0, combo.findData(self._round_id)))
        combo.blockSignals(False)

    def _round_chosen(self, _index: int) -> None:
        self._round_id = self.round.field.currentData()
        self._fill_candidates()
        self._update()

    def _fill_candidates(self) -> None:
        from toolkit.plan import seeding

        self.seeds = None
        lines: list[tuple[str, object]] = []
        if self._round_id is not None:
            try:
                store, round_id, threshold = (self.screen.kit.store, self._round_id,
                                              self.screen.threshold)
                self.seeds = self.screen.cached(
                    ("seeds", round_id, threshold),
                    lambda: seeding.candidates(store, round_id, threshold))
            except Exception as exc:  # noqa: BLE001 - shown; the list stays empty
                show_error(self, exc)
        used = self._used_sources()
        lang = language()
        kinds = {"finding": _("Key finding"), "ranking": _("Ranking of priorities"),
                 "votes": _("Group votes")}
        if self.seeds is not None:
            for candidate in self.seeds.candidates:
                figures = "; ".join(measure_text(m, lang) for m in candidate.measures)
                line = (f"{candidate.title_in(lang)}\n{kinds.get(candidate.source.kind, '')}: "
                        f"{figures}")
                if candidate.source in used:
                    line += " — " + _("already in the plan")
                lines.append((line, candidate.key))
        self.candidates.fill(lines, _("This round offers no candidate."))
        hidden = self._hidden_questions()
        self.seeds_note.setText(
            _("Withheld (fewer people than the privacy threshold): {questions}").format(
                questions="; ".join(hidden)) if hidden else "")
        self.seeds_note.setVisible(bool(hidden))

    def _hidden_questions(self) -> list[str]:
        """The questions whose figures were hidden, by their wording."""
        if self.seeds is None or not self.seeds.withheld:
            return []

        sessions = self.screen.kit.sessions
        texts: dict[str, str] = {}
        for sid in self.screen.kit.rounds.session_ids(self.seeds.round.id):
            instrument = sessions.instrument(sessions.get(sid))
            for qid in self.seeds.withheld:
                if qid not in texts and instrument.has_question(qid):
                    texts[qid] = instrument.question(qid).text(language())
        return [texts.get(qid, qid) for qid in dict.fromkeys(self.seeds.withheld)]

    def _used_sources(self) -> list:
        plan = self.screen.plan
        return [s for p in plan.priorities for s in p.sources] if plan else []

    def _selection_changed(self) -> None:
        ids = self.list.selected_ids()
        plan = self.screen.plan
        if len(ids) == 1 and plan is not None:
            self.screen.follow(ids[0])  # the details and the logic model show it next
            chosen = next((p for p in plan.priorities if p.id == ids[0]), None)
            if chosen is not None and not self.name.field.hasFocus():
                set_line(self.name.field, chosen.title)
        self._update()

    def _update(self, *_args) -> None:
        editable = self.screen.editable
        ids = self.list.selected_ids()
        typed = bool(self.name.field.text().strip())
        count = len(self.screen.plan.priorities) if self.screen.plan else 0
        rows = [self.list.row(self.list.item(r)) for r in range(self.list.count())
                if self.list.item(r).isSelected()]
        self.add_candidates_button.setEnabled(editable and bool(self.candidates.selected_ids()))
        self.buttons["add"].setEnabled(editable and typed)
        self.buttons["rename"].setEnabled(editable and typed and len(ids) == 1)
        self.buttons["merge"].setEnabled(editable and len(ids) >= 2)
        self.buttons["details"].setEnabled(len(ids) == 1)
        self.buttons["up"].setEnabled(editable and len(ids) == 1 and rows[0] > 0)
        self.buttons["down"].setEnabled(editable and len(ids) == 1 and rows[0] < count - 1)
        self.buttons["remove"].setEnabled(editable and bool(ids))
        self.name.field.setReadOnly(not editable)

    # changing -----------------------------------------------------------------------------
    def add_candidates(self) -> None:
        if self.seeds is None or not self.screen.editable:
            return
        keys = self.candidates.selected_ids()
        lang = language()
        added = []
        for candidate in self.seeds.candidates:
            if candidate.key in keys:
                result = self.screen.apply(self.screen.service.add_priority,
                                           candidate.title_in(lang), sources=[candidate.source])
                if result is None:
                    break
                added.append(result.id)
        if added:
            self.list.fill(self._lines(), keep=added)
            self.list.setFocus()

    def _lines(self) -> list[tuple[str, object]]:
        plan = self.screen.plan
        return [(f"{n}. {p.title}", p.id) for n, p in enumerate(plan.priorities, 1)]

    def _enter_in_name(self) -> None:
        if len(self.list.selected_ids()) == 1 and self.buttons["rename"].isEnabled():
            self.rename()
        elif self.buttons["add"].isEnabled():
            self.add_priority()

    def add_priority(self) -> None:
        result = self.screen.apply(self.screen.service.add_priority, self.name.field.text())
        if result:
            self.name.field.clear()
            self.list.fill(self._lines(), keep=[result.id])

    def rename(self) -> None:
        ids = self.list.selected_ids()
        if len(ids) == 1:
            self.screen.apply(self.screen.service.rename_priority, ids[0],
                              self.name.field.text())
            self.list.fill(self._lines(), keep=ids)

    def merge(self) -> None:
        ids = self._selected_in_order()
        if len(ids) < 2:
            return
        title = self.name.field.text().strip() or None
        if title in [p.title for p in self.screen.plan.priorities]:
            title = None  # the field still shows one of the merged titles
        result = self.screen.apply(self.screen.service.merge_priorities, ids, title=title)
        if result:
            self.list.fill(self._lines(), keep=[result.id])

    def _selected_in_order(self) -> list[str]:
        """The selected priorities, the current (first clicked) one first."""
        ids = self.list.selected_ids()
        current = self.list.currentItem()
        first = current.data(ITEM_ROLE) if current is not None else None
        if first in ids:
            ids.remove(first)
            ids.insert(0, first)
        return ids

    def move(self, step: int) -> None:
        ids = self.list.selected_ids()
        if len(ids) != 1:
            return
        plan = self.screen.plan
        position = [p.id for p in plan.priorities].index(ids[0]) + 1 + step
        self.screen.apply(self.screen.service.move_priority, ids[0], position)
        self.list.fill(self._lines(), keep=ids)
        self.list.setFocus()

    def remove(self) -> None:
        for priority_id in self.list.selected_ids():
            if self.screen.apply(self.screen.service.remove_priority, priority_id) is None:
                break
        self.name.field.clear()

    def edit_details(self) -> None:
        ids = self.list.selected_ids()
        if len(ids) == 1:
            self.screen.go_to_details(ids[0])

