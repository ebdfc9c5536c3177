"""Benchmark of the dashboard (issue 9) on PostgreSQL: the service vs the raw SQL behind it.

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_dashboard.py \
        [--clientes 200000] [--leads 1000000] [--runs 40] [--keep] [--explain]

or from Python (e.g. ``make bench``): ``from bench.bench_dashboard import run; run(url)`` → dict.

Method
- A throwaway database on DATABASE_URL's server, migrated with Alembic (the real schema and
  indexes), loaded with the clientes/leads loader of ``bench_clientes.py`` (clientes by COPY,
  leads by ``INSERT ... SELECT generate_series``: 20 vendedores, leads spread over two years up to
  November 2026, one in seven won, one in seven lost), then ``VACUUM ANALYZE``; dropped at the end.
- "raw SQL": the exact statements ``services.dashboard.painel`` sends (captured from one call with
  SQLAlchemy's ``before_cursor_execute``), replayed on a raw psycopg2 connection, back to back,
  as one round; a round's time is the sum of its statements.
- "service cold": ``painel()`` with the cache cleared before every call (it runs every query,
  plus the session, the cache lookups and the pydantic DTOs); "service warm": ``painel()`` served
  from the cache (what a second load or another manager's load costs until the next write).
- Raw and service calls alternate call by call, so load from other processes hits both alike.
  Criterion: p95(service) ≤ 2 × p95(raw), cold and warm, in the same run.
- Cases: the team for the last 90 days (the page's default), the team for 365 days, and one
  vendedor for 90 days. The ratios returned are over the union of the cases' samples.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from aurora_app.core.config import normalise_database_url, reset_settings_cache  # noqa: E402
from aurora_app.core.db import reset_engine  # noqa: E402
from bench.bench_clientes import Banco, pct  # noqa: E402

HOJE = date(2026, 11, 30)  # the loader's leads run up to late October 2026 (+20 days to close)


def capturar(engine: Any, fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The (statement, parameters) that ``fn()`` sends through ``engine``."""
    enviados: list[tuple[str, Any]] = []

    def _ouvir(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001, ARG001
        enviados.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", _ouvir)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", _ouvir)
    return [(s, p) for s, p in enviados if s.lstrip().upper().startswith("SELECT")]


def reproduzir(raw: Any, consultas: list[tuple[str, Any]]) -> float:
    """Runs the captured statements back to back on a raw DBAPI connection; ms."""
    cur = raw.cursor()
    t0 = time.perf_counter()
    for sql, params in consultas:
        cur.execute(sql, params)
        cur.fetchall()
    ms = (time.perf_counter() - t0) * 1000
    raw.rollback()
    cur.close()
    return ms


def explicar(banco: Banco, consultas: list[tuple[str, Any]]) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement: the plan's top lines and its time."""
    out = []
    raw = banco.engine.raw_connection()
    try:
        cur = raw.cursor()
        for sql, params in consultas:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            linhas = [r[0] for r in cur.fetchall()]
            resumo = " ".join(sql.split())[:110]
            out.append(
                f"-- {resumo}…\n" + "\n".join("   " + x for x in linhas if not x.strip().startswith("Buffers"))[:1800]
            )
        raw.rollback()
    finally:
        raw.close()
    return out


def medir(banco: Banco, fn: Callable[[], Any], runs: int) -> dict[str, list[float]]:
    """Alternating raw / service samples, cold then warm."""
    consultas = capturar(banco.engine, lambda: (banco.cache.clear(), fn()))
    raw = banco.engine.raw_connection()
    out: dict[str, list[float]] = {"raw_cold": [], "svc_cold": [], "raw_warm": [], "svc_warm": []}
    try:
        for _ in range(3):  # warm-up: buffers, plans, imports
            reproduzir(raw, consultas)
            banco.cache.clear()
            fn()
        for modo in ("cold", "warm"):
            for r in range(runs):
                ordem = ("raw", "svc") if r % 2 == 0 else ("svc", "raw")
                for quem in ordem:
                    if quem == "raw":
                        out[f"raw_{modo}"].append(reproduzir(raw, consultas))
                        continue
                    if modo == "cold":
                        banco.cache.clear()
                    t0 = time.perf_counter()
                    fn()
                    out[f"svc_{modo}"].append((time.perf_counter() - t0) * 1000)
    finally:
        raw.close()
    out["n_consultas"] = [float(len(consultas))]
    return out


def _fmt(ms: list[float]) -> str:
    return f"p50 {statistics.median(ms):7.2f} ms  p95 {pct(ms, 95):7.2f} ms"


def run(
    database_url: str | None = None,
    *,
    clientes: int = 200_000,
    leads: int = 1_000_000,
    runs: int = 40,
    keep: bool = False,
    explain: bool = False,
    log: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Builds the data set, measures, drops the database. Returns the figures (ms) and
    ``dashboard_ratio_cold`` / ``dashboard_ratio_warm`` (p95 service ÷ p95 raw SQL; ≤ 2 passes)."""
    server_url = database_url or os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    if not server_url.startswith(("postgresql", "postgres")):
        raise SystemExit("bench_dashboard: DATABASE_URL must point at a PostgreSQL server")
    os.environ.setdefault("SECRET_KEY", "bench-secret-" + "x" * 40)
    os.environ.pop("REDIS_URL", None)
    reset_settings_cache()
    reset_engine()
    server = make_url(normalise_database_url(server_url))
    banco = Banco(server, f"aurora_bench_dash_{uuid.uuid4().hex[:6]}")
    resultado: dict[str, Any] = {"clientes": clientes, "leads": leads, "runs": runs}
    try:
        from aurora_app.services import dashboard
        from aurora_app.services.actor import Actor

        with banco.engine.connect() as c:
            log(
                c.execute(text("SELECT version()")).scalar().split(",")[0] + f" · {os.cpu_count()} CPUs · "
                f"load {os.getloadavg()[0]:.1f}"
            )
        banco.usuarios()
        log(f"load {clientes:,} clientes (COPY): {banco.carregar_clientes(clientes):.1f}s")
        log(f"load {leads:,} leads (generate_series): {banco.carregar_leads(leads):.1f}s")
        banco.ativar()
        gerente = Actor(id=1, email="u0@bench.test", nome="Vendedor 0", papel="gerente")
        vendedor = Actor(id=2, email="u1@bench.test", nome="Vendedor 1", papel="vendedor")
        dashboard.hoje = lambda: HOJE  # the data set's "today"
        ini90, ini365 = HOJE - timedelta(days=89), HOJE - timedelta(days=364)
        casos = {
            "equipe_90d": lambda: dashboard.painel(actor=gerente, inicio=ini90, fim=HOJE),
            "equipe_365d": lambda: dashboard.painel(actor=gerente, inicio=ini365, fim=HOJE),
            "vendedor_90d": lambda: dashboard.painel(actor=vendedor, inicio=ini90, fim=HOJE),
        }
        amostra = casos["equipe_90d"]()
        log(
            f"sanity (team, 90 days): {amostra.kpis.leads_abertos:,} open leads, "
            f"{amostra.kpis.clientes_ativos:,} clientes, won {amostra.funil[4].quantidade:,}, "
            f"{sum(o.quantidade for o in amostra.leads_por_origem):,} created"
        )
        todos: dict[str, list[float]] = {"raw_cold": [], "svc_cold": [], "raw_warm": [], "svc_warm": []}
        log(f"== dashboard.painel vs its raw SQL, {runs} alternating calls each, cold then warm")
        for nome, fn in casos.items():
            m = medir(banco, fn, runs)
            for k in todos:
                todos[k] += m[k]
            rc = pct(m["svc_cold"], 95) / pct(m["raw_cold"], 95)
            rw = pct(m["svc_warm"], 95) / pct(m["raw_warm"], 95)
            resultado[nome] = {
                k: {"p50": statistics.median(v), "p95": pct(v, 95)} for k, v in m.items() if k != "n_consultas"
            }
            resultado[nome]["ratio_cold"], resultado[nome]["ratio_warm"] = rc, rw
            log(
                f"  {nome:13s} ({int(m['n_consultas'][0])} statements)\n"
                f"    raw SQL      {_fmt(m['raw_cold'])}\n"
                f"    service cold {_fmt(m['svc_cold'])}   ratio p95 {rc:.2f}\n"
                f"    service warm {_fmt(m['svc_warm'])}   ratio p95 {rw:.3f}"
            )
            if explain:
                for plano in explicar(banco, capturar(banco.engine, lambda fn=fn: (banco.cache.clear(), fn()))):
                    log(plano)
        resultado.update(
            dashboard_p95_raw_ms=pct(todos["raw_cold"], 95),
            dashboard_p95_cold_ms=pct(todos["svc_cold"], 95),
            dashboard_p95_warm_ms=pct(todos["svc_warm"], 95),
            dashboard_ratio_cold=pct(todos["svc_cold"], 95) / pct(todos["raw_cold"], 95),
            dashboard_ratio_warm=pct(todos["svc_warm"], 95) / pct(todos["raw_warm"], 95),
        )
        ok = resultado["dashboard_ratio_cold"] <= 2 and resultado["dashboard_ratio_warm"] <= 2
        log(
            f"  ALL: raw p95 {resultado['dashboard_p95_raw_ms']:.2f} ms, service cold p95 "
            f"{resultado['dashboard_p95_cold_ms']:.2f} ms (ratio {resultado['dashboard_ratio_cold']:.2f}), warm p95 "
            f"{resultado['dashboard_p95_warm_ms']:.2f} ms (ratio {resultado['dashboard_ratio_warm']:.3f}) — "
            f"{'OK' if ok else 'FAIL'}: criterion ≤ 2"
        )
    finally:
        banco.desativar()
        banco.fechar(keep)
    return resultado


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clientes", type=int, default=200_000)
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of every statement")
    args = ap.parse_args()
    run(clientes=args.clientes, leads=args.leads, runs=args.runs, keep=args.keep, explain=args.explain)


if __name__ == "__main__":
    main()
