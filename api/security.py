"""API keys: `ck_<prefix>_<secret>`; the prefix finds the row, the SHA-256 of the whole key proves it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_SCHEME = "ck"
PREFIX_BYTES = 6
SECRET_BYTES = 24


@dataclass(frozen=True)
class NewKey:
    token: str
    """The key to hand to its user, once; only its hash is stored."""
    prefix: str
    key_hash: str


def hash_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def generate_key() -> NewKey:
    prefix = secrets.token_hex(PREFIX_BYTES)
    token = f"{KEY_SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewKey(token=token, prefix=prefix, key_hash=hash_key(token))


def key_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed key, else None."""
    scheme, _, rest = token.partition("_")
    prefix, _, secret = rest.partition("_")
    if scheme != KEY_SCHEME or len(prefix) != 2 * PREFIX_BYTES or not secret:
        return None
    return prefix


def key_matches(token: str, key_hash: str) -> bool:
    return hmac.compare_digest(hash_key(token), key_hash)
