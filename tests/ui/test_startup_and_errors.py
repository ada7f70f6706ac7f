"""Starting with a damaged database, and the one place errors become messages."""

import sys

from PySide6.QtWidgets import QMessageBox

from toolkit import i18n
from toolkit.context import Toolkit
from toolkit.errors import DatabaseDamagedError
from toolkit.ui import app as app_module
from toolkit.ui import errors as ui_errors
from toolkit.ui.recovery_dialog import RecoveryDialog


def test_damaged_database_offers_a_backup_and_restores_it(qtbot, data_dir, monkeypatch):
    kit = Toolkit(data_dir)
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'Eskasoni', 'x', 'x', 1)")
    kit.backup_now()
    kit.close(backup=False)
    kit.database_path.write_bytes(b"\x00garbage" * 2000)
    kit = Toolkit(data_dir)
    shown = []

    def fake_exec(dialog):
        shown.append(dialog)
        assert dialog.list.count() == 1 and dialog.restore_button.isEnabled()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    assert app_module.open_store_or_recover(kit) is True
    assert shown
    assert kit.store.conn.execute("SELECT name FROM communities").fetchone()[0] == "Eskasoni"
    assert any(".damaged-" in p.name for p in data_dir.iterdir())
    kit.close(backup=False)


def test_damaged_database_without_backup_quits_and_keeps_the_file(qtbot, data_dir, monkeypatch):
    (data_dir / "toolkit.sqlite").write_bytes(b"junk" * 100)
    kit = Toolkit(data_dir)
    monkeypatch.setattr(RecoveryDialog, "exec", lambda d: 0)
    assert app_module.open_store_or_recover(kit) is False
    assert (data_dir / "toolkit.sqlite").read_bytes() == b"junk" * 100


def test_recovery_dialog_speaks_french(qtbot, data_dir):
    i18n.set_language("fr")
    dialog = RecoveryDialog(Toolkit(data_dir), DatabaseDamagedError(path="/x"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Les données ne peuvent pas être ouvertes"
    assert dialog.restore_button.text() == "Restaurer"


def test_errors_in_slots_become_a_translated_message(qtbot, data_dir, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    old_hook = sys.excepthook
    ui_errors.install_excepthook(str(data_dir / "logs" / "toolkit.log"))
    try:
        i18n.set_language("fr")
        try:
            raise ValueError("internal detail")
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = old_hook
    assert shown and "erreur inattendue" in shown[0]
    assert "internal detail" not in shown[0] and "toolkit.log" in shown[0]
