"""Demo data: a fictional community with a completed local diagnosis of 30 respondents and a
group session, so a newcomer can see every screen and report with real-looking data.

Answers are drawn from a seeded generator with plausible tendencies (people feel safer by day
than at night; substance use and housing worry more people than fraud...), and respect the
questionnaire's skip logic. Comments are our own sample sentences.
"""

from __future__ import annotations

import random
from typing import Any

from toolkit.questionnaire import Instrument, Question
from toolkit.questionnaire.answers import is_visible
from toolkit.questionnaire.model import DONT_KNOW, OTHER
from toolkit.sessions import Session, SessionService

DEMO_COMMUNITY = "Birch Lake"
RESPONDENTS = 30

# Mean agreement (1-5) by question id prefix or id; anything else centres on 3.
TENDENCIES = {
    "safe_day": 4.3, "safe_night": 3.0, "safe_home": 4.2, "safe_public_places": 3.6,
    "safe_online": 3.1, "safe_children": 3.5,
    "concern_substance_use": 4.4, "concern_mental_health": 4.2, "concern_housing": 4.0,
    "concern_family_violence": 3.6, "concern_youth_idle": 3.9, "concern_guns_gangs": 2.4,
    "concern_property_crime": 3.7, "concern_road_safety": 3.4, "concern_racism": 3.0,
    "concern_senior_isolation": 3.5, "concern_bullying_online": 3.3, "concern_fraud_scams": 2.9,
    "protect_": 2.8, "trust_neighbours": 4.0, "trust_police": 3.0, "trust_": 3.4,
    "ready_": 3.3,
}
COMMENTS = {
    "en": [
        "We need a safe place for teenagers to go in the evening, with an adult they trust.",
        "The road to the highway has no lighting and people drive too fast after the bar closes.",
        "Bring back the Elders' lunch at the hall; it kept people connected.",
        "Waiting lists for counselling are months long. People give up.",
        "More people would help if someone asked them directly.",
        "A land-based camp for youth in the summer would make a big difference.",
        "The school gym could be open on weekends.",
    ],
    "fr": [
        "Il faudrait un local pour les ados le soir, avec un adulte de confiance.",
        "Le chemin vers la route principale n'est pas éclairé et les gens roulent trop vite.",
        "Les repas des Aînés à la salle communautaire rapprochaient les gens.",
        "Les listes d'attente pour voir un intervenant sont beaucoup trop longues.",
        "Beaucoup de gens aideraient si on le leur demandait directement.",
    ],
}


def _scale(rng: random.Random, question_id: str) -> Any:
    mean = TENDENCIES.get(question_id)
    if mean is None:
        mean = next((v for k, v in TENDENCIES.items() if k.endswith("_")
                     and question_id.startswith(k)), 3.0)
    if rng.random() < 0.05:
        return DONT_KNOW
    return max(1, min(5, round(rng.gauss(mean, 0.9))))


def _answer(rng: random.Random, q: Question, lang: str) -> Any:
    ids = [c.id for c in q.choices]
    if q.type == "scale":
        return _scale(rng, q.id)
    if q.type == "yesno":
        weights = {"victim_12m": 0.3, "victim_reported": 0.45, "trust_police_contact": 0.4}
        roll = rng.random()
        if q.dont_know and roll < 0.05:
            return DONT_KNOW
        return "yes" if roll < weights.get(q.id, 0.5) else "no"
    if q.type == "single":
        if q.other and rng.random() < 0.04:
            return OTHER
        return rng.choice(ids)
    if q.type == "multi":
        limit = q.max_choices or 3
        return rng.sample(ids, rng.randint(1, min(limit, len(ids))))
    if q.type == "ranking":
        favoured = sorted(ids, key=lambda c: rng.random() - (0.4 if c in ids[:4] else 0))
        return favoured[: q.top or 3]
    if q.type == "number":
        return rng.randint(int(q.minimum), min(int(q.maximum), 7))
    if q.type in ("text", "longtext"):
        return rng.choice(COMMENTS[lang]) if rng.random() < 0.35 else None
    return None


def generate_answers(instrument: Instrument, rng: random.Random, lang: str) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in instrument.questions:
        if not is_visible(instrument, q, answers):
            continue
        if q.section == "demographics" and rng.random() < 0.1:
            if any(c.id == "prefer_not" for c in q.choices):
                answers[q.id] = ["prefer_not"] if q.type == "multi" else "prefer_not"
            continue
        value = _answer(rng, q, lang)
        if value is not None:
            answers[q.id] = value
            if value == OTHER or (isinstance(value, list) and OTHER in value):
                answers[q.other_key] = "Seasonal camp" if lang == "en" else "Camp saisonnier"
    return answers


DEMO_TITLES = ("Fall diagnosis", "Youth circle")


def existing_demo(service: SessionService) -> list[Session]:
    """The demo sessions already added (by community and title), so a second run adds none."""
    found = {s.title: s for s in service.list_sessions()
             if s.community == DEMO_COMMUNITY and s.title in DEMO_TITLES}
    return [found[t] for t in DEMO_TITLES if t in found]


def add_demo(service: SessionService, seed: int = 2026) -> list[Session]:
    """Add the demo community's sessions; returns them (individual, then group)."""
    rng = random.Random(seed)
    survey = service.create_session(DEMO_COMMUNITY, "local-diagnosis", "2026-10-14",
                                    mode="facilitator", language="en", place="Community hall",
                                    facilitator="Demo facilitator", title="Fall diagnosis")
    instrument = service.instrument(survey)
    for n in range(RESPONDENTS):
        lang = "fr" if n % 6 == 5 else "en"
        respondent = service.add_respondent(survey.id, paper_number=None)
        _store(service, respondent.id, generate_answers(instrument, rng, lang))
        service.complete(respondent.id)
    group = service.create_session(DEMO_COMMUNITY, "group-session", "2026-10-21", mode="group",
                                   language="en", place="School library",
                                   facilitator="Demo facilitator", title="Youth circle")
    ginstrument = service.instrument(group)
    respondent = service.add_respondent(group.id)
    answers = generate_answers(ginstrument, rng, "en")
    answers["participants_count"] = 14
    votes = ginstrument.question("group_votes")
    answers["group_votes"] = {c.id: rng.randint(0, 9) for c in votes.choices}
    _store(service, respondent.id, answers)
    service.complete(respondent.id)
    return [service.get(survey.id), service.get(group.id)]


def _store(service: SessionService, respondent_id: str, answers: dict[str, Any]) -> None:
    for qid, value in answers.items():
        service.save_answer(respondent_id, qid, value)
