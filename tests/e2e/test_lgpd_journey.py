"""The encarregado's console in a real browser (issue 16): a titular's access request answered
(search, export) and an anonymisation request carried out from /admin/lgpd, after which the
person is found nowhere; a vendedor is sent away."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from aurora_app.core.config import normalise_database_url
from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, entrar
from tests.e2e.test_workflow_journey import _api, _cnpj


def _marcar_encarregado(app_server: AppServer, email: str, valor: bool = True) -> None:
    engine = create_engine(normalise_database_url(app_server.env["DATABASE_URL"]))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE usuario SET encarregado = :v WHERE lower(email) = lower(:e)"), {"v": valor, "e": email}
        )
    engine.dispose()


@pytest.fixture
def gerente_encarregado(app_server: AppServer) -> Iterator[None]:
    """The demo gerente marked encarregado for one test (the session's server is shared)."""
    email, _ = app_server.login_for("gerente")
    _marcar_encarregado(app_server, email)
    yield
    _marcar_encarregado(app_server, email, False)


def test_encarregado_atende_acesso_e_anonimizacao(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir, gerente_encarregado
) -> None:
    page.set_default_timeout(TIMEOUT)
    api = _api(page, app_server, "gerente")
    sufixo = secrets.token_hex(3)
    nome = f"Helena Ribeiro Tavares {sufixo}"
    email = f"helena.{sufixo}@titular.com.br"
    cliente = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Clínica Tavares {sufixo} Ltda"})
    api("POST", f"/clientes/{cliente['id']}/contatos", {"nome": nome, "email": email, "telefone": "(21) 99876-5432"})
    lead = api(
        "POST", "/leads", {"nome": f"Prontuário eletrônico {sufixo}", "contato": nome, "email": email, "valor": "9000"}
    )
    api("POST", f"/leads/{lead['id']}/interacoes", {"tipo": "nota", "descricao": f"{nome} pediu retorno em {email}."})

    entrar(page, app_server, "gerente")
    page.goto(routes.PAINEL)
    expect(page.get_by_role("link", name="LGPD").first).to_be_attached()
    page.goto(routes.LGPD)

    # An access request registered, then answered: search and export
    page.locator("#sol-nome").fill(nome)
    page.locator("#sol-email").fill(email)
    page.locator("#sol-registrar").click()
    linha = page.locator(".lgpd-solicitacao", has_text=nome)
    expect(linha).to_have_count(1)
    expect(linha).to_contain_text("Aberta")

    page.locator("#lgpd-busca").fill(email)
    page.locator("#lgpd-buscar").click()
    resultados = page.locator(".lgpd-resultado")
    expect(resultados.first).to_be_visible()
    expect(page.locator("#lgpd-resultados")).to_contain_text("Contato")
    expect(page.locator("#lgpd-resultados")).to_contain_text("Interação")
    expect(page.locator("#lgpd-email")).to_have_value(email)
    page.locator("#lgpd-exportar").click()
    expect(page.locator("#lgpd-exportado")).to_contain_text(nome)
    expect(page.locator("#lgpd-exportado")).to_contain_text("base_legal")
    page.screenshot(path=str(screenshot_dir / "lgpd-exportacao.png"), full_page=True)

    # Anonymisation: the confirmation lists what changes; the motivo is required
    page.locator("#lgpd-anonimizar").click()
    expect(page.locator("#lgpd-previa")).to_contain_text("contatos")
    expect(page.locator("#lgpd-confirmar")).to_be_disabled()
    page.locator("#lgpd-motivo").fill("Pedido de eliminação do titular por e-mail")
    page.locator("#lgpd-confirmar").click()
    expect(page.get_by_text("Titular anonimizado:").first).to_be_visible()

    page.locator("#lgpd-busca").fill(email)
    page.locator("#lgpd-buscar").click()
    expect(page.locator("#lgpd-nada")).to_be_visible()
    page.locator("#lgpd-busca").fill(nome)
    page.locator("#lgpd-buscar").click()
    expect(page.locator("#lgpd-nada")).to_be_visible()

    # The request, now with its titular anonymised, is concluded
    linha = page.locator(".lgpd-solicitacao", has_text="Titular anonimizado").first
    linha.get_by_role("button", name="Concluir", exact=False).click()
    expect(page.locator(".lgpd-solicitacao", has_text="Concluída").first).to_be_visible()
    assert api("GET", f"/lgpd/titulares?q={email}") == {"items": []}
    assert browser_log.csp_errors() == []


def test_vendedor_nao_entra(page: Page, app_server: AppServer) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    page.goto(routes.LGPD)
    expect(page).to_have_url(app_server.url(routes.PAINEL), timeout=TIMEOUT)
    expect(page.get_by_role("link", name="LGPD")).to_have_count(0)


def test_consentimento_revogado_no_contato_vira_solicitacao(
    page: Page, app_server: AppServer, gerente_encarregado
) -> None:
    page.set_default_timeout(TIMEOUT)
    api = _api(page, app_server, "gerente")
    sufixo = secrets.token_hex(3)
    nome = f"Caio Moreira Dantas {sufixo}"
    cliente = api("POST", "/clientes", {"cnpj": _cnpj(), "razao_social": f"Ótica Dantas {sufixo} Ltda"})
    api(
        "POST",
        f"/clientes/{cliente['id']}/contatos",
        {
            "nome": nome,
            "email": f"caio.{sufixo}@titular.com.br",
            "base_legal": "consentimento",
            "consentimento_em": "2026-02-01T12:00:00Z",
            "consentimento_origem": "formulário da feira",
        },
    )

    entrar(page, app_server, "gerente")
    page.goto(routes.cliente_url(cliente["id"]))
    page.get_by_role("button", name=f"Revogar consentimento de {nome}").click()
    expect(page.locator(".consentimento-revogado")).to_be_visible()
    page.goto(routes.LGPD)
    linha = page.locator(".lgpd-solicitacao", has_text=nome)
    expect(linha).to_contain_text("Consentimento revogado")
    expect(linha).to_contain_text("Aberta")

    # An overdue request shows on the painel and beside the navigation entry
    atrasada = api(
        "POST",
        "/lgpd/solicitacoes",
        {"tipo": "acesso", "titular_nome": f"Atrasado {sufixo}", "recebida_em": "2026-01-05T12:00:00Z"},
    )
    assert atrasada["atrasada"] is True
    try:
        page.goto(routes.PAINEL)
        expect(page.locator("#lembrete-lgpd")).to_contain_text("prazo legal")
        expect(page.locator(".contador-lgpd:visible")).to_have_count(1)
    finally:  # no open request left behind: other journeys read the admin's navigation
        for sol in api("GET", "/lgpd/solicitacoes?limite=200")["items"]:
            if sol["estado"] in ("aberta", "em_andamento"):
                api("PATCH", f"/lgpd/solicitacoes/{sol['id']}", {"estado": "concluida"})
