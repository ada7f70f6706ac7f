"""Words printed in reports and forms, marked for translation, and the language modes.

A report is written in one language or in both: `Lang` carries the list of languages to
print, and `texts()` gives a message in each of them (through the gettext catalogs, so
reports are as complete in French as the interface).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.i18n import N_, catalog, format_date, format_number, format_percent, translate

# The words of the app's own answer values belong to their kinds; named here as before.
from toolkit.questionnaire.kinds import AGREEMENT as AGREEMENT
from toolkit.questionnaire.kinds import OTHER_TEXT as OTHER_TEXT
from toolkit.questionnaire.kinds import YESNO as YESNO
from toolkit.questionnaire.kinds import answer_words
from toolkit.questionnaire.model import Instrument, Question, Text, pick

REPORT_LANGUAGES = {
    "en": N_("English"),
    "fr": N_("French"),
    "bilingual": N_("Bilingual (English and French)"),
}
PAPER_SIZES = {"letter": N_("Letter (8.5 × 11 in)"), "a4": N_("A4")}



@dataclass(frozen=True)
class Lang:
    """The language(s) of one document: ("en",), ("fr",) or ("en", "fr")."""

    codes: tuple[str, ...]

    @classmethod
    def of(cls, mode: str) -> Lang:
        if mode == "bilingual":
            return cls(("en", "fr"))
        if mode in ("en", "fr"):
            return cls((mode,))
        raise ValueError(mode)

    @property
    def bilingual(self) -> bool:
        return len(self.codes) > 1

    def texts(self, message: str, **values: object) -> list[str]:
        """`message` translated into each language, with values formatted for it."""
        out = []
        for code in self.codes:
            formatted = {k: v(code) if callable(v) else v for k, v in values.items()}
            out.append(translate(code, message).format(**formatted))
        return out

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> list[str]:
        """A message with a count, in each language (plural rules of each language)."""
        out = []
        for code in self.codes:
            formatted = {k: v(code) if callable(v) else v for k, v in values.items()}
            out.append(catalog(code).ngettext(singular, plural, count).format(**formatted))
        return out

    def picks(self, text: Text | None) -> list[str]:
        """A questionnaire text (label, title) in each language."""
        return [pick(text, code) if text else "" for code in self.codes]

    def answer(self, question: Question, key: object) -> list[str]:
        """One answer value (scale point, yes/no, choice id) in words, in each language."""
        return [answer_words(question, key, code) for code in self.codes]


def num(value: float | int):
    """A number formatted later for each language (1 234,5 / 1,234.5)."""
    if isinstance(value, float) and not value.is_integer():
        value = round(value, 1)
    return lambda code: format_number(value, code)


def pct(fraction: float):
    return lambda code: format_percent(fraction, code)


def day(iso: str):
    return lambda code: format_date(iso, code, fmt="long")


def skip_rule_texts(instrument: Instrument, question: Question, lang: Lang) -> list[str]:
    """The question's skip rule in words, in each language of `lang` ("Answer only if you
    answered “Yes” to question 13."); [] when it is always asked. The blank form prints
    it, the XLSX codebook lists it."""
    rule = question.show_if
    if rule is None:
        return []
    target = instrument.question(rule.question)
    names = []
    for value in rule.any_of:
        names.append(lang.answer(target, value))
    texts = []
    for i, code in enumerate(lang.codes):
        joiner = lang.texts(N_(" or "))[i]
        answers = joiner.join(f"“{n[i]}”" if code == "en" else f"«\u00a0{n[i]}\u00a0»"
                              for n in names)
        texts.append(lang.texts(
            N_("Answer only if you answered {answers} to question {number}."),
            answers=answers, number=instrument.numbers[target.id])[i])
    return texts
