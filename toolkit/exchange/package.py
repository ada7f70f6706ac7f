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

import msgspec

from toolkit.errors import ToolkitError, validation_place
from toolkit.exchange import schema
from toolkit.exchange.errors import PackageError as PackageError
from toolkit.exchange.errors import damaged as damaged
from toolkit.i18n import N_
from toolkit.safetext import terminal

EXTENSION = ".ccsc"
FORMAT = "ccsc-toolkit-package"
FORMAT_VERSION = 3  # 3: may hold plan.json; 2: signed (signature.json); 1: earlier, unsigned
PLAN_FORMAT_VERSION = 3  # a package with plan.json says 3; without one, still 2 (older
# readers keep reading every package that has nothing new in it)
LEVELS = ("summary", "responses", "full")
MANIFEST = "manifest.json"
SESSIONS = "sessions.json"
PLAN = "plan.json"  # optional: the community's current plan (summary-level content)
SIGNATURE = "signature.json"
CHUNK = 1024 * 1024  # members are inflated this much at a time
INSTRUMENT_MEMBER = re.compile(r"^instruments/([0-9a-f]{64})\.json$")
LANGUAGE_MEMBER = re.compile(schema.LANGUAGE_FILE)  # a translator's file (manifest "languages")

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
    member_bytes: int = 48 * 1024 * 1024  # sessions.json (100,000 respondents: about 30 MB)
    manifest_bytes: int = 1024 * 1024
    signature_bytes: int = 4096
    instrument_bytes: int = 2 * 1024 * 1024
    total_bytes: int = 64 * 1024 * 1024
    sessions: int = 1_000
    respondents: int = 100_000
    answers_per_respondent: int = 2_000
    text: int = 10_000


LIMITS = Limits()


# errors -----------------------------------------------------------------------------------
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


# writing ----------------------------------------------------------------------------------
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def build_zip(manifest: dict[str, Any], members: dict[str, bytes], sign=None) -> bytes:
    """The zip bytes: manifest first (with the checksum and size of every other member),
    then signature.json when `sign` (bytes -> hex Ed25519 signature) is given."""
    manifest = dict(manifest, members={name: {"sha256": sha256(data), "size": len(data)}
                                       for name, data in sorted(members.items())})
    manifest_bytes = dumps(manifest)
    first = [(MANIFEST, manifest_bytes)]
    if sign is not None:
        first.append((SIGNATURE, dumps({"algorithm": "ed25519",
                                        "signature": sign(manifest_bytes)})))
    buffer = io.BytesIO()
    fixed_time = (1980, 1, 1, 0, 0, 0)  # no local clock time leaks into the archive
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*first, *sorted(members.items())]:
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
    public_key: str | None = None  # hex; None: an unsigned package of format version 1
    plan: Any = None  # schema.PlanMember: the community's plan, when the package holds one
    languages: dict[str, bytes] = field(default_factory=dict)  # member name -> checked file

    @property
    def signed(self) -> bool:
        return self.public_key is not None

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
        size = len(data)
        members = _read_members(data, name, limits)
        del data  # the zip's bytes are no longer needed: bound what is held at once
        manifest = _check_manifest(members[MANIFEST], name)
        _check_members(manifest, members, name)
        package = Package(name, digest, size, encrypted, manifest)
        _check_signature(package, members)
        _check_content(package, members, limits)
    except PackageError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            KeyError, TypeError, AttributeError, IndexError, RecursionError,
            NotImplementedError, zlib.error) as exc:
        raise damaged(name, N_("the file is damaged or incomplete ({reason})."),
                      reason=type(exc).__name__) from exc
    return package


def _checked_language_file(data: bytes, member: str, name: str) -> bytes:
    """A translator's file must read as what it claims to be (a .po or a language file)."""
    try:
        if member.endswith(".po"):
            from babel.messages.pofile import read_po

            read_po(io.BytesIO(data), abort_invalid=True)
        else:
            import tomllib

            from toolkit import languages

            description = tomllib.loads(data.decode("utf-8"))
            if languages._make(description, bundled=False).code != member.split("/")[1]:
                raise ValueError("code")
    except Exception as exc:  # noqa: BLE001 - any failure to parse is a damaged member
        raise damaged(name, N_("the translation file {member} is damaged."),
                      member=member) from exc
    return data


def member_limit(member: str, limits: Limits) -> int:
    if member == MANIFEST:
        return limits.manifest_bytes
    if member == SIGNATURE:
        return limits.signature_bytes
    if member == SESSIONS:
        return limits.member_bytes
    return limits.instrument_bytes


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
                          member=terminal(member[:80]))
        if member not in (MANIFEST, SESSIONS, SIGNATURE, PLAN) and not INSTRUMENT_MEMBER.match(
                member) and not LANGUAGE_MEMBER.match(member):
            raise damaged(name, N_("it contains an unexpected file ({member})."),
                          member=terminal(member[:80]))
        if info.flag_bits & 0x1:
            raise damaged(name, N_("it uses a kind of zip encryption the toolkit does not read."))
        limit = min(member_limit(member, limits), limits.total_bytes - total)
        if info.file_size > limit:
            raise _too_large(name, member, total, info.file_size, limits)
        # Inflate in chunks, counting: whatever the header claims, no more than the limit is
        # ever held (a zip bomb stops at the limit, not at its own size).
        content = bytearray()
        with zf.open(info) as fh:
            while chunk := fh.read(min(CHUNK, limit + 1 - len(content))):
                content += chunk
                if len(content) > limit:
                    raise _too_large(name, member, total, len(content), limits)
        total += len(content)
        members[member] = bytes(content)
        del content
    if MANIFEST not in members:
        raise damaged(name, N_("it is not a package exported by this toolkit."))
    return members


def _too_large(name: str, member: str, total: int, size: int, limits: Limits) -> PackageError:
    if size <= member_limit(member, limits):
        return damaged(name, N_("its content is too large."))
    return damaged(name, N_("a file inside it is too large ({member})."), member=member)


def _safe_member_name(member: str) -> bool:
    if not member or member.startswith(("/", "\\")) or "\\" in member or "\x00" in member:
        return False
    if re.match(r"^[A-Za-z]:", member):
        return False
    return all(part not in ("", ".", "..") for part in member.split("/"))


def _invalid(name: str, member: str, exc: Exception) -> PackageError:
    """A member that does not have its declared shape: say where, in the user's words."""
    if isinstance(exc, msgspec.ValidationError):
        return damaged(name, N_("{member} is not valid at {field}."), member=member,
                       field=terminal(validation_place(exc)))
    return damaged(name, N_("{member} is not valid JSON."), member=member)


def _decode(kind: str, raw: bytes, member: str, name: str) -> Any:
    if schema.too_many_items(raw):
        raise damaged(name, N_("a file inside it is too large ({member})."), member=member)
    try:
        return schema.decode(kind, raw)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError) as exc:
        raise _invalid(name, member, exc) from None


def _json(raw: bytes, member: str, name: str) -> Any:
    """Plain JSON, bounded (depth, finite numbers, integers below 2^53)."""
    value = _decode("any", raw, member, name)
    try:
        return schema.check_bounds(value)
    except schema.BoundsError:
        raise damaged(name, N_("{member} is not valid JSON."), member=member) from None


def _check_times(name: str, member: str, where: str, stamps=(), days=()) -> None:
    try:
        for value in stamps:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        for value in days:
            date.fromisoformat(value)
    except ValueError:
        raise damaged(name, N_("{member} is not valid at {field}."), member=member,
                      field=where) from None


def _check_manifest(raw: bytes, name: str) -> dict[str, Any]:
    head = _decode("head", raw, MANIFEST, name)
    if head.format != FORMAT:
        raise damaged(name, N_("it is not a package exported by this toolkit."))
    version = head.format_version
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise damaged(name, N_(
            "it was made by a newer version of the toolkit (package format {found}; this "
            "version reads up to {supported}). Install the newer version."),
            found=version, supported=FORMAT_VERSION)
    m = _decode("manifest", raw, MANIFEST, name)
    if not m.community.name.strip():
        raise damaged(name, N_("{member} is not valid at {field}."), member=MANIFEST,
                      field="community.name")
    if len(set(m.sessions)) != len(m.sessions):
        raise damaged(name, N_("{member} is not valid at {field}."), member=MANIFEST,
                      field="sessions")
    if (m.format_version >= 2) != (m.public_key is not None):
        raise damaged(name, N_("{member} is not valid at {field}."), member=MANIFEST,
                      field="public_key")
    _check_times(name, MANIFEST, "created_at", (m.created_at, m.community.created_at,
                                                m.community.updated_at))
    manifest = schema.to_dict(m)
    manifest["community"] = schema.to_dict(m.community)
    manifest["counts"] = schema.to_dict(m.counts)
    manifest["members"] = {k: schema.to_dict(v) for k, v in m.members.items()}
    return manifest


def _check_members(manifest: dict, members: dict[str, bytes], name: str) -> None:
    listed = manifest["members"]
    expected = {SESSIONS} | {f"instruments/{h}.json" for h in manifest["instruments"]} | set(
        manifest.get("languages") or ())
    if PLAN in listed and manifest["format_version"] >= PLAN_FORMAT_VERSION:
        expected.add(PLAN)  # optional, and then listed (and so signed) like every other member
    present = set(members) - {MANIFEST, SIGNATURE}
    if set(listed) != expected or present != expected:
        raise damaged(name, N_("its list of files does not match its content."))
    for member, info in listed.items():
        data = members[member]
        if len(data) != info["size"] or sha256(data) != info["sha256"]:
            raise damaged(name, N_(
                "the checksum of {member} does not match: the file was damaged or altered."),
                member=member)


def _check_signature(package: Package, members: dict[str, bytes]) -> None:
    """Version 2: signature.json must hold a valid Ed25519 signature of manifest.json by the
    key the manifest names (which in turn lists the checksum of every other member).
    Version 1 packages (earlier builds) have none: they are read as unsigned, and the
    importer asks for an explicit confirmation."""
    from toolkit.exchange import signing

    m, name = package.manifest, package.name
    if m["format_version"] < 2:
        if SIGNATURE in members:
            raise damaged(name, N_("its list of files does not match its content."))
        return
    if SIGNATURE not in members:
        raise damaged(name, N_("it is not signed, although its format says it must be."))
    sig = _decode("signature", members[SIGNATURE], SIGNATURE, name)
    if not signing.verify(m["public_key"], members[MANIFEST], sig.signature):
        raise damaged(name, N_(
            "its signature does not match: the file was altered after export."))
    package.public_key = m["public_key"]


def _check_content(package: Package, members: dict[str, bytes], limits: Limits) -> None:
    name, manifest = package.name, package.manifest
    for digest in manifest["instruments"]:
        member = f"instruments/{digest}.json"
        definition = _json(members.pop(member), member, name)
        package.instruments[digest] = checked_instrument(definition, digest, name, member)
    for member in manifest.get("languages") or ():
        package.languages[member] = _checked_language_file(members.pop(member), member, name)
    level = package.level
    decoded = _decode("summary" if level == "summary" else "responses",
                      members.pop(SESSIONS), SESSIONS, name)
    checker = _SessionChecker(package, limits)
    package.sessions = [checker.session(s, i) for i, s in enumerate(decoded.sessions)]
    if [s["id"] for s in package.sessions] != manifest["sessions"]:
        raise damaged(name, N_("its list of sessions does not match its content."))
    counts = manifest["counts"]
    found = checker.counts(package.sessions)
    if any(counts[k] != found[k] for k in found):
        raise damaged(name, N_("its counts do not match its content."))
    if PLAN in members:
        package.plan = _check_plan(package, members.pop(PLAN))


def _check_plan(package: Package, raw: bytes):
    """plan.json: the declared shape (msgspec), the plan's own checks, the package's own
    community only, and no indicator value resting on fewer people than its threshold."""
    from toolkit import disclosure
    from toolkit.plan import model

    name = package.name
    member = _decode("plan", raw, PLAN, name)
    try:
        model.check(member.plan)
    except model.PlanFormatError as exc:
        raise damaged(name, N_("{member} is not valid at {field}."), member=PLAN,
                      field=terminal(str(exc.values.get("reason", ""))[:120])) from None
    if member.plan.community_id != package.community["id"]:
        raise damaged(name, N_("its plan belongs to another community than the package."))
    _check_times(name, PLAN, "saved_at", (member.saved_at,))
    indicators = {i.id for p in member.plan.priorities for i in p.indicators
                  if i.figure is not None}
    threshold = package.manifest["threshold"]
    for indicator_id, values in member.indicator_values.items():
        if indicator_id not in indicators:
            raise damaged(name, N_("{member} is not valid at {field}."), member=PLAN,
                          field=f"indicator_values.{indicator_id}")
        for v in values:
            figures = (v.share, v.count, v.people, v.mean)
            shown = v.status == "shown"
            if not shown and any(f is not None for f in figures):
                raise damaged(name, N_("{member} is not valid at {field}."), member=PLAN,
                              field=f"indicator_values.{indicator_id}: figures not shown")
            if shown and (v.people is None or not disclosure.shows(v.people, threshold)):
                raise damaged(name, N_("{member} is not valid at {field}."), member=PLAN,
                              field=f"indicator_values.{indicator_id}: fewer people than "
                                    "the threshold")
            if shown and (v.count is None) == (v.mean is None) or (
                    v.count is not None and (v.people is None or v.count > v.people
                                             or v.share is None
                                             or abs(v.share - v.count / v.people) > 1e-3)):
                raise damaged(name, N_("{member} is not valid at {field}."), member=PLAN,
                              field=f"indicator_values.{indicator_id}")
    return member


class _SessionChecker:
    """What the declared shapes cannot say: references between members, uniqueness, each
    answer against its question, free text only where the level allows it."""

    def __init__(self, package: Package, limits: Limits) -> None:
        self.package, self.limits = package, limits
        self.respondents = 0
        self.comments = 0
        self.seen_ids: set[str] = set()
        self.rounds: dict[str, tuple[str, str]] = {}

    def fail(self, where: str) -> PackageError:
        return damaged(self.package.name, N_("{member} is not valid at {field}."),
                       member=SESSIONS, field=where[:120])

    def session(self, raw, i: int) -> dict[str, Any]:
        where = f"sessions[{i}]"
        if raw.instrument_hash not in self.package.instruments:
            raise self.fail(f"{where}.instrument_hash")
        _check_times(self.package.name, SESSIONS, where, (raw.created_at, raw.updated_at),
                     (raw.session_date,))
        out = schema.to_dict(raw)
        out["round"] = self.round(raw.round, f"{where}.round")
        if self.package.level == "summary":
            from toolkit.exchange.summaries import check_summary

            try:
                schema.check_bounds(raw.summary)
            except schema.BoundsError:
                raise self.fail(f"{where}.summary") from None
            out["summary"] = check_summary(raw.summary, self.package, f"{where}.summary",
                                           raw.instrument_hash, raw.respondent_count,
                                           self.package.instruments[raw.instrument_hash])
            return out
        instrument = self.package.instruments[raw.instrument_hash]
        self.respondents += len(raw.respondents)
        if self.respondents > self.limits.respondents:
            raise self.fail(f"{where}.respondents")
        out["respondents"] = [self.respondent(r, f"{where}.respondents[{j}]", instrument)
                              for j, r in enumerate(raw.respondents)]
        ids = [r["id"] for r in out["respondents"]]
        numbers = [r["number"] for r in out["respondents"]]
        if len(set(numbers)) != len(numbers) or self.seen_ids.intersection(ids) \
                or len(set(ids)) != len(ids):
            raise self.fail(f"{where}.respondents")  # ids unique in the whole package
        self.seen_ids.update(ids)
        return out

    def round(self, raw, where: str) -> dict[str, Any] | None:
        """A session's round; one round id names one round throughout the package."""
        if raw is None:
            return None
        _check_times(self.package.name, SESSIONS, where, (raw.created_at, raw.assigned_at))
        out = schema.to_dict(raw)
        same = self.rounds.setdefault(raw.id, (raw.name, raw.created_at))
        if same != (raw.name, raw.created_at):
            raise self.fail(where)
        return out

    def respondent(self, raw, where: str, instrument) -> dict[str, Any]:
        from toolkit.questionnaire.answers import AnswerError

        _check_times(self.package.name, SESSIONS, where, (raw.created_at, raw.updated_at))
        out = schema.to_dict(raw)
        clean = {}
        full = self.package.level == "full"
        checker = _answer_checker(instrument)
        plans, verdicts = checker.plans, checker.verdicts
        for qid, value in raw.answers.items():
            plan = plans.get(qid, _UNSEEN)
            if plan is _UNSEEN:
                plan = checker.plan(qid)
            if plan is None:
                raise self.fail(f"{where}.answers.{terminal(qid[:40])}")
            if plan[1]:  # free text
                if not full:
                    raise damaged(self.package.name, N_(
                        "it contains free text although its sharing level does not allow it."))
                self.comments += 1
            elif type(value) is int:  # the common case, inline: a verdict seen before
                verdict = verdicts.get((qid, value), _UNSEEN)
                if verdict is not _UNSEEN:
                    clean[qid] = verdict
                    continue
            try:
                clean[qid] = checker.check(qid, plan, value, self.limits.text)
            except AnswerError:
                raise self.fail(f"{where}.answers.{terminal(qid[:40])}") from None
        out["answers"] = clean
        return out

    def counts(self, sessions: list[dict]) -> dict[str, int]:
        if self.package.level == "summary":
            return {"sessions": len(sessions),
                    "respondents": sum(s["respondent_count"] for s in sessions)}
        people = [r for s in sessions for r in s["respondents"]]
        return {"sessions": len(sessions), "respondents": len(people),
                "answers": sum(len(r["answers"]) for r in people), "comments": self.comments}


class _AnswerChecker:
    """check_answer for one questionnaire, with what repeats remembered: each answer key's
    question, and the verdict on short values (a hub checks the same "4" to the same scale
    question tens of thousands of times). Verdicts are the questionnaire module's own."""

    MAX_CACHED = 50_000

    def __init__(self, instrument) -> None:
        from toolkit.questionnaire.answers import check_answer, check_text

        self.instrument = instrument
        self.check_answer, self.check_text = check_answer, check_text
        self.plans: dict[str, tuple | None] = {}
        self.verdicts: dict[tuple[str, Any], Any] = {}

    def plan(self, qid: str):
        """(question, free text?, "other" text?) for an answer key; None if unknown."""
        try:
            return self.plans[qid]
        except KeyError:
            pass
        other = qid.endswith(".other")
        base = qid[:-6] if other else qid
        plan = None
        if self.instrument.has_question(base):
            question = self.instrument.question(base)
            plan = (question, other or question.is_free_text, other)
        if len(self.plans) < 4096:
            self.plans[qid] = plan
        return plan

    def check(self, qid: str, plan, value, text_limit: int):
        question, free, other = plan
        if free:
            return (self.check_text(value, text_limit) if other
                    else self.check_answer(question, value))
        kind = type(value)
        if kind is list and len(value) <= 16:
            key: tuple = (qid, tuple(value))  # choices ticked or ranked
        elif kind is int or (kind is str and len(value) <= 64):
            key = (qid, value)
        else:
            return self.check_answer(question, value)
        verdict = self.verdicts.get(key, _UNSEEN)
        if verdict is _UNSEEN:
            verdict = self.check_answer(question, value)  # raises if wrong: never cached
            if len(self.verdicts) < self.MAX_CACHED:
                self.verdicts[key] = verdict
        return list(verdict) if kind is list else verdict


_UNSEEN = object()
_CHECKERS: dict[str, _AnswerChecker] = {}


def _answer_checker(instrument) -> _AnswerChecker:
    checker = _CHECKERS.get(instrument.content_hash)
    if checker is None:
        if len(_CHECKERS) >= 64:
            _CHECKERS.clear()
        checker = _CHECKERS[instrument.content_hash] = _AnswerChecker(instrument)
    return checker


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
