"""Prometheus metrics. Multi-worker correct through PROMETHEUS_MULTIPROC_DIR (set in rxconfig)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client import REGISTRY as DEFAULT_REGISTRY
from prometheus_client.core import Metric

HTTP_REQUESTS = Counter(
    "aurora_http_requests_total", "HTTP requests by route template and status", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "aurora_http_request_duration_seconds",
    "HTTP request latency by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# Logins and second factors (deploy/grafana dashboard, deploy/prometheus alert on failure spikes).
AUTH_LOGINS = Counter(
    "aurora_auth_logins_total",
    "Login attempts by result: sucesso, falha (bad credentials), otp_requerido, otp_invalido, limitado",
    ["resultado"],
)
AUTH_2FA_FAILURES = Counter(
    "aurora_auth_2fa_failures_total", "Second-factor codes refused, by purpose (login, setup, ...)", ["finalidade"]
)
# Every result exists from the start (at 0): rate() and the dashboard see a series before
# the first failure.
for _resultado in ("sucesso", "falha", "otp_requerido", "otp_invalido", "limitado"):
    AUTH_LOGINS.labels(_resultado)
AUTH_2FA_FAILURES.labels("login")
log = logging.getLogger("aurora.metrics")
ScrapeSource = Callable[[], Iterable[Metric]]
_scrape_sources: list[ScrapeSource] = []


def register_scrape_source(source: ScrapeSource) -> None:
    """Families computed at scrape time (business KPIs from SQL aggregates): the database is
    the truth shared by every replica, so no process keeps these in memory."""
    if source not in _scrape_sources:
        _scrape_sources.append(source)


class _ScrapeSources:
    def collect(self) -> Iterable[Metric]:
        for source in _scrape_sources:
            try:
                yield from source()
            except Exception:  # noqa: BLE001 - a failing source must not hide the other metrics
                log.warning("metric source %s failed", getattr(source, "__name__", source), exc_info=True)


def render() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(_ScrapeSources())
        return generate_latest(registry), CONTENT_TYPE_LATEST
    registry = CollectorRegistry()
    registry.register(_ScrapeSources())
    return generate_latest(DEFAULT_REGISTRY) + generate_latest(registry), CONTENT_TYPE_LATEST
