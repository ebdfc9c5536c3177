"""Dashboard (SPEC §4 ``GET /dashboard``, §7 ``/``): the team's numbers, computed by SQL aggregates.

Definitions (SPEC §4):
- ``clientes_ativos``: live (not deleted) clientes of the owner filter;
- ``leads_abertos`` / ``valor_funil``: live leads in an open stage, whenever created;
- ``receita_ganha``, ``taxa_conversao`` (won ÷ (won + lost)) and ``ticket_medio``: leads closed
  (``fechado_em``) inside the period; a reopened lead has no ``fechado_em`` and counts as open;
- ``funil``: every stage — open stages whenever created, ``ganho``/``perdido`` closed in the period
  (so the funnel's ``ganho`` is the won count of the KPIs);
- ``receita_por_mes``: won value per Brasília month, the 12 months up to ``fim`` (zeros included);
- ``leads_por_origem``: live leads created in the period, per origin (every origin listed);
- ``ranking_vendedores``: won value and count per responsável in the period, best first.
Soft-deleted leads and clientes never count. Days and months are Brasília's.

Every figure is a ``GROUP BY`` in the database (no Python loop over rows), over the partial
indexes of live leads (migrations 0002 and 0003). The answer is cached per (filters, write
generation of leads and clientes): a write through the services shows on the next load.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import String, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from aurora_app.core import tempo
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import cacheado, geracao
from aurora_app.models import ESTAGIOS_ABERTOS, Cliente, Estagio, Lead, Origem, Usuario
from aurora_app.models.dashboard import DashboardRead, KpisPeriodo
from aurora_app.services.actor import Actor
from aurora_app.services.consulta import check_id
from aurora_app.services.errors import Invalid
from aurora_app.services.permissoes import responsavel_do_dashboard

__all__ = ["DashboardRead", "KpisPeriodo", "comparativo", "painel", "periodo", "periodo_anterior"]

# Month truncation in SQL: America/Sao_Paulo has had no daylight saving time since 2019 (Decreto
# 9.772/2019), so a fixed −03:00 shift is exact for every date since then and is written the same
# way in SQLite and PostgreSQL (PostgreSQL's ``AT TIME ZONE`` has no SQLite twin). Dates before
# 2019 may be off by one hour around the old DST switches. Python-side days: core.tempo.
DIAS_PADRAO = 90
MESES_SERIE = 12
DATA_MIN = date(2000, 1, 1)
DATA_MAX = date(2100, 12, 31)
ABERTOS = tuple(e.value for e in ESTAGIOS_ABERTOS)
ESTAGIOS = tuple(e.value for e in Estagio)
ORIGENS = tuple(o.value for o in Origem)
CENTAVO = Decimal("0.01")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class mes_brasilia(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """``'YYYY-MM'`` of a naive-UTC timestamp, in Brasília time; same answer on both databases."""

    type = String()
    inherit_cache = True
    name = "mes_brasilia"


@compiles(mes_brasilia, "postgresql")
def _mes_pg(element: mes_brasilia, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)} - interval '3 hours', 'YYYY-MM')"


@compiles(mes_brasilia)
def _mes_sqlite(element: mes_brasilia, compiler: Any, **kw: Any) -> str:
    return f"substr(datetime({compiler.process(element.clauses, **kw)}, '-3 hours'), 1, 7)"


# --- period --------------------------------------------------------------------------------


hoje = tempo.hoje


def _data(valor: Any, nome: str) -> date | None:
    if valor is None or (isinstance(valor, str) and not valor.strip()):
        return None
    if isinstance(valor, datetime):
        raise Invalid(f"A data {nome} deve ser uma data sem hora, no formato AAAA-MM-DD.", code="periodo_invalido")
    if isinstance(valor, date):
        d = valor
    else:
        texto = str(valor).strip()
        try:
            if not _ISO.match(texto):
                raise ValueError
            d = date.fromisoformat(texto)
        except ValueError:
            raise Invalid(
                f"Data {nome} inválida: “{texto[:40]}”. Use o formato AAAA-MM-DD, ex.: 2026-09-01.",
                code="periodo_invalido",
            ) from None
    if not DATA_MIN <= d <= DATA_MAX:
        raise Invalid(f"A data {nome} deve estar entre 01/01/2000 e 31/12/2100.", code="periodo_invalido")
    return d


def periodo(inicio: Any = None, fim: Any = None, *, hoje_: date | None = None) -> tuple[date, date]:
    """The period asked for (ISO dates, both ends included); by default the last 90 days."""
    d_inicio, d_fim = _data(inicio, "inicial"), _data(fim, "final")
    if d_fim is None:
        d_fim = max(hoje_ or hoje(), d_inicio) if d_inicio else (hoje_ or hoje())
    if d_inicio is None:
        d_inicio = max(DATA_MIN, d_fim - timedelta(days=DIAS_PADRAO - 1))
    if d_inicio > d_fim:
        raise Invalid(
            f"Período invertido: a data inicial ({d_inicio:%d/%m/%Y}) é posterior à final ({d_fim:%d/%m/%Y}).",
            code="periodo_invalido",
        )
    return d_inicio, d_fim


def periodo_anterior(inicio: date, fim: date) -> tuple[date, date]:
    """The period of the same length that ends the day before ``inicio``."""
    dias = (fim - inicio).days + 1
    return inicio - timedelta(days=dias), inicio - timedelta(days=1)


def _utc(d: date) -> datetime:
    """Midnight of ``d`` in Brasília, in UTC (how timestamps are stored)."""
    return tempo.inicio_do_dia(d).astimezone(UTC)


def _meses(fim: date) -> list[date]:
    """First days of the 12 months up to ``fim``'s, oldest first."""
    ano, mes = fim.year, fim.month
    out = []
    for _ in range(MESES_SERIE):
        out.append(date(ano, mes, 1))
        ano, mes = (ano - 1, 12) if mes == 1 else (ano, mes - 1)
    return out[::-1]


# --- aggregates ----------------------------------------------------------------------------


def _money(value: Any) -> Decimal:
    """A SUM as exact cents (PostgreSQL's numeric is exact; SQLite's float sum is rounded back)."""
    return Decimal(str(value or 0)).quantize(CENTAVO, rounding=ROUND_HALF_UP)


def _dono(responsavel_id: int | None) -> list[Any]:
    conds: list[Any] = [Lead.removido_em.is_(None)]
    if responsavel_id is not None:
        conds.append(Lead.responsavel_id == responsavel_id)
    return conds


def _fechados(s: Session, r: int | None, a: datetime, b: datetime) -> dict[str, tuple[int, Decimal]]:
    rows = s.execute(
        select(Lead.estagio, func.count(), func.sum(Lead.valor))
        .where(
            *_dono(r),
            Lead.fechado_em >= a,
            Lead.fechado_em < b,
            Lead.estagio.in_((Estagio.ganho.value, Estagio.perdido.value)),
        )
        .group_by(Lead.estagio)
    ).all()
    return {estagio: (int(n), _money(v)) for estagio, n, v in rows}


def _origens(s: Session, r: int | None, a: datetime, b: datetime) -> dict[str, int]:
    rows = s.execute(
        select(Lead.origem, func.count())
        .where(*_dono(r), Lead.criado_em >= a, Lead.criado_em < b)
        .group_by(Lead.origem)
    ).all()
    return {origem: int(n) for origem, n in rows}


def _taxas(fechados: dict[str, tuple[int, Decimal]]) -> dict[str, Any]:
    ganhos, receita = fechados.get(Estagio.ganho.value, (0, Decimal(0)))
    perdidos, _ = fechados.get(Estagio.perdido.value, (0, Decimal(0)))
    return {
        "ganhos": ganhos,
        "perdidos": perdidos,
        "taxa_conversao": ganhos / (ganhos + perdidos) if ganhos + perdidos else 0.0,
        "receita_ganha": receita,
        "ticket_medio": (receita / ganhos).quantize(CENTAVO, rounding=ROUND_HALF_UP) if ganhos else Decimal("0.00"),
    }


def _check_responsavel(s: Session, r: int | None) -> None:
    if r is not None and s.execute(select(Usuario.id).where(Usuario.id == r)).scalar_one_or_none() is None:
        raise Invalid("Vendedor não encontrado: escolha alguém da equipe.", code="responsavel_invalido")


def _calcular(r: int | None, inicio: date, fim: date) -> dict[str, Any]:
    a, b = _utc(inicio), _utc(fim + timedelta(days=1))
    meses = _meses(fim)
    with session_scope() as s:
        _check_responsavel(s, r)
        clientes = select(func.count()).select_from(Cliente).where(Cliente.removido_em.is_(None))
        if r is not None:
            clientes = clientes.where(Cliente.responsavel_id == r)
        clientes_ativos = int(s.execute(clientes).scalar_one())
        abertos = {
            estagio: (int(n), _money(v))
            for estagio, n, v in s.execute(
                select(Lead.estagio, func.count(), func.sum(Lead.valor))
                .where(*_dono(r), Lead.estagio.in_(ABERTOS))
                .group_by(Lead.estagio)
            ).all()
        }
        fechados = _fechados(s, r, a, b)
        mes = mes_brasilia(Lead.fechado_em)
        receita_mes = dict(
            s.execute(
                select(mes, func.sum(Lead.valor))
                .where(
                    *_dono(r),
                    Lead.fechado_em >= _utc(meses[0]),
                    Lead.fechado_em < b,
                    Lead.estagio == Estagio.ganho.value,
                )
                .group_by(mes)
            ).all()
        )
        origens = _origens(s, r, a, b)
        receita = func.sum(Lead.valor)
        ranking = s.execute(
            select(Usuario.id, Usuario.nome, receita, func.count())
            .join(Usuario, Usuario.id == Lead.responsavel_id)
            .where(*_dono(r), Lead.fechado_em >= a, Lead.fechado_em < b, Lead.estagio == Estagio.ganho.value)
            .group_by(Usuario.id, Usuario.nome)
            .order_by(receita.desc(), func.count().desc(), Usuario.nome, Usuario.id)
        ).all()
    funil = {**abertos, **fechados}
    return {
        "periodo": {"inicio": inicio, "fim": fim},
        "responsavel_id": r,
        "kpis": {
            "clientes_ativos": clientes_ativos,
            "leads_abertos": sum(n for n, _ in abertos.values()),
            "valor_funil": sum((v for _, v in abertos.values()), Decimal("0.00")),
            **{k: v for k, v in _taxas(fechados).items() if k not in ("ganhos", "perdidos")},
        },
        "funil": [
            {"estagio": e, "quantidade": funil.get(e, (0, 0))[0], "valor": funil.get(e, (0, Decimal(0)))[1]}
            for e in ESTAGIOS
        ],
        "receita_por_mes": [{"mes": f"{m:%Y-%m}", "valor": _money(receita_mes.get(f"{m:%Y-%m}"))} for m in meses],
        "leads_por_origem": [{"origem": o, "quantidade": origens.get(o, 0)} for o in ORIGENS],
        "ranking_vendedores": [
            {"usuario_id": uid, "nome": nome, "receita": _money(v), "ganhos": int(n)} for uid, nome, v, n in ranking
        ],
    }


# --- use cases -----------------------------------------------------------------------------


def painel(*, actor: Actor, inicio: Any = None, fim: Any = None, responsavel_id: int | None = None) -> DashboardRead:
    """The dashboard of SPEC §4 for ``actor``: the team (gerente/admin) or one salesperson."""
    r = responsavel_do_dashboard(actor, check_id(responsavel_id, "responsavel_id"))
    d_inicio, d_fim = periodo(inicio, fim)
    dados = cacheado(
        "lead",
        ("painel", geracao("cliente"), r, d_inicio.isoformat(), d_fim.isoformat()),
        lambda: DashboardRead.model_validate(_calcular(r, d_inicio, d_fim)).model_dump(mode="json"),
    )
    return DashboardRead.model_validate(dados)


def comparativo(*, actor: Actor, inicio: Any = None, fim: Any = None, responsavel_id: int | None = None) -> KpisPeriodo:
    """Only the period-bound KPIs (won revenue, conversion, average ticket, new leads), for
    comparing a period with the one before it without recomputing the whole dashboard."""
    r = responsavel_do_dashboard(actor, check_id(responsavel_id, "responsavel_id"))
    d_inicio, d_fim = periodo(inicio, fim)

    def _compute() -> dict[str, Any]:
        a, b = _utc(d_inicio), _utc(d_fim + timedelta(days=1))
        with session_scope() as s:
            fechados = _fechados(s, r, a, b)
            novos = sum(_origens(s, r, a, b).values())
        return KpisPeriodo.model_validate(
            {"periodo": {"inicio": d_inicio, "fim": d_fim}, **_taxas(fechados), "leads_novos": novos}
        ).model_dump(mode="json")

    return KpisPeriodo.model_validate(
        cacheado("lead", ("comparativo", r, d_inicio.isoformat(), d_fim.isoformat()), _compute)
    )
