"""The sessions, reports and hub lists tell sessions of one day apart and cut no column,
on a 1024x600 screen at 100 % and on 1366x768 at 200 %, in English and French."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.hub_helpers import fill_hub
from toolkit import i18n
from toolkit.sessions import SessionService
from toolkit.ui.geometry import FRAME

LONG_TITLE = ("Local diagnosis of community safety and well-being, evening session with "
              "Elders and youth at the community hall")
SIZES = [((1024, 600), 100), ((1366, 768), 200)]


@pytest.fixture
def same_day(kit):
    """Four sessions on one day in one community (the issue's four identical rows)."""
    service = SessionService(kit.store)
    made = [service.create_session("Kahnawà:ke", None, "2026-12-01", mode=mode, title=title,
                                   place=place)
            for mode, title, place in (("facilitator", "", ""), ("kiosk", "", "Arena"),
                                       ("paper", LONG_TITLE, ""), ("group", "", ""))]
    service.close(made[0].id)
    return made


def fit_window(window, qtbot, screen, scale, lang):
    window.set_text_scale(scale)
    window.set_language(lang)
    window.resize(screen[0] - FRAME[0], screen[1] - FRAME[1])
    qtbot.wait(10)


def assert_columns_fit(table, scale):
    """Every column is in view, without sideways scrolling, at 100 % and at 200 %; each
    header is whole, or (200 %, a word too long for the screen) carries it as tooltip."""
    header = table.horizontalHeader()
    assert table.horizontalScrollBar().maximum() == 0, "the list scrolls sideways"
    for column in range(table.columnCount()):
        name = table.horizontalHeaderItem(column).text()
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= table.viewport().width() + 1, f"column {name} cut"
        longest = max(header.fontMetrics().horizontalAdvance(w) for w in name.split())
        if header.sectionSize(column) <= longest:
            assert scale == 200 and table.horizontalHeaderItem(column).toolTip() == name, (
                f"header {name} cut")
            continue
        lines = header.fontMetrics().boundingRect(0, 0, header.sectionSize(column) - 8, 10_000,
                                                  int(Qt.TextFlag.TextWordWrap), name)
        assert lines.height() <= header.height(), f"header {name} cut"


def rows_text(table):
    return [tuple(table.item(r, c).text() for c in range(table.columnCount()))
            for r in range(table.rowCount())]


def assert_cells_whole(table, scale=100):
    """No cell's text is cut: each column holds its longest word, each row its wrapped text.
    At 200 %, a word too long for the screen may be elided: "…" shows it, and the cell's
    tooltip holds the whole text."""
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            text = table.item(row, column).text()
            width = table.columnWidth(column)
            words = text.replace("\n", " ").split(" ")
            if max(metrics.horizontalAdvance(w) for w in words) >= width:
                assert scale == 200, text
                assert table.item(row, column).toolTip() == text
                assert table.textElideMode() == Qt.TextElideMode.ElideRight
                continue
            height = metrics.boundingRect(0, 0, width - 6, 10_000,  # the delegate's margins
                                          int(Qt.TextFlag.TextWordWrap), text).height()
            assert height <= table.rowHeight(row), f"{text!r} cut at row {row}"


@pytest.mark.parametrize("screen, scale", SIZES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_sessions_list_shows_title_date_mode_and_status_without_cutting(
        qtbot, window, same_day, screen, scale, lang):
    fit_window(window, qtbot, screen, scale, lang)
    window.go_to("sessions")
    table = window.screen("sessions").table
    qtbot.wait(10)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for name in ("Title", "Date", "Mode", "Status"):
        assert i18n.translate(lang, name) in headers
    assert_columns_fit(table, scale)
    assert_cells_whole(table, scale)
    rows = rows_text(table)
    assert len(set(rows)) == 4, "two sessions read the same"
    titles = [row[2] for row in rows]
    assert LONG_TITLE in titles and "Arena" in titles  # title, else place, else questionnaire
    assert i18n.translate(lang, "Closed") in [row[4] for row in rows]


@pytest.mark.parametrize("screen, scale", SIZES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reports_list_tells_sessions_of_one_day_apart(qtbot, window, same_day, screen, scale,
                                                      lang):
    fit_window(window, qtbot, screen, scale, lang)
    window.go_to("reports")
    listing = window.screen("reports").session_list
    qtbot.wait(10)
    lines = [listing.item(i).text() for i in range(listing.count())]
    assert len(lines) == 4 and len(set(lines)) == 4
    paper = next(line for line in lines if LONG_TITLE in line)
    assert i18n.translate(lang, "Paper forms") in paper and i18n.translate(lang, "Open") in paper
    assert listing.horizontalScrollBar().maximum() == 0
    for i in range(listing.count()):  # each line wraps within the list: nothing cut
        rect = listing.visualItemRect(listing.item(i))
        assert rect.right() <= listing.viewport().width() + 1


@pytest.mark.parametrize("screen, scale", SIZES)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hub_list_shows_title_date_mode_and_status_without_cutting(
        qtbot, kit, window, tmp_path, screen, scale, lang):
    fill_hub(kit, tmp_path)
    fit_window(window, qtbot, screen, scale, lang)
    window.go_to("exchange")
    exchange = window.screen("exchange")
    exchange.tabs.setCurrentWidget(exchange.hub)
    exchange.refresh()
    qtbot.wait(10)
    table = exchange.hub.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for name in ("Title", "Date", "Mode", "Status"):
        assert i18n.translate(lang, name) in headers
    assert table.rowCount() == 3
    assert_columns_fit(table, scale)
    assert_cells_whole(table, scale)
    statuses = {row[4] for row in rows_text(table)}
    assert statuses == {i18n.translate(lang, "Open"), "—"}  # a summary carries no status
