"""Reflex configuration: everything comes from aurora_app.core.config (SPEC §2)."""

import os
import tempfile

import reflex as rx

from aurora_app.core.config import PROJECT_ROOT, get_settings

settings = get_settings()

# Several workers (Redis mode) share metrics through prometheus-client's multiprocess mode.
# The first process (the reflex CLI) makes a fresh folder; the workers it starts inherit it.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    base = PROJECT_ROOT / "data"
    base.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="prometheus-", dir=base)

_bun = os.environ.get("REFLEX_BUN_PATH") or str(PROJECT_ROOT / ".tools/bun/node_modules/@oven/bun-linux-x64/bin/bun")

config = rx.Config(
    app_name="aurora_app",
    db_url=settings.DATABASE_URL,
    redis_url=settings.REDIS_URL,
    telemetry_enabled=False,
    # Reflex's CORS answers only the configured other origins (never "*"); the app's own origin
    # needs no CORS, and api.middleware.OriginGuard refuses every other one.
    cors_allowed_origins=list(settings.allowed_origins),
    show_built_with_reflex=False,
    **({"bun_path": _bun} if os.path.exists(_bun) else {}),
    disable_plugins=[rx.plugins.SitemapPlugin],
)
