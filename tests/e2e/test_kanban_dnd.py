"""Drag and drop on the /leads board in a real browser: a card dragged with the mouse to another
column (the API sees the new stage), a drag to Perdido that asks the reason, a keyboard move
(space lifts, arrow right, space drops) and a keyboard reorder within a column (arrow up). @hello-pangea/dnd reacts to real pointer moves, so the
mouse goes down, travels in steps and comes up."""

from __future__ import annotations

import secrets

from playwright.sync_api import Locator, Page, expect

from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, entrar
from tests.e2e.test_ux_walk import _axe


def _token(page: Page, app_server: AppServer) -> str:
    email, senha = app_server.login_for("gerente")
    resp = page.request.post("/api/v1/auth/login", data={"email": email, "password": senha})
    assert resp.ok, resp.text()
    return resp.json()["access_token"]


def _criar_lead(page: Page, token: str, nome: str) -> int:
    resp = page.request.post(
        "/api/v1/leads", data={"nome": nome, "empresa": "Arrasta Ltda"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status == 201, resp.text()
    return resp.json()["id"]


def _lead(page: Page, token: str, lead_id: int) -> dict:
    resp = page.request.get(f"/api/v1/leads/{lead_id}", headers={"Authorization": f"Bearer {token}"})
    assert resp.ok, resp.text()
    return resp.json()


def _card(page: Page, estagio: str, nome: str) -> Locator:
    return page.locator(f"#coluna-{estagio} .lead-card", has_text=nome)


def arrastar(page: Page, card: Locator, estagio: str) -> None:
    """Press on the card's value (not its link or menu), travel to the column, release."""
    card.scroll_into_view_if_needed()
    origem = card.locator(".valor").bounding_box()
    destino = page.locator(f"#coluna-{estagio} .coluna-cards").bounding_box()
    assert origem and destino
    x, y = origem["x"] + origem["width"] / 2, origem["y"] + origem["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)  # past the library's 5 px threshold: the drag starts
    page.mouse.move(destino["x"] + destino["width"] / 2, destino["y"] + 20, steps=25)
    page.wait_for_timeout(250)  # the library settles the destination
    page.mouse.up()


def test_arrastar_cards_pelo_quadro(page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    token = _token(page, app_server)
    sufixo = secrets.token_hex(3).upper()
    nome_a, nome_b, nome_c = f"Arrasto A {sufixo}", f"Arrasto B {sufixo}", f"Arrasto C {sufixo}"
    id_c = _criar_lead(page, token, nome_c)
    id_a, id_b = _criar_lead(page, token, nome_a), _criar_lead(page, token, nome_b)

    page.goto(routes.LEADS)
    expect(_card(page, "novo", nome_a)).to_have_count(1)
    expect(_card(page, "novo", nome_b)).to_have_count(1)
    contagem_proposta = int(page.locator("#coluna-proposta .contagem").inner_text())
    page.screenshot(path=str(screenshot_dir / "leads-kanban-arrastavel-claro.png"), full_page=True)
    # the draggable cards keep the board accessible (no nested-interactive "button" around links)
    assert not _axe(page), _axe(page)

    # --- mouse: Novo → Proposta; the API has it, the column count follows
    arrastar(page, _card(page, "novo", nome_a), "proposta")
    expect(_card(page, "proposta", nome_a)).to_have_count(1)
    expect(_card(page, "novo", nome_a)).to_have_count(0)
    expect(page.get_by_text(f"“{nome_a}” movido para Proposta.")).to_be_visible()
    assert _lead(page, token, id_a)["estagio"] == "proposta"
    expect(page.locator("#coluna-proposta .contagem")).to_have_text(str(contagem_proposta + 1))

    # --- mouse: to Perdido asks the reason; the card moves only once it is given
    arrastar(page, _card(page, "proposta", nome_a), "perdido")
    perda = page.get_by_role("dialog")
    expect(perda.get_by_role("heading", name="Marcar como perdido")).to_be_visible()
    assert _lead(page, token, id_a)["estagio"] == "proposta"
    perda.locator("#motivo-perda").fill("Escolheu o concorrente")
    perda.locator("#confirmar-perda").click()
    expect(_card(page, "perdido", nome_a)).to_have_count(1)
    lido = _lead(page, token, id_a)
    assert (lido["estagio"], lido["motivo_perda"]) == ("perdido", "Escolheu o concorrente")

    # --- keyboard: focus the card, space lifts, arrow right goes to Qualificado, space drops
    alca = page.locator(f'.lead-arrastavel[data-rfd-draggable-id="{id_b}"]')
    alca.focus()
    expect(alca).to_be_focused()
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)
    page.keyboard.press("Space")
    expect(_card(page, "qualificado", nome_b)).to_have_count(1)
    expect(page.get_by_text(f"“{nome_b}” movido para Qualificado.")).to_be_visible()
    assert _lead(page, token, id_b)["estagio"] == "qualificado"

    # the menu path still works beside the drag
    card = _card(page, "qualificado", nome_b)
    card.locator(".mover-lead").click()
    page.locator(".mover-para-negociacao").click()
    expect(_card(page, "negociacao", nome_b)).to_have_count(1)

    # --- keyboard within a column: the older of two new cards goes up above the newer one
    nome_d, nome_e = f"Arrasto D {sufixo}", f"Arrasto E {sufixo}"
    id_d = _criar_lead(page, token, nome_d)
    id_e = _criar_lead(page, token, nome_e)
    page.reload()
    ordem = page.locator("#coluna-novo .lead-card")
    expect(ordem.nth(0)).to_contain_text(nome_e)
    expect(ordem.nth(1)).to_contain_text(nome_d)
    alca = page.locator(f'.lead-arrastavel[data-rfd-draggable-id="{id_d}"]')
    alca.focus()
    page.keyboard.press("Space")
    page.wait_for_timeout(300)
    page.keyboard.press("ArrowUp")
    page.wait_for_timeout(400)
    page.keyboard.press("Space")
    expect(ordem.nth(0)).to_contain_text(nome_d)
    expect(ordem.nth(1)).to_contain_text(nome_e)
    # the page moved the card at once (optimistic); the server's order follows when the move is stored
    for _ in range(50):
        quadro = page.request.get("/api/v1/leads/quadro", headers={"Authorization": f"Bearer {token}"}).json()
        if [i["id"] for i in quadro["novo"]["items"]][:2] == [id_d, id_e]:
            break
        page.wait_for_timeout(200)
    assert [i["id"] for i in quadro["novo"]["items"]][:2] == [id_d, id_e]
    page.reload()  # the order is the server's, not only the page's
    expect(ordem.nth(0)).to_contain_text(nome_d)

    # --- a refused drop: the lead was deleted meanwhile; the toast says so and the board has it right
    contagem_ganho = page.locator("#coluna-ganho .contagem").inner_text()
    resp = page.request.delete(f"/api/v1/leads/{id_c}", headers={"Authorization": f"Bearer {token}"})
    assert resp.ok, resp.text()
    arrastar(page, _card(page, "novo", nome_c), "ganho")
    expect(page.get_by_text("Lead não encontrado.")).to_be_visible()
    assert not _axe(page), _axe(page)  # the error toast's text is readable too (AA contrast)
    expect(_card(page, "ganho", nome_c)).to_have_count(0)
    expect(page.locator("#coluna-ganho .contagem")).to_have_text(contagem_ganho)

    assert not browser_log.page_errors, browser_log.page_errors
