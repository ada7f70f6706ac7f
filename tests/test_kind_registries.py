"""Every question kind is known to every registry: the core's behaviour on the Kind, and each
table the outer layers fill (blank form, report charts, demo answers, XLSForm, ODK cells;
the widgets in tests/ui/test_new_kind.py). A kind forgotten anywhere fails here, by name."""

from __future__ import annotations

import random

import pytest

import toolkit.demo  # noqa: F401  (each module registers its table when imported)
import toolkit.exchange.submissions  # noqa: F401
import toolkit.questionnaire.xlsform  # noqa: F401
import toolkit.reports.blank_form  # noqa: F401
import toolkit.reports.summary  # noqa: F401
from tests.kind_helpers import TABLES, assert_every_kind
from toolkit.analysis import FIGURES, summarise
from toolkit.demo import ANSWERS
from toolkit.questionnaire import bundled_instrument, instrument_from_definition
from toolkit.questionnaire.answers import check_answer
from toolkit.questionnaire.kinds import (
    KINDS,
    Kind,
    MissingKindError,
    kind_table,
)
from toolkit.questionnaire.kinds import (
    TABLES as KIND_TABLES,
)

SHIPPED = ["scale", "single", "multi", "yesno", "number", "text", "longtext", "ranking",
           "votes"]
T = {"en": "A", "fr": "Un"}


def test_the_shipped_kinds_are_registered():
    assert list(KINDS) == SHIPPED


@pytest.mark.parametrize("table", TABLES)
def test_every_kind_is_in_every_table(table):
    assert table in KIND_TABLES, f"nothing registers the {table!r} table any more"
    assert_every_kind(table)


def test_no_table_is_left_out_of_the_check():
    shipped = {t for t in KIND_TABLES if not t.startswith("test-")}  # tests make their own
    assert shipped - {"widgets"} - set(TABLES) == set(), \
        "a new kind table: add it to tests/kind_helpers.TABLES"


def one_question(name: str):
    kind = KINDS[name]
    raw = {"id": "q", "type": name, "label": T,
           **({"choices": [{"id": "a", **T}, {"id": "b", **T}]} if kind.has_choices else {}),
           **({"min": 0, "max": 100, "integer": True} if name == "number" else {}),
           **({"top": 2} if name == "ranking" else {})}
    inst = instrument_from_definition({
        "id": "one", "version": 1, "kind": "individual", "title": T, "intro": T,
        "sections": [{"id": "s", "title": T, "questions": [raw]}]})
    return inst, inst.question("q")


@pytest.mark.parametrize("name", SHIPPED)
def test_each_kind_owns_its_behaviour(name):
    """The core asks the kind: a demo answer passes its check, its tally fills only summary
    fields it declares, its cells round-trip as codes and as words, its codebook entry."""
    kind = KINDS[name]
    inst, q = one_question(name)
    assert kind.description, f"{name} has no codebook description"
    assert kind.figures <= set(FIGURES)
    assert type(kind).check is not Kind.check
    rng = random.Random(3)
    for _ in range(50):  # the demo leaves some unanswered (and writes only its own comments)
        value = ANSWERS.lookup(q)(rng, q, "en", {})
        if value is not None:
            break
    else:
        assert kind.free_text, f"the demo never answers a {name} question"
        value = "written"
    assert check_answer(q, value) == value
    summary = summarise(inst, {str(i): {"q": value} for i in range(5)}, 5).question("q")
    filled = {f for f in FIGURES if getattr(summary, f) is not None}
    assert filled == set(kind.figures)
    assert not kind.free_text or not filled  # free text never enters a summary
    if kind.counted:
        assert set(summary.counts) == set(kind.answer_keys(q))
    words = {f"<{v}>": v for v in kind.codes(q)}  # each value's words, and back to the value
    word = (lambda v: f"<{v}>") if kind.closed else None
    code = (lambda text: words[text.strip()]) if kind.closed else None
    assert check_answer(q, kind.parse_cell(q, kind.format_cell(q, value))) == value
    assert check_answer(q, kind.parse_cell(q, kind.format_cell(q, value, word), code)) == value
    if kind.option_columns:
        cells = {c: kind.option_cell(q, value, c) for c in q.choice_ids()}
        assert kind.from_options(q, cells) == value
    assert kind.codes_text(q, "fr") is not None


def test_a_table_refuses_a_kind_it_lacks_with_a_message_in_the_users_language():
    from toolkit.i18n import set_language

    table = kind_table("test-lacking")
    with pytest.raises(MissingKindError) as caught:
        table.lookup("scale")
    set_language("fr")
    assert "scale" in caught.value.user_message()
    assert "This version" not in caught.value.user_message()


def test_the_shipped_questionnaires_use_only_registered_kinds():
    for name in ("local-diagnosis", "group-session"):
        for q in bundled_instrument(name).questions:
            for table in TABLES:
                kind_table(table).lookup(q)


def test_a_kind_the_outer_layers_do_not_know_is_refused_not_drawn_wrong(tmp_path):
    """Registered in the core only: the blank form and the demo refuse it by name (the
    blank form used to draw writing lines under it), and no file is left behind."""
    from tests.kind_helpers import STAR_DEFINITION, add_stars, remove_stars
    from toolkit.demo import generate_answers
    from toolkit.reports.blank_form import build_blank_form

    add_stars()
    try:
        instrument = instrument_from_definition(STAR_DEFINITION)
        with pytest.raises(MissingKindError, match=r"type stars here \(blank-form\)"):
            build_blank_form(instrument, tmp_path / "form.pdf")
        assert list(tmp_path.iterdir()) == []
        with pytest.raises(MissingKindError, match="demo-answers"):
            generate_answers(instrument, random.Random(1), "en")
    finally:
        remove_stars()
    assert "stars" not in KINDS
