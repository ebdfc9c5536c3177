"""A salesperson's day in a real browser (issue 13): a task due today marked done and undone in
"Minhas tarefas", Ctrl+K to a cliente by CNPJ, a contact added and the task deleted on the cliente page (which lists the cliente's leads), and a
deleted cliente restored from the Lixeira."""

from __future__ import annotations

import secrets
from datetime import timedelta

from playwright.sync_api import Page, expect

from aurora_app.core.cnpj import calcular_dv, formatar_cnpj
from aurora_app.services.tarefas import dia_de_brasilia
from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, entrar

API = "/api/v1"


def _cnpj() -> str:
    base = "".join(secrets.choice("0123456789") for _ in range(12))
    return base + calcular_dv(base)


def _api(page: Page, app_server: AppServer, papel: str):  # noqa: ANN202
    email, senha = app_server.login_for(papel)
    token = page.request.post(f"{API}/auth/login", data={"email": email, "password": senha}).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    def call(method: str, path: str, data=None):  # noqa: ANN001, ANN202
        r = page.request.fetch(f"{API}{path}", method=method, data=data, headers=headers)
        assert r.ok, f"{method} {path}: {r.status} {r.text()}"
        return r.json() if r.status != 204 else None

    return call


def test_dia_do_vendedor(page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    api = _api(page, app_server, "vendedor")
    sufixo = secrets.token_hex(3).upper()
    cliente = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Hotel Brisa {sufixo} Ltda"})
    lead = api("POST", "/leads", {"nome": f"Implantação Brisa {sufixo}", "cliente_id": cliente["id"], "valor": "15000"})
    inicio, _ = dia_de_brasilia()
    texto = f"Ligar para confirmar proposta {sufixo}"
    api(
        "POST",
        f"/clientes/{cliente['id']}/interacoes",
        {"tipo": "tarefa", "descricao": texto, "vence_em": (inicio + timedelta(minutes=1)).isoformat()},
    )
    apagado = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Padaria Excluída {sufixo}"})
    api("DELETE", f"/clientes/{apagado['id']}")

    # --- The painel reminds of today's tasks; the navigation counts them
    page.goto(routes.PAINEL)
    expect(page.locator("#lembrete-tarefas")).to_contain_text("para hoje")
    contador = page.locator(".contador-tarefas:visible")
    expect(contador).to_have_count(1)
    antes = int(contador.inner_text())
    assert antes >= 1

    # --- Minhas tarefas: today's task, done, then undone from the toast
    page.locator("#lembrete-tarefas").get_by_role("link", name="Ver minhas tarefas").click()
    page.wait_for_url(f"**{routes.TAREFAS}?situacao=*")  # overdue first when there are any (demo data)
    page.goto(routes.TAREFAS)
    expect(page.get_by_role("heading", level=1, name="Minhas tarefas")).to_be_visible()
    tarefa = page.locator("#tarefas-lista .rt-Card", has_text=texto)
    expect(tarefa).to_be_visible()
    expect(tarefa.get_by_role("link", name=cliente["razao_social"])).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "tarefas-hoje.png"), full_page=True)
    tarefa.get_by_role("checkbox").click()
    expect(tarefa).to_have_count(0)
    if antes > 1:  # the badge follows at once
        expect(page.locator(".contador-tarefas:visible")).to_have_text(str(antes - 1))
    else:
        expect(page.locator(".contador-tarefas:visible")).to_have_count(0)
    page.get_by_role("button", name="Desfazer").click()
    expect(page.locator("#tarefas-lista .rt-Card", has_text=texto)).to_be_visible()

    # --- Ctrl+K, a CNPJ with its mask, Enter: the cliente page, which lists its lead and takes a contact
    page.keyboard.press("Control+k")
    busca = page.locator("#busca-global-q")
    expect(busca).to_be_focused()
    busca.fill(formatar_cnpj(cliente["cnpj"]))
    expect(page.locator("#busca-global-resultados")).to_contain_text(cliente["razao_social"])
    busca.press("Enter")
    page.wait_for_url(f"**{routes.cliente_url(cliente['id'])}")
    expect(page.locator("#cliente-leads")).to_contain_text(lead["nome"])
    expect(page.locator("#cliente-leads")).to_contain_text("R$ 15.000,00")
    page.locator("#novo-contato").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#campo-nome").fill("Maria Souza")
    dialog.locator("#campo-cargo").fill("Compras")
    dialog.locator("#campo-whatsapp").fill("11987654321")
    expect(dialog.locator("#campo-whatsapp")).to_have_value("(11) 98765-4321")
    dialog.locator("#salvar-contato").click()
    expect(page.locator("#cliente-contatos")).to_contain_text("Maria Souza")
    expect(page.locator("#cliente-contatos")).to_contain_text("Legítimo interesse")
    page.screenshot(path=str(screenshot_dir / "cliente-leads-contatos.png"), full_page=True)
    assert api("GET", f"/clientes/{cliente['id']}/contatos")["total"] == 1
    # the author deletes the task from the timeline (after a confirmation)
    item = page.locator(".timeline-item", has_text=texto)
    item.locator(".excluir-interacao").click()
    page.locator(".confirmar-exclusao").click()
    expect(page.locator(".timeline-item", has_text=texto)).to_have_count(0)
    assert api("GET", f"/clientes/{cliente['id']}/interacoes")["total"] == 0

    # --- Lixeira: restore the deleted cliente
    page.goto(routes.LIXEIRA)
    expect(page.get_by_role("heading", level=1, name="Lixeira")).to_be_visible()
    expect(page.locator("#lixeira-tabela")).to_contain_text(apagado["razao_social"])
    page.screenshot(path=str(screenshot_dir / "lixeira.png"), full_page=True)
    page.locator(f"#restaurar-cliente-{apagado['id']}").click()
    page.wait_for_url(f"**{routes.cliente_url(apagado['id'])}")
    expect(page.locator("#cliente-razao-social")).to_have_text(apagado["razao_social"])
    assert api("GET", f"/clientes/{apagado['id']}")["id"] == apagado["id"]
    assert not browser_log.page_errors, browser_log.page_errors


def _tab_ate(page: Page, seletor: str, limite: int = 120) -> None:
    """Press Tab until the focus is on ``seletor`` (the element is reachable from the keyboard)."""
    alvo = page.locator(seletor).first
    for _ in range(limite):
        if alvo.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{seletor} não recebeu o foco com Tab em {limite} passos")


def test_dia_do_vendedor_so_com_o_teclado(page: Page, app_server: AppServer, browser_log: BrowserLog) -> None:
    """Issue 13's "done when", keyboard only once logged in: Ctrl+K to a cliente by CNPJ, a contact
    added, a card dragged across the pipeline with space and the arrows, the move undone from the
    toast (Alt+T reaches it), and today's task ticked in "Minhas tarefas"."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    api = _api(page, app_server, "vendedor")
    sufixo = secrets.token_hex(3).upper()
    cliente = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Pousada Teclado {sufixo} Ltda"})
    lead = api("POST", "/leads", {"nome": f"Teclado {sufixo}", "cliente_id": cliente["id"], "valor": "900"})
    inicio, _ = dia_de_brasilia()
    tarefa_texto = f"Enviar proposta {sufixo}"
    api(
        "POST",
        f"/leads/{lead['id']}/interacoes",
        {"tipo": "tarefa", "descricao": tarefa_texto, "vence_em": (inicio + timedelta(minutes=2)).isoformat()},
    )
    page.goto(routes.PAINEL)
    expect(page.get_by_role("heading", level=1, name="Painel")).to_be_visible()

    # --- a search: Ctrl+K, the CNPJ, Enter
    page.keyboard.press("Control+k")
    expect(page.locator("#busca-global-q")).to_be_focused()
    page.keyboard.type(cliente["cnpj"])
    expect(page.locator("#busca-global-resultados")).to_contain_text(cliente["razao_social"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{routes.cliente_url(cliente['id'])}")
    expect(page.locator("#cliente-razao-social")).to_have_text(cliente["razao_social"])

    # --- a contact added: Tab to "+ Contato", Enter, type, Tab, Enter on "Salvar"
    _tab_ate(page, "#novo-contato")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    _tab_ate(page, "#campo-nome")
    page.keyboard.type("Rita Teclado")
    _tab_ate(page, "#campo-cargo")
    page.keyboard.type("Diretora")
    _tab_ate(page, "#salvar-contato")
    page.keyboard.press("Enter")
    expect(page.locator("#cliente-contatos")).to_contain_text("Rita Teclado")
    assert api("GET", f"/clientes/{cliente['id']}/contatos")["items"][0]["cargo"] == "Diretora"

    # --- the pipeline: Tab to the nav's "Leads", Enter; the card lifted with space, right, space
    _tab_ate(page, f'nav a[href="{routes.LEADS}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{routes.LEADS}")
    card = page.locator(f'.lead-arrastavel[data-rfd-draggable-id="{lead["id"]}"]')
    expect(card).to_be_visible()
    _tab_ate(page, f'.lead-arrastavel[data-rfd-draggable-id="{lead["id"]}"]', limite=200)
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)
    page.keyboard.press("Space")
    expect(page.get_by_text(f"“{lead['nome']}” movido para Qualificado.")).to_be_visible()
    assert api("GET", f"/leads/{lead['id']}")["estagio"] == "qualificado"

    # --- a mistake undone: Alt+T focuses the toasts, Tab reaches "Desfazer", Enter
    page.keyboard.press("Alt+t")
    _tab_ate(page, "[data-sonner-toast] button:has-text('Desfazer')", limite=10)
    page.keyboard.press("Enter")
    expect(page.locator("#coluna-novo .lead-card", has_text=lead["nome"])).to_have_count(1)
    assert api("GET", f"/leads/{lead['id']}")["estagio"] == "novo"

    # --- tasks due: Tab to "Minhas tarefas", Enter, Tab to today's task, Space ticks it
    _tab_ate(page, f'nav a[href="{routes.TAREFAS}"]', limite=300)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{routes.TAREFAS}*")
    tarefa = page.locator("#tarefas-lista .rt-Card", has_text=tarefa_texto)
    expect(tarefa).to_be_visible()
    _tab_ate(page, f"#tarefas-lista .rt-Card:has-text('{tarefa_texto}') [role=checkbox]")
    page.keyboard.press("Space")
    expect(tarefa).to_have_count(0)
    feitas = api("GET", "/tarefas?situacao=concluidas")["items"]
    assert any(t["descricao"] == tarefa_texto for t in feitas)
    assert not browser_log.page_errors, browser_log.page_errors


def test_lead_para_um_cliente_cadastrado_aparece_na_pagina_dele(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    """A lead created for an existing cliente, twice: from the pipeline's "Novo lead", picking the
    cliente while typing its CNPJ, and from the cliente page's "Novo lead" (the dialog comes tied to
    it). Both show on the cliente page with their stage and value; neither made a second cliente."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    api = _api(page, app_server, "vendedor")
    sufixo = secrets.token_hex(3).upper()
    cliente = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Hotel Brisa do Mar {sufixo} Ltda"})

    page.goto(routes.LEADS)
    page.locator("#novo-lead").click()
    dialogo = page.get_by_role("dialog")
    dialogo.locator("#campo-nome").fill(f"Implantação Brisa {sufixo}")
    dialogo.locator("#busca-cliente-lead").fill(formatar_cnpj(cliente["cnpj"]))
    opcao = dialogo.locator(".opcao-cliente", has_text=cliente["razao_social"])
    expect(opcao).to_have_count(1)
    page.screenshot(path=str(screenshot_dir / "lead-escolhe-cliente.png"))
    opcao.focus()
    page.keyboard.press("Enter")
    expect(dialogo.locator("#lead-cliente-escolhido")).to_contain_text(cliente["razao_social"])
    dialogo.get_by_role("button", name="Salvar").click()
    expect(page.get_by_text("Lead cadastrado.")).to_be_visible()

    page.goto(routes.cliente_url(cliente["id"]))
    leads = page.locator("#cliente-leads")
    expect(leads).to_contain_text(f"Implantação Brisa {sufixo}")
    page.locator("#novo-lead-do-cliente").click()
    page.wait_for_url(f"**{routes.LEADS}?novo_para={cliente['id']}")
    dialogo = page.get_by_role("dialog")
    expect(dialogo.locator("#lead-cliente-escolhido")).to_contain_text(cliente["razao_social"])
    dialogo.locator("#campo-nome").fill(f"Ampliação Brisa {sufixo}")
    dialogo.locator("#campo-valor").fill("2.500,00")
    dialogo.get_by_role("button", name="Salvar").click()
    expect(page.get_by_text("Lead cadastrado.")).to_be_visible()

    page.goto(routes.cliente_url(cliente["id"]))
    expect(leads).to_contain_text(f"Ampliação Brisa {sufixo}")
    expect(leads).to_contain_text("R$ 2.500,00")
    page.screenshot(path=str(screenshot_dir / "cliente-com-leads.png"), full_page=True)
    ligados = api("GET", f"/clientes/{cliente['id']}/leads")["items"]
    assert sorted(x["nome"] for x in ligados) == [f"Ampliação Brisa {sufixo}", f"Implantação Brisa {sufixo}"]
    assert api("GET", f"/clientes?busca=Brisa do Mar {sufixo}")["total"] == 1  # no second cliente
    assert not browser_log.page_errors, browser_log.page_errors
