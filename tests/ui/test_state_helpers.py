"""Pure helpers of the clientes/leads states: rows of display strings, form checks, form → DTO."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from aurora_app.models.cliente import ClienteCreate, ClienteRead
from aurora_app.models.interacao import InteracaoRead
from aurora_app.models.lead import LeadCreate, LeadRead
from aurora_app.services.actor import Actor
from aurora_app.ui.state import cliente_form as cf
from aurora_app.ui.state import clientes as cst
from aurora_app.ui.state import comum
from aurora_app.ui.state import lead_form as lf
from aurora_app.ui.state import leads as lst
from aurora_app.ui.state.cliente_detalhe import cliente_detalhe, id_da_url
from aurora_app.ui.state.timeline import interacao_row

pytestmark = pytest.mark.no_db

AGORA = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
GERENTE = Actor(id=1, email="g@x.com", nome="G", papel="gerente")
VENDEDOR = Actor(id=7, email="v@x.com", nome="V", papel="vendedor")


def _cliente(**kw) -> ClienteRead:
    base = dict(
        id=42, cnpj="12ABC34501DE35", razao_social="Ipê Amarelo Ltda", nome_fantasia="Ipê", telefone="11987654321",
        cep="01310100", logradouro="Av. Paulista", numero="1000", municipio="São Paulo", uf="SP",
        responsavel_id=3, responsavel_nome="Carla", criado_em=AGORA, atualizado_em=AGORA, versao=2,
    )  # fmt: skip
    return ClienteRead(**{**base, **kw})


def test_cliente_row_formats_in_the_backend() -> None:
    row = cst.cliente_row(_cliente(), {}, GERENTE)
    assert row == {
        "id": "42",
        "url": "/clientes/42",
        "cnpj": "12.ABC.345/01DE-35",
        "razao_social": "Ipê Amarelo Ltda",
        "nome_fantasia": "Ipê",
        "cidade": "São Paulo / SP",
        "telefone": "(11) 98765-4321",
        "responsavel": "Carla",
        "cadastro": "29/11/2026",  # the Brasília day
        "pode_editar": "1",
    }
    assert (
        cst.cliente_row(_cliente(criado_em=datetime(2026, 12, 1, 2, 30, tzinfo=UTC)), {}, GERENTE)["cadastro"]
        == "30/11/2026"
    )  # 23:30 in Brasília
    assert cst.cliente_row(_cliente(), {}, VENDEDOR)["pode_editar"] == ""
    assert cst.cliente_row(_cliente(responsavel_id=7), {}, VENDEDOR)["pode_editar"] == "1"


def test_cliente_form_round_trip_builds_a_valid_create() -> None:
    form = cf.form_de_cliente(_cliente())
    assert form["cnpj"] == "12.ABC.345/01DE-35" and form["cep"] == "01310-100" and form["responsavel_id"] == "3"
    assert cf.validar_form(form) == {}
    data = ClienteCreate(**cf.dados_do_form(form))
    assert data.cnpj == "12.ABC.345/01DE-35" and data.cep == "01310100" and data.telefone == "11987654321"
    assert data.responsavel_id == 3 and data.email is None


def test_cliente_form_inline_errors() -> None:
    form = {
        **cf.form_vazio(),
        "cnpj": "12.ABC.345/01DE-36",
        "email": "x@",
        "telefone": "(11) 9",
        "cep": "0131",
        "uf": "XX",
    }
    erros = cf.validar_form(form)
    assert set(erros) == {"cnpj", "razao_social", "email", "telefone", "cep", "uf"}
    assert "dígitos verificadores" in erros["cnpj"]
    # The messages are the service's own (ClienteCreate), not a second copy in the UI.
    assert erros["razao_social"] == "Informe a razão social."
    assert erros["uf"].startswith("UF inválida") and erros["cep"].startswith("CEP deve ter 8 dígitos")


def _lead(**kw) -> LeadRead:
    base = dict(
        id=9, nome="Renovação 2027", empresa="Ipê", cnpj="11222333000181", origem="indicacao", estagio="negociacao",
        valor=Decimal("1234.5"), previsao_fechamento=date(2027, 3, 31), responsavel_id=7, responsavel_nome="V",
        criado_em=AGORA, atualizado_em=AGORA, versao=1,
    )  # fmt: skip
    return LeadRead(**{**base, **kw})


def test_lead_card() -> None:
    card = lst.lead_card(_lead())
    assert card["valor"] == "R$ 1.234,50"
    assert card["previsao"] == "31/03/2027"
    assert card["estagio_label"] == "Negociação"
    assert card["origem"] == "Indicação"
    assert card["cnpj"] == "11.222.333/0001-81"
    assert card["url"] == "/leads/9" and card["cliente_url"] == ""
    assert lst.lead_card(_lead(cliente_id=5))["cliente_url"] == "/clientes/5"


def test_lead_form_round_trip() -> None:
    form = lf.form_de_lead(_lead())
    assert form["valor"] == "1.234,50" and form["previsao_fechamento"] == "31/03/2027"
    assert lf.validar_lead_form(form) == {}
    data = LeadCreate(**lf.dados_do_lead_form(form))
    assert data.valor == Decimal("1234.50") and data.previsao_fechamento == date(2027, 3, 31)
    assert data.cnpj == "11.222.333/0001-81" and data.origem == "indicacao"  # the service normalises it


def test_lead_form_errors() -> None:
    form = {**lf.lead_form_vazio(), "cnpj": "123", "valor": "abc", "previsao_fechamento": "31/02/2027"}
    erros = lf.validar_lead_form(form)
    assert set(erros) == {"nome", "valor", "previsao_fechamento"}  # the CNPJ waits for a readable form
    assert erros["nome"] == "Informe o nome do lead."
    assert set(lf.validar_lead_form({**form, "valor": "", "previsao_fechamento": ""})) == {"nome", "cnpj"}
    assert lf.validar_lead_form({**lf.lead_form_vazio(), "nome": "x"}) == {}  # CNPJ, valor optional
    assert "e-mail" in lf.validar_lead_form({**lf.lead_form_vazio(), "nome": "x", "email": "x@"})["email"].lower()


def test_interacao_row_and_detail() -> None:
    tarefa = InteracaoRead(
        id=3, tipo="tarefa", descricao="Ligar", cliente_id=42, autor_nome="Ana", vence_em=datetime(2026, 11, 1, 12, tzinfo=UTC),
        concluida=False, criado_em=datetime(2026, 10, 31, 17, 30, tzinfo=UTC),
    )  # fmt: skip
    row = interacao_row(tarefa, AGORA)
    assert row["data"] == "31/10/2026 14:30"  # Brasília time
    assert row["vence_em"] == "01/11/2026 09:00"
    assert row["rotulo"] == "Tarefa" and row["tarefa"] == "1" and row["atrasada"] == "1" and row["concluida"] == ""
    assert interacao_row(tarefa.model_copy(update={"concluida": True}), AGORA)["atrasada"] == ""
    det = cliente_detalhe(_cliente())
    assert det["endereco"] == "Av. Paulista, 1000\nSão Paulo / SP\nCEP 01310-100"
    assert id_da_url("/clientes/42") == 42 and id_da_url("/clientes/abc") == 0 and id_da_url("/clientes/") == 0


def test_buscar_cnpj_fills_the_form_from_the_lookup() -> None:
    import json
    from pathlib import Path

    from aurora_app.integrations.cnpja_schema import from_office
    from aurora_app.services.cnpj import to_cliente_fields

    fixture = Path("/work/shared/fixtures/cnpja/office_33000167000101.json")
    if not fixture.exists():
        pytest.skip("CNPJá fixtures not on this machine")
    consulta = from_office(json.loads(fixture.read_text()), fonte="cnpja_pago", consultado_em=AGORA)
    form = {**cf.form_vazio(), "cnpj": "33.000.167/0001-01", "responsavel_id": "3", "numero": "digitado"}
    novo = cf.preencher_com_consulta(form, to_cliente_fields(consulta))
    assert novo["cnpj"] == "33.000.167/0001-01" and novo["responsavel_id"] == "3"
    assert novo["razao_social"] == consulta.razao_social
    assert novo["uf"] == consulta.endereco.uf
    if consulta.endereco.cep:
        assert re.fullmatch(r"\d{5}-\d{3}", novo["cep"])
    if consulta.telefones:
        assert novo["telefone"].startswith("(")
    assert cf.validar_form(novo) == {}


def test_ids_from_the_browser_are_checked() -> None:
    assert comum.como_id("42") == 42 and comum.como_id(7) == 7
    assert comum.como_id("abc") == 0 and comum.como_id(None) == 0
    assert comum.como_id("-1") == 0 and comum.como_id("9" * 30) == 0


def test_lead_form_guarda_valor_invalido_com_erro(ui_estado):
    from aurora_app.ui.components import masks
    from aurora_app.ui.state.leads import LeadsState

    leads = ui_estado(LeadsState)
    leads.set_campo("valor", "abc")
    assert leads.form["valor"] == "abc" and leads.erros["valor"] == masks.VALOR_INVALIDO
    leads.set_campo("valor", "1234,5")
    assert leads.form["valor"] == "1234,5" and "valor" not in leads.erros
    leads.validar_campo("valor")
    assert leads.form["valor"] == "1.234,50" and "valor" not in leads.erros
