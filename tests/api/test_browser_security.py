"""Issue 11 #7: what a browser on another site may do with Aurora (nothing), and the headers
every answer carries, 500s included."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from aurora_app.api import build_api
from aurora_app.api.middleware import OriginGuard
from aurora_app.core.config import reset_settings_cache
from tests.conftest import TEST_PASSWORD

API = "/api/v1"


@pytest.fixture
def guarded():
    with TestClient(OriginGuard(build_api()), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example", "file://"])
def test_outro_site_e_recusado(guarded, origin):
    r = guarded.get(f"{API}/auth/me", headers={"Origin": origin})
    assert r.status_code == 403 and r.json()["code"] == "origem_nao_permitida"
    assert "access-control-allow-origin" not in r.headers
    preflight = guarded.options(
        f"{API}/clientes", headers={"Origin": origin, "Access-Control-Request-Method": "DELETE"}
    )
    assert preflight.status_code == 403


def test_a_propria_origem_e_clientes_sem_origin_passam(guarded):
    assert guarded.get(f"{API}/auth/me", headers={"Origin": "http://testserver"}).status_code == 401
    assert guarded.get(f"{API}/auth/me").status_code == 401  # curl, programs: no Origin


def test_origem_configurada_passa(guarded, monkeypatch):
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://crm.cliente.com.br")
    reset_settings_cache()
    try:
        assert guarded.get(f"{API}/auth/me", headers={"Origin": "https://crm.cliente.com.br"}).status_code == 401
        assert guarded.get(f"{API}/auth/me", headers={"Origin": "https://outro.com.br"}).status_code == 403
    finally:
        monkeypatch.delenv("ALLOWED_ORIGINS")
        reset_settings_cache()


def test_websocket_de_outra_origem_e_fechado():
    async def echo(ws: WebSocket) -> None:
        await ws.accept()
        await ws.send_text("ok")
        await ws.close()

    client = TestClient(OriginGuard(Starlette(routes=[WebSocketRoute("/_event", echo)])))
    with client.websocket_connect("/_event", headers={"Origin": "http://testserver"}) as ws:
        assert ws.receive_text() == "ok"
    with (
        pytest.raises(WebSocketDisconnect),
        client.websocket_connect("/_event", headers={"Origin": "https://evil.example"}) as ws,
    ):
        ws.receive_text()


def test_cors_do_reflex_nao_e_curinga(monkeypatch, tmp_path):
    # rxconfig sets PROMETHEUS_MULTIPROC_DIR when it is unset: keep it from leaking into other tests.
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    import rxconfig

    assert "*" not in rxconfig.config.cors_allowed_origins


def test_cabecalhos_de_seguranca_ate_num_500():
    app = build_api()

    @app.get("/api/v1/quebra")
    def quebra():
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/v1/quebra")
    assert r.status_code == 500 and r.json()["code"] == "erro_interno"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"


def test_token_nao_fica_em_cache(client, make_user):
    user = make_user("vendedor")
    r = client.post(f"{API}/auth/login", json={"email": user.email, "password": TEST_PASSWORD})
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
