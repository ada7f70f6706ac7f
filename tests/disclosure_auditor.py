"""The attacker, in the test suite: what can a careful reader work out from an output's figures?

An output is given as its structured figures (the data its PDF or package is made from, not
the PDF): `Figure`s, each a distribution of one question over the people of some sessions,
optionally of one group of a grouping question, shown (counts, or only percentages) or hidden.
The auditor knows the truth (every person's answers, from the test) and plays the reader with
linear programming (scipy's `linprog`): one unknown per kind of person (session x grouping
answer x answer to the question), every shown count and total an equality, every percentage
an interval (its rounding), the respondents of each session a total. For every hidden unit
(a hidden group, a session left out, the people outside a shown multi-choice group) and every
union of up to three of them, it computes the range the unit's answers can take. The output
fails when a unit of fewer than T people has its answers pinned to one value, or a shown
figure rests on fewer than T people.

A pin the whole output implies is not a leak: when all of 20 people said "agree", the 3 of
them in a hidden group said "agree" too, and only hiding the 20 would prevent that. So a
unit whose answers are pinned to a single answer is excused when a set of T or more people
around it (all the people, or all the hidden ones) is pinned to that answer as well.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linprog

NA = ""  # did not answer the grouping question (analysis.NO_ANSWER)
UNANSWERED = None  # did not answer the question


@dataclass
class Figure:
    """A distribution of `question` over the people of `sessions` (in group `group`, a pair
    (grouping question id, answer key), when given). counts None: hidden. `percents`: shown
    shares, each (numerator keys, denominator keys, low, high)."""

    question: str
    sessions: frozenset[str]
    counts: dict[str, int] | None
    group: tuple[str, str] | None = None
    n: int | None = None  # "N people answered", when stated
    percents: list[tuple[tuple[str, ...], tuple[str, ...], float, float]] = field(
        default_factory=list)
    label: str = ""

    @property
    def hidden(self) -> bool:
        return self.counts is None and not self.percents


@dataclass
class Person:
    session: str
    answers: dict[str, Any]


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


class Auditor:
    """One table at a time: a question `q` (keys: its answer keys) and optionally a grouping
    question `g` (keys; multi: a person may be in several groups)."""

    def __init__(self, people: list[Person], threshold: int, q: str, q_keys: list[str],
                 g: str | None = None, g_keys: list[str] | None = None,
                 g_multi: bool = False) -> None:
        self.people, self.t, self.q, self.g = people, threshold, q, g
        self.q_keys = list(q_keys)
        self.answers = self.q_keys + [UNANSWERED]
        self.sessions = sorted({p.session for p in people})
        if g is None:
            self.combos: list[Any] = [NA]
        elif g_multi:
            keys = list(g_keys or [])
            self.combos = [NA] + [frozenset(c) for r in range(1, len(keys) + 1)
                                  for c in itertools.combinations(keys, r)]
        else:
            self.combos = [NA] + list(g_keys or [])
        self.g_multi = g_multi
        self.atoms = [(s, c, a) for s in self.sessions for c in self.combos for a in self.answers]
        self.index = {atom: i for i, atom in enumerate(self.atoms)}
        self.truth = np.zeros(len(self.atoms))
        for p in people:
            self.truth[self.index[self.atom_of(p)]] += 1
        self.eq_rows: list[np.ndarray] = []
        self.eq_vals: list[float] = []
        self.ub_rows: list[np.ndarray] = []
        self.ub_vals: list[float] = []
        for s in self.sessions:  # every output states each session's respondents
            self._eq(self.mask(lambda a, s=s: a[0] == s), None)

    # -- atoms ---------------------------------------------------------------------------
    def atom_of(self, p: Person) -> tuple:
        a = _values(p.answers.get(self.q))
        answer = a[0] if a else UNANSWERED
        if self.g is None:
            combo: Any = NA
        else:
            keys = _values(p.answers.get(self.g))
            combo = (NA if not keys else frozenset(keys)) if self.g_multi else (
                keys[0] if keys else NA)
        return (p.session, combo, answer)

    def in_group(self, combo: Any, key: str) -> bool:
        if key == NA:
            return combo == NA
        return key in combo if self.g_multi and combo != NA else combo == key

    def mask(self, test) -> np.ndarray:
        return np.array([1.0 if test(atom) else 0.0 for atom in self.atoms])

    def cells(self, fig: Figure):
        """The (session, combo) cells a figure covers."""
        return {(s, c) for s in self.sessions for c in self.combos
                if s in fig.sessions and (fig.group is None or self.in_group(c, fig.group[1]))}

    def _eq(self, row: np.ndarray, value: float | None) -> None:
        self.eq_rows.append(row)
        self.eq_vals.append(float(row @ self.truth) if value is None else float(value))

    # -- what the output shows -----------------------------------------------------------
    def add(self, fig: Figure) -> list[str]:
        """Record a shown figure as constraints; returns problems found at once."""
        problems = []
        if fig.question == self.g and self.g is not None:  # the grouping question's own counts
            if fig.counts is None:
                return []
            if fig.n is not None:
                problems += self._shown(self.mask(lambda a: a[0] in fig.sessions and a[1] != NA),
                                        fig.n, fig, "answered")
            for key, count in fig.counts.items():
                row = self.mask(lambda a, k=key: a[0] in fig.sessions and a[1] != NA
                                and self.in_group(a[1], k))
                problems += self._shown(row, count, fig, key)
            return problems
        if fig.question != self.q:
            return []
        cells = self.cells(fig)
        base = self.mask(lambda a: (a[0], a[1]) in cells and a[2] is not UNANSWERED)
        if fig.hidden:
            return []
        true_base = base @ self.truth
        if 0 < true_base < self.t:
            problems.append(f"{fig.label or fig.question}: shown, but rests on "
                            f"{int(true_base)} people (threshold {self.t})")
        if fig.n is not None:
            problems += self._shown(base, fig.n, fig, "answered")
        if fig.counts is not None:
            for key in self.q_keys:
                row = self.mask(lambda a, k=key: (a[0], a[1]) in cells and a[2] == k)
                problems += self._shown(row, fig.counts.get(key, 0), fig, key)
        for num_keys, den_keys, lo, hi in fig.percents:
            num = self.mask(lambda a, keys=num_keys: (a[0], a[1]) in cells and a[2] in keys)
            den = self.mask(lambda a, keys=den_keys: (a[0], a[1]) in cells and a[2] in keys)
            # lo <= num/den <= hi  ->  lo*den - num <= 0  and  num - hi*den <= 0
            self.ub_rows += [lo * den - num, num - hi * den]
            self.ub_vals += [0.0, 0.0]
        return problems

    def _shown(self, row: np.ndarray, count: int, fig: Figure, key: str) -> list[str]:
        self._eq(row, count)
        if abs(row @ self.truth - count) > 1e-9:
            return [f"{fig.label or fig.question}: {key} shown as {count}, "
                    f"truly {int(row @ self.truth)}"]
        return []

    # -- the attack ----------------------------------------------------------------------
    def _bound(self, objective: np.ndarray) -> float:
        """min of objective . x if the objective counts positively, else max of the negation:
        the value of objective . x at the optimum, sign undone (max when objective < 0)."""
        kwargs = dict(A_eq=np.array(self.eq_rows), b_eq=np.array(self.eq_vals),
                      bounds=(0, None), method="highs")
        if self.ub_rows:
            kwargs |= dict(A_ub=np.array(self.ub_rows), b_ub=np.array(self.ub_vals))
        result = linprog(objective, **kwargs)
        if result.status != 0:
            raise AssertionError(f"the output's figures contradict the data: {result.message}")
        return result.fun if objective.sum() >= 0 else -result.fun

    def _range(self, objective: np.ndarray) -> tuple[float, float]:
        kwargs = dict(A_eq=np.array(self.eq_rows), b_eq=np.array(self.eq_vals),
                      bounds=(0, None), method="highs")
        if self.ub_rows:
            kwargs |= dict(A_ub=np.array(self.ub_rows), b_ub=np.array(self.ub_vals))
        low = linprog(objective, **kwargs)
        high = linprog(-objective, **kwargs)
        if low.status != 0 or high.status != 0:
            raise AssertionError(f"the output's figures contradict the data: {low.message}")
        return low.fun, -high.fun

    def _objective(self, cells, keys) -> np.ndarray:
        """Indicator of the atoms of `cells` answering one of `keys`."""
        obj = np.zeros(len(self.atoms))
        for cell in cells:
            for key in keys:
                obj[self.index[(cell[0], cell[1], key)]] = 1.0
        return obj

    def _pinned(self, cells, keys: list[str]) -> dict[str, float] | None:
        """The unit's count for every answer, if every one is pinned; else None. The answer
        the unit truly gives most is tried first: it is the likeliest to move."""
        truth = {k: float(self._objective(cells, [k]) @ self.truth) for k in keys}
        for key in sorted(keys, key=lambda k: -truth[k]):
            # the truth is feasible: one bound moving off it is enough to unpin
            objective = self._objective(cells, [key])
            if self._bound(-objective) > truth[key] + 1e-6:
                return None
            if self._bound(objective) < truth[key] - 1e-6:
                return None
        return truth

    def attack(self, figures: list[Figure], size: int = 2) -> tuple[list[str], int]:
        """(problems, units attacked). Every figure of the output must be given. Units: each
        hidden figure, the people outside each shown multi-choice group, each session and
        each of its groups; candidates: unions of up to `size` units, all the hidden ones
        together, and all the hidden ones of each session."""
        problems: list[str] = []
        for fig in figures:
            problems += self.add(fig)
        if problems:
            return problems, 0
        units: list[tuple[str, frozenset]] = []
        hidden: list[frozenset] = []
        tables: dict[tuple, frozenset] = {}  # (output, grouping) -> its hidden cells
        shown: set[frozenset] = set()
        for fig in figures:
            if fig.question != self.q:
                continue
            cells = frozenset(self.cells(fig))
            if fig.hidden:
                units.append((fig.label or f"hidden {fig.group}", cells))
                hidden.append(cells)
                table = (fig.label.split(":")[0], fig.group[0] if fig.group else None)
                tables[table] = tables.get(table, frozenset()) | cells
                continue
            shown.add(cells)
            if self.g_multi and fig.group is not None:
                outside = frozenset((s, c) for s in fig.sessions for c in self.combos
                                    if (s, c) not in cells)
                units.append((f"outside {fig.label or fig.group}", outside))
        for s in self.sessions:
            units.append((f"session {s}", frozenset((s, c) for c in self.combos)))
            if self.g is not None and not self.g_multi:
                for c in self.combos:
                    units.append((f"session {s} group {c!r}", frozenset({(s, c)})))
        answered = {}
        for (s, c, a), i in self.index.items():
            if a is not UNANSWERED:
                answered[(s, c)] = answered.get((s, c), 0.0) + self.truth[i]

        def base(cells) -> float:
            return sum(answered.get(cell, 0.0) for cell in cells)

        candidates: dict[frozenset, str] = {}
        distinct = list({u: label for label, u in units}.items())
        for r in range(1, size + 1):
            for combo in itertools.combinations(distinct, r):
                cells = frozenset().union(*[c for c, _ in combo])
                candidates.setdefault(cells, " + ".join(label for _, label in combo))
        all_hidden = frozenset().union(*hidden) if hidden else frozenset()
        for (output, grouping), cells in tables.items():
            candidates.setdefault(cells, f"all hidden in {output} by {grouping}")
        if all_hidden:
            candidates.setdefault(all_hidden, "all hidden")
            for s in self.sessions:
                mine = frozenset(c for c in all_hidden if c[0] == s)
                if mine:
                    candidates.setdefault(mine, f"all hidden in session {s}")
        everyone = frozenset((s, c) for s in self.sessions for c in self.combos)
        checked = 0
        for cells, label in candidates.items():
            b = base(cells)
            if not 0 < b < self.t or cells in shown:
                continue
            checked += 1
            pinned = self._pinned(cells, self.q_keys)
            if pinned is None:
                continue
            if self._excused(pinned, b, cells,
                             [all_hidden, everyone, *tables.values(), *shown], base):
                continue
            problems.append(f"{label}: the answers of {int(b)} people are pinned to "
                            f"{ {k: round(v) for k, v in pinned.items() if round(v)} }")
        return problems, checked

    def _excused(self, pinned: dict[str, float], b: float, unit, around, base) -> bool:
        """A unit all of whose people gave one answer, inside a set of T or more people
        known to have all given it (a shown figure, or the overall result, says so)."""
        full = [k for k, v in pinned.items() if abs(v - b) < 1e-6]
        if not full:
            return False
        people = {c for c in unit if base({c}) > 0}  # the unit's people, not its empty cells
        for cells in around:
            if not cells or not people <= cells or base(cells) < self.t:
                continue
            lo, _hi = self._range(self._objective(cells, full))
            if lo >= base(cells) - 1e-6:
                return True
        return False


def people_of(sessions: dict[str, dict[str, dict]]) -> list[Person]:
    """Persons from {session id: {respondent id: effective answers}}."""
    return [Person(sid, answers) for sid, by_id in sessions.items() for answers in by_id.values()]
