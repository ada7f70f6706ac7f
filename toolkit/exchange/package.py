"""The exchange package format (`.ccsc`): writing one, and reading one back with every check.

A package is a zip holding `manifest.json`, `sessions.json` and one `instruments/<hash>.json`
per questionnaire used; the manifest lists the sha256 and size of every other member. An
encrypted package is the same zip sealed with AES-256-GCM under a key derived from a
passphrase with scrypt, behind a small clear header so the app knows to ask for the
passphrase. docs/package-format.md is the reference.

Reading never touches the database and never writes to disk: the file is read within size
limits, decrypted, opened in memory, and every member checked (names, sizes, checksums, JSON
shapes, answers against the questionnaires carried) before an importer sees anything.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from toolkit.errors import ToolkitError
from toolkit.i18n import LANGUAGES, N_, _
from toolkit.vocabulary import MODES

EXTENSION = ".ccsc"
FORMAT = "ccsc-toolkit-package"
FORMAT_VERSION = 1
LEVELS = ("summary", "responses", "full")
MANIFEST = "manifest.json"
SESSIONS = "sessions.json"
INSTRUMENT_MEMBER = re.compile(r"^instruments/([0-9a-f]{64})\.json$")

# Encrypted: MAGIC, format byte, scrypt log2(n), r, p, 16-byte salt, 12-byte nonce, then the
# AES-256-GCM ciphertext of the zip; the header is authenticated as associated data.
MAGIC = b"CCSC-ENC"
ENC_VERSION = 1
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # about 32 MiB and 0.1 s: slow to guess
SCRYPT_MAX_MEMORY = 64 * 1024 * 1024  # accepted when reading (128 * r * N bytes)
HEADER_SIZE = len(MAGIC) + 4 + 16 + 12
ZIP_MAGIC = b"PK\x03\x04"
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Limits:
    """Sanity limits: far above any real session, far below what could exhaust a laptop."""

    file_bytes: int = 64 * 1024 * 1024
    members: int = 200
    member_bytes: int = 64 * 1024 * 1024
    total_bytes: int = 128 * 1024 * 1024
    sessions: int = 1_000
    respondents: int = 100_000
    answers_per_respondent: int = 2_000
    text: int = 10_000


LIMITS = Limits()


# errors -----------------------------------------------------------------------------------
class PackageError(ToolkitError):
    """A package that is refused; nothing was imported."""

    message = N_("The package {name} was not imported: {problem} Nothing was changed.")

    def __init__(self, name: str, problem: str, **values: object) -> None:
        self.name, self.problem, self.problem_values = name, problem, values
        super().__init__(name=name, problem=problem)

    def user_message(self) -> str:
        problem = _(self.problem).format(**self.problem_values)
        return _(self.message).format(name=self.name, problem=problem)


class PassphraseRequiredError(PackageError):
    message = N_("The package {name} is encrypted: {problem}")

    def __init__(self, name: str) -> None:
        super().__init__(name, N_("enter the passphrase it was exported with."))


class WrongPassphraseError(PackageError):
    message = N_("The package {name} could not be opened: {problem} Nothing was changed.")

    def __init__(self, name: str) -> None:
        super().__init__(name, N_(
            "the passphrase is not the right one, or the file was altered after export."))


class PackageConflictError(PackageError):
    def __init__(self, name: str) -> None:
        super().__init__(name, N_(
            "its records clash with different records already here under the same ids."))


class PassphraseError(ToolkitError):
    message = N_("The passphrase must have at least {n} characters.")


def damaged(name: str, problem: str, **values: object) -> PackageError:
    return PackageError(name, problem, **values)


# writing ----------------------------------------------------------------------------------
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def build_zip(manifest: dict[str, Any], members: dict[str, bytes]) -> bytes:
    """The zip bytes: manifest first (with the checksum and size of every other member)."""
    manifest = dict(manifest, members={name: {"sha256": sha256(data), "size": len(data)}
                                       for name, data in sorted(members.items())})
    buffer = io.BytesIO()
    fixed_time = (1980, 1, 1, 0, 0, 0)  # no local clock time leaks into the archive
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [(MANIFEST, dumps(manifest)), *sorted(members.items())]:
            info = zipfile.ZipInfo(name, date_time=fixed_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buffer.getvalue()


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseError(n=MIN_PASSPHRASE)


def _kdf(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    from Cryptodome.Protocol.KDF import scrypt

    return scrypt(passphrase.encode("utf-8"), salt, 32, N=2 ** log2_n, r=r, p=p)


def encrypt(data: bytes, passphrase: str) -> bytes:
    """AES-256-GCM (pycryptodomex) over the whole zip; the header is authenticated too."""
    from Cryptodome.Cipher import AES

    check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = (MAGIC + bytes([ENC_VERSION, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P]) + salt + nonce)
    key = _kdf(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce, mac_len=16)
    cipher.update(header)
    ciphertext, tag = cipher.encrypt_and_digest(data)
    return header + ciphertext + tag


def decrypt(blob: bytes, passphrase: str, name: str) -> bytes:
    from Cryptodome.Cipher import AES

    if len(blob) < HEADER_SIZE + 16:
        raise damaged(name, N_("the file is truncated."))
    header = blob[:HEADER_SIZE]
    version, log2_n, r, p = header[len(MAGIC):len(MAGIC) + 4]
    if version > ENC_VERSION:
        raise damaged(name, N_("it was made by a newer version of the toolkit; install it."))
    # A forged header must not make us spend gigabytes or minutes deriving a key.
    if version != ENC_VERSION or not (14 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4) \
            or 128 * r * 2 ** log2_n > SCRYPT_MAX_MEMORY:
        raise damaged(name, N_("its encryption header is not valid."))
    salt = header[len(MAGIC) + 4:len(MAGIC) + 20]
    nonce = header[len(MAGIC) + 20:HEADER_SIZE]
    key = _kdf(passphrase, salt, log2_n, r, p)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce, mac_len=16)
    cipher.update(header)
    body = blob[HEADER_SIZE:]
    try:
        return cipher.decrypt_and_verify(body[:-16], body[-16:])
    except ValueError:  # the tag does not match: wrong passphrase or altered file
        raise WrongPassphraseError(name) from None


# reading ----------------------------------------------------------------------------------
@dataclass
class Package:
    """A package that passed every check: what an importer may rely on."""

    name: str
    sha256: str
    size: int
    encrypted: bool
    manifest: dict[str, Any]
    instruments: dict[str, Any] = field(default_factory=dict)  # hash -> Instrument
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.manifest["sharing_level"]

    @property
    def export_id(self) -> str:
        return self.manifest["export_id"]

    @property
    def community(self) -> dict[str, Any]:
        return self.manifest["community"]


def read_file_limited(path: Path, limits: Limits = LIMITS) -> bytes:
    path = Path(path)
    with open(path, "rb") as fh:
        data = fh.read(limits.file_bytes + 1)
    if len(data) > limits.file_bytes:
        raise damaged(path.name, N_("the file is larger than {n} MB."),
                      n=limits.file_bytes // (1024 * 1024))
    return data


def is_encrypted(data: bytes) -> bool:
    return data.startswith(MAGIC)


def file_is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def read_package(path: Path | str, passphrase: str | None = None,
                 limits: Limits = LIMITS) -> Package:
    path = Path(path)
    return parse_package(read_file_limited(path, limits), path.name, passphrase, limits)


def parse_package(data: bytes, name: str, passphrase: str | None = None,
                  limits: Limits = LIMITS) -> Package:
    """Check everything about a package's bytes; raise PackageError at the first problem."""
    digest, encrypted = sha256(data), is_encrypted(data)
    if len(data) > limits.file_bytes:
        raise damaged(name, N_("the file is larger than {n} MB."),
                      n=limits.file_bytes // (1024 * 1024))
    if encrypted:
        if not passphrase:
            raise PassphraseRequiredError(name)
        data = decrypt(data, passphrase, name)
    if not data.startswith(ZIP_MAGIC):
        raise damaged(name, N_("it is not a package exported by this toolkit."))
    try:
        members = _read_members(data, name, limits)
        manifest = _check_manifest(_json(members[MANIFEST], MANIFEST, name), name, limits)
        _check_members(manifest, members, name)
        package = Package(name, digest, len(data), encrypted, manifest)
        _check_content(package, members, limits)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            KeyError, TypeError, AttributeError, IndexError, RecursionError,
            NotImplementedError, zlib.error) as exc:
        raise damaged(name, N_("the file is damaged or incomplete ({reason})."),
                      reason=type(exc).__name__) from exc
    return package


def _read_members(data: bytes, name: str, limits: Limits) -> dict[str, bytes]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise damaged(name, N_("the file is damaged or incomplete ({reason})."),
                      reason="zip") from None
    infos = zf.infolist()
    if len(infos) > limits.members:
        raise damaged(name, N_("it holds too many files ({n})."), n=len(infos))
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise damaged(name, N_("a file appears twice inside it."))
    total = 0
    members: dict[str, bytes] = {}
    for info in infos:
        member = info.filename
        if not _safe_member_name(member):
            raise damaged(name, N_("it contains an unsafe file name ({member})."),
                          member=member[:80])
        if member != MANIFEST and member != SESSIONS and not INSTRUMENT_MEMBER.match(member):
            raise damaged(name, N_("it contains an unexpected file ({member})."),
                          member=member[:80])
        if info.flag_bits & 0x1:
            raise damaged(name, N_("it uses a kind of zip encryption the toolkit does not read."))
        if info.file_size > limits.member_bytes:
            raise damaged(name, N_("a file inside it is too large ({member})."), member=member)
        with zf.open(info) as fh:  # read at most the limit, whatever the header claims
            content = fh.read(limits.member_bytes + 1)
        if len(content) > limits.member_bytes:
            raise damaged(name, N_("a file inside it is too large ({member})."), member=member)
        total += len(content)
        if total > limits.total_bytes:
            raise damaged(name, N_("its content is too large."))
        members[member] = content
    if MANIFEST not in members:
        raise damaged(name, N_("it is not a package exported by this toolkit."))
    return members


def _safe_member_name(member: str) -> bool:
    if not member or member.startswith(("/", "\\")) or "\\" in member or "\x00" in member:
        return False
    if re.match(r"^[A-Za-z]:", member):
        return False
    return all(part not in ("", ".", "..") for part in member.split("/"))


def _json(raw: bytes, member: str, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise damaged(name, N_("{member} is not valid JSON."), member=member) from None


# shape checks -----------------------------------------------------------------------------
class _Shape:
    """Tiny typed accessors that turn any wrong shape into one PackageError naming the field."""

    def __init__(self, name: str, member: str, limits: Limits) -> None:
        self.name, self.member, self.limits = name, member, limits

    def fail(self, where: str) -> PackageError:
        return damaged(self.name, N_("{member} is not valid at {field}."), member=self.member,
                       field=where[:120])

    def obj(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where)
        return value

    def lst(self, value: Any, where: str, limit: int) -> list[Any]:
        if not isinstance(value, list) or len(value) > limit:
            raise self.fail(where)
        return value

    def text(self, d: dict, key: str, where: str, optional: bool = False,
             limit: int = 500) -> str | None:
        value = d.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or len(value) > limit:
            raise self.fail(f"{where}.{key}")
        return value

    def int_(self, d: dict, key: str, where: str, minimum: int = 0,
             maximum: int = 2 ** 53) -> int:
        value = d.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.fail(f"{where}.{key}")
        return value

    def uuid(self, d: dict, key: str, where: str) -> str:
        value = self.text(d, key, where)
        if not re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value):
            raise self.fail(f"{where}.{key}")
        return value

    def when(self, d: dict, key: str, where: str) -> str:
        value = self.text(d, key, where, limit=40)
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where}.{key}") from None
        return value

    def day(self, d: dict, key: str, where: str) -> str:
        value = self.text(d, key, where, limit=10)
        try:
            date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{where}.{key}") from None
        return value

    def choice(self, d: dict, key: str, where: str, allowed) -> str:
        value = d.get(key)
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(f"{where}.{key}")
        return value


def _check_manifest(manifest: Any, name: str, limits: Limits) -> dict[str, Any]:
    s = _Shape(name, MANIFEST, limits)
    m = s.obj(manifest, "manifest")
    if m.get("format") != FORMAT:
        raise damaged(name, N_("it is not a package exported by this toolkit."))
    version = m.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise s.fail("format_version")
    if version > FORMAT_VERSION:
        raise damaged(name, N_(
            "it was made by a newer version of the toolkit (package format {found}; this "
            "version reads up to {supported}). Install the newer version."),
            found=version, supported=FORMAT_VERSION)
    s.text(m, "app_version", "manifest", limit=40)
    s.uuid(m, "export_id", "manifest")
    s.when(m, "created_at", "manifest")
    s.text(m, "installation_id", "manifest", limit=80)
    s.choice(m, "sharing_level", "manifest", LEVELS)
    s.int_(m, "threshold", "manifest", 1, 1000)
    c = s.obj(m.get("community"), "community")
    s.uuid(c, "id", "community")
    community_name = s.text(c, "name", "community")
    if not community_name.strip():
        raise s.fail("community.name")
    s.int_(c, "revision", "community", 1)
    s.when(c, "created_at", "community")
    s.when(c, "updated_at", "community")
    sessions = s.lst(m.get("sessions"), "sessions", limits.sessions)
    if not sessions or len(set(map(str, sessions))) != len(sessions):
        raise s.fail("sessions")
    for i, _sid in enumerate(sessions):
        s.uuid({"id": _sid}, "id", f"sessions[{i}]")
    hashes = s.lst(m.get("instruments"), "instruments", limits.members)
    for i, h in enumerate(hashes):
        if not isinstance(h, str) or not re.fullmatch(r"[0-9a-f]{64}", h):
            raise s.fail(f"instruments[{i}]")
    counts = s.obj(m.get("counts"), "counts")
    for key in ("sessions", "respondents", "answers", "comments"):
        s.int_(counts, key, "counts")
    members = s.obj(m.get("members"), "members")
    for member, info in members.items():
        info = s.obj(info, f"members.{member}")
        s.int_(info, "size", f"members.{member}", 0, limits.member_bytes)
        digest = s.text(info, "sha256", f"members.{member}", limit=64)
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise s.fail(f"members.{member}.sha256")
    return m


def _check_members(manifest: dict, members: dict[str, bytes], name: str) -> None:
    listed = manifest["members"]
    expected = {SESSIONS} | {f"instruments/{h}.json" for h in manifest["instruments"]}
    present = set(members) - {MANIFEST}
    if set(listed) != expected or present != expected:
        raise damaged(name, N_("its list of files does not match its content."))
    for member, info in listed.items():
        data = members[member]
        if len(data) != info["size"] or sha256(data) != info["sha256"]:
            raise damaged(name, N_(
                "the checksum of {member} does not match: the file was damaged or altered."),
                member=member)


def _check_content(package: Package, members: dict[str, bytes], limits: Limits) -> None:
    name, manifest = package.name, package.manifest
    for digest in manifest["instruments"]:
        member = f"instruments/{digest}.json"
        definition = _json(members[member], member, name)
        package.instruments[digest] = checked_instrument(definition, digest, name, member)
    data = _Shape(name, SESSIONS, limits).obj(_json(members[SESSIONS], SESSIONS, name), "root")
    sessions = _Shape(name, SESSIONS, limits).lst(data.get("sessions"), "sessions",
                                                   limits.sessions)
    checker = _SessionChecker(package, limits)
    package.sessions = [checker.session(s, i) for i, s in enumerate(sessions)]
    if [s["id"] for s in package.sessions] != manifest["sessions"]:
        raise damaged(name, N_("its list of sessions does not match its content."))
    counts = manifest["counts"]
    found = checker.counts(package.sessions)
    if any(counts[k] != found[k] for k in found):
        raise damaged(name, N_("its counts do not match its content."))


class _SessionChecker:
    def __init__(self, package: Package, limits: Limits) -> None:
        self.package, self.limits = package, limits
        self.s = _Shape(package.name, SESSIONS, limits)
        self.respondents = 0
        self.comments = 0
        self.seen_ids: set[str] = set()

    def session(self, raw: Any, i: int) -> dict[str, Any]:
        s, where = self.s, f"sessions[{i}]"
        d = s.obj(raw, where)
        out = {
            "id": s.uuid(d, "id", where),
            "instrument_hash": s.choice(d, "instrument_hash", where, self.package.instruments),
            "title": s.text(d, "title", where),
            "session_date": s.day(d, "session_date", where),
            "place": s.text(d, "place", where),
            "mode": s.choice(d, "mode", where, MODES),
            "language": s.choice(d, "language", where, LANGUAGES),
            "created_at": s.when(d, "created_at", where),
            "updated_at": s.when(d, "updated_at", where),
            "revision": s.int_(d, "revision", where, 1),
        }
        if self.package.level == "summary":
            from toolkit.exchange.summaries import check_summary

            out["respondent_count"] = s.int_(d, "respondent_count", where, 0,
                                             self.limits.respondents)
            out["summary"] = check_summary(s.obj(d.get("summary"), f"{where}.summary"),
                                           self.package, f"{where}.summary",
                                           out["instrument_hash"], out["respondent_count"],
                                           self.package.instruments[out["instrument_hash"]])
            return out
        out["facilitator"] = s.text(d, "facilitator", where)
        out["status"] = s.choice(d, "status", where, ("open", "closed"))
        instrument = self.package.instruments[out["instrument_hash"]]
        people = s.lst(d.get("respondents"), f"{where}.respondents", self.limits.respondents)
        self.respondents += len(people)
        if self.respondents > self.limits.respondents:
            raise s.fail(f"{where}.respondents")
        out["respondents"] = [self.respondent(r, f"{where}.respondents[{j}]", instrument)
                              for j, r in enumerate(people)]
        ids = [r["id"] for r in out["respondents"]]
        numbers = [r["number"] for r in out["respondents"]]
        if len(set(numbers)) != len(numbers) or self.seen_ids.intersection(ids) \
                or len(set(ids)) != len(ids):
            raise s.fail(f"{where}.respondents")  # ids unique in the whole package
        self.seen_ids.update(ids)
        return out

    def respondent(self, raw: Any, where: str, instrument) -> dict[str, Any]:
        from toolkit.questionnaire.answers import AnswerError, check_answer, check_text

        s = self.s
        d = s.obj(raw, where)
        out = {
            "id": s.uuid(d, "id", where),
            "number": s.int_(d, "number", where, 1, 10_000_000),
            "paper_number": s.text(d, "paper_number", where, optional=True, limit=40),
            "status": s.choice(d, "status", where, ("in_progress", "complete")),
            "created_at": s.when(d, "created_at", where),
            "updated_at": s.when(d, "updated_at", where),
            "revision": s.int_(d, "revision", where, 1),
        }
        answers = s.obj(d.get("answers"), f"{where}.answers")
        if len(answers) > self.limits.answers_per_respondent:
            raise s.fail(f"{where}.answers")
        clean = {}
        full = self.package.level == "full"
        for qid, value in answers.items():
            other = qid.endswith(".other")
            base = qid[:-6] if other else qid
            if not instrument.has_question(base):
                raise s.fail(f"{where}.answers.{qid}")
            question = instrument.question(base)
            if other or question.is_free_text:
                if not full:
                    raise damaged(self.package.name, N_(
                        "it contains free text although its sharing level does not allow it."))
                self.comments += 1
            try:
                clean[qid] = (check_text(value, self.limits.text) if other
                              else check_answer(question, value))
            except AnswerError:
                raise s.fail(f"{where}.answers.{qid}") from None
        out["answers"] = clean
        return out

    def counts(self, sessions: list[dict]) -> dict[str, int]:
        if self.package.level == "summary":
            return {"sessions": len(sessions),
                    "respondents": sum(s["respondent_count"] for s in sessions)}
        people = [r for s in sessions for r in s["respondents"]]
        return {"sessions": len(sessions), "respondents": len(people),
                "answers": sum(len(r["answers"]) for r in people), "comments": self.comments}


_FREE_TEXT_IDS: dict[str, frozenset[str]] = {}


def is_free_text_key(instrument, key: str) -> bool:
    """Free text: a text/longtext answer or the "please specify" text of an "other" choice."""
    if key.endswith(".other"):
        return True
    ids = _FREE_TEXT_IDS.get(instrument.content_hash)
    if ids is None:
        ids = _FREE_TEXT_IDS[instrument.content_hash] = frozenset(
            q.id for q in instrument.questions if q.is_free_text)
    return key in ids


_INSTRUMENTS: dict[str, Any] = {}  # content hash -> Instrument, checked once per process


def checked_instrument(definition: Any, digest: str, name: str, member: str):
    """The questionnaire a package carries, proved to have the content hash it claims."""
    from toolkit.questionnaire import instrument_from_definition

    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    if sha256(canonical.encode("utf-8")) != digest:
        raise damaged(name, N_(
            "the checksum of {member} does not match: the file was damaged or altered."),
            member=member)
    if digest in _INSTRUMENTS:
        return _INSTRUMENTS[digest]
    try:
        instrument = instrument_from_definition(definition, "package")
    except ToolkitError as exc:
        raise damaged(name, N_("a questionnaire inside it is not valid ({reason})."),
                      reason=exc.user_message()) from None
    if instrument.content_hash != digest:
        raise damaged(name, N_(
            "the checksum of {member} does not match: the file was damaged or altered."),
            member=member)
    if len(_INSTRUMENTS) < 64:
        _INSTRUMENTS[digest] = instrument
    return instrument
