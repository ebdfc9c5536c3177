"""Auth service rules (the functions both the REST routes and the Reflex states call)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select, update

from aurora_app.core import security
from aurora_app.core.cache import BackendUnavailable, reset_backends
from aurora_app.core.config import get_settings, reset_settings_cache
from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria, CodigoRecuperacao, Usuario
from aurora_app.services import auth, usuarios
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import BadRequest, Conflict, Invalid, TooManyRequests, Unauthorized, Unavailable
from tests.auth_helpers import CTX, clock_fixture, enroll, login_actor  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD


def _user_row(user_id: int) -> Usuario:
    with session_scope() as session:
        return session.get(Usuario, user_id)


def _acoes(**where) -> list[str]:
    with session_scope() as session:
        q = select(Auditoria.acao).order_by(Auditoria.id)
        for k, v in where.items():
            q = q.where(getattr(Auditoria, k) == v)
        return list(session.execute(q).scalars())


# ---- passwords ----------------------------------------------------------------------------


def test_login_issues_token_with_required_claims(make_user):
    user = make_user("vendedor")
    out = auth.login(email=user.email.upper() + "  ", password=TEST_PASSWORD, ctx=CTX)
    assert out.token_type == "bearer" and out.expires_in == get_settings().ACCESS_TOKEN_EXPIRE_MINUTES * 60
    payload = jwt.decode(out.access_token, get_settings().SECRET_KEY, algorithms=[get_settings().ALGORITHM])
    assert set(security.REQUIRED_CLAIMS) <= set(payload)
    assert payload["amr"] == ["pwd"] and payload["papel"] == "vendedor" and payload["sub"] == str(user.id)
    assert _user_row(user.id).ultimo_login_em is not None


def test_long_password_is_not_truncated(make_user):
    long_pw = "frase longa de verdade " * 20  # 460 chars, beyond bcrypt's 72 bytes
    user = make_user("vendedor", password=long_pw)
    assert auth.login(email=user.email, password=long_pw, ctx=CTX).access_token
    with pytest.raises(Unauthorized):
        auth.login(email=user.email, password=long_pw[:72], ctx=RequestContext(ip="198.51.100.1"))


@pytest.mark.parametrize("bad", ["curta1", "12345678", "password123", "aaaaaaaaaaaa", "Senha123"])
def test_password_policy(make_user, bad):
    with pytest.raises(Invalid) as exc:
        make_user("vendedor", password=bad)
    assert exc.value.code == "senha_fraca"


def test_hash_is_argon2id_and_upgraded_on_login(make_user):
    user = make_user("vendedor")
    assert _user_row(user.id).senha_hash.startswith("$argon2id$")
    weak = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8192),)).hash(TEST_PASSWORD)
    with session_scope() as session:
        session.execute(update(Usuario).where(Usuario.id == user.id).values(senha_hash=weak))
    auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    upgraded = _user_row(user.id).senha_hash
    assert upgraded != weak and "m=65536" in upgraded
    assert auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)


def test_unknown_email_and_wrong_password_answer_the_same(make_user, monkeypatch):
    user = make_user("vendedor")
    calls = []
    real = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda p, h: calls.append(h) or real(p, h))
    answers = set()
    timings: dict[str, list[float]] = {"conhecido": [], "desconhecido": []}
    for i in range(4):  # alternate, and compare the fastest of each: robust to a busy machine
        for kind, email in (("conhecido", user.email), ("desconhecido", "ninguem@aurora.test")):
            start = time.perf_counter()
            with pytest.raises(Unauthorized) as exc:
                auth.login(email=email, password="Senha-Errada-123", ctx=RequestContext(ip=f"198.51.100.{10 + i}"))
            timings[kind].append(time.perf_counter() - start)
            answers.add((exc.value.status, exc.value.code, exc.value.detail))
    assert answers == {(401, "credenciais_invalidas", auth.CREDENCIAIS_INVALIDAS)}
    assert len(calls) == 8  # the unknown email was verified against a dummy hash too
    assert all(h.startswith("$argon2id$") for h in calls)
    fastest = [min(v) for v in timings.values()]
    assert max(fastest) / min(fastest) < 2, timings


def test_inactive_user_gets_the_same_answer(make_user):
    user = make_user("vendedor")
    with session_scope() as session:
        session.execute(update(Usuario).where(Usuario.id == user.id).values(ativo=False))
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    assert exc.value.code == "credenciais_invalidas"


def test_login_audit_has_email_ip_agent_and_no_secret(make_user):
    user = make_user("vendedor")
    auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.login(email="tentativa@aurora.test", password="Senha-Errada-123", ctx=CTX)
    with session_scope() as session:
        rows = (
            session.execute(select(Auditoria).where(Auditoria.acao.in_(["login_sucesso", "login_falha"])))
            .scalars()
            .all()
        )
    by = {r.acao: r for r in rows}
    assert by["login_sucesso"].usuario_id == user.id and by["login_sucesso"].ip == CTX.ip
    assert by["login_falha"].email == "tentativa@aurora.test" and by["login_falha"].user_agent == CTX.user_agent
    dump = " ".join(str(r.model_dump()) for r in rows)
    assert TEST_PASSWORD not in dump and "Senha-Errada-123" not in dump and "$argon2" not in dump


# ---- rate limits (the service the Reflex login calls) -------------------------------------


def test_login_limited_per_account_and_ip(make_user):
    victim, other = make_user("vendedor"), make_user("vendedor")
    for _ in range(5):
        with pytest.raises(Unauthorized):
            auth.login(email=victim.email, password="Senha-Errada-123", ctx=CTX)
    with pytest.raises(TooManyRequests) as exc:
        auth.login(email=victim.email, password=TEST_PASSWORD, ctx=CTX)  # even the right password
    assert exc.value.status == 429 and exc.value.code == "muitas_tentativas"
    assert 1 <= int(exc.value.headers["Retry-After"]) <= 61 and "Aguarde" in exc.value.detail
    # Other accounts from the same IP, and the same account from another IP, are unaffected.
    assert auth.login(email=other.email, password=TEST_PASSWORD, ctx=CTX)
    assert auth.login(email=victim.email, password=TEST_PASSWORD, ctx=RequestContext(ip="198.51.100.99"))
    assert "login_limitado" in _acoes()


def test_successful_logins_do_not_lock_the_account(make_user):
    user = make_user("vendedor")
    for _ in range(8):
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)


def test_login_limited_per_ip_across_accounts(make_user):
    ip = RequestContext(ip="192.0.2.50")
    for i in range(20):  # LOGIN_RULE_IP
        with pytest.raises(Unauthorized):
            auth.login(email=f"alvo{i}@aurora.test", password="Senha-Errada-123", ctx=ip)
    user = make_user("vendedor")
    with pytest.raises(TooManyRequests):
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=ip)
    assert auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)


def test_rajada_de_logins_de_um_ip_nao_passa_do_limite(monkeypatch):
    """40 simultaneous logins from one IP (issue 11 #2): the attempts are counted before the
    password check, so no more checks run than the IP's limit allows; the rest are 429 at once."""
    from concurrent.futures import ThreadPoolExecutor

    verificacoes = []
    real = auth.verify_password

    def contando(password, stored):
        verificacoes.append(1)
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", contando)
    ip = RequestContext(ip="192.0.2.77")
    largada = threading.Barrier(40)

    def tenta(i):
        largada.wait()
        try:
            auth.login(email=f"rajada{i}@aurora.test", password="Senha-Errada-123", ctx=ip)
        except (Unauthorized, TooManyRequests, Unavailable) as exc:  # 503: shed by busy hashers
            return exc.status
        return 200

    with ThreadPoolExecutor(40) as pool:
        status = list(pool.map(tenta, range(40)))
    assert len(verificacoes) <= 20  # LOGIN_RULE_IP
    assert status.count(401) + status.count(503) == len(verificacoes)
    assert status.count(429) == 40 - len(verificacoes) and status.count(401) >= 1
    assert get_cache_value(f"login_em_curso|{ip.ip}") in (None, "0")  # nothing left counted as in flight


def get_cache_value(key):
    from aurora_app.core.cache import get_cache

    return get_cache().get(key)


def test_verificacoes_de_senha_ocupadas_respondem_503(make_user, monkeypatch):
    user = make_user("vendedor")
    monkeypatch.setattr(security, "HASH_WAIT_SECONDS", 0.05)
    tomados = 0
    try:
        for _ in range(security.HASH_SLOTS):
            assert security._hash_slots.acquire(timeout=5)
            tomados += 1
        with pytest.raises(Unavailable) as exc:
            auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
        assert exc.value.status == 503 and exc.value.code == "servidor_ocupado"
        assert exc.value.headers["Retry-After"] == "2"
    finally:
        for _ in range(tomados):
            security._hash_slots.release()
    assert auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)


def test_redis_down_fails_closed(make_user, monkeypatch):
    user = make_user("vendedor")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # closed port
    reset_settings_cache()
    reset_backends()
    start = time.perf_counter()
    with pytest.raises(BackendUnavailable):
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    assert time.perf_counter() - start < 2


# ---- tokens -------------------------------------------------------------------------------


def _forge(payload: dict, key: str | None = None, alg: str = "HS256", headers: dict | None = None) -> str:
    return jwt.encode(payload, key or get_settings().SECRET_KEY, algorithm=alg, headers=headers)


def _claims(user, **over) -> dict:
    now = datetime.now(UTC)
    base = {
        "sub": str(user.id),
        "papel": user.papel,
        "amr": ["pwd"],
        "jti": "x" * 32,
        "iat": now.timestamp(),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def test_forged_tokens_are_refused(make_user):
    user = make_user("admin")
    good = _forge(_claims(user))
    assert auth.actor_from_token(good).id == user.id
    header, payload, sig = good.split(".")
    alg_none = jwt.api_jws.base64url_encode(b'{"alg":"none","typ":"JWT"}').decode() + "." + payload + "."
    other_alg = _forge(_claims(user), alg="HS512")
    wrong_key = _forge(_claims(user), key="outra-chave-" + "y" * 40)
    tampered_payload = jwt.api_jws.base64url_encode(
        jwt.api_jws.base64url_decode(payload).replace(b'"pwd"', b'"otp"')
    ).decode()
    tampered = f"{header}.{tampered_payload}.{sig}"
    expired = _forge(_claims(user, exp=int((datetime.now(UTC) - timedelta(seconds=5)).timestamp())))
    missing_exp = _forge(_claims(user, exp=None))
    missing_jti = _forge(_claims(user, jti=None))
    for bad in (alg_none, other_alg, wrong_key, tampered, expired, missing_exp, missing_jti, "lixo", ""):
        with pytest.raises(Unauthorized):
            auth.actor_from_token(bad)


def test_logout_revokes_only_that_token(make_user):
    user = make_user("vendedor")
    t1, _ = login_actor(user)
    t2, _ = login_actor(user)
    auth.logout(token=t1, ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.actor_from_token(t1)
    assert auth.actor_from_token(t2).id == user.id
    with pytest.raises(Unauthorized):
        auth.logout(token=t1, ctx=CTX)
    assert "logout" in _acoes(usuario_id=user.id)


def test_password_change_revokes_earlier_tokens(make_user):
    user = make_user("vendedor")
    old, actor = login_actor(user)
    other_session, _ = login_actor(user)
    with pytest.raises(Unauthorized):
        auth.change_password(actor=actor, senha_atual="errada-errada", nova_senha="Outra-Frase-Longa-7", ctx=CTX)
    with pytest.raises(Invalid):
        auth.change_password(actor=actor, senha_atual=TEST_PASSWORD, nova_senha="12345678", ctx=CTX)
    new = auth.change_password(actor=actor, senha_atual=TEST_PASSWORD, nova_senha="Outra-Frase-Longa-7", ctx=CTX)
    for t in (old, other_session):
        with pytest.raises(Unauthorized):
            auth.actor_from_token(t)
    assert auth.actor_from_token(new.access_token).id == user.id
    with pytest.raises(Unauthorized):
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    assert auth.login(email=user.email, password="Outra-Frase-Longa-7", ctx=CTX)


def test_deactivation_revokes_tokens(make_user, clock):
    admin = make_user("admin")
    _, _, admin_token = enroll(admin, clock)
    admin_actor = auth.actor_from_token(admin_token)
    user = make_user("vendedor")
    token, _ = login_actor(user)
    usuarios.update_user(actor=admin_actor, user_id=user.id, ativo=False, ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token)
    usuarios.update_user(actor=admin_actor, user_id=user.id, ativo=True, ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token)  # reactivation does not revive old tokens


# ---- second factor ------------------------------------------------------------------------


def test_totp_enrollment_and_login(make_user, clock):
    user = make_user("admin")
    token_before, actor = login_actor(user)
    setup = auth.totp_setup(actor=actor, password=TEST_PASSWORD, ctx=CTX)
    assert len(setup.secret) == 32  # base32 × 32 = 160 bits
    assert setup.otpauth_uri.startswith("otpauth://totp/Aurora:") and "issuer=Aurora" in setup.otpauth_uri
    import base64

    assert base64.b64decode(setup.qr_png_base64)[:8] == b"\x89PNG\r\n\x1a\n"
    assert not _user_row(user.id).totp_ativo  # pending until confirmed
    with pytest.raises(BadRequest) as exc:
        auth.totp_activate(actor=actor, otp="000000" if clock.code(setup.secret) != "000000" else "111111", ctx=CTX)
    assert exc.value.code == "otp_invalido" and exc.value.status == 400
    act = auth.totp_activate(actor=actor, otp=clock.code(setup.secret), ctx=CTX)
    assert len(act.recovery_codes) == 10 and len(set(act.recovery_codes)) == 10
    with session_scope() as session:
        stored = (
            session.execute(select(CodigoRecuperacao.codigo_hash).where(CodigoRecuperacao.usuario_id == user.id))
            .scalars()
            .all()
        )
    assert len(stored) == 10 and not set(act.recovery_codes) & set(stored)
    # The 2FA change revokes the earlier token; the activation's token passed 2FA.
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token_before)
    assert auth.actor_from_token(act.token.access_token).amr == ("pwd", "otp")

    clock.advance(30)
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)
    assert exc.value.code == "otp_requerido"
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password="Senha-Errada-123", otp=clock.code(setup.secret), ctx=CTX)
    assert exc.value.code == "credenciais_invalidas"  # the password is checked first
    out = auth.login(email=user.email, password=TEST_PASSWORD, otp=clock.code(setup.secret), ctx=CTX)
    assert auth.actor_from_token(out.access_token).passed_2fa
    assert {"2fa_setup", "2fa_ativado", "login_sucesso"} <= set(_acoes(usuario_id=user.id))


def test_totp_replay_and_drift(make_user, clock):
    user = make_user("gerente")
    secret, _, _ = enroll(user, clock)
    code = clock.code(secret)
    assert auth.verify_second_factor(user_id=user.id, code=code, ctx=CTX, purpose="t") == "totp"
    with pytest.raises(Unauthorized) as exc:
        auth.verify_second_factor(user_id=user.id, code=code, ctx=CTX, purpose="t")  # same step again
    assert exc.value.code == "otp_invalido"
    # A code of an older step than the last used is refused even within the drift window.
    with pytest.raises(Unauthorized):
        auth.verify_second_factor(user_id=user.id, code=clock.code(secret, -30), ctx=CTX, purpose="t")
    # One step ahead is accepted (clock drift); two steps are not.
    assert auth.verify_second_factor(user_id=user.id, code=clock.code(secret, +30), ctx=CTX, purpose="t") == "totp"
    clock.advance(120)
    with pytest.raises(Unauthorized):
        auth.verify_second_factor(
            user_id=user.id, code=clock.code(secret, +60), ctx=RequestContext(ip="198.51.100.3"), purpose="t"
        )
    assert auth.verify_second_factor(
        user_id=user.id, code=clock.code(secret, -30), ctx=RequestContext(ip="198.51.100.3"), purpose="t"
    )


def test_concurrent_submissions_of_one_code_give_one_success(make_user, clock):
    user = make_user("admin")
    secret, _, _ = enroll(user, clock)
    code = clock.code(secret)
    n = 5  # a sixth would trip the 5-strike lock: replays count as wrong codes
    barrier = threading.Barrier(n)
    results: list[str] = []

    def submit(i: int) -> None:
        ctx = RequestContext(ip=f"198.51.100.{20 + i}")
        barrier.wait()
        try:
            results.append(auth.verify_second_factor(user_id=user.id, code=code, ctx=ctx, purpose="t"))
        except Unauthorized as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["otp_invalido"] * (n - 1) + ["totp"]


def test_concurrent_logins_with_one_code_give_one_token(make_user, clock):
    user = make_user("admin")
    secret, _, _ = enroll(user, clock)
    code = clock.code(secret)
    barrier = threading.Barrier(4)
    results: list[str] = []

    def submit(i: int) -> None:
        barrier.wait()
        try:
            auth.login(
                email=user.email, password=TEST_PASSWORD, otp=code, ctx=RequestContext(ip=f"198.51.100.{40 + i}")
            )
            results.append("ok")
        except Unauthorized as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "otp_invalido", "otp_invalido", "otp_invalido"]


def test_recovery_code_works_once(make_user, clock):
    user = make_user("admin")
    _, codes, _ = enroll(user, clock)
    out = auth.login(email=user.email, password=TEST_PASSWORD, otp=codes[0].lower().replace("-", " "), ctx=CTX)
    assert auth.actor_from_token(out.access_token).passed_2fa
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=TEST_PASSWORD, otp=codes[0], ctx=RequestContext(ip="198.51.100.5"))
    assert exc.value.code == "otp_invalido"
    assert "codigo_recuperacao_usado" in _acoes(usuario_id=user.id)
    assert auth.recovery_codes_left(auth.actor_from_token(out.access_token)) == 9


def test_five_wrong_codes_lock_the_second_factor(make_user, clock):
    user = make_user("admin")
    secret, _, _ = enroll(user, clock)
    good = clock.code(secret)
    wrong = "123456" if good != "123456" else "654321"
    for i in range(4):
        with pytest.raises(Unauthorized) as exc:
            auth.verify_second_factor(
                user_id=user.id, code=wrong, ctx=RequestContext(ip=f"198.51.100.{60 + i}"), purpose="t"
            )
        assert exc.value.code == "otp_invalido"
    with pytest.raises(TooManyRequests) as exc:
        auth.verify_second_factor(user_id=user.id, code=wrong, ctx=RequestContext(ip="198.51.100.70"), purpose="t")
    assert exc.value.code == "otp_bloqueado" and "15 minutos" in exc.value.detail
    assert int(exc.value.headers["Retry-After"]) == 900
    # Locked: even the right code, from anywhere, is refused; the lock is audited.
    with pytest.raises(TooManyRequests) as exc:
        auth.login(email=user.email, password=TEST_PASSWORD, otp=good, ctx=RequestContext(ip="198.51.100.71"))
    assert exc.value.code == "otp_bloqueado" and "minuto" in exc.value.detail
    assert "otp_bloqueado" in _acoes(usuario_id=user.id)
    # After 15 minutes the lock is gone.
    with session_scope() as session:
        session.execute(
            update(Usuario)
            .where(Usuario.id == user.id)
            .values(totp_bloqueado_ate=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert auth.login(email=user.email, password=TEST_PASSWORD, otp=good, ctx=RequestContext(ip="198.51.100.72"))


def test_code_attempts_are_rate_limited_per_account_and_ip(make_user, clock):
    user = make_user("admin")
    secret, _, _ = enroll(user, clock)
    with session_scope() as session:  # keep the 5-strike lock out of the way for this test
        session.execute(update(Usuario).where(Usuario.id == user.id).values(totp_falhas=-100))
    ip = RequestContext(ip="198.51.100.80")
    wrong = "000000" if clock.code(secret) != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(Unauthorized):
            auth.verify_second_factor(user_id=user.id, code=wrong, ctx=ip, purpose="t")
    with pytest.raises(TooManyRequests) as exc:
        auth.verify_second_factor(user_id=user.id, code=clock.code(secret), ctx=ip, purpose="t")
    assert exc.value.code == "muitas_tentativas"
    # Another IP still gets its own attempts.
    assert auth.verify_second_factor(user_id=user.id, code=clock.code(secret), ctx=CTX, purpose="t") == "totp"


def test_totp_deactivation_needs_password_and_code_and_revokes(make_user, clock):
    user = make_user("admin")
    secret, codes, token = enroll(user, clock)
    actor = auth.actor_from_token(token)
    with pytest.raises(Unauthorized):
        auth.totp_deactivate(actor=actor, password="Senha-Errada-123", otp=clock.code(secret), ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.totp_deactivate(
            actor=actor, password=TEST_PASSWORD, otp="999999" if clock.code(secret) != "999999" else "111111", ctx=CTX
        )
    new = auth.totp_deactivate(actor=actor, password=TEST_PASSWORD, otp=clock.code(secret), ctx=CTX)
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token)
    assert auth.actor_from_token(new.access_token).amr == ("pwd",)
    row = _user_row(user.id)
    assert not row.totp_ativo and row.totp_secret is None
    with session_scope() as session:
        assert not session.execute(select(CodigoRecuperacao).where(CodigoRecuperacao.usuario_id == user.id)).first()
    assert auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)  # no code asked any more
    assert "2fa_desativado" in _acoes(usuario_id=user.id)


def test_setup_refused_when_already_active_or_wrong_password(make_user, clock):
    user = make_user("admin")
    _, _, token = enroll(user, clock)
    actor = auth.actor_from_token(token)
    with pytest.raises(Conflict):
        auth.totp_setup(actor=actor, password=TEST_PASSWORD, ctx=CTX)
    other = make_user("vendedor")
    _, other_actor = login_actor(other)
    with pytest.raises(Unauthorized) as exc:
        auth.totp_setup(actor=other_actor, password="Senha-Errada-123", ctx=CTX)
    assert exc.value.status == 401
