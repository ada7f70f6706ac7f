"""One rule for the interface language, command line and desktop app alike (i18n.resolve):
the global --lang, else the saved setting, else the system's language, else English. A
document's --lang (report, blank-form, guides pdf) is the document's, never the messages'."""

from __future__ import annotations

import pytest

from toolkit import i18n
from toolkit.cli import main
from toolkit.context import Toolkit


def save_language(folder, code):
    kit = Toolkit(folder)
    kit.settings.language = code
    kit.save_settings()
    kit.close(backup=False)


def info_language(folder, capsys, *args) -> str:
    assert main(["--data-dir", str(folder), *args, "info"]) == 0
    out = capsys.readouterr().out
    return "fr" if "Dossier des données" in out else "en" if "Data folder" in out else out


@pytest.mark.parametrize("saved, system, given, expected", [
    (None, "en_CA.UTF-8", None, "en"),
    (None, "fr_CA.UTF-8", None, "fr"),       # the system's language
    (None, "de_DE.UTF-8", None, "en"),       # one the interface lacks: English
    ("fr", "en_CA.UTF-8", None, "fr"),       # the setting beats the system
    ("en", "fr_CA.UTF-8", None, "en"),
    ("en", "en_CA.UTF-8", "fr", "fr"),       # the command line beats the setting
    ("fr", "fr_CA.UTF-8", "en", "en"),
])
def test_precedence_in_the_cli(data_dir, capsys, monkeypatch, saved, system, given, expected):
    monkeypatch.setenv("LANG", system)
    if saved:
        save_language(data_dir, saved)
    args = ["--lang", given] if given else []
    assert info_language(data_dir, capsys, *args) == expected
    assert i18n.resolve(given, saved) == expected  # the rule itself, as the GUI calls it


def test_a_documents_lang_does_not_change_the_messages(data_dir, capsys):
    save_language(data_dir, "en")
    out = data_dir / "form.pdf"
    assert main(["--data-dir", str(data_dir), "blank-form", "--lang", "fr", "--out",
                 str(out)]) == 0
    said = capsys.readouterr().out
    assert "pages" in said and "\u00a0:" not in said  # "form.pdf: 15 pages", in English
    assert main(["--data-dir", str(data_dir), "--lang", "fr", "blank-form", "--lang", "en",
                 "--out", str(out)]) == 0
    assert "\u00a0: " in capsys.readouterr().out  # "form.pdf : 15 pages", in French


def test_a_guides_pdf_lang_does_not_change_the_messages(data_dir, capsys):
    out = data_dir / "guide.pdf"
    assert main(["--data-dir", str(data_dir), "guides", "pdf", "--lang", "fr", "--out",
                 str(out), "glossary"]) == 0
    assert capsys.readouterr().out.startswith("Saved ")


def test_a_usage_error_after_a_saved_french_is_in_french(data_dir, capsys):
    save_language(data_dir, "fr")
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "session", "new"])
    assert "obligatoires" in capsys.readouterr().err


def test_a_translators_language_on_the_command_line(data_dir, capsys):
    from tests.test_languages import add_pseudo_language
    from toolkit import languages

    add_pseudo_language(data_dir)
    try:
        assert main(["--data-dir", str(data_dir), "--lang", "qaa", "session", "list"]) == 0
        assert i18n.language() == "qaa"
        capsys.readouterr()
        with pytest.raises(SystemExit):  # a language with no catalog is refused, in English
            main(["--data-dir", str(data_dir), "--lang", "iu", "info"])
        assert "invalid choice: 'iu'" in capsys.readouterr().err
    finally:
        languages.use_data_folder(None)
        i18n.reload()


def test_the_gui_gets_the_command_lines_language(data_dir, monkeypatch):
    """`toolkit --lang fr` hands fr to the desktop app (whose start is tested in
    tests/ui/test_language_precedence.py)."""
    from toolkit.ui import app

    seen = {}
    monkeypatch.setattr(app, "run_gui", lambda folder=None, lang=None: seen.update(
        folder=folder, lang=lang) or 0)
    save_language(data_dir, "en")
    assert main(["--data-dir", str(data_dir), "--lang", "fr"]) == 0
    assert seen == {"folder": str(data_dir), "lang": "fr"}
