"""Active sessions: every issued token is listed; ending one refuses its token at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria, Sessao
from aurora_app.models.base import utcnow
from aurora_app.services import auth, sessoes
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import NotFound, Unauthorized
from tests.auth_helpers import CTX, clock_fixture, enroll, login_actor  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD

CELULAR = RequestContext(ip="198.51.100.20", user_agent="Mozilla/5.0 (iPhone) Safari")


def test_lista_e_encerra(make_user):
    user = make_user("vendedor")
    token_pc, pc = login_actor(user)
    token_cel, cel = login_actor(user, ctx=CELULAR)
    outro_token, outro = login_actor(make_user("vendedor"))

    lista = sessoes.listar(actor=pc)
    assert [(s.ip, s.user_agent, s.atual, s.com_2fa) for s in lista] == [
        ("198.51.100.20", "Mozilla/5.0 (iPhone) Safari", False, False),
        ("203.0.113.7", "pytest-agent/1.0", True, False),
    ]
    assert lista[0].visto_em is not None and lista[0].expira_em > lista[0].criado_em
    assert "jti" not in lista[0].model_dump()

    # someone else's session is not found (ids don't leak); then the phone is ended from the PC
    with pytest.raises(NotFound):
        sessoes.encerrar(actor=outro, sessao_id=lista[0].id)
    assert sessoes.encerrar(actor=pc, sessao_id=lista[0].id, ctx=CTX) is False
    with pytest.raises(Unauthorized) as exc:
        auth.actor_from_token(token_cel)
    assert exc.value.extra["motivo"] == "sessao_encerrada"
    assert auth.actor_from_token(token_pc).id == user.id and auth.actor_from_token(outro_token).id == outro.id
    assert [s.atual for s in sessoes.listar(actor=pc)] == [True]
    with pytest.raises(NotFound):  # already over
        sessoes.encerrar(actor=pc, sessao_id=lista[0].id)
    with session_scope() as s:
        row = s.execute(select(Auditoria).where(Auditoria.acao == "sessao_encerrada")).scalar_one()
    assert row.usuario_id == user.id and row.entidade_id == str(lista[0].id) and cel.jti not in (row.detalhes or "")

    # ending this very session = logging out
    assert sessoes.encerrar(actor=pc, sessao_id=lista[1].id) is True
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token_pc)


def test_logout_e_mudancas_de_seguranca_tiram_da_lista(make_user, clock):
    user = make_user("vendedor")
    token_a, a = login_actor(user)
    _, b = login_actor(user, ctx=CELULAR)
    auth.logout(token=token_a, ctx=CTX)
    assert len(sessoes.listar(actor=b)) == 1
    # a password change ends every other session; the new token is the only one listed
    novo = auth.change_password(actor=b, senha_atual=TEST_PASSWORD, nova_senha="Outra-Frase-Longa-42", ctx=CELULAR)
    atual = auth.actor_from_token(novo.access_token)
    assert [(s.atual, s.ip) for s in sessoes.listar(actor=atual)] == [(True, "198.51.100.20")]


def test_encerrar_outras_e_2fa(make_user, clock):
    user = make_user("admin")
    _, _, token = enroll(user, clock)
    atual = auth.actor_from_token(token)
    token_cel, _ = login_actor(user, otp=clock.code(_secret(user)), ctx=CELULAR)
    assert [s.com_2fa for s in sessoes.listar(actor=atual)] == [True, True]
    assert sessoes.encerrar_outras(actor=atual, ctx=CTX) == 1
    with pytest.raises(Unauthorized):
        auth.actor_from_token(token_cel)
    assert [s.atual for s in sessoes.listar(actor=atual)] == [True]
    assert sessoes.encerrar_outras(actor=atual) == 0


def _secret(user) -> str:
    from aurora_app.core import crypto
    from aurora_app.models import Usuario

    with session_scope() as s:
        return crypto.decrypt(s.get(Usuario, user.id).totp_secret)


def test_visto_em_atualizado_sem_escrever_a_cada_pedido(make_user):
    user = make_user("vendedor")
    token, actor = login_actor(user)
    with session_scope() as s:
        criado = s.execute(select(Sessao.visto_em).where(Sessao.jti == actor.jti)).scalar_one()
    auth.actor_from_token(token)
    with session_scope() as s:
        assert s.execute(select(Sessao.visto_em).where(Sessao.jti == actor.jti)).scalar_one() == criado
        s.execute(update(Sessao).where(Sessao.jti == actor.jti).values(visto_em=utcnow() - timedelta(minutes=6)))
    auth.actor_from_token(token)
    (sessao,) = sessoes.listar(actor=actor)
    assert utcnow() - sessao.visto_em < timedelta(minutes=1)


def test_token_sem_sessao_continua_valido(make_user, token_for):
    """Tokens minted outside the login (tests, scripts) still authenticate; they are just not listed."""
    user = make_user("vendedor")
    actor = auth.actor_from_token(token_for(user))
    assert actor.id == user.id and sessoes.listar(actor=actor) == []
