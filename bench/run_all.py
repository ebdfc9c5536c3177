"""``make bench``: Aurora at scale in one run, every figure a ratio taken in the same run (issue 15).

    make bench                                     # everything, ~20 min on 2 cores
    .venv/bin/python bench/run_all.py --keep       # keep the databases (prints their tag)
    .venv/bin/python bench/run_all.py --reuse TAG  # measure again on kept databases (no load)

What it does (details in BENCHMARKS.md):

1. Creates two throwaway databases on the machine's PostgreSQL (``BENCH_DATABASE_URL``, else
   ``DATABASE_URL``, else ``postgresql://postgres@127.0.0.1:5432/postgres``): ``aurora_bench_<tag>_p``
   with 20k clientes and ``aurora_bench_<tag>_g`` with 200k clientes, 1M leads and 1M interações,
   migrated with Alembic and loaded with COPY / ``generate_series`` (``bench_clientes.Banco``).
   Nothing else on the server is touched; both are dropped at the end (unless ``--keep``).
2. In process (the services as the API and UI call them): paging depth, search growth, leads.
3. Starts its own ``redis-server`` on a free port and the real production server
   (``reflex run --env prod --backend-only``, Redis state manager, several workers) on the big
   database, with ``AURORA_BENCH_ROUTES=1`` (the bare route of ``api_overhead_ratio``; refused
   when ``AURORA_ENV=production``). Drives it with async clients: REST load, Reflex websocket
   users (``bench/reflex_users.py``), logins.
4. CNPJ cache speed-up (``bench_cnpj.run``), dashboard and AI (``bench_dashboard.run`` /
   ``bench_ai.run`` when those modules exist), then writes ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from comum import ROOT, SENHA, log, machine  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"
GOALS = {
    "paging_depth_ratio": "≤ 1.3",
    "search_growth_ratio": "≤ 1.2",
    "api_overhead_ratio": "≥ 0.5",
    "cnpj_cache_speedup": "≥ 50",
    "dashboard_ratio": "≤ 2",
    "reflex_event_p95_ms_20_users": "≤ 50 ms",
    "reflex_event_p95_ms_50_users": "report where it bends",
    "chroma_p95_ms_100k": "≤ 50 ms",
    "ingest_to_search_s": "report (p95)",
    "login_ms": "report",
    "logins_per_s": "report",
}


# --------------------------------------------------------------------------- databases


def abrir_bancos(args: argparse.Namespace):  # noqa: ANN201
    from bench_clientes import Banco

    from aurora_app.core.config import normalise_database_url

    server = make_url(normalise_database_url(args.server_url))
    tag = args.reuse or uuid.uuid4().hex[:6]
    novo = not args.reuse
    pequeno = Banco(server, f"aurora_bench_{tag}_p", criar=novo)
    grande = Banco(server, f"aurora_bench_{tag}_g", criar=novo)
    return tag, pequeno, grande, novo


def carregar(pequeno, grande, args: argparse.Namespace) -> dict:  # noqa: ANN001
    """Load what is missing (a run interrupted half-way, reused with --reuse, resumes here)."""
    from aurora_app.core.security import hash_password

    tempos = {}
    t0 = time.perf_counter()
    for banco, n in ((pequeno, args.pequeno), (grande, args.clientes)):
        linhas = contagens(banco)
        if not linhas["usuario"]:
            banco.usuarios()
        if not linhas["cliente"]:
            tempos[f"clientes_{banco.nome[-1]}_s"] = round(banco.carregar_clientes(n), 1)
            log(f"{banco.nome}: {n:,} clientes in {tempos[f'clientes_{banco.nome[-1]}_s']} s")
    linhas = contagens(grande)
    if not linhas["lead"]:
        tempos["leads_s"] = round(grande.carregar_leads(args.leads), 1)
        log(f"{args.leads:,} leads in {tempos['leads_s']} s")
    if not linhas["interacao"]:
        tempos["interacoes_s"] = round(grande.carregar_interacoes(args.interacoes), 1)
        log(f"{args.interacoes:,} interações in {tempos['interacoes_s']} s")
    senha_hash = hash_password(SENHA)  # one real hash for every bench user (they log in for real)
    for banco in (pequeno, grande):
        banco.sql("UPDATE usuario SET senha_hash = :h, tokens_validos_desde = now() - interval '1 hour'", h=senha_hash)
    tempos["total_s"] = round(time.perf_counter() - t0, 1)
    return tempos


def contagens(banco) -> dict:  # noqa: ANN001
    with banco.engine.connect() as c:
        return {
            t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("cliente", "lead", "interacao", "usuario")
        }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clientes", type=int, default=200_000)
    ap.add_argument("--pequeno", type=int, default=20_000)
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--interacoes", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--consultas", type=int, default=100)
    ap.add_argument("--profundidade", type=int, default=150_000)
    ap.add_argument("--users", default="20,50", help="concurrent Reflex websocket users, comma-separated")
    ap.add_argument("--ws-duration", type=float, default=60.0, help="seconds of human-paced events per level")
    ap.add_argument("--keep", action="store_true", help="keep the databases (prints their tag)")
    ap.add_argument("--reuse", metavar="TAG", help="measure on databases kept by an earlier --keep run")
    ap.add_argument("--only", default="", help="comma-separated phases: load,services,server,extras")
    ap.add_argument("--output", default=str(RESULTS))
    args = ap.parse_args()
    args.server_url = (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    if not args.server_url.startswith(("postgresql", "postgres")):
        sys.exit("make bench needs PostgreSQL: set BENCH_DATABASE_URL=postgresql://user@host:port/db")
    fases = set(filter(None, args.only.split(","))) or {"load", "services", "server", "extras"}

    redis_url_outer = os.environ.pop("REDIS_URL", None)  # the in-process part uses its own cache
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ["AURORA_ENV"] = "test"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["LOG_DIR"] = tempfile.mkdtemp(prefix="aurora-bench-logs-")
    from aurora_app.core.config import reset_settings_cache
    from aurora_app.core.db import reset_engine

    reset_settings_cache()
    reset_engine()

    started = time.perf_counter()
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine_start": machine(),
        "goals": GOALS,
        "notes": {},
    }
    tag, pequeno, grande, novo = abrir_bancos(args)
    log(f"databases aurora_bench_{tag}_p / _g on {make_url(args.server_url).host} ({'new' if novo else 'reused'})")
    try:
        results["load_seconds"] = carregar(pequeno, grande, args)
        results["row_counts"] = {"20k": contagens(pequeno), "200k": contagens(grande)}
        log(f"row counts: {results['row_counts']}")
        if "services" in fases:
            import phases_services

            results.update(phases_services.run(pequeno, grande, args, results["notes"]))
            grande.desativar()  # the later phases configure the services by settings (reset_engine)
        if "server" in fases:
            import phases_server

            results.update(phases_server.run(grande, args, results["notes"], fases))
    finally:
        pequeno.engine.dispose()
        grande.engine.dispose()
        if args.keep or args.reuse:
            log(f"kept databases: --reuse {tag}")
        else:
            pequeno.fechar(False)
            grande.fechar(False)
            log("databases dropped")
        if redis_url_outer is not None:
            os.environ["REDIS_URL"] = redis_url_outer
    results["machine_end"] = machine()
    results["duration_s"] = round(time.perf_counter() - started, 1)
    escrever(results, Path(args.output))
    return 0


HOW = {
    "paging_depth_ratio": "p50 of `list_clientes(limite=50)` after 150,000 rows ÷ page 1, 200k clientes, cold totals",
    "search_growth_ratio": "p95 of the search mix (name word, CNPJ root, full CNPJ, trade name) at 200k ÷ 20k, "
    "cold totals, databases alternated query by query",
    "api_overhead_ratio": "req/s of `GET /api/v1/clientes/{id}` ÷ bench-only bare route (same SQL), same server, "
    "8 keep-alive httpx connections, alternating 6 s windows",
    "cnpj_cache_speedup": "`bench_cnpj.py`: median upstream lookup (fake CNPJá answering in 100 ms) ÷ median cached "
    "lookup, REST end to end, PostgreSQL + Redis",
    "dashboard_ratio": "`bench/bench_dashboard.py` on the 1M-lead database",
    "reflex_event_p95_ms_20_users": "p95 of event round trips, 20 socket.io users on the prod server, logged in, "
    "open clientes / search / next page / open lead, 1–3 s think time",
    "reflex_event_p95_ms_50_users": "the same with 50 users",
    "chroma_p95_ms_100k": "`bench/bench_ai.py`",
    "ingest_to_search_s": "`bench/bench_ai.py`",
    "login_ms": "median of one `POST /api/v1/auth/login` (argon2id + JWT) on the prod server, sequential",
    "logins_per_s": "best successful logins/s at 1–16 concurrent clients (distinct accounts)",
}
BEGIN, END = "<!-- make-bench:begin -->", "<!-- make-bench:end -->"


def tabela(results: dict) -> str:
    data = results["date"][:10]
    m0, m1 = results.get("machine_start", {}), results.get("machine_end", {})
    linhas = [
        f"Last `make bench`: {results['date']} · {m0.get('cores')} cores · load average {m0.get('loadavg')} at the "
        f"start, {m1.get('loadavg')} at the end · {results.get('duration_s')} s · rows: "
        f"{json.dumps(results.get('row_counts', {}).get('200k', {}))}",
        "",
        "| key | goal | figure | how measured | date |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, goal in GOALS.items():
        valor = results.get(key)
        nota = results.get("notes", {}).get(key)
        fig = "null" + (f" ({nota})" if nota else "") if valor is None else f"**{valor}**"
        linhas.append(f"| `{key}` | {goal} | {fig} | {HOW.get(key, '')} | {data} |")
    return "\n".join(linhas)


def escrever(results: dict, path: Path) -> None:
    for key in GOALS:
        results.setdefault(key, None)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    log(f"results in {path}")
    for key in GOALS:
        log(f"  {key:32s} {results[key]}  (goal {GOALS[key]})")
    if path.resolve() != RESULTS.resolve():
        return
    doc = ROOT / "BENCHMARKS.md"
    texto = doc.read_text()
    if BEGIN in texto and END in texto:
        antes, resto = texto.split(BEGIN, 1)
        texto = antes + BEGIN + "\n" + tabela(results) + "\n" + END + resto.split(END, 1)[1]
        doc.write_text(texto)
        log("table updated in BENCHMARKS.md")


if __name__ == "__main__":
    raise SystemExit(main())
