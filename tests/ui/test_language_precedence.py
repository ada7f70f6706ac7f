"""The desktop app starts in the language the one rule picks (i18n.resolve), as the CLI
does: with English saved, `toolkit --lang fr` opens a French window with French Qt buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from toolkit import i18n
from toolkit.context import Toolkit


@pytest.fixture
def started(qtbot, data_dir, monkeypatch):
    """run_gui as `toolkit` calls it, stopping once the window is shown."""
    from toolkit.ui import app

    monkeypatch.setenv("TOOLKIT_EXIT_WHEN_SHOWN", "1")
    windows = []
    from toolkit.ui import main_window  # run_gui imports MainWindow from here when called

    original = main_window.MainWindow

    class Recorded(original):
        def __init__(self, kit):
            super().__init__(kit)
            windows.append(self)
            qtbot.addWidget(self)

    monkeypatch.setattr(main_window, "MainWindow", Recorded)

    def start(saved, given):
        kit = Toolkit(data_dir)
        kit.settings.language = saved
        kit.save_settings()
        kit.close(backup=False)
        assert app.run_gui(folder=str(data_dir), lang=given) == 0
        # The window closed as the app quit, which posted Qt's Quit event again: handled
        # outside the app's loop it would end every later event loop (tests/ui/conftest.py).
        QCoreApplication.removePostedEvents(QApplication.instance(), QEvent.Type.Quit)
        return windows[-1]

    yield start
    from toolkit.ui.qt_i18n import install_qt_translations

    i18n.set_language("en")
    install_qt_translations("en")


def cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    return box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")


@pytest.mark.parametrize("saved, given, expected", [
    ("en", "fr", "fr"), ("fr", "en", "en"), ("fr", None, "fr"), (None, None, "en")])
def test_precedence_in_the_gui(started, capsys, saved, given, expected):
    window = started(saved, given)
    assert i18n.language() == expected == i18n.resolve(given, saved)
    assert cancel_text() == ("Annuler" if expected == "fr" else "Cancel")
    assert window.screen("settings").title.text() == (
        "Paramètres" if expected == "fr" else "Settings")
    assert "shown" in capsys.readouterr().out


def test_a_language_qt_lacks_falls_back_to_its_fallbacks_buttons(qtbot, data_dir):
    """Qt has no Innu-aimun: its standard buttons are French (moe falls back to French),
    those of a language falling back to English are English; never a third language."""
    from tests.test_languages import add_pseudo_language
    from toolkit import languages
    from toolkit.ui.qt_i18n import install_qt_translations

    folder = add_pseudo_language(data_dir)
    languages.use_data_folder(data_dir)
    try:
        assert install_qt_translations("qaa")
        assert cancel_text() == "Cancel"
        description = folder / "language.toml"
        description.write_text(description.read_text(encoding="utf-8").replace(
            'fallback = "en"', 'fallback = "fr"'), encoding="utf-8")
        i18n.reload()
        assert install_qt_translations("qaa")
        assert cancel_text() == "Annuler"
        assert install_qt_translations("moe") and cancel_text() == "Annuler"
        assert install_qt_translations("iu") and cancel_text() == "Cancel"
    finally:
        install_qt_translations("en")
        languages.use_data_folder(None)
        i18n.reload()
