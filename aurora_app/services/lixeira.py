"""The trash (SPEC §4): soft-deleted clientes and leads of the last 30 days, and restoring them.

Who sees and restores what follows who could delete it: a cliente — its responsável, gerente,
admin (another vendedor gets 403 on restore, as on delete); a lead — whoever sees it (anyone
else 404). Restoring a cliente whose CNPJ was registered again meanwhile is a 409
``cnpj_duplicado`` naming the live cliente (the partial unique index also settles a race).
Restores are audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy import update as sa_update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError

from aurora_app.ai_core import ingestion
from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import invalidar
from aurora_app.models import Cliente, Lead, Usuario
from aurora_app.models.base import utcnow
from aurora_app.models.cliente import ClienteRead
from aurora_app.models.lead import LeadRead
from aurora_app.models.lixeira import ItemLixeira, TipoLixeira
from aurora_app.services import audit, clientes, leads, permissoes
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from aurora_app.services.paging import Page, after_cursor, check_limit, encode_cursor

__all__ = ["DIAS", "ItemLixeira", "list_lixeira", "restaurar"]

DIAS = 30
_MODELO: dict[TipoLixeira, type[Cliente] | type[Lead]] = {TipoLixeira.cliente: Cliente, TipoLixeira.lead: Lead}


def _tipo(value: Any) -> TipoLixeira:
    if not isinstance(value, str) or value.strip().lower() not in TipoLixeira.__members__:
        raise Invalid("Tipo inválido: use cliente ou lead.", code="tipo_invalido")
    return TipoLixeira(value.strip().lower())


def _conds(actor: Actor, modelo: type[Cliente] | type[Lead], agora: datetime) -> list[Any]:
    conds = [modelo.removido_em.is_not(None), modelo.removido_em >= agora - timedelta(days=DIAS)]
    if (dono := permissoes.escopo(actor)) is not None:  # a vendedor: what they own (could delete, may restore)
        conds.append(modelo.responsavel_id == dono)
    return conds


def list_lixeira(
    *, actor: Actor, tipo: str, limite: int = 50, cursor: str | None = None, agora: datetime | None = None
) -> Page[ItemLixeira]:
    """Most recently removed first, keyset paged on (removido_em, id)."""
    tipo = _tipo(tipo)
    limite = check_limit(limite)
    agora = agora or utcnow()
    modelo = _MODELO[tipo]
    conds = _conds(actor, modelo, agora)
    seek = after_cursor(modelo.removido_em, modelo.id, cursor)
    nome_col = Cliente.razao_social if tipo == TipoLixeira.cliente else Lead.nome
    with session_scope() as s:
        total = s.execute(select(func.count()).select_from(modelo).where(*conds)).scalar_one()
        rows = s.execute(
            select(modelo.id, nome_col, modelo.cnpj, modelo.responsavel_id, Usuario.nome, modelo.removido_em)
            .outerjoin(Usuario, Usuario.id == modelo.responsavel_id)
            .where(*conds, *([seek] if seek is not None else []))
            .order_by(modelo.removido_em.desc(), modelo.id.desc())
            .limit(limite + 1)
        ).all()
    mais = len(rows) > limite
    rows = rows[:limite]
    items = [
        ItemLixeira(
            tipo=tipo.value,
            id=rid,
            nome=nome,
            cnpj=cnpj,
            responsavel_id=resp,
            responsavel_nome=resp_nome,
            removido_em=rem,
            expira_em=rem + timedelta(days=DIAS),
        )
        for rid, nome, cnpj, resp, resp_nome, rem in rows
    ]
    proximo = encode_cursor(rows[-1][5], rows[-1][0]) if mais and rows else None
    return Page(items=items, next_cursor=proximo, total=total)


def _duplicado(cnpj: str, cliente_id: int | None) -> Conflict:
    return Conflict(
        f"Não é possível restaurar: o CNPJ {formatar_cnpj(cnpj)} foi cadastrado em outro cliente depois da exclusão.",
        code="cnpj_duplicado",
        extra={"cliente_id": cliente_id},
    )


def restaurar(
    *, actor: Actor, tipo: str, registro_id: int, ctx: RequestContext | None = None, agora: datetime | None = None
) -> ClienteRead | LeadRead:
    tipo = _tipo(tipo)
    check_id(registro_id, "id")
    agora = agora or utcnow()
    modelo = _MODELO[tipo]
    nao_encontrado = NotFound(
        "Registro não encontrado na lixeira (ou excluído há mais de 30 dias).", code="nao_encontrado"
    )
    with session_scope() as s:
        row = s.execute(
            select(modelo).where(
                modelo.id == registro_id,
                modelo.removido_em.is_not(None),
                modelo.removido_em >= agora - timedelta(days=DIAS),
            )
        ).scalar_one_or_none()
        if row is None:
            raise nao_encontrado
        if tipo == TipoLixeira.lead and not leads.visivel(actor, row):
            raise nao_encontrado
        if tipo == TipoLixeira.cliente:
            if not clientes.pode_editar(actor, row):
                raise Forbidden("Você só pode restaurar clientes dos quais é responsável.", code="sem_permissao")
            vivo = clientes.find_live_by_cnpj(cnpj=row.cnpj)
            if vivo is not None:
                raise _duplicado(row.cnpj, vivo.id)
        cnpj = row.cnpj
    try:
        with session_scope() as s:
            feito = cast(
                CursorResult,
                s.execute(
                    sa_update(modelo)
                    .where(modelo.id == registro_id, modelo.removido_em.is_not(None))
                    .values(removido_em=None, versao=modelo.versao + 1, atualizado_em=utcnow())
                    .execution_options(synchronize_session=False)
                ),
            ).rowcount
            if feito != 1:
                raise nao_encontrado
            ingestion.enqueue(s, tipo.value, registro_id)  # back into the AI store, with its timeline
            audit.record(
                s,
                acao=f"{tipo.value}_restaurado",
                usuario_id=actor.id,
                entidade=tipo.value,
                entidade_id=registro_id,
                ctx=ctx,
            )
    except IntegrityError as exc:  # the CNPJ was taken between the check and the write
        vivo = clientes.find_live_by_cnpj(cnpj=cnpj)
        raise _duplicado(cnpj, vivo.id if vivo else None) from exc
    invalidar(tipo.value)
    if tipo == TipoLixeira.cliente:
        return clientes.get(actor=actor, cliente_id=registro_id)
    return leads.get(actor=actor, lead_id=registro_id)
