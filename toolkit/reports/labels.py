"""Words printed in reports and forms, marked for translation, and the language modes.

A report is written in one language or in both: `Lang` carries the list of languages to
print, and `texts()` gives a message in each of them (through the gettext catalogs, so
reports are as complete in French as the interface).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit import languages
from toolkit.i18n import N_, catalog, format_date, format_number, format_percent, translate
from toolkit.questionnaire.model import OTHER, Instrument, Question, Text, pick_with_language
from toolkit.typography import marked, quote

PAPER_SIZES = {"letter": N_("Letter (8.5 × 11 in)"), "a4": N_("A4")}

AGREEMENT = {
    "1": N_("Strongly disagree"), "2": N_("Disagree"), "3": N_("Neither agree nor disagree"),
    "4": N_("Agree"), "5": N_("Strongly agree"), "dk": N_("Don't know / prefer not to say"),
}
YESNO = {"yes": N_("Yes"), "no": N_("No"), "dk": N_("Don't know / prefer not to say")}
OTHER_TEXT = N_("Other (please specify)")


PAIR = N_("{first} and {second}")  # a document in two languages, as a choice in a list


def document_choices(reader: str) -> list[tuple[str, str]]:
    """(mode, name for a reader of `reader`) of every document language a list offers:
    English, French, both; then each other registered language alone and beside English
    and French ("Inuktitut (ᐃᓄᒃᑎᑐᑦ) and English")."""
    def name(code: str) -> str:
        lang = languages.get(code)
        shown = lang.name(reader)
        if shown == lang.native_name or code in languages.FALLBACKS:
            return shown
        return f"{shown} ({lang.native_name})"

    def pair(a: str, b: str) -> str:
        return translate(reader, PAIR).format(first=name(a), second=name(b))

    out = [("en", name("en")), ("fr", name("fr")), (languages.BILINGUAL, pair("en", "fr"))]
    for lang in languages.registered():
        if lang.code in languages.FALLBACKS:
            continue
        out.append((lang.code, name(lang.code)))
        out += [(languages.mode_text((lang.code, other)), pair(lang.code, other))
                for other in languages.FALLBACKS]
    return out


@dataclass(frozen=True)
class Lang:
    """The language(s) of one document: one registered language or a pair, in print order
    (("fr",), ("en", "fr"), ("iu", "en")). A text a language lacks is shown in its fallback
    language (toolkit/languages.py) and marked with that language's code: "[en] Yes"."""

    codes: tuple[str, ...]

    @classmethod
    def of(cls, mode: str) -> Lang:
        """From a document's --lang: "fr", "iu+en", "bilingual" (en+fr); a translated error
        naming the known codes otherwise."""
        return cls(tuple(languages.parse_mode(mode)))

    def __iter__(self):
        return iter(self.codes)

    @property
    def bilingual(self) -> bool:
        return len(self.codes) > 1

    @property
    def pdf_lang(self) -> str:
        """The PDF's /Lang: the first language's tag from the registry."""
        return languages.get(self.codes[0]).pdf_lang

    @property
    def mode(self) -> str:
        return languages.mode_text(self.codes)

    def texts(self, message: str, **values: object) -> list[str]:
        """`message` translated into each language, with values formatted for it."""
        out = []
        for code in self.codes:
            formatted = {k: v(code) if callable(v) else v for k, v in values.items()}
            out.append(_interface(code, message, lambda c: translate(c, message))
                       .format(**formatted))
        return out

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> list[str]:
        """A message with a count, in each language (plural rules of each language)."""
        out = []
        for code in self.codes:
            formatted = {k: v(code) if callable(v) else v for k, v in values.items()}
            text = _interface(code, singular,
                              lambda c: catalog(c).ngettext(singular, plural, count))
            out.append(text.format(**formatted))
        return out

    def picks(self, text: Text | None) -> list[str]:
        """A questionnaire text (label, title) in each language; one a language lacks comes
        from its fallback language, marked."""
        out = []
        for code in self.codes:
            found, shown_in = pick_with_language(text, code) if text else ("", code)
            out.append(found if shown_in == code else marked(found, shown_in))
        return out

    def paragraphs(self, text: Text) -> list[list[str]]:
        """A questionnaire's running text (its introduction) in each language, as
        paragraphs, each marked when it comes from a fallback language."""
        out = []
        for code in self.codes:
            found, shown_in = pick_with_language(text, code)
            pieces = [p for p in found.split("\n\n") if p.strip()] or [""]
            out.append(pieces if shown_in == code else [marked(p, shown_in) for p in pieces])
        return out

    def quote(self, text: str, index: int = 0) -> str:
        """`text` quoted as the index-th language of the document quotes."""
        code = self.codes[index]
        found = languages.find(code)
        return quote(text, code, found.fallback if found else None)

    def fallbacks(self) -> dict[str, str]:
        """Language -> its fallback, for each language of the document that may be
        incomplete (every one but English and French): the note on the marks names them."""
        return {code: languages.get(code).fallback for code in self.codes
                if code not in languages.FALLBACKS}


def _interface(code: str, message: str, translated) -> str:
    """An interface text in `code` through gettext (string by string fallback, i18n.py),
    marked when it is the fallback language's: the same words as there, with letters."""
    text = translated(code)
    if code in languages.FALLBACKS:
        return text
    fallback = languages.get(code).fallback
    if text == translated(fallback) and any(ch.isalpha() for ch in text):
        return marked(text, fallback)
    return text


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
        key = str(value)
        if target.type == "yesno":
            names.append(lang.texts(YESNO.get(key, key)))
        elif target.type == "scale":
            names.append(lang.texts(AGREEMENT.get(key, key)))
        elif key == OTHER:
            names.append(lang.texts(OTHER_TEXT))
        else:
            choice = target.choice(key)
            names.append(lang.picks(choice.text) if choice else [key] * len(lang.codes))
    texts = []
    for i in range(len(lang.codes)):
        joiner = lang.texts(N_(" or "))[i]
        answers = joiner.join(lang.quote(n[i], i) for n in names)
        texts.append(lang.texts(
            N_("Answer only if you answered {answers} to question {number}."),
            answers=answers, number=instrument.numbers[target.id])[i])
    return texts
