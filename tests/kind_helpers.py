"""For tests of code that registers per-kind implementations (renderers, widgets, formats),
and a question kind that the app does not ship, added through the registry alone."""

from __future__ import annotations

from toolkit.i18n import N_
from toolkit.questionnaire.kinds import (
    AnswerError,
    Kind,
    kind_table,
    missing_kinds,
    plain,
    register_kind,
    unregister_kind,
)

# Every table the app fills: a table that stops being filled (or is renamed) fails too.
TABLES = ("blank-form", "report-chart", "demo-answers", "xlsform", "odk")
UI_TABLES = ("widgets",)


def assert_every_kind(table: str) -> None:
    """Fail, naming them, when question kinds have no implementation in `table`."""
    missing = missing_kinds(table)
    assert not missing, f"question kinds missing from the {table!r} table: {', '.join(missing)}"


class StarsKind(Kind):
    """A 1-to-N star rating: its own key (`stars`), values and their words, check, tally
    (counted per number of stars) and cells."""

    name = "stars"
    keys = frozenset({"stars"})
    closed = counted = True
    figures = frozenset({"counts"})

    def build(self, checker, raw, where):
        return {"top": checker.whole(raw.get("stars"), where, "stars", 2, 10)}

    def values(self, question):
        return list(range(1, question.top + 1))

    def answer_keys(self, question):
        return [str(v) for v in self.values(question)]

    def answer_label(self, question, key):
        return {"en": f"{key} stars", "fr": f"{key} étoiles"}

    def check(self, question, value):
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= question.top:
            return value
        raise AnswerError(N_("a number was expected"))

    def parse_cell(self, question, cell, code=None):
        text = plain(cell)
        return code(text) if code else int(text.strip().rstrip("*") or 0)


STAR_DEFINITION = {
    "id": "stars-test", "version": 1, "kind": "individual",
    "title": {"en": "Stars", "fr": "Étoiles"}, "intro": {"en": "Rate.", "fr": "Notez."},
    "sections": [{"id": "s", "title": {"en": "Rating", "fr": "Note"}, "questions": [
        {"id": "rating", "type": "stars", "stars": 5,
         "label": {"en": "How good is the bus service?", "fr": "Le service d’autobus ?"}},
        {"id": "why", "type": "text", "label": {"en": "Why?", "fr": "Pourquoi ?"},
         "show_if": {"question": "rating", "any_of": [1, 2]}},
    ]}],
}


def register_stars_renderers() -> None:
    """What the outer layers register for the new kind: a blank-form area (five boxes), a
    chart (the counted bar chart), a demo answer. Widgets are the UI's (tests/ui)."""
    from toolkit.reports.blank_form import AREAS, BlankForm
    from toolkit.reports.summary import CHARTS, points_chart

    def stars_area(form: BlankForm, q) -> list:
        keys = [str(v) for v in range(1, q.top + 1)]
        return [form._choice_rows([form.lang.answer(q, k) for k in keys], len(keys))]

    AREAS.register("stars")(stars_area)
    CHARTS.register("stars")(points_chart)
    kind_table("demo-answers").register("stars")(
        lambda rng, q, lang, shift: rng.randint(1, q.top))


def add_stars() -> Kind:
    return register_kind(StarsKind())


def remove_stars() -> None:
    unregister_kind("stars")
