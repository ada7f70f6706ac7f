"""Rounds: a community's diagnosis run again over time ("2026 baseline", "2028 follow-up").

A round belongs to one community and holds sessions of that community; a session is in one
round at most. The comparison report (reports/comparison.py) sets two rounds side by side.
"""

from __future__ import annotations

import builtins  # RoundService.list shadows the built-in name inside the class
import uuid
from dataclasses import dataclass

from toolkit.errors import InputError, ToolkitError
from toolkit.i18n import N_
from toolkit.sessions import SessionService, clean_name
from toolkit.store import Store
from toolkit.store.migrations import utc_now


class RoundNotFoundError(ToolkitError):
    message = N_("There is no round {ref}. Give its exact name, its id, or at least the first "
                 "4 characters of its id (see 'toolkit round list').")


class AmbiguousRoundError(ToolkitError):
    message = N_("More than one round matches {ref}: {matches}. Give more characters of its "
                 "id, or the community (--community).")


@dataclass(frozen=True)
class Round:
    id: str
    community_id: str
    community: str
    name: str
    created_at: str
    sessions: int  # sessions in the round, trash excluded
    respondents: int  # completed respondents in those sessions

    def to_json(self) -> dict:
        return {"id": self.id, "community": self.community, "name": self.name,
                "created": self.created_at, "sessions": self.sessions,
                "respondents": self.respondents}


# Sessions count those with respondents (trash excluded) and, at a hub, those received as
# summaries only (round_summary_sessions), each counted once.
_ROUND_SQL = """
SELECT r.id, r.community_id, c.name, r.name, r.created_at,
       (SELECT count(*) FROM round_sessions x JOIN sessions s ON s.id = x.session_id
         WHERE x.round_id = r.id AND s.deleted_at IS NULL)
     + (SELECT count(*) FROM round_summary_sessions y
         WHERE y.round_id = r.id AND y.session_id NOT IN (SELECT session_id FROM round_sessions)),
       (SELECT count(*) FROM round_sessions x JOIN sessions s ON s.id = x.session_id
          JOIN respondents p ON p.session_id = s.id
         WHERE x.round_id = r.id AND s.deleted_at IS NULL AND p.status = 'complete')
     + (SELECT coalesce(sum(m.respondents), 0) FROM round_summary_sessions y
          JOIN summary_sessions m ON m.id = y.session_id
         WHERE y.round_id = r.id AND y.session_id NOT IN (SELECT session_id FROM round_sessions))
  FROM rounds r JOIN communities c ON c.id = r.community_id
"""


class RoundService:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn
        self.sessions = SessionService(store)

    def create(self, community: str, name: str) -> Round:
        cleaned = clean_name(name)
        if not cleaned:
            raise InputError(N_("The round name cannot be empty."))
        with self.store.transaction():
            cid = self.sessions.community_id(community)
            for (existing,) in self.conn.execute(
                    "SELECT name FROM rounds WHERE community_id = ?", (cid,)):
                if existing.casefold() == cleaned.casefold():
                    raise InputError(N_("This community already has a round named {name}."),
                                     name=existing)
            rid = str(uuid.uuid4())
            self.conn.execute("INSERT INTO rounds(id, community_id, name, created_at) "
                              "VALUES (?, ?, ?, ?)", (rid, cid, cleaned, utc_now()))
        return self.get(rid)

    def list(self, community_id: str | None = None) -> list[Round]:
        where, args = ("WHERE r.community_id = ?", (community_id,)) if community_id else ("", ())
        rows = self.conn.execute(_ROUND_SQL + where + " ORDER BY c.name, r.created_at, r.name",
                                 args)
        return [Round(*row) for row in rows]

    def get(self, ref: str, community: str | None = None) -> Round:
        """A round by id, by the first characters of its id (4 or more), or by exact name;
        of one community when `community` (its name) is given, as a hub needs: there every
        community may have its "2026 baseline"."""
        ref = ref.strip()
        where, args = "", tuple[str, ...]()  # filled for one community
        if community is not None:
            cid = self.sessions.community_id(community, create=False)
            where, args = " AND r.community_id = ?", (cid,)
        rows = self.conn.execute(_ROUND_SQL + " WHERE r.id = ?" + where,
                                 (ref, *args)).fetchall()
        if not rows:
            rows = self.conn.execute(_ROUND_SQL + " WHERE r.name = ?" + where,
                                     (clean_name(ref), *args)).fetchall()
        if not rows and len(ref) >= 4:
            rows = self.conn.execute(_ROUND_SQL + " WHERE r.id LIKE ? || '%'" + where,
                                     (ref.replace("%", "").replace("_", ""), *args)).fetchall()
        if len(rows) > 1:
            found = [Round(*row) for row in rows]
            raise AmbiguousRoundError(ref=ref, matches="; ".join(
                f"{r.name} ({r.community}, {r.id[:8]})" for r in found[:5]))
        if not rows:
            raise RoundNotFoundError(ref=ref)
        return Round(*rows[0])

    def assign(self, ref: str, session_ids: builtins.list[str],
               community: str | None = None) -> Round:
        """Put sessions in a round (moving them out of any other). All or nothing.
        `community` (its name) picks among rounds of several communities that share a name."""
        target = self.get(ref, community)
        sessions = [self.sessions.get(sid) for sid in session_ids]  # every id checked first
        for session in sessions:
            if session.community_id != target.community_id:
                raise InputError(N_("Session {session} is from {community}, not from "
                                    "{round_community}: a round holds one community's "
                                    "sessions."), session=session.id[:8],
                                 community=session.community,
                                 round_community=target.community)
        now = utc_now()
        with self.store.transaction():
            for session in sessions:
                self.conn.execute(
                    "INSERT INTO round_sessions(session_id, round_id, assigned_at) "
                    "VALUES (?, ?, ?) ON CONFLICT(session_id) DO UPDATE SET "
                    "round_id = excluded.round_id, assigned_at = excluded.assigned_at",
                    (session.id, target.id, now))
        return self.get(target.id)

    def unassign(self, session_id: str) -> None:
        session = self.sessions.get(session_id)
        with self.store.transaction():
            self.conn.execute("DELETE FROM round_sessions WHERE session_id = ?", (session.id,))

    def session_ids(self, round_id: str) -> builtins.list[str]:
        """The round's sessions outside the trash, oldest first."""
        return [row[0] for row in self.conn.execute(
            "SELECT s.id FROM round_sessions x JOIN sessions s ON s.id = x.session_id "
            "WHERE x.round_id = ? AND s.deleted_at IS NULL ORDER BY s.session_date, s.created_at",
            (round_id,))]

    def summary_ids(self, round_id: str) -> builtins.list[str]:
        """At a hub: the round's sessions received as summaries only (none with respondents
        here too), oldest first."""
        return [row[0] for row in self.conn.execute(
            "SELECT m.id FROM round_summary_sessions y JOIN summary_sessions m "
            "ON m.id = y.session_id WHERE y.round_id = ? AND m.id NOT IN "
            "(SELECT session_id FROM round_sessions) ORDER BY m.session_date, m.id",
            (round_id,))]

    def round_of(self, session_id: str) -> Round | None:
        row = self.conn.execute("SELECT round_id FROM round_sessions WHERE session_id = ?",
                                (session_id,)).fetchone()
        return self.get(row[0]) if row else None
