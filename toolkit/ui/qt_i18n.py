"""Qt's own strings (standard buttons, file dialogs) in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []


def install_qt_translations(lang: str) -> bool:
    """Swap Qt's catalogs (qtbase_<lang>) and the default locale; True if one was found."""
    app = QCoreApplication.instance()
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    QLocale.setDefault(QLocale(f"{lang}_CA"))
    if lang == "en":
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    found = False
    for catalog in ("qtbase", "qt"):
        tr = QTranslator(app)
        if tr.load(f"{catalog}_{lang}", folder):
            app.installTranslator(tr)
            _installed.append(tr)
            found = True
            break
    return found
