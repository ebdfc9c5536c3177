"""List totals (issue 15, item 4): an unfiltered list above ``ESTIMAR_ACIMA`` rows shows the
planner's estimate on PostgreSQL, flagged ``total_estimado``; filtered lists and SQLite count."""

from sqlalchemy import text

from aurora_app.core.db import get_engine
from aurora_app.services import clientes, consulta, leads
from tests.builders import cria_cliente, cria_lead


def test_small_lists_are_counted(vendedor, gerente):
    for _ in range(3):
        cria_cliente(vendedor)
    page = clientes.list_clientes(actor=gerente)
    assert page.total == 3 and page.total_estimado is False


def test_unfiltered_list_above_the_threshold_is_estimated_on_postgresql(vendedor, gerente, monkeypatch):
    for _ in range(4):
        cria_cliente(vendedor, uf="SP")
        cria_lead(vendedor)
    cria_cliente(vendedor, uf="RJ")
    pg = get_engine().dialect.name == "postgresql"
    if pg:
        with get_engine().connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE cliente"))
            conn.execute(text("ANALYZE lead"))
    monkeypatch.setattr(consulta, "ESTIMAR_ACIMA", 1)
    page = clientes.list_clientes(actor=gerente)
    assert page.total_estimado is pg
    assert page.total == 5 if not pg else page.total >= 1  # the planner's figure
    assert len(page.items) == 5
    filtrada = clientes.list_clientes(actor=gerente, uf="SP")  # a filter: always an exact count
    assert filtrada.total == 4 and filtrada.total_estimado is False
    assert leads.list_leads(actor=gerente).total_estimado is pg
    assert leads.list_leads(actor=vendedor).total_estimado is False  # a vendedor's own leads: counted
