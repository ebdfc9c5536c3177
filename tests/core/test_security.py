"""Primitives: argon2id hashing via pwdlib, JWT with the algorithm pinned and claims required."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from aurora_app.core import security
from aurora_app.core.config import get_settings

pytestmark = pytest.mark.no_db


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    from aurora_app.core.config import reset_settings_cache

    monkeypatch.setenv("SECRET_KEY", "core-test-secret-" + "z" * 40)
    monkeypatch.setenv("AURORA_ENV", "test")
    reset_settings_cache()
    yield
    reset_settings_cache()


def test_argon2id_hash_verify_and_no_truncation():
    long_pw = "ção-" * 100
    h = security.hash_password(long_pw)
    assert h.startswith("$argon2id$")
    assert security.verify_password(long_pw, h) == (True, None)
    assert security.verify_password(long_pw[:-1], h)[0] is False
    assert security.hash_password(long_pw) != h  # salted


def test_token_round_trip_and_claims():
    token, claims = security.create_access_token(user_id=7, papel="admin", amr=["pwd", "otp"])
    decoded = security.decode_access_token(token)
    assert (decoded.sub, decoded.papel, decoded.amr, decoded.jti) == (7, "admin", ("pwd", "otp"), claims.jti)
    # iat keeps microseconds: a token issued at the instant of a security change stays valid,
    # one issued a microsecond before is refused (tokens_validos_desde comparison).
    assert decoded.iat == claims.iat
    assert abs((decoded.exp - decoded.iat).total_seconds() - get_settings().ACCESS_TOKEN_EXPIRE_MINUTES * 60) < 1


@pytest.mark.parametrize("missing", security.REQUIRED_CLAIMS)
def test_every_claim_is_required(missing):
    now = datetime.now(UTC)
    payload = {
        "sub": "1",
        "papel": "vendedor",
        "amr": ["pwd"],
        "jti": "a" * 32,
        "iat": now.timestamp(),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    del payload[missing]
    with pytest.raises(jwt.InvalidTokenError):
        security.decode_access_token(jwt.encode(payload, get_settings().SECRET_KEY, algorithm="HS256"))


def test_algorithm_is_pinned():
    now = datetime.now(UTC)
    payload = {
        "sub": "1",
        "papel": "vendedor",
        "amr": ["pwd"],
        "jti": "a" * 32,
        "iat": now.timestamp(),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    for alg in ("HS384", "HS512"):
        with pytest.raises(jwt.InvalidTokenError):
            security.decode_access_token(jwt.encode(payload, get_settings().SECRET_KEY, algorithm=alg))
    unsigned = jwt.encode(payload, None, algorithm="none")
    with pytest.raises(jwt.InvalidTokenError):
        security.decode_access_token(unsigned)


def test_amr_must_be_a_list_of_strings():
    now = datetime.now(UTC)
    payload = {
        "sub": "1",
        "papel": "admin",
        "amr": "otp",
        "jti": "a" * 32,
        "iat": now.timestamp(),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    with pytest.raises(jwt.InvalidTokenError):
        security.decode_access_token(jwt.encode(payload, get_settings().SECRET_KEY, algorithm="HS256"))
