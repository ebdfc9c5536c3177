"""Journey of the AI panel in a real browser (real default embedding, embedded worker): a
vendedor's won deal teaches a next step; opening a similar lead shows a sourced suggestion;
the vendedor votes on it; the semantic search box on /leads finds the note."""

from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect

from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, entrar


def _api(page: Page, app_server: AppServer, papel: str):  # noqa: ANN202
    email, senha = app_server.login_for(papel)
    token = page.request.post(app_server.url("/api/v1/auth/login"), data={"email": email, "password": senha}).json()[
        "access_token"
    ]
    headers = {"Authorization": f"Bearer {token}"}

    def post(path: str, body: dict) -> dict:
        r = page.request.post(app_server.url(f"/api/v1{path}"), data=body, headers=headers)
        assert r.ok, r.text()
        return r.json()

    return post


def test_painel_de_sugestoes_com_fonte_e_voto(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    page.set_default_timeout(TIMEOUT)
    post = _api(page, app_server, "vendedor")
    tag = secrets.token_hex(3)
    ganho = post(
        "/leads",
        {"nome": f"Frota de caminhões refrigerados {tag}", "empresa": "Transportes Gelo Sul", "valor": "90000.00"},
    )
    nota = f"Reunião presencial com o gerente de logística para demonstrar o rastreamento da frota refrigerada {tag}"
    post(f"/leads/{ganho['id']}/interacoes", {"tipo": "reuniao", "descricao": nota})
    post(f"/leads/{ganho['id']}/mover", {"estagio": "ganho"})
    alvo = post(
        "/leads",
        {"nome": f"Rastreamento de frota refrigerada {tag}", "empresa": "Frios Serra Ltda", "valor": "50000.00"},
    )
    post(
        f"/leads/{alvo['id']}/interacoes",
        {"tipo": "nota", "descricao": "Cliente quer rastrear caminhões refrigerados em tempo real"},
    )

    entrar(page, app_server, "vendedor")
    page.goto(routes.LEAD_DETALHE.replace("[id]", str(alvo["id"])))
    painel = page.locator("#painel-sugestoes")
    expect(painel.get_by_role("heading", name="Sugestões")).to_be_visible()
    fonte = (
        painel.locator(".ai-sugestao").filter(has_text=tag).filter(has_text="Próximo passo: agende uma reunião").first
    )
    carregando = painel.get_by_text("Buscando sugestões no histórico…")
    for _ in range(60):  # the embedded worker ingests within seconds; refresh until it has
        expect(carregando).to_have_count(0, timeout=60_000)
        if fonte.count():
            break
        page.wait_for_timeout(1000)
        painel.get_by_role("button", name="Atualizar sugestões").click()
    expect(fonte).to_be_visible()
    expect(fonte).to_contain_text(nota)  # grounded: the won deal's meeting note is its source
    link = fonte.locator(".ai-fonte").first
    expect(link).to_have_attribute("href", routes.LEAD_DETALHE.replace("[id]", str(ganho["id"])))
    page.screenshot(path=str(screenshot_dir / "ai-painel-lead.png"), full_page=True)
    fonte.locator(".ai-voto-up").click()
    expect(page.get_by_text("Obrigado! Seu voto ajusta as próximas sugestões.")).to_be_visible()

    page.goto(routes.LEADS)
    page.locator("#busca-ia").fill("demonstração do rastreamento de caminhões com frio")
    page.locator("#busca-ia-box").get_by_role("button", name="Buscar com IA").click()
    expect(page.locator(".ai-resultado", has_text=tag).first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "ai-busca-leads.png"), full_page=True)
    assert not browser_log.page_errors, browser_log.page_errors
