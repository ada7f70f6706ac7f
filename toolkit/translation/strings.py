"""Every string a translator translates for one language, with English and French beside it,
where it appears, and the translation already kept (if any).

Ids are stable across exports, so a workbook filled over weeks still imports: interface
strings are `ui:` and a hash of the English; questionnaire texts `q:<questionnaire>:<where>`;
guide titles and summaries `g:<guide>:title|summary`. A plural message gives one row per
plural form of the language (`#0`, `#1`...), each saying which numbers use it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from toolkit import i18n, languages
from toolkit.i18n import N_, _
from toolkit.translation import files

POT = Path(i18n.__file__).resolve().parent / "locale" / "toolkit.pot"
_PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}"  # {name}, {n:d}
                          r"|%\([A-Za-z_]\w*\)[sdif]|%[sdif]")  # %(n)s, %s
COUNT_PLACEHOLDERS = frozenset({"{n}", "%(n)s", "%(n)d", "%d"})

# Where an interface string appears, by the module that uses it (the first that matches).
AREAS = (
    ("toolkit.reports", N_("Printed reports")),
    ("toolkit.ui.runner", N_("Questionnaire window (respondents may see it)")),
    ("toolkit.ui", N_("Screens of the app")),
    ("toolkit.commands", N_("Command line")),
    ("toolkit.cli", N_("Command line")),
    ("toolkit.argparse_i18n", N_("Command line")),
    ("toolkit.guides", N_("Guides")),
    ("toolkit", N_("Messages")),
)


@dataclass(frozen=True)
class Entry:
    id: str
    domain: str  # files.DOMAINS
    context: str  # untranslated pieces joined when shown: see `where`
    english: str
    french: str
    current: str  # the translation kept now ("" when none)
    key: files.Key  # its place in the domain's .po
    plural_index: int | None = None  # which plural form this row is
    where_values: tuple[tuple[str, str], ...] = ()

    def where(self) -> str:
        """Where the string appears, in the interface language."""
        text = "; ".join(_(part) for part in self.context.split("\n"))
        return text.format(**dict(self.where_values)) if self.where_values else text


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text or "")


def plural_rule(code: str) -> tuple[int, str]:
    """(number of forms, C expression) for `code`: its own Plural-Forms, else CLDR's."""
    lang = languages.get(code)
    if lang.plural_forms:
        return files._parse_plural_forms(lang.plural_forms)
    if lang.locale:
        from babel.messages.plurals import get_plural

        rule = get_plural(lang.locale)
        return rule.num_plurals, rule.plural_expr
    return 2, "(n != 1)"


def plural_forms_header(code: str) -> str:
    count, expr = plural_rule(code)
    return f"nplurals={count}; plural={expr};"


def form_examples(code: str) -> list[list[int]]:
    """For each plural form of `code`, the first numbers that use it."""
    from gettext import c2py

    count, expr = plural_rule(code)
    pick = c2py(expr)
    examples: list[list[int]] = [[] for _ in range(count)]
    for n in [*range(0, 30), 100, 101, 1000, 1_000_000]:
        index = pick(n)
        if 0 <= index < count and len(examples[index]) < 4:
            examples[index].append(n)
    return examples


@lru_cache(maxsize=1)
def _interface_areas() -> dict[str, list[str]]:
    """msgid -> where it appears, read from the constants of the compiled modules (this
    works in the frozen bundle too, which ships no source)."""
    import importlib.util
    import pkgutil

    import toolkit

    found: dict[str, list[str]] = {}

    def walk(code) -> list[str]:
        out = []
        for const in code.co_consts:
            if isinstance(const, str):
                out.append(const)
            elif hasattr(const, "co_consts"):
                out.extend(walk(const))
        return out

    for info in pkgutil.walk_packages(toolkit.__path__, "toolkit.", onerror=lambda _n: None):
        try:
            spec = importlib.util.find_spec(info.name)
            code = spec.loader.get_code(info.name) if spec and spec.loader else None  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - a module we cannot read just gives no context
            code = None
        if code is None:
            continue
        area = next(label for prefix, label in AREAS
                    if info.name == prefix or info.name.startswith(prefix + "."))
        for text in walk(code):
            places = found.setdefault(text, [])
            if area not in places:
                places.append(area)
    return found


def _rid(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


def interface_entries(code: str) -> list[Entry]:
    from babel.messages.pofile import read_po

    with POT.open("rb") as fh:
        template = read_po(fh)
    kept = files.read(code, "toolkit")
    areas = _interface_areas()
    examples = form_examples(code)
    entries = []
    for message in template:
        if not message.id:
            continue
        place = "\n".join(areas.get(message.id if isinstance(message.id, str)
                                    else message.id[0], [N_("Messages")]))
        if isinstance(message.id, str):
            current = kept.get((message.context, message.id)) or _packaged(code, message.id)
            entries.append(Entry(f"ui:{_rid(message.id)}", "toolkit", place, message.id,
                                 i18n.translate("fr", message.id), _text(current),
                                 (message.context, message.id)))
            continue
        singular, plural = message.id[0], message.id[1]
        current_forms = kept.get((message.context, (singular, plural)))
        for index, numbers in enumerate(examples):
            # the English and French shown beside a form: as they read for such a number
            sample = next((n for n in numbers if n >= 2), numbers[0] if numbers else 2)
            current = ""
            if isinstance(current_forms, tuple) and index < len(current_forms):
                current = current_forms[index]
            entries.append(Entry(
                f"ui:{_rid(singular, plural)}#{index}", "toolkit",
                place + "\n" + N_("Plural form used for {forms}"),
                singular if sample == 1 else plural,
                i18n.translate_plural("fr", singular, plural, sample), current,
                (message.context, (singular, plural)), index,
                (("forms", ", ".join(map(str, numbers)) + ("…" if len(numbers) > 3 else "")),)))
    return entries


def _packaged(code: str, msgid: str) -> str:
    """A translation of the package's own catalog for `code`, if it ships one."""
    if code in languages.FALLBACKS or not languages.has_interface(languages.get(code)):
        return ""
    found = i18n.translate(code, msgid)
    return "" if found in (msgid, i18n.translate(languages.get(code).fallback, msgid)) else found


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def questionnaire_entries(code: str, store=None) -> list[Entry]:
    """Title, welcome and consent text, section titles, introductions and notes, question
    labels, help, units and choices of every questionnaire in the catalogue."""
    from toolkit.questionnaire.catalogue import Catalogue

    kept = files.read(code, "questionnaires")
    entries: list[Entry] = []

    def add(inst, where: str, text, label: str, **values: str) -> None:
        if not text or not text.get("en"):
            return
        context = f"{inst.id}:{where}"
        current = kept.get((context, text["en"])) or text.get(code, "")
        entries.append(Entry(f"q:{context}", "questionnaires",
                             N_("Questionnaire “{questionnaire}”") + "\n" + label,
                             text["en"], text.get("fr", ""), _text(current),
                             (context, text["en"]), None,
                             (("questionnaire", inst.label()), *values.items())))

    for inst in Catalogue(store).instruments():
        add(inst, "title", inst.title, N_("title"))
        add(inst, "intro", inst.intro, N_("welcome and consent text"))
        for section in inst.sections:
            add(inst, f"{section.id}:title", section.title, N_("section title"))
            add(inst, f"{section.id}:intro", section.intro, N_("section introduction"))
            add(inst, f"{section.id}:note", section.note, N_("note after the section"))
            for q in section.questions:
                number = str(inst.numbers[q.id])
                add(inst, f"{q.id}:label", q.label, N_("question {number}"), number=number)
                add(inst, f"{q.id}:help", q.help, N_("help for question {number}"),
                    number=number)
                add(inst, f"{q.id}:unit", q.unit, N_("unit of question {number}"),
                    number=number)
                for choice in q.choices:
                    add(inst, f"{q.id}:choice:{choice.id}", choice.text,
                        N_("an answer of question {number}"), number=number)
    return entries


def guide_entries(code: str) -> list[Entry]:
    from toolkit.guides.library import bundled_library

    kept = files.read(code, "guides")
    library = bundled_library()
    entries = []
    for piece in library.pieces(languages.SOURCE):
        french = library.get(piece.slug, "fr") if (piece.slug in library) else None
        for field, label in (("title", N_("guide title")), ("summary", N_("guide summary"))):
            english = getattr(piece, field)
            context = f"{piece.slug}:{field}"
            entries.append(Entry(f"g:{context}", "guides", label, english,
                                 getattr(french, field, "") if french else "",
                                 _text(kept.get((context, english))), (context, english)))
    return entries


def all_entries(code: str, store=None) -> list[Entry]:
    """Everything to translate into `code`, interface first."""
    languages.get(code)  # an unknown code fails here, translated
    return interface_entries(code) + questionnaire_entries(code, store) + guide_entries(code)
