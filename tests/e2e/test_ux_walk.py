"""The walk of issue 12 in a real browser, at a desktop (1366×768) and a phone (390×844):
the phone menu (log out from a phone), a lost lead's conversion, the audit of a one-field
change, the import summary adding up, Brasília dates on the detail page and in the export,
the reason a session ended, the 404 page and the favicon, and axe-core on every page.

Screenshots (light and dark, each role) go to test-results/screenshots/ux-*.png.
"""

from __future__ import annotations

import re
import secrets
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyotp
import pytest
from playwright.sync_api import Page, expect

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.ui import routes
from tests.e2e.conftest import ROOT, AppServer, BrowserLog, _cli
from tests.e2e.test_clientes_journey import TIMEOUT, cnpj_alfanumerico, entrar
from tests.e2e.test_leads_journey import cnpj_numerico

DESKTOP = {"width": 1366, "height": 768}
CELULAR = {"width": 390, "height": 844}
VIEWPORTS = {"desktop": DESKTOP, "celular": CELULAR}
BRASILIA = ZoneInfo("America/Sao_Paulo")
AXE = ROOT / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


# --------------------------------------------------------------------------- helpers


def _token(page: Page) -> str:
    token = page.evaluate("localStorage.getItem('aurora_token')")
    assert token, "not logged in"
    return token


def _api(page: Page, method: str, path: str, token: str, **kw):  # noqa: ANN003, ANN202
    answer = page.request.fetch("/api/v1" + path, method=method, headers={"Authorization": f"Bearer {token}"}, **kw)
    return answer


def _lead(page: Page, token: str, **dados) -> dict:  # noqa: ANN003
    answer = _api(
        page, "POST", "/leads", token, data={"nome": f"Lead UX {secrets.token_hex(3)}", "valor": "1000", **dados}
    )
    assert answer.status == 201, answer.text()
    return answer.json()


def _como(page: Page, token: str) -> None:
    """Use this token in the page (the UI keeps it in localStorage)."""
    if page.url in ("about:blank", ""):
        page.goto(routes.LOGIN)
    page.evaluate("t => localStorage.setItem('aurora_token', t)", token)


def _brasilia(iso: str) -> datetime:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(BRASILIA)


@pytest.fixture(scope="module")
def admin_2fa(app_server: AppServer, browser) -> dict:  # noqa: ANN001
    """A fresh admin with 2FA (CLI + REST), and one token that passed 2FA, reused by the tests."""
    email = f"auditora-{secrets.token_hex(3)}@aurora.test"
    senha = f"Auditoria-{secrets.token_hex(6)}"
    _cli(
        app_server.env,
        "create-user",
        "--email",
        email,
        "--password",
        senha,
        "--papel",
        "admin",
        "--nome",
        "Auditora UX",
    )
    ctx = browser.new_context(base_url=app_server.base_url)
    req = ctx.request
    token = req.post("/api/v1/auth/login", data={"email": email, "password": senha}).json()["access_token"]
    h = {"Authorization": f"Bearer {token}"}
    secret = req.post("/api/v1/auth/2fa/setup", data={"password": senha}, headers=h).json()["secret"]
    totp = pyotp.TOTP(secret)
    assert req.post("/api/v1/auth/2fa/ativar", data={"otp": totp.now()}, headers=h).ok
    answer = req.post("/api/v1/auth/login", data={"email": email, "password": senha, "otp": totp.at(time.time() + 30)})
    assert answer.ok, answer.text()
    final = answer.json()["access_token"]
    ctx.close()
    return {"email": email, "senha": senha, "token": final}


def _axe(page: Page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `make e2e` (it fetches axe-core from the npm registry)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            # which element, its markup and axe's measure (e.g. the contrast ratio it found)
            "nodes": [(n["target"], n["html"][:150], (n.get("any") or [{}])[0].get("data")) for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# --------------------------------------------------------------------------- phone menu, navigation


@pytest.mark.parametrize("tela", ["desktop", "celular"])
def test_menu_sair_e_navegacao_por_papel(
    page: Page, app_server: AppServer, browser_log: BrowserLog, tela: str, screenshot_dir: Path
) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(VIEWPORTS[tela])
    entrar(page, app_server, "vendedor")
    page.goto(routes.CLIENTES)
    expect(page.get_by_role("heading", level=1, name="Clientes")).to_be_visible()
    email, _ = app_server.login_for("vendedor")
    if tela == "desktop":
        nav = page.get_by_role("navigation", name="Navegação principal")
        expect(nav.get_by_role("link", name="Leads")).to_be_visible()
        expect(nav.get_by_role("link", name="Administração")).to_have_count(0)  # a vendedor cannot use it
        page.locator("#botao-sair").click()
    else:
        expect(page.locator("#botao-sair")).to_be_hidden()
        page.locator("#menu-celular").click()
        menu = page.get_by_role("menu")
        expect(menu.locator("#menu-usuario-nome")).not_to_have_text("")
        expect(menu.get_by_role("menuitem", name="Administração")).to_have_count(0)
        expect(menu.locator("#menu-tema")).to_be_visible()
        page.screenshot(path=str(screenshot_dir / "ux-celular-menu-vendedor.png"))
        # A tap on the row, far from its word, opens the page.
        leads = menu.get_by_role("menuitem", name="Leads")
        box = leads.bounding_box()
        page.mouse.click(box["x"] + box["width"] - 8, box["y"] + box["height"] / 2)
        page.wait_for_url(re.compile(r"/leads/?$"))
        expect(page.get_by_role("heading", level=1, name="Leads")).to_be_visible()
        page.wait_for_load_state("networkidle")
        # Enter on a row opens it too.
        page.locator("#menu-celular").click()
        page.get_by_role("menuitem", name="Clientes").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/clientes/?$"))
        expect(page.get_by_role("heading", level=1, name="Clientes")).to_be_visible()
        page.wait_for_load_state("networkidle")
        # The theme switch is in the menu.
        page.locator("#menu-celular").click()
        tema = page.evaluate("document.documentElement.className")
        page.locator("#menu-tema").click()
        page.wait_for_function("t => document.documentElement.className !== t", arg=tema)
        # And "Sair" (once the menu the theme item closed has gone).
        expect(page.get_by_role("menu")).to_have_count(0)
        page.locator("#menu-celular").click()
        expect(page.locator("#menu-sair")).to_be_visible()
        page.locator("#menu-sair").click()
    page.wait_for_url(re.compile(r"/login"))
    page.goto(routes.CLIENTES)
    page.wait_for_url(re.compile(r"/login\?next="))
    assert email and not browser_log.page_errors, browser_log.page_errors


# --------------------------------------------------------------------------- lost lead


@pytest.mark.parametrize("tela", ["desktop", "celular"])
def test_lead_perdido_nao_vira_ganho(
    page: Page, app_server: AppServer, browser_log: BrowserLog, tela: str, screenshot_dir: Path
) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(VIEWPORTS[tela])
    entrar(page, app_server, "gerente")
    token = _token(page)
    lead = _lead(
        page, token, empresa="Perdida S.A.", cnpj=cnpj_numerico(), estagio="perdido", motivo_perda="Preço alto"
    )
    # The API refuses it as the page does (one rule, in the service).
    answer = _api(page, "POST", f"/leads/{lead['id']}/converter", token)
    assert answer.status == 409 and answer.json()["code"] == "lead_perdido"

    page.goto(routes.lead_url(lead["id"]))
    expect(page.locator("#lead-estagio")).to_have_text("Perdido")
    expect(page.locator("#converter-lead")).to_have_count(0)
    page.screenshot(path=str(screenshot_dir / f"ux-{tela}-lead-perdido.png"), full_page=True)
    page.locator("#reabrir-lead").click()
    dialogo = page.get_by_role("alertdialog")
    expect(dialogo).to_contain_text("Preço alto")
    # Esc closes it and gives the focus back to the button that opened it.
    page.keyboard.press("Escape")
    expect(dialogo).to_have_count(0)
    expect(page.locator("#reabrir-lead")).to_be_focused()
    page.locator("#reabrir-lead").click()
    page.locator("#confirmar-reabrir").click()
    expect(page.locator("#lead-estagio")).to_have_text("Negociação")
    assert _api(page, "GET", f"/leads/{lead['id']}", token).json()["motivo_perda"] is None

    # Converting now asks first, then creates the cliente and marks the lead won.
    page.locator("#converter-lead").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Perdida S.A.")
    page.locator("#confirmar-conversao").click()
    page.wait_for_url(re.compile(r"/clientes/\d+"))
    assert _api(page, "GET", f"/leads/{lead['id']}", token).json()["estagio"] == "ganho"
    assert not browser_log.page_errors, browser_log.page_errors


def test_lead_cujo_cliente_foi_excluido(page: Page, app_server: AppServer) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    token = _token(page)
    lead = _lead(page, token, empresa="Some Daqui Ltda", cnpj=cnpj_numerico(), estagio="negociacao")
    cliente = _api(page, "POST", f"/leads/{lead['id']}/converter", token).json()["cliente"]
    assert _api(page, "DELETE", f"/clientes/{cliente['id']}", token).status == 204
    page.goto(routes.lead_url(lead["id"]))
    expect(page.locator("#lead-cliente-removido")).to_be_visible()
    expect(page.get_by_role("link", name="Ver cliente")).to_have_count(0)


# --------------------------------------------------------------------------- audit of a one-field change


def test_auditoria_de_uma_mudanca(
    page: Page, app_server: AppServer, admin_2fa: dict, browser_log: BrowserLog, screenshot_dir: Path
) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    token = _token(page)
    lead = _lead(page, token, nome=f"Auditado {secrets.token_hex(3)}", origem="site")
    # The edit form sends every field; only the responsável changes.
    page.goto(routes.lead_url(lead["id"]))
    page.get_by_role("button", name="Editar").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#campo-responsavel_id").click()
    opcoes = page.get_by_role("option")
    atual = lead["responsavel_nome"]
    novo = next(t for t in opcoes.all_inner_texts() if t.strip() and t.strip() != atual).strip()
    page.get_by_role("option", name=novo, exact=True).click()
    dialog.locator("#salvar-lead").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    _como(page, admin_2fa["token"])
    for tela, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.goto(routes.ADMIN)
        expect(page.get_by_role("heading", name="Auditoria")).to_be_visible()
        page.get_by_role("button", name="Limpar").click()
        expect(page.locator("#filtro-inicio")).to_have_value("")
        page.locator("#filtro-acao").click()
        page.get_by_role("option", name="Lead alterado").click()
        page.locator("#filtro-inicio").fill(datetime.now(BRASILIA).strftime("%d%m%Y"))
        expect(page.locator("#filtro-inicio")).to_have_value(datetime.now(BRASILIA).strftime("%d/%m/%Y"))
        page.locator("#filtrar-auditoria").click()
        linha = page.locator("#tabela-auditoria tbody tr", has_text=f"Lead #{lead['id']}").first
        expect(linha).to_be_visible()
        expect(linha.locator(".auditoria-acao")).to_have_text("Lead alterado")
        detalhes = linha.locator(".auditoria-detalhes").inner_text().strip().splitlines()
        assert len(detalhes) == 1, detalhes  # exactly the one field that changed, old → new
        assert detalhes[0].startswith(f"Responsável: {atual} (#{lead['responsavel_id']}) → {novo} (#"), detalhes
        assert "None" not in page.locator("#tabela-auditoria").inner_text()
        page.screenshot(path=str(screenshot_dir / f"ux-{tela}-admin-auditoria.png"), full_page=True)
    assert not browser_log.page_errors, browser_log.page_errors


def test_confirmar_desativacao_e_motivo_da_sessao_encerrada(
    page: Page, app_server: AppServer, admin_2fa: dict, browser, screenshot_dir: Path
) -> None:  # noqa: ANN001
    """Deactivation is confirmed first; the person's other session then lands on /login told why."""
    page.set_default_timeout(TIMEOUT)
    email = f"temporario-{secrets.token_hex(3)}@aurora.test"
    senha = f"Temporario-{secrets.token_hex(6)}"
    _cli(
        app_server.env,
        "create-user",
        "--email",
        email,
        "--password",
        senha,
        "--papel",
        "vendedor",
        "--nome",
        "Pessoa Temporária",
    )
    outra = browser.new_context(base_url=app_server.base_url, viewport=CELULAR)
    sessao = outra.new_page()
    sessao.goto(routes.LOGIN)
    sessao.locator("#login-email").fill(email)
    sessao.locator("#login-senha").fill(senha)
    sessao.locator("#login-entrar").click()
    sessao.wait_for_url(lambda url: "/login" not in url)

    _como(page, admin_2fa["token"])
    page.goto(routes.ADMIN)
    linha = page.locator("#tabela-usuarios tr", has_text=email)
    linha.get_by_role("button", name="Desativar Pessoa Temporária").click()
    confirmar = page.get_by_role("alertdialog")
    expect(confirmar).to_contain_text("Pessoa Temporária")
    page.screenshot(path=str(screenshot_dir / "ux-desktop-admin-confirmar.png"))
    confirmar.get_by_role("button", name="Cancelar").click()
    expect(linha).to_contain_text("Ativo")
    linha.get_by_role("button", name="Desativar Pessoa Temporária").click()
    page.locator("#admin-confirmar").click()
    expect(linha).to_contain_text("Inativo")

    sessao.goto(routes.LEADS)
    sessao.wait_for_url(re.compile(r"/login\?.*motivo=conta_desativada"))
    expect(sessao.locator("#login-aviso")).to_contain_text("desativada")
    sessao.screenshot(path=str(screenshot_dir / "ux-celular-login-motivo.png"))
    outra.close()


# --------------------------------------------------------------------------- import summary, dates


@pytest.mark.parametrize("tela", ["desktop", "celular"])
def test_resumo_da_importacao_fecha_a_conta(
    page: Page, app_server: AppServer, tela: str, tmp_path: Path, screenshot_dir: Path
) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(VIEWPORTS[tela])
    entrar(page, app_server, "gerente")
    token = _token(page)
    mudar = _api(
        page, "POST", "/clientes", token, data={"cnpj": cnpj_alfanumerico(), "razao_social": "Vai Mudar Ltda"}
    ).json()
    igual = _api(
        page, "POST", "/clientes", token, data={"cnpj": cnpj_alfanumerico(), "razao_social": "Fica Igual Ltda"}
    ).json()
    arquivo = tmp_path / "resumo.csv"
    arquivo.write_text(
        "cnpj;razao_social\n"
        f"{formatar_cnpj(cnpj_alfanumerico())};Nova UX Ltda\n"
        f"{mudar['cnpj']};Mudou UX Ltda\n"
        f"{igual['cnpj']};Fica Igual Ltda\n"
        "123;CNPJ ruim\n"
        f"{cnpj_alfanumerico()};\n",
        encoding="utf-8",
    )
    page.goto(routes.CLIENTES)
    page.get_by_role("button", name="Importar").first.click()
    dialog = page.get_by_role("dialog")
    dialog.locator("input[type=file]").set_input_files(str(arquivo))
    dialog.locator("#importar-continuar").click()  # upload and check the columns
    expect(dialog.locator("#import-amostra")).to_be_visible()
    dialog.locator("#importar-confirmar").click()
    expect(dialog.get_by_text("5 linhas: 1 criado, 1 atualizado, 1 inalterado, 2 com erro.")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"ux-{tela}-importacao.png"))
    # The API answers with the same buckets (a re-import: nothing new, nothing lost).
    again = _api(
        page,
        "POST",
        "/clientes/importar",
        token,
        multipart={"arquivo": {"name": "resumo.csv", "mimeType": "text/csv", "buffer": arquivo.read_bytes()}},
    ).json()
    assert (again["linhas"], again["criados"], again["atualizados"], again["inalterados"], len(again["erros"])) == (
        5,
        0,
        0,
        3,
        2,
    )


@pytest.mark.parametrize("tela", ["desktop", "celular"])
def test_datas_em_horario_de_brasilia(page: Page, app_server: AppServer, tela: str, screenshot_dir: Path) -> None:
    page.set_default_timeout(TIMEOUT)
    page.set_viewport_size(VIEWPORTS[tela])
    entrar(page, app_server, "gerente")
    token = _token(page)
    razao = f"Fuso UX {secrets.token_hex(3)} Ltda"
    c = _api(page, "POST", "/clientes", token, data={"cnpj": cnpj_alfanumerico(), "razao_social": razao}).json()
    criado = _brasilia(c["criado_em"])
    page.goto(routes.cliente_url(c["id"]))
    pagina = page.locator("body")
    expect(pagina).to_contain_text(criado.strftime("%d/%m/%Y"))
    expect(pagina).to_contain_text(_brasilia(c["atualizado_em"]).strftime("%d/%m/%Y %H:%M"))
    page.screenshot(path=str(screenshot_dir / f"ux-{tela}-cliente-detalhe.png"), full_page=True)

    answer = _api(page, "GET", f"/clientes/exportar?busca={razao.replace(' ', '+')}", token)
    linhas = [linha for linha in answer.text().lstrip("\ufeff").splitlines() if linha.strip()]
    assert len(linhas) == 2 and linhas[1].endswith(criado.strftime("%d/%m/%Y %H:%M")), linhas
    # The export button of the page writes the same (Brasília) time.
    page.goto(routes.CLIENTES)
    page.locator("#busca-clientes").fill(razao)
    expect(page.locator("table tbody tr")).to_have_count(1, timeout=10_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Exportar CSV").click()
    texto = Path(info.value.path()).read_text(encoding="utf-8")
    assert criado.strftime("%d/%m/%Y %H:%M") in texto


# --------------------------------------------------------------------------- money, CNPJ lookup, 404, favicon


def test_clique_logo_ao_abrir_a_pagina_nao_se_perde(page: Page, app_server: AppServer) -> None:
    """A click the moment a page appears used to race its on_load: "Novo lead" opened the dialog,
    then the load closed it with what had been typed. The content waits for the load instead."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    for rota, botao, campo in (
        (routes.LEADS, "#novo-lead", "#campo-nome"),
        (routes.CLIENTES, "#novo-cliente", "#campo-razao_social"),
    ):
        page.goto(rota)
        page.locator(botao).click()  # no wait for the data: as a quick user would
        dialog = page.get_by_role("dialog")
        dialog.locator(campo).fill("Digitado logo")
        page.wait_for_timeout(1500)
        expect(dialog.locator(campo)).to_have_value("Digitado logo")
        dialog.get_by_role("button", name="Cancelar").click()
        expect(page.get_by_role("dialog")).to_have_count(0)


def test_valor_recusa_o_que_nao_e_dinheiro(page: Page, app_server: AppServer) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    page.goto(routes.LEADS)
    page.locator("#novo-lead").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#campo-nome").fill("Lead com valor ruim")
    valor = dialog.locator("#campo-valor")
    valor.press_sequentially("abc")
    expect(valor).to_have_value("")  # typed letters never enter the field
    valor.fill("12abc")  # pasted text that is not money is refused as a whole
    expect(valor).to_have_value("")
    valor.fill("1.234,56")
    valor.blur()
    expect(valor).to_have_value("1.234,56")
    dialog.locator("#salvar-lead").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    token = _token(page)
    achado = _api(page, "GET", "/leads?busca=valor+ruim", token).json()["items"][0]
    assert achado["valor"] == "1234.56"


def test_consulta_cnpj_que_falha_diz_na_pagina(page: Page, app_server: AppServer, fake_cnpja) -> None:  # noqa: ANN001
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    token = _token(page)
    cnpj = cnpj_numerico()  # valid, unknown to the fake provider
    _api(page, "POST", "/clientes", token, data={"cnpj": cnpj, "razao_social": "Só Aqui Ltda"})
    page.goto(routes.CNPJ + f"?cnpj={cnpj}")
    expect(page.locator("#cnpj-falha")).to_be_visible()
    expect(page.locator("#cnpj-abrir-cliente-existente")).to_be_visible()
    page.locator("#cnpj-abrir-cliente-existente").click()
    page.wait_for_url(re.compile(r"/clientes/\d+"))
    expect(page.get_by_text("Só Aqui Ltda").first).to_be_visible()


def test_pagina_404_e_favicon(page: Page, app_server: AppServer, browser_log: BrowserLog) -> None:
    page.set_default_timeout(TIMEOUT)
    assert page.request.get("/favicon.ico").status == 200
    page.goto("/nao-existe/mesmo")
    expect(page.locator("#pagina-404")).to_have_text("Página não encontrada")
    page.locator("#voltar-painel").click()
    page.wait_for_url(re.compile(r"/(login.*)?$"))
    assert not [e for e in browser_log.console_errors if "favicon" in e], browser_log.console_errors


# --------------------------------------------------------------------------- axe-core + screenshots


PAGINAS = [routes.PAINEL, routes.CLIENTES, routes.LEADS, routes.CNPJ, routes.SEGURANCA]


@pytest.mark.parametrize("papel", ["vendedor", "gerente", "admin"])
def test_axe_e_capturas_por_papel(
    page: Page, app_server: AppServer, admin_2fa: dict, papel: str, screenshot_dir: Path
) -> None:
    """No serious or critical axe-core violation on any page, light and dark, desktop and phone."""
    page.set_default_timeout(TIMEOUT)
    if papel == "admin":
        _como(page, admin_2fa["token"])
    else:
        entrar(page, app_server, papel)
    token = _token(page)
    lead = _lead(page, token, cnpj=cnpj_numerico(), empresa="Axe Ltda")
    cliente_id = _api(page, "GET", "/clientes?limite=1", token).json()["items"][0]["id"]
    paginas = [*PAGINAS, routes.lead_url(lead["id"]), routes.cliente_url(cliente_id), "/nao-existe"]
    if papel == "admin":
        paginas.append(routes.ADMIN)
    problemas: dict[str, list] = {}
    for tela, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for tema in ("light", "dark"):
            page.emulate_media(color_scheme=tema)
            for caminho in paginas:
                page.goto(caminho)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                nome = caminho.strip("/").replace("/", "-") or "painel"
                page.screenshot(path=str(screenshot_dir / f"ux-{papel}-{tela}-{tema}-{nome}.png"), full_page=True)
                achados = _axe(page)
                if achados:
                    problemas[f"{tela} {tema} {caminho}"] = achados
    page.goto(routes.LOGIN)
    assert not problemas, problemas


def test_axe_login(page: Page, app_server: AppServer) -> None:
    page.goto(routes.LOGIN)
    page.wait_for_load_state("networkidle")
    assert not _axe(page)
