"""Issue 11 #8: what production does not show to the internet (metrics, API docs)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from aurora_app.core.config import reset_settings_cache

CHAVE = "rJ9cZ2m1x8S4nq0C3v7bW5eT6yU2iO1pA9sD8fG7hJk="  # a Fernet key for the production settings


@pytest.fixture
def env(monkeypatch):
    def _set(**values):
        for k, v in values.items():
            monkeypatch.setenv(k, v)
        reset_settings_cache()

    yield _set
    reset_settings_cache()


def _client(client_addr=("203.0.113.9", 5000)):
    from aurora_app.api import build_api

    return TestClient(build_api(), client=client_addr)


def test_em_producao_metrics_so_para_a_rede_interna(env):
    env(AURORA_ENV="production", SECRET_KEY="s" * 40, DATA_ENCRYPTION_KEY=CHAVE)
    assert _client(("203.0.113.9", 5000)).get("/metrics").status_code == 404  # the internet
    assert _client(("172.28.0.5", 5000)).get("/metrics").status_code == 200  # Prometheus on the compose network
    via_proxy = _client(("172.28.0.10", 5000)).get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert via_proxy.status_code == 404  # anything that came through a proxy is the internet


def test_metrics_com_token(env):
    env(METRICS_TOKEN="t" * 32)
    c = _client(("127.0.0.1", 5000))
    assert c.get("/metrics").status_code == 404
    assert c.get("/metrics", headers={"Authorization": "Bearer errado"}).status_code == 404
    assert c.get("/metrics", headers={"Authorization": f"Bearer {'t' * 32}"}).status_code == 200


def test_docs_desligadas_em_producao(env):
    env(AURORA_ENV="production", SECRET_KEY="s" * 40, DATA_ENCRYPTION_KEY=CHAVE)
    c = _client()
    assert c.get("/api/v1/docs").status_code == 404
    assert c.get("/api/v1/redoc").status_code == 404
    assert c.get("/api/v1/openapi.json").status_code == 200  # the contract itself stays readable


def test_docs_ligadas_fora_de_producao(env):
    env(AURORA_ENV="development")
    assert _client().get("/api/v1/docs").status_code == 200
