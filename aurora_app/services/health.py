"""Readiness probes of the parts the app depends on."""

from __future__ import annotations

from collections.abc import Callable

from aurora_app.core.cache import get_cache
from aurora_app.core.config import get_settings
from aurora_app.core.db import ping_database


def probes() -> dict:
    """Name → blocking check that raises when that part is down (Redis only when configured)."""
    checks: dict[str, Callable[[], None]] = {"database": ping_database}
    if get_settings().REDIS_URL:
        checks["redis"] = get_cache().ping
    return checks
