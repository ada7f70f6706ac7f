"""Key findings computed from a summary: what a council member reads first.

Questions are found by the questionnaire's structure (section ids and question types), not
by a fixed list, so an edited questionnaire still gets findings: the scale statements of the
"concerns" section ranked by agreement, the "safety" section's day and night statements, the
"trust" statements, and the first ranking (or vote) question for priorities. Suppressed
questions are simply left out; `withheld` says that some were.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.analysis import SessionSummary
from toolkit.questionnaire.kinds import kind_of
from toolkit.questionnaire.model import Instrument, Question

AGREE_KEYS = ("4", "5")
OPINION_KEYS = ("1", "2", "3", "4", "5")


@dataclass
class Statement:
    question: Question
    agree: float  # share who agree or strongly agree, of those who gave an opinion
    n: int  # people who gave an opinion


@dataclass
class Priority:
    choice_id: str
    score: int  # ranking points or votes
    first: int | None  # times ranked first (ranking only)


@dataclass
class KeyFindings:
    concerns: list[Statement] = field(default_factory=list)
    safety: list[Statement] = field(default_factory=list)
    trust: list[Statement] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    priority_question: Question | None = None
    withheld: bool = False

    @property
    def empty(self) -> bool:
        return not (self.concerns or self.safety or self.trust or self.priorities)


def agreement(summary: SessionSummary, question: Question) -> Statement | None:
    q = summary.question(question.id)
    if q.suppressed or not q.counts:
        return None
    opinions = sum(q.counts.get(k, 0) for k in OPINION_KEYS)
    if not opinions:
        return None
    return Statement(question, sum(q.counts.get(k, 0) for k in AGREE_KEYS) / opinions, opinions)


def _section_scales(instrument: Instrument, prefix: str) -> list[Question]:
    return [q for s in instrument.sections if s.id.startswith(prefix)
            for q in s.questions if kind_of(q).agreement]


def key_findings(instrument: Instrument, summary: SessionSummary, top: int = 3) -> KeyFindings:
    found = KeyFindings()
    withheld = False

    def statements(questions: list[Question]) -> list[Statement]:
        nonlocal withheld
        result = []
        for question in questions:
            statement = agreement(summary, question)
            if statement is None:
                withheld = True
            else:
                result.append(statement)
        return result

    concerns = statements(_section_scales(instrument, "concern"))
    found.concerns = sorted(concerns, key=lambda s: -s.agree)[:top]
    safety = _section_scales(instrument, "safety")
    named = [q for q in safety if q.id in ("safe_day", "safe_night")]
    found.safety = statements(named or safety[:2])
    found.trust = sorted(statements(_section_scales(instrument, "trust")), key=lambda s: -s.agree)

    candidates = sorted((q for q in instrument.questions if kind_of(q).priority is not None),
                        key=lambda q: kind_of(q).priority or 0)  # votes, then rankings
    for question in candidates:
        q = summary.question(question.id)
        if q.suppressed:
            withheld = True
            continue
        scores = kind_of(question).scores(q)
        if not scores or not any(scores.values()):
            continue
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], question.choice_ids().index(kv[0])
                                                        if kv[0] in question.choice_ids() else 99))
        found.priorities = [Priority(cid, score, (q.first or {}).get(cid) if q.first else None)
                            for cid, score in ranked[:top] if score > 0]
        found.priority_question = question
        break
    found.withheld = withheld
    return found
