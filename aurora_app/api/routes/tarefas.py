"""/api/v1/tarefas: "Minhas tarefas" (thin translation to services.tarefas)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from aurora_app.api.deps import CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.interacao import TarefaRead
from aurora_app.services import tarefas
from aurora_app.services.paging import Page

router = APIRouter(tags=["tarefas"])


@router.get("/tarefas", response_model=Page[TarefaRead])
def list_tarefas(
    actor: CurrentUser,
    situacao: Annotated[
        str | None,
        Query(max_length=20, description="atrasadas, hoje, proximas ou concluidas (sem ela: todas as abertas)"),
    ] = None,
    responsavel_id: Annotated[
        int | None, Query(ge=1, le=MAX_DB_INT, description="gerente e admin: tarefas de outra pessoa")
    ] = None,
    limite: int = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[TarefaRead]:
    """As tarefas do usuário; "hoje" é o dia no horário de Brasília."""
    return tarefas.list_tarefas(
        actor=actor, situacao=situacao, responsavel_id=responsavel_id, limite=limite, cursor=cursor
    )
