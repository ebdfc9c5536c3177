"""services.dashboard: every figure against a hand count (tests/dashboard_helpers.py), on the
session's database (SQLite, or PostgreSQL in CI's second pass); visibility; period rules; cache."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aurora_app.services import dashboard, leads
from aurora_app.services.errors import Forbidden, Invalid
from aurora_app.services.permissoes import responsavel_do_dashboard
from tests.builders import cria_cliente, cria_lead
from tests.dashboard_helpers import FIM, INICIO, esperado_equipe, esperado_v1, monta_mundo


@pytest.fixture
def mundo():
    return monta_mundo()


def _json(read) -> dict:  # noqa: ANN001
    return read.model_dump(mode="json")


def test_equipe_bate_com_a_contagem_manual(mundo):
    for chefe in (mundo.gerente, mundo.admin):
        got = _json(dashboard.painel(actor=chefe, inicio="2026-10-01", fim="2026-10-31"))
        assert got == esperado_equipe(mundo)


def test_um_vendedor_bate_com_a_contagem_manual(mundo):
    esperado = esperado_v1(mundo)
    assert _json(dashboard.painel(actor=mundo.gerente, inicio=INICIO, fim=FIM, responsavel_id=mundo.v1.id)) == esperado
    # the vendedor themselves, with or without naming themselves
    assert _json(dashboard.painel(actor=mundo.v1, inicio=INICIO, fim=FIM)) == esperado
    assert _json(dashboard.painel(actor=mundo.v1, inicio=INICIO, fim=FIM, responsavel_id=mundo.v1.id)) == esperado


def test_vendedor_nao_ve_numeros_de_outro(mundo):
    with pytest.raises(Forbidden) as exc:
        dashboard.painel(actor=mundo.v1, inicio=INICIO, fim=FIM, responsavel_id=mundo.v2.id)
    assert exc.value.code == "sem_permissao"
    with pytest.raises(Forbidden):
        dashboard.comparativo(actor=mundo.v1, inicio=INICIO, fim=FIM, responsavel_id=mundo.v2.id)
    v2 = dashboard.painel(actor=mundo.v2, inicio=INICIO, fim=FIM)
    assert v2.responsavel_id == mundo.v2.id
    assert [r.usuario_id for r in v2.ranking_vendedores] == [mundo.v2.id]
    assert v2.kpis.leads_abertos == 2 and str(v2.kpis.receita_ganha) == "3000.01"  # L3, L10; L5


def test_regra_de_permissao(mundo):
    assert responsavel_do_dashboard(mundo.gerente, None) is None
    assert responsavel_do_dashboard(mundo.admin, mundo.v2.id) == mundo.v2.id
    assert responsavel_do_dashboard(mundo.v1, None) == mundo.v1.id
    assert responsavel_do_dashboard(mundo.v1, mundo.v1.id) == mundo.v1.id
    with pytest.raises(Forbidden):
        responsavel_do_dashboard(mundo.v1, mundo.gerente.id)


def test_comparativo_do_periodo_anterior(mundo):
    anterior = dashboard.periodo_anterior(INICIO, FIM)
    assert anterior == (date(2026, 8, 31), date(2026, 9, 30))  # 31 days before October
    k = dashboard.comparativo(actor=mundo.gerente, inicio=anterior[0], fim=anterior[1])
    # closed in Aug 31..Sep 30: L7 won (5000); created then: L4 (15/09), L3 (30/09 23:59 Brasília)
    assert (k.ganhos, k.perdidos, str(k.receita_ganha), str(k.ticket_medio), k.taxa_conversao, k.leads_novos) == (
        1,
        0,
        "5000.00",
        "5000.00",
        1.0,
        2,
    )
    atual = dashboard.comparativo(actor=mundo.gerente, inicio=INICIO, fim=FIM)
    painel = dashboard.painel(actor=mundo.gerente, inicio=INICIO, fim=FIM)
    assert atual.receita_ganha == painel.kpis.receita_ganha and atual.taxa_conversao == painel.kpis.taxa_conversao
    assert atual.leads_novos == sum(o.quantidade for o in painel.leads_por_origem) == 5


def test_periodo_sem_dados_e_equipe_nova():
    from tests.builders import actor_of, usuario

    gerente = actor_of(usuario("gerente"))
    got = dashboard.painel(actor=gerente, inicio="2026-01-01", fim="2026-01-31")
    assert got.kpis.model_dump(mode="json") == {
        "clientes_ativos": 0,
        "leads_abertos": 0,
        "valor_funil": "0.00",
        "taxa_conversao": 0.0,
        "receita_ganha": "0.00",
        "ticket_medio": "0.00",
    }
    assert [f.estagio for f in got.funil] == ["novo", "qualificado", "proposta", "negociacao", "ganho", "perdido"]
    assert [m.mes for m in got.receita_por_mes][0] == "2025-02" and len(got.receita_por_mes) == 12
    assert got.ranking_vendedores == []


def test_periodo_padrao_ultimos_90_dias():
    inicio, fim = dashboard.periodo(None, None)
    assert fim == dashboard.hoje() and (fim - inicio).days == 89
    assert dashboard.periodo(None, "2026-03-31") == (date(2026, 1, 1), date(2026, 3, 31))
    assert dashboard.periodo("2026-03-01", "2026-03-01") == (date(2026, 3, 1), date(2026, 3, 1))
    assert dashboard.periodo("2026-03-01", None, hoje_=date(2026, 3, 10)) == (date(2026, 3, 1), date(2026, 3, 10))


@pytest.mark.parametrize(
    ("inicio", "fim", "trecho"),
    [
        ("2026-13-01", None, "Data inicial inválida"),
        ("01/10/2026", None, "AAAA-MM-DD"),
        ("2026-10-01T00:00", None, "Data inicial inválida"),
        (None, "ontem", "Data final inválida"),
        ("2026-02-30", "2026-03-01", "Data inicial inválida"),
        ("2026-10-31", "2026-10-01", "Período invertido: a data inicial (31/10/2026) é posterior à final (01/10/2026)"),
        ("1999-12-31", "2026-01-01", "entre 01/01/2000 e 31/12/2100"),
        ("2026-01-01", "9999-12-31", "entre 01/01/2000 e 31/12/2100"),
        ("2999-01-01", None, "entre 01/01/2000"),
    ],
)
def test_periodo_invalido(inicio, fim, trecho, gerente):
    with pytest.raises(Invalid) as exc:
        dashboard.painel(actor=gerente, inicio=inicio, fim=fim)
    assert exc.value.code == "periodo_invalido" and trecho in exc.value.detail


def test_responsavel_inexistente_ou_invalido(gerente):
    with pytest.raises(Invalid) as exc:
        dashboard.painel(actor=gerente, responsavel_id=999_999)
    assert exc.value.code == "responsavel_invalido"
    with pytest.raises(Invalid):
        dashboard.painel(actor=gerente, responsavel_id=2**40)


def test_escrita_pelos_servicos_aparece_na_proxima_leitura(vendedor, gerente):
    hoje = dashboard.hoje()
    args = {"inicio": hoje - timedelta(days=6), "fim": hoje}
    antes = dashboard.painel(actor=gerente, **args)
    assert antes.kpis.leads_abertos == 0 and antes.kpis.clientes_ativos == 0
    lead = cria_lead(vendedor, valor="250.00", origem="evento")
    cliente = cria_cliente(vendedor)
    depois = dashboard.painel(actor=gerente, **args)
    assert depois.kpis.leads_abertos == 1 and str(depois.kpis.valor_funil) == "250.00"
    assert depois.kpis.clientes_ativos == 1
    assert {o.origem: o.quantidade for o in depois.leads_por_origem}["evento"] == 1
    leads.move(actor=vendedor, lead_id=lead.id, estagio="ganho")
    ganho = dashboard.painel(actor=gerente, **args)
    assert ganho.kpis.leads_abertos == 0 and str(ganho.kpis.receita_ganha) == "250.00"
    assert ganho.kpis.taxa_conversao == 1.0
    assert ganho.receita_por_mes[-1].mes == f"{hoje:%Y-%m}" and str(ganho.receita_por_mes[-1].valor) == "250.00"
    assert [(r.usuario_id, r.ganhos) for r in ganho.ranking_vendedores] == [(vendedor.id, 1)]
    from aurora_app.services import clientes

    clientes.delete(actor=vendedor, cliente_id=cliente.id)
    assert dashboard.painel(actor=gerente, **args).kpis.clientes_ativos == 0
    leads.delete(actor=vendedor, lead_id=lead.id)
    assert dashboard.painel(actor=gerente, **args).kpis.receita_ganha == 0


def test_cache_serve_a_segunda_leitura(gerente, monkeypatch):
    primeira = dashboard.painel(actor=gerente, inicio="2026-10-01", fim="2026-10-31")
    monkeypatch.setattr(dashboard, "_calcular", lambda *a: pytest.fail("recalculou sem escrita nova"))
    assert dashboard.painel(actor=gerente, inicio="2026-10-01", fim="2026-10-31") == primeira
