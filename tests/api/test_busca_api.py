"""REST: GET /busca?q= → {clientes, leads, contatos} (SPEC §4)."""

from __future__ import annotations

from tests.builders import mascarar, novo_cnpj

API = "/api/v1"


def test_busca(client, vend, vend2):
    cnpj = novo_cnpj()
    c = client.post(
        f"{API}/clientes", json={"cnpj": cnpj, "razao_social": "Hotel Brisa do Mar"}, headers=vend2[1]
    ).json()
    client.post(f"{API}/clientes/{c['id']}/contatos", json={"nome": "Ana Brisa"}, headers=vend2[1])
    meu = client.post(f"{API}/leads", json={"nome": "Brisa 2027"}, headers=vend[1]).json()
    client.post(f"{API}/leads", json={"nome": "Brisa do outro"}, headers=vend2[1])
    r = client.get(f"{API}/busca", params={"q": "brisa"}, headers=vend[1])
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"clientes", "leads", "contatos"}
    assert [x["id"] for x in body["clientes"]] == [c["id"]] and [x["id"] for x in body["leads"]] == [meu["id"]]
    assert [x["nome"] for x in body["contatos"]] == ["Ana Brisa"] and body["contatos"][0]["cliente_id"] == c["id"]
    r = client.get(f"{API}/busca", params={"q": mascarar(cnpj)}, headers=vend[1])
    assert [x["id"] for x in r.json()["clientes"]] == [c["id"]]
    for params in ({}, {"q": ""}, {"q": "x" * 201}, {"q": "a", "limite": 50}):
        r = client.get(f"{API}/busca", params=params, headers=vend[1])
        assert r.status_code == 422, (params, r.text)
    assert client.get(f"{API}/busca?q=brisa").status_code == 401
