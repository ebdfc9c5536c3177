"""Short secrets at rest (the TOTP secret): Fernet (AES-128-CBC + HMAC-SHA256) under DATA_ENCRYPTION_KEY.

The key is separate from SECRET_KEY, so a leaked JWT key does not open the database's secrets
and the JWT key can be rotated without touching them. DATA_ENCRYPTION_KEY is a comma-separated
list: the first key encrypts, every key decrypts (``MultiFernet``), so "new,old" rotates;
``rotate-data-key`` then re-encrypts what the old key still opens, and the old key can go.

A stored value is a Fernet token (text starting with ``gAAAAA``: version byte 0x80 and a
timestamp). A plain base32 TOTP secret (A-Z, 2-7) can never look like one. Decryption never
falls back to plain text: whoever can write the database but lacks the key cannot plant a
secret of their own.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from aurora_app.core.config import get_settings, split_keys

TOKEN_PREFIX = "gAAAAA"  # noqa: S105 - the start of every Fernet token, not a secret


class SecretUnreadable(RuntimeError):
    """No key of DATA_ENCRYPTION_KEY opens a stored value (a key was removed or lost, or it is not a token)."""


@lru_cache(maxsize=8)
def _fernets(keys: str) -> tuple[Fernet, ...]:
    return tuple(Fernet(k) for k in split_keys(keys))


def _keys(keys: str | None) -> tuple[Fernet, ...]:
    fernets = _fernets(keys if keys is not None else get_settings().DATA_ENCRYPTION_KEY)
    if not fernets:
        raise SecretUnreadable("DATA_ENCRYPTION_KEY vazia.")
    return fernets


def is_encrypted(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def encrypt(plain: str, *, keys: str | None = None) -> str:
    """Encrypts with the first key. ``keys`` overrides the settings (migrations, tests)."""
    return _keys(keys)[0].encrypt(plain.encode()).decode()


def decrypt(token: str, *, keys: str | None = None) -> str:
    """Decrypts with any key of the list; ``SecretUnreadable`` when none opens it."""
    try:
        return MultiFernet(list(_keys(keys))).decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("nenhuma chave de DATA_ENCRYPTION_KEY decifra este valor") from None


def reencrypt(value: str, *, keys: str | None = None) -> str | None:
    """The value under the first key, or None when it already is (so a rerun rewrites nothing).

    A plain value (not a Fernet token) is encrypted; a token of an older key is re-encrypted.
    """
    fernets = _keys(keys)
    if not is_encrypted(value):
        return fernets[0].encrypt(value.encode()).decode()
    try:
        fernets[0].decrypt(value.encode())
    except InvalidToken:
        return fernets[0].encrypt(decrypt(value, keys=keys).encode()).decode()
    return None
