"""State of /lixeira: removed clientes and leads of the last 30 days, and restoring them."""

from __future__ import annotations

from typing import Any

import reflex as rx

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.services import lixeira as lixeira_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.paginacao import CarregarMaisMixin, Pagina

PAGINA = 50
TIPOS = {"cliente": "Clientes", "lead": "Leads"}


def item_row(i: Any) -> dict[str, str]:
    return {
        "tipo": i.tipo,
        "id": str(i.id),
        "nome": i.nome,
        "cnpj": formatar_cnpj(i.cnpj) if i.cnpj else "",
        "responsavel": i.responsavel_nome or "—",
        "removido_em": labels.data_br(i.removido_em),
        "expira_em": labels.data_br(i.expira_em),
    }


class LixeiraState(CarregarMaisMixin, AuthState):
    tipo: str = "cliente"

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        page = await run(lixeira_svc.list_lixeira, actor=actor, tipo=self.tipo, limite=PAGINA, cursor=cursor)
        return Pagina([item_row(i) for i in page.items], page.total, page.next_cursor)

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        pedido = self.router.url.query_parameters.get("tipo", "")
        self.tipo = pedido if pedido in TIPOS else "cliente"
        self.itens = []
        return await self._carregar(actor)

    @rx.event
    async def set_tipo(self, valor: str | list[str]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.tipo = valor if isinstance(valor, str) and valor in TIPOS else "cliente"
        return await self._carregar(actor)

    @rx.event
    async def restaurar(self, tipo: str, registro_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if tipo not in TIPOS or not str(registro_id).isdigit():
            return None
        try:
            await run(
                lixeira_svc.restaurar, actor=actor, tipo=tipo, registro_id=int(registro_id), ctx=self.request_context()
            )
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        href = routes.cliente_url(registro_id) if tipo == "cliente" else routes.lead_url(registro_id)
        self._sem_item(registro_id)
        return [ok("Restaurado."), rx.redirect(href)]
