"""Automatic timeline entries: a lead's stage change, conversion and reassignment are recorded in
its timeline in the same transaction, by the system; users cannot edit or delete them."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from aurora_app.ai_core import ingestion
from aurora_app.core.db import session_scope
from aurora_app.models import Interacao
from aurora_app.models.interacao import InteracaoCreate, InteracaoUpdate
from aurora_app.models.lead import LeadUpdate
from aurora_app.models.lote import LoteLeads
from aurora_app.services import interacoes, leads, lote, tarefas
from aurora_app.services.errors import Conflict, Forbidden
from tests.builders import actor_of, cria_cliente, cria_lead, novo_cnpj, usuario


def _historico(actor, lead_id):
    return [i for i in interacoes.list_interacoes(actor=actor, lead_id=lead_id).items if i.sistema]


def _textos(actor, lead_id):
    return [i.descricao for i in reversed(_historico(actor, lead_id))]  # oldest first


def test_move_e_patch_de_estagio_registram(vendedor):
    lead = cria_lead(vendedor)
    leads.move(actor=vendedor, lead_id=lead.id, estagio="qualificado")
    leads.move(actor=vendedor, lead_id=lead.id, estagio="qualificado")  # no change: nothing written
    leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(estagio="proposta"))
    leads.move(actor=vendedor, lead_id=lead.id, estagio="perdido", motivo_perda="Preço")
    leads.update(actor=vendedor, lead_id=lead.id, data=LeadUpdate(nome="Outro nome"))  # not tracked
    assert _textos(vendedor, lead.id) == [
        "Estágio: Novo → Qualificado",
        "Estágio: Qualificado → Proposta",
        "Estágio: Proposta → Perdido (motivo: Preço)",
    ]
    entrada = _historico(vendedor, lead.id)[0]
    assert entrada.autor_id == vendedor.id and entrada.autor_nome == vendedor.nome and entrada.tipo == "nota"


def test_conversao_registra_uma_vez(vendedor):
    cliente = cria_cliente(vendedor, razao_social="Hotel X Ltda", nome_fantasia="Hotel X")
    lead = cria_lead(vendedor, cliente_id=cliente.id)
    leads.move(actor=vendedor, lead_id=lead.id, estagio="negociacao")
    leads.converter(actor=vendedor, lead_id=lead.id)
    leads.converter(actor=vendedor, lead_id=lead.id)  # idempotent: no second entry
    assert _textos(vendedor, lead.id) == [
        "Estágio: Novo → Negociação",
        "Convertido em cliente Hotel X (Estágio: Negociação → Ganho)",
    ]
    novo = cria_lead(vendedor, cnpj=novo_cnpj(), empresa="Padaria Sol")
    leads.move(actor=vendedor, lead_id=novo.id, estagio="ganho")
    leads.converter(actor=vendedor, lead_id=novo.id)
    assert _textos(vendedor, novo.id)[-1] == "Convertido em cliente Padaria Sol"


def test_reatribuicao_simples_e_em_lote(gerente):
    ana, bruno = usuario("vendedor", nome="Ana"), usuario("vendedor", nome="Bruno")
    lead = cria_lead(gerente, responsavel_id=ana.id)
    leads.update(actor=gerente, lead_id=lead.id, data=LeadUpdate(responsavel_id=bruno.id))
    outros = [cria_lead(gerente, responsavel_id=bruno.id) for _ in range(2)]
    r = lote.leads_em_lote(
        actor=gerente, data=LoteLeads(ids=[lead.id, *[o.id for o in outros]], acao="reatribuir", responsavel_id=ana.id)
    )
    assert r.atualizados == 3
    assert _textos(gerente, lead.id) == ["Responsável: Ana → Bruno", "Responsável: Bruno → Ana"]
    for o in outros:
        assert _textos(gerente, o.id) == ["Responsável: Bruno → Ana"]
    r = lote.leads_em_lote(actor=gerente, data=LoteLeads(ids=[o.id for o in outros], acao="mover", estagio="proposta"))
    assert r.atualizados == 2
    # the new owner sees the history of the lead they received
    assert _textos(actor_of(ana), outros[0].id)[-1] == "Estágio: Novo → Proposta"


def test_registro_na_mesma_transacao(vendedor):
    """A move refused by a stale version writes no history entry either."""
    lead = cria_lead(vendedor)
    with pytest.raises(Conflict):
        leads.move(actor=vendedor, lead_id=lead.id, estagio="proposta", versao=lead.versao + 5)
    assert _historico(vendedor, lead.id) == []


def test_registros_nao_editaveis_nem_tarefas_nem_ia(vendedor, gerente, admin):
    lead = cria_lead(vendedor)
    leads.move(actor=vendedor, lead_id=lead.id, estagio="proposta")
    entrada = _historico(vendedor, lead.id)[0]
    for quem in (vendedor, gerente, admin):
        with pytest.raises(Forbidden) as exc:
            tarefas.update(actor=quem, interacao_id=entrada.id, data=InteracaoUpdate(descricao="forjado"))
        assert exc.value.code == "registro_do_sistema"
        with pytest.raises(Forbidden):
            tarefas.delete(actor=quem, interacao_id=entrada.id)
        with pytest.raises(Forbidden):
            interacoes.set_concluida(actor=quem, interacao_id=entrada.id, concluida=True)
        assert not tarefas.pode_alterar(quem, entrada.autor_id, entrada.sistema)
    assert tarefas.list_tarefas(actor=vendedor).total == 0
    # users cannot write system entries through the ordinary API
    nota = interacoes.add(actor=vendedor, lead_id=lead.id, data=InteracaoCreate(descricao="Ligação feita"))
    assert nota.sistema is False
    with session_scope() as s:
        assert (
            s.execute(select(func.count()).select_from(Interacao).where(Interacao.sistema.is_(True))).scalar_one() == 1
        )
        # the AI store gets the lead and the user's note, never the system's history entries
        plano = ingestion._Plano()
        ingestion._plan_lead(s, plano, lead.id)
        ingestion._plan_interacao(s, plano, entrada.id)
    assert set(plano.docs) == {f"lead:{lead.id}", f"interacao:{nota.id}"}
    assert f"interacao:{entrada.id}" in plano.delete_ids
