"""Receipts: the hub's signed word that a package arrived, and what it did there.

After an import the hub writes a small JSON file (`<package>.receipt.json`): the export id
and sha256 of the package, the counts of respondents added, updated, unchanged and refused,
the conflicts, the number of respondents received, and the hub's public key, all signed with
the hub's Ed25519 key. The community imports it back (the same `toolkit import` or Import
button); it must match an export made here (same export id and same file sha256), and its
hub key must be the one seen on earlier receipts. The export history then says "received
by CCSC on …, N respondents".
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import msgspec

from toolkit.exchange import schema, signing
from toolkit.exchange.package import PackageError
from toolkit.fileio import atomic_write_bytes
from toolkit.i18n import N_, _
from toolkit.store import Store
from toolkit.store.migrations import utc_now

FORMAT = "ccsc-toolkit-receipt"
SUFFIX = ".receipt.json"
MAX_BYTES = 64 * 1024


class ReceiptError(PackageError):
    message = N_("The receipt {name} was not imported: {problem} Nothing was changed.")


@dataclass(frozen=True)
class ReceiptResult:
    file_name: str
    export_id: str
    received_at: str
    respondents: int
    hub_fingerprint: str
    already: bool

    def describe(self) -> str:
        from toolkit.i18n import format_datetime

        if self.already:
            return _("{file}: this receipt was already imported; nothing changed.").format(
                file=self.file_name)
        from toolkit.vocabulary import respondents_count

        return _("{file}: received by CCSC on {date}, {respondents} (hub key {key}).").format(
            file=self.file_name, date=format_datetime(self.received_at, fmt="short"),
            respondents=respondents_count(self.respondents), key=self.hub_fingerprint)


def canonical(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def looks_like_receipt(path: Path | str) -> bool:
    """A receipt is small JSON; a package is a zip or starts with CCSC-ENC."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
    except OSError:
        return False
    return head.lstrip()[:1] == b"{" or str(path).endswith(SUFFIX)


def write_receipt(store: Store, result, folder: Path | str) -> Path:
    """The signed receipt of an import (an importer.ImportResult), written to `folder`."""
    c = result.counts
    body = {
        "format": FORMAT, "format_version": 1, "export_id": result.export_id,
        "package_sha256": result.sha256, "received_at": result.imported_at,
        "community": result.community, "respondents": result.respondents,
        "counts": {"added": c.respondents_added, "updated": c.respondents_updated,
                   "unchanged": c.respondents_unchanged, "refused": 0},
        "conflicts": c.conflicts, "hub_installation_id": store.installation_id,
        "hub_public_key": signing.public_key(store),
    }
    data = json.dumps({"receipt": body, "signature": signing.sign(store, canonical(body))},
                      ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    stem = Path(result.file_name).name
    target = Path(folder) / (stem.removesuffix(".ccsc") + SUFFIX)
    atomic_write_bytes(target, data)
    return target


def import_receipt(store: Store, path: Path | str) -> ReceiptResult:
    """Check a receipt and record it against its export; refuse one that matches none."""
    path = Path(path)
    name = path.name
    with open(path, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ReceiptError(name, N_("it is not a receipt written by the toolkit."))
    try:
        receipt = schema.decode("receipt", data)
    except (msgspec.DecodeError, msgspec.ValidationError):
        raise ReceiptError(name, N_("it is not a receipt written by the toolkit.")) from None
    body = receipt.receipt
    plain = msgspec.to_builtins(body)
    if not signing.verify(body.hub_public_key, canonical(plain), receipt.signature):
        raise ReceiptError(name, N_(
            "its signature does not match: the file was altered after the hub wrote it."))
    fingerprint = signing.fingerprint(body.hub_public_key)
    now = utc_now()
    with store.transaction() as conn:
        export = conn.execute("SELECT sha256 FROM exports WHERE id = ?",
                              (body.export_id,)).fetchone()
        if export is None or export[0] != body.package_sha256:
            raise ReceiptError(name, N_(
                "it matches no package exported from this computer."))
        known = conn.execute("SELECT public_key, fingerprint FROM installations WHERE id = ?",
                             (body.hub_installation_id,)).fetchone()
        if known and known[0] != body.hub_public_key:
            raise ReceiptError(name, N_(
                "it claims to come from the hub {installation}, known here under the key "
                "{known}, but it is signed with another key ({found})."),
                installation=body.hub_installation_id, known=known[1], found=fingerprint)
        if known is None:
            conn.execute("INSERT INTO installations(id, public_key, fingerprint, first_seen_at, "
                         "last_seen_at, first_file) VALUES (?,?,?,?,?,?)",
                         (body.hub_installation_id, body.hub_public_key, fingerprint, now, now,
                          name))
        already = conn.execute("SELECT 1 FROM export_receipts WHERE export_id = ?",
                               (body.export_id,)).fetchone() is not None
        if not already:
            conn.execute(
                "INSERT INTO export_receipts(export_id, received_at, hub_installation_id, "
                "hub_fingerprint, respondents, counts, conflicts, receipt_sha256, imported_at) "
                "VALUES (?,?,?,?,?,?,?,?,?)",
                (body.export_id, body.received_at, body.hub_installation_id, fingerprint,
                 body.respondents, json.dumps(plain["counts"]), body.conflicts,
                 hashlib.sha256(data).hexdigest(), now))
    return ReceiptResult(name, body.export_id, body.received_at, body.respondents,
                         fingerprint, already)
