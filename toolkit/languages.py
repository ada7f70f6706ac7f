"""The language registry: every language the toolkit knows, as data.

The bundled list (toolkit/locale/languages.toml) names English, French and the Indigenous
languages we expect, with names and scripts only. A translator adds a language by files
alone, in the data folder: languages/<code>/language.toml (the same keys) and, for the
interface, languages/<code>/toolkit.po (docs/translating.md). Every place that needs to
know which languages exist, their names, locale, script, font or PDF tag reads this
module; nothing else lists language codes.

No Qt, no Babel: this is read at every start-up.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("toolkit.languages")

BUNDLED_FILE = Path(__file__).resolve().parent / "locale" / "languages.toml"
PACKAGE_LOCALE_DIR = BUNDLED_FILE.parent
FOLDER = "languages"  # in the data folder: languages/<code>/language.toml, toolkit.po
DESCRIPTION = "language.toml"
SOURCE = "en"  # the language the interface strings are written in
FALLBACKS = ("en", "fr")  # the two complete languages; every other one falls back to one
BILINGUAL = "bilingual"  # the alias of en+fr in every --lang
MAX_LANGUAGES = 2  # a document is in one language or a pair
SCRIPT_FONTS = {"Latn": "NotoSans", "Cans": "NotoSansCanadianAboriginal"}
DIRECTIONS = ("ltr", "rtl")
_CODE = re.compile(r"^[a-z]{2,3}$")
_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_PLURALS = re.compile(r"^\s*nplurals\s*=\s*[1-6]\s*;\s*plural\s*=\s*[-n0-9 ()!=<>%&|?:]+;?\s*$")
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    code: str            # "iu", "crk", "fr"
    native_name: str     # as the language's speakers write it
    english_name: str
    french_name: str
    locale: str | None   # CLDR/Babel locale where CLDR has one, else None
    script: str          # ISO 15924: "Latn", "Cans"
    direction: str       # "ltr" | "rtl"
    font: str            # font family key used on screen and in PDF
    pdf_lang: str        # BCP 47 tag for PDF /Lang
    fallback: str        # "en" or "fr": where missing strings come from
    plural_forms: str | None = None  # gettext's Plural-Forms when CLDR has no locale for it
    bundled: bool = True  # False: described by a file in the data folder
    folder: Path | None = None  # the data folder's languages/<code>/, when there is one

    def name(self, lang: str | None = None) -> str:
        """The language's name for a reader of `lang` (English or French; other readers
        get the native name, which is the one they look for)."""
        if lang == "fr":
            return self.french_name
        if lang == "en":
            return self.english_name
        return self.native_name

    @property
    def babel_locale(self) -> str:
        """The locale for dates and numbers: CLDR's for the language, else its fallback's."""
        return self.locale or ("fr_CA" if self.fallback == "fr" else "en_CA")

    def catalog_files(self) -> list[Path]:
        """Where this language's interface catalog may be, best first: a translator's .po in
        the data folder, then the package's compiled .mo."""
        found = []
        if self.folder is not None:
            found += [p for p in (self.folder / "toolkit.po",) if p.is_file()]
        mo = PACKAGE_LOCALE_DIR / self.code / "LC_MESSAGES" / "toolkit.mo"
        if mo.is_file():
            found.append(mo)
        return found


_data_folder: Path | None = None
_cache: dict[Path | None, dict[str, Language]] = {}
_problems: dict[Path | None, list[tuple[str, str]]] = {}


def use_data_folder(folder: Path | None) -> None:
    """Read translators' languages from this data folder from now on (Toolkit calls this)."""
    global _data_folder
    _data_folder = Path(folder) if folder is not None else None
    _cache.pop(_data_folder, None)  # a new Toolkit sees files dropped in since


def data_folder() -> Path | None:
    return _data_folder


def languages_folder(folder: Path | None = None) -> Path | None:
    base = folder if folder is not None else _data_folder
    return None if base is None else base / FOLDER


def reload() -> None:
    """Forget what was read (after a translation was imported or a file dropped in)."""
    _cache.clear()
    _problems.clear()


def _read_toml(path: Path) -> dict:
    import tomllib

    with path.open("rb") as fh:
        return tomllib.load(fh)


def _make(raw: dict, *, bundled: bool, folder: Path | None = None) -> Language:
    """A Language from one table of a languages file; ValueError names what is wrong."""
    def text(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{key} is missing or empty")
        return value.strip()

    code = text("code")
    if not _CODE.match(code):
        raise ValueError(f"code {code!r} is not a two- or three-letter language code")
    native = text("native_name")
    english = text("english_name", native)
    script = text("script")
    if script not in SCRIPT_FONTS:
        raise ValueError(f"script {script!r} is not one of {', '.join(SCRIPT_FONTS)}")
    direction = text("direction", "ltr")
    if direction not in DIRECTIONS:
        raise ValueError(f"direction {direction!r} is not ltr or rtl")
    font = text("font", SCRIPT_FONTS[script])
    if font not in SCRIPT_FONTS.values():
        raise ValueError(f"font {font!r} is not one of {', '.join(SCRIPT_FONTS.values())}")
    locale = raw.get("locale")
    if locale is not None and (not isinstance(locale, str) or not _LOCALE.match(locale)):
        raise ValueError(f"locale {locale!r} is not a locale such as fr_CA")
    pdf_lang = text("pdf_lang", code if script == "Latn" else f"{code}-{script}")
    if not _TAG.match(pdf_lang):
        raise ValueError(f"pdf_lang {pdf_lang!r} is not a language tag such as iu-Cans")
    fallback = text("fallback", "en")
    if fallback not in FALLBACKS:
        raise ValueError(f"fallback {fallback!r} is not en or fr")
    plural_forms = raw.get("plural_forms")
    if plural_forms is not None and (not isinstance(plural_forms, str) or not _PLURALS.match(
            plural_forms)):
        raise ValueError(f"plural_forms {plural_forms!r} is not like 'nplurals=2; "
                         "plural=(n != 1);'")
    return Language(code=code, native_name=native, english_name=english,
                    french_name=text("french_name", english), locale=locale, script=script,
                    direction=direction, font=font, pdf_lang=pdf_lang, fallback=fallback,
                    plural_forms=plural_forms, bundled=bundled, folder=folder)


def _load(folder: Path | None) -> dict[str, Language]:
    found: dict[str, Language] = {}
    problems: list[tuple[str, str]] = []
    for raw in _read_toml(BUNDLED_FILE)["language"]:
        lang = _make(raw, bundled=True)
        found[lang.code] = lang
    base = languages_folder(folder)
    if base is not None and base.is_dir():
        for sub in sorted(base.iterdir()):
            if not sub.is_dir() or sub.name.startswith("."):
                continue
            if sub.name in found:  # a bundled language: its data folder holds texts only
                found[sub.name] = _with_folder(found[sub.name], sub)
                continue
            description = sub / DESCRIPTION
            if not description.is_file():
                continue
            try:
                lang = _make(_read_toml(description), bundled=False, folder=sub)
                if lang.code != sub.name:
                    raise ValueError(f"code {lang.code!r} differs from the folder's name")
            except (OSError, ValueError) as exc:  # tomllib's error is a ValueError
                log.warning("language file %s skipped: %s", description, exc)
                problems.append((str(description), str(exc)))
                continue
            found[lang.code] = lang
    _problems[folder] = problems
    return found


def _with_folder(lang: Language, folder: Path) -> Language:
    from dataclasses import replace

    return replace(lang, folder=folder)


def _all() -> dict[str, Language]:
    folder = _data_folder
    if folder not in _cache:
        _cache[folder] = _load(folder)
    return _cache[folder]


def problems() -> list[tuple[str, str]]:
    """(file, reason) for each language file in the data folder that could not be read."""
    _all()
    return list(_problems.get(_data_folder, []))


def registered() -> list[Language]:
    """Bundled languages, then the data folder's, in a stable order (en, fr first)."""
    return list(_all().values())


def codes() -> list[str]:
    return list(_all())


def find(code: str | None) -> Language | None:
    """The language of this code, or None (no error: for reading settings and files)."""
    if not code:
        return None
    return _all().get(code)


def get(code: str) -> Language:
    """The language of this code; a translated error naming the known codes otherwise."""
    lang = find(code)
    if lang is None:
        from toolkit.errors import UnknownLanguageError

        raise UnknownLanguageError(code=code, known=", ".join(codes()))
    return lang


def has_interface(lang: Language) -> bool:
    return lang.code == SOURCE or bool(lang.catalog_files())


def interface_languages() -> list[Language]:
    """The languages the interface can be shown in: those with an interface catalog."""
    return [lang for lang in registered() if has_interface(lang)]


def normalize(code: str | None, among: list[str] | None = None) -> str | None:
    """'fr_CA.UTF-8' -> 'fr', 'iu-Cans' -> 'iu'; None when not a registered code (or not in
    `among`)."""
    if not code:
        return None
    short = code.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    known = among if among is not None else codes()
    return short if short in known else None


def fallback_chain(code: str) -> tuple[str, ...]:
    """Where a text missing in `code` is looked for, in order: ("moe", "fr", "en")."""
    lang = find(code)
    chain = [code] + ([lang.fallback] if lang else []) + [SOURCE]
    return tuple(dict.fromkeys(chain))


def parse_mode(text: str) -> tuple[str, ...]:
    """A document's languages: "iu+en" -> ("iu", "en"); "bilingual" -> ("en", "fr");
    "fr" -> ("fr",). Anything else: a translated error saying what is accepted."""
    from toolkit.errors import LanguageModeError

    raw = (text or "").strip()
    if raw.lower() == BILINGUAL:
        return FALLBACKS
    parts = tuple(p.strip().lower() for p in raw.split("+"))
    if not raw or len(parts) > MAX_LANGUAGES or len(set(parts)) != len(parts) \
            or any(find(p) is None for p in parts):
        raise LanguageModeError(mode=text, known=", ".join(codes()))
    return parts


def mode_text(codes_: tuple[str, ...] | list[str]) -> str:
    """The inverse of parse_mode: ("iu", "en") -> "iu+en"."""
    return "+".join(codes_)
