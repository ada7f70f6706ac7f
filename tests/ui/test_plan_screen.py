"""The Plan area (issue 20): a plan made end to end from the demo diagnosis, once with the
mouse only and once with the keyboard only; hidden figures stay hidden; a stale screen, a
bad date or a plan from another computer change nothing; every control is named, in both
languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QWidget

from tests.ui.helpers import visible_texts, visible_widgets
from toolkit.demo import add_demo
from toolkit.plan.service import PlanService
from toolkit.sessions import SessionService
from toolkit.ui import plan_screen as module

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def problems(monkeypatch):
    """Messages the screen would show in a box (a modal box would stop the test)."""
    shown: list[BaseException] = []
    for name in ("plan_screen", "plan_priorities", "plan_items", "plan_versions"):
        mod = __import__(f"toolkit.ui.{name}", fromlist=["show_error"])
        monkeypatch.setattr(mod, "show_error", lambda parent, exc: shown.append(exc))
    return shown


@pytest.fixture
def plan(window, kit, problems):
    add_demo(SessionService(kit.store))
    window.go_to("plan")
    screen = window.screen("plan")
    screen.refresh()
    return screen


def stored(kit):
    return PlanService(kit.store).get("Birch Lake")


# mouse ------------------------------------------------------------------------------------
def click(qtbot, widget) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.accessibleName()
    qtbot.mouseClick(widget, LEFT)


def click_row(qtbot, listing: QListWidget, row: int, ctrl: bool = False) -> None:
    item = listing.item(row)
    listing.scrollToItem(item)
    rect = listing.visualItemRect(item)
    qtbot.mouseClick(listing.viewport(), LEFT,
                     Qt.KeyboardModifier.ControlModifier if ctrl else
                     Qt.KeyboardModifier.NoModifier, rect.center())


def tick_row(qtbot, listing: QListWidget, row: int) -> None:
    """Click a row's tick box (at the row's left edge)."""
    item = listing.item(row)
    rect = listing.visualItemRect(item)
    side = listing.style().pixelMetric(listing.style().PixelMetric.PM_IndicatorWidth)
    qtbot.mouseClick(listing.viewport(), LEFT, Qt.KeyboardModifier.NoModifier,
                     QPoint(rect.left() + 3 + side // 2, rect.center().y()))


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Open the combo box with a click, click the entry that holds `text`. (The popup
    ignores a click that comes too soon after it opened: on a busy machine, click again.)"""
    qtbot.mouseClick(combo, LEFT)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = next(i for i in range(combo.count()) if text in combo.itemText(i))
    index = view.model().index(row, 0)
    view.scrollTo(index)
    for _attempt in range(5):
        qtbot.wait(QApplication.doubleClickInterval() + 20)
        qtbot.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier,
                         view.visualRect(index).center())
        if not view.isVisible():
            break
    assert not view.isVisible()
    assert text in combo.currentText()


def tab(qtbot, screen, index: int) -> None:
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, LEFT, Qt.KeyboardModifier.NoModifier, bar.tabRect(index).center())
    assert screen.tabs.currentIndex() == index


def type_in(qtbot, field, text: str) -> None:
    qtbot.mouseClick(field, LEFT)
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_a_plan_made_with_the_mouse_from_the_demo_diagnosis(plan, kit, qtbot, problems):
    assert "Birch Lake has no plan yet" in plan.status.text()
    assert not plan.tabs.isVisible()
    click(qtbot, plan.start_button)
    assert plan.tabs.isVisible() and plan.version.version == 1

    # candidates from the latest round, with their figures
    seeds = plan.priorities
    assert plan.priorities.round.field.currentText() == "2026 follow-up"
    lines = [seeds.candidates.item(i).text() for i in range(seeds.candidates.count())]
    youth = next(i for i, t in enumerate(lines) if t.startswith("A lack of things for young"))
    assert "Key finding: 21 of 28" in lines[youth] or " agree" in lines[youth]
    ranking = next(i for i, t in enumerate(lines) if t.startswith("Programs and places"))
    click_row(qtbot, seeds.candidates, youth)
    click_row(qtbot, seeds.candidates, ranking, ctrl=True)
    click(qtbot, seeds.add_candidates_button)
    doc = stored(kit).plan
    assert [p.title for p in doc.priorities][:2] == [
        "A lack of things for young people to do is a serious problem in our community.",
        "Programs and places for youth"]
    assert [p.sources[0].kind for p in doc.priorities] == ["finding", "ranking"]
    assert "already in the plan" in seeds.candidates.item(youth).text()

    # the committee's own priority, a merge, a new title, the order
    type_in(qtbot, seeds.name.field, "Safer walking after dark")
    seeds.list.clearSelection()
    click(qtbot, seeds.buttons["add"])
    assert [p.title for p in stored(kit).plan.priorities][-1] == "Safer walking after dark"
    click_row(qtbot, seeds.list, 0)
    click_row(qtbot, seeds.list, 1, ctrl=True)
    type_in(qtbot, seeds.name.field, "Evenings for youth")
    click(qtbot, seeds.buttons["merge"])
    doc = stored(kit).plan
    assert [p.title for p in doc.priorities] == ["Evenings for youth", "Safer walking after dark"]
    assert len(doc.priorities[0].sources) == 2
    click_row(qtbot, seeds.list, 1)
    click(qtbot, seeds.buttons["up"])
    assert [p.title for p in stored(kit).plan.priorities][0] == "Safer walking after dark"
    click(qtbot, seeds.buttons["down"])
    youth_id = stored(kit).plan.priorities[0].id
    assert stored(kit).plan.priorities[0].title == "Evenings for youth"

    # the asset register
    tab(qtbot, plan, 2)
    assets = plan.assets
    for name, kind, sector in (("Arena", "Place", "recreation"),
                               ("Youth worker at the health centre", "People's role",
                                "health")):
        click(qtbot, assets.buttons["clear"])
        type_in(qtbot, assets.fields["name"].field, name)
        choose(qtbot, assets.kind.field, kind)
        type_in(qtbot, assets.fields["sector"].field, sector)
        type_in(qtbot, assets.fields["contact"].field, "Ask at the front desk")
        click(qtbot, assets.buttons["add"])
    register = stored(kit).plan.assets
    assert [(a.name, a.kind, a.sector) for a in register] == [
        ("Arena", "place", "recreation"), ("Youth worker at the health centre", "role", "health")]

    # the priority's details
    tab(qtbot, plan, 0)
    click_row(qtbot, seeds.list, 0)  # the priority selected is the one the details show
    tab(qtbot, plan, 1)
    details = plan.details
    assert details.priority.id == youth_id
    choose(qtbot, details.area.field, "Social development")
    for kind, text in (("risk", "Long evenings with nothing to do"),
                       ("protective", "Parents who want to help")):
        editor = details.factors[kind]
        type_in(qtbot, editor.entry, text)
        click(qtbot, editor.add_button)
    tick_row(qtbot, details.assets, 0)
    tick_row(qtbot, details.assets, 1)
    actions = details.actions
    for key, text in (("what", "Open a drop-in three evenings a week"),
                      ("lead", "Recreation committee"), ("partners", "School; Church"),
                      ("start", "2027-01-15"), ("end", "2027-06-30"),
                      ("resources", "Two youth workers")):
        type_in(qtbot, actions.fields[key].field, text)
    choose(qtbot, actions.status.field, "Under way")
    click(qtbot, actions.buttons["add"])
    type_in(qtbot, details.outputs.entry, "The hall open three evenings a week")
    click(qtbot, details.outputs.add_button)
    for horizon, text in (("short", "Youth come back each week"),
                          ("medium", "Fewer youth alone late at night"),
                          ("long", "Youth feel they belong")):
        editor = details.outcomes[horizon]
        type_in(qtbot, editor.entry, text)
        click(qtbot, editor.add_button)
    indicators = details.indicators
    type_in(qtbot, indicators.fields["definition"].field,
            "Residents who agree youth lack things to do")
    type_in(qtbot, indicators.fields["baseline"].field, "75 % (2026)")
    type_in(qtbot, indicators.fields["target"].field, "Under half by 2028")
    type_in(qtbot, indicators.fields["data_source"].field, "Next diagnosis round")
    choose(qtbot, indicators.figure.field, "A lack of things for young people")
    click(qtbot, indicators.buttons["add"])
    click(qtbot, indicators.buttons["clear"])
    type_in(qtbot, indicators.fields["definition"].field, "Different youth at the drop-in")
    click(qtbot, indicators.buttons["add"])

    p = stored(kit).plan.priorities[0]
    assert p.area == "social_development"
    assert (p.risk_factors, p.protective_factors) == (["Long evenings with nothing to do"],
                                                       ["Parents who want to help"])
    assert p.assets == [a.id for a in register]
    (action,) = p.actions
    assert (action.what, action.lead, action.partners, action.start, action.end,
            action.resources, action.status) == (
        "Open a drop-in three evenings a week", "Recreation committee", ["School", "Church"],
        "2027-01-15", "2027-06-30", "Two youth workers", "under_way")
    assert p.outputs == ["The hall open three evenings a week"]
    assert (p.outcomes.short, p.outcomes.medium, p.outcomes.long) == (
        ["Youth come back each week"], ["Fewer youth alone late at night"],
        ["Youth feel they belong"])
    followed, counted = p.indicators
    assert followed.figure is not None and followed.figure.question_id
    assert (followed.baseline, followed.target) == ("75 % (2026)", "Under half by 2028")
    assert counted.figure is None
    # the questionnaire figure, filled in from each of the two rounds
    click_row(qtbot, indicators.list, 0)
    by_round = indicators.rounds.text()
    assert "2024 baseline: " in by_round and "2026 follow-up: " in by_round
    assert "latest: " in indicators.list.item(0).text()

    # the logic model, drawn from the same data
    tab(qtbot, plan, 3)
    view = plan.logic.view
    said = view.accessibleDescription()
    for text in ("Arena", "Two youth workers", "Open a drop-in three evenings a week",
                 "The hall open three evenings a week", "Youth come back each week",
                 "Youth feel they belong"):
        assert text in said
    boxes = view.boxes
    assert "The hall open" in boxes["outputs"].body.text()
    assert "Short term: Youth come back" in boxes["outcomes"].body.text()
    assert said.index("Inputs") < said.index("Activities") < said.index("Outputs") \
        < said.index("Outcomes")

    # earlier versions, and going back to one
    tab(qtbot, plan, 4)
    versions = plan.versions
    count = versions.list.count()
    assert count == stored(kit).version >= 20
    assert versions.list.item(0).text().startswith(f"Version {count} ")
    assert "Plan started" in versions.list.item(count - 1).text()
    click_row(qtbot, versions.list, count - 2)  # version 2: the first candidate added
    assert "A lack of things for young people" in versions.shown.toPlainText()
    click(qtbot, versions.restore_button)
    back = stored(kit)
    assert back.version == count + 1 and len(back.plan.priorities) == 1
    assert problems == []


# keyboard ---------------------------------------------------------------------------------
def focus_by_tab(qtbot, window, target: QWidget, limit: int = 400) -> None:
    """Press Tab until `target` has the keyboard focus: it is reachable without a mouse."""
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName()!r}")


def mnemonic(qtbot, key) -> None:
    """Alt+letter, as typed in the focused widget (a button clicks after a short delay)."""
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
    qtbot.wait(150)


def press(qtbot, window, button) -> None:
    focus_by_tab(qtbot, window, button)
    assert button.isEnabled(), button.accessibleName()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def type_by_keyboard(qtbot, window, field, text: str) -> None:
    focus_by_tab(qtbot, window, field)
    field.selectAll()
    qtbot.keyClicks(field, text)


def pick_by_keyboard(qtbot, window, combo: QComboBox, text: str) -> None:
    focus_by_tab(qtbot, window, combo)
    for _ in range(combo.count()):
        if text in combo.currentText():
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} not in {combo.accessibleName()!r}")


def test_a_plan_made_with_the_keyboard_only(plan, window, kit, qtbot, problems):
    window.activateWindow()
    qtbot.waitActive(window)
    window.nav.setFocus()
    mnemonic(qtbot, Qt.Key.Key_S)  # &Start a plan
    qtbot.waitUntil(lambda: plan.version is not None)
    assert plan.version.version == 1
    seeds = plan.priorities
    focus_by_tab(qtbot, window, seeds.candidates)
    qtbot.keyClick(seeds.candidates, Qt.Key.Key_Home)
    qtbot.keyClick(seeds.candidates, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, seeds.add_candidates_button)
    assert len(stored(kit).plan.priorities) == 2
    type_by_keyboard(qtbot, window, seeds.name.field, "Safer walking after dark")
    seeds.list.clearSelection()
    qtbot.keyClick(seeds.name.field, Qt.Key.Key_Return)  # Enter adds the typed priority
    assert [p.title for p in stored(kit).plan.priorities][-1] == "Safer walking after dark"
    focus_by_tab(qtbot, window, seeds.list)
    qtbot.keyClick(seeds.list, Qt.Key.Key_Home)
    qtbot.keyClick(seeds.list, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    type_by_keyboard(qtbot, window, seeds.name.field, "Evenings for youth")
    press(qtbot, window, seeds.buttons["merge"])
    assert [p.title for p in stored(kit).plan.priorities] == ["Evenings for youth",
                                                               "Safer walking after dark"]
    focus_by_tab(qtbot, window, seeds.list)
    qtbot.keyClick(seeds.list, Qt.Key.Key_Home)
    qtbot.keyClick(seeds.list, Qt.Key.Key_End)
    press(qtbot, window, seeds.buttons["up"])
    assert stored(kit).plan.priorities[0].title == "Safer walking after dark"

    mnemonic(qtbot, Qt.Key.Key_A)  # &Asset register
    assert plan.tabs.currentWidget() is plan.assets
    assets = plan.assets
    type_by_keyboard(qtbot, window, assets.fields["name"].field, "Street lights crew")
    pick_by_keyboard(qtbot, window, assets.kind.field, "Service")
    press(qtbot, window, assets.buttons["add"])
    assert [(a.name, a.kind) for a in stored(kit).plan.assets] == [("Street lights crew",
                                                                    "service")]

    mnemonic(qtbot, Qt.Key.Key_D)  # Priority &details
    details = plan.details
    assert plan.tabs.currentWidget() is details
    assert details.priority.title == "Safer walking after dark"
    focus_by_tab(qtbot, window, details.area.field)
    qtbot.keyClick(details.area.field, Qt.Key.Key_Down)
    qtbot.keyClick(details.area.field, Qt.Key.Key_Down)  # activated: saved at once
    assert stored(kit).plan.priorities[0].area == "prevention"
    type_by_keyboard(qtbot, window, details.factors["risk"].entry, "Dark path by the arena")
    qtbot.keyClick(details.factors["risk"].entry, Qt.Key.Key_Return)
    focus_by_tab(qtbot, window, details.assets)
    qtbot.keyClick(details.assets, Qt.Key.Key_Home)
    qtbot.keyClick(details.assets, Qt.Key.Key_Space)  # ticks the asset
    actions = details.actions
    type_by_keyboard(qtbot, window, actions.fields["what"].field, "Light the arena path")
    type_by_keyboard(qtbot, window, actions.fields["start"].field, "2027-05-01")
    press(qtbot, window, actions.buttons["add"])
    type_by_keyboard(qtbot, window, details.outcomes["short"].entry, "The path is lit")
    qtbot.keyClick(details.outcomes["short"].entry, Qt.Key.Key_Return)
    indicators = details.indicators
    type_by_keyboard(qtbot, window, indicators.fields["definition"].field,
                     "Residents who feel safe at night")
    pick_by_keyboard(qtbot, window, indicators.figure.field,
                     "walking alone in my neighbourhood after dark")
    press(qtbot, window, indicators.buttons["add"])
    p = stored(kit).plan.priorities[0]
    assert p.risk_factors == ["Dark path by the arena"]
    assert p.assets == [stored(kit).plan.assets[0].id]
    assert [(a.what, a.start) for a in p.actions] == [("Light the arena path", "2027-05-01")]
    assert p.outcomes.short == ["The path is lit"]
    assert p.indicators[0].figure is not None

    mnemonic(qtbot, Qt.Key.Key_L)  # &Logic model
    assert plan.tabs.currentWidget() is plan.logic
    focus_by_tab(qtbot, window, plan.logic.view)  # the model itself is reached and read
    assert "Light the arena path" in plan.logic.view.accessibleDescription()
    mnemonic(qtbot, Qt.Key.Key_V)  # &Versions and printing
    assert plan.tabs.currentWidget() is plan.versions
    focus_by_tab(qtbot, window, plan.versions.list)
    assert problems == []


# what must not happen ---------------------------------------------------------------------
def test_hidden_figures_stay_hidden(plan, kit):
    kit.settings.small_group_threshold = 31  # more than the 30 people of each survey round
    plan.start_plan()
    seeds = plan.priorities
    texts = [seeds.candidates.item(i).text() for i in range(seeds.candidates.count())]
    assert not any("of 30" in t or "from 30 people" in t for t in texts)
    assert seeds.seeds_note.isVisibleTo(plan)
    assert "Withheld (fewer people than the privacy threshold)" in seeds.seeds_note.text()
    service = plan.service
    first = service.add_priority("Birch Lake", "Evenings for youth")
    from toolkit.plan.seeding import figure_choices

    figure = next(f for f, q in figure_choices(kit.store, plan.community_id)
                  if q.type == "scale")
    service.add_indicator("Birch Lake", first.id, "A figure", figure=figure)
    plan.reload()
    plan.go_to_details(first.id)
    indicators = plan.details.indicators
    indicators.list.setCurrentRow(0)
    by_round = indicators.rounds.text()
    assert by_round.count("withheld") == 2 and "%" not in by_round
    assert "latest" not in indicators.list.item(0).text()


def test_a_change_made_elsewhere_is_not_overwritten(plan, kit, problems):
    plan.start_plan()
    PlanService(kit.store).add_priority("Birch Lake", "Typed at the command line")
    seeds = plan.priorities
    seeds.name.field.setText("Typed in the window")
    seeds.add_priority()
    assert [type(e).__name__ for e in problems] == ["StalePlanError"]
    assert [p.title for p in stored(kit).plan.priorities] == ["Typed at the command line"]
    assert seeds.list.item(0).text() == "1. Typed at the command line"  # shows what is stored


def test_a_bad_date_says_so_and_saves_nothing(plan, kit, problems):
    plan.start_plan()
    plan.service.add_priority("Birch Lake", "Evenings for youth")
    plan.reload()
    plan.tabs.setCurrentWidget(plan.details)
    actions = plan.details.actions
    before = stored(kit).version
    actions.fields["what"].field.setText("Open a drop-in")
    actions.fields["start"].field.setText("2027-13-01")
    actions.add()
    assert len(problems) == 1 and "YYYY-MM-DD" in str(problems[0].user_message())
    assert stored(kit).version == before
    actions.fields["start"].field.setText("2027-06-01")
    actions.fields["end"].field.setText("2027-01-01")
    actions.add()
    assert stored(kit).version == before and len(problems) == 2


def test_pasted_texts_longer_than_the_plan_holds_never_break_it(plan, kit, problems):
    """A 5,000-character paste: the fields stop at the model's bounds, so the stored plan
    stays readable (a longer text would be saved, then refused on every later reading)."""
    plan.start_plan()
    seeds = plan.priorities
    seeds.name.field.setText("x" * 5000)
    seeds.add_priority()
    plan.tabs.setCurrentWidget(plan.details)
    actions = plan.details.actions
    actions.fields["what"].field.setText("w" * 5000)
    actions.fields["lead"].field.setText("l" * 5000)
    actions.add()
    actions.fields["partners"].field.setText("p" * 400)  # one partner, no separator
    actions.save()
    assert len(problems) == 1 and "at most 300" in problems[0].user_message()
    for editor in (*plan.details.factors.values(), plan.details.outputs):
        editor.entry.setText("f" * 5000)
        editor.add_button.click()
    shown = stored(kit)  # still readable
    p = shown.plan.priorities[0]
    assert len(p.title) == 300 and len(p.actions[0].what) == 4000
    assert len(p.actions[0].lead) == 300 and p.actions[0].partners == []
    assert [len(x) for x in p.risk_factors + p.protective_factors + p.outputs] == [4000] * 3
    assert len(problems) == 1


def test_a_plan_from_another_computer_is_read_only(plan, kit):
    plan.start_plan()
    service = plan.service
    service.add_priority("Birch Lake", "Evenings for youth")
    received = stored(kit)
    cid = received.community_id
    with kit.store.transaction():
        service._append(cid, received.plan, "received", "", source="ab12cd34")
    plan.reload()
    assert plan.version.read_only and "another computer" in plan.status.text()
    assert not plan.priorities.buttons["remove"].isEnabled()
    plan.priorities.list.setCurrentRow(0)
    assert not plan.priorities.buttons["remove"].isEnabled()
    assert plan.priorities.buttons["details"].isEnabled()  # reading is allowed
    plan.tabs.setCurrentWidget(plan.details)
    assert not plan.details.area.field.isEnabled()
    assert not plan.details.actions.buttons["add"].isEnabled()
    assert plan.plan_title.field.isReadOnly()


def test_the_logic_model_stacks_when_narrow(plan, qtbot):
    plan.start_plan()
    plan.service.add_priority("Birch Lake", "Evenings for youth")
    plan.reload()
    plan.tabs.setCurrentWidget(plan.logic)
    view = plan.logic.view
    view.resize(1400, 400)
    assert view.room_for_columns(1400) and not view.room_for_columns(300)
    view.heightForWidth(300)
    assert view.stacked and all(a.down for a in view.arrows)
    view.heightForWidth(1400)
    assert not view.stacked and not any(a.down for a in view.arrows)


# every tab, both languages ------------------------------------------------------------------
def every_tab(window, plan):
    for index in range(plan.tabs.count()):
        plan.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        yield index


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_control_of_every_tab_is_named(plan, window, lang):
    plan.start_plan()
    plan.service.add_priority("Birch Lake", "Evenings for youth")
    window.set_language(lang)
    for index in every_tab(window, plan):
        unnamed = [type(w).__name__ for w in visible_widgets(window)
                   if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
                   and w.objectName() != "qt_scrollarea_viewport"
                   and type(w).__name__ != "QScrollArea"]
        assert unnamed == [], (index, unnamed)


def test_french_throughout(plan, window):
    from tests.ui.test_main_window import english_only_strings

    plan.start_plan()
    service = plan.service
    first = service.add_priority("Birch Lake", "Soirées jeunesse")
    service.add_action("Birch Lake", first.id, "Ouvrir une halte-accueil")
    service.add_asset("Birch Lake", "Aréna", "place")
    window.set_language("fr")
    english = english_only_strings()
    for index in every_tab(window, plan):
        leftover = set(visible_texts(window)) & english
        assert leftover == set(), (index, leftover)
    assert plan.tabs.tabText(0) == "&Priorités"
    assert module.PlanScreen is type(plan)


@pytest.mark.parametrize("lang, heading", [("en", "What we heard"), ("fr", "Ce que nous avons"),
                                           ("bilingual", "What we heard")])
def test_print_plan_previews_and_saves_in_each_language_mode(plan, kit, qtbot, monkeypatch,
                                                              tmp_path, lang, heading):
    import shutil
    import subprocess

    from toolkit.ui import report_preview

    plan.start_plan()
    first = plan.service.add_priority("Birch Lake", "Evenings for youth")
    plan.service.add_action("Birch Lake", first.id, "Open a drop-in")
    plan.reload()
    plan.tabs.setCurrentWidget(plan.versions)
    versions = plan.versions
    versions.language.field.setCurrentIndex(versions.language.field.findData(lang))
    click(qtbot, versions.buttons["preview"])
    assert versions.busy and not versions.buttons["save"].isEnabled()  # made in a worker
    assert plan.isEnabled()  # the screen stays in use meanwhile
    qtbot.waitUntil(lambda: not versions.busy and hasattr(versions, "preview"), timeout=30_000)
    dialog = versions.preview
    assert dialog.isVisible() and dialog.pages.count >= 4
    assert versions.status.text().startswith("Ready: ")
    dialog.close()
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(report_preview, "ask_save_path", lambda parent, name: target)
    click(qtbot, versions.buttons["save"])
    qtbot.waitUntil(lambda: target.exists() and not versions.busy, timeout=30_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert versions.buttons["save"].isEnabled()  # ready for the next one
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True,
                              text=True).stdout
        assert "Evenings for youth" in text and heading in text
        if lang == "bilingual":
            assert "Ce que nous avons" in text


def test_a_screen_reader_finds_every_control_named_on_every_tab(plan, window):
    """Qt's accessibility tree, walked as in the runner's test: no focusable control without
    a name, in both languages; the drawn logic model reads its whole content."""
    from PySide6.QtGui import QAccessible

    from tests.ui.test_runner_accessibility import check_tree

    plan.start_plan()
    first = plan.service.add_priority("Birch Lake", "Evenings for youth")
    plan.service.add_action("Birch Lake", first.id, "Open a drop-in", resources="Volunteers")
    for lang in ("en", "fr"):
        window.set_language(lang)
        for index in every_tab(window, plan):
            assert check_tree(window) == [], (lang, index)
    plan.tabs.setCurrentWidget(plan.logic)
    model = QAccessible.queryAccessibleInterface(plan.logic.view)
    assert model.text(QAccessible.Text.Name) == "Modèle logique"
    said = model.text(QAccessible.Text.Description)
    assert "Intrants" in said and "Volunteers" in said and "Open a drop-in" in said


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_alt_letters_are_unique_among_what_is_shown_together(plan, window, lang):
    """Two controls with the same Alt+letter on one screen: Alt would only move between
    them. Checked on every tab, in both languages (labels, buttons and the tabs)."""
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QAbstractButton, QLabel

    plan.start_plan()
    plan.service.add_priority("Birch Lake", "Evenings for youth")
    window.set_language(lang)
    tabs = [QKeySequence.mnemonic(plan.tabs.tabText(i)).toString()
            for i in range(plan.tabs.count())]
    for index in every_tab(window, plan):
        keys = list(tabs)
        for w in visible_widgets(plan):
            if isinstance(w, (QAbstractButton, QLabel)) and "&" in w.text():
                keys.append(QKeySequence.mnemonic(w.text()).toString())
        keys = [k for k in keys if k]
        assert len(keys) == len(set(keys)), (index, sorted(keys))


def test_the_hub_lists_received_plans_and_opens_one_read_only(window, kit, tmp_path, qtbot):
    """At the hub: a community's plan arrives in its package, shows in the All communities
    tab with its priorities and progress, and opens (keyboard: Enter on the row) in the
    Plan area, where it reads but does not change."""
    from tests.exchange_helpers import remember_key
    from tests.hub_helpers import PRIORITY, fill_hub

    remember_key(kit)
    fill_hub(kit, tmp_path, plans=True)
    window.go_to("exchange")
    exchange = window.screen("exchange")
    exchange.tabs.setCurrentWidget(exchange.hub)
    exchange.refresh()
    hub = exchange.hub
    table = hub.plans_table
    assert table.rowCount() == 1 and not hub.open_plan_button.isEnabled()
    cells = [table.item(0, c).text() for c in range(table.columnCount())]
    assert cells[0] == "Kahnawà:ke" and cells[2] == f"1. {PRIORITY}\n2. Safer nights"
    assert cells[3] == "1 of 2"
    table.setFocus()
    table.setCurrentCell(0, 0)
    assert hub.open_plan_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert window.current_area() == "plan"
    plan = window.screen("plan")
    assert plan.community.field.currentText() == "Kahnawà:ke"
    assert plan.version.read_only and plan.plan_title.field.isReadOnly()
    assert "Safer nights" in plan.priorities.list.item(1).text()
    window.set_language("fr")
    window.go_to("exchange")
    assert hub.plans_box.title() == "Plans des communautés"
    assert hub.plans_table.item(0, 3).text() == "1 sur 2"


def test_a_plan_of_sixty_priorities_keeps_the_hub_list_readable(window, kit, qtbot):
    """The hub's list shows a plan's first five priorities and says how many more there are
    (the Plan area has them all); a row taller than the list still scrolls into view."""
    from toolkit.ui.hub_panel import SHOWN_PRIORITIES

    SessionService(kit.store).create_session("Big Plan", None)
    plans = PlanService(kit.store)
    plans.create("Big Plan", "Plan")
    for n in range(60):
        plans.add_priority("Big Plan", f"Priority {n + 1} " + "word " * 50)
    window.go_to("exchange")
    exchange = window.screen("exchange")
    exchange.tabs.setCurrentWidget(exchange.hub)
    exchange.refresh()
    table = exchange.hub.plans_table
    cell = table.item(0, 2).text().split("\n")
    assert len(cell) == SHOWN_PRIORITIES + 1 and cell[-1] == "and 55 more"
    assert cell[0].startswith("1. Priority 1 ") and "Priority 6 " not in table.item(0, 2).text()
    assert table.verticalScrollMode() == table.ScrollMode.ScrollPerPixel
    window.set_language("fr")
    assert exchange.hub.plans_table.item(0, 2).text().split("\n")[-1] == "et 55 de plus"
