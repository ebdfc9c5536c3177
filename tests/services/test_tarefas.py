"""Tarefas: "Minhas tarefas" by situation in Brasília days, visibility, paging; editing and
deleting timeline entries (author, gerente, admin), audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria
from aurora_app.models.interacao import InteracaoCreate, InteracaoUpdate
from aurora_app.models.lead import LeadUpdate
from aurora_app.services import clientes, interacoes, leads, tarefas
from aurora_app.services.errors import Forbidden, Invalid, NotFound
from tests.builders import cria_cliente, cria_lead

# 2026-12-02 01:30 UTC is still 2026-12-01 (22:30) in Brasília (UTC-3).
AGORA = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


def _tarefa(actor, vence_em=None, texto="Ligar", **alvo):
    return interacoes.add(actor=actor, data=InteracaoCreate(tipo="tarefa", descricao=texto, vence_em=vence_em), **alvo)


def _ids(page):
    return [i.id for i in page.items]


def test_dia_de_brasilia():
    inicio, fim = tarefas.dia_de_brasilia(AGORA)
    assert inicio == datetime(2026, 12, 1, 3, 0, tzinfo=UTC) and fim == datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


def test_situacoes(vendedor, outro):
    c = cria_cliente(vendedor)
    lead = cria_lead(vendedor)
    atrasada = _tarefa(vendedor, datetime(2026, 11, 30, 20, 0, tzinfo=UTC), cliente_id=c.id)
    # 01/12 00:10 in Brasília is today; 02/12 00:10 UTC is still 01/12 in Brasília
    hoje_cedo = _tarefa(vendedor, datetime(2026, 12, 1, 3, 10, tzinfo=UTC), lead_id=lead.id)
    hoje_tarde = _tarefa(vendedor, datetime(2026, 12, 2, 2, 50, tzinfo=UTC), cliente_id=c.id)
    amanha = _tarefa(vendedor, datetime(2026, 12, 2, 3, 0, tzinfo=UTC), cliente_id=c.id)
    sem_prazo = _tarefa(vendedor, None, cliente_id=c.id)
    feita = _tarefa(vendedor, datetime(2026, 11, 1, tzinfo=UTC), cliente_id=c.id)
    interacoes.set_concluida(actor=vendedor, interacao_id=feita.id, concluida=True)
    _tarefa(outro, datetime(2026, 12, 1, 12, 0, tzinfo=UTC), cliente_id=c.id)  # someone else's
    interacoes.add(actor=vendedor, cliente_id=c.id, data=InteracaoCreate(descricao="nota, não tarefa"))

    def lista(sit):
        return tarefas.list_tarefas(actor=vendedor, situacao=sit, agora=AGORA)

    assert _ids(lista("atrasadas")) == [atrasada.id]
    assert _ids(lista("hoje")) == [hoje_cedo.id, hoje_tarde.id]
    assert _ids(lista("proximas")) == [amanha.id, sem_prazo.id]
    assert _ids(lista("concluidas")) == [feita.id]
    todas = lista(None)
    assert _ids(todas) == [atrasada.id, hoje_cedo.id, hoje_tarde.id, amanha.id, sem_prazo.id] and todas.total == 5
    item = lista("hoje").items[0]
    assert item.alvo_nome == lead.nome and item.lead_id == lead.id and item.vence_em and not item.concluida
    assert lista("atrasadas").items[0].alvo_nome == c.razao_social
    with pytest.raises(Invalid) as exc:
        lista("ontem")
    assert exc.value.code == "situacao_invalida"
    # The badge and the painel's reminder count the same sets, in SQL.
    assert tarefas.pendentes(actor=vendedor, agora=AGORA) == {"atrasadas": 1, "hoje": 2}
    assert tarefas.pendentes(actor=outro, agora=AGORA) == {"atrasadas": 0, "hoje": 1}
    leads.delete(actor=vendedor, lead_id=lead.id)  # a task on a deleted lead no longer counts
    assert tarefas.pendentes(actor=vendedor, agora=AGORA) == {"atrasadas": 1, "hoje": 1}


def test_paginacao_por_vencimento(vendedor):
    c = cria_cliente(vendedor)
    base = datetime(2026, 12, 10, tzinfo=UTC)
    ids = [_tarefa(vendedor, base + timedelta(hours=h % 3), cliente_id=c.id).id for h in range(7)]
    ids += [_tarefa(vendedor, None, cliente_id=c.id).id for _ in range(2)]
    vistos, cursor = [], None
    while True:
        page = tarefas.list_tarefas(actor=vendedor, situacao="proximas", limite=2, cursor=cursor, agora=AGORA)
        assert page.total == 9
        vistos += _ids(page)
        cursor = page.next_cursor
        if not cursor:
            break
    por_prazo = sorted(ids[:7], key=lambda i: ((ids.index(i) % 3), i))
    assert vistos == por_prazo + ids[7:]
    for i in vistos:
        tarefas.update(actor=vendedor, interacao_id=i, data=InteracaoUpdate(concluida=True))
    vistos, cursor = [], None
    while True:
        page = tarefas.list_tarefas(actor=vendedor, situacao="concluidas", limite=4, cursor=cursor, agora=AGORA)
        vistos += _ids(page)
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(vistos) == sorted(ids) and len(vistos) == 9


def test_de_quem_e_a_lista(vendedor, outro, gerente):
    c = cria_cliente(vendedor)
    lead = cria_lead(vendedor)
    t_lead = _tarefa(vendedor, None, lead_id=lead.id)
    t_cli = _tarefa(vendedor, None, cliente_id=c.id)
    with pytest.raises(Forbidden):
        tarefas.list_tarefas(actor=outro, responsavel_id=vendedor.id)
    assert _ids(tarefas.list_tarefas(actor=vendedor, responsavel_id=vendedor.id)) == [t_lead.id, t_cli.id]
    assert _ids(tarefas.list_tarefas(actor=gerente, responsavel_id=vendedor.id)) == [t_lead.id, t_cli.id]
    assert tarefas.list_tarefas(actor=gerente).total == 0  # the gerente's own tasks
    # the lead handed to someone else: its task leaves the vendedor's list (they can't see it)
    leads.update(actor=gerente, lead_id=lead.id, data=LeadUpdate(versao=lead.versao, responsavel_id=outro.id))
    assert _ids(tarefas.list_tarefas(actor=vendedor)) == [t_cli.id]
    # a removed cliente takes its tasks away
    clientes.delete(actor=vendedor, cliente_id=c.id)
    assert tarefas.list_tarefas(actor=vendedor).total == 0


def _acoes(entidade_id):
    with session_scope() as s:
        return s.execute(
            select(Auditoria.acao, Auditoria.detalhes)
            .where(Auditoria.entidade == "interacao", Auditoria.entidade_id == str(entidade_id))
            .order_by(Auditoria.id)
        ).all()


def test_editar_e_excluir(vendedor, outro, gerente):
    c = cria_cliente(vendedor)
    nota = interacoes.add(actor=outro, cliente_id=c.id, data=InteracaoCreate(descricao="Cliente pediu desconto"))
    # the cliente's responsável may not rewrite someone else's note; the author and a gerente may
    with pytest.raises(Forbidden):
        tarefas.update(actor=vendedor, interacao_id=nota.id, data=InteracaoUpdate(descricao="x"))
    with pytest.raises(Forbidden):
        tarefas.delete(actor=vendedor, interacao_id=nota.id)
    assert (
        tarefas.update(
            actor=outro, interacao_id=nota.id, data=InteracaoUpdate(descricao="Pediu 5% de desconto")
        ).descricao
        == "Pediu 5% de desconto"
    )
    assert tarefas.update(actor=gerente, interacao_id=nota.id, data=InteracaoUpdate(descricao="ok")).descricao == "ok"
    with pytest.raises(Invalid) as exc:
        tarefas.update(actor=outro, interacao_id=nota.id, data=InteracaoUpdate(vence_em=AGORA))
    assert exc.value.code == "nao_e_tarefa"
    t = _tarefa(outro, AGORA, cliente_id=c.id)
    movida = tarefas.update(actor=outro, interacao_id=t.id, data=InteracaoUpdate(vence_em=AGORA + timedelta(days=1)))
    assert movida.vence_em == AGORA + timedelta(days=1)
    assert tarefas.update(actor=outro, interacao_id=t.id, data=InteracaoUpdate(vence_em=None)).vence_em is None
    tarefas.delete(actor=gerente, interacao_id=nota.id)
    assert [i.id for i in interacoes.list_interacoes(actor=vendedor, cliente_id=c.id).items] == [t.id]
    with pytest.raises(NotFound):
        tarefas.update(actor=outro, interacao_id=nota.id, data=InteracaoUpdate(descricao="x"))
    acoes = _acoes(nota.id)
    assert [a for a, _ in acoes] == ["interacao_alterada", "interacao_alterada", "interacao_removida"]
    assert "desconto" not in acoes[-1][1]  # the audit never keeps the text


def test_lead_alheio_e_404(vendedor, outro):
    lead = cria_lead(vendedor)
    n = interacoes.add(actor=vendedor, lead_id=lead.id, data=InteracaoCreate(descricao="x"))
    for call in (
        lambda: tarefas.update(actor=outro, interacao_id=n.id, data=InteracaoUpdate(descricao="y")),
        lambda: tarefas.delete(actor=outro, interacao_id=n.id),
    ):
        with pytest.raises(NotFound):
            call()
    tarefas.delete(actor=vendedor, interacao_id=n.id)
    assert interacoes.list_interacoes(actor=vendedor, lead_id=lead.id).total == 0
