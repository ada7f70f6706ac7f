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


def fill_hub(hub_kit, folder: Path) -> dict[str, str]:
    """Three communities, three levels; returns community name -> level.

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
            pv = preview(source.store, [session.id], level,
                         source.settings.small_group_threshold)
            out = folder / f"package-{i}.ccsc"
            export_package(source.store, pv, out)
        finally:
            source.close(backup=False)
        import_file(hub_kit.store, out)
        levels[name] = level
    return levels
