"""Leads sem atividade: open leads nobody has touched for ``LEADS_SEM_ATIVIDADE_DIAS`` days.

"Activity" is an interaction a person registered on the lead (nota, ligação, e-mail, reunião,
tarefa); the entries the system writes (stage, conversion, owner) do not count, so a bulk move
does not make a forgotten lead look worked on. A lead younger than the limit is not listed.
A vendedor sees their own leads; gerente and admin the team's, or one salesperson's (the
painel's rule, ``permissoes.responsavel_do_dashboard``). One SQL query: the rows, their last
activity and the total (a window count); the "no recent interaction" test is a ``NOT EXISTS`` on
the ``(lead_id, criado_em)`` index.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import and_, exists, func, select

from aurora_app.core.config import get_settings
from aurora_app.core.db import session_scope
from aurora_app.models import ESTAGIOS_ABERTOS, Interacao, Lead, Usuario
from aurora_app.models.base import UTCDateTime, utcnow
from aurora_app.services import leads as leads_service
from aurora_app.services.actor import Actor
from aurora_app.services.consulta import check_id
from aurora_app.services.permissoes import responsavel_do_dashboard

__all__ = ["LeadParado", "LeadsSemAtividade", "leads_sem_atividade"]

LIMITE_PADRAO = 10
LIMITE_MAXIMO = 50


class LeadParado(BaseModel):
    id: int
    nome: str
    empresa: str | None = None
    estagio: str
    valor: Decimal | None = None
    responsavel_id: int | None = None
    responsavel_nome: str | None = None
    ultima_atividade_em: datetime | None = None  # None: never had an interaction
    dias_sem_atividade: int


class LeadsSemAtividade(BaseModel):
    dias: int
    total: int
    items: list[LeadParado]


def leads_sem_atividade(
    *,
    actor: Actor,
    responsavel_id: int | None = None,
    limite: int = LIMITE_PADRAO,
    dias: int | None = None,
    agora: datetime | None = None,
) -> LeadsSemAtividade:
    """The stalest first (oldest last activity, or creation when there was none), capped at ``limite``."""
    dono = responsavel_do_dashboard(actor, check_id(responsavel_id, "responsavel_id"))
    limite = max(1, min(int(limite), LIMITE_MAXIMO))
    dias = dias or get_settings().LEADS_SEM_ATIVIDADE_DIAS
    agora = agora or utcnow()
    corte = agora - timedelta(days=dias)
    pessoa = and_(Interacao.lead_id == Lead.id, Interacao.sistema.is_(False))
    recente = exists().where(pessoa, Interacao.criado_em >= corte)
    ultima = select(func.max(Interacao.criado_em)).where(pessoa).correlate(Lead).scalar_subquery()
    referencia = func.coalesce(ultima, Lead.criado_em, type_=UTCDateTime)
    conds = [
        *leads_service.condicoes_visiveis(actor),
        Lead.estagio.in_([e.value for e in ESTAGIOS_ABERTOS]),
        Lead.criado_em < corte,
        ~recente,
    ]
    if dono is not None:
        conds.append(Lead.responsavel_id == dono)
    stmt = (
        select(Lead, Usuario.nome, ultima.label("ultima"), func.count().over().label("total"))
        .outerjoin(Usuario, Usuario.id == Lead.responsavel_id)
        .where(*conds)
        .order_by(referencia.asc(), Lead.id.asc())
        .limit(limite)
    )
    with session_scope() as s:
        rows = s.execute(stmt).all()
    items = []
    for lead, nome, ultima_em, _ in rows:
        desde = ultima_em or lead.criado_em  # max() keeps the column's type: aware UTC
        items.append(
            LeadParado(
                id=lead.id,
                nome=lead.nome,
                empresa=lead.empresa,
                estagio=lead.estagio,
                valor=lead.valor,
                responsavel_id=lead.responsavel_id,
                responsavel_nome=nome,
                ultima_atividade_em=ultima_em,
                dias_sem_atividade=max(0, (agora - desde).days),
            )
        )
    return LeadsSemAtividade(dias=dias, total=rows[0].total if rows else 0, items=items)
