"""Bulk actions on the /leads list in a real browser (issue 13): a gerente ticks three leads,
reassigns them to a vendedor after a confirmation that says how many, and the API has each one
with its new owner (each record audited on its own: tests/services/test_lote.py); then the row's
quick reassign hands one back."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from aurora_app.ui import routes
from tests.builders import novo_cnpj
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, entrar
from tests.e2e.test_ux_walk import _axe
from tests.e2e.test_workflow_journey import _api


def test_reatribuir_tres_leads_em_lote(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    api = _api(page, app_server, "gerente")
    sufixo = secrets.token_hex(3).upper()
    ids = [api("POST", "/leads", {"nome": f"Lote {sufixo} {i}", "valor": "100"})["id"] for i in range(3)]

    page.goto(routes.LEADS)
    page.get_by_role("radio", name="Lista").click()
    page.locator("#busca-leads").fill(f"Lote {sufixo}")
    linhas = page.locator("table tbody tr")
    expect(linhas).to_have_count(3)
    for i in range(3):
        page.get_by_role("checkbox", name=f"Selecionar Lote {sufixo} {i}").click()
    expect(page.locator("#lote-contagem")).to_contain_text("3 selecionados")
    page.screenshot(path=str(screenshot_dir / "leads-lote-barra.png"), full_page=True)
    assert not _axe(page), _axe(page)

    page.locator("#lote-reatribuir").click()
    dialogo = page.get_by_role("alertdialog")
    expect(dialogo.locator("#lote-pergunta")).to_have_text("Reatribuir 3 leads para quem?")
    dialogo.get_by_role("combobox", name="Novo responsável").click()
    page.get_by_role("option").filter(has_text="Vendedor").first.click()
    expect(dialogo.locator("#lote-pergunta")).to_contain_text("Reatribuir 3 leads para ")
    nome = dialogo.locator("#lote-pergunta").inner_text().removeprefix("Reatribuir 3 leads para ").removesuffix("?")
    page.screenshot(path=str(screenshot_dir / "leads-lote-confirmar.png"))
    dialogo.locator("#lote-confirmar").click()
    expect(page.get_by_text("3 leads reatribuídos.")).to_be_visible()
    expect(page.locator("#barra-lote")).to_have_count(0)
    donos = {api("GET", f"/leads/{i}")["responsavel_nome"] for i in ids}
    assert donos == {nome}
    expect(linhas.filter(has_text=nome)).to_have_count(3)

    # the row's quick reassign: one lead back to the gerente
    linhas.filter(has_text=f"Lote {sufixo} 0").locator(".reatribuir-lead").click()
    expect(dialogo.locator("#lote-pergunta")).to_have_text("Reatribuir 1 lead para quem?")
    dialogo.get_by_role("combobox", name="Novo responsável").click()
    page.get_by_role("option").filter(has_text="Gerente").first.click()
    dialogo.locator("#lote-confirmar").click()
    expect(page.get_by_text("1 lead reatribuído.")).to_be_visible()
    assert api("GET", f"/leads/{ids[0]}")["responsavel_nome"] != nome
    assert not browser_log.page_errors, browser_log.page_errors


def test_filtros_na_url_reproduzem_a_lista(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    """Filters and the sort order chosen in the list go to the address; opening that address in a
    new tab shows the same list."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    api = _api(page, app_server, "gerente")
    sufixo = secrets.token_hex(3).upper()
    api("POST", "/leads", {"nome": f"Faixa {sufixo} caro", "valor": "8000", "origem": "evento"})
    api("POST", "/leads", {"nome": f"Faixa {sufixo} barato", "valor": "80", "origem": "evento"})

    page.goto(routes.LEADS)
    page.get_by_role("radio", name="Lista").click()
    page.locator("#busca-leads").fill(f"Faixa {sufixo}")
    linhas = page.locator("table tbody tr")
    expect(linhas).to_have_count(2)
    page.get_by_role("combobox", name="Filtrar por origem").click()
    page.get_by_role("option", name="Evento").click()
    page.locator("#filtro-valor-min").fill("1.000")
    page.locator("#filtro-valor-min").press("Tab")
    expect(linhas).to_have_count(1)
    expect(linhas.first).to_contain_text("caro")
    expect(page).to_have_url(re.compile(r"origem=evento"))
    expect(page).to_have_url(re.compile(r"valor_min=1.000"))
    page.screenshot(path=str(screenshot_dir / "leads-filtros-url.png"), full_page=True)

    # sort by value: the header says so (aria-sort), the address too
    page.locator("#filtro-valor-min").fill("")
    page.locator("#filtro-valor-min").press("Tab")
    expect(linhas).to_have_count(2)
    page.locator(".ordenar-valor").click()
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Valor")
    expect(linhas.first).to_contain_text("caro")
    page.locator(".ordenar-valor").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Valor")
    expect(linhas.first).to_contain_text("barato")
    expect(page).to_have_url(re.compile(r"ordem=valor"))
    page.locator("#filtro-valor-min").fill("1.000")
    page.locator("#filtro-valor-min").press("Tab")
    expect(linhas).to_have_count(1)

    # the same view on a phone, dark theme: filters wrap, rows become cards with their checkbox
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    page.wait_for_timeout(300)
    expect(linhas).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "leads-filtros-celular-escuro.png"), full_page=True)
    assert not _axe(page), _axe(page)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1366, "height": 900})

    outra = page.context.new_page()
    outra.goto(page.url)
    expect(outra.locator("table tbody tr")).to_have_count(1)
    expect(outra.locator("#filtro-valor-min")).to_have_value("1.000")
    expect(outra.locator("#busca-leads")).to_have_value(f"Faixa {sufixo}")
    expect(outra.locator("th[aria-sort=ascending]")).to_contain_text("Valor")
    outra.close()
    assert not browser_log.page_errors, browser_log.page_errors


def test_visao_salva_e_colunas_ordenaveis_de_clientes(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    """A vendedor sorts clientes by name from the header (the address follows), saves the view
    ("SP por nome"), clears the filters, and gets the same list back from the "Visões" menu; a link
    to the address opens the same sorted list; the view is deleted from the menu."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    api = _api(page, app_server, "vendedor")
    sufixo = secrets.token_hex(3).upper()
    for nome, uf in (("Zulu", "SP"), ("alfa", "SP"), ("Mike", "RJ")):
        api("POST", "/clientes", {"cnpj": novo_cnpj(), "razao_social": f"{nome} Visão {sufixo}", "uf": uf})

    page.goto(routes.CLIENTES)
    page.locator("#busca-clientes").fill(f"Visão {sufixo}")
    linhas = page.locator("table tbody tr")
    expect(linhas).to_have_count(3)
    page.locator(".ordenar-razao_social").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Razão social")
    expect(linhas.first).to_contain_text("alfa Visão")
    expect(page).to_have_url(re.compile(r"ordem=razao_social"))
    page.get_by_role("combobox", name="Filtrar por UF").click()
    page.get_by_role("option", name="SP", exact=True).click()
    expect(linhas).to_have_count(2)
    expect(page).to_have_url(re.compile(r"uf=SP"))

    page.locator("#menu-visoes").click()
    page.get_by_role("menuitem", name="Salvar visão atual…").click()
    page.locator("#nome-visao").fill(f"SP por nome {sufixo}")
    page.screenshot(path=str(screenshot_dir / "clientes-salvar-visao.png"))
    page.locator("#nome-visao").press("Enter")
    expect(page.get_by_text(f"Visão “SP por nome {sufixo}” salva.")).to_be_visible()
    assert [v["parametros"] for v in api("GET", "/visoes?lista=clientes") if v["nome"] == f"SP por nome {sufixo}"] == [
        {"busca": f"Visão {sufixo}", "uf": "SP", "ordem": "razao_social"}
    ]
    endereco = page.url

    page.get_by_role("button", name="Limpar").click()
    expect(page.locator("#busca-clientes")).to_have_value("")
    page.locator("#menu-visoes").click()
    page.get_by_role("menuitem", name=f"SP por nome {sufixo}").click()
    expect(linhas).to_have_count(2)
    expect(linhas.first).to_contain_text("alfa Visão")
    expect(page.locator("#busca-clientes")).to_have_value(f"Visão {sufixo}")
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    page.locator("#menu-visoes").click()
    expect(page.get_by_role("menuitem", name=f"SP por nome {sufixo}")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "clientes-visoes-celular-escuro.png"), full_page=True)
    page.keyboard.press("Escape")  # an open Radix menu hides the page from assistive tech: axe runs after
    expect(page.get_by_role("menu")).to_have_count(0)
    assert not _axe(page), _axe(page)
    page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1366, "height": 900})

    outra = page.context.new_page()  # the address is the view too
    outra.goto(endereco)
    expect(outra.locator("table tbody tr")).to_have_count(2)
    expect(outra.locator("th[aria-sort=ascending]")).to_contain_text("Razão social")
    outra.close()

    page.locator("#menu-visoes").click()
    page.get_by_role("menuitem", name="Excluir visão").click()
    page.locator(".excluir-visao").filter(has_text=f"SP por nome {sufixo}").click()
    expect(page.get_by_text(f"Visão “SP por nome {sufixo}” excluída.")).to_be_visible()
    assert all(v["nome"] != f"SP por nome {sufixo}" for v in api("GET", "/visoes?lista=clientes"))
    assert not browser_log.page_errors, browser_log.page_errors
