"""/api/v1/leads: thin translation to aurora_app.services.leads (rules live there)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status
from fastapi.responses import StreamingResponse

from aurora_app.api.deps import Ctx, CurrentUser, csv_download
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.lead import ColunaBoard, ConversaoRead, LeadCreate, LeadMove, LeadRead, LeadUpdate
from aurora_app.models.lote import Selecao
from aurora_app.services import leads
from aurora_app.services.paging import Page

router = APIRouter(tags=["leads"])

LeadId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="id do lead")]
ResponsavelId = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]


def filtros_lista(
    estagio: Annotated[
        str | None, Query(max_length=20, description="novo, qualificado, proposta, negociacao, ganho, perdido")
    ] = None,
    busca: Annotated[str | None, Query(max_length=200)] = None,
    responsavel_id: ResponsavelId = None,
    origem: Annotated[str | None, Query(max_length=20, description="site, indicacao, evento, outbound, outro")] = None,
    valor_min: Annotated[str | None, Query(max_length=20, description="ex.: 1000 ou 1.000,00")] = None,
    valor_max: Annotated[str | None, Query(max_length=20)] = None,
    previsao_de: Annotated[str | None, Query(max_length=10, description="AAAA-MM-DD")] = None,
    previsao_ate: Annotated[str | None, Query(max_length=10, description="AAAA-MM-DD")] = None,
) -> dict[str, Any]:
    """The list's filters, shared by the list and its export."""
    return {
        "estagio": estagio,
        "busca": busca,
        "responsavel_id": responsavel_id,
        "origem": origem,
        "valor_min": valor_min,
        "valor_max": valor_max,
        "previsao_de": previsao_de,
        "previsao_ate": previsao_ate,
    }


Filtros = Annotated[dict[str, Any], Depends(filtros_lista)]


@router.get("/leads", response_model=Page[LeadRead])
def list_leads(
    actor: CurrentUser,
    filtros: Filtros,
    limite: int = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    ordem: Annotated[
        str | None,
        Query(max_length=30, description="criado_em, valor ou previsao_fechamento; '-' na frente: decrescente"),
    ] = None,
) -> Page[LeadRead]:
    """Filtros somam-se; faixa invertida ou valor/data inválidos → 422 com `campo`."""
    return leads.list_leads(actor=actor, limite=limite, cursor=cursor, ordem=ordem, **filtros)


@router.get(
    "/leads/exportar",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV para Excel (UTF-8 com BOM, ';')"}},
)
def export_leads(actor: CurrentUser, ctx: Ctx, filtros: Filtros) -> StreamingResponse:
    """Os leads do filtro da lista (um vendedor: só os seus), se o papel pode exportar (`EXPORT_PAPEIS`)."""
    return csv_download(leads.export_csv(actor=actor, ctx=ctx, **filtros), "leads.csv")


@router.post(
    "/leads/exportar",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV para Excel (UTF-8 com BOM, ';')"}},
)
def export_leads_selecionados(data: Selecao, actor: CurrentUser, ctx: Ctx) -> StreamingResponse:
    """Só os leads selecionados (até 1.000 ids); os que o chamador não vê ficam de fora."""
    return csv_download(leads.export_csv(actor=actor, ctx=ctx, ids=data.ids), "leads.csv")


@router.get("/leads/quadro", response_model=dict[str, ColunaBoard])
def get_board(
    actor: CurrentUser,
    responsavel_id: ResponsavelId = None,
    por_estagio: int = 20,
    busca: Annotated[str | None, Query(max_length=200)] = None,
    estagio: Annotated[str | None, Query(max_length=20, description="só esta coluna")] = None,
    cursor: Annotated[str | None, Query(max_length=200, description="next_cursor da coluna (com estagio)")] = None,
) -> dict[str, ColunaBoard]:
    """O funil em colunas (kanban): contagem e valor total por estágio e os primeiros cartões, na
    ordem do quadro; ``busca`` filtra como na lista; ``estagio`` + ``cursor`` continuam uma coluna."""
    return leads.board(
        actor=actor,
        responsavel_id=responsavel_id,
        por_estagio=por_estagio,
        busca=busca,
        estagio=estagio,
        cursor=cursor,
    )


@router.post("/leads", response_model=LeadRead, status_code=status.HTTP_201_CREATED)
def create_lead(data: LeadCreate, actor: CurrentUser, ctx: Ctx) -> LeadRead:
    return leads.create(actor=actor, data=data, ctx=ctx)


@router.get("/leads/{lead_id:int}", response_model=LeadRead)
def get_lead(lead_id: LeadId, actor: CurrentUser) -> LeadRead:
    return leads.get(actor=actor, lead_id=lead_id)


@router.patch("/leads/{lead_id:int}", response_model=LeadRead, responses={409: {"description": "conflito_versao"}})
def update_lead(lead_id: LeadId, data: LeadUpdate, actor: CurrentUser, ctx: Ctx) -> LeadRead:
    return leads.update(actor=actor, lead_id=lead_id, data=data, ctx=ctx)


@router.delete("/leads/{lead_id:int}", status_code=status.HTTP_204_NO_CONTENT)
def delete_lead(lead_id: LeadId, actor: CurrentUser, ctx: Ctx) -> Response:
    leads.delete(actor=actor, lead_id=lead_id, ctx=ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/leads/{lead_id:int}/mover", response_model=LeadRead)
def move_lead(lead_id: LeadId, data: LeadMove, actor: CurrentUser, ctx: Ctx) -> LeadRead:
    """Muda o estágio (o arrastar do kanban); `perdido` exige `motivo_perda`. `apos_id` põe o card logo
    abaixo daquele lead na coluna (0: no topo); um vizinho que já não está lá é 409 `conflito_posicao`."""
    return leads.move(
        actor=actor,
        lead_id=lead_id,
        estagio=data.estagio,
        motivo_perda=data.motivo_perda,
        versao=data.versao,
        apos_id=data.apos_id,
        ctx=ctx,
    )


@router.post("/leads/{lead_id:int}/converter", response_model=ConversaoRead)
def convert_lead(lead_id: LeadId, actor: CurrentUser, ctx: Ctx) -> ConversaoRead:
    """Cria o cliente a partir do lead (ou reaproveita o cliente com o mesmo CNPJ) e marca o lead como ganho."""
    return leads.converter(actor=actor, lead_id=lead_id, ctx=ctx)
