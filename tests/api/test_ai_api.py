"""/api/v1/ai over HTTP: answer shapes (SPEC §4), 404 for unreadable records, 422 for bad votes,
503 with a pt-BR message when the store is unreachable."""

from __future__ import annotations

import socket

from aurora_app.ai_core.store import reset_clients
from aurora_app.core.config import reset_settings_cache
from tests.ai_helpers import CONFIDENCIAL, mundo

API = "/api/v1/ai"


def test_sugestoes_busca_e_feedback(client, auth_headers):
    m = mundo()
    h = auth_headers(m.dono)
    r = client.get(f"{API}/sugestoes", params={"lead_id": m.alvo.id}, headers=h)
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert items and set(items[0]) == {"id", "tipo", "texto", "score", "fontes"}
    assert {"tipo", "id", "trecho"} <= set(items[0]["fontes"][0])
    assert client.get(f"{API}/sugestoes", params={"cliente_id": m.cliente.id}, headers=h).status_code == 200

    r = client.get(f"{API}/busca", params={"q": "comissão por fora"}, headers=h)
    assert r.status_code == 200 and CONFIDENCIAL not in r.text
    assert {"tipo", "id", "trecho", "score", "cliente_id", "lead_id"} <= set(r.json()["items"][0])

    r = client.post(f"{API}/feedback", json={"sugestao_id": items[0]["id"], "voto": -1}, headers=h)
    assert r.status_code == 201 and r.json()["voto"] == -1


def test_erros(client, auth_headers):
    m = mundo()
    h = auth_headers(m.dono)
    assert (
        client.get(f"{API}/sugestoes", params={"lead_id": m.confidencial.id}, headers=h).json()["code"]
        == "nao_encontrado"
    )
    for params in ({"lead_id": 999_999}, {"cliente_id": 999_999}, {"lead_id": m.confidencial.id}):
        assert client.get(f"{API}/sugestoes", params=params, headers=h).status_code == 404
    for params in ({}, {"lead_id": 0}, {"lead_id": "x"}, {"lead_id": m.alvo.id, "cliente_id": m.cliente.id}):
        assert client.get(f"{API}/sugestoes", params=params, headers=h).status_code == 422
    for body in (
        {"sugestao_id": "proximo_passo:interacao:1", "voto": 0},
        {"sugestao_id": "proximo_passo:interacao:1", "voto": 2},
        {"sugestao_id": "proximo_passo:interacao:1", "voto": "1"},
        {"sugestao_id": "proximo_passo:interacao:1", "voto": True},
        {"sugestao_id": "proximo_passo:interacao:1", "voto": 1.0},
        {"sugestao_id": "proximo_passo:interacao:1"},
        {"sugestao_id": "<script>", "voto": 1},
        {"voto": 1},
    ):
        r = client.post(f"{API}/feedback", json=body, headers=h)
        assert r.status_code == 422, (body, r.text)
    assert (
        client.post(
            f"{API}/feedback", json={"sugestao_id": f"negocio_ganho:lead:{m.confidencial.id}", "voto": 1}, headers=h
        ).status_code
        == 404
    )
    for q in ("", " ", "x" * 301):
        assert client.get(f"{API}/busca", params={"q": q}, headers=h).status_code == 422
    assert client.get(f"{API}/busca", params={"q": "farmácia"}).status_code == 401


def test_store_fora_do_ar_da_503_e_o_resto_da_api_segue(client, auth_headers, monkeypatch):
    m = mundo()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("CHROMA_URL", f"http://127.0.0.1:{port}")
    reset_settings_cache()
    reset_clients()
    h = auth_headers(m.dono)
    r = client.get(f"{API}/sugestoes", params={"lead_id": m.alvo.id}, headers=h)
    assert r.status_code == 503 and r.json()["code"] == "ia_indisponivel" and "indisponíveis" in r.json()["detail"]
    assert client.get(f"/api/v1/leads/{m.alvo.id}", headers=h).status_code == 200
