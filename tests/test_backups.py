from datetime import datetime, timedelta

import pytest

from toolkit.errors import BackupError, DatabaseDamagedError
from toolkit.paths import backups_dir, database_path
from toolkit.store import Store
from toolkit.store.backups import (
    Backup,
    backup_if_due,
    backups_to_keep,
    list_backups,
    make_backup,
    restore_backup,
)


def add_community(store, name):
    with store.transaction() as conn:
        conn.execute("INSERT INTO communities(id, name, created_at, updated_at) "
                     "VALUES (?, ?, 'x', 'x')", (name, name))


def names(store):
    return sorted(r[0] for r in store.conn.execute("SELECT name FROM communities"))


def test_backup_and_restore_round_trip(kit):
    add_community(kit.store, "Kahnawà:ke")
    backup = kit.backup_now()
    add_community(kit.store, "Later")
    assert names(kit.store) == ["Kahnawà:ke", "Later"]
    kit.restore(backup.path)
    assert names(kit.store) == ["Kahnawà:ke"]
    reasons = {b.reason for b in kit.backups()}
    assert "before-restore" in reasons  # the replaced data was kept
    before = [b for b in kit.backups() if b.reason == "before-restore"][0]
    kit.restore(before.path)
    assert names(kit.store) == ["Kahnawà:ke", "Later"]


def test_backup_is_a_single_self_contained_file(kit):
    backup = kit.backup_now()
    assert not backup.path.with_name(backup.path.name + "-wal").exists()
    import sqlite3
    conn = sqlite3.connect(backup.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_automatic_backup_at_most_once_a_day(kit):
    day = datetime(2026, 11, 25, 9, 0)
    assert backup_if_due(kit.store, kit.folder, now=day) is not None
    assert backup_if_due(kit.store, kit.folder, now=day + timedelta(hours=8)) is None
    assert backup_if_due(kit.store, kit.folder, now=day + timedelta(days=1)) is not None
    assert len(list_backups(kit.folder)) == 2


def test_close_makes_the_daily_backup(data_dir):
    from toolkit.context import Toolkit

    kit = Toolkit(data_dir)
    kit.open_store()
    kit.close()
    assert len(list_backups(data_dir)) == 1


def test_thinning_keeps_recent_weekly_and_monthly(tmp_path):
    now = datetime(2026, 11, 25, 12)
    backups = [Backup(tmp_path / f"b{i}", now - timedelta(days=i), "auto") for i in range(400)]
    keep = backups_to_keep(backups, now)
    kept_ages = sorted(int(p.name[1:]) for p in keep)
    assert kept_ages[:7] == list(range(7))  # the newest seven
    assert len(keep) < 30  # but not 400
    assert max(kept_ages) < 366  # nothing older than a year
    assert any(40 <= age < 56 for age in kept_ages)  # weekly coverage
    assert any(200 <= age < 240 for age in kept_ages)  # monthly coverage


def test_thinning_deletes_files(kit):
    start = datetime(2025, 1, 1)
    for day in range(60):
        make_backup(kit.store, kit.folder, reason="auto", now=start + timedelta(days=day))
    remaining = list_backups(kit.folder)
    assert 7 <= len(remaining) < 25
    assert remaining[0].taken_at.date() == (start + timedelta(days=59)).date()


def test_damaged_backup_is_refused_and_current_data_kept(kit):
    add_community(kit.store, "Keep me")
    bad = backups_dir(kit.folder) / "toolkit-20260101-000000-manual.sqlite"
    bad.parent.mkdir(exist_ok=True)
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(BackupError) as info:
        kit.restore(bad)
    assert bad.name in info.value.user_message()
    assert names(kit.store) == ["Keep me"]


def test_restore_over_a_damaged_database_keeps_the_damaged_file(data_dir):
    store = Store.open(database_path(data_dir))
    add_community(store, "Saved")
    backup = make_backup(store, data_dir)
    store.close()
    db = database_path(data_dir)
    db.write_bytes(b"\0" * 8192)
    with pytest.raises(DatabaseDamagedError):
        Store.open(db)
    store = restore_backup(data_dir, backup.path)
    try:
        assert names(store) == ["Saved"]
    finally:
        store.close()
    aside = [p for p in data_dir.iterdir() if ".damaged-" in p.name]
    assert aside and aside[0].read_bytes() == b"\0" * 8192
