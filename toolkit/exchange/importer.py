"""Importing packages: every check first (package.read_package), then one transaction.

Records are matched by UUID, and each has an owner: a session belongs to the community and
installation that made it, a community id to the installation that first brought it here,
an installation id to the signing key first seen with it. A package that touches a record
owned by someone else, or claims a known installation under another key, is refused whole,
with a message naming what clashed. Unsigned packages (format 1, earlier builds) are read
only when the caller says the user confirmed it.

Within its owner's records, a newer revision updates, an older one never overwrites; an
equal revision with the same content may only add answers that were missing (the comments
of a `full` export after a `responses` one), and an equal revision with *different* content
is a conflict: the version whose content hash is larger is kept, so the result is the same
whatever the import order, and both sources are recorded (table `conflicts`). A session's
status follows the later save, so a session closed on one laptop is not reopened by older
saves from another. Nothing is ever deleted by an import. Every import, even one that
changed nothing, is written to the import log.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from toolkit.exchange import schema, signing
from toolkit.exchange.package import (
    Package,
    PackageConflictError,
    PackageError,
    damaged,
    is_free_text_key,
    read_package,
)
from toolkit.i18n import N_, _, ngettext
from toolkit.sessions import clean_field, clean_name
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


class UnsignedPackageError(PackageError):
    def __init__(self, name: str) -> None:
        super().__init__(name, N_(
            "it is not signed (an earlier version of the toolkit made it), so nothing proves "
            "which installation it comes from. Import it only if you know where it comes "
            "from, and confirm it (toolkit import --allow-unsigned)."))


class KeyMismatchError(PackageError):
    def __init__(self, name: str, installation: str, known: str, found: str) -> None:
        super().__init__(name, N_(
            "it claims to come from installation {installation}, known here under the key "
            "{known}, but it is signed with another key ({found}). Call the community to "
            "check before doing anything else."),
            installation=installation, known=known, found=found)


class OwnershipError(PackageError):
    def __init__(self, name: str, what: str, owner: str) -> None:
        super().__init__(name, N_("{what} already here belongs to {owner}, not to the "
                                  "installation and community that sent this package."),
                         what=what, owner=owner)


@dataclass
class Counts:
    sessions_added: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    respondents_added: int = 0
    respondents_updated: int = 0
    respondents_unchanged: int = 0
    instruments_added: int = 0
    conflicts: int = 0
    rounds_added: int = 0
    rounds_assigned: int = 0  # sessions put in (or moved to) a round
    plans_added: int = 0  # a version of the community's plan, received

    @property
    def changed(self) -> bool:
        return bool(self.sessions_added or self.sessions_updated or self.respondents_added
                    or self.respondents_updated or self.instruments_added
                    or self.rounds_assigned or self.plans_added)


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
    fingerprint: str = ""  # of the signing key; "" for an unsigned package
    new_key: bool = False  # the first package seen from this installation: confirm by phone
    respondents: int = 0  # in the package
    import_id: int = 0
    languages: list[str] = field(default_factory=list)  # translations received and installed

    @property
    def changed(self) -> bool:
        return self.counts.changed

    def describe(self) -> str:
        """One to three translated sentences for the user."""
        c = self.counts
        if not self.changed and c.conflicts:
            text = _("{file} ({community}): the versions already here were kept.").format(
                file=self.file_name, community=self.community)
        elif not self.changed:
            if self.seen_before:
                text = _("{file}: already imported; nothing changed.").format(
                    file=self.file_name)
            else:
                text = _("{file}: everything in it was already here; nothing changed.").format(
                    file=self.file_name)
        else:
            text = _("{file} ({community}): {changes}.").format(
                file=self.file_name, community=self.community,
                changes=describe_counts(asdict(c)))
        if c.conflicts:
            text += " " + ngettext(
                "{n} conflict (same revision, different content) was resolved the same way "
                "whatever the order of imports; see the hub's conflicts.",
                "{n} conflicts (same revision, different content) were resolved the same "
                "way whatever the order of imports; see the hub's conflicts.",
                c.conflicts).format(n=c.conflicts)
        if self.new_key:
            text += " " + _("First package from this installation: its key's fingerprint is "
                            "{fingerprint}. Confirm it with the community by phone.").format(
                fingerprint=self.fingerprint)
        elif not self.fingerprint:
            text += " " + _("The package was not signed.")
        if self.languages:
            text += " " + _("Translations received: {languages}.").format(
                languages=", ".join(self.languages))
        return text


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
    if c.get("rounds_assigned"):  # absent from the log of imports made before rounds
        said.append(ngettext("{n} session put in its round", "{n} sessions put in their round",
                             c["rounds_assigned"]).format(n=c["rounds_assigned"]))
    if c.get("plans_added"):
        said.append(_("a new version of the plan received"))
    if not said and c.get("instruments_added"):
        said = [_("questionnaire definitions added")]
    return ", ".join(said) if said else _("nothing new")


def import_file(store: Store, path: Path | str, passphrase: str | None = None,
                allow_unsigned: bool = False) -> ImportResult:
    """Check the package completely, then merge it in one transaction."""
    return import_package(store, read_package(path, passphrase), allow_unsigned)


def import_package(store: Store, package: Package, allow_unsigned: bool = False) -> ImportResult:
    """Merge a checked package in one transaction (all or nothing)."""
    if not package.signed and not allow_unsigned:
        raise UnsignedPackageError(package.name)
    try:
        result = _import(store, package)
    except sqlite3.IntegrityError as exc:  # only a forged package can reuse ids this way
        raise PackageConflictError(package.name) from exc
    result.languages = install_languages(package, store.path.parent)
    return result


def install_languages(package: Package, data_folder: Path) -> list[str]:
    """Translators' files received: each replaces this laptop's copy when it differs (the
    current ones zipped into backups/ first). The languages' native names."""
    from toolkit import i18n, languages
    from toolkit.fileio import atomic_write_bytes
    from toolkit.store.backups import backup_languages

    base = languages.languages_folder(data_folder)
    changed = {member: data for member, data in package.languages.items()
               if base is not None and _differs(base.parent / member, data)}
    if not changed or base is None:
        return []
    backup_languages(data_folder, reason="before-package")
    for member, data in sorted(changed.items()):
        target = base.parent / member
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, data)
    i18n.reload()
    codes = sorted({member.split("/")[1] for member in changed})
    return [lang.native_name if (lang := languages.find(code)) else code for code in codes]


def _differs(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() != data
    except OSError:
        return True


def _trust(conn, store: Store, package: Package, now: str, result: ImportResult) -> None:
    """The installation's key: recorded the first time, the same one every time after."""
    if not package.signed:
        return
    installation = package.manifest["installation_id"]
    result.fingerprint = signing.fingerprint(package.public_key)
    if installation == store.installation_id:
        if package.public_key != signing.public_key(store):
            raise KeyMismatchError(package.name, installation,
                                   signing.fingerprint(signing.public_key(store)),
                                   result.fingerprint)
        return
    row = conn.execute("SELECT public_key, fingerprint FROM installations WHERE id = ?",
                       (installation,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO installations(id, public_key, fingerprint, first_seen_at, "
                     "last_seen_at, first_file) VALUES (?,?,?,?,?,?)",
                     (installation, package.public_key, result.fingerprint, now, now,
                      package.name))
        result.new_key = True
    elif row[0] != package.public_key:
        raise KeyMismatchError(package.name, installation, row[1], result.fingerprint)
    else:
        conn.execute("UPDATE installations SET last_seen_at = ? WHERE id = ?",
                     (now, installation))


def _import(store: Store, package: Package) -> ImportResult:
    now = utc_now()
    m = package.manifest
    result = ImportResult(package.name, package.sha256, package.export_id,
                          m["community"]["name"], package.level, m["installation_id"], now)
    result.respondents = m["counts"]["respondents"]
    with store.transaction() as conn:
        result.seen_before = conn.execute("SELECT 1 FROM imports WHERE sha256 = ? LIMIT 1",
                                          (package.sha256,)).fetchone() is not None
        _trust(conn, store, package, now, result)
        merger = _Merger(conn, package, now, result.counts, store.installation_id)
        cid = merger.community()
        result.community = conn.execute("SELECT name FROM communities WHERE id = ?",
                                        (cid,)).fetchone()[0]
        merger.instruments()
        for session in package.sessions:
            if package.level == "summary":
                merger.summary_session(session, cid)
                merger.session_round(session, cid, "round_summary_sessions")
            else:
                merger.session(session, cid)
                merger.session_round(session, cid, "round_sessions")
        if package.plan is not None:
            merger.plan(package.plan, cid)
        cur = conn.execute(
            "INSERT INTO imports(imported_at, file_name, sha256, export_id, exported_at, "
            "source_installation, community_id, sharing_level, changed, counts, "
            "signer_fingerprint, conflicts) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (now, package.name, package.sha256, package.export_id, m["created_at"],
             m["installation_id"], cid, package.level, int(result.changed),
             json.dumps(asdict(result.counts)), result.fingerprint or None,
             result.counts.conflicts))
        result.import_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO conflicts(import_id, kind, record_id, session_id, kept, here_source, "
            "package_source, here_digest, package_digest, detected_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(result.import_id, *c, now) for c in merger.conflicts])
    return result


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode("utf-8")).hexdigest()


class _Merger:
    def __init__(self, conn, package: Package, now: str, counts: Counts,
                 local_installation: str) -> None:
        self.conn, self.package, self.now, self.counts = conn, package, now, counts
        self.installation = package.manifest["installation_id"]
        self.local = local_installation
        self.cid = ""
        self.conflicts: list[tuple] = []

    # owners -------------------------------------------------------------------------------
    def _community_name(self, cid: str) -> str:
        row = self.conn.execute("SELECT name FROM communities WHERE id = ?", (cid,)).fetchone()
        return row[0] if row else cid

    def _owner_text(self, installation: str, cid: str) -> str:
        who = (_("this computer") if installation == self.local
               else _("installation {id}").format(id=installation))
        return _("{community} ({who})").format(community=self._community_name(cid), who=who)

    def _check_owner(self, what: str, installation: str, cid: str) -> None:
        if installation != self.installation or cid != self.cid:
            raise OwnershipError(self.package.name, what, self._owner_text(installation, cid))

    def community(self) -> str:
        """The local id of the package's community: same UUID (owned by the sending
        installation), an alias learnt before, or a community of the same name (remembered
        as an alias); otherwise it is added, owned by the sending installation."""
        c, conn = self.package.community, self.conn
        name = clean_name(c["name"])
        row = conn.execute("SELECT id, revision, name FROM communities WHERE id = ?",
                           (c["id"],)).fetchone()
        if row:
            owner = conn.execute("SELECT installation_id FROM community_owners "
                                 "WHERE community_id = ?", (c["id"],)).fetchone()
            owner_id = owner[0] if owner else self.local
            if owner_id != self.installation:
                raise OwnershipError(self.package.name,
                                     _("the community {name}").format(name=row[2]),
                                     self._owner_text(owner_id, row[0]))
            if c["revision"] > row[1]:
                conn.execute("UPDATE communities SET name = ?, revision = ?, updated_at = ? "
                             "WHERE id = ?", (name, c["revision"], c["updated_at"], c["id"]))
            self.cid = row[0]
            return row[0]
        row = conn.execute("SELECT community_id FROM community_aliases WHERE remote_id = ?",
                           (c["id"],)).fetchone()
        if row:
            self.cid = row[0]
            return row[0]
        for cid, existing in conn.execute("SELECT id, name FROM communities"):
            if existing.casefold() == name.casefold():
                conn.execute("INSERT INTO community_aliases(remote_id, community_id) "
                             "VALUES (?, ?)", (c["id"], cid))
                self.cid = cid
                return cid
        conn.execute("INSERT INTO communities(id, name, created_at, updated_at, revision) "
                     "VALUES (?,?,?,?,?)",
                     (c["id"], name, c["created_at"], c["updated_at"], c["revision"]))
        conn.execute("INSERT INTO community_owners(community_id, installation_id) VALUES (?,?)",
                     (c["id"], self.installation))
        self.cid = c["id"]
        return c["id"]

    def plan(self, member, cid: str) -> None:
        """The community's plan: added as a version owned by the sending installation;
        never over a plan made here or received from another installation."""
        from toolkit.plan import model
        from toolkit.plan.service import PlanOwnerError, receive_version

        try:
            outcome = receive_version(
                self.conn, cid, member.version, member.saved_at, member.plan,
                self.installation, {k: [schema.to_dict(v) for v in row]
                                    for k, row in member.indicator_values.items()})
        except PlanOwnerError as exc:
            owner = str(exc.values.get("owner") or "")
            raise OwnershipError(self.package.name,
                                 _("the plan of {community}").format(
                                     community=self._community_name(cid)),
                                 self._owner_text(owner or self.local, cid)) from None
        except model.PlanFormatError:
            raise damaged(self.package.name, N_("{member} is not valid at {field}."),
                          member="plan.json", field="plan") from None
        if outcome == "added":
            self.counts.plans_added += 1

    def instruments(self) -> None:
        for digest, instrument in self.package.instruments.items():
            cur = self.conn.execute(
                "INSERT OR IGNORE INTO instruments(hash, instrument_id, version, definition, "
                "created_at) VALUES (?,?,?,?,?)",
                (digest, instrument.id, instrument.version, instrument.canonical_json(),
                 self.now))
            self.counts.instruments_added += cur.rowcount

    def _source_here(self, session_id: str) -> str:
        """Where the hub's current version of a session came from, for the conflict log."""
        row = self.conn.execute(
            "SELECT o.export_id, (SELECT file_name FROM imports i WHERE i.export_id = "
            "o.export_id ORDER BY i.id DESC LIMIT 1) FROM session_origins o "
            "WHERE o.session_id = ?", (session_id,)).fetchone()
        if row is None:
            return ""  # made here: shown as "this computer", in the reader's language
        return f"{row[1] or '?'} (export {row[0]})"

    def _package_source(self) -> str:
        return f"{self.package.name} (export {self.package.export_id})"

    def _conflict(self, kind: str, record_id: str, session_id: str, here: str,
                  theirs: str) -> bool:
        """Record a conflict; True when the package's version wins (the larger hash)."""
        wins = theirs > here
        self.conflicts.append((kind, record_id, session_id, "package" if wins else "here",
                               self._source_here(session_id), self._package_source(),
                               here, theirs))
        self.counts.conflicts += 1
        return wins

    # sessions with respondents ------------------------------------------------------------
    @staticmethod
    def _session_content(title, day, place, language) -> str:
        return _digest([title, day, place, language])

    def _clean(self, s: dict) -> dict:
        for key in ("title", "place", "facilitator"):
            if key in s:
                s[key] = clean_field(key, s[key])
        return s

    def session(self, s: dict, cid: str) -> None:
        conn, counts = self.conn, self.counts
        s = self._clean(s)
        self._summary_owner(s)
        row = conn.execute(
            "SELECT s.revision, s.community_id, coalesce(o.installation_id, ?), s.title, "
            "s.session_date, s.place, s.language, s.status, s.updated_at, s.facilitator "
            "FROM sessions s LEFT JOIN session_origins o ON o.session_id = s.id "
            "WHERE s.id = ?", (self.local, s["id"])).fetchone()
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
        revision, owner_cid, owner_inst, *here, status, updated_at, facilitator = row
        self._check_owner(_("the session “{title}”").format(title=here[0] or s["id"]),
                          owner_inst, owner_cid)
        theirs = self._session_content(s["title"], s["session_date"], s["place"],
                                       s["language"])
        mine = self._session_content(*here)
        take = s["revision"] > revision
        if s["revision"] == revision and theirs != mine:
            take = self._conflict("session", s["id"], s["id"], mine, theirs)
        # the status follows the later save: an older save never reopens a closed session
        new_status = status
        if s["status"] != status and s["updated_at"] > updated_at:
            new_status = s["status"]
        changed = take or new_status != status
        if changed:
            src = s if take else dict(zip(("title", "session_date", "place", "language"), here))
            conn.execute(
                "UPDATE sessions SET title = ?, session_date = ?, place = ?, facilitator = ?, "
                "language = ?, status = ?, updated_at = ?, revision = ? WHERE id = ?",
                (src["title"], src["session_date"], src["place"],
                 s["facilitator"] or facilitator, src["language"], new_status,
                 max(s["updated_at"], updated_at), max(s["revision"], revision), s["id"]))
        for r in s["respondents"]:
            local = conn.execute("SELECT revision, session_id, status, paper_number "
                                 "FROM respondents WHERE id = ?", (r["id"],)).fetchone()
            if local is None:
                self._add_respondent(s, r)
            elif local[1] != s["id"]:
                raise OwnershipError(self.package.name, _("a respondent"),
                                     _("another session"))
            elif r["revision"] > local[0]:
                self._update_respondent(s, r)
                counts.respondents_updated += 1
            elif r["revision"] == local[0]:
                instrument = self.package.instruments[s["instrument_hash"]]
                here_answers = self._stored_answers(r["id"])
                mine_r = self._respondent_content(instrument, local[2], local[3], here_answers)
                theirs_r = self._respondent_content(instrument, r["status"], r["paper_number"],
                                                    r["answers"])
                if mine_r != theirs_r:
                    if self._conflict("respondent", r["id"], s["id"], mine_r, theirs_r):
                        self._update_respondent(s, r, replace=True)
                        counts.respondents_updated += 1
                    else:
                        counts.respondents_unchanged += 1
                elif self._answers(s, r, overwrite=False):
                    counts.respondents_updated += 1  # same content, answers it lacked
                else:
                    counts.respondents_unchanged += 1
            else:
                counts.respondents_unchanged += 1
        if changed or (counts.respondents_added, counts.respondents_updated) != before:
            counts.sessions_updated += 1
            self._origin(s["id"])
        else:
            counts.sessions_unchanged += 1

    def session_round(self, s: dict, cid: str, table: str) -> None:
        """Put the session (already merged, so the package's own) in its round: a round id
        known here must be of this community; a round of the same name in this community is
        the same round; else the round is added. The later assignment wins, whatever the
        order of imports; a session without a round keeps the one it has (nothing is
        deleted)."""
        r = s.get("round")
        if not r:
            return
        name = clean_name(r["name"])
        if not name:
            raise PackageError(self.package.name, N_("a round in it has no name."))
        conn = self.conn
        row = conn.execute("SELECT community_id, name FROM rounds WHERE id = ?",
                           (r["id"],)).fetchone()
        if row and row[0] != cid:
            owner = conn.execute("SELECT installation_id FROM community_owners "
                                 "WHERE community_id = ?", (row[0],)).fetchone()
            raise OwnershipError(self.package.name,
                                 _("the round “{name}”").format(name=row[1]),
                                 self._owner_text(owner[0] if owner else self.local, row[0]))
        round_id = r["id"]
        if row is None:
            same = [rid for rid, existing in conn.execute(
                "SELECT id, name FROM rounds WHERE community_id = ?", (cid,))
                if existing.casefold() == name.casefold()]
            if same:
                round_id = same[0]
            else:
                conn.execute("INSERT INTO rounds(id, community_id, name, created_at) "
                             "VALUES (?, ?, ?, ?)", (round_id, cid, name, r["created_at"]))
                self.counts.rounds_added += 1
        current = conn.execute(f"SELECT round_id, assigned_at FROM {table} "
                               "WHERE session_id = ?", (s["id"],)).fetchone()
        if current is None or (current[0] != round_id and r["assigned_at"] > current[1]):
            conn.execute(
                f"INSERT INTO {table}(session_id, round_id, assigned_at) VALUES (?, ?, ?) "
                "ON CONFLICT(session_id) DO UPDATE SET round_id = excluded.round_id, "
                "assigned_at = excluded.assigned_at", (s["id"], round_id, r["assigned_at"]))
            self.counts.rounds_assigned += 1

    def _summary_owner(self, s: dict) -> None:
        """The same session id at the summary level must have the same owner."""
        row = self.conn.execute("SELECT installation_id, community_id, title FROM "
                                "summary_sessions WHERE id = ?", (s["id"],)).fetchone()
        if row:
            self._check_owner(_("the session “{title}”").format(title=row[2] or s["id"]),
                              row[0], row[1])

    def _stored_answers(self, respondent_id: str) -> dict:
        return {q: json.loads(v) for q, v in self.conn.execute(
            "SELECT question_id, value FROM answers WHERE respondent_id = ?", (respondent_id,))}

    @staticmethod
    def _respondent_content(instrument, status, paper, answers: dict) -> str:
        """The hash of what two versions of a respondent must agree on: status, form number
        and closed answers (free text may be missing from a `responses` export)."""
        closed = {k: v for k, v in answers.items() if not is_free_text_key(instrument, k)}
        return _digest([status, paper, closed])

    def _update_respondent(self, s: dict, r: dict, replace: bool = False) -> None:
        paper = clean_field("paper_number", r["paper_number"]) if r["paper_number"] else None
        self.conn.execute("UPDATE respondents SET paper_number = ?, status = ?, updated_at = ?, "
                          "revision = ? WHERE id = ?",
                          (paper, r["status"], r["updated_at"], r["revision"], r["id"]))
        if replace:  # the winning version's closed answers, exactly
            instrument = self.package.instruments[s["instrument_hash"]]
            gone = [(r["id"], q) for q in self._stored_answers(r["id"])
                    if q not in r["answers"] and not is_free_text_key(instrument, q)]
            self.conn.executemany("DELETE FROM answers WHERE respondent_id = ? AND "
                                  "question_id = ?", gone)
        self._answers(s, r, overwrite=True)

    def _add_respondent(self, s: dict, r: dict, new_session: bool = False) -> None:
        conn, number = self.conn, r["number"]
        if not new_session and conn.execute(
                "SELECT 1 FROM respondents WHERE session_id = ? AND number = ?",
                (s["id"], number)).fetchone():
            number = conn.execute("SELECT max(number) + 1 FROM respondents "
                                  "WHERE session_id = ?", (s["id"],)).fetchone()[0]
        paper = clean_field("paper_number", r["paper_number"]) if r["paper_number"] else None
        conn.execute(
            "INSERT INTO respondents(id, session_id, number, paper_number, status, created_at, "
            "updated_at, revision) VALUES (?,?,?,?,?,?,?,?)",
            (r["id"], s["id"], number, paper or None, r["status"], r["created_at"],
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
        s = self._clean(s)
        full = conn.execute(
            "SELECT s.community_id, coalesce(o.installation_id, ?), s.title FROM sessions s "
            "LEFT JOIN session_origins o ON o.session_id = s.id WHERE s.id = ?",
            (self.local, s["id"])).fetchone()
        if full:  # the same session, received (or made here) with its respondents
            self._check_owner(_("the session “{title}”").format(title=full[2] or s["id"]),
                              full[1], full[0])
        row = conn.execute("SELECT revision, installation_id, community_id, title, summary "
                           "FROM summary_sessions WHERE id = ?", (s["id"],)).fetchone()
        if row:
            self._check_owner(_("the session “{title}”").format(title=row[3] or s["id"]),
                              row[1], row[2])
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
        elif s["revision"] > row[0] or (
                s["revision"] == row[0] and self._summary_conflict(s, row[4])):
            conn.execute(
                "UPDATE summary_sessions SET community_id = ?, instrument_hash = ?, title = ?, "
                "session_date = ?, place = ?, mode = ?, language = ?, respondents = ?, "
                "threshold = ?, summary = ?, installation_id = ?, export_id = ?, "
                "imported_at = ?, created_at = ?, updated_at = ?, revision = ? WHERE id = ?",
                values)
            self.counts.sessions_updated += 1
        else:
            self.counts.sessions_unchanged += 1

    def _summary_conflict(self, s: dict, stored: str) -> bool:
        """Equal revision: a conflict if the content differs; True when the package wins."""
        content = [s["title"], s["session_date"], s["place"], s["language"],
                   s["respondent_count"], s["summary"]]
        row = self.conn.execute("SELECT title, session_date, place, language, respondents "
                                "FROM summary_sessions WHERE id = ?", (s["id"],)).fetchone()
        mine, theirs = _digest([*row, json.loads(stored)]), _digest(content)
        return mine != theirs and self._conflict("summary", s["id"], s["id"], mine, theirs)


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
    signer_fingerprint: str = ""
    conflicts: int = 0


def import_log(store: Store) -> list[ImportRecord]:
    """Every package imported here, newest first."""
    rows = store.conn.execute(
        "SELECT i.id, i.imported_at, i.file_name, i.sha256, i.export_id, i.exported_at, "
        "i.source_installation, coalesce(c.name, ''), i.sharing_level, i.changed, i.counts, "
        "coalesce(i.signer_fingerprint, ''), i.conflicts "
        "FROM imports i LEFT JOIN communities c ON c.id = i.community_id "
        "ORDER BY i.id DESC")
    return [ImportRecord(*r[:9], bool(r[9]), json.loads(r[10]), r[11], r[12]) for r in rows]


@dataclass(frozen=True)
class ConflictRecord:
    id: int
    detected_at: str
    kind: str  # session, respondent, summary
    record_id: str
    session_id: str
    kept: str  # "package" (the later import's version won) or "here"
    here_source: str
    package_source: str
    community: str

    @property
    def here(self) -> str:
        return self.here_source or _("this computer")

    def kept_text(self) -> str:
        return _("kept the version of {source}").format(
            source=self.package_source if self.kept == "package" else self.here)


def conflict_log(store: Store) -> list[ConflictRecord]:
    """Every conflict met on import, newest first, with both sources."""
    rows = store.conn.execute(
        "SELECT k.id, k.detected_at, k.kind, k.record_id, k.session_id, k.kept, "
        "coalesce(k.here_source, ''), coalesce(k.package_source, ''), coalesce(c.name, '') "
        "FROM conflicts k LEFT JOIN imports i ON i.id = k.import_id "
        "LEFT JOIN communities c ON c.id = i.community_id ORDER BY k.id DESC")
    return [ConflictRecord(*r) for r in rows]


# Refusals change nothing in the database (the fuzz tests check its digest): they are kept
# in a small file beside it, newest last, so the History tab can show them.
REFUSALS_FILE = "import-refusals.json"
MAX_REFUSALS = 200


@dataclass(frozen=True)
class Refusal:
    at: str
    file_name: str
    reason: str


def refusal_log(store: Store) -> list[Refusal]:
    """Packages refused here, newest first."""
    path = Path(store.path).parent / REFUSALS_FILE
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        return [Refusal(str(i["at"]), str(i["file_name"]), str(i["reason"]))
                for i in reversed(items)][:MAX_REFUSALS]
    except (OSError, ValueError, TypeError, KeyError):
        return []


def log_refusal(store: Store, file_name: str, reason: str) -> None:
    from toolkit.fileio import atomic_write_bytes

    path = Path(store.path).parent / REFUSALS_FILE
    items = [{"at": r.at, "file_name": r.file_name, "reason": r.reason}
             for r in reversed(refusal_log(store))]
    items.append({"at": utc_now(), "file_name": file_name, "reason": reason})
    try:
        atomic_write_bytes(path, json.dumps(items[-MAX_REFUSALS:], ensure_ascii=False,
                                            indent=1).encode("utf-8"))
    except OSError:  # a full disk must not hide the refusal itself, already shown
        pass
