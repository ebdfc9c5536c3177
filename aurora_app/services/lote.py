"""Bulk actions on leads (SPEC §4 ``POST /leads/lote``): reassign, move or delete many leads at once.

Each record goes through the same use case as a single edit (:func:`leads.update` to reassign,
:func:`leads.move` to change stage, :func:`leads.delete` to send it to the trash), in its own transaction, so each is checked (visibility,
who may transfer, the loss reason) and audited on its own; a record that fails is reported in
``erros`` with its code and never blocks the others.
"""

from __future__ import annotations

from typing import cast

from aurora_app.models.lead import LeadUpdate
from aurora_app.models.lote import LoteErro, LoteLeads, LoteResultado
from aurora_app.services import leads
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import DomainError

__all__ = ["LoteLeads", "LoteResultado", "leads_em_lote"]


def _um(actor: Actor, lead_id: int, data: LoteLeads, ctx: RequestContext | None) -> None:
    if data.acao == "excluir":
        leads.delete(actor=actor, lead_id=lead_id, ctx=ctx)
        return
    if data.acao == "mover":
        leads.move(
            actor=actor, lead_id=lead_id, estagio=cast(str, data.estagio), motivo_perda=data.motivo_perda, ctx=ctx
        )
        return
    atual = leads.get(actor=actor, lead_id=lead_id)
    if atual.responsavel_id == data.responsavel_id:
        return  # already theirs: nothing to write or audit
    leads.update(
        actor=actor, lead_id=lead_id, data=LeadUpdate(versao=atual.versao, responsavel_id=data.responsavel_id), ctx=ctx
    )


def leads_em_lote(*, actor: Actor, data: LoteLeads, ctx: RequestContext | None = None) -> LoteResultado:
    result = LoteResultado()
    for lead_id in data.ids:
        try:
            _um(actor, lead_id, data, ctx)
        except DomainError as exc:
            result.erros.append(LoteErro(id=lead_id, code=exc.code, detail=exc.detail))
        else:
            result.atualizados += 1
    return result
