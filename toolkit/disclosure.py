"""Disclosure control: the one set of rules for every figure that leaves the raw answers.

Reports (session, community, hub), summary-level packages and the screens all get their
figures through toolkit.analysis, which applies these rules; nothing else decides what may be
shown. The rules, as the methodology note states them:

1. **Base.** Every figure counts some people: those who answered that question, in that
   group, in that part of the output (in group sessions, the people in the room). A figure
   whose base is under the threshold T is not shown.
2. **Tables with margins** (a breakdown beside the overall figure): after rule 1, more groups
   are hidden, smallest first, until the hidden groups together hold no one or at least T
   people, so that subtracting the shown groups from the overall figure reveals nothing about
   fewer than T people. A breakdown by a multi-choice question (a person may be in several
   groups) is shown only when every group, and everyone outside each group, counts T or more;
   otherwise none of its groups is shown (overlapping groups combine in too many ways).
3. **Combined outputs** (several sessions, several communities): a part whose figure is not
   shown on its own contributes to no combined figure, breakdowns included; a group hidden in
   any part is hidden in the combination. So every combined figure is a sum of figures the
   parts show, and comparing outputs reveals nothing more than each part does.
4. **Numbers**: no minimum, maximum or other one person's value. Average with its base;
   median only when at least T answers lie on each side of it (2T answers), quartiles only
   from 4T answers; a median of several sessions cannot be rebuilt and is not shown.
5. **Threshold**: never below `MIN_THRESHOLD`; the one in Settings is the floor for every
   output, which may raise it; a hub report uses the highest threshold of the packages it
   reads. `check_threshold` is the one check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from toolkit.errors import InputError
from toolkit.i18n import N_

MIN_THRESHOLD = 3  # no setting, option or package goes below this
DEFAULT_THRESHOLD = 5
MAX_THRESHOLD = 50


class ThresholdError(InputError):
    """A threshold out of range, or below the floor set in Settings."""


def check_threshold(value: object, floor: int = MIN_THRESHOLD) -> int:
    """The threshold to use: `value`, if it is a whole number from the floor (Settings, and
    never below MIN_THRESHOLD) to MAX_THRESHOLD."""
    low = max(int(floor), MIN_THRESHOLD)
    if isinstance(value, bool) or not isinstance(value, int) or value > MAX_THRESHOLD:
        raise ThresholdError(N_("The threshold must be a whole number from {low} to {high}."),
                             low=low, high=MAX_THRESHOLD)
    if value < low:
        if low > MIN_THRESHOLD:
            raise ThresholdError(N_("The threshold cannot be lower than the one set in "
                                    "Settings ({n}). Change the setting first if the community "
                                    "agrees."), n=low)
        raise ThresholdError(N_("The threshold must be a whole number from {low} to {high}."),
                             low=low, high=MAX_THRESHOLD)
    return value


def highest(threshold: int, others: Iterable[int]) -> int:
    """The threshold of an output built from sources that each had their own (a hub report
    never goes below any package it uses)."""
    return max([threshold, *[t for t in others if isinstance(t, int)]])


def shows(base: int | None, threshold: int) -> bool:
    """Rule 1: may a figure counting `base` people be shown?"""
    return base is not None and base >= threshold


# -- numbers (rule 4) -----------------------------------------------------------------------

def number_stats(values: list[float], threshold: int) -> dict[str, float | int | None]:
    """count and average; median and quartiles only where the base allows; never min/max."""
    numbers = sorted(float(v) for v in values)
    n = len(numbers)
    stats: dict[str, float | int | None] = {
        "count": n, "mean": (sum(numbers) / n) if n else None,
        "median": None, "q1": None, "q3": None}
    if n >= 2 * threshold:
        stats["median"] = _tidy(_quantile(numbers, 0.5))
    if n >= 4 * threshold:
        stats["q1"], stats["q3"] = _tidy(_quantile(numbers, 0.25)), _tidy(_quantile(numbers, 0.75))
    return stats


def _quantile(sorted_values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (the usual 'inclusive' definition)."""
    pos = (len(sorted_values) - 1) * p
    low = int(pos)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (pos - low)


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 6)


def combine_number_stats(parts: list[Mapping]) -> dict[str, float | int | None]:
    """Average over the parts' counts and averages; median and quartiles survive only from a
    single part (they cannot be rebuilt from several)."""
    parts = [p for p in parts if p and p.get("count")]
    count = sum(int(p["count"]) for p in parts)
    stats: dict[str, float | int | None] = {
        "count": count,
        "mean": (sum(p["mean"] * p["count"] for p in parts) / count) if count else None,
        "median": None, "q1": None, "q3": None}
    if len(parts) == 1:
        for key in ("median", "q1", "q3"):
            stats[key] = parts[0].get(key)
    return stats


# -- groups of a table with margins (rule 2) ------------------------------------------------

Members = Mapping[str, int]  # person id -> weight (people represented), of those who answered


def hide_groups(members: Mapping[str, Members], threshold: int, multi: bool,
                hidden: Iterable[str] = ()) -> set[str]:
    """The groups to hide in one breakdown. `members`: per group key, the people in it who
    answered the question; `hidden`: groups already hidden (combined tables: hidden in a
    part). Returns primary and secondary suppressions together."""
    people: dict[str, int] = {}
    for group in members.values():
        people.update(group)
    total = sum(people.values())

    def base(key: str) -> int:
        return sum(members[key].values())

    def union(keys: set[str]) -> int:
        seen: dict[str, int] = {}
        for key in keys:
            seen.update(members[key])
        return sum(seen.values())

    out = set(hidden) | {k for k in members if base(k) < threshold}
    if multi:
        # The people outside a group are the overall figure minus the group; and groups that
        # overlap can be combined in too many ways to hide some safely: all or nothing.
        out |= {k for k in members if total - base(k) < threshold}
        return set(members) if out else set()
    while 0 < union(out) < threshold:
        rest = sorted((base(k), i, k) for i, k in enumerate(members) if k not in out)
        if not rest:
            break
        out.add(rest[0][2])
    return out


def left_out(parts: Mapping[str, tuple[bool, int | None]], threshold: int) -> list[str]:
    """Rule 3: the parts (id -> (figure shown in the part, its base)) that may not contribute
    to a combined figure."""
    return [pid for pid, (shown, base) in parts.items() if not shown or not shows(base, threshold)]

