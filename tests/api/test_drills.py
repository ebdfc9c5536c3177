"""Failure drills (issue 11 #5): PostgreSQL going away and coming back, its connections killed.
Each ends in a clear, fast answer (503 banco_indisponivel with Retry-After) and full recovery
without restarting anything. Against the real servers only (CI's second pass)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aurora_app.core.config import normalise_database_url, reset_settings_cache
from aurora_app.core.db import reset_engine
from tests.conftest import BASE_REDIS_URL, IS_PG, TEST_PASSWORD
from tests.fakes.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(not IS_PG, reason="drills against the real PostgreSQL (DATABASE_URL)")

API = "/api/v1"


def _login(client, email):
    return client.post(f"{API}/auth/login", json={"email": email, "password": TEST_PASSWORD})


def test_banco_fora_do_ar_responde_503_rapido_e_volta_sozinho(client, make_user, fresh_world, monkeypatch):
    user = make_user("vendedor")
    real = make_url(normalise_database_url(fresh_world))
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxy.start()
    monkeypatch.setenv(
        "DATABASE_URL", real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    )
    reset_settings_cache()
    reset_engine()
    try:
        assert _login(client, user.email).status_code == 200

        proxy.stop()  # the server goes away: open connections cut, new ones refused
        start = time.monotonic()
        r = _login(client, user.email)
        took = time.monotonic() - start
        assert r.status_code == 503, r.text
        assert r.json()["code"] == "banco_indisponivel" and r.headers["retry-after"] == "5"
        assert "Traceback" not in r.text and took < 6, took

        proxy.start()  # back on the same address: the same engine reconnects
        assert _login(client, user.email).status_code == 200
    finally:
        proxy.stop()
        reset_engine()


def test_conexoes_derrubadas_no_servidor_nao_viram_erro(client, make_user, fresh_world):
    user = make_user("vendedor")
    assert _login(client, user.email).status_code == 200
    admin = create_engine(normalise_database_url(fresh_world), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    admin.dispose()
    assert killed >= 1  # the app's pooled connection was among them
    assert _login(client, user.email).status_code == 200  # pre-ping replaced it


@pytest.mark.skipif(not BASE_REDIS_URL, reason="drill against the real Redis (REDIS_URL)")
def test_redis_cai_no_meio_e_volta_sem_reiniciar(client, make_user, monkeypatch):
    from aurora_app.core.cache import reset_backends

    user = make_user("vendedor")
    real = make_url(BASE_REDIS_URL)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 6379)
    proxy.start()
    monkeypatch.setenv("REDIS_URL", real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False))
    reset_settings_cache()
    reset_backends()
    try:
        assert _login(client, user.email).status_code == 200
        proxy.stop()  # Redis stops mid-run: the login limits cannot be checked, so it fails closed
        start = time.monotonic()
        r = _login(client, user.email)
        assert r.status_code == 503 and r.headers["retry-after"], r.text
        assert time.monotonic() - start < 6
        proxy.start()  # back: the same client reconnects
        assert _login(client, user.email).status_code == 200
    finally:
        proxy.stop()
        reset_backends()
