"""The bundled Noto fonts on screen: registered with Qt at start-up, behind the system font,
and enough on their own for every registered language's characters, regular and bold."""

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.test_font_coverage import LANGS, language_characters
from toolkit.ui import fonts


def shaped(text: str, font: QFont) -> list[tuple[str, int]]:
    """(family, glyph index) of every glyph Qt lays out for `text` in `font` (index 0 is
    the empty box a missing character shows as)."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    line.setPosition(QPointF(0, 0))
    layout.endLayout()
    return [(run.rawFont().familyName(), index) for run in layout.glyphRuns()
            for index in run.glyphIndexes()]


@pytest.fixture
def app(qapp):
    from toolkit.ui.app import application

    return application()


def test_start_up_registers_the_bundled_fonts_behind_the_system_font(app):
    assert set(fonts.register()) >= {"Noto Sans", "Noto Sans Canadian Aboriginal"}
    assert "Noto Sans" not in QApplication.font().families()  # rows measured as drawn
    from PySide6.QtGui import QFontDatabase

    for family in fonts.BUNDLED.values():
        assert "Bold" in QFontDatabase.styles(family), family


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.code)
def test_our_fonts_alone_show_every_character(app, lang, bold):
    """On a laptop with no font of its own for syllabics or these diacritics."""
    font = QFont()
    font.setFamilies(list(fonts.BUNDLED.values()))
    font.setBold(bold)
    glyphs = shaped(language_characters(lang), font)
    assert glyphs and all(index != 0 for _family, index in glyphs)
    assert {family for family, _index in glyphs} <= set(fonts.BUNDLED.values())


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("lang", LANGS, ids=lambda lang: lang.code)
def test_the_language_font_shows_every_character_in_its_weight(app, lang, bold):
    font = fonts.language_font(lang.font)
    font.setBold(bold)
    glyphs = shaped(language_characters(lang), font)
    assert all(index != 0 for _family, index in glyphs)
    if lang.script == "Cans":  # syllabics from the syllabics font, in the weight asked for
        from PySide6.QtGui import QRawFont

        raw = QRawFont.fromFont(font)
        assert raw.familyName() == "Noto Sans Canadian Aboriginal"
        assert (raw.weight() >= 700) == bold


def test_a_widget_asks_for_the_language_font_and_keeps_following_the_text_size(app, qtbot):
    from toolkit.ui.style import apply_text_scale, set_large, set_role

    holder = QWidget()
    qtbot.addWidget(holder)
    set_large(holder)
    label = QLabel("ᐃᓄᒃᑎᑐᑦ", holder)
    set_role(label, "hint")
    fonts.apply_language_font(holder, "NotoSansCanadianAboriginal")
    app.processEvents()
    assert label.font().families()[0] == "Noto Sans Canadian Aboriginal"
    size = holder.font().pointSizeF()
    try:
        apply_text_scale(200)
        app.processEvents()
        assert holder.font().pointSizeF() > size * 1.5
        assert label.font().families()[0] == "Noto Sans Canadian Aboriginal"
        assert holder.font().families()[0] == "Noto Sans Canadian Aboriginal"
    finally:
        apply_text_scale(100)
    fonts.apply_language_font(holder, "NotoSans")  # back to a Latin language
    app.processEvents()
    assert label.font().families() == QApplication.font().families()
