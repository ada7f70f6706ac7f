"""The bundled Noto fonts on screen: registered with Qt at start-up, and behind the
system's font in every widget, so syllabics and Latin letters with diacritics (ł, ǫ, ʼ,
combining marks) show as typed on a laptop that has no font for them.

The system font stays first (the app looks native); a character it lacks is taken from
Noto Sans, then from Noto Sans Canadian Aboriginal, before Qt asks the system for a
fallback. A text known to be in a syllabic language (a question in Inuktitut) asks for
the syllabics font first (`language_font`), regular and bold alike.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from toolkit.paths import asset

# file stem in assets/fonts -> the family name Qt reads from it
BUNDLED = {
    "NotoSans": "Noto Sans",
    "NotoSansCanadianAboriginal": "Noto Sans Canadian Aboriginal",
}
FACES = ("Regular", "Bold", "Italic", "BoldItalic")

_families: list[str] | None = None


def register() -> list[str]:
    """Add every bundled font file to Qt's font database once; the families it now has."""
    global _families
    if _families is None:
        found: list[str] = []
        for stem in BUNDLED:
            for face in FACES:
                path = asset("fonts", f"{stem}-{face}.ttf")
                if not path.is_file():
                    continue
                font_id = QFontDatabase.addApplicationFont(str(path))
                for family in QFontDatabase.applicationFontFamilies(font_id):
                    if family not in found:
                        found.append(family)
        _families = found
    return list(_families)


def install(app: QApplication) -> None:
    """Register the fonts with Qt. The application font stays the system's alone: a family
    list behind it made Qt lay text out with the taller Noto line height while tables and
    lists measured rows with the system font's, so text was cut (tests/ui/test_lists.py).
    Text in a syllabic language asks for its font first (show_in_language)."""
    register()


def fallback_families(first: str) -> list[str]:
    """`first`, then our fonts."""
    return [first] + [f for f in BUNDLED.values() if f != first]


def families_for(font_key: str) -> list[str]:
    """The family list for text in a language whose registry font is `font_key`: the
    application's, with the syllabics font first for a syllabic language."""
    base = QApplication.font().families() or fallback_families(QApplication.font().family())
    wanted = BUNDLED.get(font_key)
    if wanted is None or font_key == "NotoSans":
        return base
    return [wanted] + [f for f in base if f != wanted]


def language_font(font_key: str, base: QFont | None = None) -> QFont:
    """`base` (the application font) asking first for the font the language registry names
    ("NotoSansCanadianAboriginal" for syllabics)."""
    font = QFont(base if base is not None else QApplication.font())
    font.setFamilies(families_for(font_key))
    return font


def font_key_of(code: str) -> str:
    """The registry's font for language `code` (Noto Sans for a code it does not know)."""
    from toolkit import languages

    return next((lang.font for lang in languages.registered() if lang.code == code),
                "NotoSans")


def show_in_language(widget: QWidget, code: str) -> None:
    """Text of `widget` is in language `code`: its font first."""
    apply_language_font(widget, font_key_of(code))


def apply_language_font(widget: QWidget, font_key: str) -> None:
    """Text in `widget` and its children in the language's font. Only the family list
    becomes the widget's own, so sizes and roles (set elsewhere) still follow the text
    size; style.apply_text_scale() calls this again after resizing (property kept)."""
    widget.setProperty("language_font", font_key)
    font = QFont(widget.font())  # keeps only what the widget set itself (its mask)
    font.setFamilies(families_for(font_key))
    widget.setFont(font)
