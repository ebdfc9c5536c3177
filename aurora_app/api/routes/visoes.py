"""/api/v1/visoes: the caller's saved views of the leads and clientes lists (thin translation to
services.visoes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from aurora_app.api.deps import CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.visao import VisaoCreate, VisaoRead
from aurora_app.services import visoes

router = APIRouter(tags=["visoes"])


@router.get("/visoes", response_model=list[VisaoRead])
def list_visoes(
    actor: CurrentUser, lista: Annotated[str, Query(max_length=20, description="leads ou clientes")]
) -> list[VisaoRead]:
    """As visões salvas do usuário para a lista, por nome."""
    return visoes.list_visoes(actor=actor, lista=lista)


@router.post(
    "/visoes",
    response_model=VisaoRead,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "visao_duplicada: o usuário já tem uma visão com esse nome na lista"}},
)
def create_visao(data: VisaoCreate, actor: CurrentUser) -> VisaoRead:
    """Salva os filtros e a ordem da lista (os mesmos parâmetros de `GET /leads` ou `GET /clientes`)."""
    return visoes.create(actor=actor, data=data)


@router.delete("/visoes/{visao_id:int}", status_code=status.HTTP_204_NO_CONTENT)
def delete_visao(visao_id: Annotated[int, Path(ge=1, le=MAX_DB_INT)], actor: CurrentUser) -> Response:
    visoes.delete(actor=actor, visao_id=visao_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
