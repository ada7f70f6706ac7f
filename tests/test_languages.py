"""The language registry (toolkit/languages.py) and the interface catalogs built on it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit import i18n, languages
from toolkit.errors import LanguageModeError, UnknownLanguageError

PSEUDO = Path(__file__).parent / "data" / "languages" / "qaa"


def add_pseudo_language(folder: Path, code: str = "qaa") -> Path:
    """Copy a test pseudo-language (qaa, or qab in syllabics) into a data folder, as a
    translator drops files."""
    target = folder / "languages" / code
    shutil.copytree(PSEUDO.parent / code, target)
    return target


@pytest.fixture
def pseudo(data_dir):
    add_pseudo_language(data_dir)
    languages.use_data_folder(data_dir)
    yield data_dir
    languages.use_data_folder(None)
    i18n.reload()


def test_the_bundled_languages_have_names_and_scripts_only():
    by_code = {lang.code: lang for lang in languages.registered()}
    assert list(by_code)[:2] == ["en", "fr"]
    assert {"en", "fr", "iu", "crk", "oj", "mic", "moe", "moh"} <= set(by_code)
    assert by_code["iu"].script == "Cans" and by_code["iu"].font == "NotoSansCanadianAboriginal"
    assert by_code["iu"].pdf_lang == "iu-Cans" and by_code["fr"].pdf_lang == "fr-CA"
    assert by_code["moe"].fallback == "fr" and by_code["crk"].fallback == "en"
    for lang in by_code.values():
        assert lang.direction == "ltr" and lang.native_name and lang.french_name
    # No invented translations: only English and French have an interface catalog.
    assert [lang.code for lang in languages.interface_languages()] == ["en", "fr"]
    shipped = sorted(p.parent.parent.name for p in
                     languages.PACKAGE_LOCALE_DIR.glob("*/LC_MESSAGES/toolkit.po"))
    assert shipped == ["en", "fr"]


def test_each_locale_is_one_babel_knows():
    from babel import Locale

    for lang in languages.registered():
        if lang.locale:
            assert Locale.parse(lang.locale).language == lang.code.split("_")[0]
        Locale.parse(lang.babel_locale)  # a language CLDR lacks uses its fallback's


def test_the_native_name_is_cldrs_where_cldr_has_the_language():
    from babel import Locale

    for lang in languages.registered():
        if lang.locale and lang.code not in ("en", "fr"):
            assert Locale.parse(lang.code).get_display_name(lang.code) == lang.native_name


def test_get_refuses_an_unknown_code_in_the_users_language():
    assert languages.get("iu").english_name == "Inuktitut"
    with pytest.raises(UnknownLanguageError) as caught:
        languages.get("xx")
    i18n.set_language("fr")
    message = caught.value.user_message()
    assert "xx" in message and "La langue" in message and "iu" in message


@pytest.mark.parametrize("text, expected", [
    ("iu+en", ("iu", "en")), ("moe+fr", ("moe", "fr")), ("bilingual", ("en", "fr")),
    ("fr", ("fr",)), ("IU+EN", ("iu", "en")), (" en + fr ", ("en", "fr"))])
def test_parse_mode(text, expected):
    assert languages.parse_mode(text) == expected
    assert languages.parse_mode(languages.mode_text(expected)) == expected


@pytest.mark.parametrize("text", ["", "+", "en+", "en+en", "en+fr+iu", "xx", "xx+en", "en,fr",
                                  "bilingue"])
def test_parse_mode_refuses(text):
    with pytest.raises(LanguageModeError) as caught:
        languages.parse_mode(text)
    i18n.set_language("fr")
    assert "iu+fr" in caught.value.user_message()  # the example is in the reader's language


def test_a_language_added_by_files_alone(pseudo):
    lang = languages.get("qaa")
    assert lang.native_name == "Pséüdö" and not lang.bundled
    assert lang.font == "NotoSans" and lang.pdf_lang == "qaa" and lang.locale is None
    assert lang.babel_locale == "en_CA"  # dates and numbers as its fallback writes them
    assert languages.parse_mode("qaa+fr") == ("qaa", "fr")
    assert "qaa" in [x.code for x in languages.interface_languages()]
    i18n.set_language("qaa")
    assert i18n._("Settings") == "Séttíngs"
    assert i18n._("Text size") == "Text size"  # empty in its .po: English, string by string
    assert i18n._("Back up now") == "Back up now"  # absent from its .po
    assert i18n.ngettext("{n} session", "{n} sessions", 1).format(n=1) == "1 séssíön"
    assert i18n.ngettext("{n} session", "{n} sessions", 3).format(n=3) == "3 séssíöns"


def test_a_language_falling_back_to_french(pseudo):
    description = pseudo / "languages" / "qaa" / "language.toml"
    description.write_text(description.read_text(encoding="utf-8").replace(
        'fallback = "en"', 'fallback = "fr"'), encoding="utf-8")
    languages.reload()
    i18n.reload()
    assert i18n.translate("qaa", "Settings") == "Séttíngs"
    assert i18n.translate("qaa", "Back up now") == i18n.translate("fr", "Back up now")
    assert i18n.translate("qaa", "Back up now") != "Back up now"
    assert i18n.babel_locale("qaa") == "fr_CA"


def test_a_bundled_language_takes_a_translators_catalog(data_dir):
    folder = data_dir / "languages" / "iu"
    folder.mkdir(parents=True)
    (folder / "toolkit.po").write_text(
        (PSEUDO / "toolkit.po").read_text(encoding="utf-8").replace("Language: qaa",
                                                                    "Language: iu"),
        encoding="utf-8")
    languages.use_data_folder(data_dir)
    try:
        assert "iu" in [x.code for x in languages.interface_languages()]
        assert i18n.translate("iu", "Settings") == "Séttíngs"
        assert languages.get("iu").script == "Cans"  # the registry's description stays
    finally:
        languages.use_data_folder(None)
        i18n.reload()


@pytest.mark.parametrize("bad, reason", [
    ('code = "qaa"\nscript = "Latn"\n', "native_name"),
    ('code = "qaa"\nnative_name = "X"\nscript = "Klingon"\n', "script"),
    ('code = "qab"\nnative_name = "X"\nscript = "Latn"\n', "folder"),
    ('code = "qaa"\nnative_name = "X"\nscript = "Latn"\nfallback = "de"\n', "fallback"),
    ('code = "qaa"\nnative_name = "X"\nscript = "Latn"\ndirection = "up"\n', "direction"),
    ('code = "qaa"\nnative_name = "X"\nscript = "Latn"\nlocale = "../x"\n', "locale"),
    ('code = "qaa"\nnative_name = "X', "TOML"),
    ('\xff\xfe', ""),
])
def test_a_broken_language_file_is_skipped_and_named(data_dir, bad, reason):
    folder = add_pseudo_language(data_dir)
    (folder / "language.toml").write_bytes(bad.encode("latin-1"))
    languages.use_data_folder(data_dir)
    try:
        assert languages.find("qaa") is None
        assert [x.code for x in languages.registered()][:2] == ["en", "fr"]
        problems = languages.problems()
        assert len(problems) == 1 and problems[0][0].endswith("language.toml")
    finally:
        languages.use_data_folder(None)


def test_a_broken_catalog_falls_back_instead_of_failing(pseudo):
    (pseudo / "languages" / "qaa" / "toolkit.po").write_bytes(b'msgid "Settings"\nmsgstr "\xff')
    i18n.reload()
    assert i18n.translate("qaa", "Settings") == "Settings"


def test_a_toolkit_reads_its_data_folders_languages(data_dir):
    from toolkit.context import Toolkit

    add_pseudo_language(data_dir)
    kit = Toolkit(data_dir)
    try:
        assert languages.find("qaa") is not None
        kit.settings.language = "qaa"
        assert kit.apply_language() == "qaa"
    finally:
        kit.close(backup=False)
        languages.use_data_folder(None)
        i18n.reload()


def test_no_code_file_lists_language_codes():
    """One place: the codes of the registered languages (other than the two the interface is
    written in) appear in no code as a string; they live in the registry's data."""
    import io
    import tokenize

    root = Path(languages.__file__).parent
    codes = {repr(c) for c in languages.codes()} | {f'"{c}"' for c in languages.codes()}
    codes -= {'"en"', "'en'", '"fr"', "'fr'"}
    offenders = []
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and token.string in codes:
                offenders.append(f"{path.relative_to(root)}:{token.start[0]}")
    assert offenders == []
