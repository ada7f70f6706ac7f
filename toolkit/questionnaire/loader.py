"""Loading questionnaire definitions (TOML files or stored JSON snapshots) with validation.

Every problem names the questionnaire, the place (section or question) and what is wrong,
in the user's language. Checks are written out here rather than with a schema library: the
rules that matter (skip rules pointing backwards, values valid for the target question,
complete translations) are cross-field checks a schema language expresses poorly, and the
messages must be translated.
"""

from __future__ import annotations

import copy
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from toolkit import languages as known_languages
from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _
from toolkit.questionnaire.kinds import KINDS, kind_of
from toolkit.questionnaire.model import (
    DONT_KNOW,
    OTHER,
    Choice,
    Instrument,
    Question,
    Rule,
    Section,
)
from toolkit.questionnaire.roles import ROLES  # report roles, checked here

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
REQUIRED_LANGUAGES = known_languages.FALLBACKS  # every text; other languages fall back
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SLUG = re.compile(r"^[a-z][a-z0-9-]*$")

COMMON_KEYS = frozenset({"id", "type", "label", "help", "required", "show_if", "role"})


class InstrumentError(ToolkitError):
    """A questionnaire definition that must not be used."""

    message = N_("Questionnaire {instrument}, {where}: {problem}")

    def __init__(self, instrument: str, where: tuple[str, str], problem: str,
                 **values: object) -> None:
        self.instrument, self.where, self.problem, self.problem_values = (
            instrument, where, problem, values)
        super().__init__(instrument=instrument, where=where[1], problem=problem)

    def user_message(self) -> str:
        kind, name = self.where
        where = {
            "question": _("question {name}").format(name=name),
            "section": _("section {name}").format(name=name),
        }.get(kind, _("definition"))
        problem = _(self.problem).format(**self.problem_values)
        return _(self.message).format(instrument=self.instrument, where=where, problem=problem)


class _Checker:
    def __init__(self, data: Any, source: str) -> None:
        self.data = data
        self.name = str(data.get("id", source)) if isinstance(data, dict) else source
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES

    def fail(self, where: tuple[str, str], problem: str, **values: object) -> None:
        raise InstrumentError(self.name, where, problem, **values)

    def text(self, value: Any, where: tuple[str, str], field: str, optional: bool = False):
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            self.fail(where, N_("{field} must give a text for each language"), field=field)
        for lang in REQUIRED_LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.fail(where, N_("{field} has no text in language {lang}"),
                          field=field, lang=lang)
        return {k: v.strip() for k, v in value.items() if isinstance(v, str)}

    def build(self) -> Instrument:
        d = self.data
        top = ("definition", "")
        if not isinstance(d, dict):
            self.fail(top, N_("the file is not a questionnaire definition"))
        if not isinstance(d.get("id"), str) or not _SLUG.match(d["id"]):
            self.fail(top, N_("the identifier must be lowercase letters, digits and hyphens"))
        if not isinstance(d.get("version"), int) or d["version"] < 1:
            self.fail(top, N_("the version must be a whole number of 1 or more"))
        if d.get("kind") not in ("individual", "group"):
            self.fail(top, N_("the kind must be individual or group"))
        languages = d.get("languages", list(REQUIRED_LANGUAGES))
        if not isinstance(languages, list) or not set(REQUIRED_LANGUAGES) <= set(languages):
            self.fail(top, N_("the languages must include English and French"))
        unknown = [code for code in languages if not isinstance(code, str)
                   or known_languages.find(code) is None]
        if unknown:
            self.fail(top, N_("the language {lang} is not one the app knows"),
                      lang=str(unknown[0]))
        self.languages = tuple(dict.fromkeys(languages))
        title = self.text(d.get("title"), top, "title")
        intro = self.text(d.get("intro"), top, "intro")
        raw_sections = d.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            self.fail(top, N_("there must be at least one section"))
        seen_sections: set[str] = set()
        earlier: dict[str, Question] = {}
        sections = []
        for raw in raw_sections:
            sections.append(self.section(raw, seen_sections, earlier))
        return Instrument(d["id"], d["version"], d["kind"], self.languages, title, intro,
                          tuple(sections), copy.deepcopy(d),
                          consent=self.text(d.get("consent"), top, "consent", optional=True),
                          thanks=self.text(d.get("thanks"), top, "thanks", optional=True))

    def section(self, raw: Any, seen: set[str], earlier: dict[str, Question]) -> Section:
        sid = raw.get("id") if isinstance(raw, dict) else None
        where = ("section", str(sid))
        if not isinstance(sid, str) or not _SLUG.match(sid):
            self.fail(where, N_("the section identifier is missing or not valid"))
        if sid in seen:
            self.fail(where, N_("the section identifier is used twice"))
        seen.add(sid)
        guide = raw.get("guide")
        if guide is not None and (not isinstance(guide, str) or not _SLUG.match(guide)):
            self.fail(where, N_("the related guide must be a guide identifier"))
        questions = raw.get("questions")
        if not isinstance(questions, list) or not questions:
            self.fail(where, N_("the section has no questions"))
        built = tuple(self.question(q, sid, earlier) for q in questions)
        return Section(sid, self.text(raw.get("title"), where, "title"),
                       self.text(raw.get("intro"), where, "intro", optional=True), guide, built,
                       self.text(raw.get("note"), where, "note", optional=True))

    def question(self, raw: Any, section: str, earlier: dict[str, Question]) -> Question:
        qid = raw.get("id") if isinstance(raw, dict) else None
        where = ("question", str(qid))
        if not isinstance(qid, str) or not _ID.match(qid):
            self.fail(where, N_("the question identifier must be lowercase letters, digits "
                                "and underscores"))
        if qid in earlier:
            self.fail(where, N_("the question identifier is used twice"))
        qtype = raw.get("type")
        kind = KINDS.get(qtype) if isinstance(qtype, str) else None
        if kind is None:
            self.fail(where, N_("unknown question type {type}"), type=str(qtype))
        unknown = set(raw) - COMMON_KEYS - kind.keys
        if unknown:
            self.fail(where, N_("setting {key} does not apply to this question type"),
                      key=sorted(unknown)[0])
        kw: dict[str, Any] = {
            "label": self.text(raw.get("label"), where, "label"),
            "help": self.text(raw.get("help"), where, "help", optional=True),
            "required": self.flag(raw, "required", where),
            **kind.build(self, raw, where),
        }
        if "show_if" in raw:
            kw["show_if"] = self.rule(raw["show_if"], where, earlier)
        if "role" in raw:
            kw["role"] = self.role(raw["role"], qtype, where, earlier)
        question = Question(qid, qtype, section, **kw)
        earlier[qid] = question
        return question

    def role(self, role: Any, qtype: str, where, earlier: dict[str, Question]) -> str:
        if role not in ROLES:
            self.fail(where, N_("unknown report role {role}"), role=str(role))
        spec = ROLES[role]
        if not spec.many and any(q.role == role for q in earlier.values()):
            self.fail(where, N_("report role {role} is already held by another question"),
                      role=role)
        if spec.types is not None and qtype not in spec.types:
            if role == "breakdown":
                self.fail(where, N_("report role {role} needs a choice or yes/no question"),
                          role=role)
            self.fail(where, N_("report role {role} needs a question of type {types}"),
                      role=role, types=" / ".join(spec.types))
        return role

    def flag(self, raw: dict, key: str, where) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.fail(where, N_("{key} must be true or false"), key=key)
        return value

    def whole(self, value: Any, where, key: str, lo: int, hi: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            self.fail(where, N_("{key} must be a whole number from {lo} to {hi}"),
                      key=key, lo=lo, hi=hi)
        return value

    def choices(self, raw: Any, where) -> tuple[Choice, ...]:
        if not isinstance(raw, list) or len(raw) < 2:
            self.fail(where, N_("a choice question needs at least two choices"))
        seen: set[str] = set()
        built = []
        for item in raw:
            cid = item.get("id") if isinstance(item, dict) else None
            if not isinstance(cid, str) or not _ID.match(cid) or cid in (OTHER, DONT_KNOW):
                self.fail(where, N_("choice identifier {id} is not valid"), id=str(cid))
            if cid in seen:
                self.fail(where, N_("choice identifier {id} is used twice"), id=cid)
            seen.add(cid)
            text = {k: v for k, v in item.items() if k != "id"}
            built.append(Choice(cid, self.text(text, where, f"choice {cid}")))
        return tuple(built)

    def rule(self, raw: Any, where, earlier: dict[str, Question]) -> Rule:
        if not isinstance(raw, dict) or set(raw) != {"question", "any_of"}:
            self.fail(where, N_("show_if needs exactly question and any_of"))
        target = earlier.get(raw["question"])
        if target is None:
            self.fail(where, N_("show_if refers to {target}, which is not an earlier question"),
                      target=str(raw["question"]))
        values = raw["any_of"]
        if not isinstance(values, list) or not values:
            self.fail(where, N_("show_if any_of must list at least one value"))
        allowed = possible_values(target)
        if allowed is not None:
            bad = [v for v in values if v not in allowed]
            if bad:
                self.fail(where, N_("show_if value {value} is not an answer of {target}"),
                          value=str(bad[0]), target=target.id)
        return Rule(target.id, tuple(values))


def possible_values(question: Question) -> list | None:
    """Every value an answer to `question` can hold, or None where any value is possible."""
    return kind_of(question).values(question)


def instrument_from_definition(data: Any, source: str = "?") -> Instrument:
    """Validate a parsed definition (from TOML, or a JSON snapshot) and build the model."""
    return _Checker(data, source).build()


def load_instrument_file(path: Path) -> Instrument:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InstrumentError(Path(path).stem, ("definition", ""),
                              N_("the file cannot be read: {reason}"), reason=str(exc)) from exc
    return instrument_from_definition(data, Path(path).stem)


@lru_cache(maxsize=None)
def bundled_instrument_versions() -> tuple[Instrument, ...]:
    """Every questionnaire file shipped with the app (all versions), in file-name order."""
    return tuple(load_instrument_file(p) for p in sorted(INSTRUMENTS_DIR.glob("*.toml")))


@lru_cache(maxsize=None)
def bundled_instruments() -> tuple[Instrument, ...]:
    """The questionnaires new sessions can use: the latest version of each, by id.

    Older versions stay shipped so that a session keeps its own snapshot and a comparison
    can say which questions match; they are not offered for new sessions.
    """
    latest: dict[str, Instrument] = {}
    for instrument in bundled_instrument_versions():
        if instrument.id not in latest or instrument.version > latest[instrument.id].version:
            latest[instrument.id] = instrument
    return tuple(sorted(latest.values(), key=lambda i: i.id))


def bundled_instrument(instrument_id: str, version: int | None = None) -> Instrument:
    """The latest shipped version of a questionnaire, or the given version."""
    pool = bundled_instrument_versions() if version is not None else bundled_instruments()
    for instrument in pool:
        if instrument.id == instrument_id and version in (None, instrument.version):
            return instrument
    raise ToolkitError(N_("There is no questionnaire named {name}. See 'toolkit instruments'."),
                       name=instrument_id)
