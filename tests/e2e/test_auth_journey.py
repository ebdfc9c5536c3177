"""Auth journey in a real browser: login, 2FA enrollment from the page, login with a code,
the admin area, and a vendedor bounced from it.

The seeded admin gets 2FA during this journey; the finalizer turns it off again (REST, with a
recovery code) so the other journeys keep logging in with the password only.
"""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog, login


@pytest.fixture
def admin_2fa_cleanup(app_server: AppServer, page: Page):
    """Whatever happens in the test, leave the demo admin without 2FA."""
    state: dict[str, object] = {"codes": []}
    yield state
    email, password = app_server.login_for("admin")
    codes = list(state["codes"])  # type: ignore[arg-type]
    if len(codes) < 2:
        return
    answer = page.request.post("/api/v1/auth/login", data={"email": email, "password": password, "otp": codes[-1]})
    if not answer.ok:
        return  # 2FA never got turned on
    token = answer.json()["access_token"]
    off = page.request.post(
        "/api/v1/auth/2fa/desativar",
        data={"password": password, "otp": codes[-2]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert off.status == 204, off.text()


def test_admin_enrolls_2fa_and_reaches_admin(
    page: Page, app_server: AppServer, browser_log: BrowserLog, admin_2fa_cleanup, screenshot_dir
) -> None:
    email, password = app_server.login_for("admin")

    # A logged-out visitor is sent to /login and comes back to the page asked for.
    page.goto(routes.ADMIN)
    page.wait_for_url(re.compile(r"/login\?next=%2Fadmin"), timeout=15_000)
    expect(page.get_by_role("heading", name="Aurora")).to_be_visible()

    # Wrong password: a clear message, same for any account.
    page.locator("#login-email").fill(email)
    page.locator("#login-senha").fill("senha-errada-de-proposito")
    page.locator("#login-entrar").click()
    expect(page.locator("#login-erro")).to_contain_text("E-mail ou senha incorretos")

    page.locator("#login-senha").fill(password)
    page.locator("#login-entrar").click()
    page.wait_for_url(re.compile(r"/admin/?$"), timeout=15_000)
    # Admin without 2FA: told how to get in, no data shown.
    expect(page.locator("#admin-2fa-requerido")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Usuários")).to_have_count(0)

    # Enrollment on /conta/seguranca: password, QR + key, code, recovery codes shown once.
    page.locator("#admin-ir-seguranca").click()
    page.wait_for_url(re.compile(r"/conta/seguranca/?$"), timeout=15_000)
    page.locator("#seg-setup-senha").fill(password)
    page.locator("#seg-configurar").click()
    expect(page.get_by_alt_text("QR code para o aplicativo autenticador")).to_be_visible(timeout=10_000)
    secret = page.locator("#seg-chave").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    totp = pyotp.TOTP(secret)
    page.locator("#seg-ativar-otp").fill(totp.now())
    page.locator("#seg-ativar").click()
    codes_loc = page.locator("#seg-codigos .codigo-recuperacao")
    expect(codes_loc).to_have_count(10, timeout=10_000)
    codes = [c.strip() for c in codes_loc.all_inner_texts()]
    admin_2fa_cleanup["codes"] = codes
    assert all(re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", c) for c in codes), codes
    page.screenshot(path=str(screenshot_dir / "seguranca-codigos.png"), full_page=True)
    page.locator("#seg-concluir").click()
    expect(page.locator("#seg-status-ativa")).to_be_visible()
    expect(codes_loc).to_have_count(0)

    # Log out: the session is gone, protected pages send us to /login.
    page.locator("#botao-sair").click()
    page.wait_for_url(re.compile(r"/login"), timeout=15_000)
    page.goto(routes.SEGURANCA)
    page.wait_for_url(re.compile(r"/login\?next="), timeout=15_000)

    # Log in again: the code step appears; the next time step's code (the current one was used).
    page.goto(routes.LOGIN + "?next=%2Fadmin")
    page.locator("#login-email").fill(email)
    page.locator("#login-senha").fill(password)
    page.locator("#login-entrar").click()
    otp_input = page.locator("#login-otp")
    expect(otp_input).to_be_visible(timeout=10_000)
    otp_input.fill("000000" if totp.at(time.time() + 30) != "000000" else "111111")
    page.locator("#login-entrar").click()
    expect(page.locator("#login-erro")).to_contain_text("inválido", timeout=10_000)
    otp_input.fill(totp.at(time.time() + 30))
    page.locator("#login-entrar").click()
    page.wait_for_url(re.compile(r"/admin/?$"), timeout=15_000)

    # The admin area: users and the audit log, with this journey in it.
    expect(page.get_by_role("heading", name="Usuários")).to_be_visible(timeout=10_000)
    expect(page.get_by_text(email).first).to_be_visible()
    audit = page.locator("#tabela-auditoria")
    expect(audit.get_by_text("2FA ativada", exact=True).first).to_be_visible()
    expect(audit.get_by_text("Login recusado", exact=True).first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "admin.png"), full_page=True)
    assert browser_log.page_errors == [], browser_log.page_errors


def test_vendedor_is_bounced_from_admin(page: Page, app_server: AppServer) -> None:
    email, password = app_server.login_for("vendedor")
    page.goto(routes.LOGIN + "?next=%2Fadmin")
    login(page, email, password)
    # Sent away from /admin, with nothing of the admin area rendered.
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/admin") and "/login" not in url, timeout=15_000)
    expect(page.get_by_role("heading", name="Usuários")).to_have_count(0)
    page.goto(routes.ADMIN)
    page.wait_for_url(lambda url: not url.rstrip("/").endswith("/admin"), timeout=15_000)
    # And the REST API agrees.
    token = page.evaluate("localStorage.getItem('aurora_token')")
    assert token
    answer = page.request.get("/api/v1/admin/usuarios", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 403 and answer.json()["code"] == "sem_permissao"
