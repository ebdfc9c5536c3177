"""REST: /api/v1/clientes (+ import/export, timelines) — statuses, bodies and the rules end to end."""

from __future__ import annotations

from tests.builders import mascarar, novo_cnpj

API = "/api/v1"


def _cria(client, h, **kw):
    body = {"cnpj": mascarar(novo_cnpj()), "razao_social": "Ipê Comércio Ltda", **kw}
    r = client.post(f"{API}/clientes", json=body, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_sem_token_401(client):
    r = client.get(f"{API}/clientes")
    assert r.status_code == 401 and r.json()["code"] == "nao_autenticado"


def test_crud_completo(client, vend):
    u, h = vend
    c = _cria(client, h, email="A@Ipe.com.br", uf="sp", telefone="(11) 98765-4321")
    assert c["responsavel_id"] == u.id and c["uf"] == "SP" and c["email"] == "a@ipe.com.br" and c["versao"] == 1
    assert client.get(f"{API}/clientes/{c['id']}", headers=h).json()["id"] == c["id"]
    r = client.patch(f"{API}/clientes/{c['id']}", json={"versao": 1, "nome_fantasia": "Ipê"}, headers=h)
    assert r.status_code == 200 and r.json()["versao"] == 2
    stale = client.patch(f"{API}/clientes/{c['id']}", json={"versao": 1, "porte": "ME"}, headers=h)
    assert stale.status_code == 409 and stale.json()["code"] == "conflito_versao"
    # GET → PATCH round trip: read-only fields are ignored
    atual = client.get(f"{API}/clientes/{c['id']}", headers=h).json()
    atual["porte"] = "EPP"
    r = client.patch(f"{API}/clientes/{c['id']}", json=atual, headers=h)
    assert r.status_code == 200 and r.json()["porte"] == "EPP" and r.json()["id"] == c["id"]
    assert client.delete(f"{API}/clientes/{c['id']}", headers=h).status_code == 204
    gone = client.get(f"{API}/clientes/{c['id']}", headers=h)
    assert gone.status_code == 404 and gone.json()["code"] == "nao_encontrado"


def test_cnpj_invalido_e_duplicado(client, vend, vend2):
    _, h = vend
    r = client.post(f"{API}/clientes", json={"cnpj": "11.222.333/0001-00", "razao_social": "X"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "cnpj_invalido" and "CNPJ" in r.json()["detail"]
    c = _cria(client, h, cnpj="12.ABC.345/01DE-35")
    r = client.post(f"{API}/clientes", json={"cnpj": "12abc34501de35", "razao_social": "Y"}, headers=vend2[1])
    assert r.status_code == 409
    assert r.json() == {"detail": r.json()["detail"], "code": "cnpj_duplicado", "cliente_id": c["id"], "campo": "cnpj"}


def test_permissoes_por_papel(client, vend, vend2, ger):
    c = _cria(client, vend[1])
    assert client.get(f"{API}/clientes/{c['id']}", headers=vend2[1]).status_code == 200
    r = client.patch(f"{API}/clientes/{c['id']}", json={"versao": 1, "porte": "ME"}, headers=vend2[1])
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"
    assert client.delete(f"{API}/clientes/{c['id']}", headers=vend2[1]).status_code == 403
    r = client.patch(f"{API}/clientes/{c['id']}", json={"versao": 1, "responsavel_id": vend2[0].id}, headers=ger[1])
    assert r.status_code == 200 and r.json()["responsavel_id"] == vend2[0].id
    r = client.post(
        f"{API}/clientes",
        json={"cnpj": novo_cnpj(), "razao_social": "Z", "responsavel_id": vend2[0].id},
        headers=vend[1],
    )
    assert r.status_code == 403


def test_campos_protegidos_e_desconhecidos(client, vend):
    _, h = vend
    c = _cria(client, h, id=999, versao=42, criado_em="2000-01-01T00:00:00Z")
    assert c["id"] != 999 and c["versao"] == 1 and not c["criado_em"].startswith("2000")
    r = client.post(f"{API}/clientes", json={"cnpj": novo_cnpj(), "razao_social": "X", "admin": True}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "dados_invalidos"
    r = client.patch(f"{API}/clientes/{c['id']}", json={"porte": "ME", "versao": 1, "id": 5}, headers=h)
    assert r.status_code == 200 and r.json()["id"] == c["id"]  # read-only fields ignored


def test_lista_busca_filtros_e_paginas(client, vend, ger):
    _, h = vend
    alvo = _cria(client, h, razao_social="Ótica São João Ltda", cnpj="11.222.333/0001-81", uf="MG")
    for _ in range(4):
        _cria(client, h, razao_social="Outra Ltda", uf="SP")
    _cria(client, ger[1], razao_social="Do Gerente", uf="SP")
    r = client.get(f"{API}/clientes", params={"busca": "otica sao joao"}, headers=h).json()
    assert r["total"] == 1 and r["items"][0]["id"] == alvo["id"] and r["next_cursor"] is None
    assert client.get(f"{API}/clientes", params={"busca": "11.222.333"}, headers=h).json()["total"] == 1
    assert client.get(f"{API}/clientes", params={"uf": "SP"}, headers=h).json()["total"] == 5
    assert client.get(f"{API}/clientes", params={"responsavel_id": ger[0].id}, headers=h).json()["total"] == 1
    seen, cursor = [], None
    while True:
        params = {"limite": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/clientes", params=params, headers=h).json()
        assert page["total"] == 6
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 6
    for bad in ({"limite": 0}, {"limite": 201}, {"cursor": "zzz"}, {"uf": "XX"}):
        r = client.get(f"{API}/clientes", params=bad, headers=h)
        assert r.status_code == 422, bad


def test_importar_e_exportar(client, vend, ger):
    _, h = vend
    a = novo_cnpj()
    csv_text = f"cnpj;razao_social;uf\r\n{mascarar(a)};Açaí do Norte Ltda;PA\r\n11.222.333/0001-00;Ruim;SP\r\n"
    r = client.post(
        f"{API}/clientes/importar", files={"arquivo": ("c.csv", csv_text.encode("latin-1"), "text/csv")}, headers=h
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["criados"] == 1 and body["atualizados"] == 0 and body["erros"][0]["linha"] == 3
    r = client.post(f"{API}/clientes/importar", content=csv_text.encode(), headers={**h, "Content-Type": "text/csv"})
    assert r.status_code == 200 and r.json()["inalterados"] == 1
    r = client.get(f"{API}/clientes/exportar", params={"uf": "PA"}, headers=h)
    assert r.status_code == 403 and r.json()["code"] == "sem_permissao"  # vendedores don't export by default
    exp = client.get(f"{API}/clientes/exportar", params={"uf": "PA"}, headers=ger[1])
    assert exp.status_code == 200 and exp.headers["content-type"].startswith("text/csv")
    assert "attachment" in exp.headers["content-disposition"]
    assert exp.content.startswith("\ufeff".encode())
    text = exp.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("cnpj;razao_social") and "Açaí do Norte Ltda" in text and "\r\n" in text


def test_importar_erros_de_envio(client, vend, monkeypatch):
    _, h = vend
    assert (
        client.post(
            f"{API}/clientes/importar", files={"outro": ("c.csv", b"cnpj\n", "text/csv")}, headers=h
        ).status_code
        == 400
    )
    assert client.post(f"{API}/clientes/importar", json={"a": 1}, headers=h).status_code == 415
    assert (
        client.post(f"{API}/clientes/importar", files={"arquivo": ("c.csv", b"", "text/csv")}, headers=h).status_code
        == 400
    )
    r = client.post(f"{API}/clientes/importar", files={"arquivo": ("c.csv", b"nome\nx\n", "text/csv")}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "csv_sem_cnpj"
    monkeypatch.setattr("aurora_app.api.routes.clientes.MAX_IMPORT_BYTES", 1000)
    monkeypatch.setattr("aurora_app.api.routes.clientes.MULTIPART_FOLGA", 100)
    big = b"cnpj\n" + b"11222333000181\n" * 200
    r = client.post(f"{API}/clientes/importar", files={"arquivo": ("c.csv", big, "text/csv")}, headers=h)
    assert r.status_code == 413 and r.json()["code"] == "arquivo_grande_demais"

    def chunks():
        for _ in range(100):
            yield b"x" * 100

    r = client.post(f"{API}/clientes/importar", content=chunks(), headers={**h, "Content-Type": "text/csv"})
    assert r.status_code == 413  # no Content-Length: counted while streaming


def test_timeline_do_cliente(client, vend, vend2):
    c = _cria(client, vend[1])
    r = client.post(
        f"{API}/clientes/{c['id']}/interacoes", json={"tipo": "nota", "descricao": "Primeiro contato"}, headers=vend2[1]
    )
    assert r.status_code == 201 and r.json()["autor_nome"] == vend2[0].nome
    t = client.post(
        f"{API}/clientes/{c['id']}/interacoes",
        json={"tipo": "tarefa", "descricao": "Ligar", "vence_em": "2026-12-01T12:00:00Z"},
        headers=vend[1],
    ).json()
    r = client.patch(f"{API}/interacoes/{t['id']}", json={"concluida": True}, headers=vend[1])
    assert r.status_code == 200 and r.json()["concluida"] is True
    page = client.get(f"{API}/clientes/{c['id']}/interacoes", headers=vend[1]).json()
    assert [i["id"] for i in page["items"]] == [t["id"], page["items"][1]["id"]] and page["total"] == 2
    assert client.get(f"{API}/clientes/999999/interacoes", headers=vend[1]).status_code == 404


def test_responsaveis(client, vend):
    r = client.get(f"{API}/responsaveis", headers=vend[1])
    assert r.status_code == 200 and {"id": vend[0].id, "nome": vend[0].nome} in r.json()


def test_patch_sem_versao_aplica_e_versao_velha_e_409(client, auth_headers):
    """SPEC §4 (issue 8 #8): ``versao`` is optional on PATCH, for clientes and leads alike."""
    from tests.builders import novo_cnpj, usuario

    h = auth_headers(usuario("gerente"))
    c = client.post("/api/v1/clientes", json={"cnpj": novo_cnpj(), "razao_social": "Sem Versao"}, headers=h).json()
    r = client.patch(f"/api/v1/clientes/{c['id']}", json={"razao_social": "Sem Versao 2"}, headers=h)
    assert r.status_code == 200 and r.json()["versao"] == 2 and r.json()["razao_social"] == "Sem Versao 2"
    stale = client.patch(f"/api/v1/clientes/{c['id']}", json={"versao": 1, "razao_social": "X"}, headers=h)
    assert stale.status_code == 409 and stale.json()["code"] == "conflito_versao"
    lead = client.post("/api/v1/leads", json={"nome": "Lead sem versao"}, headers=h).json()
    r = client.patch(f"/api/v1/leads/{lead['id']}", json={"nome": "Lead 2"}, headers=h)
    assert r.status_code == 200 and r.json()["versao"] == 2
    assert client.patch(f"/api/v1/leads/{lead['id']}", json={"versao": 1, "nome": "X"}, headers=h).status_code == 409


def test_importar_com_mapeamento_pela_api(client, vend):
    """``POST /clientes/importar/analise`` shows the columns, their mapping and the first rows; the
    import takes the same ``mapeamento`` form field; bad JSON or an unknown field is a 422."""
    _, h = vend
    texto = f"Empresa;Documento\r\nPadaria Sol Ltda;{mascarar(novo_cnpj())}\r\nRuim;999\r\n".encode()
    arquivo = {"arquivo": ("c.csv", texto, "text/csv")}
    r = client.post(f"{API}/clientes/importar/analise", files=arquivo, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["mapeamento"] == {"Empresa": None, "Documento": None} and r.json()["problema"]
    mapa = '{"Empresa": "razao_social", "Documento": "cnpj"}'
    r = client.post(f"{API}/clientes/importar/analise", files=arquivo, data={"mapeamento": mapa}, headers=h)
    amostra = r.json()["amostra"]
    assert [a["linha"] for a in amostra] == [2, 3] and amostra[0]["problema"] == "" and amostra[1]["problema"]
    r = client.post(f"{API}/clientes/importar", files=arquivo, data={"mapeamento": mapa}, headers=h)
    assert r.status_code == 200 and r.json()["criados"] == 1 and [e["linha"] for e in r.json()["erros"]] == [3]
    for ruim in ("{nao é json", '{"Empresa": "senha"}', "[1, 2]"):
        r = client.post(f"{API}/clientes/importar/analise", files=arquivo, data={"mapeamento": ruim}, headers=h)
        assert r.status_code == 422 and r.json()["campo"] == "mapeamento", ruim
