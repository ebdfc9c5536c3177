"""Hostile input never produces a 5xx: every bad request is a 4xx with a pt-BR message."""

from __future__ import annotations

import itertools

import pytest

from tests.crm_helpers import novo_cnpj, usuario

API = "/api/v1"

NASTY = [
    None, True, 0, -1, 2**63, 10**40, 1.5e308, "", " ", "\x00", "a\x00b", "x" * 100_000,
    "' OR 1=1 --", "'; DROP TABLE cliente; --", "<script>alert(1)</script>", "{{7*7}}", "${jndi:ldap://x}",
    "../../etc/passwd", "😀" * 50, "\u202e\u0000", [], {}, {"$gt": ""}, ["a", "b"],
]
CLIENTE_FIELDS = ["cnpj", "razao_social", "nome_fantasia", "email", "telefone", "cep", "uf", "responsavel_id", "numero"]
LEAD_FIELDS = ["nome", "valor", "estagio", "origem", "cnpj", "previsao_fechamento", "responsavel_id", "email", "motivo_perda"]


@pytest.fixture
def h(auth_headers):
    return auth_headers(usuario("gerente"))


@pytest.fixture
def ids(client, h):
    c = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Alvo"}, headers=h).json()
    lead = client.post(f"{API}/leads", json={"nome": "Alvo", "cnpj": novo_cnpj()}, headers=h).json()
    return c["id"], lead["id"]


def _ok(r):
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400:
        body = r.json()
        assert body.get("detail") and body.get("code"), body


def test_campos_hostis_em_clientes(client, h, ids):
    cid, _ = ids
    for field, value in itertools.product(CLIENTE_FIELDS, NASTY):
        body = {"cnpj": novo_cnpj(), "razao_social": "Ok", field: value}
        _ok(client.post(f"{API}/clientes", json=body, headers=h))
        _ok(client.patch(f"{API}/clientes/{cid}", json={"versao": 1, field: value}, headers=h))
    for value in NASTY:
        _ok(client.patch(f"{API}/clientes/{cid}", json={"versao": value}, headers=h))


def test_campos_hostis_em_leads_e_interacoes(client, h, ids):
    cid, lid = ids
    for field, value in itertools.product(LEAD_FIELDS, NASTY):
        _ok(client.post(f"{API}/leads", json={"nome": "Ok", field: value}, headers=h))
        _ok(client.patch(f"{API}/leads/{lid}", json={"versao": 1, field: value}, headers=h))
        _ok(client.post(f"{API}/leads/{lid}/mover", json={"estagio": value, "motivo_perda": value}, headers=h))
    for field, value in itertools.product(["tipo", "descricao", "vence_em"], NASTY):
        _ok(client.post(f"{API}/clientes/{cid}/interacoes", json={"descricao": "ok", field: value}, headers=h))
        _ok(client.post(f"{API}/leads/{lid}/interacoes", json={"descricao": "ok", field: value}, headers=h))
    for value in NASTY:
        _ok(client.patch(f"{API}/interacoes/1", json={"concluida": value}, headers=h))


@pytest.mark.parametrize(
    "raw",
    [b"{", b"[]", b"null", b'"texto"', b"{\"cnpj\": }", b"\xff\xfe\x00", b"{\"razao_social\": \"a\"}" * 1000, b"1e999999"],
)
def test_json_malformado(client, h, raw):
    for path in ("/clientes", "/leads", "/clientes/1/interacoes"):
        _ok(client.post(f"{API}{path}", content=raw, headers={**h, "Content-Type": "application/json"}))
    _ok(client.patch(f"{API}/clientes/1", content=raw, headers={**h, "Content-Type": "application/json"}))


@pytest.mark.parametrize(
    "path",
    ["/clientes/abc", "/clientes/-1", "/clientes/0", "/clientes/99999999999999999999", "/clientes/1.5",
     "/leads/%00", "/leads/9223372036854775808", "/interacoes/xyz", "/clientes/2147483648/interacoes",
     "/leads/1%27%20OR%201=1"],
)
def test_ids_hostis_na_url(client, h, path):
    _ok(client.get(f"{API}{path}", headers=h))
    _ok(client.delete(f"{API}{path}", headers=h))


@pytest.mark.parametrize(
    "params",
    [
        {"busca": "%"}, {"busca": "_"}, {"busca": "\\"}, {"busca": "' OR 1=1 --"}, {"busca": "\x00"},
        {"busca": "x" * 5000}, {"busca": "<img src=x onerror=alert(1)>"}, {"uf": "São"}, {"uf": "\x00"},
        {"responsavel_id": "abc"}, {"responsavel_id": "99999999999999999999"}, {"responsavel_id": "-3"},
        {"limite": "abc"}, {"limite": "99999999999999999999"}, {"limite": "-1"}, {"cursor": "!!!"},
        {"cursor": "WyJ4IiwxXQ"}, {"cursor": "x" * 5000}, {"cursor": "WzEsMl0"}, {"cursor": "eyJhIjoxfQ"},
        {"cursor": "WyI5OTk5OS0wMS0wMSIsMV0"}, {"estagio": "' OR 1=1"}, {"estagio": "\x00"},
    ],
)
def test_parametros_hostis_nas_listas(client, h, params):
    for path in ("/clientes", "/leads", "/clientes/exportar", "/leads/quadro"):
        _ok(client.get(f"{API}{path}", params=params, headers=h))


def test_busca_com_caracteres_especiais_nao_vira_curinga(client, h):
    client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Normal"}, headers=h)
    for q in ("%", "_", "\\", "%%"):
        r = client.get(f"{API}/clientes", params={"busca": q}, headers=h)
        assert r.status_code == 200 and r.json()["total"] == 0


def test_markup_e_sql_sao_guardados_como_texto(client, h):
    payload = "<script>alert('x')</script>'; DROP TABLE cliente; --"
    r = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": payload}, headers=h)
    assert r.status_code == 201 and r.json()["razao_social"] == payload
    assert client.get(f"{API}/clientes", headers=h).json()["total"] == 1


def test_csv_hostil(client, h):
    csvs = [
        b"\x00\x01\x02",
        b"cnpj\n" + b"\"" * 1000,
        b"cnpj;razao_social\n" + b"11222333000181;" + b"x" * 300_000 + b"\n",
        b"cnpj,razao_social\n=1+1,=cmd|' /C calc'!A0\n",
        "cnpj;razão_social\n11.222.333/0001-81;Ok\n".encode("utf-16"),
        b"\xef\xbb\xbf",
        b"cnpj\n" + b"a,b,c,d\n" * 100,
    ]
    for content in csvs:
        _ok(client.post(f"{API}/clientes/importar", files={"arquivo": ("x.csv", content, "text/csv")}, headers=h))
    _ok(client.post(f"{API}/clientes/importar", content=b"--xx\r\nbroken", headers={**h, "Content-Type": "multipart/form-data; boundary=xx"}))
    _ok(client.post(f"{API}/clientes/importar", content=b"abc", headers={**h, "Content-Type": "multipart/form-data"}))
    _ok(client.post(f"{API}/clientes/importar", content=b"", headers={**h, "Content-Length": "abc", "Content-Type": "text/csv"}))


def test_token_hostil(client):
    for token in ("", "x", "a.b.c", "Bearer", "' OR 1=1", "\u00e9" * 10):
        r = client.get(f"{API}/clientes", headers={"Authorization": f"Bearer {token}".encode()})
        assert r.status_code == 401
