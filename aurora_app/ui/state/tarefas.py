"""State of /tarefas ("Minhas tarefas"): the caller's tasks by situation, done/undo, paging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from aurora_app.models.interacao import InteracaoUpdate
from aurora_app.services import tarefas as tarefas_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components.toasts import falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.timeline import interacao_row

PAGINA = 30
SITUACOES = {"atrasadas": "Atrasadas", "hoje": "Hoje", "proximas": "Próximas", "concluidas": "Concluídas"}


def tarefa_row(t: Any, agora: datetime | None = None) -> dict[str, str]:
    """A TarefaRead → display strings, with a link to its cliente or lead."""
    row = interacao_row(t, agora)
    href = routes.lead_url(t.lead_id) if t.lead_id else routes.cliente_url(t.cliente_id)
    return {**row, "alvo": t.alvo_nome or "—", "href": href, "alvo_tipo": "Lead" if t.lead_id else "Cliente"}


class TarefasState(AuthState):
    situacao: str = "hoje"
    tarefas: list[dict[str, str]] = []
    total: int = 0
    tem_mais: bool = False
    carregando: bool = False
    _cursor: str = ""

    async def _carregar(self, actor: Actor, *, mais: bool = False) -> list:
        self.carregando = True
        try:
            page = await run(tarefas_svc.list_tarefas, actor=actor, situacao=self.situacao, limite=PAGINA,
                             cursor=(self._cursor or None) if mais else None)
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        finally:
            self.carregando = False
        agora = datetime.now(labels.TZ)
        rows = [tarefa_row(t, agora) for t in page.items]
        self.tarefas = [*self.tarefas, *rows] if mais else rows
        self.total = page.total
        self._cursor = page.next_cursor or ""
        self.tem_mais = bool(page.next_cursor)
        return []

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        pedida = self.router.url.query_parameters.get("situacao", "")
        self.situacao = pedida if pedida in SITUACOES else "hoje"
        self.tarefas = []
        return await self._carregar(actor)

    @rx.event
    async def set_situacao(self, valor: str | list[str]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.situacao = valor if isinstance(valor, str) and valor in SITUACOES else "hoje"
        return await self._carregar(actor)

    @rx.event
    async def mais(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        return await self._carregar(actor, mais=True)

    @rx.event
    async def alternar(self, interacao_id: str, concluida: bool):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(interacao_id).isdigit():
            return None
        try:
            await run(tarefas_svc.update, actor=actor, interacao_id=int(interacao_id),
                      data=InteracaoUpdate(concluida=bool(concluida)), ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        await self.contar_pendentes(actor)
        # The task leaves this list (done ↔ open); "Desfazer" puts it back.
        self.tarefas = [r for r in self.tarefas if r["id"] != str(interacao_id)]
        self.total = max(0, self.total - 1)
        desfazer = rx.toast.success(
            "Tarefa concluída." if concluida else "Tarefa reaberta.",
            duration=6000,
            action={"label": "Desfazer", "on_click": TarefasState.desfazer(str(interacao_id), not concluida)},
        )
        return desfazer

    @rx.event
    async def desfazer(self, interacao_id: str, concluida: bool):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        if not str(interacao_id).isdigit():
            return None
        try:
            await run(tarefas_svc.update, actor=actor, interacao_id=int(interacao_id),
                      data=InteracaoUpdate(concluida=bool(concluida)), ctx=self.request_context())
        except Exception as exc:  # noqa: BLE001
            return falha(exc)
        return [ok("Desfeito."), *await self._carregar(actor)]
