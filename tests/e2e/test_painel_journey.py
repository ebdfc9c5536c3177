"""Journey of / (painel) in a real browser: a gerente reads the team's numbers (four plotly charts,
bars counted in the SVG, KPI cards equal to the REST answer), changes the period and the
salesperson, clicks a funnel bar through to the filtered leads list; a vendedor sees only their
own numbers. Screenshots on desktop and phone, light and dark."""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import Page, expect

from aurora_app.ui import graficos, labels, routes
from tests.e2e.conftest import AppServer, BrowserLog
from tests.e2e.test_clientes_journey import TIMEOUT, alternar_tema, entrar

CHART_TIMEOUT = 120_000  # plotly's bundle loads after hydration; slow on a loaded 2-CPU machine
GRAFICOS = ("grafico-funil", "grafico-receita", "grafico-origem", "grafico-ranking")
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


TOKENS: dict[str, str] = {}  # papel → the UI's own token (logins are rate limited: reuse, never log in again)


def guarda_token(page: Page, papel: str) -> None:
    TOKENS[papel] = page.evaluate("() => localStorage.getItem('aurora_token')")


def api(page: Page, papel: str, **params) -> dict:  # noqa: ANN003
    """The REST answer for the same filters, with the token the UI of that demo user holds."""
    token = TOKENS[papel]
    resp = page.request.get("/api/v1/dashboard", params=params, headers={"Authorization": f"Bearer {token}"})
    assert resp.ok, resp.text()
    return resp.json()


def barras(page: Page, grafico: str):  # noqa: ANN201
    return page.locator(f"#{grafico} .barlayer .point")


def confere(page: Page, dados: dict) -> None:
    """KPI cards and bar counts as the REST answer says."""
    k = dados["kpis"]
    expect(page.locator("#kpi-clientes .kpi-valor")).to_have_text(graficos.inteiro(k["clientes_ativos"]))
    expect(page.locator("#kpi-abertos .kpi-valor")).to_have_text(graficos.inteiro(k["leads_abertos"]))
    expect(page.locator("#kpi-funil .kpi-valor")).to_have_text(labels.brl(k["valor_funil"]))
    expect(page.locator("#kpi-conversao .kpi-valor")).to_have_text(graficos.percentual(k["taxa_conversao"]))
    expect(page.locator("#kpi-receita .kpi-valor")).to_have_text(labels.brl(k["receita_ganha"]))
    expect(page.locator("#kpi-ticket .kpi-valor")).to_have_text(labels.brl(k["ticket_medio"]))
    expect(barras(page, "grafico-funil")).to_have_count(6)
    expect(barras(page, "grafico-receita")).to_have_count(12)
    expect(barras(page, "grafico-origem")).to_have_count(5)
    if dados["ranking_vendedores"]:
        expect(barras(page, "grafico-ranking")).to_have_count(len(dados["ranking_vendedores"]))
    else:
        expect(page.locator("#grafico-ranking .grafico-vazio")).to_be_visible()


def escolher(page: Page, seletor: str, opcao: str) -> None:
    page.locator(seletor).click()
    page.get_by_role("option", name=opcao, exact=True).click()


def fotos(page: Page, screenshot_dir, nome: str) -> None:  # noqa: ANN001
    """Desktop and phone, light and dark (the theme switch lives in the sidebar / on desktop)."""
    for tema in ("claro", "escuro"):
        for vp, tag in ((DESKTOP, "desktop"), (PHONE, "celular")):
            page.set_viewport_size(vp)
            page.wait_for_timeout(600)  # plotly's resize handler
            page.screenshot(path=str(screenshot_dir / f"painel-{nome}-{tag}-{tema}.png"), full_page=True)
        page.set_viewport_size(DESKTOP)
        if tema == "claro":
            alternar_tema(page)
    alternar_tema(page)


def test_painel_gerente(page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(DESKTOP)
    entrar(page, app_server, "gerente")
    page.goto(routes.PAINEL)
    expect(page.get_by_role("heading", level=1, name="Painel")).to_be_visible()
    guarda_token(page, "gerente")
    for g in GRAFICOS:
        expect(page.locator(f"#{g} .main-svg").first).to_be_attached(timeout=CHART_TIMEOUT)
    equipe = api(page, "gerente")  # default: last 90 days
    confere(page, equipe)
    expect(page.locator("#faixa-periodo")).to_contain_text("Últimos 90 dias")
    fotos(page, screenshot_dir, "gerente")

    # --- period: last 365 days
    escolher(page, "#filtro-periodo", "Últimos 365 dias")
    hoje = date.fromisoformat(equipe["periodo"]["fim"])
    ano = api(page, "gerente", inicio=(hoje - timedelta(days=364)).isoformat(), fim=hoje.isoformat())
    expect(page.locator("#faixa-periodo")).to_contain_text(labels.data_br(hoje - timedelta(days=364)))
    confere(page, ano)

    # --- custom range, inverted: a clear message, no crash
    escolher(page, "#filtro-periodo", "Personalizado")
    page.locator("#periodo-inicio").fill("2026-10-31")
    page.locator("#periodo-fim").fill("2026-10-01")
    page.locator("#aplicar-periodo").click()
    expect(page.locator("#erro-painel")).to_contain_text("Período invertido")
    escolher(page, "#filtro-periodo", "Últimos 365 dias")
    expect(page.locator("#erro-painel")).to_have_count(0)

    # --- one salesperson
    vendedor = max(ano["ranking_vendedores"], key=lambda r: r["ganhos"])
    escolher(page, "#filtro-vendedor", vendedor["nome"])
    dele = api(
        page,
        "gerente",
        inicio=ano["periodo"]["inicio"],
        fim=ano["periodo"]["fim"],
        responsavel_id=vendedor["usuario_id"],
    )
    confere(page, dele)
    expect(barras(page, "grafico-ranking")).to_have_count(1)

    # --- a funnel bar (the first open stage with leads) → the leads list filtered by it
    idx = next(i for i, f in enumerate(dele["funil"]) if f["quantidade"])
    estagio = dele["funil"][idx]["estagio"]
    barras(page, "grafico-funil").nth(idx).scroll_into_view_if_needed()  # the mouse clicks the viewport
    box = barras(page, "grafico-funil").nth(idx).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**/leads?estagio={estagio}&responsavel_id={vendedor['usuario_id']}")
    expect(page.get_by_role("heading", level=1, name="Leads")).to_be_visible()
    linhas = page.locator("table tbody tr")
    expect(linhas.first).to_be_visible()
    rotulo = labels.ESTAGIO_LABEL[estagio]
    expect(linhas.filter(has_not_text=rotulo)).to_have_count(0)
    expect(linhas.filter(has_not_text=vendedor["nome"])).to_have_count(0)
    assert not browser_log.page_errors, browser_log.page_errors


def test_painel_vendedor_ve_so_os_proprios_numeros(page: Page, app_server: AppServer, screenshot_dir) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(DESKTOP)
    entrar(page, app_server, "vendedor")
    page.goto(routes.PAINEL)
    expect(page.get_by_role("heading", level=1, name="Painel")).to_be_visible()
    expect(page.locator("#faixa-periodo")).to_contain_text("Seus números")
    guarda_token(page, "vendedor")
    expect(page.locator("#grafico-funil .main-svg").first).to_be_attached(timeout=CHART_TIMEOUT)
    proprios = api(page, "vendedor")
    assert proprios["responsavel_id"] is not None
    assert all(r["usuario_id"] == proprios["responsavel_id"] for r in proprios["ranking_vendedores"])
    confere(page, proprios)
    expect(page.locator("#filtro-vendedor")).to_have_count(0)
    if "gerente" in TOKENS:  # the gerente journey ran first: the team has more than this one vendedor
        equipe = api(page, "gerente")
        assert proprios["kpis"]["leads_abertos"] < equipe["kpis"]["leads_abertos"]
    fotos(page, screenshot_dir, "vendedor")
