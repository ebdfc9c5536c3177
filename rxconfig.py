"""Reflex configuration: everything comes from aurora_app.core.config (SPEC §2)."""

import os
import sys
import tempfile

import reflex as rx

from aurora_app.core.cache import DEGRADED_ENV, redis_reachable
from aurora_app.core.config import PROJECT_ROOT, get_settings

settings = get_settings()

# Several workers (Redis mode) share metrics through prometheus-client's multiprocess mode.
# The first process (the reflex CLI) makes a fresh folder; the workers it starts inherit it.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    base = PROJECT_ROOT / "data"
    base.mkdir(parents=True, exist_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="prometheus-", dir=base)

_bun = os.environ.get("REFLEX_BUN_PATH") or str(PROJECT_ROOT / ".tools/bun/node_modules/@oven/bun-linux-x64/bin/bun")

# Redis down at boot must not be a full outage (Reflex exits when it cannot reach its state
# Redis): start degraded, Reflex state in this process's memory, and say so in /health/ready.
# The cache and rate limits fall back to memory by themselves and return to Redis when it does.
_reflex_redis = settings.REDIS_URL
if settings.REDIS_URL and not redis_reachable(settings.REDIS_URL):
    _reflex_redis = None
    os.environ[DEGRADED_ENV] = "1"
    print("AVISO: Redis indisponível na partida; estado do Reflex em memória (modo degradado).", file=sys.stderr)
    os.environ.pop("REFLEX_REDIS_URL", None)

# The embedded Chroma store (no CHROMA_URL) belongs to one process: a second worker process reads
# an HNSW index that another one has moved on from ("Error finding id"). With Redis, Reflex would
# start one worker per core, so embedded Chroma keeps it to one unless GRANIAN_WORKERS says
# otherwise; several workers or replicas need a Chroma server (CHROMA_URL, compose profile).
if _reflex_redis and not settings.CHROMA_URL and "GRANIAN_WORKERS" not in os.environ:
    os.environ["GRANIAN_WORKERS"] = "1"

config = rx.Config(
    app_name="aurora_app",
    db_url=settings.DATABASE_URL,
    redis_url=_reflex_redis,
    telemetry_enabled=False,
    # Reflex's CORS answers only the configured other origins (never "*"); the app's own origin
    # needs no CORS, and api.middleware.OriginGuard refuses every other one.
    cors_allowed_origins=list(settings.allowed_origins),
    show_built_with_reflex=False,
    **({"bun_path": _bun} if os.path.exists(_bun) else {}),
    disable_plugins=[rx.plugins.SitemapPlugin],
)
