"""/api/v1/leads/sem-atividade: open leads without activity (thin translation to services.atividade)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from aurora_app.api.deps import CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.services import atividade
from aurora_app.services.atividade import LIMITE_MAXIMO, LIMITE_PADRAO, LeadsSemAtividade

router = APIRouter(tags=["leads"])


@router.get("/leads/sem-atividade", response_model=LeadsSemAtividade, responses={403: {"description": "sem_permissao"}})
def list_leads_sem_atividade(
    actor: CurrentUser,
    responsavel_id: Annotated[
        int | None, Query(ge=1, le=MAX_DB_INT, description="gerente e admin: um vendedor")
    ] = None,
    limite: Annotated[int, Query(ge=1, le=LIMITE_MAXIMO)] = LIMITE_PADRAO,
) -> LeadsSemAtividade:
    """Leads abertos sem nenhuma interação há `LEADS_SEM_ATIVIDADE_DIAS` dias (os mais parados primeiro).
    Um vendedor vê os próprios; gerente e admin, os da equipe."""
    return atividade.leads_sem_atividade(actor=actor, responsavel_id=responsavel_id, limite=limite)
