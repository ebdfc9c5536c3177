"""The trash: 30 days of removed clientes and leads, who sees and restores what, CNPJ taken meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria
from aurora_app.models.base import utcnow
from aurora_app.models.cliente import ClienteCreate
from aurora_app.services import clientes, leads, lixeira
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from tests.builders import cria_cliente, cria_lead


def _ids(page):
    return [(i.tipo, i.id) for i in page.items]


def test_lista_e_restaura_cliente(vendedor, outro, gerente):
    a = cria_cliente(vendedor, razao_social="Alfa")
    b = cria_cliente(vendedor, razao_social="Beta")
    c = cria_cliente(outro, razao_social="Gama")
    for x, dono in ((a, vendedor), (b, vendedor), (c, outro)):
        clientes.delete(actor=dono, cliente_id=x.id)
    page = lixeira.list_lixeira(actor=vendedor, tipo="cliente")
    assert _ids(page) == [("cliente", b.id), ("cliente", a.id)] and page.total == 2  # own only, newest first
    item = page.items[0]
    assert item.nome == "Beta" and item.cnpj == b.cnpj and item.expira_em - item.removido_em == timedelta(days=30)
    assert lixeira.list_lixeira(actor=gerente, tipo="cliente").total == 3
    p1 = lixeira.list_lixeira(actor=gerente, tipo="cliente", limite=2)
    p2 = lixeira.list_lixeira(actor=gerente, tipo="cliente", limite=2, cursor=p1.next_cursor)
    assert [i.id for i in p1.items + p2.items] == [c.id, b.id, a.id] and p2.next_cursor is None
    with pytest.raises(Forbidden):
        lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=c.id)
    volta = lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=a.id)
    assert volta.id == a.id and volta.razao_social == "Alfa" and clientes.get(actor=outro, cliente_id=a.id)
    with pytest.raises(NotFound):  # no longer in the trash
        lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=a.id)
    assert _ids(lixeira.list_lixeira(actor=vendedor, tipo="cliente")) == [("cliente", b.id)]
    with session_scope() as s:
        assert (
            s.execute(
                select(Auditoria.usuario_id).where(
                    Auditoria.acao == "cliente_restaurado", Auditoria.entidade_id == str(a.id)
                )
            ).scalar_one()
            == vendedor.id
        )


def test_cnpj_cadastrado_de_novo(vendedor):
    a = cria_cliente(vendedor)
    clientes.delete(actor=vendedor, cliente_id=a.id)
    novo = clientes.create(actor=vendedor, data=ClienteCreate(cnpj=a.cnpj, razao_social="Outra"))
    with pytest.raises(Conflict) as exc:
        lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=a.id)
    assert exc.value.code == "cnpj_duplicado" and exc.value.extra == {"cliente_id": novo.id}
    clientes.delete(actor=vendedor, cliente_id=novo.id)
    assert lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=a.id).id == a.id


def test_trinta_dias(vendedor):
    a = cria_cliente(vendedor)
    clientes.delete(actor=vendedor, cliente_id=a.id)
    depois = utcnow() + timedelta(days=30, minutes=1)
    assert lixeira.list_lixeira(actor=vendedor, tipo="cliente", agora=depois).total == 0
    with pytest.raises(NotFound):
        lixeira.restaurar(actor=vendedor, tipo="cliente", registro_id=a.id, agora=depois)
    assert lixeira.list_lixeira(actor=vendedor, tipo="cliente", agora=utcnow() + timedelta(days=29)).total == 1


def test_leads(vendedor, outro, gerente):
    meu = cria_lead(vendedor)
    alheio = cria_lead(outro)
    vivo = cria_lead(vendedor)
    leads.delete(actor=vendedor, lead_id=meu.id)
    leads.delete(actor=outro, lead_id=alheio.id)
    assert _ids(lixeira.list_lixeira(actor=vendedor, tipo="lead")) == [("lead", meu.id)]
    assert lixeira.list_lixeira(actor=gerente, tipo="lead").total == 2
    with pytest.raises(NotFound):  # someone else's lead: 404, as everywhere
        lixeira.restaurar(actor=vendedor, tipo="lead", registro_id=alheio.id)
    with pytest.raises(NotFound):  # a live lead is not in the trash
        lixeira.restaurar(actor=vendedor, tipo="lead", registro_id=vivo.id)
    assert lixeira.restaurar(actor=vendedor, tipo="lead", registro_id=meu.id).id == meu.id
    assert lixeira.restaurar(actor=gerente, tipo="lead", registro_id=alheio.id).responsavel_id == outro.id
    assert leads.list_leads(actor=vendedor).total == 2
    with pytest.raises(Invalid):
        lixeira.list_lixeira(actor=vendedor, tipo="usuario")
