"""REST: a lead's timeline carries the system's entries (``sistema: true``); they cannot be edited."""

from __future__ import annotations

from tests.builders import usuario

API = "/api/v1"


def test_historico_automatico_pela_api(client, ger, auth_headers):
    ana = usuario("vendedor", nome="Ana")
    h = ger[1]
    lead = client.post(f"{API}/leads", json={"nome": "Hotel X", "responsavel_id": ana.id}, headers=h).json()
    r = client.patch(f"{API}/leads/{lead['id']}", json={"estagio": "qualificado"}, headers=h)
    assert r.status_code == 200, r.text
    r = client.post(
        f"{API}/leads/lote", json={"ids": [lead["id"]], "acao": "reatribuir", "responsavel_id": ger[0].id}, headers=h
    )
    assert r.json()["atualizados"] == 1, r.text
    client.post(f"{API}/leads/{lead['id']}/interacoes", json={"tipo": "nota", "descricao": "Ligação feita"}, headers=h)
    items = client.get(f"{API}/leads/{lead['id']}/interacoes", headers=h).json()["items"]
    assert [(i["descricao"], i["sistema"]) for i in items] == [
        ("Ligação feita", False),
        (f"Responsável: Ana → {ger[0].nome}", True),
        ("Estágio: Novo → Qualificado", True),
    ]
    registro = items[1]["id"]
    r = client.patch(f"{API}/interacoes/{registro}", json={"descricao": "forjado"}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "registro_do_sistema"
    r = client.delete(f"{API}/interacoes/{registro}", headers=h)
    assert r.status_code == 403 and r.json()["code"] == "registro_do_sistema"
    # a client cannot forge one
    r = client.post(f"{API}/leads/{lead['id']}/interacoes", json={"descricao": "x", "sistema": True}, headers=h)
    assert r.status_code == 422
    # the lead's former owner no longer sees it, nor its history
    assert client.get(f"{API}/leads/{lead['id']}/interacoes", headers=auth_headers(ana)).status_code == 404
