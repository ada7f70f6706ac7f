"""The questionnaire catalogue: those shipped with the app plus those imported here.

Every caller that needs "the questionnaire named X" or "the questionnaires one can choose"
asks the catalogue, never the bundled files directly, so an imported questionnaire can be
chosen, run, reported and printed like a bundled one.

A questionnaire is identified by its content hash. Imported definitions are kept in the
database (table `catalogue` naming a snapshot in `instruments`), so the data folder's
backups carry them. Bundled ids are reserved: an import may not reuse one, so "local-
diagnosis" always means the questionnaire CCSC ships. An imported id may gain new versions;
`get(id)` gives the newest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit.errors import ToolkitError
from toolkit.i18n import N_, _, ngettext
from toolkit.questionnaire import loader
from toolkit.questionnaire.model import Instrument

if TYPE_CHECKING:
    import sqlite3

    from toolkit.store import Store

BUNDLED, IMPORTED = "bundled", "imported"
_BY_HASH: dict[str, Instrument] = {}  # a content hash names one immutable definition


class CatalogueError(ToolkitError):
    """A questionnaire that cannot be added or found; nothing was changed."""


class UnknownInstrumentError(CatalogueError):
    message = N_("There is no questionnaire named {name}. See 'toolkit instruments list'.")


class ReservedIdError(CatalogueError):
    message = N_("The questionnaire id {id} belongs to a questionnaire that comes with the "
                 "app; give yours another form_id in the settings sheet.")


class VersionTakenError(CatalogueError):
    message = N_("Version {version} of questionnaire {id} is already here with different "
                 "questions; give a higher version in the settings sheet.")


@dataclass(frozen=True)
class Entry:
    instrument: Instrument
    origin: str  # bundled | imported
    source: str  # the file it came from (imported), or the bundled file's id
    added_at: str | None

    @property
    def hash(self) -> str:
        return self.instrument.content_hash


@dataclass(frozen=True)
class Imported:
    """What importing an XLSForm did: the CLI prints `message()`, the app shows it."""

    instrument: Instrument
    added: bool  # False: checked only, or this very definition was already here
    checked_only: bool = False

    def message(self) -> str:
        i = self.instrument
        count = ngettext("{n} question", "{n} questions", len(i.questions)).format(
            n=len(i.questions))
        if self.checked_only:
            text = _("The form can be imported as questionnaire {id}, version {version} "
                     "({count}); nothing was kept.")
        elif self.added:
            text = _("Questionnaire {id}, version {version}, added ({count}).")
        else:
            text = _("Questionnaire {id}, version {version}, is already here; nothing changed.")
        return text.format(id=i.id, version=i.version, count=count)


def store_snapshot(conn: sqlite3.Connection, instrument: Instrument, now: str) -> str:
    """Keep the definition once per content hash; return the hash."""
    conn.execute(
        "INSERT OR IGNORE INTO instruments(hash, instrument_id, version, definition, "
        "created_at) VALUES (?, ?, ?, ?, ?)",
        (instrument.content_hash, instrument.id, instrument.version,
         instrument.canonical_json(), now))
    return instrument.content_hash


def _parse(digest: str, definition: str) -> Instrument:
    cached = _BY_HASH.get(digest)
    if cached is None:
        cached = _BY_HASH[digest] = loader.instrument_from_definition(json.loads(definition),
                                                               "snapshot")
    return cached


def bundled_dir() -> Path:
    """Where the questionnaire files shipped with the app are."""
    return loader.INSTRUMENTS_DIR


def bundled_files() -> list[Path]:
    """The questionnaire files shipped with the app (the self-test counts them)."""
    return sorted(bundled_dir().glob("*.toml"))


class Catalogue:
    """Bundled questionnaires, plus the imported ones when a store is given."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store

    def _imported(self) -> list[Entry]:
        if self.store is None:
            return []
        rows = self.store.conn.execute(
            "SELECT c.hash, i.definition, c.source, c.added_at FROM catalogue c "
            "JOIN instruments i ON i.hash = c.hash ORDER BY c.instrument_id, c.version")
        return [Entry(_parse(digest, definition), IMPORTED, source, added)
                for digest, definition, source, added in rows]

    def entries(self, every_version: bool = False) -> list[Entry]:
        """Every questionnaire here: bundled first, then imported by id and version.

        Bundled questionnaires appear at their latest version unless `every_version`: older
        shipped versions stay for sessions that used them, not for new ones."""
        shipped = (loader.bundled_instrument_versions() if every_version
                   else loader.bundled_instruments())
        return [Entry(i, BUNDLED, i.id, None) for i in shipped] + self._imported()

    def instruments(self) -> list[Instrument]:
        """The ones to choose from: each id once, at its newest version."""
        newest: dict[str, Instrument] = {}
        for entry in self.entries():
            current = newest.get(entry.instrument.id)
            if current is None or entry.instrument.version > current.version:
                newest[entry.instrument.id] = entry.instrument
        return list(newest.values())

    def get(self, instrument_id: str, version: int | None = None) -> Instrument:
        """The questionnaire `instrument_id` at its newest version, or at `version`."""
        if version is None:
            pool = self.instruments()
        else:
            pool = [e.instrument for e in self.entries(every_version=True)]
        for instrument in pool:
            if instrument.id == instrument_id and version in (None, instrument.version):
                return instrument
        name = instrument_id if version is None else f"{instrument_id} {version}"
        raise UnknownInstrumentError(name=name)

    def by_hash(self, digest: str) -> Instrument:
        for entry in self.entries(every_version=True):
            if entry.hash == digest:
                return entry.instrument
        raise UnknownInstrumentError(name=digest[:12])

    def find(self, instrument: Instrument) -> Entry | None:
        """The entry holding exactly this definition, if any."""
        return next((e for e in self.entries(every_version=True)
                     if e.hash == instrument.content_hash), None)

    def import_xlsform(self, path: Path | str, check: bool = False) -> Imported:
        """Read an XLSForm and keep it (unless `check`): the one way the CLI and the app add
        a questionnaire. Every refusal (XLSFormError naming the sheet, row and column, or a
        CatalogueError) is raised before anything is written."""
        from toolkit.questionnaire.xlsform import read_xlsform

        instrument = read_xlsform(path)
        if check:
            self._check_addable(instrument)
            return Imported(instrument, False, checked_only=True)
        return Imported(instrument, self.add(instrument, Path(path).name))

    def _check_addable(self, instrument: Instrument) -> bool:
        """False when this very definition is already here; raises when it may not be added."""
        if self.find(instrument) is not None:
            return False
        if any(i.id == instrument.id for i in loader.bundled_instrument_versions()):
            raise ReservedIdError(id=instrument.id)
        if any(e.instrument.id == instrument.id and e.instrument.version >= instrument.version
               for e in self._imported()):
            raise VersionTakenError(id=instrument.id, version=instrument.version)
        return True

    def add(self, instrument: Instrument, source: str) -> bool:
        """Keep an imported questionnaire; False when this very definition is already here."""
        if self.store is None:
            raise ValueError("adding to the catalogue needs a store")
        if not self._check_addable(instrument):
            return False
        from toolkit.store.migrations import utc_now

        now = utc_now()
        with self.store.transaction() as conn:
            digest = store_snapshot(conn, instrument, now)
            conn.execute("INSERT INTO catalogue(hash, instrument_id, version, source, added_at) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (digest, instrument.id, instrument.version, source, now))
        return True
