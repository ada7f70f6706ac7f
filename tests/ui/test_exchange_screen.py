"""The Exchange screen: export with a chosen level and passphrase, import several files with
passphrase prompts, history, hub overview and filters (dialogs answered by monkeypatch)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.exchange_helpers import make_session, open_kit, review
from tests.hub_helpers import SYLLABICS, fill_hub
from toolkit.errors import describe
from toolkit.exchange import package as fmt
from toolkit.exchange.export import export_package, preview
from toolkit.sessions import SessionService
from toolkit.ui import exchange_screen, report_preview


def show(window):
    window.go_to("exchange")
    return window.screen("exchange")


def test_export_needs_an_explicit_level_then_writes_and_records(window, kit, tmp_path,
                                                                monkeypatch, qtbot):
    session = make_session(kit)
    r1 = SessionService(kit.store).respondents(session.id)[0]
    review(kit, r1.id, "best_idea", "include", text="Une idée")
    screen = show(window)
    panel = screen.export
    panel.refresh()
    assert panel.sessions.count() == 1 and panel.chosen_sessions() == [session.id]
    assert not panel.export_button.isEnabled()  # no level chosen for the user
    panel.level_buttons["full"].setChecked(True)
    assert panel.export_button.isEnabled()
    text = panel.summary.toPlainText()
    assert "“Une idée”" in text and "Idée numéro" not in text
    assert "stay on this computer" in text and "Facilitation: Marie" in text
    assert '"sharing_level": "full"' in panel.exact.toPlainText()

    target = tmp_path / "out" / "kahnawake"
    monkeypatch.setattr(exchange_screen, "ask_save_path", lambda *a: str(target))
    told = []
    monkeypatch.setattr(exchange_screen, "inform", lambda parent, title, text: told.append(text))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    written = target.with_name("kahnawake.ccsc")
    assert written.exists() and told and "kahnawake.ccsc" in told[0]
    package = fmt.read_package(written)
    assert package.level == "full"
    assert screen.history.exports.rowCount() == 1
    assert screen.history.exports.item(0, 2).text() == "With reviewed comments"


def test_passphrase_typed_twice(window, kit, tmp_path, monkeypatch, qtbot):
    make_session(kit)
    panel = show(window).export
    panel.refresh()
    panel.level_buttons["responses"].setChecked(True)
    panel.encrypt.setChecked(True)
    assert not panel.export_button.isEnabled()
    panel.pass1.setText("a long passphrase")
    panel.pass2.setText("a long passphrasf")
    assert not panel.export_button.isEnabled() and "not the same" in panel.pass_status.text()
    panel.pass2.setText("a long passphrase")
    assert panel.export_button.isEnabled()
    target = tmp_path / "e.ccsc"
    monkeypatch.setattr(exchange_screen, "ask_save_path", lambda *a: str(target))
    monkeypatch.setattr(exchange_screen, "inform", lambda *a: None)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert fmt.file_is_encrypted(target)
    assert fmt.read_package(target, "a long passphrase").level == "responses"
    assert panel.pass1.text() == ""  # not kept after use


def test_cancelled_save_dialog_writes_nothing(window, kit, tmp_path, monkeypatch, qtbot):
    make_session(kit)
    panel = show(window).export
    panel.refresh()
    panel.level_buttons["responses"].setChecked(True)
    monkeypatch.setattr(exchange_screen, "ask_save_path", lambda *a: None)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert kit.store.conn.execute("SELECT count(*) FROM exports").fetchone()[0] == 0


def _packages(tmp_path):
    src = open_kit(tmp_path / "src")
    a = make_session(src, community="Birch Lake", date="2026-10-01")
    b = make_session(src, community="ᐃᖃᓗᐃᑦ", date="2026-08-01")
    plain, secret = tmp_path / "birch.ccsc", tmp_path / "iqaluit.ccsc"
    export_package(src.store, preview(src.store, [a.id], "responses", 5), plain)
    export_package(src.store, preview(src.store, [b.id], "responses", 5), secret,
                   "the right passphrase")
    src.close(backup=False)
    broken = tmp_path / "broken.ccsc"
    broken.write_bytes(plain.read_bytes()[:300])
    return plain, secret, broken


def test_import_several_files_with_passphrase_prompt(window, kit, tmp_path, monkeypatch, qtbot):
    plain, secret, broken = _packages(tmp_path)
    screen = show(window)
    answers = iter(["wrong one", "the right passphrase"])
    asked = []

    def ask(parent, name, retry):
        asked.append((name, retry))
        return next(answers)

    monkeypatch.setattr(exchange_screen, "ask_open_paths",
                        lambda *a: [str(plain), str(secret), str(broken), str(plain)])
    monkeypatch.setattr(exchange_screen, "ask_passphrase", ask)
    qtbot.mouseClick(screen.importer.choose, Qt.MouseButton.LeftButton)
    lines = [screen.importer.results.item(i).text()
             for i in range(screen.importer.results.count())]
    assert len(lines) == 4
    assert "birch.ccsc" in lines[0] and "3 respondents added" in lines[0]
    assert asked == [("iqaluit.ccsc", False), ("iqaluit.ccsc", True)]
    assert "3 respondents added" in lines[1]
    assert "broken.ccsc" in lines[2] and "not imported" in lines[2]
    assert "already imported" in lines[3]
    # the broken file changed nothing in the database, and its refusal is in the history
    imports = screen.history.imports
    assert imports.rowCount() == 4
    refusals = [imports.item(r, 4).text() for r in range(4)
                if imports.item(r, 1).text() == "broken.ccsc"]
    assert len(refusals) == 1 and refusals[0].startswith("Refused: ")
    assert (tmp_path / "birch.receipt.json").exists()
    hub = screen.hub
    assert hub.table.rowCount() == 2 and "2 sessions, 2 communities" in hub.totals.text()
    hub.community.setCurrentIndex(hub.community.findText("ᐃᖃᓗᐃᑦ"))
    assert hub.table.rowCount() == 1 and hub.table.item(0, 0).text() == "ᐃᖃᓗᐃᑦ"
    hub.community.setCurrentIndex(0)
    hub.level.setCurrentIndex(hub.level.findData("full"))
    assert hub.table.rowCount() == 0
    hub.level.setCurrentIndex(0)
    hub.use_from.setChecked(True)
    hub.date_from.setDate(hub.date_from.date().fromString("2026-09-01", "yyyy-MM-dd"))
    assert hub.table.rowCount() == 1 and hub.table.item(0, 0).text() == "Birch Lake"


def test_skipping_the_passphrase_skips_the_file(window, kit, tmp_path, monkeypatch):
    _plain, secret, _broken = _packages(tmp_path)
    screen = show(window)
    monkeypatch.setattr(exchange_screen, "ask_passphrase", lambda *a: None)
    screen.importer.import_paths([str(secret)])
    assert "skipped" in screen.importer.results.item(0).text()
    assert kit.store.conn.execute("SELECT count(*) FROM imports").fetchone()[0] == 0


def test_cross_community_report_button_writes_the_pdf(window, kit, tmp_path, monkeypatch,
                                                       qtbot):
    hub = show(window).hub
    assert not hub.report.isEnabled()  # nothing imported yet: nothing to report on
    fill_hub(kit, tmp_path)
    hub.refresh()
    assert hub.report.isEnabled() and hub.preview_button.isEnabled()
    hub.report_lang.setCurrentIndex(hub.report_lang.findData("bilingual"))
    hub.paper.setCurrentIndex(hub.paper.findData("a4"))
    target = tmp_path / "out" / "hub.pdf"
    target.parent.mkdir()
    asked = []
    monkeypatch.setattr(report_preview, "ask_save_path",
                        lambda parent, name: asked.append(name) or target)
    qtbot.mouseClick(hub.report, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not hub.job.running, timeout=60_000)
    assert asked == ["ccsc-communities-bilingual.pdf"]
    assert target.read_bytes().startswith(b"%PDF") and "Saved to" in hub.report_status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert SYLLABICS in text and "Cross-community summary report" in text
        assert "Rapport sommaire intercommunautaire" in text
    # only the rows shown are reported on
    hub.community.setCurrentIndex(hub.community.findText("Wendake"))
    assert hub.table.rowCount() == 1


def test_cross_community_report_errors_are_shown(window, kit, tmp_path, monkeypatch, qtbot):
    hub = show(window).hub
    fill_hub(kit, tmp_path)
    hub.refresh()
    shown = []
    for module in ("toolkit.ui.hub_panel", "toolkit.ui.jobs"):  # before, and in the worker
        monkeypatch.setattr(f"{module}.show_error", lambda parent, exc: shown.append(exc))
    monkeypatch.setattr(report_preview, "ask_save_path", lambda parent, name: None)
    hub.rows = []  # e.g. filters matching nothing
    hub.cross_community_report("save")
    assert shown and "no imported sessions" in describe(shown[0])
    hub.refresh()
    shown.clear()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr("toolkit.reports.hub_report.render_summary_report", broken)
    hub.cross_community_report("preview")
    qtbot.waitUntil(lambda: not hub.job.running, timeout=60_000)
    assert shown and isinstance(shown[0], OSError) and hub.report.isEnabled()


def test_french_screen(window, kit):
    make_session(kit)
    screen = show(window)
    window.set_language("fr")
    panel = screen.export
    assert panel.level_buttons["summary"].text() == "Sommaire seulement"
    assert panel.level_buttons["responses"].text() == "Réponses anonymes"
    assert panel.level_buttons["full"].text() == "Avec commentaires révisés"
    assert screen.tabs.tabText(1) == "Importer"


def test_passphrase_asked_at_most_three_times_and_reused_within_a_batch(window, kit, tmp_path,
                                                                         monkeypatch):
    _plain, secret, _broken = _packages(tmp_path)
    copy = tmp_path / "copy.ccsc"
    copy.write_bytes(secret.read_bytes())
    screen = show(window)
    asked = []
    monkeypatch.setattr(exchange_screen, "ask_passphrase",
                        lambda parent, name, retry: asked.append(name) or "always wrong")
    screen.importer.import_paths([str(secret)])
    assert asked == ["iqaluit.ccsc"] * 3
    assert "not the right one" in screen.importer.results.item(0).text()
    asked.clear()
    monkeypatch.setattr(exchange_screen, "ask_passphrase",
                        lambda parent, name, retry: asked.append(name) or "the right passphrase")
    screen.importer.import_paths([str(secret), str(copy)])
    assert asked == ["iqaluit.ccsc"]  # the second file opened with the same passphrase
    assert "already imported" not in screen.importer.results.item(0).text()
    assert "nothing changed" in screen.importer.results.item(1).text()


def test_every_tab_named_for_screen_readers_in_both_languages(window, kit, tmp_path):
    from PySide6.QtWidgets import QScrollArea

    from tests.ui.helpers import visible_widgets

    make_session(kit)
    screen = show(window)
    screen.export.encrypt.setChecked(True)
    screen.hub.use_from.setChecked(True)
    for lang in ("en", "fr"):
        window.set_language(lang)
        for index in range(screen.tabs.count()):
            screen.tabs.setCurrentIndex(index)
            unnamed = [type(w).__name__ for w in visible_widgets(window)
                       if w.focusPolicy() & Qt.FocusPolicy.TabFocus and not w.accessibleName()
                       and not isinstance(w, QScrollArea)
                       and w.objectName() != "qt_scrollarea_viewport"
                       and not (w.parent() and w.parent().accessibleName()
                                and type(w).__name__ == "QLineEdit")]
            assert unnamed == [], f"tab {index} ({lang}): {unnamed}"


def test_a_refresh_keeps_the_sessions_the_user_unticked(window, kit):
    from PySide6.QtCore import Qt

    first = make_session(kit, community="Birch Lake", date="2026-10-01")
    panel = show(window).export
    panel.refresh()
    panel.sessions.item(0).setCheckState(Qt.CheckState.Unchecked)
    second = make_session(kit, community="Birch Lake", date="2026-10-02")
    panel.refresh()
    assert set(panel.chosen_sessions()) == {second.id}
    assert first.id not in panel.chosen_sessions()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_round_trip_by_the_screens_with_receipt(window, kit, tmp_path, monkeypatch, qtbot,
                                                lang):
    """Community exports (the confirmation says it is not encrypted), the hub imports with
    the Import button and writes the receipt, the community imports the receipt with the
    same button, and its history says it was received. Grabs of each step in
    tests' tmp folder (and in $TOOLKIT_SCREENSHOTS if set)."""
    import os

    from toolkit.ui.main_window import MainWindow

    make_session(kit, community="Birch Lake", people=4)
    screen = show(window)
    window.set_language(lang)
    fr = lang == "fr"
    panel = screen.export
    panel.refresh()
    panel.level_buttons["responses"].setChecked(True)
    assert ("Le nom de la personne animatrice reste" if fr
            else "The facilitator's name stays on this computer.") \
        in panel.summary.toPlainText()
    package = tmp_path / "exchange" / "birch.ccsc"
    package.parent.mkdir()
    told = []
    monkeypatch.setattr(exchange_screen, "ask_save_path", lambda *a: str(package))
    monkeypatch.setattr(exchange_screen, "inform", lambda parent, title, text: told.append(text))
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert ("n’est pas chiffré" if fr else "not encrypted") in told[0]

    hub_kit = open_kit(tmp_path / "hub")
    hub_window = MainWindow(hub_kit)
    qtbot.addWidget(hub_window)
    hub_window.resize(1366, 768)
    hub_window.show()
    hub_screen = show(hub_window)
    hub_window.set_language(lang)
    monkeypatch.setattr(exchange_screen, "ask_open_paths", lambda *a: [str(package)])
    qtbot.mouseClick(hub_screen.importer.choose, Qt.MouseButton.LeftButton)
    line = hub_screen.importer.results.item(0).text()
    receipt = package.parent / "birch.receipt.json"
    assert ("4 répondants ajoutés" if fr else "4 respondents added") in line
    assert str(receipt) in line and ("empreinte" if fr else "fingerprint") in line
    from toolkit.exchange import signing
    fingerprint = signing.fingerprint(signing.public_key(kit.store))
    hub_screen.tabs.setCurrentWidget(hub_screen.trust)
    assert hub_screen.trust.keys.item(0, 1).text() == fingerprint
    hub_screen.tabs.setCurrentWidget(hub_screen.importer)
    grabs = {"hub-import": hub_window.grab()}
    hub_screen.tabs.setCurrentWidget(hub_screen.trust)
    grabs["hub-keys"] = hub_window.grab()
    hub_screen.tabs.setCurrentWidget(hub_screen.hub)
    grabs["hub-overview"] = hub_window.grab()

    monkeypatch.setattr(exchange_screen, "ask_open_paths", lambda *a: [str(receipt)])
    qtbot.mouseClick(screen.importer.choose, Qt.MouseButton.LeftButton)
    assert ("reçu par le CCSC" if fr else "received by CCSC") in \
        screen.importer.results.item(0).text()
    grabs["community-receipt"] = window.grab()
    screen.tabs.setCurrentWidget(screen.history)
    assert screen.history.exports.item(0, 6).text().startswith(
        "reçu par le CCSC le " if fr else "received by CCSC on ")
    grabs["community-history"] = window.grab()
    folder = Path(os.environ.get("TOOLKIT_SCREENSHOTS", tmp_path))
    for name, image in grabs.items():
        assert image.save(str(folder / f"round-trip-{lang}-{name}.png"))
    hub_window.close()
    hub_kit.close(backup=False)


def test_unsigned_packages_are_imported_only_when_the_user_says_so(window, kit, tmp_path,
                                                                   monkeypatch):
    import io
    import json
    import zipfile

    src = open_kit(tmp_path / "src")
    session = make_session(src, community="Old")
    path = tmp_path / "old.ccsc"
    export_package(src.store, preview(src.store, [session.id], "responses", 5), path)
    src.close(backup=False)
    with zipfile.ZipFile(path) as zf:  # as an earlier version wrote it: format 1, no signature
        members = {n: zf.read(n) for n in zf.namelist() if n != "signature.json"}
    manifest = json.loads(members["manifest.json"])
    manifest["format_version"] = 1
    del manifest["public_key"]
    members["manifest.json"] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    path.write_bytes(buffer.getvalue())
    screen = show(window)
    asked = []
    monkeypatch.setattr(exchange_screen, "confirm_unsigned",
                        lambda parent, name: asked.append(name) or False)
    screen.importer.import_paths([str(path)])
    assert asked == ["old.ccsc"] and "not signed" in screen.importer.results.item(0).text()
    assert kit.store.conn.execute("SELECT count(*) FROM respondents").fetchone()[0] == 0
    monkeypatch.setattr(exchange_screen, "confirm_unsigned", lambda parent, name: True)
    screen.importer.import_paths([str(path)])
    assert "3 respondents added" in screen.importer.results.item(0).text()


def test_file_dialogs_open_in_the_folder_chosen_last(monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    seen = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda parent, title, folder, f: (seen.append(folder) or
                                                          [str(tmp_path / "a.ccsc")], ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, where, f: (seen.append(where) or "", ""))
    exchange_screen.ask_open_paths(None, "t", "f")
    exchange_screen.ask_save_path(None, "t", "x.ccsc", "f")
    assert seen[1] == str(tmp_path / "x.ccsc")


def test_hub_overview_shows_every_column_at_1366x768(window, kit, tmp_path, qtbot):
    """Long titles and places wrap in their columns: no column is pushed out of view."""
    src = open_kit(tmp_path / "src")
    service = SessionService(src.store)
    long = "Diagnostic communautaire de sécurité et de bien-être, quartier nord et sud " * 3
    session = service.create_session("Birch Lake", "local-diagnosis", "2026-10-01",
                                      title=long, place=long)
    service.add_respondent(session.id)
    package = tmp_path / "long.ccsc"
    export_package(src.store, preview(src.store, [session.id], "responses", 5), package)
    src.close(backup=False)
    window.resize(1366, 768)
    screen = show(window)
    screen.importer.import_paths([str(package)])
    screen.tabs.setCurrentWidget(screen.hub)
    qtbot.wait(50)
    t = screen.hub.table
    assert t.rowCount() == 1
    assert t.horizontalScrollBar().maximum() == 0  # every column in view
    assert t.columnWidth(2) > 120 and t.rowHeight(0) > t.fontMetrics().lineSpacing() * 1.5
    # rows measured at the final widths: no blank lines above the text
    assert t.rowHeight(0) < t.fontMetrics().lineSpacing() * 9
    image = window.grab()
    import os
    image.save(str(Path(os.environ.get("TOOLKIT_SCREENSHOTS", tmp_path)) / "hub-long-titles.png"))
