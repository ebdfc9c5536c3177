"""Password hashing (argon2id via pwdlib) and JWT primitives (pyjwt, algorithm pinned).

No reflex or fastapi here; the auth service builds the rules (revocation, 2FA) on top.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from aurora_app.core.cache import BackendUnavailable
from aurora_app.core.config import get_settings

REQUIRED_CLAIMS = ["sub", "exp", "iat", "jti", "papel", "amr"]


@lru_cache
def password_hasher() -> PasswordHash:
    return PasswordHash((Argon2Hasher(),))


# argon2id costs ~100 ms of both cores and 64 MiB: at most one hash per core runs at a time in a
# process; a caller that cannot start within HASH_WAIT_SECONDS is shed (HasherBusy → 503) rather
# than queued without bound behind a burst.
HASH_SLOTS = max(1, os.cpu_count() or 1)
HASH_WAIT_SECONDS = 3.0
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


class HasherBusy(BackendUnavailable):
    """Every password-hash slot stayed busy for HASH_WAIT_SECONDS (answered 503 wherever it
    surfaces, as any unavailable backend; the login names it ``servidor_ocupado``)."""


def _with_slot(fn, *args):
    if not _hash_slots.acquire(timeout=HASH_WAIT_SECONDS):
        raise HasherBusy("todas as verificações de senha ocupadas")
    try:
        return fn(*args)
    finally:
        _hash_slots.release()


def hash_password(password: str) -> str:
    return _with_slot(password_hasher().hash, password)


def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """(valid, new_hash): new_hash is set when the stored hash should be upgraded."""
    return _with_slot(password_hasher().verify_and_update, password, hashed)


@dataclass(frozen=True)
class TokenClaims:
    sub: int
    papel: str
    amr: tuple[str, ...]
    jti: str
    iat: datetime
    exp: datetime


def create_access_token(
    *, user_id: int, papel: str, amr: list[str], now: datetime | None = None
) -> tuple[str, TokenClaims]:
    settings = get_settings()
    now = now or datetime.now(UTC)
    exp = now + timedelta(minutes=settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    claims = TokenClaims(sub=user_id, papel=papel, amr=tuple(amr), jti=uuid.uuid4().hex, iat=now, exp=exp)
    payload = {
        "sub": str(user_id),
        "papel": papel,
        "amr": list(amr),
        "jti": claims.jti,
        "iat": now.timestamp(),  # NumericDate may be fractional (RFC 7519): exact ordering vs. security changes
        "exp": int(exp.timestamp()),
    }
    return jwt.encode(payload, settings.SECRET_KEY, algorithm=settings.ALGORITHM), claims


def decode_access_token(token: str) -> TokenClaims:
    """Raises ``jwt.InvalidTokenError`` on anything wrong (alg, signature, expiry, missing claim)."""
    settings = get_settings()
    payload = jwt.decode(
        token,
        settings.SECRET_KEY,
        algorithms=[settings.ALGORITHM],
        options={"require": REQUIRED_CLAIMS},
    )
    try:
        amr = payload["amr"]
        if not isinstance(amr, list) or not all(isinstance(a, str) for a in amr):
            raise jwt.InvalidTokenError("amr")
        return TokenClaims(
            sub=int(payload["sub"]),
            papel=str(payload["papel"]),
            amr=tuple(amr),
            jti=str(payload["jti"]),
            iat=datetime.fromtimestamp(float(payload["iat"]), UTC),
            exp=datetime.fromtimestamp(int(payload["exp"]), UTC),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise jwt.InvalidTokenError("claims malformadas") from exc
