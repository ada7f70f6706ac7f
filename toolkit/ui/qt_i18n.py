"""Qt's own strings (standard buttons, file dialogs) in the interface language.

Qt ships catalogs for few languages: for one it lacks (Inuktitut, Innu-aimun...), its
standard buttons and file dialogs follow the language's fallback (qtbase_fr for a language
falling back to French, Qt's own English otherwise), never a mixture of three languages.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from toolkit import languages

_installed: list[QTranslator] = []


def install_qt_translations(lang: str) -> bool:
    """Swap Qt's catalogs (qtbase_<lang>, else the fallback language's) and the default
    locale; True if Qt's strings are in `lang` or its fallback."""
    app = QCoreApplication.instance()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    language = languages.get(lang)
    QLocale.setDefault(QLocale(language.babel_locale))
    return any(_load_qt_catalog(app, code) for code in dict.fromkeys((lang, language.fallback)))


def _load_qt_catalog(app, code: str) -> bool:
    if code == languages.SOURCE:  # Qt's own strings are English
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        tr = QTranslator(app)
        if tr.load(f"{catalog}_{code}", folder):
            app.installTranslator(tr)
            _installed.append(tr)
            return True
    return False


def qt_locale(lang: str) -> QLocale:
    """The QLocale for text in `lang` (its fallback's when CLDR has no locale for it)."""
    from toolkit import i18n

    return QLocale(i18n.babel_locale(lang))


def fill_languages(combo, codes, current: str | None = None) -> None:
    """A language list as every language menu shows it: each language by its native name,
    so a person who cannot read the current language still finds their own."""
    combo.blockSignals(True)
    combo.clear()
    for code in codes:
        found = languages.find(code)
        combo.addItem(found.native_name if found else code, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
