"""1,200 mutations of signed packages: bit flips, member swaps, re-signing with another key,
and shape mutations of every JSON member (re-signed with the maker's key, so the checks after
the signature's are reached). Each one is refused with a ToolkitError and the database's
content digest unchanged, or, if it is still a valid package, imported whole. Never a
traceback."""

import io
import json
import random
import zipfile

import pytest

from tests.exchange_helpers import SEEDS, db_digest, make_session, open_kit, signature_for
from toolkit.errors import ToolkitError
from toolkit.exchange import package as fmt
from toolkit.exchange import signing
from toolkit.exchange.export import export_package, preview
from toolkit.exchange.importer import import_file, import_package

ODD_VALUES = [None, -1, 0, 2 ** 53, 2 ** 64, -2 ** 63, "", "x" * 600, [], {}, True, 1.5,
              1e300, "../../etc", "2026-13-45", "\x1b[2J", "\u202e", [[[[[[]]]]]],
              {"unknown": 1}, "00000000-0000-0000-0000-000000000000", "a" * 64]


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return buffer.getvalue()


def seal(members: dict[str, bytes], seed: str, fix: bool = True) -> bytes:
    members = dict(members)
    manifest = json.loads(members["manifest.json"])
    if fix and isinstance(manifest, dict):
        manifest["members"] = {n: {"sha256": fmt.sha256(d), "size": len(d)}
                               for n, d in members.items()
                               if n not in ("manifest.json", "signature.json")}
        members["manifest.json"] = json.dumps(manifest).encode()
    members["signature.json"] = signature_for(members["manifest.json"], seed)
    return rezip(members)


def mutate_tree(value, rng):
    """Change one random place of a JSON tree: a leaf's value or type, a key removed, an
    unknown key added. Returns the new root."""
    if not isinstance(value, (dict, list)) or not value or rng.random() < 0.05:
        return rng.choice(ODD_VALUES)
    node = value
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = rng.choice(keys)
        child = node[key]
        if isinstance(child, (dict, list)) and child and rng.random() < 0.65:
            node = child
            continue
        action = rng.random()
        if isinstance(node, dict) and action < 0.15:
            del node[key]
        elif isinstance(node, dict) and action < 0.25:
            node["zz_unknown"] = rng.choice(ODD_VALUES)
        else:
            node[key] = rng.choice(ODD_VALUES)
        return value


@pytest.fixture
def signed(kit, tmp_path):
    """A responses package and a summary package of the same laptop, and the hub that has
    imported the first one (so its key and records are known there)."""
    session = make_session(kit, people=6)
    packages = []
    for level in ("responses", "summary"):
        path = tmp_path / f"{level}.ccsc"
        export_package(kit.store, preview(kit.store, [session.id], level, 5), path)
        packages.append(path.read_bytes())
    hub = open_kit(tmp_path / "hub")
    import_file(hub.store, tmp_path / "responses.ccsc")
    yield packages, SEEDS[signing.public_key(kit.store)], hub
    hub.close(backup=False)


def test_fuzz_1200_mutations_of_signed_packages(signed, tmp_path):
    packages, seed, hub = signed
    stranger = open_kit(tmp_path / "stranger")
    stranger_seed = SEEDS[signing.public_key(stranger.store)]
    stranger_key = signing.public_key(stranger.store)
    stranger.close(backup=False)
    rng = random.Random(15_2026)
    kinds: dict[str, int] = {}
    refused = imported = 0
    for i in range(1200):
        original = rng.choice(packages)
        members = unzip(original)
        kind = rng.choice(("flip", "swap", "resign", "resign-claim", "shape", "shape",
                           "shape"))
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "flip":
            data = bytearray(original)
            for _ in range(rng.randint(1, 6)):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            data = bytes(data)
        elif kind == "swap":
            a, b = rng.sample(sorted(members), 2)
            members[a], members[b] = members[b], members[a]
            data = rezip(members) if rng.random() < 0.5 else seal(members, seed)
        elif kind == "resign":  # another key, the manifest untouched
            data = seal(members, stranger_seed, fix=False)
        elif kind == "resign-claim":  # another key, and the manifest claims it
            manifest = json.loads(members["manifest.json"])
            manifest["public_key"] = stranger_key
            members["manifest.json"] = json.dumps(manifest).encode()
            data = seal(members, stranger_seed, fix=False)
        else:
            member = rng.choice(sorted(members))
            tree = json.loads(members[member])
            members[member] = json.dumps(mutate_tree(tree, rng)).encode()
            if member.startswith("instruments/") or rng.random() < 0.2:
                data = seal(members, seed, fix=True)
            else:
                data = seal(members, seed, fix=member != "manifest.json")
        before = db_digest(hub)
        try:
            package = fmt.parse_package(data, f"fuzz-{i}.ccsc")
            import_package(hub.store, package)
        except ToolkitError as exc:  # anything else is a traceback: the test fails
            assert exc.user_message()
            assert db_digest(hub) == before, (i, kind)
            refused += 1
            continue
        imported += 1
    print("fuzz", refused, imported, kinds)
    assert refused + imported == 1200
    assert refused > 900 and min(kinds.values()) > 100, (refused, kinds)
