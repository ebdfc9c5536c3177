"""CSV import and export of /clientes, a state of its own: an upload's bytes and the import report
never ride in the list's state (every list event would carry them). It reads the list's filters
and refreshes the list through ``get_state``."""

from __future__ import annotations

import asyncio

import reflex as rx

from aurora_app.core.tempo import hoje
from aurora_app.services import clientes as clientes_svc
from aurora_app.ui import labels
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.clientes import ClientesState

MAX_CSV_BYTES = clientes_svc.MAX_IMPORT_BYTES  # the service's limit, one number
UPLOAD_ID = "clientes_csv"
# The CSV goes to the browser inside one websocket message (never into the state).
MAX_EXPORT_CHARS = 15_000_000
MAX_ERROS_MOSTRADOS = 200


class ClientesCsvState(AuthState):
    importar_aberto: bool = False
    importando: bool = False
    import_fase: str = ""
    import_progresso: int = 0
    import_resumo: str = ""
    import_erros: list[dict[str, str]] = []
    import_erros_omitidos: int = 0
    exportando: bool = False
    _import_bytes: bytes = b""

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
        conteudo = await files[0].read()
        if len(conteudo) > MAX_CSV_BYTES:
            return rx.toast.error(f"Arquivo grande demais (máximo de {MAX_CSV_BYTES // (1024 * 1024)} MB).")
        if not conteudo.strip():
            return rx.toast.error("O arquivo está vazio.")
        self._import_bytes = conteudo
        self.importando = True
        self.import_fase = "Processando linhas…"
        self.import_progresso = 100
        self.import_resumo, self.import_erros, self.import_erros_omitidos = "", [], 0
        return ClientesCsvState.processar_importacao

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
            lista = await self.get_state(ClientesState)
            events = await lista.recomecar(actor)
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
