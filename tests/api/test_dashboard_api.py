"""GET /api/v1/dashboard: SPEC §4's shape and figures (hand count), visibility, bad periods."""

from __future__ import annotations

import pytest

from tests.dashboard_helpers import esperado_equipe, esperado_v1, monta_mundo

URL = "/api/v1/dashboard"
OUTUBRO = {"inicio": "2026-10-01", "fim": "2026-10-31"}


@pytest.fixture
def mundo():
    return monta_mundo()


def test_gerente_ve_a_equipe_e_um_vendedor(client, auth_headers, mundo):
    r = client.get(URL, params=OUTUBRO, headers=auth_headers(mundo.gerente))
    assert r.status_code == 200, r.text
    assert r.json() == esperado_equipe(mundo)
    # money travels as decimal strings, rates as fractions
    assert isinstance(r.json()["kpis"]["valor_funil"], str) and 0 <= r.json()["kpis"]["taxa_conversao"] <= 1
    r = client.get(URL, params={**OUTUBRO, "responsavel_id": mundo.v1.id}, headers=auth_headers(mundo.admin))
    assert r.status_code == 200 and r.json() == esperado_v1(mundo)


def test_vendedor_ve_so_os_proprios_numeros(client, auth_headers, mundo):
    h = auth_headers(mundo.v1)
    assert client.get(URL, params=OUTUBRO, headers=h).json() == esperado_v1(mundo)
    assert client.get(URL, params={**OUTUBRO, "responsavel_id": mundo.v1.id}, headers=h).json() == esperado_v1(mundo)
    r = client.get(URL, params={**OUTUBRO, "responsavel_id": mundo.v2.id}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao" and "próprios números" in r.json()["detail"]


def test_periodo_padrao(client, auth_headers, mundo):
    from datetime import date, timedelta

    from aurora_app.services.dashboard import hoje

    body = client.get(URL, headers=auth_headers(mundo.gerente)).json()
    fim = date.fromisoformat(body["periodo"]["fim"])
    assert fim == hoje() and date.fromisoformat(body["periodo"]["inicio"]) == fim - timedelta(days=89)
    assert body["receita_por_mes"][-1]["mes"] == f"{fim:%Y-%m}" and len(body["receita_por_mes"]) == 12


@pytest.mark.parametrize(
    ("params", "trecho"),
    [
        ({"inicio": "2026-10-99"}, "Data inicial inválida"),
        ({"fim": "31/10/2026"}, "Data final inválida"),
        ({"inicio": "2026-10-31", "fim": "2026-10-01"}, "Período invertido"),
        ({"inicio": "0001-01-01"}, "entre 01/01/2000"),
        ({"inicio": "x" * 41}, None),
    ],
)
def test_periodo_invalido_422(client, auth_headers, mundo, params, trecho):
    r = client.get(URL, params=params, headers=auth_headers(mundo.gerente))
    assert r.status_code == 422, r.text
    if trecho:
        assert r.json()["code"] == "periodo_invalido" and trecho in r.json()["detail"]


@pytest.mark.parametrize("valor", ["abc", "0", "-1", str(2**40)])
def test_responsavel_id_invalido_422(client, auth_headers, mundo, valor):
    r = client.get(URL, params={"responsavel_id": valor}, headers=auth_headers(mundo.gerente))
    assert r.status_code == 422


def test_responsavel_inexistente_422(client, auth_headers, mundo):
    r = client.get(URL, params={"responsavel_id": 999_999}, headers=auth_headers(mundo.gerente))
    assert r.status_code == 422 and r.json()["code"] == "responsavel_invalido"


def test_sem_token_401(client):
    assert client.get(URL).status_code == 401
