"""The kanban's order within a column (``lead.posicao``): a drop places a card right below its
new neighbour (or at the top), in every view of the column; stale neighbours are a 409; a
column whose gaps ran out is spread out again without losing its order."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria, Interacao, Lead
from aurora_app.services import leads
from aurora_app.services.errors import Conflict, Invalid, NotFound
from tests.builders import cria_lead


def _coluna(actor, estagio: str = "novo") -> list[int]:
    return [lead.id for lead in leads.board(actor=actor)[estagio].items]


def test_novo_lead_entra_no_topo_e_o_quadro_segue_a_posicao(vendedor):
    a, b, c = (cria_lead(vendedor, nome=n) for n in ("A", "B", "C"))
    assert _coluna(vendedor) == [c.id, b.id, a.id]  # newest first, as before
    leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=leads.TOPO)
    assert _coluna(vendedor) == [a.id, c.id, b.id]
    leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=b.id)  # to the bottom
    assert _coluna(vendedor) == [c.id, b.id, a.id]
    leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=c.id)  # between c and b
    assert _coluna(vendedor) == [c.id, a.id, b.id]
    assert leads.get(actor=vendedor, lead_id=a.id).estagio == "novo"


def test_reordenar_e_auditado_sem_entrada_na_timeline(vendedor):
    a, b = cria_lead(vendedor, nome="A"), cria_lead(vendedor, nome="B")
    versao = leads.get(actor=vendedor, lead_id=a.id).versao
    lido = leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=leads.TOPO)
    assert lido.versao == versao + 1 and lido.posicao > leads.get(actor=vendedor, lead_id=b.id).posicao
    with session_scope() as s:
        acoes = (
            s.execute(select(Auditoria.acao).where(Auditoria.entidade == "lead", Auditoria.entidade_id == str(a.id)))
            .scalars()
            .all()
        )
        notas = s.execute(select(Interacao).where(Interacao.lead_id == a.id, Interacao.sistema)).scalars().all()
    assert "lead_reordenado" in acoes and "lead_movido" not in acoes
    assert notas == []  # a reorder is not a stage change


def test_mover_para_outra_coluna_numa_posicao(vendedor):
    x, y = cria_lead(vendedor, nome="X"), cria_lead(vendedor, nome="Y")
    for lead in (x, y):
        leads.move(actor=vendedor, lead_id=lead.id, estagio="proposta")
    assert _coluna(vendedor, "proposta") == [y.id, x.id]
    novo = cria_lead(vendedor, nome="N")
    leads.move(actor=vendedor, lead_id=novo.id, estagio="proposta", apos_id=y.id)
    assert _coluna(vendedor, "proposta") == [y.id, novo.id, x.id]
    assert leads.get(actor=vendedor, lead_id=novo.id).estagio == "proposta"


def test_a_posicao_vale_em_todas_as_visoes_da_coluna(vendedor, outro, gerente):
    """The neighbour below is the column's next card, seen or not: the vendedor's board is the
    gerente's without the others' cards, in the same order."""
    meu_1 = cria_lead(vendedor, nome="Meu 1")
    alheio = cria_lead(outro, nome="Alheio")
    meu_2 = cria_lead(vendedor, nome="Meu 2")
    assert _coluna(gerente) == [meu_2.id, alheio.id, meu_1.id]
    leads.move(actor=vendedor, lead_id=meu_1.id, estagio="novo", apos_id=meu_2.id)
    assert _coluna(vendedor) == [meu_2.id, meu_1.id]
    ordem = _coluna(gerente)
    assert ordem.index(meu_2.id) < ordem.index(meu_1.id)


def test_vizinho_velho_escondido_ou_ausente_e_409(vendedor, outro):
    a, b = cria_lead(vendedor, nome="A"), cria_lead(vendedor, nome="B")
    alheio = cria_lead(outro, nome="Alheio")
    with pytest.raises(Conflict) as exc:  # someone else's card: hidden to this vendedor
        leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=alheio.id)
    assert exc.value.code == "conflito_posicao" and exc.value.extra["campo"] == "apos_id"
    leads.move(actor=vendedor, lead_id=b.id, estagio="ganho")
    with pytest.raises(Conflict):  # the neighbour left the column meanwhile
        leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=b.id)
    leads.delete(actor=vendedor, lead_id=b.id)
    with pytest.raises(Conflict):
        leads.move(actor=vendedor, lead_id=a.id, estagio="ganho", apos_id=b.id)
    with pytest.raises(Invalid):
        leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=a.id)
    with pytest.raises(Invalid):
        leads.move(actor=vendedor, lead_id=a.id, estagio="novo", apos_id=-3)
    with pytest.raises(NotFound):
        leads.move(actor=vendedor, lead_id=alheio.id, estagio="novo", apos_id=leads.TOPO)
    assert leads.get(actor=vendedor, lead_id=a.id).estagio == "novo"


def test_sem_espaco_entre_vizinhos_a_coluna_e_renumerada(vendedor):
    """Ties (rows loaded in bulk get ``posicao`` 0) and an exhausted gap: the column is spread
    out again, in the same order, and the card lands where it was dropped."""
    a, b, c, d, e = (cria_lead(vendedor, nome=n) for n in "ABCDE")
    with session_scope() as s:
        s.execute(update(Lead).where(Lead.id.in_([a.id, b.id, c.id])).values(posicao=5.0))
    assert _coluna(vendedor) == [e.id, d.id, c.id, b.id, a.id]  # ties fall back to the id
    leads.move(actor=vendedor, lead_id=d.id, estagio="novo", apos_id=c.id)
    assert _coluna(vendedor) == [e.id, c.id, d.id, b.id, a.id]
    for _ in range(40):  # each drop halves the gap under c: more halvings than a float holds
        leads.move(actor=vendedor, lead_id=e.id, estagio="novo", apos_id=c.id)
        leads.move(actor=vendedor, lead_id=d.id, estagio="novo", apos_id=c.id)
    assert _coluna(vendedor) == [c.id, d.id, e.id, b.id, a.id]
    with session_scope() as s:
        posicoes = s.execute(select(Lead.posicao).where(Lead.id.in_([a.id, b.id, c.id, d.id, e.id]))).scalars().all()
    assert len(set(posicoes)) == 5


def test_mover_pelo_menu_mantem_a_ordem_cronologica(vendedor):
    velho, novo = cria_lead(vendedor, nome="Velho"), cria_lead(vendedor, nome="Novo")
    leads.move(actor=vendedor, lead_id=novo.id, estagio="qualificado")
    leads.move(actor=vendedor, lead_id=velho.id, estagio="qualificado")
    assert _coluna(vendedor, "qualificado") == [novo.id, velho.id]


def test_renumerar_ao_mudar_de_coluna_registra_o_estagio_de_origem(vendedor):
    """The spread-out path on a move between columns keeps the audit's "de" and the timeline right."""
    a, b = cria_lead(vendedor, nome="A"), cria_lead(vendedor, nome="B")
    for lead in (a, b):
        leads.move(actor=vendedor, lead_id=lead.id, estagio="proposta")
    with session_scope() as s:
        s.execute(update(Lead).where(Lead.id.in_([a.id, b.id])).values(posicao=7.0))
    novo = cria_lead(vendedor, nome="N")
    leads.move(actor=vendedor, lead_id=novo.id, estagio="proposta", apos_id=b.id)
    assert _coluna(vendedor, "proposta") == [b.id, novo.id, a.id]
    with session_scope() as s:
        (reg,) = s.execute(
            select(Auditoria).where(Auditoria.acao == "lead_movido", Auditoria.entidade_id == str(novo.id))
        ).scalars()
        historico = s.execute(select(Interacao.descricao).where(Interacao.lead_id == novo.id)).scalars().all()
    detalhes = json.loads(reg.detalhes)
    assert (detalhes["de"], detalhes["para"]) == ("novo", "proposta")
    assert any("Novo → Proposta" in h for h in historico)


def test_continuar_uma_coluna_pelo_cursor(vendedor):
    """A column's ``next_cursor`` continues it in board order (ties included), nothing lost or
    repeated; a cursor of another column, or garbage, is a 422."""
    criados = [cria_lead(vendedor, nome=f"C{i}") for i in range(7)]
    with session_scope() as s:  # ties: bulk-loaded rows share a place
        s.execute(update(Lead).where(Lead.id.in_([c.id for c in criados[:4]])).values(posicao=3.0))
    vistos, cursor = [], None
    while True:
        col = leads.board(actor=vendedor, por_estagio=2, estagio="novo", cursor=cursor)
        assert list(col) == ["novo"] and col["novo"].count == 7
        vistos += [x.id for x in col["novo"].items]
        cursor = col["novo"].next_cursor
        if not cursor:
            break
    assert vistos == [x.id for x in leads.board(actor=vendedor, por_estagio=50)["novo"].items]
    assert sorted(vistos) == sorted(c.id for c in criados)
    primeiro = leads.board(actor=vendedor, por_estagio=2)["novo"].next_cursor
    for estagio, ruim in (("ganho", primeiro), ("novo", "lixo"), (None, primeiro), ("novo", "W1tdXQ")):
        with pytest.raises(Invalid):
            leads.board(actor=vendedor, estagio=estagio, cursor=ruim)
