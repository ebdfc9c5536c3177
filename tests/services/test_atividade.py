"""Leads sem atividade: open leads without a person's interaction for N days, one query, by role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from aurora_app.core.db import session_scope
from aurora_app.models import Interacao, Lead
from aurora_app.models.base import utcnow
from aurora_app.models.interacao import InteracaoCreate
from aurora_app.services import atividade, interacoes, leads
from aurora_app.services.errors import Forbidden
from tests.builders import cria_lead


def _envelhecer(lead_id: int, dias: int) -> None:
    """The lead and every entry of its timeline, ``dias`` days older."""
    with session_scope() as s:
        when = utcnow() - timedelta(days=dias)
        s.execute(update(Lead).where(Lead.id == lead_id).values(criado_em=when))
        s.execute(update(Interacao).where(Interacao.lead_id == lead_id).values(criado_em=when))


def _ids(actor, **kw):
    return [i.id for i in atividade.leads_sem_atividade(actor=actor, **kw).items]


def test_lista_os_parados_do_vendedor(vendedor, outro, gerente):
    parado = cria_lead(vendedor, nome="Parado")
    _envelhecer(parado.id, 20)
    mais_parado = cria_lead(vendedor, nome="Mais parado")
    _envelhecer(mais_parado.id, 30)
    novo = cria_lead(vendedor)  # created today: not "without activity" yet
    com_nota = cria_lead(vendedor)
    _envelhecer(com_nota.id, 20)
    interacoes.add(actor=vendedor, lead_id=com_nota.id, data=InteracaoCreate(descricao="Liguei hoje"))
    so_sistema = cria_lead(vendedor, nome="Só movido")
    _envelhecer(so_sistema.id, 10)
    leads.move(actor=vendedor, lead_id=so_sistema.id, estagio="proposta")  # a system entry is not activity
    fechado = cria_lead(vendedor, estagio="ganho")
    _envelhecer(fechado.id, 40)
    removido = cria_lead(vendedor)
    _envelhecer(removido.id, 40)
    leads.delete(actor=vendedor, lead_id=removido.id)
    do_outro = cria_lead(outro)
    _envelhecer(do_outro.id, 50)

    r = atividade.leads_sem_atividade(actor=vendedor)
    assert r.dias == 7 and r.total == 3
    assert [i.id for i in r.items] == [mais_parado.id, parado.id, so_sistema.id]
    assert r.items[0].dias_sem_atividade == 30 and r.items[0].ultima_atividade_em is None
    assert r.items[0].responsavel_nome == vendedor.nome
    assert novo.id not in _ids(vendedor) and com_nota.id not in _ids(vendedor)
    # the team for a gerente, or one salesperson
    assert _ids(gerente) == [do_outro.id, mais_parado.id, parado.id, so_sistema.id]
    assert _ids(gerente, responsavel_id=outro.id) == [do_outro.id]
    with pytest.raises(Forbidden):
        atividade.leads_sem_atividade(actor=vendedor, responsavel_id=outro.id)
    # capped list, the total still counts everything; the setting moves the threshold
    r = atividade.leads_sem_atividade(actor=gerente, limite=2)
    assert len(r.items) == 2 and r.total == 4
    assert _ids(vendedor, dias=25) == [mais_parado.id]


def test_ultima_atividade_antiga_conta(vendedor, monkeypatch):
    lead = cria_lead(vendedor)
    interacoes.add(actor=vendedor, lead_id=lead.id, data=InteracaoCreate(descricao="Primeira reunião"))
    _envelhecer(lead.id, 12)
    (item,) = atividade.leads_sem_atividade(actor=vendedor).items
    assert item.ultima_atividade_em is not None and item.dias_sem_atividade == 12
    monkeypatch.setenv("LEADS_SEM_ATIVIDADE_DIAS", "15")
    from aurora_app.core.config import reset_settings_cache

    reset_settings_cache()
    assert atividade.leads_sem_atividade(actor=vendedor).items == []
