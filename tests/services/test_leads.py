"""Leads service: visibility by role, stages, exact money, versioning, conversion, kanban board."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Cliente, Lead
from aurora_app.models.cliente import ClienteCreate
from aurora_app.models.lead import LeadCreate, LeadUpdate
from aurora_app.services import clientes, leads
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from aurora_app.services.validacao import validar
from tests.builders import cria_lead, mascarar, novo_cnpj


def test_create_valor_exato_e_json_como_texto(vendedor):
    lead = cria_lead(vendedor, valor=0.1, cnpj="12.abc.345/01de-35", origem="Indicacao")
    assert lead.valor == Decimal("0.10") and lead.origem == "indicacao" and lead.cnpj == "12ABC34501DE35"
    assert lead.model_dump(mode="json")["valor"] == "0.10"
    big = cria_lead(vendedor, valor="999999999999.99")
    assert leads.get(actor=vendedor, lead_id=big.id).valor == Decimal("999999999999.99")
    br = cria_lead(vendedor, valor="1.234,56")
    assert br.valor == Decimal("1234.56")
    assert lead.estagio == "novo" and lead.fechado_em is None and lead.responsavel_id == vendedor.id


@pytest.mark.parametrize("valor", ["-1", "1.234", "abc", "NaN", "1e20", True])
def test_valor_invalido(valor):
    with pytest.raises(Invalid):
        validar(LeadCreate, {"nome": "X", "valor": valor})


def test_cnpj_do_lead_validado(vendedor):
    with pytest.raises(Invalid) as exc:
        cria_lead(vendedor, cnpj="11.222.333/0001-00")
    assert exc.value.code == "cnpj_invalido"
    assert cria_lead(vendedor, cnpj="").cnpj is None


def test_vendedor_ve_so_os_seus(vendedor, outro, gerente, admin):
    meu = cria_lead(vendedor)
    dele = cria_lead(outro)
    assert [x.id for x in leads.list_leads(actor=vendedor).items] == [meu.id]
    assert leads.list_leads(actor=vendedor).total == 1
    # even asking for someone else's explicitly, nothing leaks
    assert leads.list_leads(actor=vendedor, responsavel_id=outro.id).total == 0
    for call in (
        lambda: leads.get(actor=vendedor, lead_id=dele.id),
        lambda: leads.update(actor=vendedor, lead_id=dele.id, data=LeadUpdate(versao=1, nome="x")),
        lambda: leads.move(actor=vendedor, lead_id=dele.id, estagio="proposta"),
        lambda: leads.delete(actor=vendedor, lead_id=dele.id),
        lambda: leads.converter(actor=vendedor, lead_id=dele.id),
    ):
        with pytest.raises(NotFound):
            call()
    for chefe in (gerente, admin):
        assert leads.list_leads(actor=chefe).total == 2
        assert leads.list_leads(actor=chefe, responsavel_id=outro.id).total == 1
        assert leads.get(actor=chefe, lead_id=dele.id).id == dele.id
    assert leads.update(actor=gerente, lead_id=dele.id, data=LeadUpdate(versao=1, valor="5")).valor == Decimal("5.00")


def test_responsavel_do_lead(vendedor, outro, gerente):
    with pytest.raises(Forbidden):
        cria_lead(vendedor, responsavel_id=outro.id)
    lead = cria_lead(gerente, responsavel_id=outro.id)
    assert lead.responsavel_id == outro.id and lead.responsavel_nome == outro.nome
    with pytest.raises(Forbidden):
        leads.update(actor=outro, lead_id=lead.id, data=LeadUpdate(versao=1, responsavel_id=vendedor.id))
    moved = leads.update(actor=gerente, lead_id=lead.id, data=LeadUpdate(versao=1, responsavel_id=vendedor.id))
    assert moved.responsavel_id == vendedor.id
    with pytest.raises(NotFound):
        leads.get(actor=outro, lead_id=lead.id)


def test_estagios_fechamento_e_reabertura(vendedor):
    lead = cria_lead(vendedor)
    q = leads.move(actor=vendedor, lead_id=lead.id, estagio="qualificado")
    assert q.estagio == "qualificado" and q.fechado_em is None and q.versao == 2
    with pytest.raises(Invalid) as exc:
        leads.move(actor=vendedor, lead_id=lead.id, estagio="perdido")
    assert exc.value.code == "motivo_perda_obrigatorio"
    p = leads.move(actor=vendedor, lead_id=lead.id, estagio="perdido", motivo_perda="Preço")
    assert p.fechado_em is not None and p.motivo_perda == "Preço"
    r = leads.move(actor=vendedor, lead_id=lead.id, estagio="negociacao")
    assert r.fechado_em is None and r.motivo_perda is None
    g = leads.move(actor=vendedor, lead_id=lead.id, estagio="ganho")
    assert g.fechado_em is not None
    with pytest.raises(Invalid) as exc:
        leads.move(actor=vendedor, lead_id=lead.id, estagio="fechado")
    assert exc.value.code == "estagio_invalido"
    with pytest.raises(Conflict):
        leads.move(actor=vendedor, lead_id=lead.id, estagio="novo", versao=1)


def test_update_estagio_via_patch_segue_as_regras(vendedor):
    lead = cria_lead(vendedor)
    with pytest.raises(Invalid):
        leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(versao=1, estagio="perdido"))
    u = leads.update(
        actor=vendedor, lead_id=lead.id, data=LeadUpdate(versao=1, estagio="perdido", motivo_perda="Sem verba")
    )
    assert u.fechado_em is not None
    with pytest.raises(Conflict) as exc:
        leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(versao=1, nome="velho"))
    assert exc.value.code == "conflito_versao"
    with pytest.raises(Invalid):
        validar(LeadUpdate, {"versao": 2, "estagio": "inexistente"})
    criado_perdido = cria_lead(vendedor, estagio="perdido", motivo_perda="x")
    assert criado_perdido.fechado_em is not None


def test_updates_concorrentes(vendedor):
    lead = cria_lead(vendedor)
    barrier = threading.Barrier(6)

    def tenta(i):
        barrier.wait()
        try:
            return leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(versao=1, valor=str(i)))
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(tenta, range(6)))
    assert sum(not isinstance(r, Conflict) for r in results) == 1


def test_busca_e_filtros(vendedor):
    a = cria_lead(vendedor, nome="Expansão Ipê", empresa="Ipê Ferragens", cnpj="11.222.333/0001-81")
    b = cria_lead(vendedor, nome="Renovação", contato="José Conceição", estagio="proposta")
    assert [x.id for x in leads.list_leads(actor=vendedor, busca="ipe").items] == [a.id]
    assert [x.id for x in leads.list_leads(actor=vendedor, busca="11.222.333").items] == [a.id]
    assert [x.id for x in leads.list_leads(actor=vendedor, busca="conceicao").items] == [b.id]
    assert [x.id for x in leads.list_leads(actor=vendedor, estagio="proposta").items] == [b.id]
    with pytest.raises(Invalid):
        leads.list_leads(actor=vendedor, estagio="xyz")


def test_soft_delete(vendedor):
    lead = cria_lead(vendedor)
    leads.delete(actor=vendedor, lead_id=lead.id)
    with pytest.raises(NotFound):
        leads.get(actor=vendedor, lead_id=lead.id)
    assert leads.list_leads(actor=vendedor).total == 0


def test_converter_cria_cliente(vendedor):
    cnpj = novo_cnpj()
    lead = cria_lead(
        vendedor,
        nome="Contrato anual",
        empresa="Nova Cliente Ltda",
        cnpj=mascarar(cnpj),
        email="compras@nova.com.br",
        estagio="negociacao",
    )
    conv = leads.converter(actor=vendedor, lead_id=lead.id)
    assert conv.cliente_criado and conv.cliente.cnpj == cnpj and conv.cliente.razao_social == "Nova Cliente Ltda"
    assert conv.cliente.responsavel_id == vendedor.id and conv.cliente.email == "compras@nova.com.br"
    assert conv.lead.estagio == "ganho" and conv.lead.cliente_id == conv.cliente.id and conv.lead.fechado_em
    again = leads.converter(actor=vendedor, lead_id=lead.id)  # idempotent
    assert again.cliente.id == conv.cliente.id and not again.cliente_criado


def test_converter_reusa_cliente_existente(vendedor, outro):
    existente = clientes.create(actor=outro, data=ClienteCreate(cnpj=novo_cnpj(), razao_social="Já Cliente"))
    lead = cria_lead(vendedor, cnpj=existente.cnpj)
    conv = leads.converter(actor=vendedor, lead_id=lead.id)
    assert not conv.cliente_criado and conv.cliente.id == existente.id
    with session_scope() as s:
        assert len(s.execute(select(Cliente.id).where(Cliente.cnpj == existente.cnpj)).all()) == 1


def test_converter_lead_perdido_e_409_ate_reabrir(vendedor):
    """A lost lead is never turned into a win by a conversion (SPEC §4): 409 until reopened."""
    lead = cria_lead(vendedor, cnpj=novo_cnpj(), estagio="perdido", motivo_perda="Preço")
    with pytest.raises(Conflict) as exc:
        leads.converter(actor=vendedor, lead_id=lead.id)
    assert exc.value.code == "lead_perdido" and "reabra" in exc.value.detail
    intacto = leads.get(actor=vendedor, lead_id=lead.id)
    assert (intacto.estagio, intacto.motivo_perda, intacto.cliente_id) == ("perdido", "Preço", None)
    with session_scope() as s:
        assert s.execute(select(Cliente.id).where(Cliente.cnpj == lead.cnpj)).first() is None
    leads.move(actor=vendedor, lead_id=lead.id, estagio="negociacao")
    assert leads.converter(actor=vendedor, lead_id=lead.id).lead.estagio == "ganho"


def test_converter_sem_cnpj_e_422(vendedor):
    lead = cria_lead(vendedor)
    with pytest.raises(Invalid) as exc:
        leads.converter(actor=vendedor, lead_id=lead.id)
    assert exc.value.code == "lead_sem_cnpj" and "CNPJ" in exc.value.detail


def test_conversoes_concorrentes_do_mesmo_cnpj(vendedor):
    cnpj = novo_cnpj()
    ids = [cria_lead(vendedor, cnpj=cnpj).id for _ in range(6)]
    barrier = threading.Barrier(6)

    def conv(lead_id):
        barrier.wait()
        return leads.converter(actor=vendedor, lead_id=lead_id)

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(conv, ids))
    assert len({r.cliente.id for r in results}) == 1
    assert sum(r.cliente_criado for r in results) == 1


def test_board(vendedor, outro, gerente):
    for estagio, valor in [("novo", "10.10"), ("novo", "20.20"), ("proposta", "100"), ("ganho", "0.01")]:
        cria_lead(vendedor, estagio=estagio, valor=valor)
    cria_lead(outro, estagio="novo", valor="999")
    meu = leads.board(actor=vendedor, por_estagio=1)
    assert list(meu) == ["novo", "qualificado", "proposta", "negociacao", "ganho", "perdido"]
    assert meu["novo"].count == 2 and meu["novo"].total_valor == Decimal("30.30")
    assert len(meu["novo"].items) == 1 and meu["novo"].next_cursor
    rest = leads.board(actor=vendedor, por_estagio=1, estagio="novo", cursor=meu["novo"].next_cursor)["novo"]
    assert len(rest.items) == 1 and rest.items[0].id != meu["novo"].items[0].id and rest.next_cursor is None
    assert meu["qualificado"].count == 0 and meu["qualificado"].items == []
    assert meu["ganho"].model_dump(mode="json")["total_valor"] == "0.01"
    todos = leads.board(actor=gerente)
    assert todos["novo"].count == 3 and todos["novo"].total_valor == Decimal("1029.30")
    assert leads.board(actor=gerente, responsavel_id=outro.id)["novo"].count == 1
    assert leads.board(actor=vendedor, responsavel_id=outro.id)["novo"].count == 0


def test_board_com_busca_conta_so_o_que_casa(vendedor, gerente):
    """The board's search narrows cards, counts and totals alike (and a write shows at once)."""
    cria_lead(vendedor, nome="Frota Refrigerada Sul", estagio="novo", valor="100")
    cria_lead(vendedor, nome="Frota Leve Norte", estagio="proposta", valor="50.50")
    cria_lead(vendedor, nome="Licenças Escritório", estagio="novo", valor="7")
    frota = leads.board(actor=gerente, busca="frota")
    assert frota["novo"].count == 1 and frota["novo"].total_valor == Decimal("100.00")
    assert frota["proposta"].count == 1 and frota["proposta"].total_valor == Decimal("50.50")
    assert [i.nome for i in frota["novo"].items] == ["Frota Refrigerada Sul"]
    assert leads.board(actor=gerente)["novo"].count == 2  # the cache keeps searches apart
    cria_lead(vendedor, nome="Frota Pesada", estagio="novo", valor="1")
    assert leads.board(actor=gerente, busca="frota")["novo"].count == 2
    assert leads.board(actor=vendedor, busca="nada disso")["novo"].count == 0


def test_valor_persistido_em_numeric(vendedor):
    lead = cria_lead(vendedor, valor="1234.56")
    with session_scope() as s:
        assert s.get(Lead, lead.id).valor == Decimal("1234.56")


def test_auditoria_registra_so_o_que_mudou_de_para(vendedor, gerente, outro):
    """A form sends every field; the audit names only the changed ones, with old → new values."""
    import json

    from aurora_app.models import Auditoria

    lead = cria_lead(vendedor, nome="Contrato X", valor="1500.00", origem="site")
    tudo = {
        "nome": "Contrato X",
        "empresa": None,
        "cnpj": None,
        "contato": None,
        "email": None,
        "telefone": None,
        "origem": "site",
        "valor": "1500",
        "previsao_fechamento": None,
        "responsavel_id": outro.id,
    }
    leads.update(actor=gerente, lead_id=lead.id, data=LeadUpdate(versao=1, **tudo))
    leads.update(actor=gerente, lead_id=lead.id, data=LeadUpdate(versao=2, **{**tudo, "responsavel_id": outro.id}))
    with session_scope() as s:
        rows = (
            s.execute(select(Auditoria).where(Auditoria.acao == "lead_alterado", Auditoria.entidade_id == str(lead.id)))
            .scalars()
            .all()
        )
    assert len(rows) == 1  # the second save changed nothing
    detalhes = json.loads(rows[0].detalhes)
    assert list(detalhes["mudancas"]) == ["responsavel_id"]
    de, para = detalhes["mudancas"]["responsavel_id"]["de"], detalhes["mudancas"]["responsavel_id"]["para"]
    assert de.endswith(f"(#{vendedor.id})") and para.endswith(f"(#{outro.id})")


def test_filtros_de_origem_valor_e_previsao(vendedor, gerente):
    """Origin, value range and expected close date narrow the list and its total; bounds inclusive;
    a bad value or an inverted range is a 422 naming the field."""
    from datetime import date

    a = cria_lead(vendedor, valor="500.00", origem="site", previsao_fechamento="2026-12-10")
    b = cria_lead(vendedor, valor="1500.00", origem="site", previsao_fechamento="2027-01-15")
    c = cria_lead(vendedor, valor="1500.00", origem="evento")
    ids = lambda **f: {x.id for x in leads.list_leads(actor=gerente, limite=200, **f).items}  # noqa: E731
    assert ids(origem="site") == {a.id, b.id}
    assert ids(valor_min="1.000,00") == {b.id, c.id} and ids(valor_max=500) == {a.id}
    assert ids(valor_min="500", valor_max="1500") >= {a.id, b.id, c.id}
    assert ids(previsao_de="2026-12-01", previsao_ate=date(2026, 12, 31)) == {a.id}
    assert ids(origem="site", valor_min="1000", previsao_de="2027-01-01") == {b.id}
    assert leads.list_leads(actor=gerente, origem="Site", valor_min="1000").total == 1
    assert ids(valor_min="1.000") == ids(valor_min="R$ 1.000,00") == {b.id, c.id}  # pt-BR thousands
    for filtros, campo in (
        ({"valor_min": "abc"}, "valor_min"),
        ({"valor_min": "2000", "valor_max": "10"}, "valor_min"),
        ({"previsao_de": "2027-02-01", "previsao_ate": "2027-01-01"}, "previsao_de"),
        ({"previsao_ate": "31/12/2026"}, "previsao_ate"),
        ({"previsao_de": "1800-01-01"}, "previsao_de"),
        ({"origem": "tv"}, "origem"),
    ):
        with pytest.raises(Invalid) as exc:
            leads.list_leads(actor=gerente, **filtros)
        assert exc.value.extra["campo"] == campo, filtros


@pytest.mark.parametrize("ordem", ["valor", "-valor", "previsao_fechamento", "-previsao_fechamento", "criado_em"])
def test_ordenar_pagina_por_chave_sem_perder_nem_repetir(gerente, ordem):
    """Keyset paging per sort order: ties (same value) and missing dates (sorted after every date)
    page through without a lead lost or repeated; a cursor of another order is a 422."""
    valores = ["100.00", "100.00", "50.00", "900.00", "100.00", "0.00", "900.00"]
    datas = ["2027-01-10", None, "2026-12-20", None, "2027-01-10", "2027-05-01", None]
    for i, (v, d) in enumerate(zip(valores, datas, strict=True)):
        cria_lead(gerente, nome=f"Ordem {i}", valor=v, previsao_fechamento=d)
    vistos, cursor = [], None
    while True:
        pagina = leads.list_leads(actor=gerente, busca="Ordem", ordem=ordem, limite=2, cursor=cursor)
        assert pagina.total == 7
        vistos += pagina.items
        cursor = pagina.next_cursor
        if not cursor:
            break
    assert len({x.id for x in vistos}) == 7
    campo, desc = ordem.lstrip("-"), ordem.startswith("-")

    def chave(x):
        valor = getattr(x, campo)
        if campo == "previsao_fechamento":
            valor = valor or date(9999, 12, 31)
        return (valor, x.id)

    assert [x.id for x in vistos] == [x.id for x in sorted(vistos, key=chave, reverse=desc)]
    outro = leads.list_leads(actor=gerente, busca="Ordem", ordem="valor", limite=2).next_cursor
    with pytest.raises(Invalid):
        leads.list_leads(actor=gerente, ordem="-valor", cursor=outro)
    with pytest.raises(Invalid) as exc:
        leads.list_leads(actor=gerente, ordem="nome; drop table lead")
    assert exc.value.code == "ordem_invalida"
