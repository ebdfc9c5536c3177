"""REST: /clientes/{id}/contatos, /contatos/{id}, /clientes/{id}/leads (SPEC §4)."""

from __future__ import annotations

from tests.builders import novo_cnpj
from tests.fakes.cnpja_fixtures import ATIVA, cnpja  # noqa: F401 - the fake CNPJá fixture

API = "/api/v1"


def _cliente(client, h):
    r = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Hotel Brisa do Mar"}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_contatos_crud_e_permissoes(client, vend, vend2, ger):
    c = _cliente(client, vend[1])
    url = f"{API}/clientes/{c['id']}/contatos"
    r = client.post(
        url,
        json={"nome": "Maria", "cargo": "Compras", "whatsapp": "(11) 98765-4321", "id": 77, "cliente_id": 999},
        headers=vend[1],
    )
    assert r.status_code == 201, r.text
    k = r.json()
    assert k["cliente_id"] == c["id"] and k["whatsapp"] == "11987654321" and k["base_legal"] == "legitimo_interesse"
    lista = client.get(url, headers=vend2[1]).json()
    assert lista["total"] == 1 and lista["next_cursor"] is None and lista["items"][0]["id"] == k["id"]
    assert client.get(f"{API}/contatos/{k['id']}", headers=vend2[1]).status_code == 200
    for method, path, body in [
        ("post", url, {"nome": "x"}),
        ("patch", f"/contatos/{k['id']}", {"cargo": "x"}),
        ("delete", f"/contatos/{k['id']}", None),
    ]:
        r = client.request(
            method.upper(), path if path.startswith(API) else f"{API}{path}", json=body, headers=vend2[1]
        )
        assert r.status_code == 403 and r.json()["code"] == "sem_permissao", (method, r.text)
    r = client.patch(
        f"{API}/contatos/{k['id']}", json={**k, "cargo": "Diretora"}, headers=ger[1]
    )  # round trip of a GET
    assert r.status_code == 200 and r.json()["cargo"] == "Diretora" and r.json()["versao"] == 2
    r = client.patch(f"{API}/contatos/{k['id']}", json={"cargo": "x", "versao": 1}, headers=vend[1])
    assert r.status_code == 409 and r.json()["code"] == "conflito_versao"
    assert client.delete(f"{API}/contatos/{k['id']}", headers=vend[1]).status_code == 204
    assert client.get(f"{API}/contatos/{k['id']}", headers=vend[1]).json()["code"] == "nao_encontrado"


def test_contatos_entradas_ruins(client, vend):
    c = _cliente(client, vend[1])
    url = f"{API}/clientes/{c['id']}/contatos"
    for body in (
        {},
        {"nome": ""},
        {"nome": "x", "base_legal": "qualquer"},
        {"nome": "x", "email": "não"},
        {"nome": "x", "base_legal": "consentimento"},
        {"nome": "x", "extra": 1},
    ):
        r = client.post(url, json=body, headers=vend[1])
        assert r.status_code == 422, (body, r.text)
    assert client.get(f"{API}/clientes/999999/contatos", headers=vend[1]).status_code == 404
    assert client.get(f"{API}/contatos/0", headers=vend[1]).status_code == 422
    assert (
        client.get(f"{API}/clientes/{c['id']}/contatos?cursor=lixo", headers=vend[1]).json()["code"]
        == "cursor_invalido"
    )
    assert client.get(f"{API}/clientes/{c['id']}/contatos", headers={}).status_code == 401


def test_leads_do_cliente(client, vend, vend2, ger):
    c = _cliente(client, vend[1])
    k = client.post(f"{API}/clientes/{c['id']}/contatos", json={"nome": "Maria"}, headers=vend[1]).json()
    meu = client.post(
        f"{API}/leads", json={"nome": "Implantação", "cliente_id": c["id"], "contato_id": k["id"]}, headers=vend[1]
    ).json()
    assert (meu["cliente_id"], meu["contato_id"], meu["cnpj"]) == (c["id"], k["id"], c["cnpj"])
    client.post(f"{API}/leads", json={"nome": "Do outro", "cliente_id": c["id"]}, headers=vend2[1])
    client.post(f"{API}/leads", json={"nome": "Sem cliente"}, headers=vend[1])
    r = client.get(f"{API}/clientes/{c['id']}/leads", headers=vend[1])
    assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == [meu["id"]] and r.json()["total"] == 1
    pag = client.get(f"{API}/clientes/{c['id']}/leads?limite=1", headers=ger[1]).json()
    assert pag["total"] == 2 and len(pag["items"]) == 1 and pag["next_cursor"]
    resto = client.get(f"{API}/clientes/{c['id']}/leads?limite=1&cursor={pag['next_cursor']}", headers=ger[1]).json()
    assert resto["items"][0]["id"] != pag["items"][0]["id"] and resto["next_cursor"] is None
    assert client.get(f"{API}/clientes/999999/leads", headers=vend[1]).status_code == 404
    r = client.post(f"{API}/leads", json={"nome": "x", "contato_id": 999999}, headers=vend[1])
    assert r.status_code == 404 and r.json()["code"] == "nao_encontrado"


def test_socios_do_cnpj_viram_contatos(client, vend, vend2, cnpja):  # noqa: F811
    """``POST /clientes/{id}/contatos/socios``: the partners (people) of the cliente's CNPJ as its
    contacts, once; someone who may not edit the cliente gets 403; a CNPJ the register does not
    know is 404 ``cnpj_nao_encontrado``, nothing created."""
    r = client.post(f"{API}/clientes", json={"cnpj": ATIVA, "razao_social": "Horizonte"}, headers=vend[1])
    assert r.status_code == 201, r.text
    url = f"{API}/clientes/{r.json()['id']}/contatos/socios"
    assert client.post(url, headers=vend2[1]).json()["code"] == "sem_permissao"
    r = client.post(url, headers=vend[1])
    assert r.status_code == 200, r.text
    assert sorted(c["nome"] for c in r.json()["items"]) == ["Luiza Teixeira", "Marcos Teixeira"]
    assert r.json()["ignorados"] == 0
    again = client.post(url, headers=vend[1]).json()
    assert again["items"] == [] and again["ignorados"] == 2
    assert cnpja.fake.count() == 1
    outro = _cliente(client, vend[1])  # a random valid CNPJ the fake register does not know
    r = client.post(f"{API}/clientes/{outro['id']}/contatos/socios", headers=vend[1])
    assert r.status_code == 404 and r.json()["code"] == "cnpj_nao_encontrado"
    assert client.get(f"{API}/clientes/{outro['id']}/contatos", headers=vend[1]).json()["total"] == 0
    assert client.post(f"{API}/clientes/999999/contatos/socios", headers=vend[1]).status_code == 404
