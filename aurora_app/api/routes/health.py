"""Liveness, readiness and Prometheus metrics (outside /api/v1)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from aurora_app.core import metrics
from aurora_app.services import metricas  # noqa: F401 - registers the business KPIs for /metrics
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
    if failing:
        return JSONResponse(
            {"status": "indisponivel", "checks": checks, "falhando": failing,
             "detail": f"Dependência indisponível: {', '.join(failing)}.", "code": "nao_pronto"},
            status_code=503,
        )
    return JSONResponse({"status": "ok", "checks": checks})


@router.get("/metrics", include_in_schema=False)
async def prometheus_metrics() -> Response:
    body, content_type = metrics.render()
    return Response(content=body, media_type=content_type)
