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
