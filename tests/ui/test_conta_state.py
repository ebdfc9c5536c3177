"""States of the admin resets, the login's new-password step and "Sessões ativas", driven directly."""

from __future__ import annotations

import asyncio

from aurora_app.services import auth, sessoes, usuarios
from aurora_app.services.audit import RequestContext
from aurora_app.ui.state.admin import AdminState
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.login import LoginState
from aurora_app.ui.state.seguranca import SegurancaState, descrever_navegador
from tests.auth_helpers import clock_fixture, enroll, login_actor  # noqa: F401 - the "clock" fixture
from tests.ui.test_auth_state import _redirects, _run, _states

NOVA = "Minha-Frase-Nova-2026"


def test_admin_redefine_senha_com_confirmacao_e_mostra_uma_vez(make_user, clock):
    vendedor = make_user("vendedor")
    admin = make_user("admin")
    _, _, token = enroll(admin, clock)
    _, get = _states(path="/admin")
    get(AuthState).auth_token = token
    adm = get(AdminState)
    asyncio.run(_run(adm.on_load))
    asyncio.run(_run(adm.pedir_redefinicao, str(vendedor.id), "senha"))
    assert adm.confirmar_aberto and vendedor.email in adm.confirmar_texto and adm.senha_temporaria == ""
    asyncio.run(_run(adm.confirmar_alteracao))
    temporaria = adm.senha_temporaria
    assert len(temporaria) == 19 and vendedor.email in adm.senha_temporaria_de
    assert next(u for u in adm.usuarios if u["id"] == str(vendedor.id))["temporaria"] == "1"
    asyncio.run(_run(adm.fechar_senha_temporaria, False))
    assert adm.senha_temporaria == ""

    # the login page asks for the new password, then enters
    _, get = _states(path="/login")
    login = get(LoginState)
    asyncio.run(_run(login.entrar, {"email": vendedor.email, "password": temporaria}))
    assert login.etapa == "nova_senha" and login.troca_senha and login.erro == ""
    form = {"email": vendedor.email, "password": temporaria, "nova_senha": NOVA, "nova_confirmacao": "outra"}
    asyncio.run(_run(login.entrar, form))
    assert "confirmação" in login.erro and not get(AuthState).auth_token
    events = asyncio.run(_run(login.entrar, {**form, "nova_confirmacao": NOVA}))
    assert get(AuthState).logado and "/" in _redirects(events) and not login.troca_senha
    login_actor(vendedor, password=NOVA)


def test_admin_redefine_2fa(make_user, clock):
    gerente = make_user("gerente")
    enroll(gerente, clock)
    admin = make_user("admin")
    _, _, token = enroll(admin, clock)
    _, get = _states(path="/admin")
    get(AuthState).auth_token = token
    adm = get(AdminState)
    asyncio.run(_run(adm.on_load))
    asyncio.run(_run(adm.pedir_redefinicao, str(gerente.id), "2fa"))
    asyncio.run(_run(adm.confirmar_alteracao))
    assert not usuarios.find_by_email(gerente.email).totp_ativo
    # a vendedor's browser calling the handler gets nothing done
    vend = make_user("vendedor")
    _, get = _states(path="/admin")
    get(AuthState).auth_token = auth.login(email=vend.email, password="Correta-Cavalo-Bateria-9").access_token
    outro = get(AdminState)
    outro.usuarios = [{"id": str(admin.id), "nome": "x", "email": "y"}]
    outro._pendente = {"usuario_id": str(admin.id), "redefinir": "2fa"}
    asyncio.run(_run(outro.confirmar_alteracao))
    assert usuarios.find_by_email(admin.email).totp_ativo


def test_sessoes_ativas_na_pagina(make_user):
    user = make_user("vendedor")
    token, actor = login_actor(user)
    cel_token, _ = login_actor(
        user, ctx=RequestContext(ip="198.51.100.9", user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/150.0 Mobile")
    )
    _, get = _states(path="/conta/seguranca")
    get(AuthState).auth_token = token
    seg = get(SegurancaState)
    asyncio.run(_run(seg.on_load))
    assert [(s["navegador"], s["atual"]) for s in seg.sessoes] == [("Chrome no Android", ""), ("pytest-agent/1.0", "1")]
    outra = seg.sessoes[0]["id"]
    asyncio.run(_run(seg.encerrar_sessao, outra))
    assert len(seg.sessoes) == 1
    # the other browser is logged out on its next event, told why
    _, get2 = _states(path="/clientes")
    get2(AuthState).auth_token = cel_token
    events = asyncio.run(_run(get2(AuthState).require_login))
    assert "motivo=sessao_encerrada" in _redirects(events)
    # ending this one is a logout
    events = asyncio.run(_run(seg.encerrar_sessao, seg.sessoes[0]["id"]))
    assert "/login" in _redirects(events) and not get(AuthState).auth_token
    assert sessoes.listar(actor=actor) == []


def test_descrever_navegador():
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0 Safari/537.36 Edg/150.0"
    assert descrever_navegador(ua) == "Edge no Windows"
    assert (
        descrever_navegador("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0) Version/18.0 Mobile Safari/604.1")
        == "Safari em iPhone"
    )
    assert (
        descrever_navegador("Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0")
        == "Firefox no Linux"
    )
    assert descrever_navegador(None) == "Navegador desconhecido" and descrever_navegador("curl/8.5") == "curl/8.5"
