"""/cnpj in a real browser: look a CNPJ up in the fake CNPJá, register it, land on the new cliente,
add the company's partners as its contacts.

The app under test calls the session's fake CNPJá (``fake_cnpja_server`` in tests/e2e/conftest.py
starts it before ``app_server`` and points the app's ``CNPJA_*`` variables at it).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog, goto_as
from tests.fakes.cnpja_server import FakeCNPJa


def _abrir(page: Page, app_server: AppServer, path: str = routes.CNPJ) -> None:
    """Open /cnpj as a vendedor and wait until its on_load ran (typing before the websocket is up
    would be lost)."""
    goto_as(page, app_server, path, papel="vendedor")
    expect(page.locator('#cnpj-pagina[data-pronto="1"]')).to_be_attached(timeout=15_000)


def test_lookup_register_and_open_cliente(
    page: Page, app_server: AppServer, fake_cnpja: FakeCNPJa, browser_log: BrowserLog, screenshot_dir
) -> None:
    _abrir(page, app_server)
    expect(page.get_by_role("heading", level=1, name="Consulta CNPJ")).to_be_visible()

    entrada = page.locator("#cnpj-entrada")
    # The mask: typed digits come back formatted.
    entrada.press_sequentially("33000167000101", delay=20)
    expect(entrada).to_have_value("33.000.167/0001-01")
    page.locator("#cnpj-consultar").click()

    expect(page.locator("#cnpj-razao-social")).to_have_text("Distribuidora Horizonte Sul Ltda", timeout=15_000)
    expect(page.locator("#cnpj-situacao")).to_have_text("Ativa")
    expect(page.locator("#cnpj-fonte")).to_contain_text("CNPJá (API comercial)")
    expect(page.locator("#cnpj-simples")).to_contain_text("Optante desde 01/01/2015")
    resultado = page.locator("#cnpj-resultado")
    expect(resultado).to_contain_text("4639-7/01")
    expect(resultado).to_contain_text("Transporte rodoviario de carga")
    expect(resultado).to_contain_text("Rua dos Andradas, 1001")
    expect(resultado).to_contain_text("(51) 3212-4400")
    expect(resultado).to_contain_text("compras@horizontesul.example")
    expect(resultado).to_contain_text("Marcos Teixeira")
    expect(resultado).to_contain_text("***.482.913-**")
    assert fake_cnpja.count("paid") == 1
    page.screenshot(path=str(screenshot_dir / "cnpj-resultado.png"), full_page=True)

    # One click: registered, and the browser lands on the new cliente.
    page.locator("#cnpj-cadastrar").click()
    page.wait_for_url(re.compile(r"/clientes/\d+$"), timeout=15_000)
    expect(page.locator("#cliente-razao-social")).to_have_text("Distribuidora Horizonte Sul Ltda", timeout=15_000)
    expect(page.locator("#cliente-cnpj")).to_contain_text("33.000.167/0001-01")
    cliente_url = page.url

    # Looking it up again: served from cache, and the page offers to open the existing cliente.
    _abrir(page, app_server, routes.CNPJ + "?cnpj=33000167000101")
    expect(page.locator("#cnpj-fonte")).to_contain_text("Cache do Aurora", timeout=15_000)
    abrir = page.locator("#cnpj-abrir-cliente")
    expect(abrir).to_be_visible()
    expect(page.locator("#cnpj-cadastrar")).to_have_count(0)
    assert fake_cnpja.count("paid") == 1
    abrir.click()
    page.wait_for_url(cliente_url, timeout=15_000)

    # The partners become contacts in one click (from the cache: no new paid lookup); twice adds nobody.
    contatos = page.locator("#cliente-contatos")
    page.locator("#socios-como-contatos").click()
    expect(page.get_by_text("2 sócios adicionados como contatos.")).to_be_visible(timeout=15_000)
    expect(contatos).to_contain_text("Marcos Teixeira")
    expect(contatos).to_contain_text("Socio-Administrador")
    expect(contatos).to_contain_text("Luiza Teixeira")
    page.locator("#socios-como-contatos").click()
    expect(page.get_by_text("Nenhum sócio novo", exact=False)).to_be_visible()
    assert fake_cnpja.count("paid") == 1
    page.screenshot(path=str(screenshot_dir / "cliente-socios-contatos.png"), full_page=True)

    assert not browser_log.page_errors, browser_log.page_errors


def test_alphanumeric_mask_red_badge_and_invalid_input(
    page: Page, app_server: AppServer, fake_cnpja: FakeCNPJa, browser_log: BrowserLog, screenshot_dir
) -> None:
    _abrir(page, app_server)
    entrada = page.locator("#cnpj-entrada")

    # Invalid check digits: a clear message and no upstream call.
    entrada.press_sequentially("33000167000102", delay=10)
    page.locator("#cnpj-consultar").click()
    expect(page.get_by_role("alert")).to_contain_text("dígitos verificadores")
    assert fake_cnpja.count() == 0

    # Alphanumeric, typed in lower case: masked and upper-cased.
    entrada.fill("")
    entrada.press_sequentially("7kq2m5xa000141", delay=20)
    expect(entrada).to_have_value("7K.Q2M.5XA/0001-41")
    entrada.press("Enter")
    expect(page.locator("#cnpj-razao-social")).to_have_text("Lumen Energia Solar S.A.", timeout=15_000)

    # An "Inapta" company gets a red badge.
    entrada.fill("")
    entrada.press_sequentially("19131243000197", delay=10)
    page.locator("#cnpj-consultar").click()
    badge = page.locator("#cnpj-situacao")
    expect(badge).to_have_text("Inapta", timeout=15_000)
    assert badge.get_attribute("data-accent-color") == "red"
    page.screenshot(path=str(screenshot_dir / "cnpj-inapta.png"), full_page=True)
    assert not browser_log.page_errors, browser_log.page_errors
