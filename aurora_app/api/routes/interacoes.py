"""Timelines: /api/v1/clientes/{id}/interacoes, /api/v1/leads/{id}/interacoes, /interacoes/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from aurora_app.api.deps import Ctx, CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.interacao import InteracaoCreate, InteracaoRead, InteracaoUpdate
from aurora_app.services import interacoes, tarefas
from aurora_app.services.paging import Page

router = APIRouter(tags=["interações"])

Id = Annotated[int, Path(ge=1, le=MAX_DB_INT)]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.get("/clientes/{cliente_id:int}/interacoes", response_model=Page[InteracaoRead])
def list_interacoes_do_cliente(
    cliente_id: Id, actor: CurrentUser, limite: int = 50, cursor: Cursor = None
) -> Page[InteracaoRead]:
    return interacoes.list_interacoes(actor=actor, cliente_id=cliente_id, limite=limite, cursor=cursor)


@router.post("/clientes/{cliente_id:int}/interacoes", response_model=InteracaoRead, status_code=status.HTTP_201_CREATED)
def create_interacao_no_cliente(cliente_id: Id, data: InteracaoCreate, actor: CurrentUser, ctx: Ctx) -> InteracaoRead:
    return interacoes.add(actor=actor, cliente_id=cliente_id, data=data, ctx=ctx)


@router.get("/leads/{lead_id:int}/interacoes", response_model=Page[InteracaoRead])
def list_interacoes_do_lead(
    lead_id: Id, actor: CurrentUser, limite: int = 50, cursor: Cursor = None
) -> Page[InteracaoRead]:
    return interacoes.list_interacoes(actor=actor, lead_id=lead_id, limite=limite, cursor=cursor)


@router.post("/leads/{lead_id:int}/interacoes", response_model=InteracaoRead, status_code=status.HTTP_201_CREATED)
def create_interacao_no_lead(lead_id: Id, data: InteracaoCreate, actor: CurrentUser, ctx: Ctx) -> InteracaoRead:
    return interacoes.add(actor=actor, lead_id=lead_id, data=data, ctx=ctx)


@router.patch("/interacoes/{interacao_id:int}", response_model=InteracaoRead)
def update_interacao(interacao_id: Id, data: InteracaoUpdate, actor: CurrentUser, ctx: Ctx) -> InteracaoRead:
    """Edita o texto ou o vencimento (autor, gerente ou admin) ou marca a tarefa como concluída (ou reabre)."""
    return tarefas.update(actor=actor, interacao_id=interacao_id, data=data, ctx=ctx)


@router.delete("/interacoes/{interacao_id:int}", status_code=status.HTTP_204_NO_CONTENT)
def delete_interacao(interacao_id: Id, actor: CurrentUser, ctx: Ctx) -> Response:
    """Exclui uma nota ou tarefa (autor, gerente ou admin)."""
    tarefas.delete(actor=actor, interacao_id=interacao_id, ctx=ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
