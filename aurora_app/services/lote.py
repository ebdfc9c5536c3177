"""Bulk actions (SPEC §4 ``POST /leads/lote``, and ``POST /clientes/lote``): reassign, move or delete
many leads, reassign or delete many clientes.

Each record goes through the same use case as a single edit (``update`` to reassign, ``move`` to
change stage, ``delete`` to send it to the trash), in its own transaction, so each is checked
(visibility, who may edit or transfer, the loss reason) and audited on its own; a record that fails is reported in
``erros`` with its code and never blocks the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from aurora_app.models.cliente import ClienteUpdate
from aurora_app.models.lead import LeadUpdate
from aurora_app.models.lote import LoteClientes, LoteErro, LoteLeads, LoteResultado
from aurora_app.services import clientes, leads
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import DomainError

__all__ = ["LoteClientes", "LoteLeads", "LoteResultado", "clientes_em_lote", "leads_em_lote"]


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


def _cada(ids: list[int], um: Callable[[int], None]) -> LoteResultado:
    """``um`` for each id, each on its own: a refusal is reported and never stops the others."""
    result = LoteResultado()
    for registro_id in ids:
        try:
            um(registro_id)
        except DomainError as exc:
            result.erros.append(LoteErro(id=registro_id, code=exc.code, detail=exc.detail))
        else:
            result.atualizados += 1
    return result


def leads_em_lote(*, actor: Actor, data: LoteLeads, ctx: RequestContext | None = None) -> LoteResultado:
    return _cada(data.ids, lambda lead_id: _um(actor, lead_id, data, ctx))


def _um_cliente(actor: Actor, cliente_id: int, data: LoteClientes, ctx: RequestContext | None) -> None:
    if data.acao == "excluir":
        clientes.delete(actor=actor, cliente_id=cliente_id, ctx=ctx)
        return
    atual = clientes.get(actor=actor, cliente_id=cliente_id)
    if atual.responsavel_id == data.responsavel_id:
        return  # already theirs
    clientes.update(
        actor=actor,
        cliente_id=cliente_id,
        data=ClienteUpdate(versao=atual.versao, responsavel_id=data.responsavel_id),
        ctx=ctx,
    )


def clientes_em_lote(*, actor: Actor, data: LoteClientes, ctx: RequestContext | None = None) -> LoteResultado:
    """Reassign or delete many clientes, each through :func:`clientes.update` / :func:`clientes.delete`
    (who may edit, who may transfer, audit), each on its own."""
    return _cada(data.ids, lambda cliente_id: _um_cliente(actor, cliente_id, data, ctx))
