"""Request bodies are limited while they are read, before anything parses them (issue 11 #1)."""

from __future__ import annotations

import pytest

from aurora_app.api.middleware import body_limit
from aurora_app.core.config import get_settings
from tests.api.test_platform import _assert_secure

MB = 1024 * 1024


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/leads", "/api/v1/clientes", "/_event", "/qualquer"])
def test_corpo_declarado_grande_demais_e_413_sem_ser_lido(client, path):
    r = client.post(path, content=b"{" + b" " * (2 * MB) + b"}", headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text[:200]
    assert r.json()["code"] == "payload_grande_demais"
    assert "limite desta rota é 1 MB" in r.json()["detail"]
    _assert_secure(r)


def test_corpo_sem_tamanho_declarado_e_contado_enquanto_chega(client):
    lidos = []

    def pedacos():
        for _ in range(64):
            lidos.append(1)
            yield b"x" * (64 * 1024)

    r = client.post("/api/v1/auth/login", content=pedacos(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "payload_grande_demais", r.text[:200]
    _assert_secure(r)


def test_corpo_normal_passa_e_rotas_de_arquivo_tem_seu_limite(client):
    r = client.post("/api/v1/auth/login", json={"email": "ninguem@aurora.dev", "password": "x" * 5000})
    assert r.status_code in (401, 422), r.text[:200]  # reached the route
    assert body_limit("/api/v1/leads") == get_settings().MAX_BODY_BYTES == MB
    assert body_limit("/api/v1/clientes/importar") > 10 * MB
    assert body_limit("/_upload/aurora_app.ui.state.clientes") > 10 * MB


def test_limite_configuravel(client, monkeypatch):
    from aurora_app.core.config import reset_settings_cache

    monkeypatch.setenv("MAX_BODY_BYTES", "4096")
    reset_settings_cache()
    try:
        r = client.post("/api/v1/leads", content=b"x" * 5000, headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and "4 KB" in r.json()["detail"]
    finally:
        monkeypatch.delenv("MAX_BODY_BYTES")
        reset_settings_cache()
