"""``GET /api/v1/cnpj/{cnpj}`` over the real app, against the fake CNPJá."""

# ruff: noqa: F811 - pytest fixtures imported by name

from __future__ import annotations

import pytest

from aurora_app.services import cnpj as service
from tests.fakes.cnpja_fixtures import (
    ALFANUMERICO,
    ATIVA,
    DESCONHECIDO,
    PRIMARY,
    SECONDARY,
    cnpja,  # noqa: F401
)

URL = "/api/v1/cnpj/"


@pytest.fixture
def headers(make_user, auth_headers) -> dict[str, str]:
    return auth_headers(make_user("vendedor"))


def test_requires_authentication(client, cnpja) -> None:
    r = client.get(URL + ATIVA)
    assert r.status_code == 401
    assert r.json()["code"] == "nao_autenticado"
    assert cnpja.fake.count() == 0


def test_lookup_returns_normalised_schema(client, cnpja, headers) -> None:
    r = client.get(URL + ATIVA, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["fonte"] == "cnpja_pago" and body["desatualizado"] is False
    for key in (
        "razao_social",
        "nome_fantasia",
        "situacao_cadastral",
        "data_abertura",
        "porte",
        "natureza_juridica",
        "capital_social",
        "cnae_principal",
        "cnaes_secundarios",
        "endereco",
        "telefones",
        "emails",
        "socios",
        "simples",
        "consultado_em",
    ):
        assert key in body
    assert body["razao_social"] == "Distribuidora Horizonte Sul Ltda"
    assert body["data_abertura"] == "2004-06-21"
    assert body["endereco"]["uf"] == "RS" and body["simples"]["optante"] is True
    assert body["cnae_principal"] == {
        "codigo": "4639701",
        "descricao": "Comercio atacadista de produtos alimenticios em geral",
    }
    assert r.headers["x-content-type-options"] == "nosniff"


def test_masked_cnpj_in_the_path(client, cnpja, headers) -> None:
    r = client.get(URL + "33.000.167/0001-01", headers=headers)
    assert r.status_code == 200 and r.json()["cnpj"] == ATIVA
    r = client.get(URL + "7kq2m5xa000141", headers=headers)
    assert r.status_code == 200 and r.json()["cnpj"] == ALFANUMERICO


def test_second_call_served_from_cache(client, cnpja, headers) -> None:
    assert client.get(URL + ATIVA, headers=headers).json()["fonte"] == "cnpja_pago"
    assert client.get(URL + ATIVA, headers=headers).json()["fonte"] == "cache"
    assert cnpja.fake.count() == 1


def test_invalid_is_422_cnpj_invalido_without_upstream_call(client, cnpja, headers) -> None:
    r = client.get(URL + "33000167000102", headers=headers)
    assert r.status_code == 422
    body = r.json()
    assert body["code"] == "cnpj_invalido" and "dígitos verificadores" in body["detail"]
    assert cnpja.fake.count() == 0


def test_unknown_is_404_and_remembered(client, cnpja, headers) -> None:
    for _ in range(2):
        r = client.get(URL + DESCONHECIDO, headers=headers)
        assert r.status_code == 404 and r.json()["code"] == "cnpj_nao_encontrado"
    assert cnpja.fake.count() == 1


def test_unavailable_is_503_with_retry_after(client, cnpja, headers) -> None:
    cnpja.fake.paid[PRIMARY] = "401"
    cnpja.fake.paid[SECONDARY] = "timeout"
    cnpja.fake.free = "500"
    r = client.get(URL + ATIVA, headers=headers)
    assert r.status_code == 503
    assert r.json()["code"] == "consulta_indisponivel"
    assert int(r.headers["retry-after"]) >= 1


def test_free_only_when_no_keys(client, cnpja, headers) -> None:
    cnpja.configure(keys=(None, None))
    r = client.get(URL + ATIVA, headers=headers)
    assert r.status_code == 200 and r.json()["fonte"] == "cnpja_gratuito"
    assert cnpja.fake.count("paid") == 0


def test_per_user_limit_is_429_with_retry_after(client, cnpja, make_user, auth_headers, monkeypatch) -> None:
    monkeypatch.setattr(service, "USER_RULE", "1/minute")
    h = auth_headers(make_user("vendedor"))
    assert client.get(URL + ATIVA, headers=h).status_code == 200
    r = client.get(URL + ALFANUMERICO, headers=h)
    assert r.status_code == 429 and r.json()["code"] == "muitas_consultas"
    assert int(r.headers["retry-after"]) >= 1
    assert cnpja.fake.count() == 1


def test_metrics_exposed(client, cnpja, headers) -> None:
    client.get(URL + ATIVA, headers=headers)
    client.get(URL + ATIVA, headers=headers)
    text = client.get("/metrics").text
    for name in (
        'aurora_cnpj_lookups_total{fonte="cache",resultado="ok"}',
        'aurora_cnpj_lookups_total{fonte="cnpja_pago",resultado="ok"}',
        'aurora_cnpj_cache_total{resultado="hit"}',
        'aurora_cnpj_cache_total{resultado="miss"}',
        'aurora_cnpja_breaker_state{provider="cnpja_pago"}',
        "aurora_cnpja_upstream_seconds_bucket",
    ):
        assert name in text
    assert PRIMARY not in text
