"""The edge for real, in front of the session's production app server:

- Debian's nginx + libmodsecurity 3 + OWASP CRS 3.3.4 on loopback, with the project's files
  (deploy/waf, the same the compose image mounts): attacks are refused with 403 before the app
  sees them; normal use (logins, bearer tokens, real company names, accents and emoji, PATCH,
  DELETE, the CSV import, pages, the /_event websocket) is never blocked; a browser journey
  runs through it.
- Debian's Prometheus with deploy/prometheus/prometheus.yml scraping the app; a query.
- Every metric the Grafana dashboard reads is exported by the app after it has been used.

nginx and Prometheus start once for this module. ``make edge`` installs them; without them
the tests skip with the reason.
"""

from __future__ import annotations

import json
import re
import secrets
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from prometheus_client.parser import text_string_to_metric_families

from aurora_app.core.cnpj import calcular_dv, formatar_cnpj
from aurora_app.services.demo import DEMO_PASSWORD
from aurora_app.ui import routes
from tests.deploy.edge import SLOW, WAF_ADDR, WAF_NAME, Nginx, Prometheus, free_port, missing_prometheus, missing_waf
from tests.deploy.test_prometheus import dashboard_exprs, metric_names
from tests.e2e.conftest import AppServer
from tests.e2e.test_clientes_journey import TIMEOUT, entrar
from tests.e2e.test_leads_journey import mover
from tests.fakes.cnpja_server import VALID_KEYS, FakeCNPJa

NOMES_REAIS = ("Select Comércio D'Ávila | Matriz", "Union & Drop Ltda")
NOTA = "Reunião ótima com a Dona Conceição — próximo passo: proposta 🚀🎉 (R$ 12.500,00), café ☕ às 14h; e-mail joão@exemplo.com.br"


def cnpj_novo() -> str:
    base = "".join(secrets.choice("0123456789") for _ in range(12))
    return base + calcular_dv(base)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def waf(app_server: AppServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nginx]:
    reason = missing_waf()
    if reason:
        pytest.skip(reason)
    port = int(app_server.base_url.rsplit(":", 1)[1])
    nginx = Nginx(tmp_path_factory.mktemp("waf"), port, [port], host=WAF_ADDR)
    checked = nginx.check()
    assert checked.returncode == 0, checked.stderr
    nginx.start()
    try:
        yield nginx
    finally:
        nginx.stop()


@pytest.fixture(scope="module")
def waf_url(waf: Nginx) -> str:
    return f"http://{WAF_NAME}:{waf.port}"


@pytest.fixture(scope="module")
def borda(waf: Nginx) -> Iterator[httpx.Client]:
    headers = {"User-Agent": "Mozilla/5.0 (aurora-e2e)", "Host": f"{WAF_NAME}:{waf.port}"}
    with httpx.Client(base_url=waf.base_url, timeout=30, headers=headers) as c:
        yield c


def _token(borda: httpx.Client, email: str) -> str:
    answer = borda.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


@pytest.fixture(scope="module")
def gerente_h(borda: httpx.Client, app_server: AppServer) -> dict[str, str]:
    email, _ = app_server.login_for("gerente")
    return {"Authorization": f"Bearer {_token(borda, email)}"}


def _access(waf: Nginx, marker: str) -> list[dict]:
    """Access-log entries of one request (nginx writes the line just after the answer: wait for it)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [json.loads(line) for line in waf.access_log.read_text().splitlines() if marker in line]
        if lines or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def _audit_blocks(waf: Nginx) -> list[dict]:
    """Requests ModSecurity refused (audit log entries with a 403)."""
    if not waf.audit_log.exists():
        return []
    blocked = []
    for line in waf.audit_log.read_text(errors="replace").splitlines():
        try:
            tx = json.loads(line)["transaction"]
        except (ValueError, KeyError):
            continue
        if tx.get("response", {}).get("http_code") == 403:
            blocked.append(tx)
    return blocked


# --------------------------------------------------------------------------- attacks → 403

ATTACKS = [
    ("sqli-query", "GET", "/api/v1/clientes?busca=1' OR '1'='1", None),
    ("sqli-union", "GET", "/api/v1/clientes?busca=1 UNION SELECT senha_hash FROM usuario--", None),
    ("xss-query", "GET", "/api/v1/clientes?busca=<script>alert(document.cookie)</script>", None),
    ("traversal-query", "GET", "/api/v1/clientes?busca=../../../../etc/passwd", None),
    ("xss-page", "GET", "/clientes/?q=<svg/onload=alert(1)>", None),
    ("sqli-json", "POST", "/api/v1/leads", {"nome": "x' OR 1=1; DROP TABLE usuario; --", "empresa": "A"}),
    ("xss-json", "POST", "/api/v1/leads", {"nome": "<img src=x onerror=alert(1)>", "empresa": "A"}),
    ("traversal-json", "POST", "/api/v1/leads", {"nome": "../../../../etc/passwd", "empresa": "A"}),
    (
        "sqli-json-patch",
        "PATCH",
        "/api/v1/clientes/1",
        {"razao_social": "a' UNION SELECT email, senha_hash FROM usuario --", "versao": 1},
    ),
]


@pytest.mark.parametrize(("kind", "method", "path", "body"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_waf_recusa_ataque(
    borda: httpx.Client, gerente_h: dict, waf: Nginx, kind: str, method: str, path: str, body
) -> None:  # noqa: ANN001
    marker = uuid.uuid4().hex
    sep = "&" if "?" in path else "?"
    answer = borda.request(method, f"{path}{sep}req={marker}", json=body, headers=gerente_h)
    assert answer.status_code == 403, (kind, answer.status_code, answer.text[:200])
    lines = _access(waf, marker)
    assert lines and all(line["status"] == 403 and line["upstream"] == "" for line in lines), (
        lines
    )  # the app never saw it


# --------------------------------------------------------------------------- normal use passes


def test_uso_normal_nunca_bloqueado(
    borda: httpx.Client, app_server: AppServer, gerente_h: dict, waf: Nginx, tmp_path: Path
) -> None:
    blocked_before = len(_audit_blocks(waf))
    # login (JSON) with a password that looks like SQL to a naive filter is just a wrong password
    wrong = borda.post("/api/v1/auth/login", json={"email": "ninguem@aurora.dev", "password": "Select' OR 1=1 --"})
    assert wrong.status_code == 401, wrong.text
    email, _ = app_server.login_for("admin")
    admin = {"Authorization": f"Bearer {_token(borda, email)}"}
    assert borda.get("/api/v1/auth/me", headers=admin).status_code == 200

    # real company names and free text, in JSON
    razao, fantasia = NOMES_REAIS
    cliente = borda.post(
        "/api/v1/clientes",
        headers=gerente_h,
        json={
            "cnpj": cnpj_novo(),
            "razao_social": razao,
            "nome_fantasia": fantasia,
            "municipio": "São João d'Aliança",
            "uf": "GO",
        },
    )
    assert cliente.status_code == 201, cliente.text
    assert cliente.json()["razao_social"] == razao
    busca = borda.get("/api/v1/clientes", params={"busca": "Comércio D'Ávila"}, headers=gerente_h)
    assert busca.status_code == 200 and any(c["razao_social"] == razao for c in busca.json()["items"])
    busca = borda.get("/api/v1/clientes", params={"busca": "Union & Drop"}, headers=gerente_h)
    assert busca.status_code == 200, busca.text
    lead = borda.post(
        "/api/v1/leads",
        headers=gerente_h,
        json={
            "nome": "Select * de cadeiras — D'Ávila",
            "empresa": fantasia,
            "origem": "indicacao",
            "valor": "12500.00",
        },
    )
    assert lead.status_code == 201, lead.text
    nota = borda.post(
        f"/api/v1/leads/{lead.json()['id']}/interacoes", headers=gerente_h, json={"tipo": "nota", "descricao": NOTA}
    )
    assert nota.status_code == 201 and nota.json()["descricao"] == NOTA, nota.text

    # PATCH and DELETE (CRS 3 allows only GET HEAD POST OPTIONS by default: rule 911100)
    atual = borda.get(f"/api/v1/clientes/{cliente.json()['id']}", headers=gerente_h).json()
    patch = borda.patch(
        f"/api/v1/clientes/{atual['id']}",
        headers=gerente_h,
        json={"nome_fantasia": "Union & Drop — Filial 2", "versao": atual["versao"]},
    )
    assert patch.status_code == 200, patch.text
    lead_patch = borda.patch(
        f"/api/v1/leads/{lead.json()['id']}",
        headers=gerente_h,
        json={"estagio": "qualificado", "versao": lead.json()["versao"]},
    )
    assert lead_patch.status_code == 200, lead_patch.text
    assert borda.delete(f"/api/v1/leads/{lead.json()['id']}", headers=gerente_h).status_code == 204

    # CSV import, multipart and text/csv (CRS 3 refused text/csv: rule 920420)
    csv_text = (
        f"cnpj;razao_social;nome_fantasia;municipio;uf\n{formatar_cnpj(cnpj_novo())};{razao};{fantasia};São Paulo;SP\n"
    )
    multipart = borda.post(
        "/api/v1/clientes/importar",
        headers=gerente_h,
        files={"arquivo": ("clientes.csv", csv_text.encode(), "text/csv")},
    )
    assert multipart.status_code == 200 and multipart.json()["criados"] == 1, multipart.text
    raw = borda.post(
        "/api/v1/clientes/importar",
        headers={**gerente_h, "Content-Type": "text/csv; charset=utf-8"},
        content=csv_text.encode(),
    )
    assert raw.status_code == 200, raw.text

    # body limits: the import's 10 MB reaches the app (its own 413 JSON answers), more does not
    grande = ("cnpj;razao_social\n" + "X" * (10 * 1024 * 1024 + 10)).encode()
    app_413 = borda.post("/api/v1/clientes/importar", headers={**gerente_h, "Content-Type": "text/csv"}, content=grande)
    assert app_413.status_code == 413 and app_413.json()["code"] == "arquivo_grande_demais", app_413.text[:200]
    # nginx answers from the Content-Length alone, before reading a byte of the body
    assert _status_for_length(waf, "/api/v1/clientes/importar", 12 * 1024 * 1024, "text/csv", gerente_h) == 413
    assert _status_for_length(waf, "/api/v1/leads", 1024 * 1024 + 10, "application/json", gerente_h) == 413

    # pages
    for path in ("/", routes.LOGIN + "/", routes.CLIENTES + "/", routes.LEADS + "/"):
        page = borda.get(path)
        assert page.status_code == 200 and "<html" in page.text.lower(), path
    redirect = borda.get(routes.LOGIN)  # the app's redirect keeps the host and port the browser used
    assert redirect.status_code in (301, 307, 308) and redirect.headers["location"].startswith(
        f"http://{WAF_NAME}:{waf.port}/"
    )

    # the websocket handshake of Reflex
    assert _websocket_handshake(waf) == 101

    assert len(_audit_blocks(waf)) == blocked_before, [b["request"]["uri"] for b in _audit_blocks(waf)[blocked_before:]]


def _status_for_length(waf: Nginx, path: str, length: int, content_type: str, headers: dict) -> int:
    """Status of a POST announcing ``length`` bytes, with only the headers sent."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {WAF_NAME}:{waf.port}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\n{extra}User-Agent: Mozilla/5.0 (aurora-e2e)\r\n\r\n"
    )
    with socket.create_connection((waf.host, waf.port), timeout=10) as sock:
        sock.sendall(request.encode())
        return int(sock.recv(1024).split(b"\r\n", 1)[0].split()[1])


def _websocket_handshake(waf: Nginx) -> int:
    request = (
        "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
        f"Host: {WAF_NAME}:{waf.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: http://{WAF_NAME}:{waf.port}\r\nUser-Agent: Mozilla/5.0 (aurora-e2e)\r\n\r\n"
    )
    with socket.create_connection((waf.host, waf.port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(1024).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


def test_jornada_no_navegador_pelo_waf(
    edge_browser: Browser,
    app_server: AppServer,
    waf: Nginx,
    waf_url: str,
    borda: httpx.Client,
    gerente_h: dict,
    screenshot_dir: Path,
) -> None:
    """Log in, create a cliente with a name CRS could mistake for SQL, add a note with emoji and
    move a lead: every event travels over /_event through ModSecurity."""
    blocked_before = len(_audit_blocks(waf))
    nome_lead = f"Lead WAF {secrets.token_hex(3).upper()}"
    criado = borda.post(
        "/api/v1/leads", headers=gerente_h, json={"nome": nome_lead, "empresa": NOMES_REAIS[1], "valor": "999.90"}
    )
    assert criado.status_code == 201, criado.text

    context = edge_browser.new_context(
        base_url=waf_url, locale="pt-BR", timezone_id="America/Sao_Paulo", viewport={"width": 1366, "height": 900}
    )
    page: Page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_default_timeout(TIMEOUT)
    try:
        entrar(page, app_server, "gerente")
        page.goto(routes.CLIENTES)
        expect(page.locator("table tbody tr").first).to_be_visible(timeout=SLOW)
        page.locator("#novo-cliente").click()
        dialog = page.get_by_role("dialog")
        cnpj = cnpj_novo()
        razao = f"{NOMES_REAIS[0]} {secrets.token_hex(2).upper()}"
        dialog.locator("#campo-cnpj").fill(cnpj)
        dialog.locator("#campo-razao_social").fill(razao)
        dialog.locator("#campo-nome_fantasia").fill(NOMES_REAIS[1])
        dialog.locator("#salvar-cliente").click()
        expect(page.get_by_text("Cliente cadastrado.")).to_be_visible(timeout=SLOW)
        page.locator("#busca-clientes").fill(formatar_cnpj(cnpj))
        linha = page.locator("table tbody tr", has_text=razao)
        expect(linha).to_have_count(1, timeout=SLOW)
        linha.get_by_role("link").first.click()
        page.wait_for_url(re.compile(r"/clientes/\d+$"))
        page.locator("#nova-descricao").fill(NOTA)
        page.locator("#registrar-interacao").click()
        expect(page.locator("#timeline .timeline-item").first).to_contain_text("🚀🎉", timeout=SLOW)

        page.goto(routes.LEADS)
        card = page.locator("#coluna-novo .lead-card", has_text=nome_lead)
        expect(card).to_have_count(1, timeout=SLOW)
        mover(page, card, "qualificado")
        expect(page.locator("#coluna-qualificado .lead-card", has_text=nome_lead)).to_have_count(1, timeout=SLOW)
        page.screenshot(path=str(screenshot_dir / "waf-leads-claro.png"), full_page=True)
    finally:
        context.close()

    assert not errors, errors
    assert len(_audit_blocks(waf)) == blocked_before
    log = [json.loads(line) for line in waf.access_log.read_text().splitlines()]
    assert any(e["uri"].startswith("/_event") and e["status"] == 101 for e in log), "no websocket through the WAF"
    assert not [e for e in log if e["status"] == 403 and "aurora-e2e" not in e["user_agent"]]


# --------------------------------------------------------------------------- Prometheus and Grafana


@pytest.fixture(scope="module")
def prometheus(app_server: AppServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prometheus]:
    reason = missing_prometheus()
    if reason:
        pytest.skip(reason)
    target = app_server.base_url.removeprefix("http://")
    server = Prometheus(tmp_path_factory.mktemp("prometheus"), free_port(), [target]).start()
    try:
        yield server
    finally:
        server.stop()


def _query(prometheus: Prometheus, expr: str) -> list[dict]:
    answer = httpx.get(f"{prometheus.base_url}/api/v1/query", params={"query": expr}, timeout=10).json()
    assert answer["status"] == "success", answer
    return answer["data"]["result"]


def test_prometheus_real_raspa_o_app(prometheus: Prometheus, app_server: AppServer) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        up = _query(prometheus, 'up{job="aurora-app"}')
        if up and up[0]["value"][1] == "1" and _query(prometheus, "aurora_http_requests_total"):
            break
        time.sleep(1)
    else:
        pytest.fail(
            f"Prometheus did not scrape the app: {httpx.get(prometheus.base_url + '/api/v1/targets').text[:800]}"
        )
    series = _query(prometheus, 'sum by (route) (aurora_http_requests_total{route="/auth/login"})')
    assert series and float(series[0]["value"][1]) >= 1, series
    leads = _query(prometheus, "aurora_leads")
    assert {s["metric"]["estagio"] for s in leads} >= {"novo", "ganho", "perdido"}
    assert sum(float(s["value"][1]) for s in leads) > 0  # the seeded leads, counted by SQL at scrape time
    deadline = time.monotonic() + 30  # every alert rule evaluates against the real series
    while True:
        rules = httpx.get(f"{prometheus.base_url}/api/v1/rules", timeout=10).json()["data"]["groups"]
        health = {r["name"]: r["health"] for g in rules for r in g["rules"]}
        if all(h == "ok" for h in health.values()) or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert {g["name"] for g in rules} == {"aurora-http", "aurora-cnpj", "aurora-auth", "aurora-ai"}
    assert set(health.values()) == {"ok"}, health
    firing = [r["name"] for g in rules for r in g["rules"] if r["state"] == "firing"]
    assert "AuroraReplicaFora" not in firing


def test_todo_painel_le_metrica_que_o_app_exporta(app_server: AppServer, fake_cnpja: FakeCNPJa) -> None:
    """Use the app the way the panels watch it, then read /metrics: every metric a panel's
    query names is there (``up`` is Prometheus' own)."""
    base = app_server.base_url
    with httpx.Client(base_url=base, timeout=30) as c:
        c.post("/api/v1/auth/login", json={"email": "ninguem@aurora.dev", "password": "errada-123"})
        email, _ = app_server.login_for("gerente")
        token = c.post("/api/v1/auth/login", json={"email": email, "password": DEMO_PASSWORD}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        fake_cnpja.paid[VALID_KEYS[0]] = "500"  # the primary key fails: a failure, then the secondary answers
        # A CNPJ no earlier test looked up (the app server is shared): the lookup goes upstream.
        base_cnpj = "".join(secrets.choice("0123456789") for _ in range(12))
        cnpj = base_cnpj + calcular_dv(base_cnpj)
        fake_cnpja.offices[cnpj] = {**next(iter(fake_cnpja.offices.values())), "taxId": cnpj}
        first = c.get(f"/api/v1/cnpj/{cnpj}", headers=auth)
        assert first.status_code == 200 and first.json()["fonte"] != "cache", first.text
        again = c.get(f"/api/v1/cnpj/{cnpj}", headers=auth)
        assert again.status_code == 200 and again.json()["fonte"] == "cache", again.text
        text = c.get("/metrics").text
    exported = {sample.name for family in text_string_to_metric_families(text) for sample in family.samples}
    missing = {}
    for title, expr in dashboard_exprs():
        absent = {m for m in metric_names(expr) if m != "up" and m not in exported}
        if absent:
            missing[title] = absent
    assert not missing, missing
    # and the values move: a login failure and an upstream failure were counted
    families = {f.name: f for f in text_string_to_metric_families(text)}
    falhas = [
        s.value
        for s in families["aurora_auth_logins"].samples
        if s.labels.get("resultado") == "falha" and s.name.endswith("_total")
    ]
    assert falhas and falhas[0] >= 1
    assert any(s.value >= 1 for s in families["aurora_cnpja_failures"].samples if s.name.endswith("_total"))
