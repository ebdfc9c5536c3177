"""Contatos: who may edit follows the cliente, LGPD basis and consent, soft delete, audit; a
lead tied to a cliente and one of its contacts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria
from aurora_app.models.contato import ContatoCreate, ContatoUpdate
from aurora_app.models.lead import LeadCreate, LeadUpdate
from aurora_app.services import clientes, contatos, leads
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.builders import cria_cliente, cria_lead


def _contato(actor, cliente_id, **kw):
    return contatos.create(actor=actor, cliente_id=cliente_id, data=ContatoCreate(**{"nome": "Maria Souza", **kw}))


def _acoes(entidade_id):
    with session_scope() as s:
        return (
            s.execute(
                select(Auditoria.acao)
                .where(Auditoria.entidade == "contato", Auditoria.entidade_id == str(entidade_id))
                .order_by(Auditoria.id)
            )
            .scalars()
            .all()
        )


def test_crud_do_responsavel_com_auditoria(vendedor):
    c = cria_cliente(vendedor)
    novo = _contato(
        vendedor, c.id, cargo="Compras", email="Maria@Brisa.com.br", telefone="(11) 98765-4321", whatsapp="11987654321"
    )
    assert (novo.cliente_id, novo.base_legal, novo.email, novo.telefone) == (
        c.id,
        "legitimo_interesse",
        "maria@brisa.com.br",
        "11987654321",
    )
    alterado = contatos.update(actor=vendedor, contato_id=novo.id, data=ContatoUpdate(cargo="Diretora", versao=1))
    assert alterado.cargo == "Diretora" and alterado.versao == 2
    with pytest.raises(Conflict) as exc:
        contatos.update(actor=vendedor, contato_id=novo.id, data=ContatoUpdate(cargo="x", versao=1))
    assert exc.value.code == "conflito_versao"
    assert contatos.update(actor=vendedor, contato_id=novo.id, data=ContatoUpdate(nome="Maria S.")).nome == "Maria S."
    contatos.delete(actor=vendedor, contato_id=novo.id)
    with pytest.raises(NotFound):
        contatos.get(actor=vendedor, contato_id=novo.id)
    assert contatos.list_contatos(actor=vendedor, cliente_id=c.id).total == 0
    assert _acoes(novo.id) == ["contato_criado", "contato_alterado", "contato_alterado", "contato_removido"]


def test_quem_edita_segue_o_cliente(vendedor, outro, gerente):
    c = cria_cliente(vendedor)
    k = _contato(vendedor, c.id)
    # another vendedor reads (everyone reads every cliente) but may not write
    assert contatos.get(actor=outro, contato_id=k.id).nome == "Maria Souza"
    assert [i.id for i in contatos.list_contatos(actor=outro, cliente_id=c.id).items] == [k.id]
    for call in (
        lambda: _contato(outro, c.id),
        lambda: contatos.update(actor=outro, contato_id=k.id, data=ContatoUpdate(cargo="x")),
        lambda: contatos.delete(actor=outro, contato_id=k.id),
    ):
        with pytest.raises(Forbidden):
            call()
    assert contatos.update(actor=gerente, contato_id=k.id, data=ContatoUpdate(cargo="CFO")).cargo == "CFO"
    _contato(gerente, c.id, nome="Outro")
    assert contatos.list_contatos(actor=vendedor, cliente_id=c.id).total == 2


def test_base_legal_e_consentimento(vendedor):
    c = cria_cliente(vendedor)
    with pytest.raises(ValidationError):
        ContatoCreate(nome="x", base_legal="porque_sim")
    with pytest.raises(ValidationError, match="consentimento_em"):
        ContatoCreate(nome="x", base_legal="consentimento")
    quando = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    k = _contato(
        vendedor,
        c.id,
        base_legal="consentimento",
        consentimento_em=quando,
        consentimento_origem="Formulário do site, caixa marcada",
    )
    assert k.base_legal == "consentimento" and k.consentimento_em == quando
    k2 = _contato(vendedor, c.id, base_legal="execucao_contrato")
    with pytest.raises(Invalid) as exc:  # switching to consent without saying when and how
        contatos.update(actor=vendedor, contato_id=k2.id, data=ContatoUpdate(base_legal="consentimento"))
    assert exc.value.code == "consentimento_incompleto"


def test_cliente_removido_esconde_contatos(vendedor):
    c = cria_cliente(vendedor)
    k = _contato(vendedor, c.id)
    clientes.delete(actor=vendedor, cliente_id=c.id)
    with pytest.raises(NotFound):
        contatos.get(actor=vendedor, contato_id=k.id)
    with pytest.raises(NotFound):
        contatos.list_contatos(actor=vendedor, cliente_id=c.id)
    with pytest.raises(NotFound):
        _contato(vendedor, c.id)


def test_lead_ligado_a_cliente_e_contato(vendedor, outro, gerente):
    c = cria_cliente(vendedor, razao_social="Hotel Brisa do Mar Ltda", nome_fantasia="Brisa do Mar")
    outro_cliente = cria_cliente(vendedor)
    k = _contato(vendedor, c.id)
    # a vendedor may tie their lead to any cliente they can read (all), even someone else's
    lead = leads.create(actor=outro, data=LeadCreate(nome="Implantação Brisa do Mar", cliente_id=c.id, contato_id=k.id))
    assert (lead.cliente_id, lead.contato_id, lead.cnpj, lead.empresa) == (c.id, k.id, c.cnpj, "Brisa do Mar")
    # a contact alone brings its cliente
    so_contato = leads.create(actor=outro, data=LeadCreate(nome="Renovação", contato_id=k.id))
    assert so_contato.cliente_id == c.id
    with pytest.raises(Invalid) as exc:
        leads.create(actor=outro, data=LeadCreate(nome="x", cliente_id=outro_cliente.id, contato_id=k.id))
    assert exc.value.code == "contato_de_outro_cliente"
    with pytest.raises(NotFound):
        leads.create(actor=outro, data=LeadCreate(nome="x", cliente_id=999_999))
    # conversion reuses the cliente the lead is tied to: no second "Brisa do Mar"
    conv = leads.converter(actor=outro, lead_id=lead.id)
    assert conv.cliente.id == c.id and not conv.cliente_criado
    # changing the cliente drops the old cliente's contact
    mudou = leads.update(
        actor=outro, lead_id=so_contato.id, data=LeadUpdate(versao=so_contato.versao, cliente_id=outro_cliente.id)
    )
    assert (mudou.cliente_id, mudou.contato_id) == (outro_cliente.id, None)
    # the cliente's leads: only those the caller may see
    meu = cria_lead(vendedor, cliente_id=c.id)
    assert {i.id for i in leads.list_leads(actor=vendedor, cliente_id=c.id).items} == {meu.id}
    assert {i.id for i in leads.list_leads(actor=outro, cliente_id=c.id).items} == {lead.id}
    pagina = leads.list_leads(actor=gerente, cliente_id=c.id)
    assert pagina.total == 2 and {i.id for i in pagina.items} == {lead.id, meu.id}
