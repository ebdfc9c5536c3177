"""REST: GET/POST /visoes, DELETE /visoes/{id} (saved views) and GET /clientes?ordem=."""

from __future__ import annotations

from tests.builders import novo_cnpj

API = "/api/v1"


def test_visoes(client, vend, vend2):
    corpo = {
        "lista": "leads",
        "nome": "Meus leads em negociação",
        "parametros": {"estagio": "negociacao", "ordem": "-valor"},
    }
    r = client.post(f"{API}/visoes", json=corpo, headers=vend[1])
    assert r.status_code == 201, r.text
    visao = r.json()
    assert visao["parametros"] == {"estagio": "negociacao", "ordem": "-valor"} and visao["lista"] == "leads"
    r = client.post(f"{API}/visoes", json=corpo, headers=vend[1])
    assert r.status_code == 409 and r.json()["code"] == "visao_duplicada" and r.json()["campo"] == "nome"
    assert [v["id"] for v in client.get(f"{API}/visoes?lista=leads", headers=vend[1]).json()] == [visao["id"]]
    assert client.get(f"{API}/visoes?lista=leads", headers=vend2[1]).json() == []
    assert client.get(f"{API}/visoes?lista=clientes", headers=vend[1]).json() == []
    assert client.delete(f"{API}/visoes/{visao['id']}", headers=vend2[1]).status_code == 404
    assert client.delete(f"{API}/visoes/{visao['id']}", headers=vend[1]).status_code == 204
    assert client.get(f"{API}/visoes?lista=leads", headers=vend[1]).json() == []


def test_visoes_entrada_ruim_e_4xx_em_portugues(client, vend):
    ruins = [
        ({"lista": "leads", "nome": "x", "parametros": {"estagio": "sonho"}}, "estagio"),
        ({"lista": "clientes", "nome": "x", "parametros": {"uf": "ZZ"}}, "uf"),
        ({"lista": "clientes", "nome": "x", "parametros": {"senha": "1"}}, "parametros"),
        ({"lista": "leads", "nome": "", "parametros": {}}, "nome"),
    ]
    for corpo, campo in ruins:
        r = client.post(f"{API}/visoes", json=corpo, headers=vend[1])
        assert r.status_code == 422 and r.json()["campo"] == campo, (corpo, r.text)
    for corpo in (
        {"lista": "usuarios", "nome": "x"},
        {"lista": "leads", "nome": "x" * 61},
        {"lista": "leads", "nome": "x", "parametros": {"busca": "a\x00b"}},
        {"lista": "leads", "nome": "x", "parametros": {"busca": ["a"]}},
        {"lista": "leads", "nome": "x", "extra": 1},
    ):
        r = client.post(f"{API}/visoes", json=corpo, headers=vend[1])
        assert r.status_code == 422, (corpo, r.text)
    assert client.get(f"{API}/visoes", headers=vend[1]).status_code == 422
    assert client.get(f"{API}/visoes?lista=x", headers=vend[1]).status_code == 422
    assert client.delete(f"{API}/visoes/0", headers=vend[1]).status_code == 422
    assert client.get(f"{API}/visoes?lista=leads").status_code == 401


def test_clientes_ordenados_por_nome(client, vend):
    for nome in ("Zeta Ordem", "Alfa Ordem", "Beta Ordem"):
        client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": nome}, headers=vend[1])
    r = client.get(f"{API}/clientes?busca=ordem&ordem=razao_social&limite=2", headers=vend[1])
    assert r.status_code == 200 and [c["razao_social"] for c in r.json()["items"]] == ["Alfa Ordem", "Beta Ordem"]
    cursor = r.json()["next_cursor"]
    r = client.get(f"{API}/clientes?busca=ordem&ordem=razao_social&limite=2&cursor={cursor}", headers=vend[1])
    assert [c["razao_social"] for c in r.json()["items"]] == ["Zeta Ordem"] and r.json()["next_cursor"] is None
    r = client.get(f"{API}/clientes?ordem=-razao_social&cursor={cursor}", headers=vend[1])
    assert r.status_code == 422 and r.json()["code"] == "cursor_invalido"
    r = client.get(f"{API}/clientes?ordem=cnpj", headers=vend[1])
    assert r.status_code == 422 and r.json()["code"] == "ordem_invalida"
