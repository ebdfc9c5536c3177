"""``make bench``, in-process phase: the services as the REST routes and the UI call them.

paging_depth_ratio, search_growth_ratio (20k vs 200k, alternating query by query), the leads
calls at 1M rows, and the evidence for list totals (exact ``count(*)`` vs the planner's
estimate) with EXPLAIN ANALYZE. Functions of ``bench_clientes`` do the timing.
"""

from __future__ import annotations

import json
import statistics
import time

from bench_clientes import medir_busca, medir_leads, medir_paginacao
from sqlalchemy import text

from aurora_app.services.actor import Actor

GERENTE = Actor(id=1, email="u0@bench.test", nome="Vendedor 0", papel="gerente")
VENDEDOR = Actor(id=2, email="u1@bench.test", nome="Vendedor 1", papel="vendedor")


def _explain(banco, sql: str, **params) -> dict:  # noqa: ANN001, ANN003
    with banco.engine.connect() as c:
        plan = c.execute(text(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}"), params).scalar_one()
    if isinstance(plan, str):
        plan = json.loads(plan)
    top = plan[0]
    node = top["Plan"]
    while node.get("Plans") and node["Node Type"] in ("Aggregate", "Gather", "Finalize Aggregate", "Partial Aggregate"):
        node = node["Plans"][0]
    return {
        "execution_ms": round(top["Execution Time"], 2),
        "planning_ms": round(top["Planning Time"], 2),
        "scan": node["Node Type"],
        "index": node.get("Index Name"),
        "rows": node.get("Actual Rows"),
    }


def _tempo(banco, sql: str, n: int = 15, **params) -> float:  # noqa: ANN001, ANN003
    ms = []
    with banco.engine.connect() as c:
        for _ in range(n):
            t0 = time.perf_counter()
            c.execute(text(sql), params).all()
            ms.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(ms), 3)


def evidencia_totais(grande) -> dict:  # noqa: ANN001
    """Item 4: what an exact total costs at 1M leads / 200k clientes vs an estimate."""
    casos = {
        "leads_gerente": ("SELECT count(*) FROM lead WHERE removido_em IS NULL", {}),
        "leads_vendedor": ("SELECT count(*) FROM lead WHERE removido_em IS NULL AND responsavel_id = :r", {"r": 2}),
        "clientes_gerente": ("SELECT count(*) FROM cliente WHERE removido_em IS NULL", {}),
        "clientes_busca_ltda": ("SELECT count(*) FROM cliente WHERE removido_em IS NULL AND busca ILIKE '%ltda%'", {}),
    }
    out: dict = {}
    for nome, (sql, params) in casos.items():
        out[nome] = {"exact_p50_ms": _tempo(grande, sql, **params), "explain": _explain(grande, sql, **params)}
    out["reltuples_p50_ms"] = _tempo(grande, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'lead'::regclass")
    out["planner_estimate_p50_ms"] = _tempo(
        grande, "EXPLAIN (FORMAT JSON) SELECT 1 FROM lead WHERE removido_em IS NULL AND responsavel_id = :r", r=2
    )
    with grande.engine.connect() as c:
        reltuples = c.execute(text("SELECT reltuples::bigint FROM pg_class WHERE oid = 'lead'::regclass")).scalar_one()
        exato = c.execute(text("SELECT count(*) FROM lead WHERE removido_em IS NULL")).scalar_one()
    out["lead_reltuples"] = reltuples
    out["lead_exact"] = exato
    out["reltuples_error_pct"] = round(abs(reltuples - exato) / max(1, exato) * 100, 3)
    return out


def perfil_api(grande, n: int = 300) -> dict:  # noqa: ANN001
    """Where ``GET /api/v1/clientes/{id}`` spends its time over the bare route: both in process
    through httpx's ASGI transport (no network, one client), cProfile over ``n`` calls each."""
    import asyncio
    import cProfile
    import io
    import pstats
    import random

    import httpx

    from aurora_app.api import build_api
    from aurora_app.api.bench_bare import build_bare_app
    from aurora_app.core.security import create_access_token

    grande.ativar()
    token = create_access_token(user_id=1, papel="gerente", amr=["pwd"])[0]
    rng = random.Random(5)
    ids = [rng.randrange(1, 200_000) for _ in range(n)]
    out: dict = {}

    async def carga(app, prefixo: str, headers: dict) -> list[float]:  # noqa: ANN001
        ms = []
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as c:
            for i in ids[:20]:
                await c.get(f"{prefixo}/{i}", headers=headers)
            for i in ids:
                t0 = time.perf_counter()
                r = await c.get(f"{prefixo}/{i}", headers=headers)
                ms.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.text
        return ms

    for nome, app, prefixo, headers in (
        ("real", build_api(), "/api/v1/clientes", {"Authorization": f"Bearer {token}"}),
        ("bare", build_bare_app(), "/bench/bare/clientes", {}),
    ):
        prof = cProfile.Profile()
        prof.enable()
        ms = asyncio.run(carga(app, prefixo, headers))
        prof.disable()
        buf = io.StringIO()
        st = pstats.Stats(prof, stream=buf).sort_stats("cumulative")
        st.print_stats(r"aurora_app/|_match|execute|validate|jwt", 20)
        linhas = [ln.strip() for ln in buf.getvalue().splitlines() if "aurora_app" in ln or "/site-packages/" in ln]
        out[nome] = {"p50_ms": round(statistics.median(ms), 3), "top_cumulative": linhas[:20]}
    out["in_process_time_ratio"] = round(out["bare"]["p50_ms"] / out["real"]["p50_ms"], 3)
    return out


def run(pequeno, grande, args, notes: dict) -> dict:  # noqa: ANN001
    from bench_clientes import Banco  # noqa: F401 - the objects come from run_all

    rotulo = {pequeno.nome: f"{args.pequeno // 1000}k", grande.nome: f"{args.clientes // 1000}k"}
    busca = medir_busca(pequeno, grande, GERENTE, args.consultas, rotulo)
    paginacao = medir_paginacao(grande, GERENTE, args.runs, args.profundidade, args.clientes)
    leads = medir_leads(grande, GERENTE, VENDEDOR, args.runs, args.leads)
    totais = evidencia_totais(grande)
    try:
        api = perfil_api(grande)
    except Exception as exc:  # noqa: BLE001 - evidence, not a figure
        api = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    notes["paging"] = "p50 of list_clientes(limite=50) after 150,000 rows ÷ page 1, cold totals (each call counts)"
    notes["search"] = "p95 of the query mix (name word, CNPJ root, full CNPJ, trade name) at 200k ÷ at 20k, cold totals"
    return {
        "paging_depth_ratio": paginacao["cold"]["ratio"],
        "paging": paginacao,
        "search_growth_ratio": busca["ratio"],
        "search": busca,
        "leads_1m": leads,
        "list_totals": totais,
        "api_profile": api,
    }
