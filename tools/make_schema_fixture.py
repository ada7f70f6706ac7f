"""Write tests/data/schema-vN.sqlite: a small database made by the current (released) schema.

Run once per released schema version and commit the file; never regenerate an old one.
"""

import sys
import uuid
from pathlib import Path

from toolkit.store import LATEST_VERSION, Store
from toolkit.store.migrations import utc_now

target = (Path(__file__).resolve().parent.parent / "tests" / "data"
          / f"schema-v{LATEST_VERSION}.sqlite")
if target.exists() and "--force" not in sys.argv:
    sys.exit(f"{target} exists; released fixtures are never regenerated")
target.parent.mkdir(parents=True, exist_ok=True)
store = Store.open(target)
with store.transaction() as conn:
    for name in ("Kahnawà:ke", "ᐃᖃᓗᐃᑦ (Iqaluit)", "Saint-Élie-de-Caxton"):
        now = utc_now()
        conn.execute("INSERT INTO communities(id, name, created_at, updated_at) VALUES (?,?,?,?)",
                     (str(uuid.uuid4()), name, now, now))
store.conn.execute("PRAGMA journal_mode = DELETE")
store.close()
print(target)
