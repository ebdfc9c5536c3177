"""REST: GET /lixeira, POST /lixeira/{tipo}/{id}/restaurar (SPEC §4)."""

from __future__ import annotations

from tests.builders import novo_cnpj

API = "/api/v1"


def test_lixeira(client, vend, vend2):
    cnpj = novo_cnpj()
    c = client.post(f"{API}/clientes", json={"cnpj": cnpj, "razao_social": "Hotel Brisa"}, headers=vend[1]).json()
    lead = client.post(f"{API}/leads", json={"nome": "Implantação"}, headers=vend[1]).json()
    assert client.delete(f"{API}/clientes/{c['id']}", headers=vend[1]).status_code == 204
    assert client.delete(f"{API}/leads/{lead['id']}", headers=vend[1]).status_code == 204
    r = client.get(f"{API}/lixeira?tipo=cliente", headers=vend[1])
    assert r.status_code == 200 and r.json()["total"] == 1 and r.json()["next_cursor"] is None
    assert r.json()["items"][0]["id"] == c["id"] and r.json()["items"][0]["expira_em"]
    assert [i["id"] for i in client.get(f"{API}/lixeira?tipo=lead", headers=vend[1]).json()["items"]] == [lead["id"]]
    assert client.get(f"{API}/lixeira?tipo=lead", headers=vend2[1]).json()["total"] == 0
    # the CNPJ was registered again meanwhile
    novo = client.post(f"{API}/clientes", json={"cnpj": cnpj, "razao_social": "Outro"}, headers=vend2[1]).json()
    r = client.post(f"{API}/lixeira/cliente/{c['id']}/restaurar", headers=vend[1])
    assert r.status_code == 409 and r.json()["code"] == "cnpj_duplicado" and r.json()["cliente_id"] == novo["id"]
    client.delete(f"{API}/clientes/{novo['id']}", headers=vend2[1])
    r = client.post(f"{API}/lixeira/cliente/{c['id']}/restaurar", headers=vend[1])
    assert r.status_code == 200 and r.json()["razao_social"] == "Hotel Brisa" and r.json()["cnpj"] == cnpj
    assert client.post(f"{API}/lixeira/lead/{lead['id']}/restaurar", headers=vend2[1]).status_code == 404
    r = client.post(f"{API}/lixeira/lead/{lead['id']}/restaurar", headers=vend[1])
    assert r.status_code == 200 and r.json()["nome"] == "Implantação" and "estagio" in r.json()
    assert client.get(f"{API}/leads/{lead['id']}", headers=vend[1]).status_code == 200
    for url in ("/lixeira", "/lixeira?tipo=usuario", "/lixeira?tipo=lead&limite=0", "/lixeira?tipo=lead&cursor=x"):
        assert client.get(f"{API}{url}", headers=vend[1]).status_code == 422, url
    assert client.post(f"{API}/lixeira/usuario/1/restaurar", headers=vend[1]).status_code == 422
    assert client.post(f"{API}/lixeira/cliente/0/restaurar", headers=vend[1]).status_code == 422
    assert client.get(f"{API}/lixeira?tipo=lead").status_code == 401
