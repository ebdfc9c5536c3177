"""Liveness, readiness and Prometheus metrics (outside /api/v1)."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import os

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from aurora_app.core import metrics
from aurora_app.core.cache import DEGRADED_ENV
from aurora_app.core.config import get_settings
from aurora_app.services import metricas  # noqa: F401 - registers the business KPIs for /metrics
from aurora_app.services.errors import NotFound
from aurora_app.services.health import probes

router = APIRouter(tags=["saúde"])
CHECK_TIMEOUT_S = 1.0


@router.get("/health/live")
async def live() -> dict[str, str]:
    return {"status": "ok"}


async def _check(fn) -> str | None:
    try:
        await asyncio.wait_for(asyncio.to_thread(fn), timeout=CHECK_TIMEOUT_S)
    except TimeoutError:
        return "sem resposta em 1 s"
    except Exception as exc:  # noqa: BLE001 - the reason is reported, never raised
        return exc.__class__.__name__
    return None


@router.get("/health/ready")
async def ready() -> JSONResponse:
    checks: dict[str, str] = {}
    failing: list[str] = []
    tasks = {name: _check(fn) for name, fn in probes().items()}
    results = await asyncio.gather(*tasks.values())
    for name, error in zip(tasks, results, strict=True):
        checks[name] = "ok" if error is None else f"falha: {error}"
        if error is not None:
            failing.append(name)
    extra = {}
    if os.environ.get(DEGRADED_ENV):
        extra["modo"] = "degradado: Redis indisponível na partida, estado do Reflex na memória deste processo"
    if failing:
        return JSONResponse(
            {
                "status": "indisponivel",
                "checks": checks,
                "falhando": failing,
                **extra,
                "detail": f"Dependência indisponível: {', '.join(failing)}.",
                "code": "nao_pronto",
            },
            status_code=503,
        )
    return JSONResponse({"status": "ok", "checks": checks, **extra})


_INTERNAL = tuple(
    ipaddress.ip_network(n)
    for n in ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def _metrics_allowed(request: Request) -> bool:
    settings = get_settings()
    if settings.METRICS_TOKEN:
        sent = request.headers.get("authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {settings.METRICS_TOKEN}".encode())
    if not settings.is_production:
        return True
    # Production without a token: Prometheus on the internal network, straight to the replica.
    if request.headers.get("x-forwarded-for") is not None:
        return False
    try:
        peer = ipaddress.ip_address(request.client.host if request.client else "")
    except ValueError:
        return False
    return any(peer in net for net in _INTERNAL)


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    if not _metrics_allowed(request):
        raise NotFound("Recurso não encontrado.")
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)
