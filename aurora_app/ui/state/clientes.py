"""State of /clientes: one page of rows (``PaginacaoMixin``), filters and sort in the address
(``ListaNaUrlMixin``) and saved views (``VisoesMixin``), create/edit (``ClienteFormMixin``) and delete. CSV import and export are their own state (``clientes_csv``),
so an upload's bytes never ride in this one.

Every handler re-checks the caller, because the client can call any handler with any arguments,
and the services enforce who may edit what.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, ClassVar

import reflex as rx

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.models.cliente import UFS as _UFS
from aurora_app.models.lote import LoteClientes, LoteResultado
from aurora_app.services import clientes as clientes_svc
from aurora_app.services import lote as lote_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import com_desfazer, falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.cliente_form import ClienteFormMixin
from aurora_app.ui.state.comum import carregar_responsaveis, como_id, restaurar
from aurora_app.ui.state.lista_url import PADRAO, ListaNaUrlMixin
from aurora_app.ui.state.lote import LoteMixin
from aurora_app.ui.state.paginacao import Pagina, PaginacaoMixin
from aurora_app.ui.state.visoes import VisoesMixin

log = logging.getLogger("aurora.ui.clientes")

TODAS = "todas"  # Radix selects refuse "" as an item value
TODOS = "todos"
UFS = tuple(sorted(_UFS))


# --------------------------------------------------------------------------- pure helpers


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
        "cadastro": labels.dia(getattr(c, "criado_em", None)),
        "pode_editar": "1" if pode_editar else "",
    }


# --------------------------------------------------------------------------- state


class ClientesState(LoteMixin, VisoesMixin, ListaNaUrlMixin, PaginacaoMixin, ClienteFormMixin, AuthState):
    busca: str = ""
    filtro_uf: str = TODAS
    filtro_responsavel: str = TODOS

    # delete confirmation
    excluir_aberto: bool = False
    excluir_id: int = 0
    excluir_nome: str = ""

    NENHUM: ClassVar[str] = "Nenhum cliente encontrado"
    LOTE_NOMES: ClassVar[tuple[str, str]] = ("cliente", "clientes")
    LOTE_ACOES: ClassVar[tuple[str, ...]] = ("reatribuir", "excluir")
    ROTA: ClassVar[str] = routes.CLIENTES
    ORDENS: ClassVar[tuple[str, ...]] = clientes_svc.ORDENS
    CRESCENTE_PRIMEIRO: ClassVar[tuple[str, ...]] = ("razao_social",)
    LISTA_VISAO: ClassVar[str] = "clientes"

    # ---- loading --------------------------------------------------------------------------

    def filtros(self) -> dict[str, Any]:
        """The list's filters as the service reads them (the CSV export uses the same)."""
        return {
            "busca": self.busca.strip() or None,
            "uf": None if self.filtro_uf == TODAS else self.filtro_uf,
            "responsavel_id": int(self.filtro_responsavel) if self.filtro_responsavel.isdigit() else None,
        }

    def _consulta_da_lista(self) -> dict[str, str]:
        valores = {
            "busca": self.busca.strip(),
            "uf": "" if self.filtro_uf == TODAS else self.filtro_uf,
            "responsavel_id": "" if self.filtro_responsavel == TODOS else self.filtro_responsavel,
            "ordem": "" if self.ordem == PADRAO else self.ordem,
        }
        return {k: v for k, v in valores.items() if v}

    def _aplicar_consulta(self, q: dict[str, Any]) -> bool:
        """``/clientes?uf=SP&ordem=razao_social`` (a copied link, a saved view); unknown values ignored."""
        if not (q.get("modo") == "lista" or any(k in q for k in ("busca", "uf", "responsavel_id", "ordem"))):
            return False
        uf, responsavel = str(q.get("uf", "")), str(q.get("responsavel_id", ""))
        self.busca = str(q.get("busca", ""))[:100]
        self.filtro_uf = uf if uf in UFS else TODAS
        self.filtro_responsavel = responsavel if responsavel.isdigit() else TODOS
        self.ordem = self._ordem_da_consulta(q)
        return True

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        page = await run(
            clientes_svc.list_clientes,
            actor=actor,
            limite=self.TAMANHO_PAGINA,
            cursor=cursor,
            ordem=self.ordem,
            **self.filtros(),
        )
        nomes = {int(r["id"]): r["nome"] for r in self.responsaveis}
        rows = [cliente_row(c, nomes, actor) for c in page.items]
        return Pagina(rows, page.total, page.next_cursor, page.total_estimado)  # a huge unfiltered list: estimate

    async def _ids_do_filtro(self, actor: Actor, cursor: str | None) -> tuple[list[int], str | None]:
        page = await run(
            clientes_svc.list_clientes, actor=actor, limite=200, cursor=cursor, ordem=self.ordem, **self.filtros()
        )
        return [c.id for c in page.items], page.next_cursor

    async def _em_lote(self, actor: Actor, dados: dict[str, Any]) -> LoteResultado:
        return await run(lote_svc.clientes_em_lote, actor=actor, data=LoteClientes(**dados), ctx=self.request_context())

    def _exportar_ids(self, actor: Actor, ids: list[int]) -> Iterator[str]:
        return clientes_svc.export_csv(actor=actor, ids=ids, ctx=self.request_context())

    async def recomecar(self, actor: Actor) -> list:
        """Page 1 again (after an import, from the CSV state)."""
        return await self._recomecar(actor)

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.dialog_aberto = False
        self.excluir_aberto = False
        self._filtros_da_url()
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception as exc:  # noqa: BLE001
            log.warning("responsáveis indisponíveis: %s", exc)
            self.responsaveis = []
        await self._carregar_visoes(actor)
        return await self._recomecar(actor)

    @rx.event
    async def set_busca(self, valor: str):
        return await self._mudar_filtro("busca", str(valor)[:100])

    @rx.event
    async def set_filtro_uf(self, valor: str):
        return await self._mudar_filtro("filtro_uf", valor if valor in UFS else TODAS)

    @rx.event
    async def set_filtro_responsavel(self, valor: str):
        return await self._mudar_filtro("filtro_responsavel", valor if str(valor).isdigit() else TODOS)

    @rx.event
    async def limpar_filtros(self):
        self.busca, self.filtro_uf = "", TODAS
        return await self._mudar_filtro("filtro_responsavel", TODOS)

    async def _apos_salvar(self, actor: Actor, cliente: Any, *, criado: bool) -> list:
        if criado:
            # A new cliente shows on top: back to the first page with no filters in the way.
            self.busca, self.filtro_uf, self.filtro_responsavel = "", TODAS, TODOS
            return await self._recomecar(actor)
        return await self._recarregar_pagina(actor)

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
        events = await self._recarregar_pagina(actor)
        desfazer = ClientesState.desfazer_exclusao(str(self.excluir_id))
        return [com_desfazer(f"Cliente “{self.excluir_nome}” excluído.", desfazer), *events]

    @rx.event
    async def desfazer_exclusao(self, cliente_id: str):
        """ "Desfazer" right after a delete: back from the trash (the trash's own rules apply)."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        try:
            await restaurar(actor, "cliente", cliente_id, self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return [ok("Cliente restaurado."), *await self._recarregar_pagina(actor)]
