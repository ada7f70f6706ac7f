"""The declared shape of every JSON member of a package, and of a receipt (msgspec).

A member is decoded straight into these types: an unknown key, a missing one, a wrong type,
a number out of bounds (revisions in [1, 2^53), counts in [0, 2^53)), a text too long, an id
that is not a UUID: each is refused by msgspec with the path of the field, before anything
is written. msgspec's JSON reader also refuses NaN and Infinity (not JSON), numbers that do
not fit a double, invalid UTF-8 and lone surrogates. The parts whose shape belongs to
another module (a questionnaire definition, a session summary) are decoded as plain JSON
and bounded here generically (nesting depth, finite numbers, integers below 2^53) before
that module checks them.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Union

import msgspec
from msgspec import Meta, Struct

from toolkit.plan.model import Plan
from toolkit.vocabulary import MODES

MAX_SAFE = 2 ** 53  # integers above this are not exact in a double (JavaScript, SQLite REAL)
MAX_DEPTH = 24  # nesting of the generically bounded parts (a questionnaire needs about 6)
# JSON values in one member. Bytes alone do not bound memory: 7 MB of `"a",` decode to 1.9
# million strings, 110 MB of Python objects. At most 1.5 million values (a real package
# spends about 25 bytes a value: some 27,000 respondents in 37 MB) keeps any member's objects
# near 110 MB, so a whole package stays under 200 MB.
MAX_ITEMS = 1_500_000

UUID = Annotated[str, Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                   r"[0-9a-f]{12}\Z")]
Hash = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}\Z")]
Hex = Annotated[str, Meta(pattern=r"^[0-9a-f]{2,256}\Z")]
Revision = Annotated[int, Meta(ge=1, lt=MAX_SAFE)]
Count = Annotated[int, Meta(ge=0, lt=MAX_SAFE)]
Stamp = Annotated[str, Meta(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?"
                                    r"(Z|[+-]\d\d:\d\d)?\Z")]
Day = Annotated[str, Meta(pattern=r"^\d{4}-\d\d-\d\d\Z")]
Name = Annotated[str, Meta(max_length=500)]
Level = Literal["summary", "responses", "full"]
Mode = Literal[tuple(MODES)]  # type: ignore[valid-type]
LANGUAGE_FILE = (r"^languages/[a-z]{2,3}/(language\.toml|toolkit\.po|questionnaires\.po|"
                 r"guides\.po)\Z")
# A language code (toolkit/languages.py): a session may be in a translator's language
# this laptop does not have yet; the session keeps its code.
Language = Annotated[str, Meta(pattern=r"^[a-z]{2,3}\Z")]
Int = Annotated[int, Meta(ge=-MAX_SAFE + 1, lt=MAX_SAFE)]
Float = Annotated[float, Meta(ge=-1e15, le=1e15)]
Text = Annotated[str, Meta(max_length=10_000)]
Key = Annotated[str, Meta(min_length=1, max_length=200)]
AnswerValue = Union[Int, Float, Text, Annotated[list[Key], Meta(max_length=500)],
                    Annotated[dict[Key, Annotated[int, Meta(ge=0, le=100_000)]],
                              Meta(max_length=500)]]


class Strict(Struct, forbid_unknown_fields=True):
    pass


# manifest.json --------------------------------------------------------------------------
class Head(Struct):
    """Read first, unknown keys allowed, to say "not ours" or "newer" in plain words."""

    format: Any = None
    format_version: Any = None


class Community(Strict):
    id: UUID
    name: Name
    revision: Revision
    created_at: Stamp
    updated_at: Stamp


class Counts(Strict):
    sessions: Count
    respondents: Count
    answers: Count
    comments: Count


class MemberInfo(Strict):
    sha256: Hash
    size: Annotated[int, Meta(ge=0, le=64 * 1024 * 1024)]


class Manifest(Strict):
    format: Literal["ccsc-toolkit-package"]
    format_version: Annotated[int, Meta(ge=1, le=3)]
    app_version: Annotated[str, Meta(max_length=40)]
    export_id: UUID
    created_at: Stamp
    installation_id: UUID
    community: Community
    sharing_level: Level
    threshold: Annotated[int, Meta(ge=1, le=1000)]
    sessions: Annotated[list[UUID], Meta(min_length=1, max_length=1000)]
    instruments: Annotated[list[Hash], Meta(max_length=200)]
    counts: Counts
    members: Annotated[dict[Annotated[str, Meta(max_length=120)], MemberInfo],
                       Meta(max_length=201)]
    public_key: Annotated[str, Meta(pattern=r"^[0-9a-f]{64}\Z")] | None = None  # version 2
    # Translators' files carried along (languages/<code>/<file>), so a translation made on
    # one laptop travels to the others; absent from packages made before.
    languages: Annotated[list[Annotated[str, Meta(pattern=LANGUAGE_FILE)]],
                         Meta(max_length=40)] = []


class Signature(Strict):
    """signature.json: Ed25519 over the exact bytes of manifest.json."""

    algorithm: Literal["ed25519"]
    signature: Annotated[str, Meta(pattern=r"^[0-9a-f]{128}\Z")]


# sessions.json --------------------------------------------------------------------------
class SessionRound(Strict):
    """The round of the community's diagnosis a session is in (written only when it is in
    one, so packages without rounds stay readable by earlier builds)."""

    id: UUID
    name: Annotated[str, Meta(min_length=1, max_length=500)]
    created_at: Stamp
    assigned_at: Stamp


class SessionBase(Strict, kw_only=True):
    id: UUID
    instrument_hash: Hash
    title: Name
    session_date: Day
    place: Name
    mode: Mode
    language: Language
    created_at: Stamp
    updated_at: Stamp
    revision: Revision
    round: SessionRound | None = None


class SummarySession(SessionBase):
    respondent_count: Annotated[int, Meta(ge=0, le=100_000)]
    summary: dict[str, Any]


class Respondent(Strict):
    id: UUID
    number: Annotated[int, Meta(ge=1, le=10_000_000)]
    paper_number: Annotated[str, Meta(max_length=40)] | None
    status: Literal["in_progress", "complete"]
    created_at: Stamp
    updated_at: Stamp
    revision: Revision
    answers: Annotated[dict[Key, AnswerValue], Meta(max_length=2000)]


class ResponseSession(SessionBase):
    facilitator: Name
    status: Literal["open", "closed"]
    respondents: Annotated[list[Respondent], Meta(max_length=100_000)]


class SummarySessions(Strict):
    sessions: Annotated[list[SummarySession], Meta(max_length=1000)]


class ResponseSessions(Strict):
    sessions: Annotated[list[ResponseSession], Meta(max_length=1000)]


# plan.json (optional): the community's current plan --------------------------------------
class PlanValue(Strict):
    """An indicator's value in one round, as the community's computer showed it."""

    round: Name
    status: Literal["shown", "withheld", "not_asked"]
    share: Annotated[float, Meta(ge=0, le=1)] | None = None
    count: Count | None = None
    people: Count | None = None
    mean: Float | None = None


class PlanMember(Strict):
    format: Literal[1]
    version: Revision
    saved_at: Stamp
    plan: Plan  # toolkit.plan.model: strict, checked again by model.check
    indicator_values: Annotated[dict[Annotated[str, Meta(pattern=r"^[0-9a-f]{8}\Z")],
                                     Annotated[list[PlanValue], Meta(max_length=100)]],
                                Meta(max_length=2000)] = {}


# receipts -------------------------------------------------------------------------------
class ReceiptCounts(Strict):
    added: Count
    updated: Count
    unchanged: Count
    refused: Count


class ReceiptBody(Strict):
    format: Literal["ccsc-toolkit-receipt"]
    format_version: Literal[1]
    export_id: UUID
    package_sha256: Hash
    received_at: Stamp
    community: Name
    respondents: Count
    counts: ReceiptCounts
    conflicts: Count
    hub_installation_id: UUID
    hub_public_key: Annotated[str, Meta(pattern=r"^[0-9a-f]{64}\Z")]


class Receipt(Strict):
    receipt: ReceiptBody
    signature: Annotated[str, Meta(pattern=r"^[0-9a-f]{128}\Z")]


DECODERS = {
    "head": msgspec.json.Decoder(Head),
    "manifest": msgspec.json.Decoder(Manifest),
    "signature": msgspec.json.Decoder(Signature),
    "summary": msgspec.json.Decoder(SummarySessions),
    "responses": msgspec.json.Decoder(ResponseSessions),
    "receipt": msgspec.json.Decoder(Receipt),
    "plan": msgspec.json.Decoder(PlanMember),
    "any": msgspec.json.Decoder(),
}


class BoundsError(ValueError):
    """A generically bounded part is too deep, or holds a number out of bounds."""


def check_bounds(value: Any, max_depth: int = MAX_DEPTH) -> Any:
    """Refuse nesting deeper than max_depth, non-finite floats, and integers outside
    (-2^53, 2^53); returns value. Iterative (no input can exhaust the stack), holding one
    iterator per level rather than every pending item (no second copy of a large list)."""
    stack = [iter((value,))]
    while stack:
        for item in stack[-1]:
            kind = type(item)
            if kind is dict or kind is list:
                if len(stack) > max_depth:
                    raise BoundsError("too deep")
                stack.append(iter(item.values() if kind is dict else item))
                break
            if kind is float:
                if not math.isfinite(item):
                    raise BoundsError("not a finite number")
            elif kind is int and not -MAX_SAFE < item < MAX_SAFE:
                raise BoundsError("integer too large")
        else:
            stack.pop()
    return value


def too_many_items(data: bytes, limit: int = MAX_ITEMS) -> bool:
    """True when `data` may hold more than `limit` JSON values: an over-estimate counted at C
    speed before decoding (separators inside strings count too)."""
    count = 1
    for token in (b",", b"[", b"{"):
        count += data.count(token)
        if count > limit:
            return True
    return False


def decode(kind: str, data: bytes) -> Any:
    """Decode `data` as the declared shape `kind` (msgspec.ValidationError or DecodeError)."""
    return DECODERS[kind].decode(data)


def to_dict(obj: Struct) -> dict[str, Any]:
    return msgspec.structs.asdict(obj)


def encode(value: Any) -> bytes:
    return msgspec.json.encode(value)
