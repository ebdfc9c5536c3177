"""The role rules of SPEC §3, one table: each rule asked of every role."""

from __future__ import annotations

import pytest

from aurora_app.services import permissoes
from aurora_app.services.actor import Actor
from aurora_app.services.errors import Forbidden

VENDEDOR = Actor(id=10, email="v@a.dev", nome="V", papel="vendedor")
GERENTE = Actor(id=20, email="g@a.dev", nome="G", papel="gerente")
ADMIN = Actor(id=30, email="a@a.dev", nome="A", papel="admin")


@pytest.mark.parametrize(
    ("actor", "dono", "pode"),
    [
        (VENDEDOR, 10, True),
        (VENDEDOR, 11, False),
        (VENDEDOR, None, False),
        (GERENTE, 11, True),
        (GERENTE, None, True),
        (ADMIN, 11, True),
    ],
)
def test_dono_ou_gestor(actor, dono, pode):
    assert permissoes.dono_ou_gestor(actor, dono) is pode


def test_escopo_e_transferencia_por_papel():
    assert permissoes.escopo(VENDEDOR) == 10
    assert permissoes.escopo(GERENTE) is None and permissoes.escopo(ADMIN) is None
    assert not permissoes.pode_transferir(VENDEDOR)
    assert permissoes.pode_transferir(GERENTE) and permissoes.pode_transferir(ADMIN)
    with pytest.raises(Forbidden, match="transferem leads") as exc:
        permissoes.exigir_transferencia(VENDEDOR, "leads")
    assert exc.value.code == "sem_permissao"
    permissoes.exigir_transferencia(GERENTE, "leads")


def test_responsavel_na_criacao():
    assert permissoes.responsavel_na_criacao(VENDEDOR, None, acao="criam leads") == 10
    assert permissoes.responsavel_na_criacao(VENDEDOR, 10, acao="criam leads") == 10
    with pytest.raises(Forbidden, match="Vendedores criam leads apenas"):
        permissoes.responsavel_na_criacao(VENDEDOR, 11, acao="criam leads")
    assert permissoes.responsavel_na_criacao(GERENTE, 11, acao="criam leads") == 11
    assert permissoes.responsavel_na_criacao(GERENTE, None, acao="criam leads") == 20


def test_tarefas_e_painel_de_quem():
    assert permissoes.responsavel_das_tarefas(VENDEDOR, None) == 10
    with pytest.raises(Forbidden):
        permissoes.responsavel_das_tarefas(VENDEDOR, 11)
    assert permissoes.responsavel_das_tarefas(GERENTE, 11) == 11
    assert permissoes.responsavel_do_dashboard(VENDEDOR, None) == 10
    assert permissoes.responsavel_do_dashboard(GERENTE, None) is None
    with pytest.raises(Forbidden):
        permissoes.responsavel_do_dashboard(VENDEDOR, 11)
