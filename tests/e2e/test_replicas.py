"""Scale-out, proven on this machine: two production replicas of the app (``deploy/serve.py``, the
image's command) on different ports, sharing one PostgreSQL database and one Redis, behind
nginx + ModSecurity with the project's configuration. A browser journey (log in, create a
cliente, move a lead) runs while requests alternate between the replicas; then one replica is
stopped mid-journey and the journey continues on the other.

Uses the machine's PostgreSQL (a throwaway database) and Redis (db 0 for Reflex state, the
app's db 1 under a unique key prefix), whatever the pass; skips when either is absent.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from playwright.sync_api import Browser, expect
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.core.config import normalise_database_url
from aurora_app.ui import routes
from tests.deploy.edge import REPLICAS_ADDR, REPLICAS_NAME, SLOW, Nginx, Replica, built_frontend, free_port, missing_waf
from tests.e2e.conftest import BASE_DATABASE_URL, BASE_REDIS_URL, AppServer, _cli, _server_env
from tests.e2e.test_clientes_journey import TIMEOUT, entrar
from tests.e2e.test_edge import cnpj_novo
from tests.e2e.test_leads_journey import mover

PG_SERVER = (
    BASE_DATABASE_URL
    if BASE_DATABASE_URL.startswith("postgres")
    else os.environ.get("AURORA_REPLICAS_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
)
REDIS_URL = BASE_REDIS_URL or os.environ.get("AURORA_REPLICAS_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def shared_database() -> Iterator[str]:
    server = make_url(normalise_database_url(PG_SERVER))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"aurora_rep_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no PostgreSQL here
        admin.dispose()
        pytest.skip(f"no PostgreSQL at {server.render_as_string()} for the replicas: {exc.__class__.__name__}")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def stack(app_server: AppServer, shared_database: str, fake_cnpja_server, tmp_path_factory) -> Iterator[dict]:  # noqa: ANN001
    reason = missing_waf()
    if reason:
        pytest.skip(reason)
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS_URL} for the replicas: {exc.__class__.__name__}")
    assert built_frontend(), "the session's app server builds .web; the replicas serve that build"

    tmp = tmp_path_factory.mktemp("replicas")
    base_env = _server_env(tmp / "shared", shared_database)
    base_env.update(
        AURORA_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),  # one key for every replica: a token from A is valid on B
        DATA_ENCRYPTION_KEY=os.environ.get("AURORA_TEST_DATA_KEY", "rJ9cZ2m1x8S4nq0C3v7bW5eT6yU2iO1pA9sD8fG7hJk="),
        REDIS_URL=REDIS_URL,
        REDIS_PREFIX=f"rep-{os.getpid()}-{uuid.uuid4().hex[:6]}",
        TRUSTED_PROXIES="127.0.0.1",
        CNPJA_PAID_URL=fake_cnpja_server.paid_url,
        CNPJA_FREE_URL=fake_cnpja_server.free_url,
    )
    _cli(base_env, "init-db")
    _cli(base_env, "seed-demo")

    replicas = []
    for name in ("a", "b"):
        env = dict(base_env)
        for sub in ("logs", "prometheus", "chroma"):
            (tmp / name / sub).mkdir(parents=True, exist_ok=True)
        env.update(
            LOG_DIR=str(tmp / name / "logs"),
            PROMETHEUS_MULTIPROC_DIR=str(tmp / name / "prometheus"),
            CHROMA_PATH=str(tmp / name / "chroma"),
            GRANIAN_WORKERS="2",
        )
        replicas.append(Replica(free_port(), env, tmp / f"replica-{name}.log"))
    # nginx on the port the front end was built for (see tests/e2e/test_edge.py)
    nginx = Nginx(
        tmp / "waf", int(app_server.base_url.rsplit(":", 1)[1]), [r.port for r in replicas], host=REPLICAS_ADDR
    )
    (tmp / "waf").mkdir()
    try:
        for replica in replicas:
            replica.start()
        nginx.start()
        yield {
            "replicas": replicas,
            "nginx": nginx,
            "url": f"http://{REPLICAS_NAME}:{nginx.port}",
            "app_server": app_server,
        }
    finally:
        nginx.stop()
        for replica in replicas:
            replica.stop()


def _upstreams(nginx: Nginx, since: int = 0) -> list[str]:
    lines = nginx.access_log.read_text().splitlines()[since:]
    return [json.loads(line)["upstream"] for line in lines if json.loads(line)["upstream"]]


def test_duas_replicas_uma_jornada(stack: dict, edge_browser: Browser, screenshot_dir: Path) -> None:
    a, b = stack["replicas"]
    nginx: Nginx = stack["nginx"]
    context = edge_browser.new_context(
        base_url=stack["url"], locale="pt-BR", timezone_id="America/Sao_Paulo", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(TIMEOUT)
    try:
        # --- both replicas serve: log in and create a cliente
        entrar(page, stack["app_server"], "gerente")
        page.goto(routes.CLIENTES)
        expect(page.locator("table tbody tr").first).to_be_visible(timeout=SLOW)
        page.locator("#novo-cliente").click()
        dialog = page.get_by_role("dialog")
        cnpj = cnpj_novo()
        razao = f"Réplicas & Cia {secrets.token_hex(2).upper()} Ltda"
        dialog.locator("#campo-cnpj").fill(cnpj)
        dialog.locator("#campo-razao_social").fill(razao)
        dialog.locator("#salvar-cliente").click()
        expect(page.get_by_text("Cliente cadastrado.")).to_be_visible(timeout=SLOW)
        page.locator("#busca-clientes").fill(formatar_cnpj(cnpj))
        expect(page.locator("table tbody tr", has_text=razao)).to_have_count(1, timeout=SLOW)

        before = _upstreams(nginx)
        served = {u.rsplit(":", 1)[1] for u in before}
        assert served == {str(a.port), str(b.port)}, f"requests did not alternate: {served}"
        # round robin: neither replica took (almost) everything
        share = sum(1 for u in before if u.endswith(f":{a.port}")) / len(before)
        assert 0.2 < share < 0.8, (share, len(before))

        # --- replica A stops mid-journey; the journey goes on (state lives in Redis)
        mark = len(nginx.access_log.read_text().splitlines())
        a.stop()
        assert not a.running
        page.goto(routes.LEADS)
        card = page.locator("#coluna-novo .lead-card").first
        expect(card).to_be_visible(timeout=SLOW)
        lead_id = card.get_attribute("data-lead-id")
        mover(page, card, "qualificado")
        expect(page.get_by_text(re.compile(r"movido para Qualificado")).first).to_be_visible(timeout=SLOW)
        expect(page.locator(f'#coluna-qualificado .lead-card[data-lead-id="{lead_id}"]')).to_have_count(1, timeout=SLOW)
        expect(page.locator(f'#coluna-novo .lead-card[data-lead-id="{lead_id}"]')).to_have_count(0, timeout=SLOW)
        page.goto(routes.CLIENTES)
        page.locator("#busca-clientes").fill(formatar_cnpj(cnpj))
        expect(page.locator("table tbody tr", has_text=razao)).to_have_count(
            1, timeout=SLOW
        )  # what A wrote, read through B
        page.screenshot(path=str(screenshot_dir / "replicas-depois-da-parada.png"), full_page=True)
    finally:
        context.close()
    assert not errors, errors

    after = [json.loads(line) for line in nginx.access_log.read_text().splitlines()[mark:]]
    # nginx logs a websocket when it closes: the socket A had open is logged after the stop.
    severed = [e for e in after if e["uri"].startswith("/_event") and e["upstream"].endswith(f":{a.port}")]
    answered = {e["upstream"].split(", ")[-1] for e in after if e["upstream"] and e not in severed}
    assert answered == {f"127.0.0.1:{b.port}"}, answered
    assert any(
        e["uri"].startswith("/_event") and e["status"] == 101 and e["upstream"].endswith(f":{b.port}") for e in after
    ), "the websocket did not reconnect to B"
    assert not [e for e in after if e["status"] >= 500], [e for e in after if e["status"] >= 500]
    # B's logs: JSON lines, errors apart
    logs = Path(b.env["LOG_DIR"])
    for line in (logs / "app.log").read_text().splitlines() if (logs / "app.log").exists() else []:
        json.loads(line)
