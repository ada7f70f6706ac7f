"""How complete a questionnaire is in one language: every text it shows (title, welcome,
consent and thanks, section titles, introductions and notes, labels, help, units and
choices), and which of them fall back to another language.

English and French are complete by rule (the loader requires them); any other language's
texts come from a translator, so a text may be missing. Where one is, the respondent sees
the fallback language's (toolkit/languages.py: French for Innu-aimun, English for most),
and documents mark it. The CLI (`toolkit instruments completeness`) and the app show this.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from toolkit.i18n import N_
from toolkit.questionnaire.model import Instrument, Text, pick_with_language

# what a text is, as the completeness view names it (translated where shown)
FIELDS = {
    "title": N_("questionnaire title"), "intro": N_("welcome text"),
    "consent": N_("consent text"), "thanks": N_("thank-you text"),
    "section": N_("section title"), "section_intro": N_("section introduction"),
    "note": N_("section note"), "label": N_("question wording"), "help": N_("help text"),
    "unit": N_("unit of a number"), "choice": N_("choice"),
}


@dataclass(frozen=True)
class Entry:
    """One text of the questionnaire: where it is, and what is shown in the language."""

    where: str  # "", a section id, or a question id
    field: str  # a FIELDS key
    item: str  # the choice id for a choice, else ""
    shown: str  # the text shown in the language asked for
    shown_in: str  # the language that text is in (the fallback's when it is missing)
    lang: str  # the language asked for

    @property
    def missing(self) -> bool:
        return self.shown_in != self.lang


@dataclass(frozen=True)
class Completeness:
    instrument: str
    version: int
    lang: str
    entries: tuple[Entry, ...]

    @property
    def total(self) -> int:
        return len(self.entries)

    @property
    def missing(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.missing)

    @property
    def translated(self) -> int:
        return self.total - len(self.missing)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def _texts(instrument: Instrument) -> Iterator[tuple[str, str, str, Text]]:
    """(where, field, item, text) for every text the questionnaire shows."""
    yield "", "title", "", instrument.title
    yield "", "intro", "", instrument.intro
    for field in ("consent", "thanks"):
        text = getattr(instrument, field, None)
        if text:
            yield "", field, "", text
    for section in instrument.sections:
        yield section.id, "section", "", section.title
        if section.intro:
            yield section.id, "section_intro", "", section.intro
        if section.note:
            yield section.id, "note", "", section.note
        for q in section.questions:
            yield q.id, "label", "", q.label
            if q.help:
                yield q.id, "help", "", q.help
            if q.unit:
                yield q.id, "unit", "", q.unit
            for choice in q.choices:
                yield q.id, "choice", choice.id, choice.text


def completeness(instrument: Instrument, lang: str) -> Completeness:
    """Every text of `instrument` as shown in `lang`, each saying if it is `lang`'s own."""
    entries = []
    for where, field, item, text in _texts(instrument):
        shown, shown_in = pick_with_language(text, lang)
        entries.append(Entry(where, field, item, shown, shown_in, lang))
    return Completeness(instrument.id, instrument.version, lang, tuple(entries))
