"""Saved views (services.visoes): the list's own rules judge a view, each user sees their own."""

from __future__ import annotations

import pytest

from aurora_app.models.visao import VisaoCreate
from aurora_app.services import leads, visoes
from aurora_app.services.errors import Conflict, Invalid, NotFound
from tests.builders import cria_lead


def _visao(lista: str, nome: str, **parametros: str) -> VisaoCreate:
    return VisaoCreate(lista=lista, nome=nome, parametros=parametros)


def test_salvar_listar_e_excluir_as_proprias(vendedor, outro):
    v = visoes.create(
        actor=vendedor,
        data=_visao(
            "leads", "Meus leads em negociação", estagio="negociacao", ordem="-valor", valor_min="1.000", busca=""
        ),
    )
    assert v.lista == "leads" and v.nome == "Meus leads em negociação"
    assert v.parametros == {"estagio": "negociacao", "valor_min": "1.000", "ordem": "-valor"}  # the empty one dropped
    visoes.create(actor=vendedor, data=_visao("leads", "abertos de março", previsao_de="2027-03-01"))
    visoes.create(actor=vendedor, data=_visao("clientes", "SP por nome", uf="SP", ordem="razao_social"))
    assert [x.nome for x in visoes.list_visoes(actor=vendedor, lista="leads")] == [
        "abertos de março",
        "Meus leads em negociação",
    ]
    assert [x.nome for x in visoes.list_visoes(actor=vendedor, lista="clientes")] == ["SP por nome"]
    assert visoes.list_visoes(actor=outro, lista="leads") == []
    with pytest.raises(NotFound):
        visoes.delete(actor=outro, visao_id=v.id)  # someone else's view does not exist for them
    visoes.delete(actor=vendedor, visao_id=v.id)
    assert [x.nome for x in visoes.list_visoes(actor=vendedor, lista="leads")] == ["abertos de março"]
    with pytest.raises(NotFound):
        visoes.delete(actor=vendedor, visao_id=v.id)


def test_nome_repetido_na_mesma_lista_e_409(vendedor, outro):
    visoes.create(actor=vendedor, data=_visao("leads", "Quentes", estagio="proposta"))
    with pytest.raises(Conflict) as e:
        visoes.create(actor=vendedor, data=_visao("leads", "Quentes", estagio="negociacao"))
    assert e.value.code == "visao_duplicada" and e.value.extra["campo"] == "nome"
    visoes.create(actor=vendedor, data=_visao("clientes", "Quentes"))  # another list
    visoes.create(actor=outro, data=_visao("leads", "Quentes"))  # another user


@pytest.mark.parametrize(
    ("lista", "parametros", "campo"),
    [
        ("leads", {"estagio": "sonhando"}, "estagio"),
        ("leads", {"valor_min": "10", "valor_max": "5"}, "valor_min"),
        ("leads", {"previsao_de": "31/02/2027"}, "previsao_de"),
        ("leads", {"ordem": "nome"}, "ordem"),
        ("leads", {"responsavel_id": "abc"}, "responsavel_id"),
        ("clientes", {"uf": "XX"}, "uf"),
        ("clientes", {"ordem": "-valor"}, "ordem"),
        ("clientes", {"estagio": "novo"}, "parametros"),  # a leads filter on the clientes list
        ("leads", {"modo": "lista"}, "parametros"),
    ],
)
def test_parametros_que_a_lista_recusaria_sao_recusados(vendedor, lista, parametros, campo):
    with pytest.raises(Invalid) as e:
        visoes.create(actor=vendedor, data=_visao(lista, "x", **parametros))
    assert e.value.extra.get("campo") == campo
    assert visoes.list_visoes(actor=vendedor, lista=lista) == []


def test_uma_visao_nao_alarga_o_que_o_usuario_ve(vendedor, outro, gerente):
    cria_lead(outro, nome="Do colega")
    v = visoes.create(actor=vendedor, data=_visao("leads", "do colega", responsavel_id=str(outro.id)))
    filtros = {**v.parametros, "responsavel_id": int(v.parametros["responsavel_id"])}
    assert leads.list_leads(actor=vendedor, **filtros).total == 0  # the list's scope still holds
    v = visoes.create(actor=gerente, data=_visao("leads", "do vendedor", responsavel_id=str(outro.id)))
    assert [
        x.nome for x in leads.list_leads(actor=gerente, responsavel_id=int(v.parametros["responsavel_id"])).items
    ] == ["Do colega"]


def test_sem_nome_lista_invalida_e_limite(vendedor, monkeypatch):
    with pytest.raises(Invalid) as e:
        visoes.create(actor=vendedor, data=_visao("leads", "   "))
    assert e.value.extra["campo"] == "nome"
    with pytest.raises(Invalid) as e:
        visoes.list_visoes(actor=vendedor, lista="usuarios")
    assert e.value.extra["campo"] == "lista"
    monkeypatch.setattr(visoes, "MAX_VISOES", 2)
    visoes.create(actor=vendedor, data=_visao("leads", "a"))
    visoes.create(actor=vendedor, data=_visao("leads", "b"))
    with pytest.raises(Invalid) as e:
        visoes.create(actor=vendedor, data=_visao("leads", "c"))
    assert e.value.code == "visoes_demais"
