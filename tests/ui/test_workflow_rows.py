"""Display rows of the issue-13 pages: tasks, trash items, a cliente's leads and contacts (pt-BR)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aurora_app.models.contato import ContatoRead
from aurora_app.models.interacao import TarefaRead
from aurora_app.models.lead import LeadRead
from aurora_app.models.lixeira import ItemLixeira
from aurora_app.ui.state.cliente_vinculos import contato_row, lead_row
from aurora_app.ui.state.lixeira import item_row
from aurora_app.ui.state.tarefas import tarefa_row

pytestmark = pytest.mark.no_db

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # 12:00 in Brasília


def test_tarefa_row():
    t = TarefaRead(
        id=7,
        tipo="tarefa",
        descricao="Ligar",
        lead_id=3,
        autor_nome="Ana",
        vence_em=T0,
        concluida=False,
        criado_em=T0,
        alvo_nome="Implantação",
    )
    row = tarefa_row(t, agora=datetime(2026, 12, 2, tzinfo=UTC))
    assert row["href"] == "/leads/3" and row["alvo"] == "Implantação" and row["alvo_tipo"] == "Lead"
    assert row["vence_em"] == "01/12/2026 12:00" and row["atrasada"] == "1"
    c = tarefa_row(TarefaRead(id=8, tipo="tarefa", descricao="x", cliente_id=5, concluida=True, criado_em=T0), agora=T0)
    assert c["href"] == "/clientes/5" and c["alvo_tipo"] == "Cliente" and c["vence_em"] == "" and c["concluida"] == "1"


def test_item_row():
    i = ItemLixeira(
        tipo="cliente",
        id=4,
        nome="Padaria Ipê",
        cnpj="11222333000181",
        removido_em=T0,
        expira_em=datetime(2026, 12, 31, 15, 0, tzinfo=UTC),
    )
    row = item_row(i)
    assert row["cnpj"] == "11.222.333/0001-81" and row["removido_em"] == "01/12/2026 12:00"
    assert row["expira_em"] == "31/12/2026 12:00" and row["responsavel"] == "—"


def test_lead_e_contato_rows():
    lead = LeadRead(
        id=2,
        nome="Implantação",
        origem="site",
        estagio="negociacao",
        valor=Decimal("15000"),
        criado_em=T0,
        atualizado_em=T0,
        versao=1,
    )
    assert lead_row(lead) | {} == {
        "id": "2",
        "nome": "Implantação",
        "href": "/leads/2",
        "estagio": "Negociação",
        "cor": lead_row(lead)["cor"],
        "valor": "R$ 15.000,00",
        "responsavel": "—",
    }
    k = ContatoRead(
        id=1,
        cliente_id=2,
        nome="Maria",
        whatsapp="11987654321",
        base_legal="consentimento",
        criado_em=T0,
        atualizado_em=T0,
        versao=1,
    )
    row = contato_row(k)
    assert row["whatsapp"] == "(11) 98765-4321" and row["base_legal"] == "Consentimento" and row["email"] == ""


def test_resultados_da_busca_global():
    from aurora_app.models.busca import BuscaRead, ContatoEncontrado
    from aurora_app.models.cliente import ClienteRead
    from aurora_app.ui.state.busca_global import resultados

    cli = ClienteRead(
        id=9,
        cnpj="11222333000181",
        razao_social="Hotel Brisa do Mar Ltda",
        nome_fantasia="Brisa do Mar",
        criado_em=T0,
        atualizado_em=T0,
        versao=1,
    )
    lead = LeadRead(
        id=2,
        nome="Implantação",
        empresa="Brisa",
        origem="site",
        estagio="novo",
        valor=Decimal("1"),
        criado_em=T0,
        atualizado_em=T0,
        versao=1,
    )
    k = ContatoEncontrado(
        id=1,
        cliente_id=9,
        nome="Maria",
        cargo="Compras",
        base_legal="consentimento",
        criado_em=T0,
        atualizado_em=T0,
        versao=1,
        cliente_nome="Brisa do Mar",
    )
    rows = resultados(BuscaRead(clientes=[cli], leads=[lead], contatos=[k]))
    assert [(r["tipo"], r["titulo"], r["detalhe"], r["href"]) for r in rows] == [
        ("Cliente", "Brisa do Mar", "11.222.333/0001-81", "/clientes/9"),
        ("Lead", "Implantação", "Brisa", "/leads/2"),
        ("Contato", "Maria", "Compras · Brisa do Mar", "/clientes/9"),
    ]
    assert [r["id"] for r in rows] == ["busca-resultado-0", "busca-resultado-1", "busca-resultado-2"]
