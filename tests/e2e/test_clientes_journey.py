"""Journey of /clientes in a real browser: create (masks, inline errors), find, open, add a note.

Screenshots go to test-results/screenshots/ (light and dark) for a human look at the layout.
"""

from __future__ import annotations

import re
import secrets
import string

from playwright.sync_api import Page, expect

from aurora_app.core.cnpj import calcular_dv, formatar_cnpj
from aurora_app.ui import routes
from tests.e2e.conftest import AppServer, BrowserLog, login

TIMEOUT = 15_000


def cnpj_alfanumerico() -> str:
    """A fresh valid alphanumeric CNPJ (IN RFB 2.229/2024), bare."""
    base = "".join(secrets.choice(string.ascii_uppercase + string.digits) for _ in range(12))
    return base + calcular_dv(base)


def entrar(page: Page, app_server: AppServer, papel: str = "gerente") -> None:
    """Log in through /login; when the login page is not there, put a REST token where the UI keeps it."""
    email, senha = app_server.login_for(papel)
    page.goto(routes.LOGIN)
    page.wait_for_load_state("networkidle")
    if page.locator("input[type=password]").count():
        login(page, email, senha)
        return
    resp = page.request.post("/api/v1/auth/login", data={"email": email, "password": senha})
    assert resp.ok, resp.text()
    page.evaluate("t => localStorage.setItem('aurora_token', t)", resp.json()["access_token"])


def alternar_tema(page: Page) -> None:
    page.get_by_role("switch", name="Alternar tema escuro").click()
    page.wait_for_timeout(300)


def test_cliente_criar_buscar_abrir_e_anotar(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir
) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    page.goto(routes.CLIENTES)
    expect(page.get_by_role("heading", level=1, name="Clientes")).to_be_visible()
    # The seeded demo clientes fill the first page; paging says where we are.
    expect(page.locator("table tbody tr").first).to_be_visible()
    expect(page.locator("#clientes-paginador .faixa")).to_contain_text(re.compile(r"1–\d+ de \d+"))
    page.screenshot(path=str(screenshot_dir / "clientes-lista-claro.png"), full_page=True)

    # Keyset paging: next page and back.
    primeira = page.locator("table tbody tr").first.get_by_role("link").inner_text()
    proxima = page.get_by_role("button", name="Próxima")
    if proxima.is_enabled():
        proxima.click()
        expect(page.locator("#clientes-paginador .faixa")).to_contain_text(re.compile(r"^21–"))
        page.get_by_role("button", name="Anterior").click()
        expect(page.locator("#clientes-paginador .faixa")).to_contain_text(re.compile(r"^1–"))
        expect(page.locator("table tbody tr").first.get_by_role("link")).to_have_text(primeira)

    # --- create, with masks and inline validation
    page.locator("#novo-cliente").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Novo cliente")).to_be_visible()

    cnpj = cnpj_alfanumerico()
    errado = cnpj[:12] + ("00" if cnpj[12:] != "00" else "11")
    campo_cnpj = dialog.locator("#campo-cnpj")
    campo_cnpj.fill(errado.lower())
    expect(campo_cnpj).to_have_value(formatar_cnpj(errado))  # mask applied, upper case
    campo_cnpj.blur()
    expect(dialog.locator("#erro-cnpj")).to_contain_text("dígitos verificadores")

    campo_cnpj.fill(cnpj.lower())
    expect(campo_cnpj).to_have_value(formatar_cnpj(cnpj))
    expect(dialog.locator("#erro-cnpj")).to_have_count(0)

    sufixo = secrets.token_hex(3).upper()
    razao = f"Jornada E2E {sufixo} Ltda"
    dialog.locator("#campo-razao_social").fill(razao)
    dialog.locator("#campo-nome_fantasia").fill(f"Jornada {sufixo}")
    dialog.locator("#campo-email").fill(f"contato.{sufixo.lower()}@jornada.com.br")
    dialog.locator("#campo-telefone").fill("11987654321")
    expect(dialog.locator("#campo-telefone")).to_have_value("(11) 98765-4321")
    dialog.locator("#campo-cep").fill("01310100")
    expect(dialog.locator("#campo-cep")).to_have_value("01310-100")
    dialog.locator("#campo-logradouro").fill("Avenida Paulista")
    dialog.locator("#campo-numero").fill("1000")
    dialog.locator("#campo-municipio").fill("São Paulo")
    dialog.locator("#campo-uf").click()
    page.get_by_role("option", name="SP", exact=True).click()
    page.screenshot(path=str(screenshot_dir / "clientes-dialogo-novo-claro.png"), full_page=False)

    dialog.locator("#salvar-cliente").click()
    expect(page.get_by_text("Cliente cadastrado.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)

    # --- find it by search (debounced input)
    page.locator("#busca-clientes").fill(sufixo)
    linha = page.locator("table tbody tr", has_text=razao)
    expect(linha).to_have_count(1)
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(linha).to_contain_text(formatar_cnpj(cnpj))
    expect(linha).to_contain_text("(11) 98765-4321")
    expect(linha).to_contain_text("São Paulo / SP")

    # a duplicate CNPJ is refused with the service's pt-BR message, under the field
    page.locator("#novo-cliente").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#campo-cnpj").fill(cnpj)
    dialog.locator("#campo-razao_social").fill("Duplicada")
    dialog.locator("#salvar-cliente").click()
    expect(dialog.locator("#erro-cnpj")).to_contain_text(re.compile("cnpj", re.IGNORECASE))
    dialog.get_by_role("button", name="Cancelar").click()
    expect(page.get_by_role("dialog")).to_have_count(0)

    # --- edit it from the row menu (optimistic locking: the dialog carries the version it read)
    linha.get_by_role("button", name="Ações do cliente").click()
    page.get_by_role("menuitem", name="Editar").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Editar cliente")).to_be_visible()
    expect(dialog.locator("#campo-cnpj")).to_have_value(formatar_cnpj(cnpj))
    expect(dialog.locator("#campo-telefone")).to_have_value("(11) 98765-4321")
    dialog.locator("#campo-bairro").fill("Bela Vista")
    dialog.locator("#salvar-cliente").click()
    expect(page.get_by_text("Cliente atualizado.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)

    # --- open it
    linha.get_by_role("link", name=razao).click()
    page.wait_for_url(re.compile(r"/clientes/\d+$"))
    expect(page.locator("#cliente-razao-social")).to_have_text(razao)
    expect(page.locator("#cliente-cnpj")).to_have_text(formatar_cnpj(cnpj))
    expect(page.get_by_text("Avenida Paulista, 1000")).to_be_visible()
    expect(page.get_by_text("CEP 01310-100")).to_be_visible()
    expect(page.get_by_text("Bela Vista — São Paulo / SP")).to_be_visible()
    expect(page.get_by_role("heading", name="Sugestões")).to_be_visible()  # the AI panel

    # edit from the detail page too: the details follow the save
    page.locator("#editar-cliente").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("#campo-razao_social")).to_have_value(razao)
    dialog.locator("#campo-complemento").fill("Conjunto 12")
    dialog.locator("#salvar-cliente").click()
    expect(page.get_by_text("Cliente atualizado.").last).to_be_visible()  # the list's toast may still show
    expect(page.get_by_text("Avenida Paulista, 1000, Conjunto 12")).to_be_visible()  # the AI panel's honest slot

    # --- add a note; it shows on top of the timeline with author and pt-BR date
    nota = f"Primeiro contato da jornada {sufixo}: pediram proposta para 50 licenças."
    page.locator("#nova-descricao").fill(nota)
    page.locator("#registrar-interacao").click()
    expect(page.get_by_text("Interação registrada.")).to_be_visible()
    primeira_entrada = page.locator("#timeline .timeline-item").first
    expect(primeira_entrada).to_contain_text(nota)
    expect(primeira_entrada).to_contain_text("Nota")
    expect(primeira_entrada).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}"))
    expect(page.locator("#nova-descricao")).to_have_value("")

    # --- a task with a due date, marked done
    page.get_by_role("combobox", name="Tipo de interação").click()
    page.get_by_role("option", name="Tarefa").click()
    page.locator("#nova-vence-em").fill("311220301430")
    expect(page.locator("#nova-vence-em")).to_have_value("31/12/2030 14:30")
    page.locator("#nova-descricao").fill(f"Enviar proposta {sufixo}")
    page.locator("#registrar-interacao").click()
    tarefa = page.locator("#timeline .timeline-item").first
    expect(tarefa).to_contain_text(f"Enviar proposta {sufixo}")
    expect(tarefa).to_contain_text("31/12/2030 14:30")
    tarefa.get_by_role("checkbox", name="Concluída").click()
    expect(page.get_by_text("Tarefa concluída.")).to_be_visible()
    expect(tarefa.get_by_role("checkbox", name="Concluída")).to_be_checked()

    page.screenshot(path=str(screenshot_dir / "cliente-detalhe-claro.png"), full_page=True)
    alternar_tema(page)
    page.screenshot(path=str(screenshot_dir / "cliente-detalhe-escuro.png"), full_page=True)
    page.goto(routes.CLIENTES)
    expect(page.locator("table tbody tr").first).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "clientes-lista-escuro.png"), full_page=True)
    alternar_tema(page)

    assert not browser_log.page_errors, browser_log.page_errors


def test_clientes_importar_e_exportar_csv(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir, tmp_path
) -> None:
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    page.goto(routes.CLIENTES)
    expect(page.locator("table tbody tr").first).to_be_visible()

    sufixo = secrets.token_hex(3).upper()
    cnpj = cnpj_alfanumerico()
    arquivo = tmp_path / "clientes.csv"
    arquivo.write_text(
        "cnpj;razao_social;municipio;uf\n"
        f"{formatar_cnpj(cnpj)};Importada {sufixo} Ltda;Curitiba;PR\n"
        f"123;Linha Ruim {sufixo};Curitiba;PR\n",
        encoding="utf-8",
    )
    page.get_by_role("button", name="Importar").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Importar clientes (CSV)")).to_be_visible()
    dialog.locator("input[type=file]").set_input_files(str(arquivo))
    expect(dialog.get_by_text("clientes.csv")).to_be_visible()
    dialog.locator("#importar-continuar").click()  # upload and check the columns
    expect(dialog.locator("#import-amostra")).to_be_visible()
    dialog.locator("#importar-confirmar").click()
    expect(dialog.get_by_text("2 linhas: 1 criado, 0 atualizados, 0 inalterados, 1 com erro.")).to_be_visible()
    relatorio = dialog.locator("table tbody tr")
    expect(relatorio).to_have_count(1)
    expect(relatorio.first).to_contain_text("3")  # the header is line 1
    expect(relatorio.first).to_contain_text(re.compile("cnpj", re.IGNORECASE))
    page.screenshot(path=str(screenshot_dir / "clientes-importacao-claro.png"))
    dialog.get_by_role("button", name="Fechar").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("table tbody tr", has_text=f"Importada {sufixo} Ltda")).to_have_count(1)  # list reloaded

    # the imported cliente is there; export the current filter as CSV
    page.locator("#busca-clientes").fill(f"Importada {sufixo}")
    expect(page.locator("#busca-clientes")).to_have_value(f"Importada {sufixo}")
    expect(page.locator("table tbody tr")).to_have_count(1, timeout=10_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Exportar CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("clientes-") and download.suggested_filename.endswith(".csv")
    texto = open(download.path(), encoding="utf-8").read()
    linhas = [linha for linha in texto.lstrip("\ufeff").splitlines() if linha.strip()]
    assert linhas[0].startswith("cnpj;razao_social;"), linhas[0]
    assert len(linhas) == 2 and f"Importada {sufixo} Ltda" in linhas[1] and formatar_cnpj(cnpj) in linhas[1]

    # delete, after a confirmation
    linha = page.locator("table tbody tr", has_text=f"Importada {sufixo}")
    linha.get_by_role("button", name="Ações do cliente").click()
    page.get_by_role("menuitem", name="Excluir").click()
    confirmar = page.get_by_role("alertdialog")
    expect(confirmar).to_contain_text(f"Importada {sufixo} Ltda")
    page.screenshot(path=str(screenshot_dir / "clientes-excluir-claro.png"))
    confirmar.get_by_role("button", name="Excluir").click()
    expect(page.get_by_text("excluído.")).to_be_visible()
    expect(page.locator("table tbody tr", has_text=f"Importada {sufixo}")).to_have_count(0)

    assert not browser_log.page_errors, browser_log.page_errors


def test_buscar_cnpj_preenche_o_formulario(page: Page, app_server: AppServer, fake_cnpja, screenshot_dir) -> None:  # noqa: ANN001
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "vendedor")
    page.goto(routes.CLIENTES)
    expect(page.locator("table tbody tr").first).to_be_visible()
    page.locator("#novo-cliente").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#campo-cnpj").fill("7kq2m5xa000141")  # an alphanumeric CNPJ in the fake's fixtures
    expect(dialog.locator("#campo-cnpj")).to_have_value("7K.Q2M.5XA/0001-41")
    dialog.get_by_role("button", name="Buscar CNPJ").click()
    expect(dialog.locator("#campo-razao_social")).to_have_value("Lumen Energia Solar S.A.")
    expect(dialog.locator("#campo-uf")).to_contain_text("CE")
    expect(dialog.locator("#campo-situacao_cadastral")).to_have_value("Ativa")
    expect(dialog.locator("#campo-cnpj")).to_have_value("7K.Q2M.5XA/0001-41")
    expect(page.get_by_text("Confira antes de salvar")).to_be_visible()
    assert fake_cnpja.count() >= 1
    page.screenshot(path=str(screenshot_dir / "clientes-buscar-cnpj-claro.png"))


def test_importar_com_mapeamento_e_baixar_rejeitadas(
    page: Page, app_server: AppServer, browser_log: BrowserLog, screenshot_dir, tmp_path
) -> None:
    """Headers the automatic match does not know: the user maps them, sees the first rows with
    their problems, imports, and downloads the refused rows with the reason in a column."""
    page.set_default_timeout(TIMEOUT)
    entrar(page, app_server, "gerente")
    page.goto(routes.CLIENTES)
    sufixo = secrets.token_hex(3).upper()
    arquivo = tmp_path / "planilha.csv"
    arquivo.write_text(
        "Empresa;Documento;Cidade\n"
        f"Mapeada {sufixo} Ltda;{formatar_cnpj(cnpj_alfanumerico())};Londrina\n"
        f"Sem CNPJ {sufixo};999;Maringá\n",
        encoding="utf-8",
    )
    page.get_by_role("button", name="Importar").first.click()
    dialog = page.get_by_role("dialog")
    dialog.locator("input[type=file]").set_input_files(str(arquivo))
    dialog.locator("#importar-continuar").click()
    expect(dialog.get_by_role("alert")).to_contain_text("cnpj")  # nothing maps to CNPJ yet
    expect(dialog.locator("#importar-confirmar")).to_be_disabled()
    for coluna, campo in (("Empresa", "Razão social"), ("Documento", "CNPJ")):
        dialog.get_by_role("combobox", name=f"Campo para a coluna {coluna}").click()
        page.get_by_role("option", name=campo, exact=True).click()
    expect(dialog.get_by_role("combobox", name="Campo para a coluna Cidade")).to_have_text("Município")
    amostra = dialog.locator("#import-amostra tbody tr")
    expect(amostra).to_have_count(2)
    expect(amostra.nth(0)).to_contain_text(f"Mapeada {sufixo} Ltda")
    expect(amostra.nth(0)).to_contain_text("Novo")
    expect(amostra.nth(1)).to_contain_text("CNPJ")
    page.screenshot(path=str(screenshot_dir / "clientes-importacao-mapeamento.png"))
    dialog.locator("#importar-confirmar").click()
    expect(dialog.get_by_text("2 linhas: 1 criado, 0 atualizados, 0 inalterados, 1 com erro.")).to_be_visible()
    with page.expect_download() as info:
        dialog.locator("#baixar-rejeitadas").click()
    texto = open(info.value.path(), encoding="utf-8").read().lstrip("\ufeff")
    linhas = [linha for linha in texto.splitlines() if linha.strip()]
    assert linhas[0] == "Empresa;Documento;Cidade;motivo", linhas
    assert len(linhas) == 2 and linhas[1].startswith(f"Sem CNPJ {sufixo};999;Maringá;") and "CNPJ" in linhas[1]
    dialog.get_by_role("button", name="Fechar").click()
    expect(page.locator("table tbody tr", has_text=f"Mapeada {sufixo} Ltda")).to_have_count(1)
    expect(page.locator("table tbody tr", has_text=f"Mapeada {sufixo} Ltda")).to_contain_text("Londrina")
    assert not browser_log.page_errors, browser_log.page_errors
