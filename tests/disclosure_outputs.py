"""Turn outputs (report parts, hub parts, summary packages) into the auditor's figures.

Each figure says which sessions it counts, read from the output itself (a combined figure
lists the parts it left out), so the auditor can relate figures of different outputs: a
community report and the session reports of its sessions, a hub report and its communities.
"""

from __future__ import annotations

from tests.disclosure_auditor import Auditor, Figure, Person
from toolkit.analysis import answer_keys
from toolkit.questionnaire.answers import effective_answers


def included(question_summary, part_ids: list[str], parts=None) -> frozenset[str]:
    """The parts a (possibly combined) question summary counts: those it does not list as
    left out (before issue 12, which did not list them: those whose own figure was shown)."""
    if hasattr(question_summary, "left_out") or not parts:
        left = set(getattr(question_summary, "left_out", None) or [])
        return frozenset(p for p in part_ids if p not in left)
    return frozenset(p for p, s in zip(part_ids, parts)
                     if not s.question(question_summary.id).suppressed)


def summary_figures(summary, session_ids: list[str], qids: list[str], label: str,
                    members: dict[str, list[str]] | None = None, parts=None) -> list[Figure]:
    """Question figures of a summary. `members`: for a combined summary whose parts are
    communities, the sessions of each part."""
    out = []
    for qid in qids:
        q = summary.question(qid)
        chosen = included(q, list(members) if members else session_ids, parts)
        sessions = frozenset(s for p in chosen for s in (members[p] if members else [p]))
        out.append(Figure(qid, sessions, None if q.suppressed else dict(q.counts or {}),
                          n=None if q.suppressed else q.n, label=f"{label}: {qid}"))
    return out


def breakdown_figures(result, session_ids: list[str], label: str) -> list[Figure]:
    sessions = frozenset(getattr(result, "sessions", None) or session_ids)
    return [Figure(result.question_id, sessions,
                   None if g.suppressed else dict(g.summary.counts or {}),
                   n=None if g.suppressed else g.summary.n, group=(result.by_question_id, g.key),
                   label=f"{label}: {result.question_id} by {result.by_question_id}={g.key!r}")
            for g in result.groups]


def part_breakdown(part, q: str, g: str, threshold: int):
    """The breakdown a report part prints (new: part.breakdowns; before: pooled answers)."""
    for result in getattr(part, "breakdowns", None) or []:
        if result.question_id == q and result.by_question_id == g:
            return result
    if hasattr(part, "breakdowns"):
        return None
    from toolkit.analysis import breakdown

    return breakdown(part.instrument, part.answers, q, g, threshold)


def report_figures(part, q: str, g: str | None, threshold: int, label: str) -> list[Figure]:
    ids = [s.id for s in part.sessions]
    qids = [q] + ([g] if g else [])
    figures = summary_figures(part.summary, ids, qids, label, parts=part.summaries)
    if g:
        result = part_breakdown(part, q, g, threshold)
        if result is not None:
            figures += breakdown_figures(result, ids, label)
    return figures


def people_of_store(service, sessions) -> list[Person]:
    out = []
    for session in sessions:
        instrument = service.instrument(session)
        for answers in service.all_answers(session.id).values():
            out.append(Person(session.id, effective_answers(instrument, answers)))
    return out


def audit(people: list[Person], instrument, threshold: int, q: str, g: str | None,
          figures: list[Figure]) -> tuple[list[str], int]:
    question = instrument.question(q)
    by = instrument.question(g) if g else None
    auditor = Auditor(people, threshold, q, answer_keys(question), g,
                      answer_keys(by) if by else None, bool(by and by.type == "multi"))
    return auditor.attack(figures)
