"""Ordered schema migrations, keyed by SQLite's `PRAGMA user_version`.

Each migration is a list of steps (SQL statements or callables taking the connection) run
in one transaction together with the version bump, so a database is always at exactly one
known version. Never edit a released migration: add a new one at the end.

New migrations (from version 4 on) are written with sqlite-utils: wrap a function taking a
`sqlite_utils.Database` in `utils_step()` and use its create / add_column / create_index
API, and `transform()` below rather than `Table.transform()` (which, in the sqlite-utils
versions we accept, may commit through `with conn:` or refuse inside a transaction). Foreign
keys are switched off around each migration, as SQLite's own procedure for schema changes
asks (a DROP TABLE would otherwise cascade into the rows that reference it), and
`PRAGMA foreign_key_check` must pass before the migration commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import NamedTuple

Step = str | Callable[[sqlite3.Connection], None]


class MigrationError(sqlite3.IntegrityError):
    """A migration left rows that break a foreign key: rolled back."""


def utils_step(fn: Callable[..., None]) -> Callable[[sqlite3.Connection], None]:
    """A migration step written with sqlite-utils: `fn(db)` gets our connection, inside
    our transaction, seen as a `sqlite_utils.Database`."""
    def step(conn: sqlite3.Connection) -> None:
        import sqlite_utils

        fn(sqlite_utils.Database(conn))

    step.__name__ = step.__doc__ = getattr(fn, "__name__", "step")
    return step


def transform(db, table: str, **changes) -> None:
    """`db[table].transform(**changes)` made safe inside our migration transaction: the
    statements sqlite-utils would run (`transform_sql`) are executed here, with no commit
    of their own."""
    for sql in db[table].transform_sql(**changes):
        db.conn.execute(sql)


class Migration(NamedTuple):  # read at every start-up: cheaper to build than a dataclass
    version: int
    name: str
    steps: Sequence[Step]


def utc_now() -> str:
    """Timestamps are stored as ISO 8601 UTC text: sortable, portable, readable."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _seed_meta(conn: sqlite3.Connection) -> None:
    import uuid  # only needed once, when a database is created

    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('installation_id', ?), ('created_at', ?)",
        (str(uuid.uuid4()), utc_now()),
    )


_REVISIONED = """
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1)"""


def _catalogue(conn: sqlite3.Connection) -> None:
    """Imported questionnaires live in the database (so backups keep them); the definition
    itself is the `instruments` snapshot of the same hash, stored once."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table("catalogue").create(
        {"hash": str, "instrument_id": str, "version": int, "source": str, "added_at": str},
        pk="hash", not_null={"instrument_id", "version", "source", "added_at"},
        foreign_keys=[("hash", "instruments", "hash")])
    db.table("catalogue").create_index(["instrument_id", "version"], unique=True)
    # Submissions brought from ODK Collect / KoboCollect keep their instanceID, so importing
    # the same export again adds nothing (NULL for every other respondent: NULLs never clash).
    db.table("respondents").add_column("source_key", str)
    db.table("respondents").create_index(["session_id", "source_key"], unique=True)


MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "initial schema: communities, questionnaire snapshots, sessions, respondents, answers",
        [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            _seed_meta,
            f"""CREATE TABLE communities (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(trim(name)) > 0),{_REVISIONED}
            )""",
            """CREATE TABLE instruments (
                hash TEXT PRIMARY KEY,
                instrument_id TEXT NOT NULL,
                version INTEGER NOT NULL,
                definition TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            f"""CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                community_id TEXT NOT NULL REFERENCES communities(id),
                instrument_hash TEXT NOT NULL REFERENCES instruments(hash),
                title TEXT NOT NULL DEFAULT '',
                session_date TEXT NOT NULL,
                place TEXT NOT NULL DEFAULT '',
                facilitator TEXT NOT NULL DEFAULT '',
                mode TEXT NOT NULL CHECK (mode IN ('facilitator', 'kiosk', 'group', 'paper')),
                language TEXT NOT NULL DEFAULT 'en',
                status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
                deleted_at TEXT,{_REVISIONED}
            )""",
            "CREATE INDEX sessions_by_community ON sessions(community_id)",
            f"""CREATE TABLE respondents (
                id TEXT PRIMARY KEY,
                session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                number INTEGER NOT NULL CHECK (number >= 1),
                paper_number TEXT,
                status TEXT NOT NULL DEFAULT 'in_progress'
                    CHECK (status IN ('in_progress', 'complete')),
                position TEXT,{_REVISIONED},
                UNIQUE (session_id, number)
            )""",
            """CREATE TABLE answers (
                respondent_id TEXT NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
                question_id TEXT NOT NULL,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (respondent_id, question_id)
            ) WITHOUT ROWID""",
        ],
    ),
    Migration(
        2,
        "comment reviews: which free-text answers may be printed or shared, and in what words",
        [
            # A facilitator reviews each free-text answer before it appears in a report or a
            # `full` export: include it (possibly reworded, e.g. a name removed) or exclude it.
            # `original` is the answer as reviewed; if the answer changes later the review no
            # longer matches and the comment counts as not reviewed.
            """CREATE TABLE comment_reviews (
                respondent_id TEXT NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
                question_id TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('include', 'exclude')),
                original TEXT NOT NULL,
                text TEXT NOT NULL,
                reviewed_at TEXT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (respondent_id, question_id)
            ) WITHOUT ROWID""",
        ],
    ),
    Migration(
        3,
        "exchange: export history, import log, origins of imported sessions, summary imports",
        [
            # Every package written here, so a community can see what left and at what level.
            """CREATE TABLE exports (
                id TEXT PRIMARY KEY,
                community_id TEXT NOT NULL REFERENCES communities(id),
                created_at TEXT NOT NULL,
                sharing_level TEXT NOT NULL
                    CHECK (sharing_level IN ('summary', 'responses', 'full')),
                sessions TEXT NOT NULL,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size INTEGER NOT NULL,
                encrypted INTEGER NOT NULL DEFAULT 0,
                counts TEXT NOT NULL
            )""",
            "CREATE INDEX exports_by_community ON exports(community_id, created_at)",
            # Every package read here (including re-imports that changed nothing).
            """CREATE TABLE imports (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                imported_at TEXT NOT NULL,
                file_name TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                export_id TEXT NOT NULL,
                exported_at TEXT NOT NULL,
                source_installation TEXT NOT NULL,
                community_id TEXT REFERENCES communities(id),
                sharing_level TEXT NOT NULL
                    CHECK (sharing_level IN ('summary', 'responses', 'full')),
                changed INTEGER NOT NULL,
                counts TEXT NOT NULL
            )""",
            "CREATE INDEX imports_by_sha ON imports(sha256)",
            # A community known under another id on another laptop (matched by name once).
            """CREATE TABLE community_aliases (
                remote_id TEXT PRIMARY KEY,
                community_id TEXT NOT NULL REFERENCES communities(id)
            )""",
            # Where an imported session came from, and the highest sharing level received.
            """CREATE TABLE session_origins (
                session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
                installation_id TEXT NOT NULL,
                sharing_level TEXT NOT NULL CHECK (sharing_level IN ('responses', 'full')),
                export_id TEXT NOT NULL,
                first_imported_at TEXT NOT NULL,
                last_imported_at TEXT NOT NULL
            )""",
            # Sessions received at the `summary` level: aggregate figures only, no respondents.
            f"""CREATE TABLE summary_sessions (
                id TEXT PRIMARY KEY,
                community_id TEXT NOT NULL REFERENCES communities(id),
                instrument_hash TEXT NOT NULL REFERENCES instruments(hash),
                title TEXT NOT NULL DEFAULT '',
                session_date TEXT NOT NULL,
                place TEXT NOT NULL DEFAULT '',
                mode TEXT NOT NULL,
                language TEXT NOT NULL,
                respondents INTEGER NOT NULL CHECK (respondents >= 0),
                threshold INTEGER NOT NULL,
                summary TEXT NOT NULL,
                installation_id TEXT NOT NULL,
                export_id TEXT NOT NULL,
                imported_at TEXT NOT NULL,{_REVISIONED}
            )""",
            "CREATE INDEX summary_sessions_by_community ON summary_sessions(community_id)",
        ],
    ),
]


def _second_keyings(db) -> None:
    """Double data entry of paper forms: a second keying of a form, kept apart from its
    answers, and the facilitator's choice where the two keyings differ."""
    # One row per form keyed a second time: when the second keying began and ended.
    db["paper_checks"].create({"respondent_id": str, "started_at": str, "finished_at": str},
                              pk="respondent_id", not_null={"respondent_id", "started_at"})
    # The second keying's answers; `value` NULL: left blank the second time (kept so that
    # a choice can be recorded). `decision`: which keying the facilitator found right.
    db["second_keyings"].create({"respondent_id": str, "question_id": str, "value": str,
                                 "decision": str, "updated_at": str},
                                pk=("respondent_id", "question_id"),
                                not_null={"respondent_id", "question_id", "updated_at"})
    db["second_keyings"].create_index(["respondent_id"])
    # sqlite-utils cannot declare ON DELETE CASCADE: a trigger does it, so emptying the
    # trash (which deletes respondents) takes their second keyings too.
    db.execute("""CREATE TRIGGER second_keyings_follow_respondents
                  AFTER DELETE ON respondents BEGIN
                    DELETE FROM second_keyings WHERE respondent_id = old.id;
                    DELETE FROM paper_checks WHERE respondent_id = old.id;
                  END""")


MIGRATIONS.append(Migration(
    4, "double data entry: second keyings of paper forms and the choices between them",
    [utils_step(_second_keyings)]))

MIGRATIONS.append(Migration(
    5, "questionnaire catalogue (imported questionnaires by content hash); respondents' "
    "source_key (the instanceID of a submission brought from ODK or Kobo)",
    [_catalogue]))


SEED_KEY = "signing_key_ed25519"  # exchange/signing.py: this installation's Ed25519 key


def _exchange_trust(db) -> None:
    """Schema 6: the signing key, who owns what was imported, conflicts, receipts."""
    import os

    # An Ed25519 private key is 32 random bytes (RFC 8032): no cryptography at start-up.
    db["meta"].insert({"key": SEED_KEY, "value": os.urandom(32).hex()}, pk="key",
                      ignore=True)
    # Installations whose key this one has seen (a hub: package signers; a community: the
    # hub that signed its receipts), recorded the first time: a later file claiming the
    # same installation under another key is refused.
    db["installations"].create({
        "id": str, "public_key": str, "fingerprint": str, "first_seen_at": str,
        "last_seen_at": str, "first_file": str,
    }, pk="id", not_null={"public_key", "fingerprint", "first_seen_at", "last_seen_at"})
    # The installation that brought a community here by its id (only it may rename it).
    db["community_owners"].create({"community_id": str, "installation_id": str},
                                  pk="community_id", not_null={"installation_id"},
                                  foreign_keys=[("community_id", "communities", "id")])
    # Equal revisions with different content, resolved the same whatever the import order.
    db["conflicts"].create({
        "id": int, "import_id": int, "kind": str, "record_id": str, "session_id": str,
        "kept": str, "here_source": str, "package_source": str, "here_digest": str,
        "package_digest": str, "detected_at": str,
    }, pk="id", not_null={"import_id", "kind", "record_id", "session_id", "kept",
                          "detected_at"},
        foreign_keys=[("import_id", "imports", "id")])
    db["conflicts"].create_index(["session_id"])
    # Receipts the hub sent back for packages exported here.
    db["export_receipts"].create({
        "export_id": str, "received_at": str, "hub_installation_id": str,
        "hub_fingerprint": str, "respondents": int, "counts": str, "conflicts": int,
        "receipt_sha256": str, "imported_at": str,
    }, pk="export_id", not_null={"received_at", "hub_installation_id", "hub_fingerprint",
                                 "respondents", "counts", "conflicts", "imported_at"},
        foreign_keys=[("export_id", "exports", "id")])
    db["imports"].add_column("signer_fingerprint", str)
    db["imports"].add_column("conflicts", int, not_null_default=0)


MIGRATIONS.append(Migration(
    6, "exchange trust: signing keys, installations, ownership, conflicts, receipts",
    [utils_step(_exchange_trust)]))


def _origin_threshold(db) -> None:
    """A hub report never goes below the threshold a community exported with (NULL for
    sessions imported before it was recorded: the hub's own threshold applies)."""
    db["session_origins"].add_column("threshold", int)


MIGRATIONS.append(Migration(
    7, "session_origins.threshold: the privacy threshold of the package a session came in",
    [utils_step(_origin_threshold)]))

@utils_step
def _rounds(db) -> None:
    """Rounds: named diagnoses of one community ("2026 baseline"), each holding sessions."""
    db["rounds"].create({"id": str, "community_id": str, "name": str, "created_at": str},
                        pk="id", not_null={"community_id", "name", "created_at"},
                        foreign_keys=[("community_id", "communities", "id")])
    db["rounds"].create_index(["community_id", "name"], index_name="rounds_by_community",
                              unique=True)
    # A session belongs to one round at most; removing either removes the assignment.
    db.execute("""CREATE TABLE round_sessions (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
        round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        assigned_at TEXT NOT NULL)""")
    db["round_sessions"].create_index(["round_id"], index_name="round_sessions_by_round")
    # The same for sessions a hub received as summaries only (no row in `sessions`).
    db.execute("""CREATE TABLE round_summary_sessions (
        session_id TEXT PRIMARY KEY REFERENCES summary_sessions(id) ON DELETE CASCADE,
        round_id TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
        assigned_at TEXT NOT NULL)""")
    db["round_summary_sessions"].create_index(["round_id"],
                                              index_name="round_summary_sessions_by_round")


MIGRATIONS.append(Migration(
    8, "rounds: named diagnoses of a community over time, and the sessions each holds",
    [_rounds]))


@utils_step
def _plans(db) -> None:
    """Plans (toolkit/plan): every saved version of a community's plan, append-only; the
    highest version is the current plan. `source_installation` is NULL for versions saved
    here, else the installation whose package brought the version (a hub's copy), and
    `figures` the indicator values that came with it (JSON; the hub has no rounds of its own
    to compute them from)."""
    db["plan_versions"].create({
        "community_id": str, "version": int, "saved_at": str, "note": str,
        "source_installation": str, "document": str, "figures": str,
    }, pk=("community_id", "version"), not_null={"saved_at", "note", "document"},
        foreign_keys=[("community_id", "communities", "id")])
    # A saved version never changes: a new one is added instead.
    db.execute("""CREATE TRIGGER plan_versions_append_only BEFORE UPDATE ON plan_versions
                  BEGIN SELECT RAISE(ABORT, 'plan versions are never changed'); END""")


MIGRATIONS.append(Migration(
    9, "plans: every saved version of a community's plan (priorities, assets, actions, "
    "outcomes, indicators), append-only", [_plans]))

LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection, target: int | None = None) -> list[int]:
    """Bring the schema up to `target`, one transaction per migration; return versions applied.

    The connection must be in autocommit mode (isolation_level=None) so that the explicit
    BEGIN/COMMIT here are the only transaction boundaries.
    """
    target = MIGRATIONS[-1].version if target is None else target
    applied: list[int] = []
    pending = [m for m in MIGRATIONS if current_version(conn) < m.version <= target]
    if not pending:
        return applied
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # no-op inside a transaction: set before BEGIN
    try:
        for migration in pending:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for step in migration.steps:
                    if callable(step):
                        step(conn)
                    else:
                        conn.execute(step)
                if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise MigrationError(f"migration {migration.version} breaks a foreign key")
                conn.execute(f"PRAGMA user_version = {int(migration.version)}")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            applied.append(migration.version)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    return applied
