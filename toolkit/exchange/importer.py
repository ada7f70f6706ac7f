"""Importing packages: every check first (package.read_package), then one transaction.

Records are matched by UUID. A session or respondent not seen before is added; one seen
before is updated only when the package carries a newer revision; an older or equal one
never overwrites anything (an equal revision may only add answers that were missing, e.g. the
comments of a `full` export after a `responses` one). Nothing is ever deleted by an import.
Every import, even one that changed nothing, is written to the import log.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from toolkit.exchange.package import (
    Package, PackageConflictError, is_free_text_key, read_package,
)
from toolkit.i18n import _, ngettext
from toolkit.sessions import clean_name
from toolkit.store import Store
from toolkit.store.migrations import utc_now

LEVEL_RANK = {"summary": 0, "responses": 1, "full": 2}
_encoder = json.JSONEncoder(ensure_ascii=False).encode
_encode_str = json.encoder.encode_basestring  # the C function json.dumps uses for text


def _encode(value) -> str:
    """json.dumps(value, ensure_ascii=False), quicker for the plain ints and strings most
    answers are (a hub imports hundreds of thousands)."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is str:
        return _encode_str(value)
    return _encoder(value)


@dataclass
class Counts:
    sessions_added: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    respondents_added: int = 0
    respondents_updated: int = 0
    respondents_unchanged: int = 0
    instruments_added: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.sessions_added or self.sessions_updated or self.respondents_added
                    or self.respondents_updated or self.instruments_added)


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    export_id: str
    community: str
    level: str
    source_installation: str
    imported_at: str
    counts: Counts = field(default_factory=Counts)
    seen_before: bool = False  # this very file was imported before

    @property
    def changed(self) -> bool:
        return self.counts.changed

    def describe(self) -> str:
        """One or two translated sentences for the user."""
        c = self.counts
        if not self.changed:
            if self.seen_before:
                return _("{file}: already imported; nothing changed.").format(file=self.file_name)
            return _("{file}: everything in it was already here; nothing changed.").format(
                file=self.file_name)
        return _("{file} ({community}): {changes}.").format(
            file=self.file_name, community=self.community, changes=describe_counts(asdict(c)))


def describe_counts(c: dict[str, int]) -> str:
    """"2 sessions added, 31 respondents added" (only what changed), translated."""
    parts = [
        ngettext("{n} session added", "{n} sessions added", c["sessions_added"]),
        ngettext("{n} session updated", "{n} sessions updated", c["sessions_updated"]),
        ngettext("{n} respondent added", "{n} respondents added", c["respondents_added"]),
        ngettext("{n} respondent updated", "{n} respondents updated",
                 c["respondents_updated"]),
    ]
    values = (c["sessions_added"], c["sessions_updated"], c["respondents_added"],
              c["respondents_updated"])
    said = [p.format(n=v) for p, v in zip(parts, values) if v]
    if not said and c.get("instruments_added"):
        said = [_("questionnaire definitions added")]
    return ", ".join(said) if said else _("nothing new")


def import_file(store: Store, path: Path | str, passphrase: str | None = None) -> ImportResult:
    """Check the package completely, then merge it in one transaction."""
    return import_package(store, read_package(path, passphrase))


def import_package(store: Store, package: Package) -> ImportResult:
    """Merge a checked package in one transaction (all or nothing)."""
    try:
        return _import(store, package)
    except sqlite3.IntegrityError as exc:  # only a forged package can reuse ids this way
        raise PackageConflictError(package.name) from exc


def _import(store: Store, package: Package) -> ImportResult:
    now = utc_now()
    m = package.manifest
    result = ImportResult(package.name, package.sha256, package.export_id,
                          m["community"]["name"], package.level, m["installation_id"], now)
    with store.transaction() as conn:
        result.seen_before = conn.execute("SELECT 1 FROM imports WHERE sha256 = ? LIMIT 1",
                                          (package.sha256,)).fetchone() is not None
        merger = _Merger(conn, package, now, result.counts)
        cid = merger.community()
        result.community = conn.execute("SELECT name FROM communities WHERE id = ?",
                                        (cid,)).fetchone()[0]
        merger.instruments()
        for session in package.sessions:
            if package.level == "summary":
                merger.summary_session(session, cid)
            else:
                merger.session(session, cid)
        conn.execute(
            "INSERT INTO imports(imported_at, file_name, sha256, export_id, exported_at, "
            "source_installation, community_id, sharing_level, changed, counts) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            (now, package.name, package.sha256, package.export_id, m["created_at"],
             m["installation_id"], cid, package.level, int(result.changed),
             json.dumps(asdict(result.counts))))
    return result


class _Merger:
    def __init__(self, conn, package: Package, now: str, counts: Counts) -> None:
        self.conn, self.package, self.now, self.counts = conn, package, now, counts

    def community(self) -> str:
        """The local id of the package's community: same UUID, an alias learnt before, or
        a community of the same name (remembered as an alias); otherwise it is added."""
        c, conn = self.package.community, self.conn
        row = conn.execute("SELECT id, revision FROM communities WHERE id = ?",
                           (c["id"],)).fetchone()
        name = clean_name(c["name"])
        if row:
            if c["revision"] > row[1]:
                conn.execute("UPDATE communities SET name = ?, revision = ?, updated_at = ? "
                             "WHERE id = ?", (name, c["revision"], c["updated_at"], c["id"]))
            return row[0]
        row = conn.execute("SELECT community_id FROM community_aliases WHERE remote_id = ?",
                           (c["id"],)).fetchone()
        if row:
            return row[0]
        for cid, existing in conn.execute("SELECT id, name FROM communities"):
            if existing.casefold() == name.casefold():
                conn.execute("INSERT INTO community_aliases(remote_id, community_id) "
                             "VALUES (?, ?)", (c["id"], cid))
                return cid
        conn.execute("INSERT INTO communities(id, name, created_at, updated_at, revision) "
                     "VALUES (?,?,?,?,?)",
                     (c["id"], name, c["created_at"], c["updated_at"], c["revision"]))
        return c["id"]

    def instruments(self) -> None:
        for digest, instrument in self.package.instruments.items():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO instruments(hash, instrument_id, version, definition, "
                "created_at) VALUES (?,?,?,?,?)",
                (digest, instrument.id, instrument.version, instrument.canonical_json(),
                 self.now))
            self.counts.instruments_added += cur.rowcount

    # sessions with respondents ------------------------------------------------------------
    def session(self, s: dict, cid: str) -> None:
        conn, counts = self.conn, self.counts
        row = conn.execute("SELECT revision FROM sessions WHERE id = ?", (s["id"],)).fetchone()
        before = (counts.respondents_added, counts.respondents_updated)
        if row is None:
            conn.execute(
                "INSERT INTO sessions(id, community_id, instrument_hash, title, session_date, "
                "place, facilitator, mode, language, status, created_at, updated_at, revision) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (s["id"], cid, s["instrument_hash"], s["title"], s["session_date"], s["place"],
                 s["facilitator"], s["mode"], s["language"], s["status"], s["created_at"],
                 s["updated_at"], s["revision"]))
            for r in s["respondents"]:  # numbers are unique within a package (checked)
                self._add_respondent(s, r, new_session=True)
            counts.sessions_added += 1
            self._origin(s["id"])
            return
        newer = s["revision"] > row[0]
        if newer:
            conn.execute(
                "UPDATE sessions SET title = ?, session_date = ?, place = ?, facilitator = ?, "
                "language = ?, status = ?, updated_at = ?, revision = ? WHERE id = ?",
                (s["title"], s["session_date"], s["place"], s["facilitator"], s["language"],
                 s["status"], s["updated_at"], s["revision"], s["id"]))
        for r in s["respondents"]:
            local = conn.execute("SELECT revision, session_id FROM respondents WHERE id = ?",
                                 (r["id"],)).fetchone()
            if local is None:
                self._add_respondent(s, r)
            elif local[1] != s["id"]:
                counts.respondents_unchanged += 1  # an id clash: never move a respondent
            elif r["revision"] > local[0]:
                conn.execute("UPDATE respondents SET paper_number = ?, status = ?, "
                             "updated_at = ?, revision = ? WHERE id = ?",
                             (r["paper_number"], r["status"], r["updated_at"], r["revision"],
                              r["id"]))
                self._answers(s, r, overwrite=True)
                counts.respondents_updated += 1
            elif r["revision"] == local[0] and self._answers(s, r, overwrite=False):
                counts.respondents_updated += 1  # same revision, answers it lacked (comments)
            else:
                counts.respondents_unchanged += 1
        if newer or (counts.respondents_added, counts.respondents_updated) != before:
            counts.sessions_updated += 1
            self._origin(s["id"])
        else:
            counts.sessions_unchanged += 1

    def _add_respondent(self, s: dict, r: dict, new_session: bool = False) -> None:
        conn, number = self.conn, r["number"]
        if not new_session and conn.execute(
                "SELECT 1 FROM respondents WHERE session_id = ? AND number = ?",
                (s["id"], number)).fetchone():
            number = conn.execute("SELECT max(number) + 1 FROM respondents "
                                  "WHERE session_id = ?", (s["id"],)).fetchone()[0]
        conn.execute(
            "INSERT INTO respondents(id, session_id, number, paper_number, status, created_at, "
            "updated_at, revision) VALUES (?,?,?,?,?,?,?,?)",
            (r["id"], s["id"], number, r["paper_number"], r["status"], r["created_at"],
             r["updated_at"], r["revision"]))
        conn.executemany(
            "INSERT INTO answers(respondent_id, question_id, value, updated_at) VALUES (?,?,?,?)",
            [(r["id"], qid, _encode(v), r["updated_at"]) for qid, v in r["answers"].items()])
        self._reviews(s, r, r["answers"])
        self.counts.respondents_added += 1

    def _answers(self, s: dict, r: dict, overwrite: bool) -> int:
        """Write the package's answers of a known respondent; returns how many changed."""
        conn = self.conn
        existing = dict(conn.execute("SELECT question_id, value FROM answers "
                                     "WHERE respondent_id = ?", (r["id"],)))
        written = {}
        for qid, value in r["answers"].items():
            text = _encode(value)
            if qid in existing and (not overwrite or json.loads(existing[qid]) == value):
                continue
            conn.execute(
                "INSERT INTO answers(respondent_id, question_id, value, updated_at) "
                "VALUES (?,?,?,?) ON CONFLICT(respondent_id, question_id) DO UPDATE SET "
                "value = excluded.value, updated_at = excluded.updated_at, "
                "revision = revision + 1", (r["id"], qid, text, r["updated_at"]))
            written[qid] = value
        self._reviews(s, r, written)
        return len(written)

    def _reviews(self, s: dict, r: dict, answers: dict) -> None:
        """Comments arrive already reviewed at the source: record them as included here, so
        the hub's reports may print them without a second review."""
        if self.package.level != "full":
            return  # no free text can be in the package (checked on reading)
        instrument = self.package.instruments[s["instrument_hash"]]
        rows = [(r["id"], qid, value, value, self.now) for qid, value in answers.items()
                if is_free_text_key(instrument, qid)]
        self.conn.executemany(
            "INSERT INTO comment_reviews(respondent_id, question_id, decision, original, text, "
            "reviewed_at) VALUES (?, ?, 'include', ?, ?, ?) "
            "ON CONFLICT(respondent_id, question_id) DO UPDATE SET decision = 'include', "
            "original = excluded.original, text = excluded.text, "
            "reviewed_at = excluded.reviewed_at, revision = revision + 1", rows)

    def _origin(self, session_id: str) -> None:
        m, conn = self.package.manifest, self.conn
        row = conn.execute("SELECT sharing_level FROM session_origins WHERE session_id = ?",
                           (session_id,)).fetchone()
        level = self.package.level
        if row is None:
            conn.execute("INSERT INTO session_origins(session_id, installation_id, "
                         "sharing_level, export_id, first_imported_at, last_imported_at, "
                         "threshold) VALUES (?,?,?,?,?,?,?)",
                         (session_id, m["installation_id"], level, m["export_id"], self.now,
                          self.now, m["threshold"]))
            return
        if LEVEL_RANK[row[0]] > LEVEL_RANK[level]:
            level = row[0]
        conn.execute("UPDATE session_origins SET sharing_level = ?, export_id = ?, "
                     "last_imported_at = ?, threshold = max(coalesce(threshold, 0), ?) "
                     "WHERE session_id = ?",
                     (level, m["export_id"], self.now, m["threshold"], session_id))

    # summary-level sessions ---------------------------------------------------------------
    def summary_session(self, s: dict, cid: str) -> None:
        conn, m = self.conn, self.package.manifest
        row = conn.execute("SELECT revision FROM summary_sessions WHERE id = ?",
                           (s["id"],)).fetchone()
        values = (cid, s["instrument_hash"], s["title"], s["session_date"], s["place"],
                  s["mode"], s["language"], s["respondent_count"], m["threshold"],
                  json.dumps(s["summary"], ensure_ascii=False, sort_keys=True),
                  m["installation_id"], m["export_id"], self.now, s["created_at"],
                  s["updated_at"], s["revision"], s["id"])
        if row is None:
            conn.execute(
                "INSERT INTO summary_sessions(community_id, instrument_hash, title, "
                "session_date, place, mode, language, respondents, threshold, summary, "
                "installation_id, export_id, imported_at, created_at, updated_at, revision, id) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", values)
            self.counts.sessions_added += 1
        elif s["revision"] > row[0]:
            conn.execute(
                "UPDATE summary_sessions SET community_id = ?, instrument_hash = ?, title = ?, "
                "session_date = ?, place = ?, mode = ?, language = ?, respondents = ?, "
                "threshold = ?, summary = ?, installation_id = ?, export_id = ?, "
                "imported_at = ?, created_at = ?, updated_at = ?, revision = ? WHERE id = ?",
                values)
            self.counts.sessions_updated += 1
        else:
            self.counts.sessions_unchanged += 1


@dataclass(frozen=True)
class ImportRecord:
    id: int
    imported_at: str
    file_name: str
    sha256: str
    export_id: str
    exported_at: str
    source_installation: str
    community: str
    level: str
    changed: bool
    counts: dict[str, int]


def import_log(store: Store) -> list[ImportRecord]:
    """Every package imported here, newest first."""
    rows = store.conn.execute(
        "SELECT i.id, i.imported_at, i.file_name, i.sha256, i.export_id, i.exported_at, "
        "i.source_installation, coalesce(c.name, ''), i.sharing_level, i.changed, i.counts "
        "FROM imports i LEFT JOIN communities c ON c.id = i.community_id "
        "ORDER BY i.id DESC")
    return [ImportRecord(*r[:9], bool(r[9]), json.loads(r[10])) for r in rows]
