"""The SQLite store: safe opening, ordered migrations, backups."""

from toolkit.store.database import Store, inspect_database
from toolkit.store.migrations import LATEST_VERSION

__all__ = ["LATEST_VERSION", "Store", "inspect_database"]
