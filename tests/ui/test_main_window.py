"""The main window: navigation, language switch, text scaling, keyboard, accessibility."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QScrollArea,
    QStyle,
    QWidget,
)

from tests.ui.helpers import visible_texts, visible_widgets
from toolkit import i18n, languages
from toolkit.i18n import translate
from toolkit.paths import settings_path
from toolkit.settings import load_settings
from toolkit.ui.main_window import AREAS, KEYS


def all_areas(window):
    for key in KEYS:
        window.go_to(key)
        yield key


def english_only_strings() -> set[str]:
    """Interface strings whose French differs: none may remain on a French screen."""
    from tests.test_i18n import source_messages

    # "English" on a French screen links to English
    autonyms = {lang.native_name for lang in languages.registered()}
    return {m.replace("&", "") for m in source_messages()
            if translate("fr", m) != m and len(m) > 3} - autonyms


def test_every_area_is_reachable(window):
    assert window.nav.count() == len(AREAS) == 6
    for index, key in enumerate(all_areas(window)):
        assert window.stack.currentIndex() == index
        assert window.current_area() == key


def test_language_switch_changes_every_visible_string(window, qtbot):
    english = english_only_strings()
    for _key in all_areas(window):
        assert set(visible_texts(window)) & english, "English screen shows English strings"
    window.screen("settings").language.setCurrentIndex(
        window.screen("settings").language.findData("fr"))
    assert i18n.language() == "fr"
    for key in all_areas(window):
        leftover = set(visible_texts(window)) & english
        assert leftover == set(), f"{key}: still in English: {leftover}"
    assert window.windowTitle() == translate("fr", "CCSC Community Safety Toolkit")
    assert load_settings(settings_path(window.kit.folder)).language == "fr"


def _clipped(widget: QWidget) -> bool:
    if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
        needed = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", ""))
        return needed > widget.contentsRect().width() + 1
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.width() < widget.minimumSizeHint().width()
    return False


def test_text_scales_to_200_percent_without_clipping(window, qtbot):
    settings = window.screen("settings")
    base = window.nav.fontInfo().pointSizeF()
    for lang in ("en", "fr"):
        window.set_language(lang)
        settings.scale.setCurrentIndex(settings.scale.findData(200))
        assert window.kit.settings.text_scale == 200
        for key in all_areas(window):
            qtbot.wait(1)
            assert window.screen(key).fontInfo().pointSizeF() > base * 1.8
            scroller = window.stack.currentWidget()
            assert isinstance(scroller, QScrollArea)
            content = scroller.widget()
            assert content.minimumSizeHint().width() <= scroller.viewport().width(), key
            clipped = [w.text() for w in visible_widgets(window) if _clipped(w)]
            assert clipped == [], f"{key} ({lang}) clips: {clipped}"
            nav_needed = window.nav.sizeHintForColumn(0)
            assert nav_needed <= window.nav.viewport().width(), "navigation names clipped"
        settings.scale.setCurrentIndex(settings.scale.findData(100))


def test_rows_tick_boxes_and_headings_grow_with_the_text(window):
    """No application style sheet does it (style.py): each mechanism must follow the setting."""
    sessions, reports = window.screen("sessions"), window.screen("reports")
    box, exact = reports.include_comments, window.screen("exchange").export.exact

    def sizes():
        return (sessions.table.verticalHeader().defaultSectionSize(),
                box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box),
                sessions.title.fontInfo().pointSizeF(), window.nav.fontInfo().pointSizeF(),
                exact.fontInfo().pointSizeF())  # a fixed-width font, still of our size

    before = sizes()
    window.set_text_scale(200)
    QApplication.processEvents()  # the application font reaches widgets by posted events
    after = sizes()
    window.set_text_scale(100)
    QApplication.processEvents()
    assert sizes() == before
    assert all(big > small * 1.5 for big, small in zip(after, before)), (before, after)
    assert after[0] >= sessions.table.fontMetrics().lineSpacing()  # measured back at 100 %


def test_every_focusable_control_has_an_accessible_name(window):
    for lang in ("en", "fr"):
        window.set_language(lang)
        for key in all_areas(window):
            unnamed = [type(w).__name__ for w in visible_widgets(window)
                       if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
                       and not isinstance(w, QScrollArea)
                       and w.objectName() != "qt_scrollarea_viewport"]
            assert unnamed == [], f"{key} ({lang}): unnamed {unnamed}"


def test_keyboard_navigation(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "sessions"
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_area() == "reports"
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "settings"


def test_home_shows_first_run_message_then_recent_sessions(window, kit, qtbot):
    home = window.screen("home")
    home.refresh()
    assert home.first_run.isVisibleTo(home) and home.table is None  # not even built
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'Kahnawà:ke', 'x', 'x', 1)")
        conn.execute("INSERT INTO instruments VALUES ('h', 'local-diagnosis', 1, '{}', 'x')")
        conn.execute("INSERT INTO sessions(id, community_id, instrument_hash, session_date, mode,"
                     " created_at, updated_at)"
                     " VALUES ('s', 'c', 'h', '2026-11-20', 'kiosk', 'x', 'x')")
    home.refresh()
    qtbot.waitUntil(lambda: home.table is not None)  # filled once the screen has been painted
    assert not home.first_run.isVisibleTo(home) and home.table.isVisibleTo(home)
    assert home.table.item(0, 1).text() == "Kahnawà:ke"
    assert home.table.item(0, 0).text() == "Nov 20, 2026"
    window.set_language("fr")
    assert home.table.item(0, 0).text() == "20 nov. 2026"
    assert home.table.item(0, 2).text() == "Autoadministrée (kiosque)"
    assert home.table.horizontalHeaderItem(1).text() == "Communauté"
    after = home.table.nextInFocusChain()  # Tab goes on in reading order, to the buttons
    while home.table.isAncestorOf(after):
        after = after.nextInFocusChain()
    assert after is home.sessions_button and not home.table.tabKeyNavigation()


def test_backup_now_and_restore_from_settings(window, kit, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    settings = window.screen("settings")
    window.go_to("settings")
    assert not settings.restore_button.isEnabled() or settings._selected_backup() is None
    qtbot.mouseClick(settings.backup_now, Qt.MouseButton.LeftButton)
    assert len(kit.backups()) == 1
    assert settings.backup_list.count() == 1
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'After backup', 'x', 'x', 1)")
    settings.backup_list.setCurrentRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    qtbot.mouseClick(settings.restore_button, Qt.MouseButton.LeftButton)
    assert kit.store.conn.execute("SELECT count(*) FROM communities").fetchone()[0] == 0
    assert len(kit.backups()) == 2  # the data replaced by the restore was kept
