"""A hub data folder filled through real exports and imports from three communities."""

from __future__ import annotations

from pathlib import Path

from tests.exchange_helpers import open_kit, review
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import import_file
from toolkit.sessions import SessionService

SYLLABICS = "ᐃᖃᓗᐃᑦ"  # Iqaluit
SECRET = "Une idée secrète pour les aînés"  # reviewed and included: travels at `full`


def community_session(kit, community: str, people: int, trust: int, date: str,
                      secret: str | None = None):
    """`people` answer safe_day; only the first `trust` answer trust_police."""
    service = SessionService(kit.store)
    session = service.create_session(community, "local-diagnosis", date, place="Salle",
                                      title=f"Diagnostic {community}")
    for n in range(people):
        r = service.add_respondent(session.id)
        service.save_answer(r.id, "safe_day", 4 if n % 2 else 5)
        if n < trust:
            service.save_answer(r.id, "trust_police", 2)
        if secret and n == 0:
            service.save_answer(r.id, "best_idea", secret)
            review(kit, r.id, "best_idea", "include")
        service.complete(r.id)
    return service.get(session.id)


PRIORITY = ("Evenings for youth: a drop-in at the community hall three nights a week, with "
            "transport home")


def add_plan(kit, community: str) -> None:
    """A plan with two priorities (one long), an action done and one under way."""
    from toolkit.plan.service import PlanService

    plans = PlanService(kit.store)
    plans.create(community, "Plan 2027")
    plans.add_priority(community, PRIORITY, "prevention")
    plans.add_priority(community, "Safer nights", "social_development")
    plans.add_action(community, 1, "Open the drop-in", lead="Recreation", status="done")
    plans.add_action(community, 2, "Light the path", lead="Public works")


def fill_hub(hub_kit, folder: Path, plans: bool = False) -> dict[str, str]:
    """Three communities, three levels; returns community name -> level. With `plans`,
    Kahnawà:ke's package brings its plan (add_plan).

    safe_day: 6 (full) + 6 (summary) + 2 (responses, too few) -> 12 overall.
    trust_police: 3 (full) + 4 (summary), both under 5 -> withheld everywhere, never 7."""
    plan = [(SYLLABICS, "full", 6, 3, "2026-09-10", SECRET),
            ("Kahnawà:ke", "summary", 6, 4, "2026-10-14", None),
            ("Wendake", "responses", 2, 0, "2026-11-03", None)]
    levels = {}
    for i, (name, level, people, trust, date, secret) in enumerate(plan):
        source = open_kit(folder / f"source-{i}")
        try:
            session = community_session(source, name, people, trust, date, secret)
            if plans and name == "Kahnawà:ke":
                add_plan(source, name)
            pv = preview(source.store, [session.id], level,
                         source.settings.small_group_threshold)
            out = folder / f"package-{i}.ccsc"
            export_package(source.store, pv, out)
        finally:
            source.close(backup=False)
        import_file(hub_kit.store, out)
        levels[name] = level
    return levels
