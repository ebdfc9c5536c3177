"""Interações: the timeline of a cliente or a lead (notes, calls, e-mails, meetings, tasks).

Permission follows the parent record:
- cliente: everyone who can read it (every user) may read its timeline and add to it. Reading
  all clientes exists so vendedores coordinate; a shared, authored timeline serves that, and
  each entry names its author. Marking a task done: its author, the cliente's responsável,
  gerente or admin.
- lead: only who sees the lead (its responsável, gerente, admin); anyone else gets 404.

The author is always the caller. Every write also queues the interaction for the AI core
(``ai_core.ingestion.enqueue``: an outbox row in the same transaction, never a Chroma call).
"""

from __future__ import annotations

import logging
from typing import cast

from sqlalchemy import func, select
from sqlmodel import Session

from aurora_app.ai_core import ingestion
from aurora_app.core.db import session_scope
from aurora_app.models import Interacao, TipoInteracao, Usuario
from aurora_app.models.base import utcnow
from aurora_app.models.interacao import InteracaoCreate, InteracaoRead, InteracaoUpdate
from aurora_app.services import clientes as clientes_service
from aurora_app.services import leads as leads_service
from aurora_app.services import tarefas
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Invalid
from aurora_app.services.paging import Page, after_cursor, build_page, check_limit

__all__ = ["InteracaoCreate", "InteracaoRead", "add", "list_interacoes", "set_concluida"]

log = logging.getLogger("aurora.interacoes")


def _alvo(cliente_id: int | None, lead_id: int | None) -> None:
    if (cliente_id is None) == (lead_id is None):
        raise Invalid("Informe o cliente ou o lead da interação (um dos dois).", code="alvo_invalido")
    check_id(cliente_id, "cliente_id")
    check_id(lead_id, "lead_id")


def _check_pai(session: Session, actor: Actor, cliente_id: int | None, lead_id: int | None) -> None:
    if cliente_id is not None:
        clientes_service.vivo(session, cliente_id)  # every user reads every cliente (SPEC §3)
    else:
        leads_service.get_visivel(session, actor, cast(int, lead_id))  # 404 unless the caller sees the lead


def _read(row: Interacao, autor_nome: str | None) -> InteracaoRead:
    data = row.model_dump()
    data["autor_nome"] = autor_nome
    return InteracaoRead.model_validate(data)


def add(
    *,
    actor: Actor,
    cliente_id: int | None = None,
    lead_id: int | None = None,
    data: InteracaoCreate,
    ctx: RequestContext | None = None,
) -> InteracaoRead:
    _alvo(cliente_id, lead_id)
    with session_scope() as s:
        _check_pai(s, actor, cliente_id, lead_id)
        row = Interacao(
            tipo=data.tipo,
            descricao=cast(str, data.descricao),
            cliente_id=cliente_id,
            lead_id=lead_id,
            autor_id=actor.id,
            vence_em=data.vence_em if data.tipo == TipoInteracao.tarefa else None,
            concluida=False,
            criado_em=utcnow(),
        )
        s.add(row)
        s.flush()
        ingestion.enqueue(s, "interacao", cast(int, row.id))
        read = _read(row, actor.nome)
    return read


def list_interacoes(
    *,
    actor: Actor,
    cliente_id: int | None = None,
    lead_id: int | None = None,
    limite: int = 50,
    cursor: str | None = None,
) -> Page[InteracaoRead]:
    """Newest first, keyset paged, with the author's name (one query per page)."""
    _alvo(cliente_id, lead_id)
    limite = check_limit(limite)
    seek = after_cursor(Interacao.criado_em, Interacao.id, cursor)
    cond = Interacao.cliente_id == cliente_id if cliente_id is not None else Interacao.lead_id == lead_id
    with session_scope() as s:
        _check_pai(s, actor, cliente_id, lead_id)
        total = s.execute(select(func.count()).select_from(Interacao).where(cond)).scalar_one()
        rows = s.execute(
            select(Interacao, Usuario.nome)
            .outerjoin(Usuario, Usuario.id == Interacao.autor_id)
            .where(cond, *([seek] if seek is not None else []))
            .order_by(Interacao.criado_em.desc(), Interacao.id.desc())
            .limit(limite + 1)
        ).all()
        reads = [_read(row, nome) for row, nome in rows]
    return build_page(reads, limite, total, lambda r: r)


def set_concluida(*, actor: Actor, interacao_id: int, concluida: bool) -> InteracaoRead:
    """Mark a task done (or not): :func:`aurora_app.services.tarefas.update` with only ``concluida``
    (who: the author, whoever may edit the cliente, or whoever sees the lead)."""
    if not isinstance(concluida, bool):
        raise Invalid("O campo concluida deve ser verdadeiro ou falso.", code="dados_invalidos")
    return tarefas.update(actor=actor, interacao_id=interacao_id, data=InteracaoUpdate(concluida=concluida))
