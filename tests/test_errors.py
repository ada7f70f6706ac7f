import errno

from toolkit import i18n
from toolkit.errors import DatabaseDamagedError, describe


def test_toolkit_errors_are_described_in_the_user_language():
    exc = DatabaseDamagedError(path="/x/toolkit.sqlite")
    assert "damaged" in describe(exc)
    i18n.set_language("fr")
    assert "endommagée" in describe(exc) and "/x/toolkit.sqlite" in describe(exc)


def test_full_disk_and_permissions_get_plain_words():
    i18n.set_language("fr")
    assert "disque est plein" in describe(OSError(errno.ENOSPC, "No space left", "/x"))
    assert "/x" in describe(PermissionError(errno.EACCES, "denied", "/x"))


def test_unexpected_errors_point_to_the_log_not_a_traceback():
    text = describe(KeyError("boom"), "/data/logs/toolkit.log")
    assert "/data/logs/toolkit.log" in text and "KeyError" not in text


def test_database_errors_get_a_plain_message(tmp_path):
    import sqlite3

    from toolkit.errors import describe

    path = tmp_path / "x.sqlite"
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN EXCLUSIVE")
    second = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        second.execute("INSERT INTO t VALUES (1)")
    except sqlite3.OperationalError as exc:
        busy = exc
    finally:
        first.execute("ROLLBACK")
        first.close()
        second.close()
    assert "busy" in describe(busy) and "Traceback" not in describe(busy)
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13
    assert "disk is full" in describe(full)
