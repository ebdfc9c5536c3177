"""/api/v1: a cliente's contacts and leads (thin translation to services.contatos and leads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from aurora_app.api.deps import Ctx, CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.contato import ContatoCreate, ContatoRead, ContatoUpdate
from aurora_app.models.lead import LeadRead
from aurora_app.services import cnpj, contatos, leads
from aurora_app.services.paging import Page

router = APIRouter(tags=["contatos"])

ClienteId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="id do cliente")]
ContatoId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="id do contato")]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor da página anterior")]


@router.get("/clientes/{cliente_id:int}/contatos", response_model=Page[ContatoRead])
def list_contatos(
    cliente_id: ClienteId, actor: CurrentUser, limite: int = 50, cursor: Cursor = None
) -> Page[ContatoRead]:
    return contatos.list_contatos(actor=actor, cliente_id=cliente_id, limite=limite, cursor=cursor)


@router.post("/clientes/{cliente_id:int}/contatos", response_model=ContatoRead, status_code=status.HTTP_201_CREATED)
def create_contato(cliente_id: ClienteId, data: ContatoCreate, actor: CurrentUser, ctx: Ctx) -> ContatoRead:
    """Quem pode alterar o cliente cadastra seus contatos (base legal LGPD obrigatória)."""
    return contatos.create(actor=actor, cliente_id=cliente_id, data=data, ctx=ctx)


@router.get("/clientes/{cliente_id:int}/leads", response_model=Page[LeadRead])
def list_leads_do_cliente(
    cliente_id: ClienteId, actor: CurrentUser, limite: int = 50, cursor: Cursor = None
) -> Page[LeadRead]:
    """Os leads do cliente que o usuário pode ver."""
    return leads.list_leads(actor=actor, cliente_id=cliente_id, limite=limite, cursor=cursor)


@router.get("/contatos/{contato_id:int}", response_model=ContatoRead)
def get_contato(contato_id: ContatoId, actor: CurrentUser) -> ContatoRead:
    return contatos.get(actor=actor, contato_id=contato_id)


@router.patch(
    "/contatos/{contato_id:int}", response_model=ContatoRead, responses={409: {"description": "conflito_versao"}}
)
def update_contato(contato_id: ContatoId, data: ContatoUpdate, actor: CurrentUser, ctx: Ctx) -> ContatoRead:
    return contatos.update(actor=actor, contato_id=contato_id, data=data, ctx=ctx)


@router.delete("/contatos/{contato_id:int}", status_code=status.HTTP_204_NO_CONTENT)
def delete_contato(contato_id: ContatoId, actor: CurrentUser, ctx: Ctx) -> Response:
    contatos.delete(actor=actor, contato_id=contato_id, ctx=ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/clientes/{cliente_id:int}/contatos/socios", response_model=contatos.SociosAdicionados)
async def create_contatos_from_socios(cliente_id: ClienteId, actor: CurrentUser, ctx: Ctx) -> contatos.SociosAdicionados:
    """Os sócios (pessoas) do CNPJ do cliente viram seus contatos (consulta em cache); quem já está
    entre os contatos, pelo nome, é ignorado. Quem pode alterar o cliente."""
    return await cnpj.adicionar_socios(actor=actor, cliente_id=cliente_id, ctx=ctx)
