"""Benchmark: a cached CNPJ lookup vs one that goes upstream (CNPJá answering in 100 ms).

End to end through the REST API (``GET /api/v1/cnpj/{cnpj}`` with a bearer token, the real
FastAPI app with its middleware, auth and service), in process with httpx's ASGI transport; the
upstream is the fake CNPJá over real HTTP on loopback, answering after ``--delay`` seconds.

    python bench/bench_cnpj.py                 # SQLite + in-process cache
    REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \
        python bench/bench_cnpj.py             # the app's cache in Redis (db 1); PG database as given

Exit status 1 when the cached path is not at least ``--min-ratio`` (50×) faster (medians).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup_env(tmp: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.db'}")
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-" + "x" * 40)
    os.environ["AURORA_ENV"] = "test"
    os.environ["LOG_DIR"] = str(tmp / "logs")
    os.environ["REDIS_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}:"
    os.environ["LOG_LEVEL"] = "WARNING"


def _migrate_and_user():
    from alembic import command
    from alembic.config import Config

    from aurora_app.core.config import get_settings
    from aurora_app.core.security import create_access_token
    from aurora_app.services.usuarios import create_user

    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.attributes["url"] = get_settings().DATABASE_URL
    command.upgrade(cfg, "head")
    user = create_user(
        email=f"bench-{uuid.uuid4().hex[:6]}@aurora.test",
        password="Bench-Senha-Longa-123",
        nome="Bench",
        papel="vendedor",
    )
    return create_access_token(user_id=user.id, papel=user.papel, amr=["pwd"])[0]


def _summary(name: str, samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    stats = {
        "n": len(samples),
        "median_ms": statistics.median(samples) * 1000,
        "p95_ms": p95 * 1000,
        "mean_ms": statistics.fmean(samples) * 1000,
    }
    print(
        f"{name:<24} n={stats['n']:<5} median={stats['median_ms']:8.3f} ms  p95={stats['p95_ms']:8.3f} ms  mean={stats['mean_ms']:8.3f} ms"
    )
    return stats


async def _run(args: argparse.Namespace, token: str) -> int:
    import httpx

    from aurora_app.api import build_api
    from aurora_app.integrations.cnpja import ConsultaCache
    from aurora_app.services import cnpj as cnpj_service
    from tests.fakes.cnpja_server import VALID_KEYS, FakeCNPJa

    cnpj = "33000167000101"
    with FakeCNPJa() as fake:
        fake.delay = args.delay
        os.environ.update(
            CNPJA_PAID_URL=fake.paid_url,
            CNPJA_FREE_URL=fake.free_url,
            CNPJA_PRIMARY_KEY=VALID_KEYS[0],
            CNPJA_SECONDARY_KEY=VALID_KEYS[1],
        )
        from aurora_app.core.config import reset_settings_cache

        reset_settings_cache()
        cnpj_service.reset_client()
        cnpj_service.USER_RULE = "1000000/minute"  # the per-user guard is not what is measured

        app = build_api()
        headers = {"Authorization": f"Bearer {token}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            url = f"/api/v1/cnpj/{cnpj}"

            async def timed() -> tuple[float, dict]:
                start = time.perf_counter()
                r = await client.get(url, headers=headers)
                elapsed = time.perf_counter() - start
                r.raise_for_status()
                return elapsed, r.json()

            # Upstream path: the cache entry is removed (outside the timing) before each call.
            upstream: list[float] = []
            for _ in range(args.upstream_n):
                ConsultaCache().forget(cnpj)
                elapsed, body = await timed()
                assert body["fonte"] == "cnpja_pago", body["fonte"]
                upstream.append(elapsed)

            cached: list[float] = []
            for _ in range(50):  # warm-up
                await timed()
            for _ in range(args.cached_n):
                elapsed, body = await timed()
                assert body["fonte"] == "cache", body["fonte"]
                cached.append(elapsed)

            # The floor: the same authenticated route answering 422 at once (no cache, no upstream).
            floor: list[float] = []
            for _ in range(args.cached_n // 2):
                start = time.perf_counter()
                r = await client.get("/api/v1/cnpj/33000167000102", headers=headers)
                floor.append(time.perf_counter() - start)
                assert r.status_code == 422

    print(
        f"backend: DATABASE_URL={os.environ['DATABASE_URL'].split('@')[-1]}  REDIS_URL={os.environ.get('REDIS_URL') or '(in-process)'}"
    )
    print(f"upstream answers after {args.delay * 1000:.0f} ms (fake CNPJá over loopback HTTP)")
    up = _summary("upstream (cnpja_pago)", upstream)
    ca = _summary("cached (fonte=cache)", cached)
    fl = _summary("floor (auth + 422)", floor)
    ratio = up["median_ms"] / ca["median_ms"]
    print(
        f"the cache lookup itself adds {ca['median_ms'] - fl['median_ms']:.3f} ms (median) over the authenticated floor"
    )
    print(f"speed-up (median): {ratio:.0f}×   (required: ≥ {args.min_ratio:.0f}×)")
    print(f"cached throughput, one client, sequential: {1000 / ca['mean_ms']:.0f} req/s")
    if args.json:  # for `make bench` (bench/run_all.py)
        Path(args.json).write_text(
            json.dumps(
                {
                    "speedup": round(ratio, 1),
                    "upstream": up,
                    "cached": ca,
                    "floor": fl,
                    "delay_ms": args.delay * 1000,
                    "backend": "PostgreSQL + Redis" if os.environ.get("REDIS_URL") else "in-process cache",
                }
            )
        )
    return 0 if ratio >= args.min_ratio else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delay", type=float, default=0.1, help="upstream answer delay in seconds (0.1)")
    parser.add_argument("--upstream-n", type=int, default=20)
    parser.add_argument("--cached-n", type=int, default=1000)
    parser.add_argument("--min-ratio", type=float, default=50.0)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aurora-bench-") as tmp:
        _setup_env(Path(tmp))
        pg_db = None
        url = os.environ["DATABASE_URL"]
        if url.startswith(("postgresql", "postgres")):
            pg_db = _create_pg_database(url)
        try:
            token = _migrate_and_user()
            return asyncio.run(_run(args, token))
        finally:
            if pg_db:
                _drop_pg_database(*pg_db)


def _create_pg_database(url: str):
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from aurora_app.core.config import normalise_database_url

    server = make_url(normalise_database_url(url))
    name = f"aurora_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    os.environ["DATABASE_URL"] = server.set(database=name).render_as_string(hide_password=False)
    return admin, name


def _drop_pg_database(admin, name: str) -> None:
    from sqlalchemy import text

    from aurora_app.core.db import reset_engine

    reset_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
