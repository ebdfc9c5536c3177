"""Clientes service: CNPJ rules, duplicates under concurrency, versioning, permissions, search, paging."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from aurora_app.core.db import session_scope
from aurora_app.models import Auditoria, Cliente
from aurora_app.models.base import fold
from aurora_app.models.cliente import ClienteCreate, ClienteUpdate
from aurora_app.services import clientes
from aurora_app.services.errors import Conflict, Forbidden, Invalid, NotFound
from aurora_app.services.validacao import validar
from tests.builders import actor_of, cria_cliente, mascarar, novo_cnpj, usuario

# --- create / CNPJ --------------------------------------------------------------------------


@pytest.mark.parametrize("cnpj", ["11.222.333/0001-81", "00.000.000/0001-91", "12.ABC.345/01DE-35", "12abc34501de35"])
def test_create_aceita_cnpj_numerico_e_alfanumerico(vendedor, cnpj):
    c = clientes.create(actor=vendedor, data=ClienteCreate(cnpj=cnpj, razao_social="Ipê Comércio Ltda"))
    assert len(c.cnpj) == 14 and c.cnpj == c.cnpj.upper()
    assert c.cnpj_formatado.count(".") == 2
    assert c.responsavel_id == vendedor.id and c.responsavel_nome == vendedor.nome
    assert c.versao == 1


@pytest.mark.parametrize("cnpj", ["11.222.333/0001-00", "12.ABC.345/01DE-00", "00000000000000", "123"])
def test_create_recusa_cnpj_invalido(vendedor, cnpj):
    with pytest.raises(Invalid) as exc:
        clientes.create(actor=vendedor, data=ClienteCreate(cnpj=cnpj, razao_social="X"))
    assert exc.value.code == "cnpj_invalido" and exc.value.status == 422
    assert "CNPJ" in exc.value.detail


def test_cnpj_duplicado_traz_cliente_id(vendedor, outro_vendedor):
    c = clientes.create(actor=vendedor, data=ClienteCreate(cnpj="11222333000181", razao_social="A"))
    with pytest.raises(Conflict) as exc:
        clientes.create(actor=outro_vendedor, data=ClienteCreate(cnpj="11.222.333/0001-81", razao_social="B"))
    assert exc.value.code == "cnpj_duplicado"
    assert exc.value.as_body()["cliente_id"] == c.id


def test_dez_criacoes_concorrentes_do_mesmo_cnpj_deixam_uma_linha():
    actors = [actor_of(usuario("vendedor")) for _ in range(10)]
    barrier = threading.Barrier(10)
    cnpj = novo_cnpj()

    def tenta(actor):
        barrier.wait()
        try:
            return clientes.create(actor=actor, data=ClienteCreate(cnpj=mascarar(cnpj), razao_social="Corrida S.A."))
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(tenta, actors))
    ok = [r for r in results if not isinstance(r, Conflict)]
    conflitos = [r for r in results if isinstance(r, Conflict)]
    assert len(ok) == 1 and len(conflitos) == 9
    assert {c.code for c in conflitos} == {"cnpj_duplicado"}
    assert {c.extra["cliente_id"] for c in conflitos} == {ok[0].id}
    with session_scope() as s:
        assert len(s.execute(select(Cliente.id).where(Cliente.cnpj == cnpj)).all()) == 1


def test_soft_delete_libera_o_cnpj_e_e_auditado(vendedor):
    c = cria_cliente(vendedor)
    clientes.delete(actor=vendedor, cliente_id=c.id)
    with pytest.raises(NotFound):
        clientes.get(actor=vendedor, cliente_id=c.id)
    with pytest.raises(NotFound):
        clientes.delete(actor=vendedor, cliente_id=c.id)
    assert clientes.find_live_by_cnpj(cnpj=c.cnpj) is None
    de_novo = clientes.create(actor=vendedor, data=ClienteCreate(cnpj=c.cnpj, razao_social="Renascida"))
    assert de_novo.id != c.id
    assert clientes.find_live_by_cnpj(cnpj=mascarar(c.cnpj)).id == de_novo.id
    with session_scope() as s:
        acoes = s.execute(select(Auditoria.acao).where(Auditoria.entidade_id == str(c.id))).scalars().all()
    assert "cliente_removido" in acoes and "cliente_criado" in acoes
    assert clientes.list_clientes(actor=vendedor).total == 1


# --- update / versao ------------------------------------------------------------------------


def test_update_com_versao(vendedor):
    c = cria_cliente(vendedor, razao_social="Antiga Ltda")
    u = clientes.update(
        actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, razao_social="Nova Ótica Ltda", uf="rj")
    )
    assert u.versao == 2 and u.uf == "RJ" and u.razao_social == "Nova Ótica Ltda"
    assert u.atualizado_em >= c.atualizado_em and u.criado_em == c.criado_em
    assert clientes.list_clientes(actor=vendedor, busca="otica").total == 1  # busca follows every write
    assert clientes.list_clientes(actor=vendedor, busca="antiga").total == 0
    with pytest.raises(Conflict) as exc:
        clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, nome_fantasia="X"))
    assert exc.value.code == "conflito_versao"
    # null clears an optional field; unsent fields stay
    u3 = clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=2, uf=None))
    assert u3.uf is None and u3.razao_social == "Nova Ótica Ltda"


def test_update_para_cnpj_de_outro_cliente_e_409(vendedor):
    a = cria_cliente(vendedor)
    b = cria_cliente(vendedor)
    with pytest.raises(Conflict) as exc:
        clientes.update(actor=vendedor, cliente_id=b.id, data=ClienteUpdate(versao=1, cnpj=mascarar(a.cnpj)))
    assert exc.value.code == "cnpj_duplicado" and exc.value.extra["cliente_id"] == a.id
    with pytest.raises(Invalid):
        clientes.update(actor=vendedor, cliente_id=b.id, data=ClienteUpdate(versao=1, cnpj="11.222.333/0001-00"))


def test_updates_concorrentes_com_a_mesma_versao_um_so_vence(vendedor):
    c = cria_cliente(vendedor)
    barrier = threading.Barrier(8)

    def tenta(i):
        barrier.wait()
        try:
            return clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, nome_fantasia=f"F{i}"))
        except Conflict as exc:
            return exc

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(tenta, range(8)))
    ok = [r for r in results if not isinstance(r, Conflict)]
    assert len(ok) == 1
    assert all(r.code == "conflito_versao" for r in results if isinstance(r, Conflict))
    final = clientes.get(actor=vendedor, cliente_id=c.id)
    assert final.versao == 2 and final.nome_fantasia == ok[0].nome_fantasia


# --- permissions (SPEC §3) ------------------------------------------------------------------


def test_matriz_de_permissoes(vendedor, outro_vendedor, gerente, admin):
    c = cria_cliente(vendedor)
    # everyone reads
    for a in (vendedor, outro_vendedor, gerente, admin):
        assert clientes.get(actor=a, cliente_id=c.id).id == c.id
        assert clientes.list_clientes(actor=a).total == 1
    # another vendedor can't edit or delete
    with pytest.raises(Forbidden) as exc:
        clientes.update(actor=outro_vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, porte="ME"))
    assert exc.value.code == "sem_permissao"
    with pytest.raises(Forbidden):
        clientes.delete(actor=outro_vendedor, cliente_id=c.id)
    # the owner can't hand it over; gerente and admin can edit and transfer
    with pytest.raises(Forbidden):
        clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, responsavel_id=outro_vendedor.id))
    g = clientes.update(actor=gerente, cliente_id=c.id, data=ClienteUpdate(versao=1, responsavel_id=outro_vendedor.id))
    assert g.responsavel_id == outro_vendedor.id
    # now the former owner can't edit, the new one can
    with pytest.raises(Forbidden):
        clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=2, porte="ME"))
    assert clientes.update(actor=outro_vendedor, cliente_id=c.id, data=ClienteUpdate(versao=2, porte="ME")).versao == 3
    clientes.delete(actor=admin, cliente_id=c.id)


def test_responsavel_na_criacao(vendedor, outro_vendedor, gerente):
    with pytest.raises(Forbidden):
        cria_cliente(vendedor, responsavel_id=outro_vendedor.id)
    assert cria_cliente(vendedor, responsavel_id=vendedor.id).responsavel_id == vendedor.id
    assert cria_cliente(gerente, responsavel_id=outro_vendedor.id).responsavel_id == outro_vendedor.id
    assert cria_cliente(gerente).responsavel_id == gerente.id
    with pytest.raises(Invalid) as exc:
        cria_cliente(gerente, responsavel_id=999_999)
    assert exc.value.code == "responsavel_invalido"


# --- validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("campo", "valor", "trecho"),
    [
        ("email", "sem-arroba", "e-mail inválido"),
        ("uf", "XX", "UF inválida"),
        ("cep", "123", "CEP deve ter 8 dígitos"),
        ("telefone", "1234", "10 ou 11 dígitos"),
        ("telefone", "<script>", "telefone inválido"),
        ("razao_social", "x" * 201, "no máximo 200"),
        ("razao_social", "", "razão social"),
        ("nome_fantasia", "a\x00b", "caracteres de controle"),
    ],
)
def test_validacao_com_mensagens_pt_br(campo, valor, trecho):
    data = {"cnpj": "11222333000181", "razao_social": "Ok", campo: valor}
    with pytest.raises(Invalid) as exc:
        validar(ClienteCreate, data)
    assert trecho.lower() in exc.value.detail.lower()


def test_normalizacao_dos_campos():
    c = ClienteCreate(
        cnpj="11222333000181",
        razao_social="  Ok  ",
        email=" A@B.COM.BR ",
        telefone="+55 (11) 98765-4321",
        cep="01310-100",
        uf="sp",
        nome_fantasia="  ",
    )
    assert (c.razao_social, c.email, c.telefone, c.cep, c.uf, c.nome_fantasia) == (
        "Ok",
        "a@b.com.br",
        "11987654321",
        "01310100",
        "SP",
        None,
    )


def test_campos_desconhecidos_recusados_e_somente_leitura_ignorados():
    with pytest.raises(ValidationError):
        ClienteCreate(cnpj="11222333000181", razao_social="X", campo_inexistente=1)
    c = ClienteCreate.model_validate(
        {"cnpj": "11222333000181", "razao_social": "X", "id": 99, "criado_em": "2020-01-01", "busca": "x"}
    )
    assert not hasattr(c, "id")
    assert ClienteUpdate(razao_social="sem versao").versao is None  # SPEC §4: optional
    with pytest.raises(ValidationError):
        ClienteUpdate(razao_social="x", campo_inexistente=1)


# --- search and paging ----------------------------------------------------------------------


def test_busca_sem_acento_e_maiusculas(vendedor, gerente):
    ipe = cria_cliente(
        vendedor,
        razao_social="Ipê Comércio de Ferragens Ltda",
        nome_fantasia="Ferragens São João",
        cnpj="11.222.333/0001-81",
        uf="SP",
    )
    alfa = cria_cliente(gerente, razao_social="Alfa Numérica S.A.", cnpj="12.ABC.345/01DE-35", uf="RJ")
    cria_cliente(vendedor, razao_social="Outra Empresa 100% Real_Ltda", uf="SP")

    def ids(**kw):
        return {c.id for c in clientes.list_clientes(actor=vendedor, **kw).items}

    assert ids(busca="ipe") == {ipe.id}
    assert ids(busca="IPÊ COMERCIO") == {ipe.id}
    assert ids(busca="sao joao") == {ipe.id}  # nome fantasia
    assert ids(busca="11.222.333") == {ipe.id}  # root with mask
    assert ids(busca="11222333") == {ipe.id}
    assert ids(busca="11.222.333/0001-81") == {ipe.id}
    assert ids(busca="12.abc.345") == {alfa.id}  # alphanumeric, lower case
    assert len(ids(busca="%")) == 1 and ids(busca="%") == ids(busca="100%")  # % is literal, not a wildcard
    assert len(ids(busca="_")) == 1
    assert ids(busca="   ") == ids()
    assert ids(uf="SP") == ids(uf="sp") and len(ids(uf="SP")) == 2
    assert ids(responsavel_id=gerente.id) == {alfa.id}
    assert ids(busca="ipe", uf="RJ") == set()
    with pytest.raises(Invalid):
        clientes.list_clientes(actor=vendedor, uf="ZZ")
    with pytest.raises(Invalid):
        clientes.list_clientes(actor=vendedor, busca="x" * 201)


def test_paginacao_keyset_visita_cada_linha_uma_vez(vendedor):
    criados = {cria_cliente(vendedor).id for _ in range(23)}
    vistos: list[int] = []
    cursor = None
    while True:
        page = clientes.list_clientes(actor=vendedor, limite=5, cursor=cursor)
        assert page.total == 23
        vistos += [c.id for c in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(vistos) == 23 and set(vistos) == criados
    assert vistos == sorted(vistos, reverse=True)  # newest first


def test_paginacao_sob_insercoes_concorrentes(vendedor):
    originais = {cria_cliente(vendedor).id for _ in range(30)}
    stop = threading.Event()
    novos: list[int] = []

    def insere():
        while not stop.is_set() and len(novos) < 40:
            novos.append(cria_cliente(vendedor).id)

    t = threading.Thread(target=insere)
    t.start()
    vistos: list[int] = []
    cursor = None
    try:
        while True:
            page = clientes.list_clientes(actor=vendedor, limite=4, cursor=cursor)
            vistos += [c.id for c in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
    finally:
        stop.set()
        t.join()
    assert len(vistos) == len(set(vistos))  # nothing twice
    assert originais <= set(vistos)  # every row that existed when paging began, once


@pytest.mark.parametrize("limite", [0, 201, -1])
def test_limite_fora_da_faixa(vendedor, limite):
    with pytest.raises(Invalid) as exc:
        clientes.list_clientes(actor=vendedor, limite=limite)
    assert exc.value.code == "limite_invalido"


@pytest.mark.parametrize("cursor", ["lixo", "W10", "WyJ4IiwxXQ", "WyIyMDI2LTAxLTAxIiw5OTk5OTk5OTk5OTk5XQ", "a" * 300])
def test_cursor_invalido(vendedor, cursor):
    with pytest.raises(Invalid) as exc:
        clientes.list_clientes(actor=vendedor, cursor=cursor)
    assert exc.value.code == "cursor_invalido"


def test_find_live_by_cnpj(vendedor):
    c = cria_cliente(vendedor, cnpj="12.ABC.345/01DE-35")
    assert clientes.find_live_by_cnpj(cnpj="12abc34501de35").id == c.id
    assert clientes.find_live_by_cnpj(cnpj="11.222.333/0001-81") is None
    with pytest.raises(Invalid):
        clientes.find_live_by_cnpj(cnpj="12.ABC.345/01DE-00")


def test_total_em_cache_acompanha_cada_escrita(vendedor, gerente):
    from aurora_app.models.lead import LeadCreate
    from aurora_app.services import leads

    assert clientes.list_clientes(actor=vendedor, uf="SP").total == 0
    c = cria_cliente(vendedor, uf="SP")
    assert clientes.list_clientes(actor=vendedor, uf="SP").total == 1  # same filters: cached, then bumped
    clientes.update(actor=vendedor, cliente_id=c.id, data=ClienteUpdate(versao=1, uf="RJ"))
    assert clientes.list_clientes(actor=vendedor, uf="SP").total == 0
    clientes.import_csv(actor=vendedor, content=f"cnpj;razao_social;uf\n{novo_cnpj()};Nova;SP\n".encode())
    assert clientes.list_clientes(actor=vendedor, uf="SP").total == 1
    clientes.delete(actor=vendedor, cliente_id=c.id)
    assert clientes.list_clientes(actor=vendedor).total == 1
    lead = leads.create(actor=vendedor, data=LeadCreate(nome="x", cnpj=novo_cnpj()))
    assert leads.board(actor=gerente)["novo"].count == 1 and leads.list_leads(actor=vendedor).total == 1
    leads.converter(actor=vendedor, lead_id=lead.id)
    assert leads.board(actor=gerente)["novo"].count == 0 and leads.board(actor=gerente)["ganho"].count == 1
    assert clientes.list_clientes(actor=vendedor).total == 2


def test_busca_por_raiz_do_cnpj_usa_prefixo(vendedor):
    from aurora_app.core.cnpj import calcular_dv

    def cnpj(base12):
        return base12 + calcular_dv(base12)

    a = cria_cliente(vendedor, cnpj=cnpj("112223390001"), razao_social="Nove Final")  # root ends in 9: carry
    b = cria_cliente(vendedor, cnpj=cnpj("11222340ZZ01"), razao_social="Raiz Seguinte")
    c = cria_cliente(vendedor, cnpj=cnpj("1A2B3C4D0001"), razao_social="Alfa Raiz")
    d = cria_cliente(vendedor, cnpj=cnpj("ABC123450001"), razao_social="Empresa ABC12345 Ltda")

    def ids(q):
        return {x.id for x in clientes.list_clientes(actor=vendedor, busca=q).items}

    assert ids("11.222.339") == {a.id}
    assert ids("11222340") == {b.id}
    assert ids("11.222.3") == {a.id, b.id}  # short fragment: substring search
    assert ids("1a.2b3.c4d") == {c.id}
    assert ids("abc12345") == {d.id}  # root of d and a word of its name
    assert ids("0001-") >= {a.id, c.id, d.id}
    assert ids("empresa ltda") == set() and ids("empresa abc12345 ltda") == {d.id}


def test_erros_de_campo_dizem_qual_campo(gerente):
    """The service names the input an error is about (``campo``), for the UI and API clients."""
    from aurora_app.services.errors import Conflict, Invalid

    c = cria_cliente(gerente)
    with pytest.raises(Conflict) as dup:
        cria_cliente(gerente, cnpj=c.cnpj)
    assert dup.value.extra["campo"] == "cnpj" and dup.value.as_body()["campo"] == "cnpj"
    with pytest.raises(Invalid) as ruim:
        cria_cliente(gerente, cnpj="11.222.333/0001-82")
    assert ruim.value.extra["campo"] == "cnpj"
    with pytest.raises(Invalid) as resp:
        cria_cliente(gerente, cnpj=novo_cnpj(), responsavel_id=999_999)
    assert resp.value.extra["campo"] == "responsavel_id"


@pytest.mark.parametrize("ordem", ["razao_social", "-razao_social", "criado_em", "-criado_em"])
def test_ordenar_por_nome_ou_data_sem_perder_nem_repetir(vendedor, ordem):
    """The list sorted by its headers, keyset paged per order: case and accents fold alike on both
    databases, equal names page by id, a cursor of another order is a 422."""
    nomes = ["Ágata Ordem", "agata Ordem", "Zebra Ordem", "Bravo Ordem", "Águia Ordem", "bravo Ordem", "Casa Ordem"]
    for nome in nomes:
        cria_cliente(vendedor, razao_social=nome)
    vistos, cursor = [], None
    while True:
        pagina = clientes.list_clientes(actor=vendedor, busca="ordem", ordem=ordem, limite=2, cursor=cursor)
        assert pagina.total == 7
        vistos += pagina.items
        cursor = pagina.next_cursor
        if not cursor:
            break
    assert len({x.id for x in vistos}) == 7
    desc = ordem.startswith("-")
    if ordem.lstrip("-") == "razao_social":
        chave = [fold(x.razao_social) for x in vistos]
        assert chave == sorted(chave, reverse=desc)
        assert [fold(x.razao_social).split()[0] for x in vistos][:: -1 if desc else 1] == [
            "agata", "agata", "aguia", "bravo", "bravo", "casa", "zebra"
        ]  # fmt: skip
    else:
        assert [x.id for x in vistos] == sorted((x.id for x in vistos), reverse=desc)
    outro = clientes.list_clientes(actor=vendedor, busca="ordem", ordem="razao_social", limite=2).next_cursor
    with pytest.raises(Invalid):
        clientes.list_clientes(actor=vendedor, ordem="-razao_social", cursor=outro)
    with pytest.raises(Invalid) as exc:
        clientes.list_clientes(actor=vendedor, ordem="valor")
    assert exc.value.code == "ordem_invalida" and exc.value.extra["campo"] == "ordem"
