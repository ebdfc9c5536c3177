"""Business KPIs for Prometheus, computed by SQL aggregates at scrape time (every replica
answers the same numbers, from the database they share)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy import func, select

from aurora_app.core.db import session_scope
from aurora_app.core.metrics import register_scrape_source
from aurora_app.models.ai import AiOutbox
from aurora_app.models.base import utcnow
from aurora_app.models.cliente import Cliente
from aurora_app.models.lead import Estagio, Lead


def negocio() -> Iterator[Metric]:
    with session_scope() as session:
        por_estagio = session.execute(
            select(Lead.estagio, func.count(), func.coalesce(func.sum(Lead.valor), 0))
            .where(Lead.removido_em.is_(None))
            .group_by(Lead.estagio)
        ).all()
        clientes = session.execute(
            select(func.count()).select_from(Cliente).where(Cliente.removido_em.is_(None))
        ).scalar_one()
        # The worker deletes what it has ingested: the oldest row left is how far the store lags.
        mais_antigo = session.execute(select(func.min(AiOutbox.criado_em))).scalar_one()
    quantidade = GaugeMetricFamily("aurora_leads", "Live leads by stage", labels=["estagio"])
    valor = GaugeMetricFamily(
        "aurora_leads_valor_reais", "Sum of the value (R$) of live leads by stage", labels=["estagio"]
    )
    vistos = {estagio: (n, total) for estagio, n, total in por_estagio}
    for estagio in Estagio:
        n, total = vistos.get(estagio.value, (0, 0))
        quantidade.add_metric([estagio.value], float(n))
        valor.add_metric([estagio.value], float(total))
    yield quantidade
    yield valor
    yield GaugeMetricFamily("aurora_clientes_ativos", "Live (not deleted) clientes", value=float(clientes))
    atraso = 0.0 if mais_antigo is None else max(0.0, (utcnow() - _aware(mais_antigo)).total_seconds())
    yield GaugeMetricFamily("aurora_ai_outbox_lag_seconds", "Age of the oldest pending AI outbox entry", value=atraso)


def _aware(momento: datetime) -> datetime:
    return momento if momento.tzinfo else momento.replace(tzinfo=UTC)


register_scrape_source(negocio)
