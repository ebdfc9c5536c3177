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


class LixeiraState(AuthState):
    tipo: str = "cliente"
    itens: list[dict[str, str]] = []
    total: int = 0
    tem_mais: bool = False
    carregando: bool = False
    _cursor: str = ""

    async def _carregar(self, actor: Actor, *, mais: bool = False) -> list:
        self.carregando = True
        try:
            page = await run(lixeira_svc.list_lixeira, actor=actor, tipo=self.tipo, limite=PAGINA,
                             cursor=(self._cursor or None) if mais else None)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.carregando = False
        rows = [item_row(i) for i in page.items]
        self.itens = [*self.itens, *rows] if mais else rows
        self.total = page.total
        self._cursor = page.next_cursor or ""
        self.tem_mais = bool(page.next_cursor)
        return []

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
    async def mais(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._carregar(actor, mais=True)

    @rx.event
    async def restaurar(self, tipo: str, registro_id: str):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if tipo not in TIPOS or not str(registro_id).isdigit():
            return None
        try:
            await run(lixeira_svc.restaurar, actor=actor, tipo=tipo, registro_id=int(registro_id),
                      ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        href = routes.cliente_url(registro_id) if tipo == "cliente" else routes.lead_url(registro_id)
        self.itens = [r for r in self.itens if r["id"] != str(registro_id)]
        self.total = max(0, self.total - 1)
        return [ok("Restaurado."), rx.redirect(href)]
