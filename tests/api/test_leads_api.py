"""REST: /api/v1/leads — money as exact strings, stages, visibility (404 for others), conversion, board."""

from __future__ import annotations

from tests.builders import mascarar, novo_cnpj

API = "/api/v1"


def _lead(client, h, **kw):
    r = client.post(f"{API}/leads", json={"nome": "Renovação anual", "valor": "1234.56", **kw}, headers=h)
    assert r.status_code == 201, r.text
    return r.json()


def test_valor_exato(client, vend):
    _, h = vend
    assert _lead(client, h)["valor"] == "1234.56"
    assert _lead(client, h, valor=0.1)["valor"] == "0.10"
    assert _lead(client, h, valor=1234)["valor"] == "1234.00"
    for bad in ("-5", "1.999", "abc", 1e300, "NaN", None):
        r = client.post(f"{API}/leads", json={"nome": "x", "valor": bad}, headers=h)
        assert r.status_code == 422, bad


def test_crud_estagios_e_versao(client, vend):
    _, h = vend
    lead = _lead(client, h, previsao_fechamento="2026-12-31", origem="site")
    lid = lead["id"]
    r = client.patch(f"{API}/leads/{lid}", json={"versao": 1, "valor": "99.90", "estagio": "proposta"}, headers=h)
    assert r.status_code == 200 and r.json()["valor"] == "99.90" and r.json()["estagio"] == "proposta"
    assert (
        client.patch(f"{API}/leads/{lid}", json={"versao": 1, "nome": "x"}, headers=h).json()["code"]
        == "conflito_versao"
    )
    r = client.post(f"{API}/leads/{lid}/mover", json={"estagio": "perdido"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "motivo_perda_obrigatorio"
    r = client.post(f"{API}/leads/{lid}/mover", json={"estagio": "perdido", "motivo_perda": "Preço"}, headers=h)
    assert r.status_code == 200 and r.json()["fechado_em"]
    r = client.post(f"{API}/leads/{lid}/mover", json={"estagio": "novo"}, headers=h)
    assert r.json()["fechado_em"] is None and r.json()["motivo_perda"] is None
    assert client.post(f"{API}/leads/{lid}/mover", json={"estagio": "arquivado"}, headers=h).status_code == 422
    atual = client.get(f"{API}/leads/{lid}", headers=h).json()
    atual["nome"] = "Renovação 2027"
    r = client.patch(f"{API}/leads/{lid}", json=atual, headers=h)  # round trip of a GET
    assert r.status_code == 200 and r.json()["nome"] == "Renovação 2027"
    assert client.delete(f"{API}/leads/{lid}", headers=h).status_code == 204
    assert client.get(f"{API}/leads/{lid}", headers=h).status_code == 404


def test_vendedor_nao_ve_lead_alheio(client, vend, vend2, ger):
    lead = _lead(client, vend[1])
    for method, path, body in [
        ("get", f"/leads/{lead['id']}", None),
        ("patch", f"/leads/{lead['id']}", {"versao": 1, "nome": "x"}),
        ("delete", f"/leads/{lead['id']}", None),
        ("post", f"/leads/{lead['id']}/mover", {"estagio": "ganho"}),
        ("post", f"/leads/{lead['id']}/converter", None),
        ("get", f"/leads/{lead['id']}/interacoes", None),
        ("post", f"/leads/{lead['id']}/interacoes", {"descricao": "oi"}),
    ]:
        r = client.request(method.upper(), f"{API}{path}", json=body, headers=vend2[1])
        assert r.status_code == 404, (method, path, r.text)
    assert client.get(f"{API}/leads", headers=vend2[1]).json()["total"] == 0
    assert client.get(f"{API}/leads", params={"responsavel_id": vend[0].id}, headers=vend2[1]).json()["total"] == 0
    assert client.get(f"{API}/leads", headers=ger[1]).json()["total"] == 1
    assert client.get(f"{API}/leads/{lead['id']}", headers=ger[1]).status_code == 200


def test_filtros(client, vend):
    _, h = vend
    _lead(client, h, nome="Expansão Ipê", estagio="qualificado")
    _lead(client, h, nome="Outro")
    assert client.get(f"{API}/leads", params={"busca": "ipe"}, headers=h).json()["total"] == 1
    assert client.get(f"{API}/leads", params={"estagio": "qualificado"}, headers=h).json()["total"] == 1
    r = client.get(f"{API}/leads", params={"estagio": "zzz"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "estagio_invalido"


def test_converter(client, vend):
    _, h = vend
    sem = _lead(client, h)
    r = client.post(f"{API}/leads/{sem['id']}/converter", headers=h)
    assert r.status_code == 422 and r.json()["code"] == "lead_sem_cnpj"
    cnpj = novo_cnpj()
    lead = _lead(client, h, empresa="Nova S.A.", cnpj=mascarar(cnpj))
    r = client.post(f"{API}/leads/{lead['id']}/converter", headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["lead"]["estagio"] == "ganho" and body["lead"]["cliente_id"] == body["cliente"]["id"]
    assert body["cliente"]["cnpj"] == cnpj and body["cliente_criado"] is True
    outro_lead = _lead(client, h, cnpj=cnpj)
    r2 = client.post(f"{API}/leads/{outro_lead['id']}/converter", headers=h).json()
    assert r2["cliente"]["id"] == body["cliente"]["id"] and r2["cliente_criado"] is False


def test_quadro(client, vend, ger):
    _, h = vend
    _lead(client, h, estagio="novo", valor="10")
    _lead(client, h, estagio="novo", valor="5.55")
    _lead(client, ger[1], estagio="ganho", valor="100")
    r = client.get(f"{API}/leads/quadro", params={"por_estagio": 1}, headers=h)
    assert r.status_code == 200
    q = r.json()
    assert list(q) == ["novo", "qualificado", "proposta", "negociacao", "ganho", "perdido"]
    assert q["novo"]["count"] == 2 and q["novo"]["total_valor"] == "15.55" and len(q["novo"]["items"]) == 1
    assert q["ganho"]["count"] == 0
    assert client.get(f"{API}/leads/quadro", headers=ger[1]).json()["ganho"]["total_valor"] == "100.00"
    assert client.get(f"{API}/leads/quadro", params={"por_estagio": 0}, headers=h).status_code == 422


def test_timeline_do_lead(client, vend):
    _, h = vend
    lead = _lead(client, h)
    r = client.post(
        f"{API}/leads/{lead['id']}/interacoes", json={"tipo": "ligacao", "descricao": "Sem resposta"}, headers=h
    )
    assert r.status_code == 201
    page = client.get(f"{API}/leads/{lead['id']}/interacoes", headers=h).json()
    assert page["total"] == 1 and page["items"][0]["tipo"] == "ligacao"


def test_converter_lead_perdido_409(client, vend):
    _, h = vend
    lead = _lead(client, h, cnpj=novo_cnpj(), estagio="perdido", motivo_perda="Sem verba")
    r = client.post(f"{API}/leads/{lead['id']}/converter", headers=h)
    assert r.status_code == 409 and r.json()["code"] == "lead_perdido"
    assert client.get(f"{API}/leads/{lead['id']}", headers=h).json()["estagio"] == "perdido"


def test_mover_com_posicao_na_coluna(client, vend):
    """``apos_id`` places the card right below that lead (0: the top); the board's order follows;
    a stale neighbour is 409 ``conflito_posicao``; a bad one is 422."""
    _, h = vend
    a, b, c = (_lead(client, h, nome=n)["id"] for n in ("A", "B", "C"))

    def coluna():
        r = client.get(f"{API}/leads/quadro", headers=h)
        assert r.status_code == 200, r.text
        return [item["id"] for item in r.json()["novo"]["items"]]

    assert coluna() == [c, b, a]
    r = client.post(f"{API}/leads/{a}/mover", json={"estagio": "novo", "apos_id": 0}, headers=h)
    assert r.status_code == 200, r.text
    assert coluna() == [a, c, b]
    r = client.post(f"{API}/leads/{a}/mover", json={"estagio": "proposta", "apos_id": 0}, headers=h)
    assert r.status_code == 200 and r.json()["estagio"] == "proposta"
    r = client.post(f"{API}/leads/{b}/mover", json={"estagio": "proposta", "apos_id": a}, headers=h)
    assert r.status_code == 200
    assert [i["id"] for i in client.get(f"{API}/leads/quadro", headers=h).json()["proposta"]["items"]] == [a, b]
    r = client.post(f"{API}/leads/{c}/mover", json={"estagio": "novo", "apos_id": a}, headers=h)  # a left "novo"
    assert r.status_code == 409 and r.json()["code"] == "conflito_posicao" and r.json()["campo"] == "apos_id"
    for bad in (-1, "x", True, 2**40):
        r = client.post(f"{API}/leads/{c}/mover", json={"estagio": "novo", "apos_id": bad}, headers=h)
        assert r.status_code == 422, bad


def test_filtros_de_faixa_na_api(client, vend):
    _, h = vend
    _lead(client, h, nome="Barato", valor="100.00", origem="site", previsao_fechamento="2026-12-20")
    _lead(client, h, nome="Caro", valor="9000.00", origem="indicacao")
    r = client.get(f"{API}/leads", params={"valor_min": "1.000,00", "origem": "indicacao"}, headers=h)
    assert r.status_code == 200 and [i["nome"] for i in r.json()["items"]] == ["Caro"] and r.json()["total"] == 1
    r = client.get(f"{API}/leads", params={"previsao_de": "2026-12-01", "previsao_ate": "2026-12-31"}, headers=h)
    assert [i["nome"] for i in r.json()["items"]] == ["Barato"]
    r = client.get(f"{API}/leads", params={"valor_min": "10", "valor_max": "1"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "faixa_invalida" and r.json()["campo"] == "valor_min"
    r = client.get(f"{API}/leads", params={"previsao_de": "amanhã"}, headers=h)
    assert r.status_code == 422 and r.json()["campo"] == "previsao_de"


def test_ordem_na_api(client, vend):
    _, h = vend
    for v in ("300.00", "100.00", "200.00"):
        _lead(client, h, nome=f"Ord {v}", valor=v)
    r = client.get(f"{API}/leads", params={"ordem": "-valor", "limite": 2, "busca": "Ord"}, headers=h)
    assert [i["valor"] for i in r.json()["items"]] == ["300.00", "200.00"]
    r = client.get(
        f"{API}/leads",
        params={"ordem": "-valor", "limite": 2, "busca": "Ord", "cursor": r.json()["next_cursor"]},
        headers=h,
    )
    assert [i["valor"] for i in r.json()["items"]] == ["100.00"] and r.json()["next_cursor"] is None
    r = client.get(f"{API}/leads", params={"ordem": "razao"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "ordem_invalida" and r.json()["campo"] == "ordem"
