"""The questionnaire model: immutable, built only by the loader after validation."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from toolkit.i18n import content_translation, language
from toolkit.languages import fallback_chain

OTHER = "other"  # the choice id of "Other (please specify)"
DONT_KNOW = "dk"
SCALE_VALUES = (1, 2, 3, 4, 5)
Text = dict[str, str]


def pick(text: Text, lang: str | None = None) -> str:
    """The text in `lang` (default: the interface language): a translator's from the data
    folder (questionnaires.po, keyed by the English), else the questionnaire's own, else its
    fallback language's (English or French, toolkit/languages.py), else the English."""
    return pick_with_language(text, lang)[0]


def pick_with_language(text: Text, lang: str | None = None) -> tuple[str, str]:
    """pick(), and the language the text is in: documents mark, and the completeness view
    counts, a text that is not in the language asked for."""
    wanted = lang or language()
    translated = content_translation(wanted, "questionnaires", text.get("en", ""))
    if translated:  # the translator's word (translation workbook) comes first
        return translated, wanted
    for code in fallback_chain(wanted):
        if text.get(code):
            return text[code], code
    return "", wanted


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text

    def label(self, lang: str | None = None) -> str:
        return pick(self.text, lang)


@dataclass(frozen=True)
class Rule:
    """Show a question only when an earlier answer is one of `any_of`."""

    question: str
    any_of: tuple[Any, ...]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    section: str
    label: Text
    help: Text | None = None
    required: bool = False
    choices: tuple[Choice, ...] = ()
    other: bool = False
    max_choices: int | None = None  # multi
    top: int | None = None  # ranking
    minimum: float | None = None  # number
    maximum: float | None = None  # number
    integer: bool = False  # number
    unit: Text | None = None  # number
    max_length: int | None = None  # text, longtext
    dont_know: bool = False  # yesno
    show_if: Rule | None = None
    role: str | None = None  # report role as declared (reports read roles.py)

    def text(self, lang: str | None = None) -> str:
        return pick(self.label, lang)

    def help_text(self, lang: str | None = None) -> str:
        return pick(self.help, lang) if self.help else ""

    def choice_ids(self) -> list[str]:
        ids = [c.id for c in self.choices]
        return ids + [OTHER] if self.other else ids

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)

    @property
    def is_free_text(self) -> bool:
        """The respondent's own words (reviewed before printing or sharing): the kind says."""
        from toolkit.questionnaire.kinds import kind_of  # kinds imports this module

        return kind_of(self.type).free_text

    @property
    def other_key(self) -> str:
        """Answers key of the "please specify" text of this question."""
        return f"{self.id}.other"


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    intro: Text | None
    guide: str | None
    questions: tuple[Question, ...]
    note: Text | None = None  # shown after the section's questions (for example support lines)

    def label(self, lang: str | None = None) -> str:
        return pick(self.title, lang)


@dataclass(frozen=True)
class Instrument:
    id: str
    version: int
    kind: str  # individual | group
    languages: tuple[str, ...]
    title: Text
    intro: Text
    sections: tuple[Section, ...]
    definition: dict[str, Any] = field(repr=False, compare=False)
    # the kiosk's consent and thanks pages in the questionnaire's own words (the app's
    # standard texts when absent); `intro` is the welcome
    consent: Text | None = None
    thanks: Text | None = None

    def offered_languages(self) -> tuple[str, ...]:
        """The languages a session of this questionnaire may run in: its own, then those a
        translator translated it into (its title at least, through the workbook)."""
        from toolkit import languages

        translated = [lang.code for lang in languages.registered()
                      if lang.code not in self.languages and content_translation(
                          lang.code, "questionnaires", self.title.get("en", ""))]
        return (*self.languages, *translated)

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Question numbers as printed on the paper form and shown when keying it: 1, 2, ..."""
        return {q.id: n for n, q in enumerate(self.questions, start=1)}

    def question(self, question_id: str) -> Question:
        """Looked up on every saved answer and every skip-rule check, hence the index."""
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def label(self, lang: str | None = None) -> str:
        return pick(self.title, lang)

    @cached_property
    def canonical(self) -> str:
        """The definition as stored in a session snapshot: stable key order, no whitespace."""
        return json.dumps(self.definition, sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))

    def canonical_json(self) -> str:
        return self.canonical

    @cached_property
    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical.encode("utf-8")).hexdigest()
