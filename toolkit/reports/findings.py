"""Key findings computed from a summary: what a council member reads first.

Questions are found by the report roles the questionnaire declares (questionnaire.roles),
never by id, so an imported questionnaire gets findings too: the `concern` statements ranked
by agreement, the `safety_day` and `safety_night` statements, the `trust` statements, and the
first `priorities` question with answers. Suppressed questions are simply left out;
`withheld` says that some were, `declared` whether the questionnaire names any at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.analysis import SessionSummary
from toolkit.questionnaire.model import Instrument, Question
from toolkit.questionnaire.roles import has_findings, questions_with_role

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
    declared: bool = True  # False: the questionnaire holds no role that gives findings

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


def key_findings(instrument: Instrument, summary: SessionSummary, top: int = 3) -> KeyFindings:
    found = KeyFindings(declared=has_findings(instrument))
    withheld = False

    def role(name: str) -> list[Question]:
        return list(questions_with_role(instrument, name))

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

    concerns = statements(role("concern"))
    found.concerns = sorted(concerns, key=lambda s: -s.agree)[:top]
    found.safety = statements(role("safety_day") + role("safety_night"))
    found.trust = sorted(statements(role("trust")), key=lambda s: -s.agree)

    for question in role("priorities"):
        q = summary.question(question.id)
        if q.suppressed:
            withheld = True
            continue
        scores = q.counts if question.type == "votes" else q.points
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
