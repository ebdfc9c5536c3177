"""Account self-service in real browsers: an admin resets a vendedor's password (shown once), the
vendedor's open tab is logged out and told why, the next login asks for a new password; then the
vendedor ends one of their two sessions on /conta/seguranca and that browser is sent to /login on
its next event (the websocket carries the same token).

Uses its own fresh users (CLI + REST), so the demo logins other journeys use are untouched.
"""

from __future__ import annotations

import re
import secrets
import time

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog, _cli, login

T = 20_000


@pytest.fixture
def contas(app_server: AppServer, browser: Browser) -> dict:
    """A fresh admin with 2FA and a fresh vendedor."""
    sufixo = secrets.token_hex(3)
    admin = {"email": f"admin-conta-{sufixo}@aurora.test", "senha": f"Admin-Conta-{secrets.token_hex(6)}"}
    vend = {
        "email": f"vend-conta-{sufixo}@aurora.test",
        "senha": f"Vend-Conta-{secrets.token_hex(6)}",
        "nome": f"Vera Conta {sufixo}",
    }
    _cli(
        app_server.env,
        "create-user",
        "--email",
        admin["email"],
        "--password",
        admin["senha"],
        "--papel",
        "admin",
        "--nome",
        f"Ana Admin {sufixo}",
    )
    _cli(
        app_server.env,
        "create-user",
        "--email",
        vend["email"],
        "--password",
        vend["senha"],
        "--papel",
        "vendedor",
        "--nome",
        vend["nome"],
    )
    ctx = browser.new_context(base_url=app_server.base_url)
    req = ctx.request
    token = req.post("/api/v1/auth/login", data={"email": admin["email"], "password": admin["senha"]}).json()[
        "access_token"
    ]
    h = {"Authorization": f"Bearer {token}"}
    secret = req.post("/api/v1/auth/2fa/setup", data={"password": admin["senha"]}, headers=h).json()["secret"]
    totp = pyotp.TOTP(secret)
    assert req.post("/api/v1/auth/2fa/ativar", data={"otp": totp.now()}, headers=h).ok
    ctx.close()
    admin["totp"] = totp
    return {"admin": admin, "vend": vend}


def _nova_aba(browser: Browser, app_server: AppServer, agente: str) -> Page:
    ctx = browser.new_context(base_url=app_server.base_url, user_agent=agente, viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(T)
    return page


def test_admin_redefine_senha_e_vendedor_encerra_sessao(
    page: Page, browser: Browser, app_server: AppServer, contas: dict, browser_log: BrowserLog, screenshot_dir
) -> None:
    admin, vend = contas["admin"], contas["vend"]
    page.set_default_timeout(T)

    # The vendedor is working in their own browser.
    aba_vend = _nova_aba(browser, app_server, "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36")
    aba_vend.goto(routes.LOGIN)
    login(aba_vend, vend["email"], vend["senha"])

    # The admin (password + code) resets the vendedor's password from /admin.
    page.goto(routes.LOGIN + "?next=%2Fadmin")
    login(page, admin["email"], admin["senha"], otp=admin["totp"].at(time.time() + 30))
    page.wait_for_url(re.compile(r"/admin/?$"))
    linha = page.locator("#tabela-usuarios tr", has_text=vend["email"])
    expect(linha).to_be_visible()
    linha.locator(".admin-mais-acoes").click()
    page.get_by_role("menuitem", name="Redefinir senha").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(vend["email"])
    page.locator("#admin-confirmar").click()
    senha_loc = page.locator("#senha-temporaria")
    expect(senha_loc).to_be_visible()
    temporaria = senha_loc.inner_text().strip()
    assert re.fullmatch(r"[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}", temporaria), temporaria
    page.screenshot(path=str(screenshot_dir / "admin-senha-temporaria.png"))
    page.locator("#senha-temporaria-fechar").click()
    expect(senha_loc).to_have_count(0)
    expect(linha).to_contain_text("senha temporária")

    # The vendedor's next click: out, with the reason.
    aba_vend.get_by_role("link", name="Leads").first.click()
    aba_vend.wait_for_url(re.compile(r"/login\?"))
    expect(aba_vend.locator("#login-aviso")).to_contain_text("redefinida por um administrador")

    # Logging in with the temporary password asks for a new one first.
    aba_vend.locator("#login-email").fill(vend["email"])
    aba_vend.locator("#login-senha").fill(temporaria)
    aba_vend.locator("#login-entrar").click()
    expect(aba_vend.locator("#login-nova-senha")).to_be_visible()
    expect(aba_vend.locator("#login-senha")).to_be_hidden()
    nova = f"Minha-Frase-Nova-{secrets.token_hex(4)}"
    aba_vend.locator("#login-nova-senha").fill(nova)
    aba_vend.locator("#login-nova-confirmacao").fill(nova + "x")
    aba_vend.locator("#login-entrar").click()
    expect(aba_vend.locator("#login-erro")).to_contain_text("confirmação")
    aba_vend.locator("#login-nova-confirmacao").fill(nova)
    aba_vend.locator("#login-entrar").click()
    aba_vend.wait_for_url(lambda url: "/login" not in url)

    # A second browser of the same vendedor (their phone).
    celular = _nova_aba(browser, app_server, "Mozilla/5.0 (Linux; Android 14) Chrome/150.0 Mobile Safari/537.36")
    celular.goto(routes.LOGIN)
    login(celular, vend["email"], nova)

    # /conta/seguranca lists both; the vendedor ends the phone's.
    aba_vend.goto(routes.SEGURANCA)
    sessoes = aba_vend.locator("#sessoes-ativas .sessao-ativa")
    expect(sessoes).to_have_count(2)
    expect(sessoes.filter(has_text="Esta sessão")).to_contain_text("Chrome no Linux")
    outra = sessoes.filter(has_text="Chrome no Android")
    aba_vend.screenshot(path=str(screenshot_dir / "seguranca-sessoes.png"), full_page=True)
    outra.locator(".encerrar-sessao").click()
    expect(sessoes).to_have_count(1)
    expect(sessoes.first).to_contain_text("Esta sessão")

    # The phone's next event (a client-side navigation over the websocket) sends it to /login.
    celular.get_by_role("link", name="Clientes").first.click()
    celular.wait_for_url(re.compile(r"/login\?"))
    expect(celular.locator("#login-aviso")).to_contain_text("Esta sessão foi encerrada")
    token = celular.evaluate("localStorage.getItem('aurora_token')")
    assert not token

    # The admin's audit log shows both actions (never the password).
    page.reload()
    audit = page.locator("#tabela-auditoria")
    expect(audit.get_by_text("Senha redefinida pelo administrador", exact=True).first).to_be_visible()
    expect(audit.get_by_text("Sessão encerrada", exact=True).first).to_be_visible()
    assert temporaria not in page.content()
    assert browser_log.page_errors == [], browser_log.page_errors
    aba_vend.context.close()
    celular.context.close()


def _ativar_2fa(app_server: AppServer, browser: Browser, email: str, senha: str) -> pyotp.TOTP:
    ctx = browser.new_context(base_url=app_server.base_url)
    req = ctx.request
    token = req.post("/api/v1/auth/login", data={"email": email, "password": senha}).json()["access_token"]
    h = {"Authorization": f"Bearer {token}"}
    totp = pyotp.TOTP(req.post("/api/v1/auth/2fa/setup", data={"password": senha}, headers=h).json()["secret"])
    assert req.post("/api/v1/auth/2fa/ativar", data={"otp": totp.now()}, headers=h).ok
    ctx.close()
    return totp


def test_admin_redefine_2fa_e_o_usuario_reinscreve(
    page: Page, browser: Browser, app_server: AppServer, contas: dict, browser_log: BrowserLog
) -> None:
    """The vendedor lost their phone: the admin resets their 2FA from /admin (confirmed, audited);
    the vendedor's code is no longer asked, and /conta/seguranca offers to enrol again. Then the
    admin ends the vendedor's sessions and their open tab is sent to /login."""
    admin, vend = contas["admin"], contas["vend"]
    page.set_default_timeout(T)
    _ativar_2fa(app_server, browser, vend["email"], vend["senha"])
    r = page.request.post("/api/v1/auth/login", data={"email": vend["email"], "password": vend["senha"]})
    assert r.status == 401 and r.json()["code"] == "otp_requerido"

    page.goto(routes.LOGIN + "?next=%2Fadmin")
    login(page, admin["email"], admin["senha"], otp=admin["totp"].at(time.time() + 30))
    page.wait_for_url(re.compile(r"/admin/?$"))
    linha = page.locator("#tabela-usuarios tr", has_text=vend["email"])
    expect(linha.get_by_text("2FA", exact=True)).to_be_visible()
    linha.locator(".admin-mais-acoes").click()
    page.get_by_role("menuitem", name="Redefinir 2FA").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(vend["email"])
    page.locator("#admin-confirmar").click()
    expect(linha.get_by_text("sem 2FA", exact=True)).to_be_visible()

    # The vendedor logs in with the password alone and is offered to enrol again.
    aba = _nova_aba(browser, app_server, "Mozilla/5.0 (X11; Linux x86_64) Chrome/150.0 Safari/537.36")
    aba.goto(routes.LOGIN)
    login(aba, vend["email"], vend["senha"])
    aba.goto(routes.SEGURANCA)
    expect(aba.locator("#seg-configurar")).to_be_visible()  # enrol again
    token = aba.evaluate("localStorage.getItem('aurora_token')")
    me = aba.request.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["totp_ativo"] is False

    # The admin ends every session of the vendedor (a lost laptop); their tab is sent to /login.
    linha.locator(".admin-mais-acoes").click()
    page.get_by_role("menuitem", name="Encerrar sessões").click()
    expect(page.get_by_role("alertdialog")).to_contain_text(vend["email"])
    page.locator("#admin-confirmar").click()
    expect(page.get_by_text("1 sessão encerrada", exact=False)).to_be_visible()
    aba.get_by_role("link", name="Clientes").first.click()
    aba.wait_for_url(re.compile(r"/login\?"))

    page.reload()
    auditoria = page.locator("#tabela-auditoria")
    expect(auditoria.get_by_text("2FA redefinida pelo administrador", exact=True).first).to_be_visible()
    expect(auditoria.get_by_text("Sessões encerradas pelo administrador", exact=True).first).to_be_visible()
    assert browser_log.page_errors == [], browser_log.page_errors
    aba.context.close()
