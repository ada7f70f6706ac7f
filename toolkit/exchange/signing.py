"""Each installation's Ed25519 signing key: who made a package, and who wrote a receipt.

The key is made once per data folder (schema migration 6, so on first run and on the first
start of an upgraded installation) and kept in the database's meta table, so every backup of
the data folder carries it and a restored laptop keeps signing as itself. An Ed25519 private
key is 32 random bytes (RFC 8032, 5.1.5), which the migration draws from os.urandom without
loading any cryptography at start-up; the public key is derived from it when first needed.
Everything else is pycryptodomex's EdDSA ("pure" Ed25519); nothing is hand-made.

A fingerprint is the first 96 bits of the SHA-256 of the raw public key, in six groups of
four hex digits: short enough to read over the phone, long enough that nobody can make a
key to match one.
"""

from __future__ import annotations

import hashlib

from toolkit.store.migrations import SEED_KEY

_PUBLIC: dict[str, str] = {}  # seed -> public key, derived once per process


def public_from_seed(seed_hex: str) -> str:
    public = _PUBLIC.get(seed_hex)
    if public is None:
        from Cryptodome.Signature import eddsa

        key = eddsa.import_private_key(bytes.fromhex(seed_hex))
        public = _PUBLIC[seed_hex] = key.public_key().export_key(format="raw").hex()
    return public


def fingerprint(public_key_hex: str) -> str:
    digest = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:24].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 24, 4))


def public_key(store) -> str:
    """This installation's public key (hex)."""
    return public_from_seed(store.meta(SEED_KEY))


def sign(store, data: bytes) -> str:
    """Ed25519 signature (hex) of `data` with this installation's key."""
    from Cryptodome.Signature import eddsa

    seed = store.meta(SEED_KEY)
    key = eddsa.import_private_key(bytes.fromhex(seed))
    return eddsa.new(key, "rfc8032").sign(data).hex()


def sign_with_seed(seed_hex: str, data: bytes) -> str:
    from Cryptodome.Signature import eddsa

    key = eddsa.import_private_key(bytes.fromhex(seed_hex))
    return eddsa.new(key, "rfc8032").sign(data).hex()


_KEYS: dict[str, object] = {}  # public key hex -> imported key (decoding a point is slow)


def verify(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """True when `signature_hex` is a valid signature of `data` by that key."""
    from Cryptodome.Signature import eddsa

    try:
        key = _KEYS.get(public_key_hex)
        if key is None:
            key = eddsa.import_public_key(bytes.fromhex(public_key_hex))
            if len(_KEYS) < 256:
                _KEYS[public_key_hex] = key
        eddsa.new(key, "rfc8032").verify(data, bytes.fromhex(signature_hex))
    except ValueError:  # not a point on the curve, or the signature does not verify
        return False
    return True
