"""A known data set for the dashboard, built through the services, with dates set by hand.

Period under test: October 2026 (``INICIO``..``FIM``), Brasília time. Every expected figure in
the tests is counted by hand from the table below (times are UTC; Brasília = UTC − 3 h).

| lead | dono | estágio | valor | criado_em (UTC) | fechado_em (UTC) | origem | note |
| --- | --- | --- | --- | --- | --- | --- | --- |
| L1 | v1 | novo | 1000.00 | 2026-10-05 12:00 | — | site | |
| L2 | v1 | proposta | 2500.50 | 2026-08-10 12:00 | — | indicacao | open, created before the period |
| L3 | v2 | negociacao | 4000.00 | 2026-10-01 02:59 | — | evento | created 30/09 23:59 in Brasília |
| L4 | v1 | ganho | 10000.00 | 2026-09-15 12:00 | 2026-11-01 02:30 | outbound | won 31/10 23:30 in Brasília: October |
| L5 | v2 | ganho | 3000.01 | 2026-10-02 12:00 | 2026-10-15 15:00 | site | |
| L6 | v1 | perdido | 7000.00 | 2026-10-03 12:00 | 2026-10-10 12:00 | site | |
| L7 | v2 | ganho | 5000.00 | 2026-06-01 12:00 | 2026-09-20 12:00 | indicacao | September: the series, not the period |
| L8 | v1 | ganho | 2000.00 | 2026-10-08 12:00 | 2026-11-01 03:30 | evento | won 01/11 00:30 in Brasília: after ``fim`` |
| L9 | v1 | ganho | 99999.00 | 2026-10-06 12:00 | 2026-10-12 12:00 | site | soft-deleted: never counts |
| L10 | v2 | qualificado | 1500.00 | 2026-10-11 12:00 | — | outro | won, then reopened |
| L11 | v1 | ganho | 800.00 | 2025-10-20 12:00 | 2025-11-01 02:00 | site | 31/10/2025 in Brasília: before the series |
| L12 | v2 | ganho | 1200.00 | 2025-10-20 12:00 | 2025-11-01 03:00 | site | 01/11/2025 00:00 in Brasília: first month of the series |

Clientes: v1 owns two live ones and a deleted one; v2 owns one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import invalidar
from aurora_app.models import Lead
from aurora_app.services import clientes, leads
from aurora_app.services.actor import Actor
from tests.builders import actor_of, cria_cliente, cria_lead, usuario

INICIO = date(2026, 10, 1)
FIM = date(2026, 10, 31)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


LEADS: dict[str, dict[str, Any]] = {
    "L1": {"dono": "v1", "estagio": "novo", "valor": "1000.00", "criado": utc(2026, 10, 5, 12), "origem": "site"},
    "L2": {
        "dono": "v1",
        "estagio": "proposta",
        "valor": "2500.50",
        "criado": utc(2026, 8, 10, 12),
        "origem": "indicacao",
    },
    "L3": {
        "dono": "v2",
        "estagio": "negociacao",
        "valor": "4000.00",
        "criado": utc(2026, 10, 1, 2, 59),
        "origem": "evento",
    },
    "L4": {
        "dono": "v1",
        "estagio": "ganho",
        "valor": "10000.00",
        "criado": utc(2026, 9, 15, 12),
        "fechado": utc(2026, 11, 1, 2, 30),
        "origem": "outbound",
    },
    "L5": {
        "dono": "v2",
        "estagio": "ganho",
        "valor": "3000.01",
        "criado": utc(2026, 10, 2, 12),
        "fechado": utc(2026, 10, 15, 15),
        "origem": "site",
    },
    "L6": {
        "dono": "v1",
        "estagio": "perdido",
        "valor": "7000.00",
        "criado": utc(2026, 10, 3, 12),
        "fechado": utc(2026, 10, 10, 12),
        "origem": "site",
    },
    "L7": {
        "dono": "v2",
        "estagio": "ganho",
        "valor": "5000.00",
        "criado": utc(2026, 6, 1, 12),
        "fechado": utc(2026, 9, 20, 12),
        "origem": "indicacao",
    },
    "L8": {
        "dono": "v1",
        "estagio": "ganho",
        "valor": "2000.00",
        "criado": utc(2026, 10, 8, 12),
        "fechado": utc(2026, 11, 1, 3, 30),
        "origem": "evento",
    },
    "L9": {
        "dono": "v1",
        "estagio": "ganho",
        "valor": "99999.00",
        "criado": utc(2026, 10, 6, 12),
        "fechado": utc(2026, 10, 12, 12),
        "origem": "site",
        "removido": True,
    },
    "L10": {
        "dono": "v2",
        "estagio": "ganho",
        "valor": "1500.00",
        "criado": utc(2026, 10, 11, 12),
        "origem": "outro",
        "reaberto": "qualificado",
    },
    "L11": {
        "dono": "v1",
        "estagio": "ganho",
        "valor": "800.00",
        "criado": utc(2025, 10, 20, 12),
        "fechado": utc(2025, 11, 1, 2),
        "origem": "site",
    },
    "L12": {
        "dono": "v2",
        "estagio": "ganho",
        "valor": "1200.00",
        "criado": utc(2025, 10, 20, 12),
        "fechado": utc(2025, 11, 1, 3),
        "origem": "site",
    },
}


@dataclass
class Mundo:
    v1: Actor
    v2: Actor
    gerente: Actor
    admin: Actor
    ids: dict[str, int]


def monta_mundo() -> Mundo:
    v1 = actor_of(usuario("vendedor", nome="Ana Vendas"))
    v2 = actor_of(usuario("vendedor", nome="Bruno Vendas"))
    gerente = actor_of(usuario("gerente"))
    admin = actor_of(usuario("admin"))
    donos = {"v1": v1, "v2": v2}
    cria_cliente(v1)
    cria_cliente(v1)
    clientes.delete(actor=v1, cliente_id=cria_cliente(v1).id)
    cria_cliente(v2)
    ids: dict[str, int] = {}
    for nome, d in LEADS.items():
        extra = {"motivo_perda": "Preço"} if d["estagio"] == "perdido" else {}
        lead = cria_lead(
            gerente,
            nome=nome,
            valor=d["valor"],
            estagio=d["estagio"],
            origem=d["origem"],
            responsavel_id=donos[d["dono"]].id,
            **extra,
        )
        ids[nome] = lead.id
        if d.get("reaberto"):
            leads.move(actor=gerente, lead_id=lead.id, estagio=d["reaberto"])
        with session_scope() as s:
            valores: dict[str, Any] = {"criado_em": d["criado"]}
            if "fechado" in d:
                valores["fechado_em"] = d["fechado"]
            s.execute(update(Lead).where(Lead.id == lead.id).values(**valores))
        if d.get("removido"):
            leads.delete(actor=gerente, lead_id=lead.id)
    invalidar("lead")  # the dates above were set behind the services' back
    return Mundo(v1=v1, v2=v2, gerente=gerente, admin=admin, ids=ids)


def zeros_menos(**meses: str) -> list[dict[str, str]]:
    """The 12 months Nov 2025..Oct 2026, "0.00" except the ones given (``m2026_09="5000.00"``)."""
    out = []
    for i in range(12):
        ano, mes = (2025, 11 + i) if i < 2 else (2026, i - 1)
        chave = f"m{ano}_{mes:02d}"
        out.append({"mes": f"{ano}-{mes:02d}", "valor": meses.get(chave, "0.00")})
    return out


def esperado_equipe(m: Mundo) -> dict[str, Any]:
    """Whole team, October 2026 — counted by hand from the table in the module docstring."""
    return {
        "periodo": {"inicio": "2026-10-01", "fim": "2026-10-31"},
        "responsavel_id": None,
        "kpis": {
            "clientes_ativos": 3,  # v1: 2 live (1 deleted), v2: 1
            "leads_abertos": 4,  # L1, L2, L3, L10 (reopened)
            "valor_funil": "9000.50",  # 1000 + 2500.50 + 4000 + 1500
            "taxa_conversao": 2 / 3,  # won L4, L5; lost L6
            "receita_ganha": "13000.01",  # L4 10000 + L5 3000.01
            "ticket_medio": "6500.01",  # 13000.01 / 2 = 6500.005 → half up
        },
        "funil": [
            {"estagio": "novo", "quantidade": 1, "valor": "1000.00"},
            {"estagio": "qualificado", "quantidade": 1, "valor": "1500.00"},
            {"estagio": "proposta", "quantidade": 1, "valor": "2500.50"},
            {"estagio": "negociacao", "quantidade": 1, "valor": "4000.00"},
            {"estagio": "ganho", "quantidade": 2, "valor": "13000.01"},
            {"estagio": "perdido", "quantidade": 1, "valor": "7000.00"},
        ],
        # L12 (Nov 2025), L7 (Sep 2026), L4 + L5 (Oct 2026); L11 is Oct 2025, L8 is Nov 2026
        "receita_por_mes": zeros_menos(m2025_11="1200.00", m2026_09="5000.00", m2026_10="13000.01"),
        # created in October (Brasília), live: L1, L5, L6 site; L8 evento; L10 outro
        # (L3 is 30/09 23:59 in Brasília, L9 is deleted, L4 was created in September)
        "leads_por_origem": [
            {"origem": "site", "quantidade": 3},
            {"origem": "indicacao", "quantidade": 0},
            {"origem": "evento", "quantidade": 1},
            {"origem": "outbound", "quantidade": 0},
            {"origem": "outro", "quantidade": 1},
        ],
        "ranking_vendedores": [
            {"usuario_id": m.v1.id, "nome": "Ana Vendas", "receita": "10000.00", "ganhos": 1},
            {"usuario_id": m.v2.id, "nome": "Bruno Vendas", "receita": "3000.01", "ganhos": 1},
        ],
    }


def esperado_v1(m: Mundo) -> dict[str, Any]:
    """Only v1 (Ana), October 2026."""
    return {
        "periodo": {"inicio": "2026-10-01", "fim": "2026-10-31"},
        "responsavel_id": m.v1.id,
        "kpis": {
            "clientes_ativos": 2,
            "leads_abertos": 2,  # L1, L2
            "valor_funil": "3500.50",
            "taxa_conversao": 0.5,  # won L4, lost L6
            "receita_ganha": "10000.00",
            "ticket_medio": "10000.00",
        },
        "funil": [
            {"estagio": "novo", "quantidade": 1, "valor": "1000.00"},
            {"estagio": "qualificado", "quantidade": 0, "valor": "0.00"},
            {"estagio": "proposta", "quantidade": 1, "valor": "2500.50"},
            {"estagio": "negociacao", "quantidade": 0, "valor": "0.00"},
            {"estagio": "ganho", "quantidade": 1, "valor": "10000.00"},
            {"estagio": "perdido", "quantidade": 1, "valor": "7000.00"},
        ],
        "receita_por_mes": zeros_menos(m2026_10="10000.00"),  # L11 is before the series, L8 after fim
        "leads_por_origem": [
            {"origem": "site", "quantidade": 2},  # L1, L6
            {"origem": "indicacao", "quantidade": 0},
            {"origem": "evento", "quantidade": 1},  # L8
            {"origem": "outbound", "quantidade": 0},
            {"origem": "outro", "quantidade": 0},
        ],
        "ranking_vendedores": [{"usuario_id": m.v1.id, "nome": "Ana Vendas", "receita": "10000.00", "ganhos": 1}],
    }
