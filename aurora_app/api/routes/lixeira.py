"""/api/v1/lixeira: removed clientes and leads of the last 30 days (thin translation to services.lixeira)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from aurora_app.api.deps import Ctx, CurrentUser
from aurora_app.models.cliente import MAX_DB_INT, ClienteRead
from aurora_app.models.lead import LeadRead
from aurora_app.models.lixeira import ItemLixeira
from aurora_app.services import lixeira
from aurora_app.services.paging import Page

router = APIRouter(tags=["lixeira"])

Tipo = Annotated[str, Path(max_length=20, description="cliente ou lead")]


@router.get("/lixeira", response_model=Page[ItemLixeira])
def list_lixeira(
    actor: CurrentUser,
    tipo: Annotated[str, Query(max_length=20, description="cliente ou lead")],
    limite: int = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[ItemLixeira]:
    """Clientes ou leads excluídos nos últimos 30 dias, os mais recentes primeiro."""
    return lixeira.list_lixeira(actor=actor, tipo=tipo, limite=limite, cursor=cursor)


@router.post(
    "/lixeira/{tipo}/{registro_id:int}/restaurar",
    response_model=ClienteRead | LeadRead,
    responses={409: {"description": "cnpj_duplicado (com cliente_id): o CNPJ foi cadastrado de novo"}},
)
def restore_from_lixeira(
    tipo: Tipo, registro_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)], actor: CurrentUser, ctx: Ctx
) -> ClienteRead | LeadRead:
    """Restaura o registro e devolve-o como `GET /clientes/{id}` ou `GET /leads/{id}` o mostraria."""
    return lixeira.restaurar(actor=actor, tipo=tipo, registro_id=registro_id, ctx=ctx)
