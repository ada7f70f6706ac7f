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


def test_full_disk_at_start_is_a_message_not_a_restore(qtbot, data_dir, monkeypatch):
    """Issue 13, point 1: the GUI offers no restore for a full disk, and moves nothing."""
    from tests.store_helpers import fill, small_disk

    with small_disk(data_dir.parent / "disk", "3m") as disk:
        folder = disk / "data"
        kit = Toolkit(folder)
        with kit.store.transaction() as conn:
            conn.execute("INSERT INTO communities VALUES ('c', 'Eskasoni', 'x', 'x', 1)")
        kit.backup_now()
        kit.close(backup=False)
        before = kit.database_path.read_bytes()
        fill(disk)
        kit = Toolkit(folder)
        shown = []
        monkeypatch.setattr(RecoveryDialog, "exec", lambda d: shown.append(d) or 0)
        errors = []
        monkeypatch.setattr(app_module, "show_error", lambda parent, exc: errors.append(exc))
        assert app_module.open_store_or_recover(kit) is False
        assert not shown and errors and "disk is full" in errors[0].user_message()
        kit.close(backup=False)
        assert kit.database_path.read_bytes() == before
        assert not [p for p in folder.iterdir() if ".damaged-" in p.name]


def test_empty_database_with_backups_offers_them_and_starting_empty(qtbot, data_dir,
                                                                     monkeypatch):
    """Issue 13, point 9: never a silent fresh start."""
    from toolkit.ui.recovery_dialog import START_EMPTY

    kit = Toolkit(data_dir)
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'Eskasoni', 'x', 'x', 1)")
    kit.backup_now()
    kit.close(backup=False)
    kit.database_path.write_bytes(b"")
    seen = []

    def restore(dialog):
        seen.append((dialog.list.count(), dialog.empty_button is not None))
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", restore)
    kit = Toolkit(data_dir)
    assert app_module.open_store_or_recover(kit) is True
    assert seen == [(1, True)]
    assert kit.store.conn.execute("SELECT name FROM communities").fetchone()[0] == "Eskasoni"
    kit.close(backup=False)
    kit.database_path.unlink()
    monkeypatch.setattr(RecoveryDialog, "exec", lambda d: START_EMPTY)
    kit = Toolkit(data_dir)
    assert app_module.open_store_or_recover(kit) is True
    assert kit.store.conn.execute("SELECT count(*) FROM communities").fetchone()[0] == 0
    kit.close(backup=False)


def test_daily_check_finds_index_damage_and_repairs_it_with_consent(qtbot, data_dir,
                                                                    monkeypatch):
    from tests.test_store_checks import _damage_an_index

    kit = Toolkit(data_dir)
    kit.open_store()
    kit.close(backup=False)
    _damage_an_index(kit.database_path)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.Yes)
    kit = Toolkit(data_dir)
    assert app_module.open_store_or_recover(kit) is True
    assert asked and kit.full_check().ok and kit.checked_today
    kit.close(backup=True)
    assert kit.backups()  # the day's backup, of the repaired database


def test_daily_check_without_consent_changes_nothing(qtbot, data_dir, monkeypatch):
    from tests.test_store_checks import _damage_an_index

    kit = Toolkit(data_dir)
    kit.open_store()
    kit.close(backup=False)
    _damage_an_index(kit.database_path)
    before = kit.database_path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    kit = Toolkit(data_dir)
    import pytest

    with pytest.raises(app_module._Quit):
        app_module.open_store_or_recover(kit)
    kit.close(backup=False)
    assert kit.database_path.read_bytes() == before


def test_settings_restore_goes_through_the_one_restore_path(qtbot, data_dir, monkeypatch):
    """Issue 13, point 2 (GUI side): Settings restores as the CLI does, backing up first."""
    from toolkit.ui.settings_screen import SettingsScreen

    kit = Toolkit(data_dir)
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('c', 'Eskasoni', 'x', 'x', 1)")
    kit.backup_now()
    with kit.store.transaction() as conn:
        conn.execute("INSERT INTO communities VALUES ('d', 'Later', 'x', 'x', 1)")
    screen = SettingsScreen(kit)
    qtbot.addWidget(screen)
    screen.retranslate()
    screen.refresh()
    screen.backup_list.setCurrentRow(0)
    told = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    screen.restore_selected()
    assert [r[0] for r in kit.store.conn.execute("SELECT name FROM communities")] == ["Eskasoni"]
    assert told and "backed up first" in told[0]
    assert any(b.reason == "before-restore" for b in kit.backups())
    assert screen.backup_list.count() == 2
    kit.close(backup=False)


def test_damage_found_by_the_daily_check_leads_to_the_restore_path(qtbot, data_dir,
                                                                    monkeypatch):
    """Issue 13, point 9: damage that quick checks miss is found before the day's first
    write; the damaged file is kept aside, not backed up as if healthy."""
    kit = Toolkit(data_dir)
    with kit.store.transaction() as conn:
        for i in range(400):
            conn.execute("INSERT INTO communities VALUES (?, ?, 'x', 'x', 1)",
                         (f"id-{i}", "Kahnawà:ke " * 20))
    backup = kit.backup_now()
    backup.path.rename(backup.path.with_name("toolkit-20200101-000000-manual.sqlite"))
    kit.close(backup=False)
    data = bytearray(kit.database_path.read_bytes())
    last = len(data) - 4096
    for offset in range(last + 200, last + 4000):
        data[offset] = (data[offset] * 7 + 13) % 256
    kit.database_path.write_bytes(bytes(data))
    shown = []
    monkeypatch.setattr(RecoveryDialog, "exec", lambda d: shown.append(d.message.text()) or 1)
    kit = Toolkit(data_dir)
    assert app_module.open_store_or_recover(kit) is True
    assert shown and "damaged" in shown[0]
    assert kit.store.conn.execute("SELECT count(*) FROM communities").fetchone()[0] == 400
    assert [p for p in data_dir.iterdir() if ".damaged-" in p.name]
    assert not [b for b in kit.backups() if b.reason == "before-restore"]
    kit.close(backup=False)
