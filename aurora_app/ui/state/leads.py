"""State of /leads: the pipeline as a kanban (drag and drop, or the card's menu) and as a list.

The board holds only the first cards of each column (the service sends counts and totals over all
of them); the list holds one page (``PaginacaoMixin``). The lead form and the stage move are
mixins shared with the lead page (``lead_form``, ``lead_mover``). Money and dates are formatted
here, in the backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import reflex as rx

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.models.lote import LoteLeads, LoteResultado
from aurora_app.services import leads as leads_svc
from aurora_app.services import lote as lote_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components import masks
from aurora_app.ui.components.toasts import falha, run
from aurora_app.ui.labels import ESTAGIO_LABEL, ESTAGIOS, ORIGEM_LABEL
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.comum import carregar_responsaveis
from aurora_app.ui.state.lead_form import LeadFormMixin
from aurora_app.ui.state.lead_mover import MoverMixin
from aurora_app.ui.state.leads_filtros import TODOS, FiltrosLeadsMixin
from aurora_app.ui.state.lote import LoteMixin
from aurora_app.ui.state.paginacao import Pagina, PaginacaoMixin
from aurora_app.ui.state.visoes import VisoesMixin

CARDS_POR_ESTAGIO = 20  # the board's cards per column (the API's ?por_estagio=)


# --------------------------------------------------------------------------- pure helpers


def lead_card(lead: Any) -> dict[str, str]:
    """A LeadRead → display strings for a kanban card, a list row or the detail page."""
    return {
        "id": str(lead.id),
        "url": routes.lead_url(lead.id),
        "nome": lead.nome,
        "empresa": lead.empresa or "",
        "cnpj": formatar_cnpj(lead.cnpj) if lead.cnpj else "",
        "contato": lead.contato or "",
        "email": lead.email or "",
        "telefone": masks.formatar_telefone(lead.telefone),
        "origem": ORIGEM_LABEL.get(lead.origem, lead.origem),
        "estagio": lead.estagio,
        "estagio_label": ESTAGIO_LABEL.get(lead.estagio, lead.estagio),
        "valor": labels.brl(lead.valor),
        "previsao": labels.data_br(lead.previsao_fechamento) if lead.previsao_fechamento else "",
        "motivo_perda": lead.motivo_perda or "",
        "responsavel": getattr(lead, "responsavel_nome", None) or "—",
        "cliente_url": routes.cliente_url(lead.cliente_id) if lead.cliente_id else "",
        "criado_em": labels.dia(lead.criado_em) if lead.criado_em else "",
    }


# --------------------------------------------------------------------------- /leads


class LeadsState(LoteMixin, VisoesMixin, FiltrosLeadsMixin, PaginacaoMixin, LeadFormMixin, MoverMixin, AuthState):
    modo: str = "kanban"  # or "lista"
    filtro_responsavel: str = TODOS

    # kanban
    cards: dict[str, list[dict[str, str]]] = {e: [] for e, _, _ in ESTAGIOS}
    contagens: dict[str, int] = {e: 0 for e, _, _ in ESTAGIOS}
    totais: dict[str, str] = {e: labels.brl(0) for e, _, _ in ESTAGIOS}
    restantes: dict[str, int] = {e: 0 for e, _, _ in ESTAGIOS}
    _board_antes: dict[str, Any] = {}  # the board before an optimistic drop, for the rollback

    # list (rows, paging: PaginacaoMixin)
    busca: str = ""
    filtro_estagio: str = TODOS
    NENHUM: ClassVar[str] = "Nenhum lead encontrado"
    LISTA_VISAO: ClassVar[str] = "leads"

    def _responsavel(self) -> int | None:
        return int(self.filtro_responsavel) if self.filtro_responsavel.isdigit() else None

    async def _carregar_board(self, actor: Actor) -> list:
        self.carregando = True
        try:
            cols = await run(
                leads_svc.board,
                actor=actor,
                responsavel_id=self._responsavel(),
                por_estagio=CARDS_POR_ESTAGIO,
                busca=self.busca.strip() or None,
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.carregando = False
        cards, contagens, totais, restantes = {}, {}, {}, {}
        for estagio, _, _ in ESTAGIOS:
            col = cols.get(estagio)
            items = [lead_card(lead) for lead in (col.items if col else [])]
            cards[estagio] = items
            contagens[estagio] = col.count if col else 0
            totais[estagio] = labels.brl(col.total_valor if col else 0)
            restantes[estagio] = max(0, contagens[estagio] - len(items))
        self.cards, self.contagens, self.totais, self.restantes = cards, contagens, totais, restantes
        return []

    def _filtros_lista(self) -> dict[str, Any]:
        return {
            "estagio": None if self.filtro_estagio == TODOS else self.filtro_estagio,
            "busca": self.busca.strip() or None,
            "responsavel_id": self._responsavel(),
            **self._faixas(),
        }

    async def _ids_do_filtro(self, actor: Actor, cursor: str | None) -> tuple[list[int], str | None]:
        page = await run(leads_svc.list_leads, actor=actor, **self._filtros_lista(), limite=200, cursor=cursor)
        return [lead.id for lead in page.items], page.next_cursor

    async def _em_lote(self, actor: Actor, dados: dict[str, Any]) -> LoteResultado:
        return await run(lote_svc.leads_em_lote, actor=actor, data=LoteLeads(**dados), ctx=self.request_context())

    def _exportar_ids(self, actor: Actor, ids: list[int]) -> Iterator[str]:
        return leads_svc.export_csv(actor=actor, ids=ids, ctx=self.request_context())

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        page = await run(
            leads_svc.list_leads, actor=actor, **self._filtros_lista(), limite=self.TAMANHO_PAGINA, cursor=cursor
        )
        return Pagina([lead_card(lead) for lead in page.items], page.total, page.next_cursor, page.total_estimado)

    async def _recarregar(self, actor: Actor) -> list:
        if self.modo == "lista":
            return await self._recarregar_pagina(actor)
        return await self._carregar_board(actor)

    async def _apos_salvar(self, actor: Actor, lead: Any, *, criado: bool) -> list:
        if self.modo == "lista":
            return await self._recomecar(actor)
        return await self._carregar_board(actor)

    async def _apos_mover(self, actor: Actor, lead: Any) -> list:
        self._board_antes = {}
        return await self._recarregar(actor)

    async def _apos_falha_mover(self, actor: Actor) -> list:
        """A refused drop (409, 404, 403...): the board as it was, then as the server has it."""
        if not self._board_antes:
            return []  # the menu moves nothing before the service answers
        self.cards, self.contagens = self._board_antes["cards"], self._board_antes["contagens"]
        self._board_antes = {}
        return await self._carregar_board(actor)

    @rx.event
    async def soltar_card(self, lead_id: str, estagio: str, indice: int):
        """A card dropped on a column (drag and drop, mouse or keyboard), at position ``indice``.

        The card moves on the board at once (optimistic); the service decides, and a refusal puts
        it back (with the error's toast). Counts and totals come from the server after the move.
        The drop place is sent as the card just above it (``apos_id``; 0: the top), so a drop
        within the card's own column reorders it. Perdido asks the reason first, as the menu
        does: the card stays until the reason is confirmed."""
        actor = await self.current_actor()
        if actor is None:
            yield self.login_redirect()
            return
        origem = next((e for e, items in self.cards.items() for c in items if c["id"] == str(lead_id)), None)
        if origem is None or estagio not in ESTAGIO_LABEL:
            return
        card = next(c for c in self.cards[origem] if c["id"] == str(lead_id))
        if estagio == "perdido" and origem != estagio:
            yield await self._pedir_mover(card["id"], estagio, card["nome"])
            return
        self._board_antes = {"cards": {e: list(v) for e, v in self.cards.items()}, "contagens": dict(self.contagens)}
        cards = {e: [c for c in v if c["id"] != card["id"]] for e, v in self.cards.items()}
        destino = cards[estagio]
        indice = max(0, min(int(indice), len(destino)))
        apos_id = int(destino[indice - 1]["id"]) if indice > 0 else 0
        destino.insert(indice, {**card, "estagio": estagio, "estagio_label": ESTAGIO_LABEL[estagio]})
        contagens = dict(self.contagens)
        contagens[origem] = max(0, contagens[origem] - 1)
        contagens[estagio] = contagens[estagio] + 1
        self.cards, self.contagens = cards, contagens
        yield  # the browser sees the card in its new place now
        for ev in await self._mover(actor, int(card["id"]), estagio, None, apos_id=apos_id):
            yield ev

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.dialog_aberto = self.perda_aberto = False
        self._filtros_da_url()
        try:
            self.responsaveis = await carregar_responsaveis(actor)
        except Exception:  # noqa: BLE001
            self.responsaveis = []
        await self._carregar_visoes(actor)
        events = await self._recomecar(actor) if self.modo == "lista" else await self._carregar_board(actor)
        novo_para = str((self.router.url.query_parameters or {}).get("novo_para", ""))
        if novo_para.isdigit():  # "Novo lead" on a cliente's page: the dialog, tied to that cliente
            await self._abrir_novo(actor, cliente_id=novo_para)
        return events

    @rx.event
    async def set_modo(self, modo: str | list[str]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.modo = "lista" if modo == "lista" else "kanban"
        if self.modo == "lista":
            return await self._recomecar(actor)
        limpar_url = rx.call_script(f"window.history.replaceState(null, '', '{routes.LEADS}')")
        return [*await self._carregar_board(actor), limpar_url]

    @rx.event
    async def ver_estagio(self, estagio: str):
        """ "+N mais" of a column: the list view filtered by that stage."""
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_estagio = estagio if estagio in ESTAGIO_LABEL else TODOS
        self.modo = "lista"
        return await self._recomecar(actor)

    @rx.event
    async def set_filtro_responsavel(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_responsavel = valor if str(valor).isdigit() else TODOS
        if self.modo == "lista":
            return await self._recomecar(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def set_busca(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.busca = str(valor)[:100]
        if self.modo == "lista":
            return await self._recomecar(actor)
        return await self._carregar_board(actor)

    @rx.event
    async def set_filtro_estagio(self, valor: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.filtro_estagio = valor if valor in ESTAGIO_LABEL else TODOS
        return await self._recomecar(actor)
