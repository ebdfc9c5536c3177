"""Benchmark of the global search ``GET /busca`` (services.busca.buscar) on PostgreSQL (not a test).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_busca.py \
        [--clientes 200000] [--pequeno 20000] [--leads 200000] [--consultas 60]

Reuses bench_clientes' loader (COPY of synthetic clientes with real CNPJs and folded ``busca``,
leads by ``generate_series``, GIN trigram indexes rebuilt, VACUUM ANALYZE) into two throwaway
databases (20k and 200k clientes, same first rows) and alternates the calls between them.
Each call is ``buscar(q, limite=5)`` as the REST route makes it: three LIMIT queries (clientes,
the caller's leads, contacts) and the DTOs. Query mix: a company's distinctive word, a CNPJ root
with mask, a full masked CNPJ, a fantasy name without accents; as gerente and as vendedor.
Criterion (issue 13: "fast at 200k clientes"): p95 at 200k ≤ 1.5 × p95 at 20k and under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_clientes import Banco, alternado, consultas, fmt, pct  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from aurora_app.core.config import normalise_database_url, reset_settings_cache  # noqa: E402
from aurora_app.core.db import reset_engine  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clientes", type=int, default=200_000)
    ap.add_argument("--pequeno", type=int, default=20_000)
    ap.add_argument("--leads", type=int, default=200_000)
    ap.add_argument("--consultas", type=int, default=60)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    if not server_url.startswith(("postgresql", "postgres")):
        sys.exit("bench_busca: DATABASE_URL must point at a PostgreSQL server")
    os.environ.setdefault("SECRET_KEY", "bench-secret-" + "x" * 40)
    os.environ.pop("REDIS_URL", None)
    reset_settings_cache()
    reset_engine()
    server = make_url(normalise_database_url(server_url))
    tag = uuid.uuid4().hex[:6]
    pequeno = Banco(server, f"aurora_bbusca_{tag}_p")
    grande = Banco(server, f"aurora_bbusca_{tag}_g")
    try:
        from aurora_app.services import busca
        from aurora_app.services.actor import Actor

        gerente = Actor(id=1, email="u0@bench.test", nome="Vendedor 0", papel="gerente")
        vendedor = Actor(id=2, email="u1@bench.test", nome="Vendedor 1", papel="vendedor")
        for banco, n in ((pequeno, args.pequeno), (grande, args.clientes)):
            banco.usuarios()
            print(
                f"load {n:,} clientes: {banco.carregar_clientes(n):.1f}s; "
                f"{args.leads * n // args.clientes:,} leads: {banco.carregar_leads(args.leads * n // args.clientes):.1f}s"
            )
        rotulo = {pequeno.nome: f"{args.pequeno // 1000}k", grande.nome: f"{args.clientes // 1000}k"}
        mix = consultas(random.Random(13), args.consultas, args.pequeno)
        resumo = {}
        for actor in (gerente, vendedor):
            todos: dict[str, list[float]] = {pequeno.nome: [], grande.nome: []}
            print(f"\n== buscar(q, limite=5) as {actor.papel}, {args.consultas} queries per class x 2")
            for classe, qs in mix.items():
                res = alternado(
                    [pequeno, grande],
                    lambda r, qs=qs, a=actor: busca.buscar(actor=a, q=qs[r % len(qs)]),
                    len(qs) * 2,
                    frio=True,
                )
                for k, v in res.items():
                    todos[k] += v
                print(
                    f"  {classe:28s} {rotulo[pequeno.nome]:>5}: {fmt(res[pequeno.nome])}\n"
                    f"  {'':28s} {rotulo[grande.nome]:>5}: {fmt(res[grande.nome])}"
                )
            p, g = todos[pequeno.nome], todos[grande.nome]
            resumo[actor.papel] = (pct(p, 95), pct(g, 95))
            ok = pct(g, 95) <= 1.5 * pct(p, 95) and pct(g, 95) < 100
            print(
                f"  ALL p95 {pct(p, 95):.2f} → {pct(g, 95):.2f} ms, ratio {pct(g, 95) / pct(p, 95):.2f} "
                f"({'OK' if ok else 'FAIL'}: ≤ 1.5 and < 100 ms)"
            )
        grande.ativar()
        r = busca.buscar(actor=gerente, q=mix["palavra do nome"][0])
        assert r.clientes, "the bench's queries must find something"
    finally:
        pequeno.fechar(args.keep)
        grande.fechar(args.keep)


if __name__ == "__main__":
    main()
