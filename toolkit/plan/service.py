"""PlanService: a community's plan, saved as a new version at every change.

Every operation reads the current version, changes a copy, checks the whole document
(model.check) and appends it as the next version in one transaction: nothing is ever
overwritten, so `history()` lists every state the plan went through and `version(n)` shows
any of them. `expected` (the version the caller last read) makes a change from a stale
screen fail instead of undoing someone else's (StalePlanError). A plan that came in a package
from another installation (a hub's copy) is read-only here.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from toolkit.errors import ToolkitError
from toolkit.i18n import N_
from toolkit.plan import model
from toolkit.plan.model import (
    ACTION_STATUSES,
    AREAS,
    ASSET_KINDS,
    HORIZONS,
    Action,
    Asset,
    Figure,
    Indicator,
    Plan,
    PlanInputError,
    Priority,
    Source,
)
from toolkit.safetext import clean_line
from toolkit.sessions import CommunityNotFoundError
from toolkit.store import Store
from toolkit.store.migrations import utc_now

T = TypeVar("T")
UNSET: Any = object()  # "leave as it is" for optional fields that may also be cleared


class PlanNotFoundError(ToolkitError):
    message = N_("{community} has no plan yet. Start one with 'toolkit plan new'.")


class PlanExistsError(ToolkitError):
    message = N_("{community} already has a plan.")


class VersionNotFoundError(ToolkitError):
    message = N_("The plan of {community} has no version {version}. See 'toolkit plan "
                 "history'.")


class StalePlanError(ToolkitError):
    message = N_("The plan was changed elsewhere since you opened it (it is now at version "
                 "{version}). Nothing was saved: open it again.")


class ReadOnlyPlanError(ToolkitError):
    message = N_("This plan of {community} came from another computer in a package: it can "
                 "be read here, not changed.")


class ItemNotFoundError(ToolkitError):
    message = N_("There is no {item} {ref} in the plan. See 'toolkit plan show'.")


ITEM_NAMES = {"priority": N_("priority"), "action": N_("action"), "asset": N_("asset"),
              "indicator": N_("indicator"), "outcome": N_("outcome"), "output": N_("output")}

# What each change is called in the history (stored as {"op": ..., "what": ...}).
OPERATIONS = {
    "create": N_("Plan started"),
    "save": N_("Plan saved"),
    "received": N_("Received in a package"),
    "add-priority": N_("Priority added: {what}"),
    "edit-priority": N_("Priority changed: {what}"),
    "merge-priorities": N_("Priorities merged into: {what}"),
    "move-priority": N_("Priorities reordered"),
    "remove-priority": N_("Priority removed: {what}"),
    "add-asset": N_("Asset added to the register: {what}"),
    "edit-asset": N_("Asset changed: {what}"),
    "remove-asset": N_("Asset removed from the register: {what}"),
    "link-asset": N_("Asset linked to a priority: {what}"),
    "unlink-asset": N_("Asset unlinked from a priority: {what}"),
    "add-action": N_("Action added: {what}"),
    "edit-action": N_("Action changed: {what}"),
    "remove-action": N_("Action removed: {what}"),
    "add-outcome": N_("Outcome added: {what}"),
    "remove-outcome": N_("Outcome removed: {what}"),
    "add-output": N_("Output added: {what}"),
    "remove-output": N_("Output removed: {what}"),
    "add-indicator": N_("Indicator added: {what}"),
    "edit-indicator": N_("Indicator changed: {what}"),
    "remove-indicator": N_("Indicator removed: {what}"),
    "edit-plan": N_("Plan title changed: {what}"),
}


def describe_note(note: str, translate: Callable[[str], str] | None = None) -> str:
    """A history line's words, in the interface language (or through `translate`)."""
    from toolkit.i18n import _

    tr = translate or _
    try:
        data = json.loads(note)
        message = OPERATIONS[data["op"]]
    except (ValueError, KeyError, TypeError):
        return note
    return tr(message).format(what=data.get("what", ""))


@dataclass(frozen=True)
class VersionInfo:
    version: int
    saved_at: str
    note: str  # JSON {"op", "what"}: describe_note() gives its words
    source: str | None  # the installation that sent it; None when saved here

    def to_json(self) -> dict:
        return {"version": self.version, "saved_at": self.saved_at,
                "change": describe_note(self.note), "source": self.source}


@dataclass(frozen=True)
class PlanVersion:
    community_id: str
    community: str
    version: int
    saved_at: str
    note: str
    source: str | None
    plan: Plan
    figures: dict | None = None  # received with the version: indicator id -> round values

    @property
    def read_only(self) -> bool:
        return self.source is not None


def _text(value: str, field: str = N_("The text")) -> str:
    return clean_line(value, field)


def _required(value: str, field: str) -> str:
    text = _text(value, field)
    if not text:
        raise PlanInputError(N_("{field} cannot be empty."), field=_tr(field))
    return text


def _tr(message: str) -> str:
    from toolkit.i18n import _

    return _(message)


def _choice(value: str | None, allowed: dict[str, str], field: str) -> Any:
    """`value` if it is one of `allowed` (typed Any: it is then the model's Literal)."""
    if value not in allowed:
        raise PlanInputError(N_("{field} must be one of: {choices}."), field=_tr(field),
                             choices=", ".join(allowed))
    return value


def _day(value: str | None, field: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise PlanInputError(N_("{field} must be a date written YYYY-MM-DD, for example "
                                "2027-03-31."), field=_tr(field)) from None


def _find(items: Sequence[T], ref: str | int, item: str, names: Callable[[T], str]) -> T:
    """An item by its number (1, 2...), its id (or 4+ first characters) or exact name."""
    text = str(ref).strip()
    if text.isdigit() and len(text) <= 4:
        index = int(text)
        if 1 <= index <= len(items):
            return items[index - 1]
    matches = [x for x in items if getattr(x, "id", None) == text]
    if not matches:
        matches = [x for x in items if names(x).casefold() == text.casefold()]
    if not matches and len(text) >= 4:
        matches = [x for x in items if str(getattr(x, "id", "")).startswith(text)]
    if len(matches) != 1:
        raise ItemNotFoundError(item=_tr(ITEM_NAMES[item]), ref=text)
    return matches[0]


class PlanService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # communities and versions -------------------------------------------------------------
    def community(self, ref: str) -> tuple[str, str]:
        """(id, name) of a community by id or name (as typed locally, any case)."""
        text = clean_line(ref, N_("The community name"))
        row = self.conn.execute("SELECT id, name FROM communities WHERE id = ?",
                                (text,)).fetchone()
        if row:
            return row[0], row[1]
        for cid, name in self.conn.execute("SELECT id, name FROM communities"):
            if name.casefold() == text.casefold():
                return cid, name
        raise CommunityNotFoundError(name=text)

    def _row(self, community_id: str, version: int | None = None):
        sql = ("SELECT v.community_id, c.name, v.version, v.saved_at, v.note, "
               "v.source_installation, v.document, v.figures FROM plan_versions v "
               "JOIN communities c ON c.id = v.community_id WHERE v.community_id = ? ")
        if version is None:
            return self.conn.execute(sql + "ORDER BY v.version DESC LIMIT 1",
                                     (community_id,)).fetchone()
        return self.conn.execute(sql + "AND v.version = ?", (community_id, version)).fetchone()

    @staticmethod
    def _version(row) -> PlanVersion:
        cid, name, number, saved_at, note, source, document, figures = row
        return PlanVersion(cid, name, number, saved_at, note, source, model.decode(document),
                           json.loads(figures) if figures else None)

    def current(self, community: str) -> PlanVersion | None:
        """The community's plan (its latest version), or None if it has none."""
        cid, _name = self.community(community)
        row = self._row(cid)
        return self._version(row) if row else None

    def get(self, community: str) -> PlanVersion:
        found = self.current(community)
        if found is None:
            raise PlanNotFoundError(community=self.community(community)[1])
        return found

    def version(self, community: str, number: int) -> PlanVersion:
        cid, name = self.community(community)
        row = self._row(cid, int(number))
        if row is None:
            raise VersionNotFoundError(community=name, version=number)
        return self._version(row)

    def history(self, community: str) -> list[VersionInfo]:
        """Every saved version, oldest first."""
        cid, _name = self.community(community)
        return [VersionInfo(*row) for row in self.conn.execute(
            "SELECT version, saved_at, note, source_installation FROM plan_versions "
            "WHERE community_id = ? ORDER BY version", (cid,))]

    def plans(self) -> list[PlanVersion]:
        """The current plan of every community that has one (the hub's list), by name."""
        rows = self.conn.execute(
            "SELECT v.community_id, c.name, v.version, v.saved_at, v.note, "
            "v.source_installation, v.document, v.figures FROM plan_versions v "
            "JOIN communities c ON c.id = v.community_id "
            "WHERE v.version = (SELECT max(version) FROM plan_versions x "
            "WHERE x.community_id = v.community_id) ORDER BY c.name").fetchall()
        return [self._version(row) for row in rows]

    def create(self, community: str, title: str = "") -> PlanVersion:
        cid, name = self.community(community)
        plan = model.empty(cid, _text(title, N_("The plan title")))
        with self.store.transaction():
            if self._row(cid) is not None:
                raise PlanExistsError(community=name)
            self._append(cid, plan, "create", "")
        return self.get(cid)

    def _append(self, cid: str, plan: Plan, op: str, what: str,
                source: str | None = None, number: int | None = None,
                saved_at: str | None = None) -> int:
        model.validate(plan, PlanInputError)
        if number is None:
            number = self.conn.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM plan_versions WHERE community_id = ?",
                (cid,)).fetchone()[0]
        note = json.dumps({"op": op, "what": what}, ensure_ascii=False)
        self.conn.execute(
            "INSERT INTO plan_versions(community_id, version, saved_at, note, "
            "source_installation, document) VALUES (?, ?, ?, ?, ?, ?)",
            (cid, number, saved_at or utc_now(), note, source, model.encode(plan).decode()))
        return number

    def save(self, community: str, plan: Plan, expected: int | None = None,
             op: str = "save", what: str = "") -> PlanVersion:
        """Save a whole edited document as the next version (the GUI's way)."""
        version, _ = self.edit(community, lambda p: None, expected, op, what, replace=plan)
        return version

    def edit(self, community: str, change: Callable[[Plan], T], expected: int | None = None,
             op: str = "save", what: str | Callable[[T], str] = "",
             replace: Plan | None = None) -> tuple[PlanVersion, T]:
        """Apply `change` to a copy of the current plan and save it as the next version, in
        one transaction. Returns the new version and what `change` returned."""
        cid, name = self.community(community)
        with self.store.transaction():
            row = self._row(cid)
            if row is None:
                raise PlanNotFoundError(community=name)
            current = self._version(row)
            if current.read_only:
                raise ReadOnlyPlanError(community=name)
            if expected is not None and int(expected) != current.version:
                raise StalePlanError(version=current.version)
            plan = model.copy(replace if replace is not None else current.plan)
            if plan.community_id != cid:
                raise PlanInputError(reason="community_id")
            result = change(plan)
            label = what(result) if callable(what) else what
            self._append(cid, plan, op, label)
        return self.get(cid), result

    # the plan's title ---------------------------------------------------------------------
    def set_title(self, community: str, title: str, expected: int | None = None) -> PlanVersion:
        text = _text(title, N_("The plan title"))

        def change(plan: Plan) -> None:
            plan.title = text
        return self.edit(community, change, expected, "edit-plan", text)[0]

    # priorities ---------------------------------------------------------------------------
    def priority(self, plan: Plan, ref: str | int) -> Priority:
        return _find(plan.priorities, ref, "priority", lambda p: p.title)

    def add_priority(self, community: str, title: str, area: str | None = None,
                     sources: Iterable[Source] = (), position: int | None = None,
                     expected: int | None = None) -> Priority:
        text = _required(title, N_("The priority's title"))
        checked = None if area is None else _choice(area, AREAS, N_("The framework area"))
        priority = Priority(id="", title=text, area=checked, sources=list(sources))

        def change(plan: Plan) -> Priority:
            used = {p.id for p in plan.priorities}
            priority.id = _fresh(used)
            at = len(plan.priorities) if position is None else max(0, min(
                int(position) - 1, len(plan.priorities)))
            plan.priorities.insert(at, priority)
            return priority
        return self.edit(community, change, expected, "add-priority", text)[1]

    def set_priority(self, community: str, ref: str | int, *, title: str | None = None,
                     area: str | None = UNSET, risk_factors: Sequence[str] | None = None,
                     protective_factors: Sequence[str] | None = None,
                     expected: int | None = None) -> Priority:
        """Change a priority's title, area (None clears it) or factors (whole lists)."""
        new_title = None if title is None else _required(title, N_("The priority's title"))
        if area is not UNSET and area is not None:
            _choice(area, AREAS, N_("The framework area"))
        risks = None if risk_factors is None else _lines(risk_factors)
        protective = None if protective_factors is None else _lines(protective_factors)

        def change(plan: Plan) -> Priority:
            p = self.priority(plan, ref)
            if new_title is not None:
                p.title = new_title
            if area is not UNSET:
                p.area = None if area is None else _choice(area, AREAS, N_("The framework area"))
            if risks is not None:
                p.risk_factors = risks
            if protective is not None:
                p.protective_factors = protective
            return p
        return self.edit(community, change, expected, "edit-priority", lambda p: p.title)[1]

    def rename_priority(self, community: str, ref: str | int, title: str,
                        expected: int | None = None) -> Priority:
        return self.set_priority(community, ref, title=title, expected=expected)

    def add_factor(self, community: str, ref: str | int, kind: str, text: str,
                   expected: int | None = None) -> Priority:
        """Add one risk (`kind` "risk") or protective ("protective") factor."""
        line = _required(text, N_("The factor"))
        if kind not in ("risk", "protective"):
            raise PlanInputError(reason=kind)

        def change(plan: Plan) -> Priority:
            p = self.priority(plan, ref)
            (p.risk_factors if kind == "risk" else p.protective_factors).append(line)
            return p
        return self.edit(community, change, expected, "edit-priority", lambda p: p.title)[1]

    def merge_priorities(self, community: str, refs: Sequence[str | int],
                         title: str | None = None, expected: int | None = None) -> Priority:
        """Merge priorities into the first named: its place and id are kept, the others'
        factors, assets, actions, outcomes, indicators and sources are added to it."""
        new_title = None if title is None else _required(title, N_("The priority's title"))

        def change(plan: Plan) -> Priority:
            chosen: builtins.list[Priority] = []
            for ref in refs:
                p = self.priority(plan, ref)
                if p not in chosen:
                    chosen.append(p)
            if len(chosen) < 2:
                raise PlanInputError(N_("Name at least two different priorities to merge."))
            keep, others = chosen[0], chosen[1:]
            for other in others:
                keep.risk_factors += [f for f in other.risk_factors if f not in keep.risk_factors]
                keep.protective_factors += [f for f in other.protective_factors
                                            if f not in keep.protective_factors]
                keep.assets += [a for a in other.assets if a not in keep.assets]
                used = {x.id for x in keep.actions}
                for action in other.actions:
                    if action.id in used:
                        action.id = _fresh(used)
                    used.add(action.id)
                    keep.actions.append(action)
                used = {x.id for x in keep.indicators}
                for indicator in other.indicators:
                    if indicator.id in used:
                        indicator.id = _fresh(used)
                    used.add(indicator.id)
                    keep.indicators.append(indicator)
                for horizon in HORIZONS:
                    mine = getattr(keep.outcomes, horizon)
                    mine += [o for o in getattr(other.outcomes, horizon) if o not in mine]
                keep.outputs += [o for o in other.outputs if o not in keep.outputs]
                keep.sources += [s for s in other.sources if s not in keep.sources]
                if keep.area is None:
                    keep.area = other.area
                plan.priorities.remove(other)
            if new_title is not None:
                keep.title = new_title
            return keep
        return self.edit(community, change, expected, "merge-priorities", lambda p: p.title)[1]

    def move_priority(self, community: str, ref: str | int, position: int,
                      expected: int | None = None) -> None:
        """Move a priority to `position` (1 is first)."""
        def change(plan: Plan) -> None:
            p = self.priority(plan, ref)
            plan.priorities.remove(p)
            at = max(0, min(int(position) - 1, len(plan.priorities)))
            plan.priorities.insert(at, p)
        self.edit(community, change, expected, "move-priority")

    def reorder_priorities(self, community: str, refs: Sequence[str | int],
                           expected: int | None = None) -> None:
        """Put the priorities in the order given (every priority, once)."""
        def change(plan: Plan) -> None:
            order = [self.priority(plan, ref) for ref in refs]
            if len({p.id for p in order}) != len(plan.priorities) or \
                    len(order) != len(plan.priorities):
                raise PlanInputError(N_("Give every priority once to reorder them."))
            plan.priorities = order
        self.edit(community, change, expected, "move-priority")

    def remove_priority(self, community: str, ref: str | int,
                        expected: int | None = None) -> Priority:
        def change(plan: Plan) -> Priority:
            p = self.priority(plan, ref)
            plan.priorities.remove(p)
            return p
        return self.edit(community, change, expected, "remove-priority", lambda p: p.title)[1]

    # the asset register -------------------------------------------------------------------
    def asset(self, plan: Plan, ref: str | int) -> Asset:
        return _find(plan.assets, ref, "asset", lambda a: a.name)

    def add_asset(self, community: str, name: str, kind: str, sector: str = "",
                  contact: str = "", expected: int | None = None) -> Asset:
        text = _required(name, N_("The asset's name"))
        asset = Asset(id="", name=text, kind=_choice(kind, ASSET_KINDS, N_("The kind of asset")),
                      sector=_text(sector),
                      contact=_text(contact))

        def change(plan: Plan) -> Asset:
            if any(a.name.casefold() == text.casefold() for a in plan.assets):
                raise PlanInputError(N_("The register already has an asset named {name}."),
                                     name=text)
            asset.id = _fresh({a.id for a in plan.assets})
            plan.assets.append(asset)
            return asset
        return self.edit(community, change, expected, "add-asset", text)[1]

    def set_asset(self, community: str, ref: str | int, *, name: str | None = None,
                  kind: str | None = None, sector: str | None = None,
                  contact: str | None = None, expected: int | None = None) -> Asset:
        new_name = None if name is None else _required(name, N_("The asset's name"))
        if kind is not None:
            _choice(kind, ASSET_KINDS, N_("The kind of asset"))

        def change(plan: Plan) -> Asset:
            a = self.asset(plan, ref)
            if new_name is not None:
                if any(o is not a and o.name.casefold() == new_name.casefold()
                       for o in plan.assets):
                    raise PlanInputError(N_("The register already has an asset named {name}."),
                                         name=new_name)
                a.name = new_name
            if kind is not None:
                a.kind = _choice(kind, ASSET_KINDS, N_("The kind of asset"))
            if sector is not None:
                a.sector = _text(sector)
            if contact is not None:
                a.contact = _text(contact)
            return a
        return self.edit(community, change, expected, "edit-asset", lambda a: a.name)[1]

    def remove_asset(self, community: str, ref: str | int,
                     expected: int | None = None) -> Asset:
        """Remove an asset from the register and from every priority that used it."""
        def change(plan: Plan) -> Asset:
            a = self.asset(plan, ref)
            plan.assets.remove(a)
            for p in plan.priorities:
                p.assets = [x for x in p.assets if x != a.id]
            return a
        return self.edit(community, change, expected, "remove-asset", lambda a: a.name)[1]

    def link_asset(self, community: str, priority: str | int, asset: str | int,
                   linked: bool = True, expected: int | None = None) -> Asset:
        """Name an asset of the register as one a priority builds on (or no longer)."""
        def change(plan: Plan) -> Asset:
            p, a = self.priority(plan, priority), self.asset(plan, asset)
            if linked and a.id not in p.assets:
                p.assets.append(a.id)
            if not linked and a.id in p.assets:
                p.assets.remove(a.id)
            return a
        return self.edit(community, change, expected,
                         "link-asset" if linked else "unlink-asset", lambda a: a.name)[1]

    # actions ------------------------------------------------------------------------------
    def add_action(self, community: str, priority: str | int, what: str, lead: str = "",
                   partners: Sequence[str] = (), start: str | None = None,
                   end: str | None = None, resources: str = "", status: str = "planned",
                   expected: int | None = None) -> Action:
        action = Action(id="", what=_required(what, N_("What the action is")),
                        lead=_text(lead), partners=_lines(partners),
                        start=_day(start, N_("The start date")),
                        end=_day(end, N_("The end date")), resources=_text(resources),
                        status=_choice(status, ACTION_STATUSES, N_("The status")))
        _order(action.start, action.end)
        return self._add_item(community, priority, "actions", action, "add-action",
                              action.what, expected)

    def _add_item(self, community: str, priority: str | int, items: str, item: T,
                  what: str, label: str, expected: int | None) -> T:
        """Append `item` (an action or indicator, given a fresh id) to the priority's
        `items` list, as one new version."""
        def change(plan: Plan) -> T:
            listed = getattr(self.priority(plan, priority), items)
            item.id = _fresh({x.id for x in listed})  # type: ignore[attr-defined]
            listed.append(item)
            return item
        return self.edit(community, change, expected, what, label)[1]

    def set_action(self, community: str, priority: str | int, ref: str | int, *,
                   what: str | None = None, lead: str | None = None,
                   partners: Sequence[str] | None = None, start: str | None = UNSET,
                   end: str | None = UNSET, resources: str | None = None,
                   status: str | None = None, expected: int | None = None) -> Action:
        """Change an action; `start`/`end` None or "" clears a date."""
        if status is not None:
            _choice(status, ACTION_STATUSES, N_("The status"))
        new_start = UNSET if start is UNSET else _day(start, N_("The start date"))
        new_end = UNSET if end is UNSET else _day(end, N_("The end date"))
        new_what = None if what is None else _required(what, N_("What the action is"))

        def change(plan: Plan) -> Action:
            a = _find(self.priority(plan, priority).actions, ref, "action", lambda x: x.what)
            if new_what is not None:
                a.what = new_what
            if lead is not None:
                a.lead = _text(lead)
            if partners is not None:
                a.partners = _lines(partners)
            if new_start is not UNSET:
                a.start = new_start
            if new_end is not UNSET:
                a.end = new_end
            if resources is not None:
                a.resources = _text(resources)
            if status is not None:
                a.status = _choice(status, ACTION_STATUSES, N_("The status"))
            _order(a.start, a.end)
            return a
        return self.edit(community, change, expected, "edit-action", lambda a: a.what)[1]

    def remove_action(self, community: str, priority: str | int, ref: str | int,
                      expected: int | None = None) -> Action:
        def change(plan: Plan) -> Action:
            p = self.priority(plan, priority)
            a = _find(p.actions, ref, "action", lambda x: x.what)
            p.actions.remove(a)
            return a
        return self.edit(community, change, expected, "remove-action", lambda a: a.what)[1]

    # outcomes -----------------------------------------------------------------------------
    def add_outcome(self, community: str, priority: str | int, horizon: str, text: str,
                    expected: int | None = None) -> str:
        _choice(horizon, HORIZONS, N_("The term"))
        line = _required(text, N_("The outcome"))

        def change(plan: Plan) -> str:
            getattr(self.priority(plan, priority).outcomes, horizon).append(line)
            return line
        return self.edit(community, change, expected, "add-outcome", line)[1]

    def remove_outcome(self, community: str, priority: str | int, horizon: str,
                       number: int, expected: int | None = None) -> str:
        _choice(horizon, HORIZONS, N_("The term"))

        def change(plan: Plan) -> str:
            items = getattr(self.priority(plan, priority).outcomes, horizon)
            if not 1 <= int(number) <= len(items):
                raise ItemNotFoundError(item=_tr(ITEM_NAMES["outcome"]), ref=str(number))
            return items.pop(int(number) - 1)
        return self.edit(community, change, expected, "remove-outcome", lambda t: t)[1]

    # outputs ------------------------------------------------------------------------------
    def add_output(self, community: str, priority: str | int, text: str,
                   expected: int | None = None) -> str:
        """An output: what the priority's actions produce ("the hall open two evenings a
        week"), between activities and outcomes in the logic model."""
        line = _required(text, N_("The output"))

        def change(plan: Plan) -> str:
            self.priority(plan, priority).outputs.append(line)
            return line
        return self.edit(community, change, expected, "add-output", line)[1]

    def remove_output(self, community: str, priority: str | int, number: int,
                      expected: int | None = None) -> str:
        def change(plan: Plan) -> str:
            items = self.priority(plan, priority).outputs
            if not 1 <= int(number) <= len(items):
                raise ItemNotFoundError(item=_tr(ITEM_NAMES["output"]), ref=str(number))
            return items.pop(int(number) - 1)
        return self.edit(community, change, expected, "remove-output", lambda t: t)[1]

    # indicators ---------------------------------------------------------------------------
    def add_indicator(self, community: str, priority: str | int, definition: str,
                      baseline: str = "", target: str = "", data_source: str = "",
                      figure: Figure | None = None, expected: int | None = None) -> Indicator:
        indicator = Indicator(id="", definition=_required(definition,
                                                          N_("The indicator's definition")),
                              baseline=_text(baseline), target=_text(target),
                              data_source=_text(data_source), figure=figure)
        return self._add_item(community, priority, "indicators", indicator, "add-indicator",
                              indicator.definition, expected)

    def set_indicator(self, community: str, priority: str | int, ref: str | int, *,
                      definition: str | None = None, baseline: str | None = None,
                      target: str | None = None, data_source: str | None = None,
                      figure: Figure | None = UNSET,
                      expected: int | None = None) -> Indicator:
        """Change an indicator; `figure` None unlinks it from the questionnaire."""
        new_definition = None if definition is None else _required(
            definition, N_("The indicator's definition"))

        def change(plan: Plan) -> Indicator:
            i = _find(self.priority(plan, priority).indicators, ref, "indicator",
                      lambda x: x.definition)
            if new_definition is not None:
                i.definition = new_definition
            if baseline is not None:
                i.baseline = _text(baseline)
            if target is not None:
                i.target = _text(target)
            if data_source is not None:
                i.data_source = _text(data_source)
            if figure is not UNSET:
                i.figure = figure
            return i
        return self.edit(community, change, expected, "edit-indicator",
                         lambda i: i.definition)[1]

    def remove_indicator(self, community: str, priority: str | int, ref: str | int,
                         expected: int | None = None) -> Indicator:
        def change(plan: Plan) -> Indicator:
            p = self.priority(plan, priority)
            i = _find(p.indicators, ref, "indicator", lambda x: x.definition)
            p.indicators.remove(i)
            return i
        return self.edit(community, change, expected, "remove-indicator",
                         lambda i: i.definition)[1]


class PlanOwnerError(ToolkitError):
    """A received plan for a community whose plan here was made here or came from another
    installation: refused (the importer refuses the whole package)."""

    message = N_("the plan of {community} here belongs to {owner}")


def receive_version(conn, community_id: str, number: int, saved_at: str, plan: Plan,
                    source: str, figures: dict | None) -> str:
    """Store a plan version that came in a package from installation `source`, inside the
    importer's transaction. Returns "added" or "unchanged". A version already here is never
    replaced; a plan made here, or received from another installation, is never added to
    (PlanOwnerError)."""
    row = conn.execute("SELECT source_installation FROM plan_versions WHERE community_id = ? "
                       "ORDER BY version DESC LIMIT 1", (community_id,)).fetchone()
    if row is not None and row[0] != source:
        name = conn.execute("SELECT name FROM communities WHERE id = ?",
                            (community_id,)).fetchone()[0]
        raise PlanOwnerError(community=name, owner=row[0] or "")
    if plan.community_id != community_id:  # an alias here: stored under the local id
        plan = model.copy(plan)
        plan.community_id = community_id
    model.validate(plan, model.PlanFormatError)
    document = model.encode(plan).decode()
    here = conn.execute("SELECT document FROM plan_versions WHERE community_id = ? AND "
                        "version = ?", (community_id, number)).fetchone()
    if here is not None:
        return "unchanged"  # the same number is the same version: never replaced
    conn.execute(
        "INSERT INTO plan_versions(community_id, version, saved_at, note, "
        "source_installation, document, figures) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (community_id, number, saved_at, json.dumps({"op": "received", "what": ""}), source,
         document, json.dumps(figures, ensure_ascii=False) if figures is not None else None))
    return "added"


def shareable(plan: Plan) -> Plan:
    """The plan as it may leave this computer: the register's contact notes stay here."""
    out = model.copy(plan)
    for asset in out.assets:
        asset.contact = ""
    return out


def _fresh(used: set[str]) -> str:
    while True:
        candidate = model.new_id()
        if candidate not in used:
            return candidate


def _lines(values: Iterable[str]) -> list[str]:
    return [t for t in (_text(v) for v in values) if t]


def _order(start: str | None, end: str | None) -> None:
    if start and end and end < start:
        raise PlanInputError(N_("The action ends before it starts."))
