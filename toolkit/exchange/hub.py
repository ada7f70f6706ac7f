"""The hub's overview: every session imported from communities, with filters.

Sessions received with respondents (`responses`, `full`) live in the ordinary tables with a
row in session_origins; `summary` ones live in summary_sessions. When a session arrived at
both kinds of level, the one with respondents is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.store import Store


@dataclass(frozen=True)
class HubRow:
    session_id: str
    community_id: str
    community: str
    session_date: str
    title: str
    place: str
    mode: str
    respondents: int
    level: str
    installation_id: str
    imported_at: str
    status: str  # open or closed at the source; "" for summaries (not sent at that level)


_SQL = """
SELECT * FROM (
  SELECT s.id, s.community_id, c.name, s.session_date, s.title, s.place, s.mode,
         (SELECT count(*) FROM respondents r WHERE r.session_id = s.id) AS n,
         o.sharing_level, o.installation_id, o.last_imported_at, s.status
    FROM session_origins o JOIN sessions s ON s.id = o.session_id
                           JOIN communities c ON c.id = s.community_id
   WHERE s.deleted_at IS NULL
  UNION ALL
  SELECT m.id, m.community_id, c.name, m.session_date, m.title, m.place, m.mode,
         m.respondents, 'summary', m.installation_id, m.imported_at, ''
    FROM summary_sessions m JOIN communities c ON c.id = m.community_id
   WHERE m.id NOT IN (SELECT session_id FROM session_origins)
)
"""


def overview(store: Store, community_id: str | None = None, level: str | None = None,
             date_from: str | None = None, date_to: str | None = None) -> list[HubRow]:
    """Imported sessions, newest session first; filters by community, level and session date
    (inclusive, YYYY-MM-DD)."""
    where, args = [], []
    for clause, value in (("community_id = ?", community_id), ("sharing_level = ?", level),
                          ("session_date >= ?", date_from), ("session_date <= ?", date_to)):
        if value:
            where.append(clause)
            args.append(value)
    sql = _SQL + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY session_date DESC, name, id"
    return [HubRow(*row) for row in store.conn.execute(sql, args)]


def communities_imported(store: Store) -> list[tuple[str, str]]:
    """(id, name) of the communities that have imported sessions, by name."""
    return sorted({(r.community_id, r.community) for r in overview(store)},
                  key=lambda x: x[1].casefold())


def cross_community_report(store: Store, rows: list[HubRow], target: Path | str, options,
                           minimum: int = 1, progress=None):
    """Print the cross-community summary of `rows` (the hub rows shown) to `target`, with
    suppression per community and overall; `options` is a reports ReportOptions whose
    threshold may not be below `minimum` (the one in Settings). Returns the ReportResult."""
    from toolkit.reports.hub_report import render_hub_report  # reportlab only when printing

    return render_hub_report(report_data(store, rows, options, minimum), target, options,
                             progress)


def report_data(store: Store, rows: list[HubRow], options, minimum: int = 1):
    """What the cross-community report shows of `rows`: the figures (reports.hub_report)
    and the communities' plans. Read here, laid out anywhere (a worker thread may)."""
    from toolkit.reports.hub_report import load_hub_parts

    data = load_hub_parts(store, rows, options, minimum)
    data.plans = plan_briefs(store)
    return data


@dataclass(frozen=True)
class HubPlan:
    """One community's current plan, as the hub holds it."""

    community_id: str
    community: str
    version: int
    saved_at: str
    source: str | None  # the installation that sent it; None: made on this computer
    priorities: list[str]  # titles, in the committee's order
    actions: int
    actions_done: int
    indicators: int


def plans(store: Store) -> list[HubPlan]:
    """Every community's current plan (received in packages, or made here), by name."""
    from toolkit.plan.service import PlanService

    out = []
    for v in PlanService(store).plans():
        actions = [a for p in v.plan.priorities for a in p.actions]
        out.append(HubPlan(v.community_id, v.community, v.version, v.saved_at, v.source,
                           [p.title for p in v.plan.priorities], len(actions),
                           sum(1 for a in actions if a.status == "done"),
                           sum(len(p.indicators) for p in v.plan.priorities)))
    return out


def plan_briefs(store: Store):
    """The plans as the cross-community report lists them (reports.hub_report.PlanBrief)."""
    from toolkit.reports.hub_report import PlanBrief

    return [PlanBrief(p.community_id, p.version, p.saved_at, p.priorities, p.actions,
                      p.actions_done, p.indicators) for p in plans(store)]
