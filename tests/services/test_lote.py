"""Bulk actions on leads: each record checked and audited on its own, failures reported per id."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import func, select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria
from aurora_app.models.lote import LoteLeads
from aurora_app.services import leads, lote
from tests.builders import actor_of, cria_lead, usuario


def _auditados(acao):
    with session_scope() as s:
        return s.execute(select(func.count()).select_from(Auditoria).where(Auditoria.acao == acao)).scalar_one()


def test_reatribuir(vendedor, outro, gerente):
    meus = [cria_lead(vendedor) for _ in range(3)]
    inativo = usuario("vendedor", ativo=False)
    r = lote.leads_em_lote(
        actor=gerente,
        data=LoteLeads(ids=[m.id for m in meus] + [999_999, meus[0].id], acao="reatribuir", responsavel_id=outro.id),
    )
    assert r.atualizados == 3 and [(e.id, e.code) for e in r.erros] == [(999_999, "nao_encontrado")]
    assert {leads.get(actor=gerente, lead_id=m.id).responsavel_id for m in meus} == {outro.id}
    assert _auditados("lead_alterado") == 3
    r = lote.leads_em_lote(
        actor=gerente, data=LoteLeads(ids=[meus[0].id], acao="reatribuir", responsavel_id=inativo.id)
    )
    assert r.atualizados == 0 and r.erros[0].code == "responsavel_invalido"
    # a vendedor may not transfer: their own lead → 403, someone else's → 404 (ids don't leak)
    proprio = cria_lead(vendedor)
    r = lote.leads_em_lote(
        actor=vendedor, data=LoteLeads(ids=[proprio.id, meus[1].id], acao="reatribuir", responsavel_id=outro.id)
    )
    assert r.atualizados == 0 and [e.code for e in r.erros] == ["sem_permissao", "nao_encontrado"]
    assert leads.get(actor=vendedor, lead_id=proprio.id).responsavel_id == vendedor.id


def test_mover(vendedor, outro):
    meus = [cria_lead(vendedor) for _ in range(2)]
    alheio = cria_lead(outro)
    r = lote.leads_em_lote(
        actor=vendedor, data=LoteLeads(ids=[m.id for m in meus] + [alheio.id], acao="mover", estagio="proposta")
    )
    assert r.atualizados == 2 and [(e.id, e.code) for e in r.erros] == [(alheio.id, "nao_encontrado")]
    assert {leads.get(actor=vendedor, lead_id=m.id).estagio for m in meus} == {"proposta"}
    assert leads.get(actor=outro, lead_id=alheio.id).estagio == "novo"
    assert _auditados("lead_movido") == 2
    r = lote.leads_em_lote(actor=vendedor, data=LoteLeads(ids=[meus[0].id], acao="mover", estagio="perdido"))
    assert r.erros[0].code == "motivo_perda_obrigatorio" and r.erros[0].detail
    r = lote.leads_em_lote(
        actor=vendedor, data=LoteLeads(ids=[meus[0].id], acao="mover", estagio="perdido", motivo_perda="Preço")
    )
    assert r.atualizados == 1 and leads.get(actor=vendedor, lead_id=meus[0].id).motivo_perda == "Preço"


def test_excluir_manda_para_a_lixeira(vendedor, outro):
    """Each lead deleted through the single-record use case (trash, audit); someone else's is a 404."""
    from aurora_app.services import lixeira

    meus = [cria_lead(vendedor) for _ in range(2)]
    alheio = cria_lead(outro)
    r = lote.leads_em_lote(actor=vendedor, data=LoteLeads(ids=[m.id for m in meus] + [alheio.id], acao="excluir"))
    assert r.atualizados == 2 and [(e.id, e.code) for e in r.erros] == [(alheio.id, "nao_encontrado")]
    assert _auditados("lead_removido") == 2
    na_lixeira = {item.id for item in lixeira.list_lixeira(actor=vendedor, tipo="lead").items}
    assert {m.id for m in meus} <= na_lixeira
    assert leads.get(actor=outro, lead_id=alheio.id).id == alheio.id


def test_pedido_invalido():
    for body in (
        {"ids": [], "acao": "mover", "estagio": "novo"},
        {"ids": [1], "acao": "apagar"},
        {"ids": [1], "acao": "mover"},
        {"ids": [1], "acao": "reatribuir"},
        {"ids": list(range(1, 202)), "acao": "mover", "estagio": "novo"},
        {"ids": [0], "acao": "mover", "estagio": "novo"},
        {"ids": [1], "acao": "mover", "estagio": "x"},
    ):
        with pytest.raises(ValidationError):
            LoteLeads.model_validate(body)
    assert LoteLeads(ids=[3, 1, 3], acao="mover", estagio="novo").ids == [3, 1]


def test_gerente_nao_precisa_de_versao(gerente):
    dono = actor_of(usuario("vendedor"))
    lead = cria_lead(dono)
    leads.move(actor=dono, lead_id=lead.id, estagio="qualificado")  # the version moved on meanwhile
    r = lote.leads_em_lote(actor=gerente, data=LoteLeads(ids=[lead.id], acao="reatribuir", responsavel_id=gerente.id))
    assert r.atualizados == 1 and r.erros == []


def test_clientes_em_lote(vendedor, outro, gerente):
    """Reassign and delete many clientes: each through the single-record rules (a vendedor may not
    transfer; someone else's cliente may not be deleted by a vendedor), each audited."""
    from aurora_app.models.lote import LoteClientes
    from aurora_app.services import clientes
    from tests.builders import cria_cliente

    meus = [cria_cliente(vendedor) for _ in range(3)]
    r = lote.clientes_em_lote(
        actor=gerente,
        data=LoteClientes(ids=[c.id for c in meus] + [999_999], acao="reatribuir", responsavel_id=outro.id),
    )
    assert r.atualizados == 3 and [(e.id, e.code) for e in r.erros] == [(999_999, "nao_encontrado")]
    assert {clientes.get(actor=gerente, cliente_id=c.id).responsavel_id for c in meus} == {outro.id}
    assert _auditados("cliente_alterado") == 3
    proprio = cria_cliente(vendedor)
    r = lote.clientes_em_lote(
        actor=vendedor, data=LoteClientes(ids=[proprio.id], acao="reatribuir", responsavel_id=outro.id)
    )
    assert [e.code for e in r.erros] == ["sem_permissao"]
    r = lote.clientes_em_lote(actor=vendedor, data=LoteClientes(ids=[proprio.id, meus[0].id], acao="excluir"))
    assert r.atualizados == 1 and [(e.id, e.code) for e in r.erros] == [(meus[0].id, "sem_permissao")]
    assert _auditados("cliente_removido") == 1
    with pytest.raises(ValidationError):
        LoteClientes(ids=[1], acao="reatribuir")
    with pytest.raises(ValidationError):
        LoteClientes(ids=[1], acao="mover")
