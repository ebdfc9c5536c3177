"""Prometheus configuration and alert rules checked by Debian's promtool, and the Grafana
dashboard validated as data. (The real Prometheus scraping the running app, and the panels'
metrics against a real /metrics, are in tests/e2e/test_edge.py.)"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.deploy.edge import PROMTOOL, missing_prometheus

pytestmark = pytest.mark.no_db
ROOT = Path(__file__).resolve().parents[2]
PROM = ROOT / "deploy" / "prometheus"
GRAFANA = ROOT / "deploy" / "grafana"
DASHBOARD = json.loads((GRAFANA / "dashboards" / "aurora.json").read_text())

# PromQL words that look like metric names in an expression.
PROMQL_WORDS = {
    "sum",
    "max",
    "min",
    "avg",
    "count",
    "rate",
    "irate",
    "increase",
    "by",
    "without",
    "on",
    "ignoring",
    "histogram_quantile",
    "clamp_min",
    "clamp_max",
    "le",
    "and",
    "or",
    "unless",
    "bool",
    "offset",
    "topk",
    "bottomk",
    "abs",
    "time",
    "vector",
    "scalar",
    "label_replace",
    "delta",
    "deriv",
    "absent",
}


def metric_names(expr: str) -> set[str]:
    """Metric names an expression reads (label matchers, label lists and strings removed)."""
    expr = re.sub(r'"[^"]*"', '""', expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"(?<![\w:])\d+(\.\d+)?([eE][+-]?\d+)?", "", expr)  # numbers such as 1e-9
    names = set(re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr))
    return {n for n in names if n not in PROMQL_WORDS}


def test_metric_names_le_so_nomes_de_metrica() -> None:
    expr = 'sum(rate(a_total{status=~"5.."}[5m])) / clamp_min(sum by (le) (rate(b_bucket[5m])), 1e-9) > 0.05'
    assert metric_names(expr) == {"a_total", "b_bucket"}


def dashboard_exprs() -> list[tuple[str, str]]:
    return [(p["title"], t["expr"]) for p in DASHBOARD["panels"] for t in p.get("targets", [])]


def _promtool(*args: str) -> subprocess.CompletedProcess:
    reason = missing_prometheus()
    if reason:
        pytest.skip(reason)
    return subprocess.run([PROMTOOL, *args], capture_output=True, text=True, timeout=120, cwd=PROM)


def test_promtool_check_config() -> None:
    result = _promtool("check", "config", "prometheus.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout


def test_promtool_check_rules() -> None:
    result = _promtool("check", "rules", "alerts.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_test_rules() -> None:
    result = _promtool("test", "rules", "alerts.test.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_toda_regra_tem_teste_e_o_que_o_issue_pede() -> None:
    rules = [r for g in yaml.safe_load((PROM / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    names = {r["alert"] for r in rules}
    tested = {
        t["alertname"]
        for case in yaml.safe_load((PROM / "alerts.test.yml").read_text())["tests"]
        for t in case.get("alert_rule_test", [])
        if t.get("exp_alerts")
    }
    assert names == tested, names ^ tested
    exprs = " ".join(r["expr"] for r in rules)
    for metric in (
        "aurora_http_requests_total",
        "aurora_http_request_duration_seconds_bucket",
        "aurora_cnpja_failures_total",
        "aurora_cnpja_breaker_state",
        "aurora_auth_logins_total",
        "aurora_ai_outbox_lag_seconds",
    ):
        assert metric in exprs, metric
    for rule in rules:
        assert rule["labels"]["severity"] in {"warning", "critical"}
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]


def test_scrape_de_cada_replica() -> None:
    config = yaml.safe_load((PROM / "prometheus.yml").read_text())
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "aurora-app")
    assert job["dns_sd_configs"] == [{"names": ["app"], "type": "A", "port": 3000, "refresh_interval": "15s"}]
    assert job["metrics_path"] == "/metrics"


def test_dashboard_valido() -> None:
    assert DASHBOARD["uid"] and DASHBOARD["title"] and DASHBOARD["schemaVersion"] >= 36
    ids = [p["id"] for p in DASHBOARD["panels"]]
    assert len(ids) == len(set(ids))
    datasource_uid = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())[
        "datasources"
    ][0]["uid"]
    for panel in DASHBOARD["panels"]:
        grid = panel["gridPos"]
        assert 0 <= grid["x"] and grid["x"] + grid["w"] <= 24 and grid["h"] > 0, panel["title"]
        if panel["type"] == "row":
            continue
        assert panel["type"] in {"timeseries", "stat", "bargauge", "gauge", "table"}
        assert panel["datasource"]["uid"] == datasource_uid
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == datasource_uid and target["expr"].strip()
    # Panels must not overlap.
    cells = set()
    for panel in DASHBOARD["panels"]:
        g = panel["gridPos"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{panel['title']} overlaps at {(x, y)}"
                cells.add((x, y))
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "aurora.yml").read_text())["providers"][0]
    assert provider["options"]["path"] == "/var/lib/grafana/dashboards"


def test_paineis_pedidos_pelo_issue() -> None:
    metrics = set().union(*(metric_names(e) for _, e in dashboard_exprs()))
    for needed in (
        "aurora_http_requests_total",
        "aurora_http_request_duration_seconds_bucket",
        "aurora_cnpj_cache_total",
        "aurora_cnpja_failures_total",
        "aurora_auth_logins_total",
        "aurora_auth_2fa_failures_total",
        "aurora_leads",
        "aurora_leads_valor_reais",
    ):
        assert needed in metrics, needed


def test_promtool_aceita_cada_consulta_do_dashboard(tmp_path: Path) -> None:
    """Every panel query parses as PromQL (promtool checks it as a recording rule)."""
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"dashboard:panel_{i}", "expr": expr} for i, (_, expr) in enumerate(dashboard_exprs())
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True))
    result = _promtool("check", "rules", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
