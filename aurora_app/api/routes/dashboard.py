"""/api/v1/dashboard: thin translation to aurora_app.services.dashboard (rules live there)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from aurora_app.api.deps import CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.dashboard import DashboardRead
from aurora_app.services import dashboard

router = APIRouter(tags=["dashboard"])

Data = Annotated[str | None, Query(max_length=40, description="data ISO (AAAA-MM-DD), horário de Brasília")]


@router.get(
    "/dashboard",
    response_model=DashboardRead,
    responses={403: {"description": "sem_permissao"}, 422: {"description": "periodo_invalido"}},
)
def get_dashboard(
    actor: CurrentUser,
    inicio: Data = None,
    fim: Data = None,
    responsavel_id: Annotated[int | None, Query(ge=1, le=MAX_DB_INT)] = None,
) -> DashboardRead:
    """KPIs e séries do painel (padrão: últimos 90 dias; `receita_por_mes` cobre os 12 meses até `fim`).
    Um vendedor vê apenas os próprios números."""
    return dashboard.painel(actor=actor, inicio=inicio, fim=fim, responsavel_id=responsavel_id)
