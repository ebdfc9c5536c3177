"""REST /api/v1/auth: status codes, bodies, headers; secrets never reach the logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pyotp
import pytest

from aurora_app.core.cache import reset_backends
from aurora_app.core.config import get_settings, reset_settings_cache
from aurora_app.core.logging import setup_logging
from tests.auth_helpers import clock_fixture  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD

API = "/api/v1/auth"


def _login(client, email, password=TEST_PASSWORD, otp=None, ip=None):
    body = {"email": email, "password": password}
    if otp is not None:
        body["otp"] = otp
    return client.post(f"{API}/login", json=body)


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_login_me_logout(client, make_user):
    user = make_user("gerente")
    r = _login(client, user.email)
    assert r.status_code == 200
    body = r.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 1800 and body["access_token"]
    me = client.get(f"{API}/me", headers=_bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json() == {"id": user.id, "email": user.email, "nome": user.nome, "papel": "gerente", "totp_ativo": False}
    assert client.post(f"{API}/logout", headers=_bearer(body["access_token"])).status_code == 204
    again = client.get(f"{API}/me", headers=_bearer(body["access_token"]))
    assert again.status_code == 401 and again.json()["code"] == "token_invalido"


def test_me_without_token(client):
    r = client.get(f"{API}/me")
    assert r.status_code == 401 and r.json()["code"] == "nao_autenticado"
    assert r.headers["x-content-type-options"] == "nosniff"


def test_enumeration_answer_is_identical(client, make_user):
    user = make_user("vendedor")
    a = _login(client, user.email, password="Senha-Errada-123")
    b = _login(client, "ninguem@aurora.test", password="Senha-Errada-123")
    assert a.status_code == b.status_code == 401
    assert a.json() == b.json() == {"detail": "E-mail ou senha incorretos.", "code": "credenciais_invalidas"}


def test_rate_limit_answers_429_with_retry_after(client, make_user):
    user, other = make_user("vendedor"), make_user("vendedor")
    for _ in range(5):
        assert _login(client, user.email, password="Senha-Errada-123").status_code == 401
    r = _login(client, user.email)
    assert r.status_code == 429 and r.json()["code"] == "muitas_tentativas"
    assert 1 <= int(r.headers["retry-after"]) <= 61
    assert _login(client, other.email).status_code == 200


def test_spoofed_forwarded_for_does_not_dodge_limits(client, make_user):
    user = make_user("vendedor")
    for i in range(5):
        r = client.post(
            f"{API}/login",
            json={"email": user.email, "password": "Senha-Errada-123"},
            headers={"X-Forwarded-For": f"10.9.8.{i}"},
        )
        assert r.status_code == 401
    r = client.post(
        f"{API}/login", json={"email": user.email, "password": TEST_PASSWORD}, headers={"X-Forwarded-For": "10.9.8.200"}
    )
    assert r.status_code == 429


def test_redis_down_gives_503(client, make_user, monkeypatch):
    user = make_user("vendedor")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings_cache()
    reset_backends()
    r = _login(client, user.email)
    assert r.status_code == 503 and r.json()["code"] == "servico_indisponivel" and r.headers["retry-after"]


def test_oversized_password_is_refused_without_work(client, make_user):
    user = make_user("vendedor")
    r = _login(client, user.email, password="x" * 5000)
    assert r.status_code == 422


def test_two_factor_flow_over_rest(client, make_user, clock):
    user = make_user("admin")
    token = _login(client, user.email).json()["access_token"]
    assert (
        client.post(f"{API}/2fa/setup", json={"password": "Senha-Errada-123"}, headers=_bearer(token)).status_code
        == 401
    )
    setup = client.post(f"{API}/2fa/setup", json={"password": TEST_PASSWORD}, headers=_bearer(token))
    assert setup.status_code == 200
    data = setup.json()
    assert set(data) == {"secret", "otpauth_uri", "qr_png_base64"}
    secret = data["secret"]
    wrong = "000000" if clock.code(secret) != "000000" else "111111"
    bad = client.post(f"{API}/2fa/ativar", json={"otp": wrong}, headers=_bearer(token))
    assert bad.status_code == 400 and bad.json()["code"] == "otp_invalido"
    ok = client.post(f"{API}/2fa/ativar", json={"otp": clock.code(secret)}, headers=_bearer(token))
    assert ok.status_code == 200 and len(ok.json()["recovery_codes"]) == 10
    # The 2FA change ended the old session.
    assert client.get(f"{API}/me", headers=_bearer(token)).status_code == 401
    clock.advance(30)
    r = _login(client, user.email)
    assert r.status_code == 401 and r.json()["code"] == "otp_requerido"
    wrong = "000000" if clock.code(secret) != "000000" else "111111"
    r = _login(client, user.email, otp=wrong)
    assert r.status_code == 401 and r.json()["code"] == "otp_invalido"
    code = clock.code(secret)
    r = _login(client, user.email, otp=code)
    assert r.status_code == 200
    token2 = r.json()["access_token"]
    assert client.get(f"{API}/me", headers=_bearer(token2)).json()["totp_ativo"] is True
    replay = _login(client, user.email, otp=code)
    assert replay.status_code == 401 and replay.json()["code"] == "otp_invalido"
    clock.advance(30)
    off = client.post(
        f"{API}/2fa/desativar", json={"password": TEST_PASSWORD, "otp": clock.code(secret)}, headers=_bearer(token2)
    )
    assert off.status_code == 204
    assert client.get(f"{API}/me", headers=_bearer(token2)).status_code == 401
    assert _login(client, user.email).status_code == 200


def test_password_change_over_rest(client, make_user):
    user = make_user("vendedor")
    token = _login(client, user.email).json()["access_token"]
    weak = client.post(
        f"{API}/senha", json={"senha_atual": TEST_PASSWORD, "nova_senha": "12345678"}, headers=_bearer(token)
    )
    assert weak.status_code == 422 and weak.json()["code"] == "senha_fraca"
    r = client.post(
        f"{API}/senha",
        json={"senha_atual": TEST_PASSWORD, "nova_senha": "Nova-Frase-Secreta-42"},
        headers=_bearer(token),
    )
    assert r.status_code == 200
    assert client.get(f"{API}/me", headers=_bearer(token)).status_code == 401
    assert client.get(f"{API}/me", headers=_bearer(r.json()["access_token"])).status_code == 200


def test_no_secret_reaches_logs(client, make_user, clock, caplog, tmp_path, monkeypatch):
    log_dir = tmp_path / "logs"
    monkeypatch.setenv("LOG_DIR", str(log_dir))
    reset_settings_cache()
    setup_logging(force=True)
    caplog.set_level(logging.DEBUG)
    try:
        user = make_user("admin")
        secrets_seen: list[str] = [TEST_PASSWORD, "Senha-Errada-123"]
        assert _login(client, user.email, password="Senha-Errada-123").status_code == 401
        token = _login(client, user.email).json()["access_token"]
        secrets_seen.append(token)
        data = client.post(f"{API}/2fa/setup", json={"password": TEST_PASSWORD}, headers=_bearer(token)).json()
        secrets_seen += [data["secret"], data["qr_png_base64"][:40]]
        code = clock.code(data["secret"])
        act = client.post(f"{API}/2fa/ativar", json={"otp": code}, headers=_bearer(token)).json()
        secrets_seen += [code, *act["recovery_codes"], act["access_token"]]
        clock.advance(30)
        code2 = clock.code(data["secret"])
        r = _login(client, user.email, otp=code2)
        secrets_seen += [code2, r.json()["access_token"]]
        assert _login(client, user.email, otp=act["recovery_codes"][0]).status_code == 200
        captured = caplog.text  # everything the app and its libraries logged, before redaction
        # A careless log line of a request body is still scrubbed by the file handlers.
        logging.getLogger("aurora.test").info("login body %s", json.dumps({"password": TEST_PASSWORD, "otp": code}))
    finally:
        for h in logging.getLogger().handlers:
            h.flush()
    files = "".join(p.read_text() for p in Path(log_dir).glob("*.log"))
    assert files, "the logging setup should have written something"
    for secret in secrets_seen:
        assert secret not in files, f"secret in log files: {secret[:6]}…"
    for secret in secrets_seen:
        assert secret not in captured, f"secret in captured logs: {secret[:6]}…"
    assert get_settings().SECRET_KEY not in files


@pytest.mark.parametrize("path", ["/2fa/setup", "/2fa/ativar", "/2fa/desativar", "/senha", "/logout"])
def test_protected_endpoints_need_a_token(client, path):
    r = client.post(f"{API}{path}", json={"password": "x", "otp": "123456", "senha_atual": "x", "nova_senha": "y"})
    assert r.status_code == 401


def test_totp_codes_from_pyotp_match_the_server_uri(client, make_user, clock):
    user = make_user("admin")
    token = _login(client, user.email).json()["access_token"]
    uri = client.post(f"{API}/2fa/setup", json={"password": TEST_PASSWORD}, headers=_bearer(token)).json()[
        "otpauth_uri"
    ]
    parsed = pyotp.parse_uri(uri)
    assert parsed.issuer == "Aurora" and parsed.name == user.email and parsed.digits == 6 and parsed.interval == 30


def test_totp_secret_is_stored_encrypted_and_login_still_works(client, make_user, clock):
    from sqlalchemy import create_engine, text

    from aurora_app.core import crypto

    user = make_user("admin")
    token = _login(client, user.email).json()["access_token"]
    secret = client.post(f"{API}/2fa/setup", json={"password": TEST_PASSWORD}, headers=_bearer(token)).json()["secret"]
    assert client.post(f"{API}/2fa/ativar", json={"otp": clock.code(secret)}, headers=_bearer(token)).status_code == 200
    engine = create_engine(get_settings().DATABASE_URL)  # the raw column, as a database dump would show it
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT totp_secret FROM usuario WHERE id = :id"), {"id": user.id}).scalar_one()
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM usuario")) for v in row)
        audit = " ".join(str(v) for row in conn.execute(text("SELECT * FROM auditoria")) for v in row)
    engine.dispose()
    assert secret not in stored and secret not in dump and secret not in audit
    assert stored.startswith(crypto.TOKEN_PREFIX) and crypto.decrypt(stored) == secret
    clock.advance(30)
    r = _login(client, user.email, otp=pyotp.TOTP(secret).at(clock.now))
    assert r.status_code == 200
    assert client.get(f"{API}/me", headers=_bearer(r.json()["access_token"])).json()["totp_ativo"] is True


def test_unreadable_secret_is_a_503_not_a_crash(client, make_user, clock, monkeypatch):
    from cryptography.fernet import Fernet

    user = make_user("admin")
    token = _login(client, user.email).json()["access_token"]
    secret = client.post(f"{API}/2fa/setup", json={"password": TEST_PASSWORD}, headers=_bearer(token)).json()["secret"]
    assert client.post(f"{API}/2fa/ativar", json={"otp": clock.code(secret)}, headers=_bearer(token)).status_code == 200
    clock.advance(30)
    monkeypatch.setenv("DATA_ENCRYPTION_KEY", Fernet.generate_key().decode())  # the key that encrypted it is gone
    reset_settings_cache()
    r = _login(client, user.email, otp=clock.code(secret))
    assert r.status_code == 503 and r.json()["code"] == "chave_indisponivel"
    assert secret not in r.text
