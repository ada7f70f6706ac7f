"""What the store holds, at a glance: counts and recent sessions for the home screen."""

from __future__ import annotations

from typing import NamedTuple

from toolkit.store import Store


# NamedTuples, not dataclasses: the home screen is built at start-up, where each
# dataclass costs about a millisecond to create (bench/bench_startup.py).
class Counts(NamedTuple):
    communities: int
    sessions: int
    respondents: int


class SessionLine(NamedTuple):
    id: str
    community: str
    session_date: str
    mode: str
    status: str
    respondents: int


def counts(store: Store) -> Counts:
    row = store.conn.execute(
        """SELECT (SELECT count(*) FROM communities),
                  (SELECT count(*) FROM sessions WHERE deleted_at IS NULL),
                  (SELECT count(*) FROM respondents r JOIN sessions s ON s.id = r.session_id
                    WHERE s.deleted_at IS NULL)"""
    ).fetchone()
    return Counts(*row)


def recent_sessions(store: Store, limit: int = 8) -> list[SessionLine]:
    rows = store.conn.execute(
        """SELECT s.id, c.name, s.session_date, s.mode, s.status,
                  (SELECT count(*) FROM respondents r WHERE r.session_id = s.id)
             FROM sessions s JOIN communities c ON c.id = s.community_id
            WHERE s.deleted_at IS NULL
            ORDER BY s.session_date DESC, s.updated_at DESC
            LIMIT ?""",
        (limit,),
    ).fetchall()
    return [SessionLine(*row) for row in rows]
