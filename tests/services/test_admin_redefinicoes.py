"""Admin self-service: a temporary password that forces a new one at login; a 2FA reset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria, CodigoRecuperacao, Usuario
from aurora_app.models.base import utcnow
from aurora_app.services import auth, sessoes, usuarios
from aurora_app.services.actor import Actor
from aurora_app.services.errors import BadRequest, Conflict, Forbidden, Invalid, NotFound, Unauthorized
from tests.auth_helpers import CTX, clock_fixture, enroll, login_actor  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD

NOVA = "Minha-Frase-Nova-2026"


@pytest.fixture
def admin(make_user, clock):
    user = make_user("admin")
    _, _, token = enroll(user, clock)
    return auth.actor_from_token(token)


def _auditoria(acao):
    with session_scope() as s:
        return s.execute(select(Auditoria).where(Auditoria.acao == acao)).scalars().all()


def test_senha_temporaria_exige_nova_senha_no_login(admin, make_user):
    user = make_user("vendedor")
    token_antigo, _ = login_actor(user)
    r = usuarios.redefinir_senha(actor=admin, user_id=user.id, ctx=CTX)
    assert len(r.senha_temporaria) == 19 and r.expira_em - utcnow() > timedelta(hours=71)
    with pytest.raises(Unauthorized):  # the user's sessions ended
        auth.actor_from_token(token_antigo)
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=CTX)  # the old password is gone
    assert exc.value.code == "credenciais_invalidas"
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=r.senha_temporaria, ctx=CTX)
    assert exc.value.code == "troca_de_senha_requerida"
    with pytest.raises(Invalid):
        auth.login(email=user.email, password=r.senha_temporaria, nova_senha="12345678", ctx=CTX)
    with pytest.raises(BadRequest):
        auth.login(email=user.email, password=r.senha_temporaria, nova_senha=r.senha_temporaria, ctx=CTX)
    token = auth.login(email=user.email, password=r.senha_temporaria, nova_senha=NOVA, ctx=CTX).access_token
    assert auth.actor_from_token(token).id == user.id
    assert auth.me(auth.actor_from_token(token)).senha_temporaria_ate is None
    # from now on the new password is the password, and the temporary one is dead
    login_actor(user, password=NOVA)
    with pytest.raises(Unauthorized):
        auth.login(email=user.email, password=r.senha_temporaria, ctx=CTX)
    (reg,) = _auditoria("usuario_senha_redefinida")
    assert reg.usuario_id == admin.id and reg.entidade_id == str(user.id)
    assert r.senha_temporaria not in (reg.detalhes or "")
    with session_scope() as s:
        textos = " ".join(d or "" for d in s.execute(select(Auditoria.detalhes)).scalars())
    assert r.senha_temporaria not in textos and NOVA not in textos


def test_senha_temporaria_expira(admin, make_user):
    user = make_user("gerente")
    r = usuarios.redefinir_senha(actor=admin, user_id=user.id)
    with session_scope() as s:
        s.execute(
            update(Usuario).where(Usuario.id == user.id).values(senha_temporaria_ate=utcnow() - timedelta(seconds=1))
        )
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=r.senha_temporaria, nova_senha=NOVA, ctx=CTX)
    assert exc.value.code == "senha_temporaria_expirada"


def test_senha_temporaria_com_2fa_nao_gasta_o_codigo(admin, make_user, clock):
    user = make_user("gerente")
    secret, _, _ = enroll(user, clock)
    r = usuarios.redefinir_senha(actor=admin, user_id=user.id)
    codigo = clock.code(secret)
    with pytest.raises(Unauthorized) as exc:  # asked for the new password before the code is checked
        auth.login(email=user.email, password=r.senha_temporaria, otp=codigo, ctx=CTX)
    assert exc.value.code == "troca_de_senha_requerida"
    with pytest.raises(Unauthorized) as exc:
        auth.login(email=user.email, password=r.senha_temporaria, nova_senha=NOVA, ctx=CTX)
    assert exc.value.code == "otp_requerido"
    token = auth.login(email=user.email, password=r.senha_temporaria, nova_senha=NOVA, otp=codigo, ctx=CTX)
    assert auth.actor_from_token(token.access_token).passed_2fa


def test_redefinir_2fa(admin, make_user, clock):
    user = make_user("admin")
    _, _, token = enroll(user, clock)
    usuarios.redefinir_2fa(actor=admin, user_id=user.id, ctx=CTX)
    with pytest.raises(Unauthorized) as exc:
        auth.actor_from_token(token)
    assert exc.value.extra["motivo"] == "2fa_alterado"
    with session_scope() as s:
        row = s.get(Usuario, user.id)
        assert not row.totp_ativo and row.totp_secret is None
        assert s.execute(select(CodigoRecuperacao).where(CodigoRecuperacao.usuario_id == user.id)).first() is None
    # password alone now; the admin area waits for a new enrollment
    _, actor = login_actor(user)
    with pytest.raises(Forbidden) as exc:
        usuarios.list_users(actor=actor)
    assert exc.value.code == "2fa_requerido"
    enroll(user, clock)
    with pytest.raises(Conflict):
        usuarios.redefinir_2fa(actor=admin, user_id=make_user("vendedor").id)  # nothing to reset
    (reg,) = _auditoria("usuario_2fa_redefinido")
    assert reg.usuario_id == admin.id and reg.entidade_id == str(user.id)


def test_quem_pode(admin, make_user):
    user = make_user("vendedor")
    for papel, amr in (("gerente", ("pwd", "otp")), ("admin", ("pwd",))):
        quem = Actor(id=admin.id, email="x@y.z", nome="X", papel=papel, amr=amr)
        for fn in (usuarios.redefinir_senha, usuarios.redefinir_2fa):
            with pytest.raises(Forbidden):
                fn(actor=quem, user_id=user.id)
    for fn in (usuarios.redefinir_senha, usuarios.redefinir_2fa):
        with pytest.raises(NotFound):
            fn(actor=admin, user_id=999_999)
        with pytest.raises(Conflict) as exc:
            fn(actor=admin, user_id=admin.id)
        assert exc.value.code == "propria_conta"
    assert sessoes.listar(actor=admin)[0].atual


def test_admin_encerra_as_sessoes_de_outro_usuario(admin, make_user, clock):
    """Every session of the user ends (their tokens are refused, /conta/seguranca lists none),
    password and 2FA untouched: they log in again at once. Own account, unknown user, a
    non-admin: refused. Audited with the count."""
    user = make_user("vendedor")
    t1, _ = login_actor(user)
    t2, _ = login_actor(user)
    assert len(sessoes.listar(actor=auth.actor_from_token(t1))) == 2
    clock.advance(1)
    assert usuarios.encerrar_sessoes(actor=admin, user_id=user.id, ctx=CTX) == 2
    for token in (t1, t2):
        with pytest.raises(Unauthorized):
            auth.actor_from_token(token)
    clock.advance(1)
    novo, _ = login_actor(user)  # same password, no reset needed
    assert [s.atual for s in sessoes.listar(actor=auth.actor_from_token(novo))] == [True]
    (reg,) = _auditoria("usuario_sessoes_encerradas")
    assert reg.usuario_id == admin.id and reg.entidade_id == str(user.id) and "2" in (reg.detalhes or "")
    with pytest.raises(Conflict):
        usuarios.encerrar_sessoes(actor=admin, user_id=admin.id)
    with pytest.raises(NotFound):
        usuarios.encerrar_sessoes(actor=admin, user_id=999_999)
    gerente = make_user("gerente")
    with pytest.raises(Forbidden):
        usuarios.encerrar_sessoes(
            actor=Actor(id=gerente.id, email=gerente.email, nome=gerente.nome, papel="gerente"), user_id=user.id
        )
