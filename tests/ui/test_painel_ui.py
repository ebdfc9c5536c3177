"""Pure pieces of the painel: pt-BR number formatting, axis scales, period choices, KPI cards,
figures (what the hover shows is the exact value), links to the filtered leads list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aurora_app.models.dashboard import DashboardRead, KpisPeriodo
from aurora_app.services.errors import Invalid
from aurora_app.ui import graficos
from aurora_app.ui.state.dashboard import cartoes, datas_do_periodo, url_leads

pytestmark = pytest.mark.no_db


@pytest.mark.parametrize(
    ("valor", "texto"),
    [
        (0, "R$ 0"),
        (850, "R$ 850"),
        (35_400, "R$ 35,4 mil"),
        (1_200_000, "R$ 1,2 mi"),
        (1_000_000, "R$ 1 mi"),
        (999_960, "R$ 1 mi"),
        (2_500_000_000, "R$ 2,5 bi"),
        (Decimal("12345.67"), "R$ 12,3 mil"),
    ],
)
def test_brl_curto(valor, texto):
    assert graficos.brl_curto(valor) == texto


def test_numeros_ptbr():
    assert graficos.inteiro(1234567) == "1.234.567"
    assert graficos.percentual(2 / 3) == "66,7%" and graficos.percentual(0.5) == "50%"
    assert graficos.mes_curto("2026-10") == "out/26" and graficos.mes_curto("2025-01") == "jan/25"
    assert graficos.escala(13000.01) == [0, 5000, 10000, 15000]
    assert graficos.escala(0) == [0.0, 1.0]
    assert graficos.variacao(Decimal("13000"), Decimal("5000")) == ("▲ 160%", "green")
    assert graficos.variacao(4, 5) == ("▼ 20%", "red")
    assert graficos.variacao(5, 0)[1] == "gray" and graficos.variacao(0, 0)[1] == "gray"
    assert graficos.variacao_pp(0.5, 1.0, True) == ("▼ 50 p.p.", "red")
    assert graficos.variacao_pp(0.5, 0.0, False)[1] == "gray"


def test_datas_do_periodo():
    hoje = date(2026, 12, 2)
    assert datas_do_periodo("30", hoje) == (date(2026, 11, 3), hoje)
    assert datas_do_periodo("365", hoje) == (date(2025, 12, 3), hoje)
    assert datas_do_periodo("mes", hoje) == (date(2026, 12, 1), hoje)
    assert datas_do_periodo("ano", hoje) == (date(2026, 1, 1), hoje)
    assert datas_do_periodo("custom", hoje, "2026-01-01", "2026-01-31") == ("2026-01-01", "2026-01-31")
    with pytest.raises(Invalid):
        datas_do_periodo("custom", hoje, "2026-01-01", "")


def test_url_leads():
    assert url_leads("proposta") == "/leads?estagio=proposta"
    assert url_leads("ganho", 7) == "/leads?estagio=ganho&responsavel_id=7"
    assert url_leads() == "/leads"


def _painel() -> DashboardRead:
    return DashboardRead.model_validate(
        {
            "periodo": {"inicio": "2026-10-01", "fim": "2026-10-31"},
            "responsavel_id": None,
            "kpis": {
                "clientes_ativos": 1234,
                "leads_abertos": 4,
                "valor_funil": "9000.50",
                "taxa_conversao": 2 / 3,
                "receita_ganha": "13000.01",
                "ticket_medio": "6500.01",
            },
            "funil": [
                {"estagio": e, "quantidade": q, "valor": v}
                for e, q, v in [
                    ("novo", 1, "1000"),
                    ("qualificado", 0, "0"),
                    ("proposta", 1, "2500.50"),
                    ("negociacao", 1, "4000"),
                    ("ganho", 2, "13000.01"),
                    ("perdido", 1, "7000"),
                ]
            ],
            "receita_por_mes": [
                {"mes": f"2026-{m:02d}", "valor": "1234567.89" if m == 10 else "0"} for m in range(1, 13)
            ],
            "leads_por_origem": [
                {"origem": o, "quantidade": 2} for o in ("site", "indicacao", "evento", "outbound", "outro")
            ],
            "ranking_vendedores": [
                {"usuario_id": 3, "nome": "Ana", "receita": "10000", "ganhos": 1},
                {"usuario_id": 4, "nome": "Ana", "receita": "3000.01", "ganhos": 1},
            ],
        }
    )


def test_cartoes_comparam_com_o_periodo_anterior():
    anterior = KpisPeriodo.model_validate(
        {
            "periodo": {"inicio": "2026-08-31", "fim": "2026-09-30"},
            "taxa_conversao": 1.0,
            "receita_ganha": "5000",
            "ticket_medio": "5000",
            "ganhos": 1,
            "perdidos": 0,
            "leads_novos": 2,
        }
    )
    c = {k["id"]: k for k in cartoes(_painel(), anterior)}
    assert c["clientes"]["valor"] == "1.234" and c["funil"]["valor"] == "R$ 9.000,50"
    assert c["conversao"]["valor"] == "66,7%" and c["conversao"]["variacao"] == "▼ 33,3 p.p."
    assert c["receita"]["valor"] == "R$ 13.000,01" and (c["receita"]["variacao"], c["receita"]["tom"]) == (
        "▲ 160%",
        "green",
    )
    assert c["ticket"]["variacao"] == "▲ 30%"
    assert c["abertos"]["variacao"] == "situação atual"  # a snapshot has no previous period


def test_figuras():
    p = _painel()
    funil = graficos.figura_funil(p.funil).to_dict()
    barra = funil["data"][0]
    assert list(barra["y"]) == ["Novo", "Qualificado", "Proposta", "Negociação", "Ganho", "Perdido"]
    assert [list(c) for c in barra["customdata"]][2] == ["1", "R$ 2.500,50"]  # exact on hover
    receita = graficos.figura_receita(p.receita_por_mes).to_dict()
    assert list(receita["data"][0]["customdata"])[9] == "R$ 1.234.567,89"
    assert "R$ 1 mi" in receita["layout"]["yaxis"]["ticktext"]
    assert receita["layout"]["separators"] == ",."
    ranking = graficos.figura_ranking(p.ranking_vendedores).to_dict()
    assert list(ranking["data"][0]["y"]) == [0, 1]  # two people named Ana stay two bars
    assert list(ranking["layout"]["yaxis"]["ticktext"]) == ["Ana", "Ana"]
    assert len(graficos.figura_origem(p.leads_por_origem).to_dict()["data"][0]["x"]) == 5


def test_estado_do_painel_guarda_so_dados_simples():
    """With Redis, this state is read on every AuthState event (each page load, the nav badge):
    a pickled plotly Figure took ~90 ms to unpickle (bench/bench_arvore.py). Plain JSON only."""
    from aurora_app.ui.state.dashboard import DashboardState

    tipos = {nome: str(var._var_type) for nome, var in DashboardState.base_vars.items()}
    assert not [nome for nome, tipo in tipos.items() if "plotly" in tipo or "Figure" in tipo], tipos
