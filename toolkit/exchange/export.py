"""Exporting sessions of one community as a package, at a sharing level chosen each time.

`preview()` builds exactly the bytes that will leave (the GUI shows them before anything is
written); `export_package()` writes that same content (atomically, optionally encrypted) and
records it in the community's export history. What each level lets out:

- summary: aggregate figures per question, small groups suppressed (toolkit.analysis);
- responses: anonymous closed answers; no text or longtext answer, no "other" text;
- full: as responses, plus the free-text answers a facilitator reviewed and included, in the
  wording the review chose. A review made of an answer that has changed since does not
  count; unreviewed and excluded text never leaves.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.errors import InputError, ToolkitError
from toolkit.exchange import package as fmt
from toolkit.exchange import signing
from toolkit.fileio import atomic_write_bytes
from toolkit.i18n import N_
from toolkit.questionnaire.answers import effective_answers
from toolkit.sessions import Session, SessionService
from toolkit.store import Store
from toolkit.store.migrations import utc_now

LEVEL_NAMES = {
    "summary": N_("Summary only"),
    "responses": N_("Anonymous responses"),
    "full": N_("With reviewed comments"),
}
LEVEL_EXPLANATIONS = {
    "summary": N_(
        "Only totals and percentages per question leave this computer, as in the printed "
        "report. No one's answers are included, and questions answered by fewer people than "
        "the privacy threshold show no figures at all."),
    "responses": N_(
        "Each person's answers to the closed questions leave this computer, under a number, "
        "never a name. Comments and every other text people typed stay here."),
    "full": N_(
        "Each person's answers leave this computer, with only the comments you reviewed and "
        "chose to include, in the wording you approved. Comments not reviewed, or excluded, "
        "stay here."),
}


class ExportError(ToolkitError):
    message = N_("Nothing was exported: {problem}")

    def __init__(self, problem: str, **values: object) -> None:
        self.problem, self.problem_values = problem, values
        super().__init__(problem=problem)

    def user_message(self) -> str:
        from toolkit.i18n import _

        return _(self.message).format(problem=_(self.problem).format(**self.problem_values))


@dataclass(frozen=True)
class Comment:
    """A free-text answer that will leave at the `full` level, in its shared wording."""

    session_id: str
    respondent: int
    question_id: str
    text: str
    question: dict[str, str] = field(default_factory=dict)  # the question's label by language


@dataclass(frozen=True)
class SessionPreview:
    id: str
    title: str
    session_date: str
    place: str
    respondents: int
    answers: int
    comments: int
    withheld: int  # free-text answers that stay on this computer
    facilitator: str = ""  # leaves at `full`, or at `responses` when the facilitator chose
    facilitator_withheld: bool = False  # a name is recorded and stays on this computer


@dataclass
class Preview:
    """Everything a package will contain, built once; export writes exactly this."""

    level: str
    community_id: str
    community: str
    sessions: list[SessionPreview]
    comments: list[Comment]
    manifest: dict[str, Any]
    members: dict[str, bytes] = field(repr=False)
    plan_version: int | None = None  # the community's plan travels too (this version)

    @property
    def counts(self) -> dict[str, int]:
        return self.manifest["counts"]

    @property
    def suppressed_questions(self) -> int:
        """Summary level: questions (over all sessions) that carry no figures."""
        if self.level != "summary":
            return 0
        data = json.loads(self.members[fmt.SESSIONS].decode("utf-8"))["sessions"]
        return sum(1 for s in data for q in s["summary"]["questions"] if q["suppressed"])

    @property
    def withheld(self) -> int:
        return sum(s.withheld for s in self.sessions)

    def content_text(self) -> str:
        """What will leave, as readable JSON: the manifest and the sessions (questionnaire
        definitions, which are the app's own public text, are named by their hash)."""
        data = {"manifest": self.manifest,
                "sessions": json.loads(self.members[fmt.SESSIONS].decode("utf-8"))["sessions"]}
        if fmt.PLAN in self.members:
            data["plan"] = json.loads(self.members[fmt.PLAN].decode("utf-8"))
        return json.dumps(data, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class ExportRecord:
    id: str
    community_id: str
    community: str
    created_at: str
    level: str
    sessions: list[str]
    file_name: str
    sha256: str
    size: int
    encrypted: bool
    counts: dict[str, int]
    received_at: str | None = None  # the hub's receipt, once imported back
    received_respondents: int | None = None
    hub_fingerprint: str | None = None


def choose_sessions(service: SessionService, session_ids: list[str],
                    community: str | None = None) -> list[Session]:
    """The sessions to export: those named (ids or prefixes), or all of `community`; they
    must belong to one community and not be in the trash."""
    if session_ids:
        sessions = [service.get(sid) for sid in session_ids]
    elif community:
        try:
            cid = service.community_id(community, create=False)
        except InputError:
            raise ExportError(N_("there is no community named {name}."), name=community) \
                from None
        sessions = [s for s in service.list_sessions() if s.community_id == cid]
    else:
        sessions = service.list_sessions()
        if len({s.community_id for s in sessions}) > 1:
            raise ExportError(N_("name the sessions or the community to export."))
    unique: dict[str, Session] = {}
    for s in sessions:
        unique.setdefault(s.id, s)
    sessions = list(unique.values())
    if not sessions:
        raise ExportError(N_("there is no session to export."))
    if len({s.community_id for s in sessions}) > 1:
        raise ExportError(N_("a package holds the sessions of one community only."))
    if any(s.deleted_at for s in sessions):
        raise ExportError(N_("a session in the trash cannot be exported."))
    return sessions


def preview(store: Store, session_ids: list[str], level: str, threshold: int,
            community: str | None = None, with_facilitator: bool = False,
            with_plan: bool = True) -> Preview:
    """Build the package content for these sessions at this level; nothing is written.
    The facilitator's name leaves only at `full`, or at `responses` when with_facilitator
    (the facilitator chose it); never at `summary`."""
    if level not in fmt.LEVELS:
        raise InputError(N_("Unknown sharing level {level}: use summary, responses or full."),
                         level=level)
    from toolkit.disclosure import check_threshold

    threshold = check_threshold(threshold)  # recorded in the manifest as used
    service = SessionService(store)
    sessions = choose_sessions(service, session_ids, community)
    cid = sessions[0].community_id
    crow = store.conn.execute("SELECT id, name, revision, created_at, updated_at "
                              "FROM communities WHERE id = ?", (cid,)).fetchone()
    instruments: dict[str, Any] = {}
    out_sessions, previews, comments = [], [], []
    for session in sorted(sessions, key=lambda s: (s.session_date, s.id)):
        instrument = service.instrument(session)
        instruments[instrument.content_hash] = instrument
        data, sp, shared = _session_payload(store, service, session, instrument, level, threshold,
                                            with_facilitator or level == "full")
        out_sessions.append(data)
        previews.append(sp)
        comments += shared
    members = {f"instruments/{h}.json": fmt.dumps(i.definition) for h, i in instruments.items()}
    members[fmt.SESSIONS] = fmt.dumps({"sessions": out_sessions})
    carried = language_members(store.path.parent)
    members |= carried
    plan_version = None
    if with_plan:
        plan_member = _plan_payload(store, cid, threshold)
        if plan_member is not None:
            members[fmt.PLAN] = fmt.dumps(plan_member)
            plan_version = plan_member["version"]
    counts = {"sessions": len(previews), "respondents": sum(p.respondents for p in previews)}
    if level != "summary":
        counts |= {"answers": sum(p.answers for p in previews), "comments": len(comments)}
    else:
        counts |= {"answers": 0, "comments": 0}
    manifest = {
        "format": fmt.FORMAT,
        "format_version": fmt.PLAN_FORMAT_VERSION if fmt.PLAN in members else 2,
        "app_version": __version__,
        "export_id": str(uuid.uuid4()),
        "created_at": utc_now(),
        "installation_id": store.installation_id,
        "public_key": signing.public_key(store),
        "community": {"id": crow[0], "name": crow[1], "revision": crow[2],
                      "created_at": crow[3], "updated_at": crow[4]},
        "sharing_level": level,
        "threshold": threshold,
        "sessions": [s["id"] for s in out_sessions],
        "instruments": sorted(instruments),
        "counts": counts,
    }
    if carried:  # only then: a package without translations reads on older versions too
        manifest["languages"] = sorted(carried)
    return Preview(level, cid, crow[1], previews, comments, manifest, members, plan_version)


def _plan_payload(store: Store, community_id: str, threshold: int) -> dict[str, Any] | None:
    """The community's current plan, if it was made here: the document without the asset
    register's contact notes, and its indicator values per round through the same
    disclosure rules as the summaries, at the package's threshold."""
    from toolkit.plan import model
    from toolkit.plan.seeding import indicator_values
    from toolkit.plan.service import PlanService, shareable

    current = PlanService(store).current(community_id)
    if current is None or current.read_only:
        return None
    values = indicator_values(store, current.plan, threshold)
    return {"format": 1, "version": current.version, "saved_at": current.saved_at,
            "plan": model.to_builtins(shareable(current.plan)),
            "indicator_values": {k: [v.to_json() for v in row] for k, row in values.items()}}


def _session_payload(store: Store, service: SessionService, session: Session, instrument,
                     level: str, threshold: int, with_facilitator: bool):
    base = {
        "id": session.id, "instrument_hash": session.instrument_hash, "title": session.title,
        "session_date": session.session_date, "place": session.place, "mode": session.mode,
        "language": session.language, "revision": session.revision,
        "updated_at": session.updated_at,
        "created_at": store.conn.execute("SELECT created_at FROM sessions WHERE id = ?",
                                         (session.id,)).fetchone()[0],
    }
    in_round = store.conn.execute(
        "SELECT r.id, r.name, r.created_at, x.assigned_at FROM round_sessions x "
        "JOIN rounds r ON r.id = x.round_id WHERE x.session_id = ?", (session.id,)).fetchone()
    if in_round:  # written only then: a package without rounds reads in earlier builds too
        base["round"] = dict(zip(("id", "name", "created_at", "assigned_at"), in_round))
    respondents = service.respondents(session.id)
    # revision and creation time of every respondent in one query, not two per respondent
    meta = {rid: (revision, created) for rid, revision, created in store.conn.execute(
        "SELECT id, revision, created_at FROM respondents WHERE session_id = ?", (session.id,))}
    raw = service.all_answers(session.id)
    effective = {r.id: effective_answers(instrument, raw[r.id]) for r in respondents}
    free_total = sum(1 for a in effective.values() for k in a
                     if fmt.is_free_text_key(instrument, k))
    if level == "summary":
        from toolkit.exchange.summaries import build_summary

        base |= {"respondent_count": len(respondents),
                 "summary": build_summary(instrument, raw, threshold, session.completed)}
        sp = SessionPreview(session.id, session.title, session.session_date, session.place,
                            len(respondents), 0, 0, free_total)
        return base, sp, []
    reviews = {} if level != "full" else _included_reviews(store, session.id)
    people, shared, answers_out = [], [], 0
    for r in respondents:
        answers = {}
        for key, value in effective[r.id].items():
            if not fmt.is_free_text_key(instrument, key):
                answers[key] = value
                continue
            wording = reviews.get((r.id, key), {}).get(value) if level == "full" else None
            if wording:
                answers[key] = wording
                label = instrument.question(key.removesuffix(".other")).label
                shared.append(Comment(session.id, r.number, key, wording, label))
        answers_out += len(answers)
        people.append({
            "id": r.id, "number": r.number, "paper_number": r.paper_number,
            "status": r.status, "revision": meta[r.id][0], "updated_at": r.updated_at,
            "created_at": meta[r.id][1],
            "answers": answers,
        })
    facilitator = session.facilitator if with_facilitator else ""
    base |= {"facilitator": facilitator, "status": session.status, "respondents": people}
    sp = SessionPreview(session.id, session.title, session.session_date, session.place,
                        len(respondents), answers_out, len(shared), free_total - len(shared),
                        facilitator, bool(session.facilitator) and not with_facilitator)
    return base, sp, shared


def _included_reviews(store: Store, session_id: str) -> dict[tuple[str, str], dict[str, str]]:
    """(respondent, question) -> {answer as reviewed: wording to share}, for reviews that
    include the comment. Keyed by the reviewed original, so a changed answer finds nothing."""
    rows = store.conn.execute(
        "SELECT c.respondent_id, c.question_id, c.original, c.text FROM comment_reviews c "
        "JOIN respondents r ON r.id = c.respondent_id "
        "WHERE r.session_id = ? AND c.decision = 'include'", (session_id,))
    return {(rid, qid): {original: text.strip()} for rid, qid, original, text in rows
            if text.strip()}


def language_members(data_folder: Path) -> dict[str, bytes]:
    """The translators' files of this data folder, as package members."""
    from toolkit import languages
    from toolkit.translation import files

    base = languages.languages_folder(data_folder)
    found: dict[str, bytes] = {}
    if base is None or not base.is_dir():
        return found
    names = ("language.toml", *(f"{domain}.po" for domain in files.DOMAINS))
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        for file_name in names:
            member = f"languages/{folder.name}/{file_name}"
            if (folder / file_name).is_file() and fmt.LANGUAGE_MEMBER.match(member):
                found[member] = (folder / file_name).read_bytes()
    return found


def suggested_file_name(pv: Preview) -> str:
    from toolkit.filenames import suggested_name

    return suggested_name(pv.community, pv.manifest["created_at"][:10], pv.level,
                          suffix=fmt.EXTENSION, fallback="community")


def export_package(store: Store, pv: Preview, target: Path | str,
                   passphrase: str | None = None) -> ExportRecord:
    """Write the previewed package to `target` (temporary file, then rename) and record it
    in the community's export history."""
    target = Path(target)
    if passphrase is not None:
        fmt.check_passphrase(passphrase)
    data = fmt.build_zip(pv.manifest, pv.members, lambda b: signing.sign(store, b))
    if passphrase:
        data = fmt.encrypt(data, passphrase)
    atomic_write_bytes(target, data)
    record = ExportRecord(pv.manifest["export_id"], pv.community_id, pv.community,
                          pv.manifest["created_at"], pv.level, list(pv.manifest["sessions"]),
                          target.name, fmt.sha256(data), len(data), bool(passphrase),
                          dict(pv.counts))
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO exports(id, community_id, created_at, sharing_level, sessions, "
            "file_name, sha256, size, encrypted, counts) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (record.id, record.community_id, record.created_at, record.level,
             json.dumps(record.sessions), record.file_name, record.sha256, record.size,
             int(record.encrypted), json.dumps(record.counts)))
    return record


def export_history(store: Store, community_id: str | None = None) -> list[ExportRecord]:
    """Packages written on this computer, newest first (of one community, or all)."""
    sql = ("SELECT e.id, e.community_id, c.name, e.created_at, e.sharing_level, e.sessions, "
           "e.file_name, e.sha256, e.size, e.encrypted, e.counts, r.received_at, "
           "r.respondents, r.hub_fingerprint FROM exports e "
           "JOIN communities c ON c.id = e.community_id "
           "LEFT JOIN export_receipts r ON r.export_id = e.id")
    args: tuple = ()
    if community_id:
        sql, args = sql + " WHERE e.community_id = ?", (community_id,)
    rows = store.conn.execute(sql + " ORDER BY e.created_at DESC, e.rowid DESC", args)
    return [ExportRecord(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8],
                         bool(r[9]), json.loads(r[10]), r[11], r[12], r[13]) for r in rows]


def receipt_text(record: ExportRecord) -> str:
    """"received by CCSC on …, N respondents", or "" before the receipt came back."""
    from toolkit.i18n import _, format_datetime

    if not record.received_at:
        return ""
    from toolkit.vocabulary import respondents_count

    return _("received by CCSC on {date}, {respondents}").format(
        date=format_datetime(record.received_at, fmt="short"),
        respondents=respondents_count(record.received_respondents or 0))
