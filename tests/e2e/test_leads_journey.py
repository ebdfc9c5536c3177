"""Journey of /leads in a real browser: create a lead, move it across the kanban through the stage
menu (and see the "perdido" reason asked), convert it, and find the new cliente."""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from aurora_app.core.cnpj import calcular_dv, formatar_cnpj
from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, alternar_tema, entrar

BRL = re.compile(r"R\$ \d{1,3}(\.\d{3})*,\d{2}")


def cnpj_numerico() -> str:
    base = "".join(secrets.choice("0123456789") for _ in range(12))
    return base + calcular_dv(base)


def mover(page: Page, card, estagio: str) -> None:  # noqa: ANN001
    card.locator(".mover-lead").click()
    page.locator(f".mover-para-{estagio}").click()


def test_lead_criar_mover_converter(page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    page.goto(routes.LEADS)
    expect(page.get_by_role("heading", level=1, name="Leads")).to_be_visible()
    for nome in ("Novo", "Qualificado", "Proposta", "Negociação", "Ganho", "Perdido"):
        expect(page.get_by_role("heading", level=2, name=nome, exact=True)).to_be_visible()
    # each column shows its count and its total in R$ (seeded leads in every stage)
    for estagio in ("novo", "ganho", "perdido"):
        expect(page.locator(f"#coluna-{estagio} .total")).to_have_text(BRL)
        expect(page.locator(f"#coluna-{estagio} .lead-card").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "leads-kanban-claro.png"), full_page=True)

    # --- create
    sufixo = secrets.token_hex(3).upper()
    nome = f"Lead Jornada {sufixo}"
    empresa = f"Empresa Jornada {sufixo} S.A."
    cnpj = cnpj_numerico()
    page.locator("#novo-lead").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Novo lead")).to_be_visible()
    dialog.locator("#campo-nome").fill(nome)
    dialog.locator("#campo-empresa").fill(empresa)
    dialog.locator("#campo-cnpj").fill(cnpj)
    expect(dialog.locator("#campo-cnpj")).to_have_value(formatar_cnpj(cnpj))
    dialog.locator("#campo-contato").fill("Maria Souza")
    dialog.locator("#campo-telefone").fill("21912345678")
    expect(dialog.locator("#campo-telefone")).to_have_value("(21) 91234-5678")
    dialog.locator("#campo-origem").click()
    page.get_by_role("option", name="Indicação").click()
    dialog.locator("#campo-valor").fill("15000")
    dialog.locator("#campo-valor").blur()
    expect(dialog.locator("#campo-valor")).to_have_value("15.000,00")
    dialog.locator("#campo-previsao_fechamento").fill("31032027")
    expect(dialog.locator("#campo-previsao_fechamento")).to_have_value("31/03/2027")
    page.screenshot(path=str(screenshot_dir / "leads-dialogo-novo-claro.png"))
    dialog.locator("#salvar-lead").click()
    expect(page.get_by_text("Lead cadastrado.")).to_be_visible()

    card = page.locator("#coluna-novo .lead-card", has_text=nome)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("R$ 15.000,00")
    expect(card).to_contain_text("31/03/2027")

    # --- move across the board through the stage menu
    mover(page, card, "qualificado")
    card = page.locator("#coluna-qualificado .lead-card", has_text=nome)
    expect(card).to_have_count(1)
    expect(page.locator("#coluna-novo .lead-card", has_text=nome)).to_have_count(0)
    mover(page, card, "proposta")
    card = page.locator("#coluna-proposta .lead-card", has_text=nome)
    expect(card).to_have_count(1)

    # "perdido" asks the reason; an empty reason is refused; cancel keeps the stage
    mover(page, card, "perdido")
    perda = page.get_by_role("dialog")
    expect(perda.get_by_role("heading", name="Marcar como perdido")).to_be_visible()
    perda.locator("#confirmar-perda").click()
    expect(perda.get_by_text("Informe o motivo da perda.")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "leads-motivo-perda-claro.png"))
    perda.get_by_role("button", name="Cancelar").click()
    expect(page.locator("#coluna-proposta .lead-card", has_text=nome)).to_have_count(1)

    mover(page, card, "negociacao")
    card = page.locator("#coluna-negociacao .lead-card", has_text=nome)
    expect(card).to_have_count(1)
    alternar_tema(page)
    page.screenshot(path=str(screenshot_dir / "leads-kanban-escuro.png"), full_page=True)
    alternar_tema(page)

    # --- list view finds it
    page.get_by_role("radio", name="Lista").click()
    page.locator("#busca-leads").fill(sufixo)
    expect(page.locator("table tbody tr")).to_have_count(1)  # the debounced search filtered the list
    linha = page.locator("table tbody tr", has_text=nome)
    expect(linha).to_have_count(1)
    expect(linha).to_contain_text("Negociação")
    expect(linha).to_contain_text("R$ 15.000,00")
    page.screenshot(path=str(screenshot_dir / "leads-lista-claro.png"), full_page=True)

    # --- detail, timeline, conversion
    linha.get_by_role("link", name=nome).click()
    page.wait_for_url(re.compile(r"/leads/\d+$"))
    expect(page.locator("#lead-nome")).to_have_text(nome)
    expect(page.locator("#lead-estagio")).to_have_text("Negociação")
    page.locator("#nova-descricao").fill(f"Reunião de fechamento {sufixo} marcada.")
    page.locator("#registrar-interacao").click()
    expect(page.locator("#timeline .timeline-item").first).to_contain_text(f"Reunião de fechamento {sufixo}")
    # the kanban moves were recorded by the system, as quiet lines nobody can delete
    historico = page.locator("#timeline .timeline-sistema")
    expect(historico.filter(has_text="Estágio: Proposta → Negociação")).to_have_count(1)
    expect(historico.locator(".excluir-interacao")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / "lead-detalhe-claro.png"), full_page=True)

    page.locator("#converter-lead").click()
    page.locator("#confirmar-conversao").click()  # conversion asks first (issue 12)
    page.wait_for_url(re.compile(r"/clientes/\d+$"))
    expect(page.locator("#cliente-razao-social")).to_have_text(empresa)
    expect(page.locator("#cliente-cnpj")).to_have_text(formatar_cnpj(cnpj))

    # --- the new cliente is found in /clientes
    page.goto(routes.CLIENTES)
    page.locator("#busca-clientes").fill(formatar_cnpj(cnpj))
    expect(page.locator("table tbody tr", has_text=empresa)).to_have_count(1)

    # the lead is now won and linked (the page remembers the list view: back to the board)
    page.goto(routes.LEADS)
    expect(page.locator("#busca-leads")).to_be_visible()  # hydrated in the remembered list view
    page.get_by_role("radio", name="Kanban").click()
    expect(page.locator("#coluna-ganho .lead-card", has_text=nome)).to_have_count(1)
    # the remembered search narrows the board too: one card, and the column counts follow it
    expect(page.locator("#busca-leads")).to_have_value(sufixo)
    expect(page.locator(".lead-card")).to_have_count(1)
    expect(page.locator("#coluna-ganho .contagem")).to_have_text("1")
    page.locator("#busca-leads").fill("")
    expect(page.locator(".lead-card")).not_to_have_count(1)

    assert not browser_log.page_errors, browser_log.page_errors


def test_paginas_no_celular(page: Page, app_server: AppServer, screenshot_dir) -> None:
    """Phone width: the page itself never scrolls sideways (tables and the board scroll inside)."""
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size({"width": 390, "height": 844})
    entrar(page, app_server, "vendedor")
    for rota, nome, pronto in (
        (routes.CLIENTES, "clientes", "table tbody tr"),
        (routes.LEADS, "leads", "#coluna-novo"),
    ):
        page.goto(rota)
        expect(page.locator(pronto).first).to_be_visible()
        expect(page.locator("#conteudo")).to_have_attribute("aria-busy", "false")  # the page has loaded
        largura = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
        assert largura[0] <= largura[1], (rota, largura)
        # What the test waits for is what a person sees: nothing (a clipping card) covers it.
        visto = page.locator(pronto).first.evaluate(
            "el => { el.scrollIntoView({block: 'start'}); const r = el.getBoundingClientRect();"
            " const y = Math.min(Math.max(r.y, 0) + Math.min(r.height / 2, 20), window.innerHeight - 1);"
            " const topo = document.elementFromPoint(r.x + r.width / 2, y);"
            " return r.height > 0 && !!topo && el.contains(topo)"
            " || [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),"
            " topo && topo.outerHTML.slice(0, 200)]; }"
        )
        page.screenshot(path=str(screenshot_dir / f"{nome}-celular-claro.png"), full_page=False)
        assert visto is True, (rota, pronto, "not visible at phone width", visto)
