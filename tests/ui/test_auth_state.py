"""The Reflex login state calls the same service as the REST API: same limits, same answers.

States are driven directly (no browser): a root state with router data (client IP, URL), and
the handlers awaited as the Reflex event loop would.
"""

from __future__ import annotations

import asyncio
import inspect

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from reflex_base import constants

from aurora_app.core.cache import reset_backends
from aurora_app.core.config import reset_settings_cache
from aurora_app.services import auth
from aurora_app.ui.state.admin import AdminState
from aurora_app.ui.state.admin_auditoria import AuditoriaState
from aurora_app.ui.state.auth import AuthState, safe_next
from aurora_app.ui.state.login import LoginState
from tests.auth_helpers import clock_fixture, enroll  # noqa: F401 - the "clock" fixture
from tests.conftest import TEST_PASSWORD


def _states(ip: str = "192.0.2.10", path: str = "/login", query: dict | None = None):
    root = rx.State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {
            constants.RouteVar.CLIENT_IP: ip,
            constants.RouteVar.HEADERS: {"origin": "http://testserver", "user-agent": "pytest-browser"},
            constants.RouteVar.ORIGIN: path
            + ("?" + "&".join(f"{k}={v}" for k, v in (query or {}).items()) if query else ""),
            constants.RouteVar.PATH: path,
            constants.RouteVar.QUERY: query or {},
        }
    )

    def get(cls):
        return root.get_substate(cls.get_full_name().split(".")[1:])

    return root, get


async def _run(handler, *args):
    """Drive a handler like Reflex does; returns the events it produced (flattened)."""
    result = handler(*args)
    events = []
    if inspect.isasyncgen(result):
        async for ev in result:
            events.append(ev)
    elif inspect.isawaitable(result):
        events.append(await result)
    else:
        events.append(result)
    flat = []
    for ev in events:
        flat.extend(ev if isinstance(ev, list) else [ev])
    return [e for e in flat if e is not None]


def _redirects(events) -> str:
    return " ".join(str(e) for e in events)


def test_safe_next_refuses_other_sites():
    assert safe_next("/clientes?busca=a") == "/clientes?busca=a"
    for bad in (
        "//evil.example",
        "https://evil.example/",
        "/\\evil",
        "javascript:alert(1)",
        "",
        None,
        "/login?next=/x",
    ):
        assert safe_next(bad) == "/"


def test_login_state_logs_in_and_stores_the_token(make_user):
    user = make_user("vendedor")
    _, get = _states(query={"next": "/clientes"})
    login = get(LoginState)
    events = asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD}))
    assert login.erro == ""
    assert get(AuthState).auth_token and auth.actor_from_token(get(AuthState).auth_token).id == user.id
    assert get(AuthState).logado and get(AuthState).usuario_nome == user.nome
    assert "/clientes" in _redirects(events)


def test_login_state_same_limits_as_the_api(make_user):
    user, other = make_user("vendedor"), make_user("vendedor")
    _, get = _states(ip="192.0.2.20")
    login = get(LoginState)
    for _ in range(5):
        asyncio.run(_run(login.entrar, {"email": user.email, "password": "Senha-Errada-123"}))
        assert login.erro == auth.CREDENCIAIS_INVALIDAS
    asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD}))
    assert "Muitas tentativas" in login.erro and "Aguarde" in login.erro
    assert not get(AuthState).auth_token
    # The REST login from the same IP is limited too: one counter for both doors.
    from aurora_app.services.audit import RequestContext
    from aurora_app.services.errors import TooManyRequests

    with pytest.raises(TooManyRequests):
        auth.login(email=user.email, password=TEST_PASSWORD, ctx=RequestContext(ip="192.0.2.20"))
    # Another account from this browser is unaffected.
    asyncio.run(_run(login.entrar, {"email": other.email, "password": TEST_PASSWORD}))
    assert login.erro == "" and get(AuthState).auth_token


def test_login_state_code_step_and_lock_message(make_user, clock):
    user = make_user("admin")
    secret, _, _ = enroll(user, clock)
    _, get = _states(ip="192.0.2.30")
    login = get(LoginState)
    asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD}))
    assert login.etapa == "codigo" and login.erro == "" and not get(AuthState).auth_token
    wrong = "000000" if clock.code(secret) != "000000" else "111111"
    asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD, "otp": wrong}))
    assert login.etapa == "codigo" and "inválido" in login.erro
    asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD, "otp": clock.code(secret)}))
    assert login.erro == "" and auth.actor_from_token(get(AuthState).auth_token).passed_2fa


def test_login_state_redis_down_is_a_clear_message(make_user, monkeypatch):
    user = make_user("vendedor")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings_cache()
    reset_backends()
    _, get = _states()
    login = get(LoginState)
    asyncio.run(_run(login.entrar, {"email": user.email, "password": TEST_PASSWORD}))
    assert "indisponível" in login.erro and not get(AuthState).auth_token


def test_require_login_redirects_with_next_and_expired_token_ends_session(make_user):
    _, get = _states(path="/clientes", query={"busca": "x"})
    events = asyncio.run(_run(get(AuthState).require_login))
    assert "/login?next=%2Fclientes%3Fbusca%3Dx" in _redirects(events)
    get(AuthState).auth_token = "eyJhbGciOiJIUzI1NiJ9.e30.invalido"
    events = asyncio.run(_run(get(AuthState).require_login))
    assert "/login?next=" in _redirects(events) and get(AuthState).auth_token == ""


def test_admin_handlers_recheck_role_and_2fa(make_user, token_for, clock):
    vendedor = make_user("vendedor")
    _, get = _states(path="/admin")
    get(AuthState).auth_token = token_for(vendedor, ("pwd", "otp"))
    admin_state = get(AdminState)
    log = get(AuditoriaState)
    # Called directly (as a crafted websocket event would), every handler refuses and loads nothing.
    for handler, args in (
        (admin_state.on_load, ()),
        (admin_state.alterar_ativo, (str(vendedor.id), False)),
        (
            admin_state.criar_usuario,
            ({"nome": "X", "email": "x@aurora.test", "papel": "admin", "password": TEST_PASSWORD},),
        ),
        (log.proxima_pagina, ()),
        (log.filtrar, ()),
    ):
        events = asyncio.run(_run(handler, *args))
        assert "fn=<function _redirect" in _redirects(events) and "_var_value='/'" in _redirects(events)
        assert admin_state.usuarios == [] and log.rows == []
    from aurora_app.services import usuarios

    assert usuarios.find_by_email("x@aurora.test") is None

    admin = make_user("admin")
    get(AuthState).auth_token = token_for(admin, ("pwd",))  # admin without 2FA
    asyncio.run(_run(admin_state.on_load))
    assert admin_state.bloqueio == "2fa" and admin_state.usuarios == []

    _, _, token = enroll(admin, clock)
    get(AuthState).auth_token = token
    asyncio.run(_run(admin_state.on_load))
    assert admin_state.bloqueio == "" and {u["email"] for u in admin_state.usuarios} == {vendedor.email, admin.email}
    asyncio.run(_run(log.on_load))
    assert log.rows and log.faixa.startswith("1–")


def test_admin_desativar_e_mudar_papel_pedem_confirmacao(make_user, token_for, clock):
    """One click only opens a confirmation; nothing changes until it is confirmed."""
    from aurora_app.services import usuarios

    vendedor = make_user("vendedor")
    admin = make_user("admin")
    _, _, token = enroll(admin, clock)
    _, get = _states(path="/admin")
    get(AuthState).auth_token = token
    admin_state = get(AdminState)
    asyncio.run(_run(admin_state.on_load))
    asyncio.run(_run(admin_state.alterar_ativo, str(vendedor.id), False))
    assert admin_state.confirmar_aberto and vendedor.nome in admin_state.confirmar_texto
    assert usuarios.find_by_email(vendedor.email).ativo
    asyncio.run(_run(admin_state.set_confirmar_aberto, False))  # Cancelar
    assert usuarios.find_by_email(vendedor.email).ativo
    asyncio.run(_run(admin_state.alterar_papel, str(vendedor.id), "gerente"))
    assert admin_state.confirmar_aberto and "Gerente" in admin_state.confirmar_texto
    assert usuarios.find_by_email(vendedor.email).papel == "vendedor"
    asyncio.run(_run(admin_state.confirmar_alteracao))
    assert usuarios.find_by_email(vendedor.email).papel == "gerente" and not admin_state.confirmar_aberto


def test_sessao_encerrada_por_outra_diz_o_motivo_no_login(make_user, token_for):
    """Password changed elsewhere / role changed / deactivated: /login says why."""
    from aurora_app.services import usuarios
    from aurora_app.services.actor import Actor
    from aurora_app.services.audit import RequestContext

    user = make_user("vendedor")
    admin = make_user("admin")
    admin_actor = Actor(id=admin.id, email=admin.email, nome=admin.nome, papel="admin", amr=["pwd", "otp"], jti="x")
    for motivo, mudar in (
        (
            "senha_alterada",
            lambda: auth.change_password(
                actor=auth.actor_from_token(token_for(user, ("pwd",))),
                senha_atual=TEST_PASSWORD,
                nova_senha=TEST_PASSWORD + "-nova",
                ctx=RequestContext(),
            ),
        ),
        ("papel_alterado", lambda: usuarios.update_user(actor=admin_actor, user_id=user.id, papel="gerente")),
        ("conta_desativada", lambda: usuarios.update_user(actor=admin_actor, user_id=user.id, ativo=False)),
    ):
        _, get = _states(path="/clientes")
        get(AuthState).auth_token = token_for(user, ("pwd",))
        mudar()
        events = asyncio.run(_run(get(AuthState).require_login))
        assert f"motivo={motivo}" in _redirects(events), motivo
        _, get = _states(path="/login", query={"motivo": motivo})
        asyncio.run(_run(get(LoginState).on_load))
        assert get(LoginState).aviso == auth.SESSAO_ENCERRADA[motivo]
    _, get = _states(path="/login", query={"motivo": "<script>"})
    asyncio.run(_run(get(LoginState).on_load))
    assert get(LoginState).aviso == ""


def test_formulario_de_senha_limpa_so_o_que_precisa_redigitar(make_user, token_for):
    """A confirmation that does not match clears only the confirmation; a wrong current password
    only that field; a weak new password the two new fields. Nothing else is wiped."""
    from aurora_app.ui.state.seguranca import CONFIRMACAO, NOVA_SENHA, SENHA_ATUAL, SegurancaState

    user = make_user("vendedor")
    _, get = _states(path="/conta/seguranca")
    get(AuthState).auth_token = token_for(user, ("pwd",))
    seg = get(SegurancaState)

    def limpos(events) -> set[str]:
        texto = _redirects(events)
        return {
            i
            for i in (SENHA_ATUAL, NOVA_SENHA, CONFIRMACAO)
            if "_set_value" in texto and f"ref_{i.replace('-', '_')}'" in texto
        }

    ev = asyncio.run(
        _run(seg.trocar_senha, {"senha_atual": TEST_PASSWORD, "nova_senha": "uma frase longa", "confirmacao": "outra"})
    )
    assert "confirmação" in seg.erro_senha and limpos(ev) == {CONFIRMACAO}
    ev = asyncio.run(
        _run(
            seg.trocar_senha,
            {"senha_atual": "errada!!", "nova_senha": "uma frase longa", "confirmacao": "uma frase longa"},
        )
    )
    assert seg.erro_senha == auth.SENHA_INCORRETA and limpos(ev) == {SENHA_ATUAL}
    ev = asyncio.run(
        _run(seg.trocar_senha, {"senha_atual": TEST_PASSWORD, "nova_senha": "curta", "confirmacao": "curta"})
    )
    assert "8 caracteres" in seg.erro_senha and limpos(ev) == {NOVA_SENHA, CONFIRMACAO}


def _states_behind(peer: str, forwarded_for: str):
    root, get = _states(ip=peer)
    root.router = RouterData.from_router_data(
        {
            constants.RouteVar.CLIENT_IP: peer,
            constants.RouteVar.HEADERS: {
                "asgi-scope-client": peer,
                "x-forwarded-for": forwarded_for,
                "user-agent": "pytest",
            },
            constants.RouteVar.PATH: "/login",
        }
    )
    return get(LoginState)


def test_websocket_login_ignora_x_forwarded_for_de_quem_nao_e_proxy(monkeypatch):
    """Issue 11 #3 on the websocket: the same TRUSTED_PROXIES rule as the REST API."""
    assert _states_behind("198.51.100.7", "203.0.113.1").request_context().ip == "198.51.100.7"
    monkeypatch.setenv("TRUSTED_PROXIES", "10.1.0.2")
    reset_settings_cache()
    try:
        assert _states_behind("10.1.0.2", "1.2.3.4, 203.0.113.1").request_context().ip == "203.0.113.1"
        assert _states_behind("10.1.0.3", "203.0.113.1").request_context().ip == "10.1.0.3"
    finally:
        monkeypatch.delenv("TRUSTED_PROXIES")
        reset_settings_cache()
