"""The plan's figures in words, in one language: shared by the CLI, the printed plan and the
GUI, so a seeded figure or an indicator value reads the same everywhere."""

from __future__ import annotations

from toolkit.i18n import N_, catalog, format_number, format_percent, translate
from toolkit.plan.model import Figure
from toolkit.plan.seeding import Measure, RoundValue
from toolkit.questionnaire.model import OTHER, Question, pick

MEASURE_WORDS = {
    "agree": N_("{share} agree ({k} of {n} people who gave an opinion)"),
    "first": N_("ranked first by {share} ({k} of {n} people)"),
}
SHORT_SHARE = N_("{share} of {n}")

VALUE_WORDS = {
    "withheld": N_("withheld (fewer people than the privacy threshold)"),
    "not_asked": N_("not asked in this round"),
}
FIGURE_KEYS = {"agree": N_("agree or strongly agree"), "yes": N_("answered yes"),
               "mean": N_("average")}


def measure_text(measure: Measure, lang: str, short: bool = False) -> str:
    """The figure in words ("75% agree (21 of 28 people who gave an opinion)"); `short`:
    for a chart's value column ("75% of 28", "47 points")."""
    values = {"k": format_number(measure.k, lang), "n": format_number(measure.n, lang),
              "share": format_percent(measure.share or 0, lang)}
    words = catalog(lang)
    if measure.kind in MEASURE_WORDS:
        return translate(lang, SHORT_SHARE if short else MEASURE_WORDS[measure.kind]).format(
            **values)
    if measure.kind == "points":
        text = words.ngettext("{k} point", "{k} points", measure.k) if short else \
            words.ngettext("{k} ranking point from {n} people",
                           "{k} ranking points from {n} people", measure.k)
    else:
        text = words.ngettext("{k} vote", "{k} votes", measure.k) if short else \
            words.ngettext("{k} vote, {n} people in the room",
                           "{k} votes, {n} people in the room", measure.k)
    return text.format(**values)


def value_text(value: RoundValue | None, lang: str) -> str:
    """An indicator's value in a round: "48 % (12 of 25)", an average, or why there is none."""
    if value is None:
        return "—"
    if value.status != "shown":
        return translate(lang, VALUE_WORDS[value.status])
    if value.share is not None:
        return translate(lang, N_("{share} ({k} of {n})")).format(
            share=format_percent(value.share.value, lang),
            k=format_number(value.share.k, lang), n=format_number(value.share.n, lang))
    assert value.mean is not None
    return format_number(round(value.mean, 1), lang)


def figure_text(figure: Figure, question: Question | None, lang: str) -> str:
    """What an indicator follows, e.g. "Q. I feel safe walking at night: agree or strongly
    agree"."""
    label = pick(question.label, lang) if question is not None else figure.question_id
    if figure.key in FIGURE_KEYS:
        key = translate(lang, FIGURE_KEYS[figure.key])
    elif figure.key == OTHER:
        key = translate(lang, N_("Other (please specify)"))
    else:
        choice = question.choice(figure.key) if question is not None else None
        key = pick(choice.text, lang) if choice else figure.key
    return f"{label} — {key}"
