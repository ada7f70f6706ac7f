"""The plan as a validated document (msgspec): what is stored, versioned and exchanged.

A plan is one JSON document per version. msgspec decodes it strictly (known keys only, exact
types, bounded texts and lists), whether it comes from our own table or from a package; then
`check()` verifies what a shape cannot say: ids unique, asset references resolve to the
register, dates real and in order, texts clean (toolkit.safetext). A document that fails is
never stored and never half-read.
"""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

from toolkit.errors import NOT_JSON, InputError, WrongValue, validation_place
from toolkit.i18n import N_
from toolkit.safetext import clean_line

FORMAT: Literal[1] = 1

# The four areas of the community safety and well-being framework (Ontario's CSWB model,
# which CCSC's worksheets follow), in the framework's order.
AREAS = {
    "social_development": N_("Social development"),
    "prevention": N_("Prevention"),
    "risk_intervention": N_("Risk intervention"),
    "incident_response": N_("Incident response"),
}
ACTION_STATUSES = {
    "planned": N_("Planned"),
    "under_way": N_("Under way"),
    "done": N_("Done"),
    "on_hold": N_("On hold"),
    "dropped": N_("Dropped"),
}
ASSET_KINDS = {
    "organisation": N_("Organisation"),
    "service": N_("Service"),
    "program": N_("Program"),
    "place": N_("Place"),
    "role": N_("People's role"),
}
HORIZONS = {
    "short": N_("Short term"),
    "medium": N_("Medium term"),
    "long": N_("Long term"),
}
SOURCE_KINDS = ("finding", "ranking", "votes")  # where a seeded priority came from

MAX_ITEMS = 200  # priorities, actions, assets... far above any committee's plan
ItemId = Annotated[str, Meta(pattern=r"^[0-9a-f]{8}\Z")]
UUID = Annotated[str, Meta(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                   r"[0-9a-f]{12}\Z")]
Key = Annotated[str, Meta(min_length=1, max_length=200)]
Name = Annotated[str, Meta(max_length=300)]
Text = Annotated[str, Meta(max_length=4000)]
Day = Annotated[str, Meta(pattern=r"^\d{4}-\d\d-\d\d\Z")]
# Spelled out for the type checker; tests/test_plan.py checks they match the names above.
Area = Literal["social_development", "prevention", "risk_intervention", "incident_response"]
Status = Literal["planned", "under_way", "done", "on_hold", "dropped"]
AssetKind = Literal["organisation", "service", "program", "place", "role"]
SourceKind = Literal["finding", "ranking", "votes"]
Texts = Annotated[list[Text], Meta(max_length=MAX_ITEMS)]


class Strict(Struct, forbid_unknown_fields=True, omit_defaults=False):
    pass


class Asset(Strict):
    """One entry of the community's asset register (the asset-mapping worksheet as data)."""

    id: ItemId
    name: Name
    kind: AssetKind
    sector: Name = ""
    contact: Text = ""  # contact notes: stay on this computer (never in a package)


class Action(Strict):
    id: ItemId
    what: Text
    lead: Name = ""
    partners: Annotated[list[Name], Meta(max_length=MAX_ITEMS)] = []
    start: Day | None = None
    end: Day | None = None
    resources: Text = ""
    status: Status = "planned"


class Outcomes(Strict):
    short: Texts = []
    medium: Texts = []
    long: Texts = []


class Figure(Strict):
    """A questionnaire figure an indicator follows: the share (or average) `key` of question
    `question_id` of questionnaire `instrument_id`, as the comparison report measures it:
    "agree" (scale: agree or strongly agree), "yes" (yes/no), a choice id (single or multi:
    the share who chose it; ranking: the share who put it first), "mean" (number)."""

    instrument_id: Key
    question_id: Key
    key: Key


class Indicator(Strict):
    id: ItemId
    definition: Text
    baseline: Name = ""
    target: Name = ""
    data_source: Text = ""
    figure: Figure | None = None  # filled in from each diagnosis round when given


class Source(Strict):
    """Where a seeded priority came from: a key finding, a ranking or a group vote."""

    kind: SourceKind
    round_id: UUID
    instrument_id: Key
    question_id: Key
    choice_id: Key | None = None


class Priority(Strict):
    id: ItemId
    title: Name
    area: Area | None = None
    risk_factors: Texts = []
    protective_factors: Texts = []
    assets: Annotated[list[ItemId], Meta(max_length=MAX_ITEMS)] = []  # ids in the register
    actions: Annotated[list[Action], Meta(max_length=MAX_ITEMS)] = []
    outcomes: Outcomes = msgspec.field(default_factory=Outcomes)
    outputs: Texts = []  # what the actions produce (the logic model's third column)
    indicators: Annotated[list[Indicator], Meta(max_length=MAX_ITEMS)] = []
    sources: Annotated[list[Source], Meta(max_length=MAX_ITEMS)] = []


class Plan(Strict):
    format: Literal[1]
    community_id: UUID
    title: Name = ""
    priorities: Annotated[list[Priority], Meta(max_length=MAX_ITEMS)] = []
    assets: Annotated[list[Asset], Meta(max_length=MAX_ITEMS)] = []  # the register


class PlanFormatError(InputError):
    """A plan document (stored, or from a package) that is not valid: nothing was used."""

    message = N_("This plan is not valid ({reason}), so it was not used.")


class PlanInputError(InputError):
    """A plan edit with bad values: nothing was changed."""


class PlanTextTooLongError(PlanInputError):
    message = N_("A text is too long for the plan: at most {limit} characters. Nothing was "
                 "changed.")


class PlanTooManyError(PlanInputError):
    message = N_("The plan cannot hold more than {limit} of these. Nothing was changed.")


_DECODER = msgspec.json.Decoder(Plan)
_ENCODER = msgspec.json.Encoder()
_LIMIT = re.compile(r"Expected `(str|array)` of length <= (\d+)")


def validate(plan: Plan, error: type[InputError] = PlanInputError) -> None:
    """Everything a stored version will be checked against when read back (lengths, counts,
    patterns, then `check`): a version that could not be read back is never written."""
    try:
        _DECODER.decode(_ENCODER.encode(plan))
    except msgspec.ValidationError as exc:
        limit = _LIMIT.search(str(exc))
        if limit and error is not PlanFormatError:
            kind = PlanTextTooLongError if limit.group(1) == "str" else PlanTooManyError
            raise kind(limit=int(limit.group(2))) from exc
        raise _fail(error, WrongValue(where=validation_place(exc))) from exc
    check(plan, error)


def new_id() -> str:
    return secrets.token_hex(4)


def empty(community_id: str, title: str = "") -> Plan:
    return Plan(format=FORMAT, community_id=community_id, title=title)


def decode(data: bytes | str) -> Plan:
    """A Plan from JSON bytes, checked whole (PlanFormatError otherwise)."""
    try:
        plan = _DECODER.decode(data)
    except msgspec.ValidationError as exc:
        raise PlanFormatError(reason=WrongValue(where=validation_place(exc))) from exc
    except msgspec.DecodeError as exc:
        raise PlanFormatError(reason=WrongValue(NOT_JSON)) from exc
    check(plan, PlanFormatError)
    return plan


def convert(data: object) -> Plan:
    """A Plan from decoded JSON (a package member), strictly (no "6" for 6)."""
    try:
        plan = msgspec.convert(data, Plan, strict=True)
    except msgspec.ValidationError as exc:
        raise PlanFormatError(reason=WrongValue(where=validation_place(exc))) from exc
    check(plan, PlanFormatError)
    return plan


def encode(plan: Plan) -> bytes:
    return _ENCODER.encode(plan)


def to_builtins(plan: Plan) -> dict:
    return msgspec.to_builtins(plan)


def copy(plan: Plan) -> Plan:
    """A deep copy to edit (Structs are mutable; a stored version never changes)."""
    return _DECODER.decode(_ENCODER.encode(plan))


def _fail(error: type[InputError], reason: object) -> InputError:
    if error is PlanFormatError:
        return PlanFormatError(reason=reason)
    return error(reason=reason)


def _clean(text: str) -> bool:
    return clean_line(text) == text


def check(plan: Plan, error: type[InputError] = PlanFormatError) -> None:
    """What the shape cannot say. Raises `error` naming the first problem."""
    register = [a.id for a in plan.assets]
    if len(set(register)) != len(register):
        raise _fail(error, WrongValue(N_("two assets have the same id")))
    ids = [p.id for p in plan.priorities]
    if len(set(ids)) != len(ids):
        raise _fail(error, WrongValue(N_("two priorities have the same id")))
    for p in plan.priorities:
        if not p.title.strip():
            raise _fail(error, WrongValue(N_("priority {id}: the title is empty"), id=p.id))
        unknown = set(p.assets) - set(register)
        if unknown:
            raise _fail(error, WrongValue(N_("priority {id}: asset {asset} is not in the "
                                             "register"), id=p.id, asset=sorted(unknown)[0]))
        if len(set(p.assets)) != len(p.assets):
            raise _fail(error, WrongValue(N_("priority {id}: the same asset twice"), id=p.id))
        for group in (p.actions, p.indicators):
            inner = [x.id for x in group]
            if len(set(inner)) != len(inner):
                raise _fail(error, WrongValue(N_("priority {id}: two items have the same id"),
                                              id=p.id))
        for action in p.actions:
            for day in (action.start, action.end):
                if day is not None:
                    try:
                        date.fromisoformat(day)
                    except ValueError:
                        raise _fail(error, WrongValue(N_("priority {id}: {day} is not a date"),
                                                      id=p.id, day=day)) from None
            if action.start and action.end and action.end < action.start:
                raise _fail(error, WrongValue(N_("priority {id}: an action ends before it "
                                                 "starts"), id=p.id))
    if not all(_clean(text) for text in texts(plan)):
        raise _fail(error, WrongValue(N_("a text holds control characters or line breaks")))


def texts(plan: Plan):
    """Every text a person typed in the plan (each must be as safetext.clean_line leaves it)."""
    yield plan.title
    for a in plan.assets:
        yield from (a.name, a.sector, a.contact)
    for p in plan.priorities:
        yield p.title
        yield from p.risk_factors
        yield from p.protective_factors
        for action in p.actions:
            yield from (action.what, action.lead, action.resources, *action.partners)
        yield from (*p.outcomes.short, *p.outcomes.medium, *p.outcomes.long, *p.outputs)
        for i in p.indicators:
            yield from (i.definition, i.baseline, i.target, i.data_source)
