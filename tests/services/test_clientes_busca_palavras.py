"""Clientes search by whole words and prefixes (full-text index on PostgreSQL), fragments by
trigrams (issue 15). The same assertions run on SQLite and on PostgreSQL (CI's second pass),
so both databases find the same rows; the PostgreSQL-only tests check that the SQL function
equals the Python one and that the full-text index serves the query."""

import json

import pytest
from sqlalchemy import text

from aurora_app.core.db import get_engine
from aurora_app.models.base import fold, palavras
from aurora_app.services import clientes
from tests.builders import cria_cliente

TEXTOS = [
    "",
    "ipe",
    "  ipe  ",
    "Ipê Comércio de Ferragens Ltda",
    "outra empresa 100% real_ltda",
    "12.abc.345/01de-35",
    "s.a.",
    "são joão-del-rei (mg)",
    "a&b comercio",
    "x\ty\nz",
    "çãõ ß ø 1º 2ª",
    "---",
    "ab12cd 34ef",
]


@pytest.fixture
def base(vendedor, gerente):
    c = {
        "ipe": cria_cliente(
            vendedor, razao_social="Ipê Comércio de Ferragens Ltda", nome_fantasia="Ferragens São João", uf="SP"
        ),
        "tipe": cria_cliente(vendedor, razao_social="Tipe Indústria S.A.", nome_fantasia="Estrela", uf="RJ"),
        "real": cria_cliente(vendedor, razao_social="Outra Empresa 100% Real_Ltda", uf="SP"),
        "joao": cria_cliente(gerente, razao_social="João Pessoa Transportes ME", nome_fantasia="Ipê Roxo", uf="PB"),
        "feira": cria_cliente(gerente, razao_social="Feira de São Joaquim Ltda", uf="BA"),
    }
    return {k: v.id for k, v in c.items()}


def _ids(actor, **kw):
    return {c.id for c in clientes.list_clientes(actor=actor, **kw).items}


def test_palavras_recipe():
    assert palavras("ipe comercio, ltda.") == " ipe comercio ltda "
    assert palavras("") == "  " and palavras("---") == "  " and palavras(None) is None
    assert palavras(fold("São João-del-Rei")) == " sao joao del rei "


def test_whole_words_and_prefixes(vendedor, base):
    assert _ids(vendedor, busca="ipe") == {base["ipe"], base["joao"]}  # a word start, not "tipe"
    assert _ids(vendedor, busca="IPÊ") == {base["ipe"], base["joao"]}
    assert _ids(vendedor, busca="ferrag") == {base["ipe"]}  # prefix of a word
    assert _ids(vendedor, busca="sao joao") == {base["ipe"]}  # phrase: "sao" whole, "joao" a prefix
    assert _ids(vendedor, busca="sao joa") == {base["ipe"], base["feira"]}
    assert _ids(vendedor, busca="joao sao") == set()  # words in order
    assert _ids(vendedor, busca="são-joão") == {base["ipe"]}  # punctuation separates words as spaces do
    assert _ids(vendedor, busca="real ltda") == {base["real"]}  # "real_ltda": two words
    assert _ids(vendedor, busca="100") == {base["real"]}


def test_fragment_falls_back_to_substring(vendedor, base):
    # No word starts with these: the substring (trigram) search finds what it always found.
    assert _ids(vendedor, busca="erragens") == {base["ipe"]}
    assert _ids(vendedor, busca="ndustria") == {base["tipe"]}
    assert _ids(vendedor, busca="%") == {base["real"]}  # punctuation only: literal substring
    assert _ids(vendedor, busca="_") == {base["real"]}
    assert _ids(vendedor, busca="zzzz") == set()


def test_fallback_is_decided_among_the_filtered_rows(vendedor, base):
    # "ipe" starts a word only outside RJ; in RJ the fragment search finds "Tipe".
    assert _ids(vendedor, busca="ipe", uf="RJ") == {base["tipe"]}
    assert _ids(vendedor, busca="ipe", uf="SP") == {base["ipe"]}
    assert clientes.list_clientes(actor=vendedor, busca="ipe").total == 2


def test_soft_deleted_rows_never_match(vendedor, base):
    clientes.delete(actor=vendedor, cliente_id=base["real"])
    assert _ids(vendedor, busca="real") == set()


def _pg() -> bool:
    return get_engine().dialect.name == "postgresql"


@pytest.mark.skipif("not __import__('tests.conftest', fromlist=['IS_PG']).IS_PG", reason="PostgreSQL only")
def test_sql_function_equals_python():
    assert _pg()
    with get_engine().connect() as conn:
        for t in TEXTOS:
            folded = fold(t)
            assert conn.execute(text("SELECT aurora_palavras(:t)"), {"t": folded}).scalar_one() == palavras(folded), t


@pytest.mark.skipif("not __import__('tests.conftest', fromlist=['IS_PG']).IS_PG", reason="PostgreSQL only")
def test_full_text_index_serves_word_search(vendedor, base):
    from sqlalchemy import func, select

    from aurora_app.models import Cliente
    from aurora_app.services.consulta import _cond_palavras

    with get_engine().connect() as conn:
        for scan in (
            "seqscan",
            "indexscan",
            "indexonlyscan",
        ):  # a tiny table: make the planner show the index it can use
            conn.execute(text(f"SET enable_{scan} = off"))
        stmt = select(func.count()).select_from(Cliente).where(_cond_palavras(Cliente.busca, "sao joao", pg=True))
        sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = json.dumps(conn.execute(text(f"EXPLAIN (FORMAT JSON) {sql}")).scalar_one())
    assert "ix_cliente_busca_palavras" in plan


def test_same_rows_through_ids_or_through_the_index(vendedor, base, monkeypatch):
    from aurora_app.services import consulta

    termos = ["ipe", "sao joao", "sao joa", "ferrag", "real ltda", "erragens", "joao sao"]
    por_ids = {t: _ids(vendedor, busca=t) for t in termos}
    monkeypatch.setattr(consulta, "POUCOS_IDS", 0)  # every word search keeps the index condition
    assert {t: _ids(vendedor, busca=t) for t in termos} == por_ids
