"""Health, metrics and security headers on every answer (SPEC §4)."""

import subprocess
import sys
import time

import pytest

from aurora_app.core.cache import reset_backends
from aurora_app.core.config import PROJECT_ROOT, reset_settings_cache

SECURITY_HEADERS = ("x-content-type-options", "x-frame-options", "referrer-policy", "content-security-policy")


def _assert_secure(response):
    for name in SECURITY_HEADERS:
        assert name in response.headers, f"{name} missing on {response.request.url}"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/health/live", "/health/ready", "/metrics", "/api/v1/openapi.json", "/api/v1/docs"])
def test_headers_on_success(client, path):
    r = client.get(path)
    assert r.status_code == 200
    _assert_secure(r)


def test_headers_on_errors(client):
    for r in (client.get("/api/v1/nao-existe"), client.post("/health/live"), client.get("/api/v1/auth/me")):
        assert r.status_code >= 400
        _assert_secure(r)
        assert r.json()["code"]


def test_hsts_only_behind_https(client):
    assert "strict-transport-security" not in client.get("/health/live").headers
    r = client.get("/health/live", headers={"X-Forwarded-Proto": "https"})
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_live_and_ready(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    body = client.get("/health/ready").json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"


def test_ready_names_redis_when_down_and_answers_fast(client, monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings_cache()
    reset_backends()
    start = time.perf_counter()
    r = client.get("/health/ready")
    elapsed = time.perf_counter() - start
    assert r.status_code == 503
    assert r.json()["falhando"] == ["redis"]
    assert "redis" in r.json()["detail"]
    assert elapsed < 1.0


def test_ready_names_database_when_down(client, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    reset_settings_cache()
    from aurora_app.core.db import reset_engine

    reset_engine()
    r = client.get("/health/ready")
    assert r.status_code == 503
    assert "database" in r.json()["falhando"]


def test_metrics_count_by_route_template(client):
    client.get("/health/live")
    client.get("/api/v1/nao-existe")
    client.get("/api/v1/openapi.json")
    text = client.get("/metrics").text
    assert 'route="/api/v1/openapi.json",status="200"' in text
    assert 'aurora_http_requests_total{method="GET",route="/health/live",status="200"}' in text
    assert "aurora_http_request_duration_seconds_bucket" in text
    assert "/api/v1/nao-existe" not in text  # raw paths never become labels


WORKER = """
import sys
from aurora_app.core.metrics import HTTP_REQUESTS
for _ in range(int(sys.argv[1])):
    HTTP_REQUESTS.labels("GET", "/x", "200").inc()
"""
RENDER = "from aurora_app.core.metrics import render; print(render()[0].decode())"


def test_metrics_add_up_across_worker_processes(tmp_path):
    prom_dir = tmp_path / "prom"
    prom_dir.mkdir()
    env = {
        "PROMETHEUS_MULTIPROC_DIR": str(prom_dir),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(PROJECT_ROOT),
        "SECRET_KEY": "x" * 40,
    }
    for n in (3, 4):
        subprocess.run([sys.executable, "-c", WORKER, str(n)], env=env, check=True, cwd=tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", RENDER], env=env, check=False, capture_output=True, text=True, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    out = out.stdout
    assert 'aurora_http_requests_total{method="GET",route="/x",status="200"} 7.0' in out


def test_operation_ids_are_the_handlers_names_and_unique():
    """Generated clients read ``list_clientes``/``move_lead``; one language (English verbs,
    the business's nouns) for every route handler."""
    from aurora_app.api import build_api

    doc = build_api().openapi()
    ids = [op["operationId"] for item in doc["paths"].values() for op in item.values() if "operationId" in op]
    assert len(ids) == len(set(ids))
    verbos = (
        "list_",
        "create_",
        "get_",
        "update_",
        "delete_",
        "search_",
        "export_",
        "import_",
        "move_",
        "convert_",
        "restore_",
        "bulk_",
        "lookup_",
        "vote_",
        "totp_",
        "change_",
        "end_",
        "reset_",
        "anonymize_",
        "revoke_",
        "set_",
    )
    for op_id in ids:
        assert op_id in {"live", "ready", "login", "logout", "me"} or op_id.startswith(verbos), op_id
