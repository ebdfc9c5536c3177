"""CSV import and export of /clientes, a state of its own: an upload's bytes and the import report
never ride in the list's state (every list event would carry them). It reads the list's filters
and refreshes the list through ``get_state``."""

from __future__ import annotations

import asyncio

import reflex as rx

from aurora_app.core.tempo import hoje
from aurora_app.models.cliente import ImportErro
from aurora_app.services import clientes as clientes_svc
from aurora_app.ui import labels
from aurora_app.ui.auditoria import CAMPOS
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.clientes import ClientesState

MAX_CSV_BYTES = clientes_svc.MAX_IMPORT_BYTES  # the service's limit, one number
UPLOAD_ID = "clientes_csv"
# The CSV goes to the browser inside one websocket message (never into the state).
MAX_EXPORT_CHARS = 15_000_000
MAX_ERROS_MOSTRADOS = 200


IGNORAR = "ignorar"  # Radix selects refuse "" as a value


class ClientesCsvState(AuthState):
    """Import in steps: upload → mapping (pre-filled by the header match) with a preview of the
    first rows and their problems → import → summary with the refused rows to download."""

    importar_aberto: bool = False
    import_etapa: str = "enviar"  # enviar | mapear | resumo
    import_colunas: list[str] = []
    import_mapa: dict[str, str] = {}  # file column → field (IGNORAR: not imported)
    import_campos: list[dict[str, str]] = []  # {valor, rotulo}
    import_amostra: list[dict[str, str]] = []
    import_problema: str = ""
    import_rejeitadas: int = 0
    importando: bool = False
    import_fase: str = ""
    import_progresso: int = 0
    import_resumo: str = ""
    import_erros: list[dict[str, str]] = []
    import_erros_omitidos: int = 0
    exportando: bool = False
    _import_bytes: bytes = b""  # kept until the dialog closes: the refused rows are cut from it
    _import_erros: list[dict] = []

    # ---- import ---------------------------------------------------------------------------

    @rx.event
    def set_importar_aberto(self, aberto: bool):
        if not self.importando:
            self.importar_aberto = bool(aberto)
            self.import_resumo, self.import_erros, self.import_erros_omitidos = "", [], 0
            self.import_fase, self.import_progresso, self.import_etapa = "", 0, "enviar"
            self.import_colunas, self.import_mapa, self.import_amostra, self.import_problema = [], {}, [], ""
            self._import_bytes, self._import_erros, self.import_rejeitadas = b"", [], 0

    def _mapeamento(self) -> dict[str, str | None]:
        return {c: (None if f == IGNORAR else f) for c, f in self.import_mapa.items()}

    async def _analisar(self, actor) -> list:  # noqa: ANN001
        try:
            analise = await run(
                clientes_svc.analisar_csv,
                actor=actor,
                content=self._import_bytes,
                mapeamento=self._mapeamento() if self.import_mapa else None,
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        self.import_colunas = analise.colunas
        self.import_campos = [{"valor": f, "rotulo": CAMPOS.get(f, f)} for f in analise.campos]
        self.import_mapa = {c: f or IGNORAR for c, f in analise.mapeamento.items()}
        self.import_problema = analise.problema
        self.import_amostra = [
            {
                "linha": str(a.linha),
                "cnpj": a.valores.get("cnpj", ""),
                "razao_social": a.valores.get("razao_social", ""),
                "acao": "" if a.problema else ("novo" if a.novo else "atualiza"),
                "problema": a.problema,
            }
            for a in analise.amostra
        ]
        self.import_etapa = "mapear"
        return []

    @rx.event
    async def set_mapa(self, coluna: str, campo: str):
        """A column's field changed: the preview follows (a field taken by another column is freed there)."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if coluna not in self.import_mapa or (
            campo != IGNORAR and campo not in {c["valor"] for c in self.import_campos}
        ):
            return None
        mapa = {c: (IGNORAR if f == campo and campo != IGNORAR else f) for c, f in self.import_mapa.items()}
        mapa[coluna] = campo
        self.import_mapa = mapa
        return await self._analisar(actor)

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
        conteudo = await files[0].read()
        if len(conteudo) > MAX_CSV_BYTES:
            return rx.toast.error(f"Arquivo grande demais (máximo de {MAX_CSV_BYTES // (1024 * 1024)} MB).")
        if not conteudo.strip():
            return rx.toast.error("O arquivo está vazio.")
        self._import_bytes = conteudo
        self.import_mapa = {}
        self.import_fase, self.import_progresso = "", 0
        return await self._analisar(actor)

    @rx.event
    def confirmar_importacao(self):
        if self.import_etapa != "mapear" or not self._import_bytes or self.import_problema:
            return None
        self.importando = True
        self.import_fase = "Conferindo as linhas…"
        self.import_progresso = 0
        self.import_resumo, self.import_erros, self.import_erros_omitidos = "", [], 0
        return ClientesCsvState.processar_importacao

    @rx.event(background=True)
    async def processar_importacao(self):
        """Long work off the event queue: the page stays responsive and shows the spinner."""
        async with self:
            actor = await self.current_actor()
            conteudo = self._import_bytes
            mapeamento = self._mapeamento()
            ctx = self.request_context()
            if actor is None or not conteudo:
                self.importando = False
                return
        andamento = {"feitas": 0, "linhas": 0}

        def _progresso(feitas: int, linhas: int) -> None:  # called from the import's thread
            andamento.update(feitas=feitas, linhas=linhas)

        tarefa = asyncio.ensure_future(
            run(
                clientes_svc.import_csv,
                actor=actor,
                content=conteudo,
                ctx=ctx,
                mapeamento=mapeamento,
                progresso=_progresso,
            )
        )
        while not tarefa.done():  # the bar follows the rows settled (checked, then written batch by batch)
            await asyncio.wait({tarefa}, timeout=0.3)
            if andamento["linhas"]:
                async with self:
                    self.import_progresso = 100 * andamento["feitas"] // andamento["linhas"]
                    self.import_fase = f"Importando: {labels.inteiro(andamento['feitas'])} de {labels.inteiro(andamento['linhas'])} linhas…"
        try:
            resultado = tarefa.result()
        except Exception as exc:  # noqa: BLE001
            async with self:
                self.importando = False
                self.import_fase = ""
            for ev in falha(exc):
                yield ev
            return
        erros = resultado.erros
        async with self:
            self.importando = False
            self.import_fase = ""
            self.import_resumo = (
                labels.resumo_importacao(  # every row accounted for: the numbers add up
                    resultado.linhas, resultado.criados, resultado.atualizados, resultado.inalterados, len(erros)
                )
                + "."
            )
            self.import_erros = [{"linha": str(e.linha), "detalhe": e.detalhe} for e in erros[:MAX_ERROS_MOSTRADOS]]
            self.import_erros_omitidos = max(0, len(erros) - MAX_ERROS_MOSTRADOS)
            self._import_erros = [e.model_dump() for e in erros]
            self.import_rejeitadas = len(erros)
            self.import_etapa = "resumo"
            lista = await self.get_state(ClientesState)
            events = await lista.recomecar(actor)
        yield rx.clear_selected_files(UPLOAD_ID)
        yield ok("Importação concluída.") if not erros else rx.toast.warning("Importação concluída com erros.")
        for ev in events:
            yield ev

    @rx.event
    async def baixar_rejeitadas(self):
        """The refused rows as they were in the file, with the reason in a ``motivo`` column."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not self._import_erros or not self._import_bytes:
            return None
        try:
            texto = await run(
                clientes_svc.linhas_rejeitadas_csv,
                content=self._import_bytes,
                erros=[ImportErro(**e) for e in self._import_erros],
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return rx.download(data=texto, filename=f"rejeitadas-{hoje():%Y-%m-%d}.csv", mime_type="text/csv;charset=utf-8")

    # ---- export ---------------------------------------------------------------------------

    @rx.event
    async def exportar(self):
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        self.exportando = True
        yield
        filtros = (await self.get_state(ClientesState)).filtros()
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
        yield rx.download(data=texto, filename=f"clientes-{hoje():%Y-%m-%d}.csv", mime_type="text/csv;charset=utf-8")
