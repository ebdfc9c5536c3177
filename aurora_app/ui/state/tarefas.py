"""State of /tarefas ("Minhas tarefas"): the caller's tasks by situation, done/undo, paging."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx

from aurora_app.models.interacao import InteracaoUpdate
from aurora_app.services import tarefas as tarefas_svc
from aurora_app.services.actor import Actor
from aurora_app.ui import labels, routes
from aurora_app.ui.components.toasts import com_desfazer, falha, ok, run
from aurora_app.ui.state.auth import AuthState
from aurora_app.ui.state.paginacao import CarregarMaisMixin, Pagina
from aurora_app.ui.state.timeline import interacao_row

PAGINA = 30
SITUACOES = {"atrasadas": "Atrasadas", "hoje": "Hoje", "proximas": "Próximas", "concluidas": "Concluídas"}


def tarefa_row(t: Any, agora: datetime | None = None) -> dict[str, str]:
    """A TarefaRead → display strings, with a link to its cliente or lead."""
    row = interacao_row(t, agora)
    href = routes.lead_url(t.lead_id) if t.lead_id else routes.cliente_url(t.cliente_id)
    return {**row, "alvo": t.alvo_nome or "—", "href": href, "alvo_tipo": "Lead" if t.lead_id else "Cliente"}


class TarefasState(CarregarMaisMixin, AuthState):
    situacao: str = "hoje"

    async def _buscar_pagina(self, actor: Actor, cursor: str | None) -> Pagina:
        page = await run(tarefas_svc.list_tarefas, actor=actor, situacao=self.situacao, limite=PAGINA, cursor=cursor)
        agora = datetime.now(labels.TZ)
        return Pagina([tarefa_row(t, agora) for t in page.items], page.total, page.next_cursor)

    @rx.event
    async def on_load(self):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        pedida = self.router.url.query_parameters.get("situacao", "")
        self.situacao = pedida if pedida in SITUACOES else "hoje"
        self.itens = []
        return await self._carregar(actor)

    @rx.event
    async def set_situacao(self, valor: str | list[str]):
        actor = await self.current_actor()
        if actor is None:
            return self.login_redirect()
        self.situacao = valor if isinstance(valor, str) and valor in SITUACOES else "hoje"
        return await self._carregar(actor)

    async def _marcar(self, interacao_id: str, concluida: bool) -> tuple[Actor | None, list | None]:
        """Mark a task done or open through the service: (actor, None), or (None, events to emit)."""
        actor = await self.current_actor()
        if actor is None:
            return None, [self.login_redirect()]
        if not str(interacao_id).isdigit():
            return None, []
        try:
            await run(
                tarefas_svc.update,
                actor=actor,
                interacao_id=int(interacao_id),
                data=InteracaoUpdate(concluida=bool(concluida)),
                ctx=self.request_context(),
            )
        except Exception as exc:  # noqa: BLE001
            return None, falha(exc)
        return actor, None

    @rx.event
    async def alternar(self, interacao_id: str, concluida: bool):
        actor, eventos = await self._marcar(interacao_id, concluida)
        if actor is None:
            return eventos
        await self.contar_pendentes(actor)
        # The task leaves this list (done ↔ open); "Desfazer" puts it back.
        self._sem_item(interacao_id)
        mensagem = "Tarefa concluída." if concluida else "Tarefa reaberta."
        return com_desfazer(mensagem, TarefasState.desfazer(str(interacao_id), not concluida))

    @rx.event
    async def desfazer(self, interacao_id: str, concluida: bool):
        actor, eventos = await self._marcar(interacao_id, concluida)
        if actor is None:
            return eventos
        await self.contar_pendentes(actor)
        return [ok("Desfeito."), *await self._carregar(actor)]
