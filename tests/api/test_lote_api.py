"""REST: POST /leads/lote (SPEC §4) and POST /clientes/lote."""

from __future__ import annotations

from tests.builders import novo_cnpj

API = "/api/v1"


def test_lote(client, vend, vend2, ger):
    ids = [client.post(f"{API}/leads", json={"nome": f"L{i}"}, headers=vend[1]).json()["id"] for i in range(3)]
    r = client.post(
        f"{API}/leads/lote",
        json={"ids": [*ids, 999999], "acao": "reatribuir", "responsavel_id": vend2[0].id},
        headers=ger[1],
    )
    assert r.status_code == 200, r.text
    assert r.json()["atualizados"] == 3
    assert r.json()["erros"] == [{"id": 999999, "code": "nao_encontrado", "detail": "Lead não encontrado."}]
    assert client.get(f"{API}/leads", headers=vend2[1]).json()["total"] == 3
    r = client.post(f"{API}/leads/lote", json={"ids": ids, "acao": "mover", "estagio": "ganho"}, headers=vend2[1])
    assert r.json() == {"atualizados": 3, "erros": []}
    r = client.post(f"{API}/leads/lote", json={"ids": ids, "acao": "mover", "estagio": "novo"}, headers=vend[1])
    assert (
        r.status_code == 200
        and r.json()["atualizados"] == 0
        and {e["code"] for e in r.json()["erros"]} == {"nao_encontrado"}
    )
    for body in (
        {"ids": ids, "acao": "mover"},
        {"ids": "1,2", "acao": "mover", "estagio": "novo"},
        {"acao": "mover"},
        {"ids": ids, "acao": "arquivar"},
        {"ids": ids, "acao": "mover", "estagio": "novo", "x": 1},
    ):
        assert client.post(f"{API}/leads/lote", json=body, headers=ger[1]).status_code == 422, body
    assert client.post(f"{API}/leads/lote", json={"ids": ids, "acao": "mover", "estagio": "novo"}).status_code == 401
    r = client.post(f"{API}/leads/lote", json={"ids": ids, "acao": "excluir"}, headers=ger[1])
    assert r.status_code == 200 and r.json() == {"atualizados": 3, "erros": []}
    assert all(client.get(f"{API}/leads/{i}", headers=ger[1]).status_code == 404 for i in ids)
    assert client.get(f"{API}/lixeira", params={"tipo": "lead"}, headers=ger[1]).json()["total"] >= 3


def test_lote_de_clientes(client, vend, vend2, ger):
    ids = []
    for _ in range(3):
        r = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Lote Ltda"}, headers=vend[1])
        ids.append(r.json()["id"])
    r = client.post(
        f"{API}/clientes/lote", json={"ids": ids, "acao": "reatribuir", "responsavel_id": vend2[0].id}, headers=ger[1]
    )
    assert r.status_code == 200 and r.json() == {"atualizados": 3, "erros": []}
    assert {client.get(f"{API}/clientes/{i}", headers=ger[1]).json()["responsavel_id"] for i in ids} == {vend2[0].id}
    r = client.post(f"{API}/clientes/lote", json={"ids": ids, "acao": "excluir"}, headers=vend[1])
    assert r.json()["atualizados"] == 0 and {e["code"] for e in r.json()["erros"]} == {"sem_permissao"}
    r = client.post(f"{API}/clientes/lote", json={"ids": ids, "acao": "excluir"}, headers=ger[1])
    assert r.json() == {"atualizados": 3, "erros": []}
    for body in ({"ids": ids, "acao": "reatribuir"}, {"ids": ids, "acao": "mover"}, {"ids": [], "acao": "excluir"}):
        assert client.post(f"{API}/clientes/lote", json=body, headers=ger[1]).status_code == 422, body


def test_exportar_selecionados_e_leads_do_filtro(client, vend, ger):
    """POST /clientes/exportar and /leads/exportar take the selected ids; GET /leads/exportar the
    list's filters; a vendedor may not export (EXPORT_PAPEIS), and bad selections are 422s."""
    c1 = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Sel Um"}, headers=vend[1]).json()
    client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Sel Dois"}, headers=vend[1])
    l1 = client.post(f"{API}/leads", json={"nome": "Sel Lead", "valor": "1234.5", "origem": "evento"}, headers=vend[1])
    client.post(f"{API}/leads", json={"nome": "Outro Lead", "valor": "10"}, headers=vend[1])
    r = client.post(f"{API}/clientes/exportar", json={"ids": [c1["id"], c1["id"]]}, headers=ger[1])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    linhas = r.text.lstrip("\ufeff").splitlines()
    assert len(linhas) == 2 and "Sel Um" in linhas[1]
    r = client.post(f"{API}/leads/exportar", json={"ids": [l1.json()["id"]]}, headers=ger[1])
    linhas = r.text.lstrip("\ufeff").splitlines()
    assert linhas[0].startswith("nome;empresa;cnpj;") and len(linhas) == 2
    assert linhas[1].startswith("Sel Lead;") and ";1234,50;evento;" in linhas[1]
    r = client.get(f"{API}/leads/exportar", params={"origem": "evento"}, headers=ger[1])
    assert r.status_code == 200 and len(r.text.lstrip("\ufeff").splitlines()) == 2
    assert client.get(f"{API}/leads/exportar", params={"valor_min": "x"}, headers=ger[1]).json()["campo"] == "valor_min"
    r = client.post(f"{API}/leads/exportar", json={"ids": [l1.json()["id"]]}, headers=vend[1])
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    for corpo in ({"ids": []}, {"ids": [0]}, {"ids": list(range(1, 1002))}, {"ids": ["a"]}, {}, {"ids": [1], "x": 1}):
        assert client.post(f"{API}/clientes/exportar", json=corpo, headers=ger[1]).status_code == 422, corpo
