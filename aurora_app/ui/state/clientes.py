"""State of /clientes: one page of rows, filters, keyset paging, create/edit, delete, CSV in/out.

Only the current page lives in the browser (small dicts of display strings, already formatted
here in the backend); the cursor stack and the uploaded file are backend-only ``_vars``. Every
handler re-checks the caller, because the client can call any handler with any arguments, and
the services enforce who may edit what.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import reflex as rx
from pydantic import ValidationError

from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.core.tempo import hoje
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import cnpj as cnpj_svc
from aurora_app.services.actor import Actor
from aurora_app.services.errors import DomainError
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import campo_do_erro, erros_de_validacao, falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.comum import carregar_responsaveis

log = logging.getLogger("aurora.ui.clientes")

PAGE_SIZE = 20
TODAS = "todas"  # Radix selects refuse "" as an item value
TODOS = "todos"
MAX_CSV_BYTES = clientes_svc.MAX_IMPORT_BYTES  # the service's limit, one number
UPLOAD_ID = "clientes_csv"
# The CSV goes to the browser inside one websocket message (never into the state).
MAX_EXPORT_CHARS = 15_000_000
MAX_ERROS_MOSTRADOS = 200
FONTES = {"cache": "consulta em cache", "cnpja_pago": "CNPJá", "cnpja_gratuito": "CNPJá (API gratuita)"}

UFS = (
    "AC", "AL", "AP", "AM", "BA", "CE", "DF", "ES", "GO", "MA", "MT", "MS", "MG", "PA",
    "PB", "PR", "PE", "PI", "RJ", "RN", "RS", "RO", "RR", "SC", "SP", "SE", "TO",
)  # fmt: skip

FORM_CAMPOS = (
    "cnpj", "razao_social", "nome_fantasia", "email", "telefone", "cep", "logradouro", "numero",
    "complemento", "bairro", "municipio", "uf", "cnae_principal", "situacao_cadastral", "porte",
    "responsavel_id",
)  # fmt: skip


# --------------------------------------------------------------------------- pure helpers


def como_id(valor: Any) -> int:
    """An id sent by the browser (any type) → int; garbage → 0, which the services refuse."""
    texto = str(valor).strip()
    return int(texto) if texto.isdigit() and len(texto) < 12 else 0


def form_vazio() -> dict[str, str]:
    return dict.fromkeys(FORM_CAMPOS, "")


def form_de_cliente(c: Any) -> dict[str, str]:
    """A ClienteRead → the form's text values, masked for display."""
    form = form_vazio()
    for campo in FORM_CAMPOS:
        valor = getattr(c, campo, None)
        form[campo] = "" if valor is None else str(valor)
    form["cnpj"] = formatar_cnpj(form["cnpj"])
    form["telefone"] = masks.formatar_telefone(form["telefone"])
    form["cep"] = masks.formatar_cep(form["cep"])
    return form


def validar_form(form: dict[str, str]) -> dict[str, str]:
    """What can be checked before calling the service (the service checks it all again)."""
    erros: dict[str, str] = {}
    try:
        normalizar_cnpj(form.get("cnpj", ""))
    except CNPJInvalido as exc:
        erros["cnpj"] = str(exc)
    if not form.get("razao_social", "").strip():
        erros["razao_social"] = "Informe a razão social."
    email = form.get("email", "").strip()
    if email and ("@" not in email or "." not in email.rpartition("@")[2] or " " in email):
        erros["email"] = "E-mail inválido."
    tel = masks.digitos(form.get("telefone"))
    if tel and len(tel) not in (10, 11):
        erros["telefone"] = "Telefone deve ter DDD e 8 ou 9 dígitos."
    cep = masks.digitos(form.get("cep"))
    if cep and len(cep) != 8:
        erros["cep"] = "CEP deve ter 8 dígitos."
    uf = form.get("uf", "").strip()
    if uf and uf not in UFS:
        erros["uf"] = "UF inválida."
    return erros


def dados_do_form(form: dict[str, str], campos: set[str] | None = None) -> dict[str, Any]:
    """Form text → service input: trimmed, empty → None, bare CNPJ/CEP, id as int."""
    dados: dict[str, Any] = {}
    for campo in FORM_CAMPOS:
        if campos is not None and campo not in campos:
            continue
        valor = (form.get(campo) or "").strip()
        if campo == "cnpj":
            dados[campo] = normalizar_cnpj(valor) if valor else valor
        elif campo == "cep":
            dados[campo] = masks.digitos(valor) or None
        elif campo == "responsavel_id":
            dados[campo] = int(valor) if valor.isdigit() else None
        else:
            dados[campo] = valor or None
    return dados


def preencher_com_consulta(form: dict[str, str], campos: dict[str, Any] | None) -> dict[str, str]:
    """The form filled from a CNPJ lookup (``to_cliente_fields``): what the lookup knows wins,
    the CNPJ typed and the responsável chosen stay; masks applied for display."""
    novo = dict(form)
    for campo, valor in (campos or {}).items():
        if campo in FORM_CAMPOS and campo not in ("cnpj", "responsavel_id") and valor not in (None, ""):
            novo[campo] = masks.aplicar(campo, str(valor))
    novo["telefone"] = masks.formatar_telefone(novo.get("telefone"))
    novo["cep"] = masks.formatar_cep(novo.get("cep"))
    return novo


def cliente_row(c: Any, nomes: dict[int, str], actor: Actor) -> dict[str, str]:
    """A ClienteRead → one table row of display strings."""
    cidade = " / ".join(p for p in (getattr(c, "municipio", None), getattr(c, "uf", None)) if p)
    responsavel = getattr(c, "responsavel_nome", None) or nomes.get(getattr(c, "responsavel_id", None) or 0, "—")
    pode_editar = clientes_svc.pode_editar(actor, c)  # the service's rule; the service enforces it too
    return {
        "id": str(c.id),
        "url": routes.cliente_url(c.id),
        "cnpj": formatar_cnpj(c.cnpj),
        "razao_social": c.razao_social or "",
        "nome_fantasia": getattr(c, "nome_fantasia", None) or "",
        "cidade": cidade or "—",
        "telefone": masks.formatar_telefone(getattr(c, "telefone", None)) or "—",
        "responsavel": responsavel,
        "pode_editar": "1" if pode_editar else "",
    }


def _model_fields(model: type) -> set[str]:
    return set(getattr(model, "model_fields", {}) or {})


def _schema(nome: str) -> type:
    from aurora_app.models import cliente as cliente_models

    return getattr(cliente_models, nome)


# --------------------------------------------------------------------------- state


class ClienteFormMixin(rx.State, mixin=True):
    """Create/edit dialog of a cliente (masks, inline errors, Buscar CNPJ), shared by the list
    and the detail page; the page decides what happens after a save."""

    dialog_aberto: bool = False
    editando_id: int = 0
    form: dict[str, str] = form_vazio()
    erros: dict[str, str] = {}
    salvando: bool = False
    buscando_cnpj: bool = False
    responsaveis: list[dict[str, str]] = []
    _versao: int = 0

    async def _apos_salvar_cliente(self, actor: Actor, cliente: Any, *, criado: bool) -> list:
        return []

    @rx.var
    def titulo_dialog(self) -> str:
        return "Editar cliente" if self.editando_id else "Novo cliente"

    @rx.event
    async def abrir_novo(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.form = form_vazio()
        self.form["responsavel_id"] = str(actor.id)
        self.erros = {}
        self.editando_id = 0
        self._versao = 0
        self.dialog_aberto = True
        return None

    @rx.event
    async def abrir_edicao(self, cliente_id: int | str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            c = await run(clientes_svc.get, actor=actor, cliente_id=como_id(cliente_id))
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.form = form_de_cliente(c)
        self.erros = {}
        self.editando_id = int(c.id)
        self._versao = int(getattr(c, "versao", 0) or 0)
        self.dialog_aberto = True
        return None

    @rx.event
    def set_dialog_aberto(self, aberto: bool):
        if not self.salvando:
            self.dialog_aberto = bool(aberto)

    @rx.event
    def set_campo(self, campo: str, valor: str):
        if campo not in FORM_CAMPOS:
            return
        self.form = {**self.form, campo: masks.aplicar(campo, str(valor or ""))[:300]}
        if campo in self.erros:
            self.erros = {k: v for k, v in self.erros.items() if k != campo}

    @rx.event
    def validar_campo(self, campo: str):
        """On blur: show that field's message under it (only when something was typed)."""
        if campo not in FORM_CAMPOS or not self.form.get(campo):
            return
        msg = validar_form(self.form).get(campo)
        rest = {k: v for k, v in self.erros.items() if k != campo}
        self.erros = {**rest, campo: msg} if msg else rest

    @rx.event
    async def salvar(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        erros = validar_form(self.form)
        if erros:
            self.erros = erros
            return
        self.salvando = True
        yield
        try:
            if self.editando_id:
                schema = _schema("ClienteUpdate")
                dados = dados_do_form(self.form, _model_fields(schema))
                dados["versao"] = self._versao
                data = schema(**dados)
                salvo = await run(
                    clientes_svc.update, actor=actor, cliente_id=self.editando_id, data=data, ctx=self.request_context()
                )
                mensagem = "Cliente atualizado."
            else:
                schema = _schema("ClienteCreate")
                data = schema(**dados_do_form(self.form, _model_fields(schema)))
                salvo = await run(clientes_svc.create, actor=actor, data=data, ctx=self.request_context())
                mensagem = "Cliente cadastrado."
        except ValidationError as exc:
            self.erros = erros_de_validacao(exc)
            self.salvando = False
            return
        except DomainError as exc:
            self.salvando = False
            campo = campo_do_erro(exc, set(FORM_CAMPOS))
            if campo:
                self.erros = {**self.erros, campo: exc.detail}
            if exc.code == "conflito_versao":
                self.erros = {
                    **self.erros,
                    "_": exc.detail + " Feche e abra o cliente de novo para ver a versão atual.",
                }
            for ev in falha(exc):
                yield ev
            return
        except Exception as exc:  # noqa: BLE001
            self.salvando = False
            for ev in falha(exc):
                yield ev
            return
        self.salvando = False
        self.dialog_aberto = False
        yield ok(mensagem)
        for ev in await self._apos_salvar_cliente(actor, salvo, criado=not self.editando_id):
            yield ev

    @rx.event
    async def buscar_cnpj(self):
        """Fill the form from the CNPJ lookup service (cache → CNPJá paid → free)."""
        actor = await self.current_actor()
        if actor is None:
            return
        try:
            bare = normalizar_cnpj(self.form.get("cnpj", ""))
        except CNPJInvalido as exc:
            self.erros = {**self.erros, "cnpj": str(exc)}
            return
        self.buscando_cnpj = True
        yield
        try:
            consulta = await cnpj_svc.consultar(actor=actor, cnpj=bare)
            campos = cnpj_svc.to_cliente_fields(consulta)
        except Exception as exc:  # noqa: BLE001
            self.buscando_cnpj = False
            if isinstance(exc, DomainError):  # said under the field too, not only in a passing toast
                self.erros = {**self.erros, "cnpj": exc.detail}
            for ev in falha(exc):
                yield ev
            return
        self.buscando_cnpj = False
        self.form = preencher_com_consulta(self.form, campos)
        self.erros = {}
        fonte = FONTES.get(str(consulta.fonte), "consulta")
        if consulta.desatualizado:
            yield rx.toast.warning("A consulta online falhou: dados de uma consulta anterior. Confira antes de salvar.")
        yield ok(f"Dados preenchidos a partir da {fonte}. Confira antes de salvar.")


class ClientesState(ClienteFormMixin, AuthState):
    # filters and the current page
    busca: str = ""
    filtro_uf: str = TODAS
    filtro_responsavel: str = TODOS
    rows: list[dict[str, str]] = []
    total: int = 0
    total_estimado: bool = False
    pagina: int = 1
    tem_proxima: bool = False
    carregando: bool = False
    _cursores: list[str] = []  # cursor of each page visited ("" = first page)
    _proximo: str = ""

    # delete confirmation
    excluir_aberto: bool = False
    excluir_id: int = 0
    excluir_nome: str = ""

    # import / export
    importar_aberto: bool = False
    importando: bool = False
    import_fase: str = ""
    import_progresso: int = 0
    import_resumo: str = ""
    import_erros: list[dict[str, str]] = []
    import_erros_omitidos: int = 0
    exportando: bool = False
    _import_bytes: bytes = b""

    # ---- derived --------------------------------------------------------------------------

    @rx.var
    def faixa(self) -> str:
        if not self.total:
            return "Nenhum cliente encontrado"
        inicio = (self.pagina - 1) * PAGE_SIZE + 1
        fim = inicio + len(self.rows) - 1
        return f"{inicio}–{fim} de {'cerca de ' if self.total_estimado else ''}{self.total}"

    # ---- loading --------------------------------------------------------------------------

    def _filtros(self) -> dict[str, Any]:
        return {
            "busca": self.busca.strip() or None,
            "uf": None if self.filtro_uf == TODAS else self.filtro_uf,
            "responsavel_id": int(self.filtro_responsavel) if self.filtro_responsavel.isdigit() else None,
        }

    async def _carregar(self, actor: Actor, cursor: str = "") -> list:
        """Fetch the page that starts at ``cursor``; returns the events to emit."""
        self.carregando = True
        try:
            page = await run(
                clientes_svc.list_clientes, actor=actor, limite=PAGE_SIZE, cursor=cursor or None, **self._filtros()
            )
        except Exception as exc:  # noqa: BLE001 - mapped to a toast
            return falha(exc)
        finally:
            self.carregando = False
        nomes = {int(r["id"]): r["nome"] for r in self.responsaveis}
        self.rows = [cliente_row(c, nomes, actor) for c in page.items]
        self.total = page.total
        self.total_estimado = page.total_estimado  # a very large unfiltered list: an estimate
        self._proximo = page.next_cursor or ""
        self.tem_proxima = bool(page.next_cursor)
        return []

    async def _recomecar(self, actor: Actor) -> list:
        self._cursores = [""]
        self.pagina = 1
        return await self._carregar(actor, "")

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.dialog_aberto = False
        self.excluir_aberto = False
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception as exc:  # noqa: BLE001
            log.warning("responsáveis indisponíveis: %s", exc)
            self.responsaveis = []
        return await self._recomecar(actor)

    @rx.event
    async def set_busca(self, valor: str):
        self.busca = str(valor)[:100]
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._recomecar(actor)

    @rx.event
    async def set_filtro_uf(self, valor: str):
        self.filtro_uf = valor if valor in UFS else TODAS
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._recomecar(actor)

    @rx.event
    async def set_filtro_responsavel(self, valor: str):
        self.filtro_responsavel = valor if str(valor).isdigit() else TODOS
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._recomecar(actor)

    @rx.event
    async def limpar_filtros(self):
        self.busca, self.filtro_uf, self.filtro_responsavel = "", TODAS, TODOS
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._recomecar(actor)

    @rx.event
    async def proxima_pagina(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not self._proximo:
            return None
        cursor = self._proximo
        self._cursores = [*self._cursores, cursor]
        self.pagina = len(self._cursores)
        return await self._carregar(actor, cursor)

    @rx.event
    async def pagina_anterior(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if len(self._cursores) <= 1:
            return None
        self._cursores = self._cursores[:-1]
        self.pagina = len(self._cursores)
        return await self._carregar(actor, self._cursores[-1])

    async def _apos_salvar_cliente(self, actor: Actor, cliente: Any, *, criado: bool) -> list:
        if criado:
            # A new cliente shows on top: back to the first page with no filters in the way.
            self.busca, self.filtro_uf, self.filtro_responsavel = "", TODAS, TODOS
            return await self._recomecar(actor)
        return await self._carregar(actor, self._cursores[-1] if self._cursores else "")

    # ---- delete ---------------------------------------------------------------------------

    @rx.event
    def pedir_exclusao(self, cliente_id: str, nome: str):
        self.excluir_id = como_id(cliente_id)
        self.excluir_nome = str(nome)[:200]
        self.excluir_aberto = bool(self.excluir_id)

    @rx.event
    def set_excluir_aberto(self, aberto: bool):
        self.excluir_aberto = bool(aberto)

    @rx.event
    async def excluir(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            await run(clientes_svc.delete, actor=actor, cliente_id=self.excluir_id, ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            self.excluir_aberto = False
            return falha(exc)
        self.excluir_aberto = False
        events = await self._carregar(actor, self._cursores[-1] if self._cursores else "")
        return [ok(f"Cliente “{self.excluir_nome}” excluído."), *events]

    # ---- import ---------------------------------------------------------------------------

    @rx.event
    def set_importar_aberto(self, aberto: bool):
        if not self.importando:
            self.importar_aberto = bool(aberto)
            if aberto:
                self.import_resumo, self.import_erros, self.import_erros_omitidos = "", [], 0
                self.import_fase, self.import_progresso = "", 0

    @rx.event
    def progresso_upload(self, progresso: dict):
        self.import_fase = "Enviando arquivo…"
        try:
            self.import_progresso = max(0, min(100, int(float(progresso.get("progress", 0) or 0) * 100)))
        except (TypeError, ValueError, AttributeError):
            self.import_progresso = 0

    @rx.event
    async def receber_csv(self, files: list[rx.UploadFile]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not files:
            return rx.toast.error("Selecione um arquivo CSV.")
        arquivo = files[0]
        conteudo = await arquivo.read()
        if len(conteudo) > MAX_CSV_BYTES:
            return rx.toast.error(f"Arquivo grande demais (máximo de {MAX_CSV_BYTES // (1024 * 1024)} MB).")
        if not conteudo.strip():
            return rx.toast.error("O arquivo está vazio.")
        self._import_bytes = conteudo
        self.importando = True
        self.import_fase = "Processando linhas…"
        self.import_progresso = 100
        self.import_resumo, self.import_erros, self.import_erros_omitidos = "", [], 0
        return ClientesState.processar_importacao

    @rx.event(background=True)
    async def processar_importacao(self):
        """Long work off the event queue: the page stays responsive and shows the spinner."""
        async with self:
            actor = await self.current_actor()
            conteudo, self._import_bytes = self._import_bytes, b""
            ctx = self.request_context()
            if actor is None or not conteudo:
                self.importando = False
                return
        try:
            resultado = await run(clientes_svc.import_csv, actor=actor, content=conteudo, ctx=ctx)
        except Exception as exc:  # noqa: BLE001
            async with self:
                self.importando = False
                self.import_fase = ""
            for ev in falha(exc):
                yield ev
            return
        res = resultado if isinstance(resultado, dict) else resultado.model_dump()
        erros = res.get("erros") or []
        async with self:
            self.importando = False
            self.import_fase = ""
            self.import_resumo = labels.resumo_importacao(  # every row accounted for: the numbers add up
                res.get("linhas", 0), res.get("criados", 0), res.get("atualizados", 0), res.get("inalterados", 0), len(erros)
            ) + "."
            self.import_erros = [
                {
                    "linha": str(e.get("linha", "") if isinstance(e, dict) else e.linha),
                    "detalhe": str(e.get("detalhe", "") if isinstance(e, dict) else e.detalhe),
                }
                for e in erros[:MAX_ERROS_MOSTRADOS]
            ]
            self.import_erros_omitidos = max(0, len(erros) - MAX_ERROS_MOSTRADOS)
            events = await self._recomecar(actor)
        yield rx.clear_selected_files(UPLOAD_ID)
        yield ok("Importação concluída.") if not erros else rx.toast.warning("Importação concluída com erros.")
        for ev in events:
            yield ev

    # ---- export ---------------------------------------------------------------------------

    @rx.event
    async def exportar(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.exportando = True
        yield
        filtros = self._filtros()
        ctx = self.request_context()

        def _csv() -> str:
            return "".join(clientes_svc.export_csv(actor=actor, ctx=ctx, **filtros))

        try:
            texto = await asyncio.to_thread(_csv)
        except Exception as exc:  # noqa: BLE001
            self.exportando = False
            for ev in falha(exc):
                yield ev
            return
        self.exportando = False
        if len(texto) > MAX_EXPORT_CHARS:
            yield rx.toast.error(
                "Exportação grande demais para o navegador: filtre a lista (busca, UF, responsável) "
                "ou use a API GET /api/v1/clientes/exportar."
            )
            return
        yield rx.download(
            data=texto, filename=f"clientes-{hoje():%Y-%m-%d}.csv", mime_type="text/csv;charset=utf-8"
        )
