"""Demo data: a fictional community, Birch Lake, that ran its local diagnosis twice.

Round "2024 baseline" holds a survey on questionnaire version 1; round "2026 follow-up" holds
a survey on version 2 and a youth group session, so a newcomer can see every screen, the
summary report and the comparison of two rounds (matched across questionnaire versions).

Answers are drawn from a seeded generator with plausible tendencies (people feel safer by day
than at night; substance use and housing worry more people than fraud; after the baseline the
community lit the road and opened a youth drop-in, so night-time safety rises a little), and
respect the questionnaire's skip logic. Written answers are our own sample sentences, each
written for the question it answers.
"""

from __future__ import annotations

import random
from typing import Any

from toolkit.questionnaire import Instrument, Question
from toolkit.questionnaire.answers import is_visible
from toolkit.questionnaire.kinds import kind_of, kind_table
from toolkit.questionnaire.model import DONT_KNOW, OTHER
from toolkit.sessions import Session, SessionService

DEMO_COMMUNITY = "Birch Lake"
RESPONDENTS = 30
ROUND_NAMES = ("2024 baseline", "2026 follow-up")

# Mean agreement (1-5) by question id prefix or id; anything else centres on 3.
TENDENCIES = {
    "safe_day": 4.3, "safe_night": 3.0, "safe_home": 4.2, "safe_public_places": 3.6,
    "safe_online": 3.1, "safe_children": 3.5,
    "concern_substance_use": 4.4, "concern_mental_health": 4.2, "concern_housing": 4.0,
    "concern_family_violence": 3.6, "concern_youth_idle": 3.9, "concern_guns_gangs": 2.4,
    "concern_property_crime": 3.7, "concern_road_safety": 3.4, "concern_racism": 3.0,
    "concern_senior_isolation": 3.5, "concern_bullying_online": 3.3, "concern_fraud_scams": 2.9,
    "concern_sexual_violence": 3.4, "concern_elder_abuse": 3.0, "concern_poverty": 3.9,
    "indigenous_women_safe": 2.9, "missing_person_response": 2.6,
    "emergency_help_fast": 2.5, "evacuation_ready": 3.1,
    "risk_women": 3.6, "risk_seniors": 3.2, "risk_youth": 3.5,
    "protect_": 2.8, "trust_neighbours": 4.0, "trust_police": 3.0, "trust_": 3.4,
    "ready_": 3.3,
}
# How the baseline differed (2024, before the community acted): added to the means above.
BASELINE_SHIFT = {"safe_night": -0.7, "concern_youth_idle": 0.5, "protect_youth_programs": -0.6,
                  "concern_road_safety": 0.6, "trust_police": -0.2}

# Written answers, each for its own question (and the "please specify" texts of choices).
COMMENTS = {
    "unsafe_places": {
        "en": ["The path behind the arena: there are no lights after dark.",
               "The parking lot behind the store at night, when nobody is around.",
               "The old bridge on the highway road, where the shoulder is narrow.",
               "The empty house near the dock; people gather there late at night."],
        "fr": ["Le sentier derrière l’aréna : il n’y a aucun éclairage le soir.",
               "Le stationnement derrière le magasin, la nuit, quand il n’y a personne.",
               "Le vieux pont sur la route de l’autoroute, où l’accotement est étroit."],
    },
    "concerns_other": {
        "en": ["Loose dogs near the school in the morning.",
               "Loneliness of people who live far out on the back roads.",
               "Fires set in empty buildings."],
        "fr": ["Des chiens errants près de l’école le matin.",
               "La solitude des gens qui vivent loin, sur les rangs."],
    },
    "services_missing": {
        "en": ["Counselling: the waiting list is months long, so people give up.",
               "A detox bed closer than the city, six hours away.",
               "Rides to appointments for seniors who no longer drive.",
               "Victim services only come once a month."],
        "fr": ["Des services de counseling : l’attente est de plusieurs mois.",
               "Du transport vers les rendez-vous pour les aînés qui ne conduisent plus."],
    },
    "best_idea": {
        "en": ["A safe place for teenagers to go in the evening, with an adult they trust.",
               "Street lights on the road to the highway, and slower traffic after the bar "
               "closes.",
               "Bring back the Elders' lunch at the hall; it kept people connected.",
               "A land-based camp for youth in the summer.",
               "A safe ride home on weekend nights."],
        "fr": ["Un local pour les ados le soir, avec un adulte de confiance.",
               "De l’éclairage sur le chemin vers la route principale.",
               "Ramener les repas des Aînés à la salle communautaire."],
    },
    "strengths": {
        "en": ["People help each other when someone is in trouble.",
               "The friendship centre and the Elders who volunteer there.",
               "The volunteer fire department.",
               "The school gym is open to everyone on weekends now."],
        "fr": ["Les gens s’entraident quand quelqu’un a des ennuis.",
               "Le service d’incendie bénévole."],
    },
    "anything_else": {
        "en": ["Thank you for asking us.",
               "Please share the results with everyone, not only with council.",
               "More people would help if someone asked them directly."],
        "fr": ["Merci de nous demander notre avis.",
               "Beaucoup de gens aideraient si on le leur demandait directement."],
    },
    "group_strengths": {"en": ["Young people who want to help, and Elders willing to teach."]},
    "group_resources": {"en": ["The school gym in the evening; the band's summer jobs fund."]},
    "group_notes": {"en": ["Most of the group wants a drop-in with an adult they trust. "
                           "Several said the road home is dark."]},
    "group_followups": {"en": ["The youth worker will ask council about the gym in the "
                               "evenings and report back at the next circle."]},
}
OTHER_TEXTS = {
    "community_kind": ("Cottage area on the lake", "Secteur de chalets au bord du lac"),
    "respondent_role": ("Volunteer firefighter", "Pompier volontaire"),
    "not_reported_why": ("It happened online", "C’est arrivé en ligne"),
    "unsafe_place_kinds": ("The dump road", "Le chemin du dépotoir"),
    "avoidance": ("Going to the store at night", "Aller au magasin le soir"),
    "harm_kinds": ("Fuel stolen from the boat", "Carburant volé dans le bateau"),
    "sectors_represented": ("Summer students", "Étudiants d’été"),
    "place_type": ("Youth drop-in", "Local des jeunes"),
}
# Choices that stand alone in a multiple-choice answer.
ALONE = ("none", "prefer_not", "no_unsafe_place", "not_indigenous")


def _scale(rng: random.Random, question_id: str, shift: dict[str, float]) -> Any:
    mean = TENDENCIES.get(question_id)
    if mean is None:
        mean = next((v for k, v in TENDENCIES.items() if k.endswith("_")
                     and question_id.startswith(k)), 3.0)
    if rng.random() < 0.05:
        return DONT_KNOW
    return max(1, min(5, round(rng.gauss(mean + shift.get(question_id, 0.0), 0.9))))


# How the demo invents an answer, by question kind (the registry's "demo-answers" table):
# (rng, question, language, shift) -> a value, or None for no answer. A kind without one is
# refused by lookup() (and by tests/test_kind_registries.py), never left unanswered silently.
ANSWERS = kind_table("demo-answers")
YES_SHARES = {"victim_12m": 0.3, "victim_reported": 0.45, "trust_police_contact": 0.4,
              "harassment_12m": 0.12, "hard_to_pay_basics": 0.3,
              "evacuation_plan_known": 0.35, "trafficking_concern": 0.25}


@ANSWERS.register("scale")
def _scale_answer(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    return _scale(rng, q.id, shift)


@ANSWERS.register("yesno")
def _yesno(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    roll = rng.random()
    if q.dont_know and roll < 0.05:
        return DONT_KNOW
    return "yes" if roll < YES_SHARES.get(q.id, 0.5) else "no"


@ANSWERS.register("single")
def _single(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    if q.other and rng.random() < 0.08:
        return OTHER
    return rng.choice([c.id for c in q.choices])


@ANSWERS.register("multi")
def _multi(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    ids = [c.id for c in q.choices]
    alone = [c for c in ids if c in ALONE]
    if alone and rng.random() < 0.25:
        return [rng.choice(alone)]
    pool = [c for c in ids if c not in ALONE] + ([OTHER] if q.other else [])
    limit = q.max_choices or 3
    return rng.sample(pool, rng.randint(1, min(limit, len(pool))))


@ANSWERS.register("ranking")
def _ranking(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    ids = [c.id for c in q.choices]
    favoured = sorted(ids, key=lambda c: rng.random() - (0.4 if c in ids[:4] else 0))
    return favoured[: q.top or 3]


@ANSWERS.register("votes")
def _votes(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    return {c.id: rng.randint(0, 9) for c in q.choices}


@ANSWERS.register("number")
def _number(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    return rng.randint(int(q.minimum or 0), min(int(q.maximum or 7), 7))


@ANSWERS.register("text", "longtext")
def _written(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    texts = COMMENTS.get(q.id, {})
    said = texts.get(lang) or texts.get("en")
    return rng.choice(said) if said and rng.random() < 0.35 else None


def _answer(rng: random.Random, q: Question, lang: str, shift: dict[str, float]) -> Any:
    return ANSWERS.lookup(q)(rng, q, lang, shift)


def generate_answers(instrument: Instrument, rng: random.Random, lang: str,
                     shift: dict[str, float] | None = None) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in instrument.questions:
        if not is_visible(instrument, q, answers):
            continue
        if q.section == "demographics" and rng.random() < 0.1:
            if any(c.id == "prefer_not" for c in q.choices):
                answers[q.id] = ["prefer_not"] if kind_of(q).several else "prefer_not"
            continue
        value = _answer(rng, q, lang, shift or {})
        if value is not None:
            answers[q.id] = value
            if value == OTHER or (isinstance(value, list) and OTHER in value):
                en, fr = OTHER_TEXTS.get(q.id, ("Something else", "Autre chose"))
                answers[q.other_key] = en if lang == "en" else fr
    return answers


DEMO_TITLES = ("Fall diagnosis", "Youth circle", "2024 baseline survey")


def existing_demo(service: SessionService) -> list[Session]:
    """The demo sessions already added (by community and title), so a second run adds none."""
    found = {s.title: s for s in service.list_sessions()
             if s.community == DEMO_COMMUNITY and s.title in DEMO_TITLES}
    return [found[t] for t in DEMO_TITLES if t in found]


def _survey(service: SessionService, rng: random.Random, day: str, title: str, version: int,
            shift: dict[str, float]) -> Session:
    survey = service.create_session(DEMO_COMMUNITY, "local-diagnosis", day, mode="facilitator",
                                    language="en", place="Community hall",
                                    facilitator="Demo facilitator", title=title,
                                    version=version)
    instrument = service.instrument(survey)
    for n in range(RESPONDENTS):
        lang = "fr" if n % 6 == 5 else "en"
        respondent = service.add_respondent(survey.id, paper_number=None)
        _store(service, respondent.id, generate_answers(instrument, rng, lang, shift))
        service.complete(respondent.id)
    return survey


def add_demo(service: SessionService, seed: int = 2026) -> list[Session]:
    """Add the demo community's sessions and its two rounds; returns the sessions (the
    follow-up survey, the group session, then the baseline survey)."""
    from toolkit.rounds import RoundService

    rng = random.Random(seed)
    survey = _survey(service, rng, "2026-10-14", "Fall diagnosis", 2, {})
    group = service.create_session(DEMO_COMMUNITY, "group-session", "2026-10-21", mode="group",
                                   language="en", place="School library",
                                   facilitator="Demo facilitator", title="Youth circle")
    ginstrument = service.instrument(group)
    respondent = service.add_respondent(group.id)
    answers = generate_answers(ginstrument, rng, "en")
    answers["participants_count"] = 14
    _store(service, respondent.id, answers)
    service.complete(respondent.id)
    baseline = _survey(service, rng, "2024-10-09", "2024 baseline survey", 1, BASELINE_SHIFT)
    rounds = RoundService(service.store)
    first = rounds.create(DEMO_COMMUNITY, ROUND_NAMES[0])
    rounds.assign(first.id, [baseline.id])
    second = rounds.create(DEMO_COMMUNITY, ROUND_NAMES[1])
    rounds.assign(second.id, [survey.id, group.id])
    return [service.get(survey.id), service.get(group.id), service.get(baseline.id)]


def _store(service: SessionService, respondent_id: str, answers: dict[str, Any]) -> None:
    for qid, value in answers.items():
        service.save_answer(respondent_id, qid, value)
