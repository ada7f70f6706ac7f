"""Report roles: what a question stands for in reports, so reports never name question ids.

A questionnaire declares roles on its questions (`role = "safety_night"` in TOML, the
`ccsc_role` column in an XLSForm). Key findings, breakdowns, trend charts and the hub report
find their questions through `questions_with_role()` (or `role_map()`), the one lookup; an
imported questionnaire with roles therefore gets them too, and one without roles gets none.

The questionnaires shipped before roles existed (local-diagnosis version 1, group-session
version 1) cannot gain them in their files: that would change their content hash, and every
session that used them keeps its snapshot by hash. Their roles are written out in LEGACY
below, as the reports have always read them.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.questionnaire.model import Instrument, Question


@dataclass(frozen=True)
class Role:
    many: bool  # several questions may hold it
    types: tuple[str, ...] | None  # the question types it fits (None: any)


ROLES: dict[str, Role] = {
    "safety_day": Role(False, ("scale",)),  # overall feeling of safety by day
    "safety_night": Role(False, ("scale",)),  # ... at night; also what breakdowns break down
    "trust": Role(True, ("scale",)),  # trust in a person or an institution
    "concern": Role(True, ("scale",)),  # a worry, ranked among the strongest concerns
    "priorities": Role(False, ("ranking", "votes")),  # the priority actions
    "key": Role(True, None),  # another key figure (trend charts)
    "breakdown": Role(True, ("single", "multi", "yesno")),  # a demographic to break down by
}
# The roles that give key findings; a questionnaire holding none of them has no findings page.
FINDING_ROLES = ("concern", "safety_day", "safety_night", "trust", "priorities")

_LD1_CONCERNS = tuple(f"concern_{name}" for name in (
    "substance_use", "mental_health", "housing", "family_violence", "youth_idle", "guns_gangs",
    "property_crime", "road_safety", "racism", "senior_isolation", "bullying_online",
    "fraud_scams"))
_LD1_TRUST = ("trust_neighbours", "trust_police", "trust_local_orgs", "trust_local_government",
              "trust_schools", "trust_health", "trust_police_respect")
# (id, version) -> role -> question ids, in the order reports take them
LEGACY: dict[tuple[str, int], dict[str, tuple[str, ...]]] = {
    ("local-diagnosis", 1): {
        "safety_day": ("safe_day",), "safety_night": ("safe_night",),
        "concern": _LD1_CONCERNS, "trust": _LD1_TRUST, "priorities": ("priority_actions",),
        "breakdown": ("age_group", "gender"),
    },
    ("group-session", 1): {"priorities": ("group_votes", "group_ranking")},  # votes first
}

_CACHE: dict[str, dict[str, tuple[Question, ...]]] = {}  # content hash -> role -> questions


def _by_role(instrument: Instrument) -> dict[str, tuple[Question, ...]]:
    cached = _CACHE.get(instrument.content_hash)
    if cached is not None:
        return cached
    declared: dict[str, list[Question]] = {}
    for question in instrument.questions:
        if question.role:
            declared.setdefault(question.role, []).append(question)
    if declared:
        found = {role: tuple(qs) for role, qs in declared.items()}
    else:
        legacy = LEGACY.get((instrument.id, instrument.version), {})
        found = {role: tuple(instrument.question(i) for i in ids if instrument.has_question(i))
                 for role, ids in legacy.items()}
    if len(_CACHE) < 256:
        _CACHE[instrument.content_hash] = found
    return found


def questions_with_role(instrument: Instrument, role: str) -> tuple[Question, ...]:
    """The questions holding report role `role` (declared ones in questionnaire order)."""
    if role not in ROLES:
        raise KeyError(role)
    return _by_role(instrument).get(role, ())


def role_question(instrument: Instrument, role: str) -> Question | None:
    """The question holding a one-question role (safety_day, ...), if any."""
    found = questions_with_role(instrument, role)
    return found[0] if found else None


def role_map(instrument: Instrument) -> dict[str, str]:
    """Question id -> its report role, for every question that holds one."""
    return {q.id: role for role, qs in _by_role(instrument).items() for q in qs}


def has_findings(instrument: Instrument) -> bool:
    """Does the questionnaire name any question for key findings?"""
    return any(questions_with_role(instrument, role) for role in FINDING_ROLES)
