"""REST: GET /tarefas (Brasília days), PATCH and DELETE /interacoes/{id} (SPEC §4)."""

from __future__ import annotations

from datetime import timedelta

from aurora_app.services.tarefas import dia_de_brasilia
from tests.builders import novo_cnpj

API = "/api/v1"


def _cliente(client, h):
    return client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Padaria Ipê"}, headers=h).json()


def _tarefa(client, h, cliente_id, vence_em, texto="Ligar"):
    body = {"tipo": "tarefa", "descricao": texto, "vence_em": vence_em.isoformat() if vence_em else None}
    r = client.post(f"{API}/clientes/{cliente_id}/interacoes", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_minhas_tarefas(client, vend, vend2, ger):
    c = _cliente(client, vend[1])
    inicio, fim = dia_de_brasilia()
    atrasada = _tarefa(client, vend[1], c["id"], inicio - timedelta(minutes=1))
    hoje = _tarefa(client, vend[1], c["id"], inicio + timedelta(minutes=1))
    hoje2 = _tarefa(client, vend[1], c["id"], fim - timedelta(minutes=1))
    proxima = _tarefa(client, vend[1], c["id"], fim)
    _tarefa(client, vend2[1], c["id"], inicio + timedelta(minutes=5))

    def ids(sit, h=vend[1], **kw):
        r = client.get(f"{API}/tarefas", params={"situacao": sit, **kw}, headers=h)
        assert r.status_code == 200, r.text
        return [i["id"] for i in r.json()["items"]]

    assert ids("atrasadas") == [atrasada["id"]]
    assert ids("hoje") == [hoje["id"], hoje2["id"]]
    assert ids("proximas") == [proxima["id"]]
    assert ids("concluidas") == []
    r = client.patch(f"{API}/interacoes/{hoje['id']}", json={"concluida": True}, headers=vend[1])
    assert r.status_code == 200 and r.json()["concluida"] and r.json()["concluida_em"]
    assert ids("concluidas") == [hoje["id"]] and ids("hoje") == [hoje2["id"]]
    item = client.get(f"{API}/tarefas?situacao=atrasadas", headers=vend[1]).json()
    assert item["total"] == 1 and item["next_cursor"] is None
    assert {"vence_em", "concluida", "cliente_id", "lead_id", "alvo_nome"} <= item["items"][0].keys()
    assert ids("hoje", h=ger[1], responsavel_id=vend[0].id) == [hoje2["id"]]
    r = client.get(f"{API}/tarefas", params={"responsavel_id": vend[0].id}, headers=vend2[1])
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    for bad in ({"situacao": "ontem"}, {"limite": 0}, {"cursor": "xx"}, {"responsavel_id": 0}):
        assert client.get(f"{API}/tarefas", params=bad, headers=vend[1]).status_code == 422, bad
    assert client.get(f"{API}/tarefas").status_code == 401


def test_editar_excluir_interacao(client, vend, vend2, ger):
    c = _cliente(client, vend[1])
    r = client.post(f"{API}/clientes/{c['id']}/interacoes", json={"descricao": "Visitei a loja"}, headers=vend2[1])
    nota = r.json()
    url = f"{API}/interacoes/{nota['id']}"
    r = client.patch(url, json={"descricao": "x"}, headers=vend[1])  # not the author: 403
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    assert client.delete(url, headers=vend[1]).status_code == 403
    r = client.patch(url, json={"descricao": "Visitei a loja e deixei catálogo"}, headers=vend2[1])
    assert r.status_code == 200 and r.json()["descricao"] == "Visitei a loja e deixei catálogo"
    for bad in (
        {},
        {"descricao": ""},
        {"descricao": None},
        {"concluida": None},
        {"autor_id": 1},
        {"vence_em": "amanhã"},
    ):
        assert client.patch(url, json=bad, headers=vend2[1]).status_code == 422, bad
    assert client.patch(url, json={"concluida": True}, headers=vend2[1]).json()["code"] == "nao_e_tarefa"
    assert client.delete(url, headers=ger[1]).status_code == 204
    assert client.delete(url, headers=ger[1]).status_code == 404
    # a note on someone else's lead: 404 for a vendedor who does not see the lead
    lead = client.post(f"{API}/leads", json={"nome": "Oportunidade"}, headers=vend[1]).json()
    n2 = client.post(f"{API}/leads/{lead['id']}/interacoes", json={"descricao": "x"}, headers=vend[1]).json()
    assert client.patch(f"{API}/interacoes/{n2['id']}", json={"descricao": "y"}, headers=vend2[1]).status_code == 404
    assert client.delete(f"{API}/interacoes/{n2['id']}", headers=vend2[1]).status_code == 404
    assert client.delete(f"{API}/interacoes/{n2['id']}", headers=vend[1]).status_code == 204
