"""The painel's "leads sem atividade" rows: display strings and links."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from aurora_app.services.atividade import LeadParado, LeadsSemAtividade
from aurora_app.ui.state.dashboard import linhas_parados

pytestmark = pytest.mark.no_db


def test_linhas_parados() -> None:
    r = LeadsSemAtividade(dias=7, total=3, items=[
        LeadParado(id=4, nome="Hotel X", empresa="Rede X", estagio="negociacao", valor=Decimal("10"), responsavel_nome="Ana",
                   ultima_atividade_em=datetime(2026, 11, 20, 2, tzinfo=UTC), dias_sem_atividade=12),
        LeadParado(id=5, nome="Pousada", estagio="novo", dias_sem_atividade=1),
    ])  # fmt: skip
    um, dois = linhas_parados(r, gestor=True)
    assert um["href"] == "/leads/4" and um["estagio"] == "Negociação" and um["dias"] == "12 dias"
    assert um["detalhe"] == "última interação em 19/11/2026 · Ana"  # the Brasília day
    assert dois["detalhe"] == "nenhuma interação registrada" and dois["dias"] == "1 dia" and dois["empresa"] == ""
    assert linhas_parados(r, gestor=False)[0]["detalhe"] == "última interação em 19/11/2026"
