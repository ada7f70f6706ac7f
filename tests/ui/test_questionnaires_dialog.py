"""The Questionnaires dialog: the catalogue listed with version and hash, "Add
questionnaire…" through the CLI's own import (refusals with sheet, row and column, in the
user's language, nothing kept), "Save as XLSForm…", reachable from the Sessions screen and
the New session dialog, with the keyboard alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.test_xlsform_real import REAL, REFUSED_AS_IS
from tests.xlsform_helpers import partner_form
from toolkit import i18n
from toolkit.questionnaire.catalogue import Catalogue
from toolkit.questionnaire.xlsform import read_xlsform, write_xlsform
from toolkit.sessions import SessionService
from toolkit.ui import questionnaires_dialog as qd
from toolkit.ui.questionnaires_dialog import QuestionnairesDialog
from toolkit.ui.session_dialog import SessionDialog


@pytest.fixture
def dialog(qtbot, kit):
    made = QuestionnairesDialog(kit.store)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    return made


def choose_file(monkeypatch, path):
    monkeypatch.setattr(qd, "ask_open_path", lambda parent: path)


def rows(dialog):
    return [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def test_it_lists_the_catalogue_with_version_and_hash(dialog, kit):
    entries = Catalogue(kit.store).entries()
    assert [(r[1], r[2], r[4]) for r in rows(dialog)] == [
        (e.instrument.id, str(e.instrument.version), e.hash[:12]) for e in entries]
    assert {r[3] for r in rows(dialog)} == {"Comes with the app"}
    assert dialog.table.item(0, 4).toolTip() == entries[0].hash  # the whole hash


def test_a_real_xlsform_is_added_listed_and_chosen(dialog, kit, monkeypatch, tmp_path):
    choose_file(monkeypatch, partner_form(tmp_path / "partner.xlsx"))
    dialog.add_button.click()
    assert "Questionnaire specify-other, version 1, added (6 questions)." == dialog.message.text()
    assert dialog.added and dialog.message.isVisible()
    chosen = dialog.selected()
    assert chosen.instrument.id == "specify-other" and chosen.origin == "imported"
    assert rows(dialog)[-1][3] == "Added here"
    assert dialog.details.text().startswith("6 questions; added on ")
    assert dialog.details.text().endswith(" from partner.xlsx.")
    dialog.add_button.click()  # the same file again: nothing new
    assert "is already here; nothing changed" in dialog.message.text()
    assert len(Catalogue(kit.store).entries()) == 3


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.stem)
def test_each_real_form_is_refused_in_french_with_its_place(dialog, kit, monkeypatch, path):
    i18n.set_language("fr")
    choose_file(monkeypatch, path)
    dialog.add_button.click()
    sheet, row, column = REFUSED_AS_IS[path.stem]
    text = dialog.message.text()
    assert (f"{path.name}\u00a0: feuille {sheet}, ligne {row}, colonne {column or '-'}\u00a0:"
            in text)
    for english in ("sheet ", "row ", "column ", " is not ", " must "):
        assert english not in text, english
    assert dialog.message.property("problem") is True
    assert len(Catalogue(kit.store).entries()) == 2  # nothing kept


def test_a_form_reusing_a_bundled_id_is_refused(dialog, kit, monkeypatch, tmp_path):
    i18n.set_language("fr")
    import openpyxl

    path = tmp_path / "ld.xlsx"
    write_xlsform(Catalogue(kit.store).get("local-diagnosis"), path)
    choose_file(monkeypatch, path)
    dialog.add_button.click()  # the very same questionnaire: nothing to add
    assert dialog.message.text() == ("Le questionnaire local-diagnosis, version 2, est déjà "
                                     "ici; rien n’a changé.")
    book = openpyxl.load_workbook(path)  # a partner's edit keeping CCSC's id
    settings = book["settings"]
    column = [c.value for c in settings[1]].index("version") + 1
    settings.cell(2, column, "3")
    book.save(path)
    dialog.add_button.click()
    assert dialog.message.text() == ("L’identifiant local-diagnosis appartient à un "
                                     "questionnaire fourni avec l’application; donnez au "
                                     "vôtre un autre form_id dans la feuille settings.")
    assert len(Catalogue(kit.store).entries()) == 2


def test_save_as_xlsform_writes_the_same_questionnaire(dialog, kit, monkeypatch, tmp_path):
    target = tmp_path / "out"
    monkeypatch.setattr(qd, "ask_save_path", lambda parent, name: target.with_suffix(".xlsx"))
    dialog.table.selectRow(1)  # local-diagnosis
    dialog.export_button.click()
    written = target.with_suffix(".xlsx")
    assert read_xlsform(written).content_hash == dialog.selected().hash
    assert str(written) in dialog.message.text()


def test_a_questionnaire_xlsform_cannot_hold_is_refused_and_nothing_written(
        dialog, monkeypatch, tmp_path):
    target = tmp_path / "group.xlsx"
    monkeypatch.setattr(qd, "ask_save_path", lambda parent, name: target)
    dialog.table.selectRow(0)  # group-session: votes
    dialog.export_button.click()
    assert "votes" in dialog.message.text() and not target.exists()


def test_the_save_name_gets_its_extension(monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "form"), ""))
    assert qd.ask_save_path(None, "x.xlsx") == tmp_path / "form.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert qd.ask_save_path(None, "x.xlsx") is None


def test_every_control_is_named_and_reached_with_the_keyboard(dialog):
    assert QApplication.focusWidget() is dialog.add_button
    controls = [w for w in dialog.findChildren(QAbstractButton) if w.isVisible()]
    controls.append(dialog.table)
    assert all(w.accessibleName() for w in controls)
    reached = []
    for _ in range(12):
        dialog.focusNextChild()  # what Tab does
        reached.append(QApplication.focusWidget())
    for widget in (dialog.table, dialog.export_button, dialog.add_button):
        assert widget in reached


def test_the_sessions_screen_opens_it(qtbot, window, monkeypatch):
    opened = []
    monkeypatch.setattr(QuestionnairesDialog, "exec", lambda self: opened.append(self) or 0)
    window.go_to("sessions")
    button = window.screen("sessions").buttons["questionnaires"]
    assert button.text() == "Questionnaires…" and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].table.rowCount() == 2


def test_the_new_session_dialog_can_add_one_and_chooses_it(qtbot, kit, monkeypatch, tmp_path):
    def add_then_close(self):
        choose_file(monkeypatch, partner_form(tmp_path / "partner.xlsx"))
        self.add_questionnaire()
        return 0
    monkeypatch.setattr(QuestionnairesDialog, "exec", add_then_close)
    dialog = SessionDialog(SessionService(kit.store))
    qtbot.addWidget(dialog)
    dialog.add_instrument.click()
    assert dialog.instrument.currentData() == "specify-other"
    assert dialog.instrument.count() == 3


def accelerators(root) -> list[str]:
    """The Alt+letter of every label and button: a letter used twice only cycles."""
    import re

    from PySide6.QtWidgets import QLabel

    texts = [w.text() for w in root.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in root.findChildren(QAbstractButton)]
    return [m.group(1).casefold() for t in texts
            for m in [re.search(r"&([^&\s])", t.replace("&&", ""))] if m]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_two_controls_share_an_alt_letter(qtbot, kit, lang):
    i18n.set_language(lang)
    for made in (QuestionnairesDialog(kit.store), SessionDialog(SessionService(kit.store))):
        qtbot.addWidget(made)
        letters = accelerators(made)
        assert len(letters) == len(set(letters)) >= 2, letters


@pytest.mark.parametrize("make, said", [
    (lambda p: p.write_text("hello"), "n’est pas un classeur XLSX"),
    (lambda p: p.write_bytes(b""), "n’est pas un classeur XLSX"),
    (lambda p: p.mkdir(), "ne peut pas être lu (EISDIR)"),
    (lambda p: None, "n’existe pas"),
], ids=["text", "empty", "folder", "missing"])
def test_a_file_that_is_no_workbook_is_refused_in_french(dialog, kit, monkeypatch, tmp_path,
                                                         make, said):
    i18n.set_language("fr")
    path = tmp_path / "form.xlsx"
    make(path)
    choose_file(monkeypatch, path)
    dialog.add_button.click()
    text = dialog.message.text()
    assert text.startswith("form.xlsx\u00a0: ") and said in text, text
    for english in ("File is not", "Errno", "No such", "directory"):
        assert english not in text
    assert len(Catalogue(kit.store).entries()) == 2
