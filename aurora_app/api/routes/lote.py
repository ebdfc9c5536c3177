"""/api/v1/leads/lote and /clientes/lote: bulk actions (thin translation to services.lote)."""

from __future__ import annotations

from fastapi import APIRouter

from aurora_app.api.deps import Ctx, CurrentUser
from aurora_app.models.lote import LoteClientes, LoteLeads, LoteResultado
from aurora_app.services import lote

router = APIRouter(tags=["leads"])


@router.post("/leads/lote", response_model=LoteResultado)
def bulk_leads(data: LoteLeads, actor: CurrentUser, ctx: Ctx) -> LoteResultado:
    """Reatribui (`responsavel_id`) ou move (`estagio`, `motivo_perda` para perdido) até 200 leads;
    cada um é verificado e auditado por si, e os que falham vêm em `erros` com o motivo."""
    return lote.leads_em_lote(actor=actor, data=data, ctx=ctx)


@router.post("/clientes/lote", response_model=LoteResultado, tags=["clientes"])
def bulk_clientes(data: LoteClientes, actor: CurrentUser, ctx: Ctx) -> LoteResultado:
    """Reatribui (`responsavel_id`) ou exclui (para a Lixeira) até 200 clientes; cada um é verificado
    (quem pode alterar, quem pode transferir) e auditado por si, e os que falham vêm em `erros`."""
    return lote.clientes_em_lote(actor=actor, data=data, ctx=ctx)
