"""Global search: clientes by name or CNPJ, leads only the caller's, contacts; accents and case folded."""

from __future__ import annotations

import pytest

from aurora_app.models.contato import ContatoCreate
from aurora_app.services import busca, clientes, contatos
from aurora_app.services.errors import Invalid
from tests.builders import cria_cliente, cria_lead, mascarar


def test_busca_global(vendedor, outro, gerente):
    brisa = cria_cliente(outro, razao_social="Hotel Brisa do Mar Ltda", nome_fantasia="Brisa do Mar")
    cria_cliente(outro, razao_social="Padaria Ipê")
    meu = cria_lead(vendedor, nome="Implantação Brisa", cliente_id=brisa.id)
    alheio = cria_lead(outro, nome="Renovação brisa")
    k = contatos.create(
        actor=outro, cliente_id=brisa.id, data=ContatoCreate(nome="Márcia Brisão", email="marcia@brisa.com.br")
    )
    r = busca.buscar(actor=vendedor, q="BRISA")
    assert [c.id for c in r.clientes] == [brisa.id]
    assert [lead.id for lead in r.leads] == [meu.id]  # not the other vendedor's lead
    assert [c.id for c in r.contatos] == [k.id] and r.contatos[0].cliente_nome == "Brisa do Mar"
    assert {lead.id for lead in busca.buscar(actor=gerente, q="brisa").leads} == {meu.id, alheio.id}
    # CNPJ with or without mask, e-mail, accents
    assert [c.id for c in busca.buscar(actor=vendedor, q=mascarar(brisa.cnpj)).clientes] == [brisa.id]
    assert [c.id for c in busca.buscar(actor=vendedor, q=brisa.cnpj[:8]).clientes] == [brisa.id]
    assert [c.id for c in busca.buscar(actor=vendedor, q="marcia@brisa").contatos] == [k.id]
    assert [c.razao_social for c in busca.buscar(actor=vendedor, q="ipe").clientes] == ["Padaria Ipê"]
    # removed records are not found
    clientes.delete(actor=outro, cliente_id=brisa.id)
    r = busca.buscar(actor=vendedor, q="brisa")
    assert r.clientes == [] and r.contatos == [] and [lead.id for lead in r.leads] == [meu.id]


def test_limite_e_entradas_ruins(vendedor):
    for i in range(7):
        cria_cliente(vendedor, razao_social=f"Mercado Sol {i}")
    assert len(busca.buscar(actor=vendedor, q="mercado sol").clientes) == 5
    assert len(busca.buscar(actor=vendedor, q="mercado sol", limite=20).clientes) == 7
    for q, limite in (("", 5), ("   ", 5), (None, 5), ("m", 5), ("x" * 201, 5), ("sol", 0), ("sol", 21)):
        with pytest.raises(Invalid):
            busca.buscar(actor=vendedor, q=q, limite=limite)
    assert busca.buscar(actor=vendedor, q="100%_\\").clientes == []  # LIKE wildcards are literal
