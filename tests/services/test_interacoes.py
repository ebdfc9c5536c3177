"""Interações: timeline order and paging, author, permission following the parent, tasks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aurora_app.models.interacao import InteracaoCreate
from aurora_app.services import clientes, interacoes
from aurora_app.services.errors import Forbidden, Invalid, NotFound
from aurora_app.services.validacao import validar
from tests.builders import actor_of, cria_cliente, cria_lead, usuario


def nota(texto="Ligou pedindo proposta", **kw):
    return InteracaoCreate(descricao=texto, **kw)


def test_timeline_do_cliente_mais_recente_primeiro_com_autor(vendedor, outro):
    c = cria_cliente(vendedor)
    ids = [interacoes.add(actor=vendedor, cliente_id=c.id, data=nota(f"n{i}")).id for i in range(7)]
    # reading all clientes implies commenting on them: another vendedor may add to the timeline
    de_outro = interacoes.add(actor=outro, cliente_id=c.id, data=nota("visita", tipo="reuniao"))
    assert de_outro.autor_id == outro.id and de_outro.autor_nome == outro.nome
    vistos = []
    cursor = None
    while True:
        page = interacoes.list_interacoes(actor=vendedor, cliente_id=c.id, limite=3, cursor=cursor)
        assert page.total == 8
        vistos += page.items
        cursor = page.next_cursor
        if not cursor:
            break
    assert [i.id for i in vistos] == [de_outro.id, *reversed(ids)]
    assert vistos[-1].autor_nome == vendedor.nome


def test_lead_so_de_quem_ve_o_lead(vendedor, outro, gerente):
    lead = cria_lead(vendedor)
    i = interacoes.add(actor=vendedor, lead_id=lead.id, data=nota(tipo="ligacao"))
    assert i.lead_id == lead.id and i.cliente_id is None
    with pytest.raises(NotFound):
        interacoes.add(actor=outro, lead_id=lead.id, data=nota())
    with pytest.raises(NotFound):
        interacoes.list_interacoes(actor=outro, lead_id=lead.id)
    assert interacoes.list_interacoes(actor=gerente, lead_id=lead.id).total == 1
    interacoes.add(actor=gerente, lead_id=lead.id, data=nota("coaching"))
    assert interacoes.list_interacoes(actor=vendedor, lead_id=lead.id).total == 2


def test_tarefa_concluida(vendedor, outro, gerente):
    c = cria_cliente(vendedor)
    vence = datetime.now(UTC) + timedelta(days=2)
    t = interacoes.add(
        actor=outro, cliente_id=c.id, data=InteracaoCreate(tipo="tarefa", descricao="Enviar contrato", vence_em=vence)
    )
    assert t.vence_em == vence and not t.concluida
    feita = interacoes.set_concluida(actor=outro, interacao_id=t.id, concluida=True)  # the author
    assert feita.concluida and feita.concluida_em is not None
    aberta = interacoes.set_concluida(actor=vendedor, interacao_id=t.id, concluida=False)  # the responsável
    assert not aberta.concluida and aberta.concluida_em is None
    assert interacoes.set_concluida(actor=gerente, interacao_id=t.id, concluida=True).concluida
    terceiro = actor_of(usuario("vendedor"))
    with pytest.raises(Forbidden):
        interacoes.set_concluida(actor=terceiro, interacao_id=t.id, concluida=True)
    n = interacoes.add(actor=vendedor, cliente_id=c.id, data=nota())
    with pytest.raises(Invalid) as exc:
        interacoes.set_concluida(actor=vendedor, interacao_id=n.id, concluida=True)
    assert exc.value.code == "nao_e_tarefa"
    with pytest.raises(NotFound):
        interacoes.set_concluida(actor=vendedor, interacao_id=999_999, concluida=True)


def test_tarefa_de_lead_alheio_e_404(vendedor, outro):
    lead = cria_lead(vendedor)
    t = interacoes.add(actor=vendedor, lead_id=lead.id, data=InteracaoCreate(tipo="tarefa", descricao="x"))
    with pytest.raises(NotFound):
        interacoes.set_concluida(actor=outro, interacao_id=t.id, concluida=True)


def test_validacoes(vendedor):
    c = cria_cliente(vendedor)
    with pytest.raises(Invalid):
        interacoes.add(actor=vendedor, data=nota())
    with pytest.raises(Invalid):
        interacoes.add(actor=vendedor, cliente_id=c.id, lead_id=1, data=nota())
    with pytest.raises(NotFound):
        interacoes.add(actor=vendedor, cliente_id=999_999, data=nota())
    for bad in (
        {"descricao": ""},
        {"descricao": "x", "tipo": "fax"},
        {"descricao": "x" * 5001},
        {"descricao": "x", "tipo": "nota", "vence_em": "2026-12-01T10:00:00Z"},
    ):
        with pytest.raises(Invalid):
            validar(InteracaoCreate, bad)
    clientes.delete(actor=vendedor, cliente_id=c.id)
    with pytest.raises(NotFound):
        interacoes.list_interacoes(actor=vendedor, cliente_id=c.id)


def test_cada_escrita_enfileira_a_ingestao_da_ia_sem_tocar_no_chroma(vendedor, monkeypatch):
    from aurora_app.ai_core import ingestion, store

    def chroma(*_a, **_k):
        raise AssertionError("a request must never call Chroma")

    monkeypatch.setattr(store, "upsert", chroma)
    c = cria_cliente(vendedor)
    antes = ingestion.pending()
    i = interacoes.add(actor=vendedor, cliente_id=c.id, data=nota())
    assert ingestion.pending() == antes + 1
    with pytest.raises(NotFound):  # a failed write queues nothing
        interacoes.add(actor=vendedor, cliente_id=999_999, data=nota())
    assert ingestion.pending() == antes + 1
    assert i.id
