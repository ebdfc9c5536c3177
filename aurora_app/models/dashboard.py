"""Dashboard answer (SPEC §4 ``GET /dashboard``): money as decimal strings, rates as fractions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel

from aurora_app.models.lead import ValorOut


class Periodo(BaseModel):
    inicio: date
    fim: date


class Kpis(BaseModel):
    clientes_ativos: int
    leads_abertos: int
    valor_funil: ValorOut
    taxa_conversao: float  # ganhos ÷ (ganhos + perdidos) fechados no período; 0.0 sem fechamentos
    receita_ganha: ValorOut
    ticket_medio: ValorOut


class EtapaFunil(BaseModel):
    estagio: str
    quantidade: int
    valor: ValorOut


class ReceitaMes(BaseModel):
    mes: str  # "2026-10" (mês de Brasília)
    valor: ValorOut


class LeadsOrigem(BaseModel):
    origem: str
    quantidade: int


class VendedorRanking(BaseModel):
    usuario_id: int
    nome: str
    receita: ValorOut
    ganhos: int


class DashboardRead(BaseModel):
    periodo: Periodo
    responsavel_id: int | None
    kpis: Kpis
    funil: list[EtapaFunil]
    receita_por_mes: list[ReceitaMes]
    leads_por_origem: list[LeadsOrigem]
    ranking_vendedores: list[VendedorRanking]


class KpisPeriodo(BaseModel):
    """The period-bound KPIs alone (the page compares them with the previous period)."""

    periodo: Periodo
    taxa_conversao: float
    receita_ganha: ValorOut
    ticket_medio: ValorOut
    ganhos: int
    perdidos: int
    leads_novos: int


ZERO = Decimal("0.00")
