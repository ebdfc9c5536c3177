"""Secrets at rest: Fernet under DATA_ENCRYPTION_KEY, rotation with "new,old", no plain-text fallback."""

import pyotp
import pytest
from cryptography.fernet import Fernet

from aurora_app.core import crypto
from aurora_app.core.config import reset_settings_cache

pytestmark = pytest.mark.no_db

NEW = Fernet.generate_key().decode()
OLD = Fernet.generate_key().decode()
SECRET = pyotp.random_base32(length=32)


def test_round_trip_hides_the_secret():
    token = crypto.encrypt(SECRET, keys=NEW)
    assert SECRET not in token and token.startswith(crypto.TOKEN_PREFIX)
    assert 100 < len(token) <= 255  # fits the widened column
    assert crypto.decrypt(token, keys=NEW) == SECRET
    assert crypto.encrypt(SECRET, keys=NEW) != token  # random IV: equal secrets do not show


def test_settings_key_is_used_by_default(monkeypatch):
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", NEW)
    reset_settings_cache()
    try:
        token = crypto.encrypt(SECRET)
        assert crypto.decrypt(token, keys=NEW) == SECRET
    finally:
        reset_settings_cache()


def test_rotation_new_old_reads_both_and_writes_with_the_first():
    from_old = crypto.encrypt(SECRET, keys=OLD)
    rotating = f"{NEW},{OLD}"
    assert crypto.decrypt(from_old, keys=rotating) == SECRET
    fresh = crypto.encrypt(SECRET, keys=rotating)
    assert crypto.decrypt(fresh, keys=NEW) == SECRET  # the first key encrypts
    rewritten = crypto.reencrypt(from_old, keys=rotating)
    assert rewritten is not None and crypto.decrypt(rewritten, keys=NEW) == SECRET
    assert crypto.reencrypt(rewritten, keys=rotating) is None  # idempotent: already under the first key
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(from_old, keys=NEW)  # the old key dropped: its tokens no longer open


def test_wrong_key_and_plain_text_are_refused():
    token = crypto.encrypt(SECRET, keys=OLD)
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token, keys=NEW)
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(SECRET, keys=NEW)  # no plain-text fallback: a planted secret is not accepted
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token[:-4] + "AAAA", keys=OLD)  # tampered


def test_plain_secret_is_recognised_and_encrypted_by_reencrypt():
    assert not crypto.is_encrypted(SECRET)
    token = crypto.reencrypt(SECRET, keys=NEW)
    assert token is not None and crypto.is_encrypted(token)
    assert crypto.decrypt(token, keys=NEW) == SECRET
