"""Benchmark of the clientes/leads services on PostgreSQL (not a test; run by hand).

    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python bench/bench_clientes.py \
        [--clientes 200000] [--leads 1000000] [--runs 60] [--keep]

Method
- A throwaway database is created on DATABASE_URL's server and migrated with Alembic (the real
  schema: partial unique index, keyset indexes, pg_trgm GIN indexes on ``busca``); dropped at the end.
- Clientes are generated in Python (valid CNPJs with check digits, pt-BR names with accents and a
  pseudo-word per company, ``busca`` through ``models.base.fold``) and loaded with COPY; leads are
  generated inside PostgreSQL with ``generate_series`` (INSERT ... SELECT). The trigram indexes
  are dropped during the load and rebuilt after it; then VACUUM ANALYZE.
- Every measurement calls the service functions (``clientes.list_clientes``,
  ``leads.list_leads``, ``leads.board``) exactly as the REST routes and the UI do: count, page
  query, join of the responsável's name and the pydantic DTOs included. Warm cache; each figure
  is over ``--runs`` calls after 3 warm-up calls.
- Paging: page 1 vs the page after the first 150,000 rows (cursor of the 150,000th row, newest
  first), 50 rows per page. Criterion: p50(deep) / p50(page 1) <= 1.3.
- Search: the same query mix at 20,000 and at 200,000 clientes; criterion p95(200k) / p95(20k)
  <= 1.5. Mix: a company's distinctive name word, a CNPJ root with mask, a full masked CNPJ, and
  a lower-case unaccented name fragment ("ipe" style). Broad terms that match a large share of
  the table (e.g. "comercio") are reported apart: their exact ``total`` is a count over every
  match, so they grow with the data by nature.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from aurora_app.core.cnpj import calcular_dv, formatar_cnpj  # noqa: E402
from aurora_app.core.config import normalise_database_url, reset_settings_cache  # noqa: E402
from aurora_app.core.db import reset_engine  # noqa: E402
from aurora_app.models.base import fold  # noqa: E402

SYL = ["ba", "be", "ca", "co", "da", "de", "fa", "fe", "ga", "gu", "la", "li", "ma", "mo", "na", "no", "pa", "pi",
       "ra", "ro", "sa", "su", "ta", "te", "va", "vi", "xa", "ze", "tra", "bri", "cla", "pro", "ques", "lam", "tin", "dor"]
SETOR = ["Comércio de Alimentos", "Indústria Metalúrgica", "Serviços de Logística", "Tecnologia da Informação",
         "Construções", "Distribuidora de Bebidas", "Ótica", "Farmácia", "Agropecuária", "Transportes",
         "Consultoria Empresarial", "Importação e Exportação", "Confecções", "Papelaria", "Auto Peças"]
SUFIXO = ["Ltda", "S.A.", "ME", "EPP", "Eireli"]
FANTASIA = ["Ipê", "São João", "Estrela", "Aurora", "Bom Preço", "Central", "Progresso", "União", "Nova Era", "Açaí"]
UFS = ["SP", "RJ", "MG", "RS", "PR", "SC", "BA", "PE", "CE", "GO", "DF", "ES", "PA", "AM"]
N_VENDEDORES = 20


def palavra(rng: random.Random) -> str:
    return "".join(rng.choice(SYL) for _ in range(3)).capitalize()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def timed(fn, runs: int) -> list[float]:  # noqa: ANN001
    for _ in range(3):
        fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def fmt(ms: list[float]) -> str:
    return f"p50 {statistics.median(ms):7.2f} ms  p95 {pct(ms, 95):7.2f} ms  (n={len(ms)})"


class Bench:
    def __init__(self, server_url: str, keep: bool) -> None:
        self.server = make_url(normalise_database_url(server_url))
        self.name = f"aurora_bench_{uuid.uuid4().hex[:8]}"
        self.keep = keep
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.rng = random.Random(42)
        self.cnpjs: list[str] = []
        self.palavras: list[str] = []
        self.now = datetime.now(UTC).replace(tzinfo=None)

    def __enter__(self) -> Bench:
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = self.server.set(database=self.name).render_as_string(hide_password=False)
        from alembic import command
        from alembic.config import Config

        cfg = Config(str(ROOT / "alembic.ini"))
        cfg.attributes["url"] = self.url
        command.upgrade(cfg, "head")
        os.environ["DATABASE_URL"] = self.url
        os.environ.setdefault("SECRET_KEY", "bench-secret-" + "x" * 40)
        os.environ.pop("REDIS_URL", None)
        reset_settings_cache()
        reset_engine()
        self.engine = create_engine(self.url)
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        reset_engine()
        self.engine.dispose()
        if not self.keep:
            with self.admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        else:
            print(f"kept database {self.name}")
        self.admin.dispose()

    def sql(self, statement: str, **params) -> None:  # noqa: ANN003
        with self.engine.begin() as c:
            c.execute(text(statement), params)

    def usuarios(self) -> None:
        self.sql(
            "INSERT INTO usuario (email, nome, papel, ativo, senha_hash, totp_ativo, totp_falhas, falhas_login, "
            "tokens_validos_desde, criado_em, atualizado_em) "
            "SELECT 'u' || i || '@bench.test', 'Vendedor ' || i, CASE WHEN i = 0 THEN 'gerente' ELSE 'vendedor' END, "
            "true, 'x', false, 0, 0, now(), now(), now() FROM generate_series(0, :n) i",
            n=N_VENDEDORES,
        )

    def carregar_clientes(self, inicio: int, n: int) -> float:
        """COPY n clientes numbered inicio..inicio+n-1 (older numbers are older rows)."""
        t0 = time.perf_counter()
        self.sql("DROP INDEX IF EXISTS ix_cliente_busca_trgm")
        buf = io.StringIO()
        rng = self.rng
        for i in range(inicio, inicio + n):
            base = f"{10_000_000 + i:08d}0001"
            cnpj = base + calcular_dv(base)
            w = palavra(rng)
            razao = f"{w} {rng.choice(SETOR)} {rng.choice(SUFIXO)}"
            fantasia = f"{rng.choice(FANTASIA)} {palavra(rng)}"
            criado = self.now - timedelta(days=1500) + timedelta(seconds=i * 600 + rng.randrange(600))
            busca = fold(f"{razao} {fantasia} {cnpj}")
            resp = 2 + i % N_VENDEDORES
            buf.write("\t".join([cnpj, razao, fantasia, rng.choice(UFS), str(resp), busca, criado.isoformat(sep=" "),
                                 criado.isoformat(sep=" "), "1"]) + "\n")
            self.cnpjs.append(cnpj)
            self.palavras.append(w)
        buf.seek(0)
        raw = self.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.copy_expert(
                "COPY cliente (cnpj, razao_social, nome_fantasia, uf, responsavel_id, busca, criado_em, atualizado_em, versao) "
                "FROM STDIN", buf)
            raw.commit()
        finally:
            raw.close()
        self.sql("CREATE INDEX ix_cliente_busca_trgm ON cliente USING gin (busca gin_trgm_ops)")
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE cliente"))
        return time.perf_counter() - t0

    def carregar_leads(self, n: int) -> float:
        t0 = time.perf_counter()
        self.sql("DROP INDEX IF EXISTS ix_lead_busca_trgm")
        self.sql(
            """
            INSERT INTO lead (nome, empresa, origem, estagio, valor, responsavel_id, busca, criado_em, atualizado_em,
                              versao, fechado_em, motivo_perda)
            SELECT 'Oportunidade ' || i,
                   e.empresa,
                   (ARRAY['site','indicacao','evento','outbound','outro'])[1 + i % 5],
                   s.estagio,
                   round((random() * 100000)::numeric, 2),
                   2 + i % :nv,
                   lower('oportunidade ' || i || ' ' || e.empresa),
                   t.criado, t.criado, 1,
                   CASE WHEN s.estagio IN ('ganho','perdido') THEN t.criado + interval '20 days' END,
                   CASE WHEN s.estagio = 'perdido' THEN 'Preço' END
            FROM generate_series(1, :n) i
            CROSS JOIN LATERAL (SELECT (ARRAY['Alfa','Beta','Gama','Delta','Sigma','Omega','Zeta','Kappa'])[1 + i % 8]
                                       || ' ' || (ARRAY['Comercio','Industria','Servicos','Logistica'])[1 + (i / 8) % 4]
                                       || ' ' || (i % 5000) AS empresa) e
            CROSS JOIN LATERAL (SELECT (ARRAY['novo','novo','qualificado','proposta','negociacao','ganho','perdido'])[1 + i % 7]
                                       AS estagio) s
            CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE 'UTC') - interval '730 days'
                                       + (i * interval '63 seconds') AS criado) t
            """,
            n=n, nv=N_VENDEDORES,
        )
        self.sql("CREATE INDEX ix_lead_busca_trgm ON lead USING gin (busca gin_trgm_ops)")
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE lead"))
        return time.perf_counter() - t0

    def cursor_na_posicao(self, tabela: str, pos: int, where: str = "removido_em IS NULL") -> str:
        from aurora_app.services.paging import encode_cursor

        with self.engine.connect() as c:
            criado, rid = c.execute(text(
                f"SELECT criado_em, id FROM {tabela} WHERE {where} ORDER BY criado_em DESC, id DESC OFFSET :p LIMIT 1"
            ), {"p": pos - 1}).one()
        return encode_cursor(criado.replace(tzinfo=UTC), rid)

    def consultas(self, rng: random.Random, k: int) -> dict[str, list[str]]:
        idx = [rng.randrange(len(self.cnpjs)) for _ in range(k)]
        return {
            "palavra do nome": [self.palavras[i].lower() for i in idx],
            "raiz do CNPJ com máscara": [formatar_cnpj(self.cnpjs[i])[:10] for i in idx],
            "CNPJ completo com máscara": [formatar_cnpj(self.cnpjs[i]) for i in idx],
            "fantasia sem acento + palavra": [f"{fold(rng.choice(FANTASIA))} {fold(self.palavras[i])[:4]}" for i in idx],
        }


def medir_busca(gerente, consultas: dict[str, list[str]], runs_por_consulta: int = 1) -> dict[str, list[float]]:  # noqa: ANN001
    from aurora_app.services import clientes

    out: dict[str, list[float]] = {}
    for classe, qs in consultas.items():
        for q in qs[:3]:
            clientes.list_clientes(actor=gerente, busca=q)  # warm-up
        ms = []
        for q in qs:
            for _ in range(runs_por_consulta):
                t0 = time.perf_counter()
                clientes.list_clientes(actor=gerente, busca=q)
                ms.append((time.perf_counter() - t0) * 1000)
        out[classe] = ms
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clientes", type=int, default=200_000)
    ap.add_argument("--pequeno", type=int, default=20_000)
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--profundidade", type=int, default=150_000)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    server = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    if not server.startswith(("postgresql", "postgres")):
        sys.exit("bench_clientes: DATABASE_URL must point at a PostgreSQL server")

    with Bench(server, args.keep) as b:
        from aurora_app.services import clientes, leads
        from aurora_app.services.actor import Actor

        gerente = Actor(id=1, email="u0@bench.test", nome="Vendedor 0", papel="gerente")
        vendedor = Actor(id=2, email="u1@bench.test", nome="Vendedor 1", papel="vendedor")
        b.usuarios()
        with b.engine.connect() as c:
            print(c.execute(text("SELECT version()")).scalar().split(",")[0])

        t = b.carregar_clientes(0, args.pequeno)
        print(f"\nload {args.pequeno:,} clientes: {t:.1f}s")
        rng = random.Random(7)
        consultas = b.consultas(rng, 100)
        pequeno = medir_busca(gerente, consultas)

        t = b.carregar_clientes(args.pequeno, args.clientes - args.pequeno)
        print(f"load +{args.clientes - args.pequeno:,} clientes (total {args.clientes:,}): {t:.1f}s")
        rng = random.Random(7)
        grande = medir_busca(gerente, b.consultas(rng, 100))

        print(f"\n== search: list_clientes(busca=...) as gerente, limite=50, {args.pequeno:,} → {args.clientes:,} clientes")
        todos_p, todos_g = [], []
        for classe in pequeno:
            p, g = pequeno[classe], grande[classe]
            todos_p += p
            todos_g += g
            print(f"  {classe:32s} {args.pequeno // 1000}k: {fmt(p)}\n  {'':32s} {args.clientes // 1000}k: {fmt(g)}  "
                  f"p95 ratio {pct(g, 95) / pct(p, 95):.2f}")
        ratio_busca = pct(todos_g, 95) / pct(todos_p, 95)
        print(f"  ALL (mix)                        p95 {pct(todos_p, 95):.2f} → {pct(todos_g, 95):.2f} ms: ratio {ratio_busca:.2f} "
              f"({'OK' if ratio_busca <= 1.5 else 'FAIL'} ≤ 1.5)")
        for q in ("comercio", "ltda", "ipe"):
            ms = timed(lambda q=q: clientes.list_clientes(actor=gerente, busca=q), 20)
            total = clientes.list_clientes(actor=gerente, busca=q).total
            print(f"  broad term {q!r:12s} ({total:,} matches at {args.clientes // 1000}k): {fmt(ms)}")

        print(f"\n== paging: list_clientes(limite=50) as gerente, {args.clientes:,} clientes")
        cursor = b.cursor_na_posicao("cliente", args.profundidade)
        p1 = timed(lambda: clientes.list_clientes(actor=gerente, limite=50), args.runs)
        deep = timed(lambda: clientes.list_clientes(actor=gerente, limite=50, cursor=cursor), args.runs)
        page = clientes.list_clientes(actor=gerente, limite=50, cursor=cursor)
        assert len(page.items) == 50 and page.next_cursor
        ratio = statistics.median(deep) / statistics.median(p1)
        print(f"  page 1                 {fmt(p1)}\n  after {args.profundidade:,} rows   {fmt(deep)}\n"
              f"  ratio p50 {ratio:.2f} ({'OK' if ratio <= 1.3 else 'FAIL'} ≤ 1.3)")
        uf1 = timed(lambda: clientes.list_clientes(actor=gerente, uf="SP", limite=50), args.runs)
        print(f"  filter uf=SP page 1    {fmt(uf1)}")
        vend_p = timed(lambda: clientes.list_clientes(actor=vendedor, responsavel_id=vendedor.id, limite=50), args.runs)
        print(f"  responsavel_id page 1  {fmt(vend_p)}")

        if args.leads:
            t = b.carregar_leads(args.leads)
            print(f"\nload {args.leads:,} leads (generate_series): {t:.1f}s")
            print(f"== leads: list_leads(limite=50), {args.leads:,} leads")
            lp1 = timed(lambda: leads.list_leads(actor=gerente, limite=50), args.runs)
            lcur = b.cursor_na_posicao("lead", min(args.profundidade * 5, args.leads - 100))
            ldeep = timed(lambda: leads.list_leads(actor=gerente, limite=50, cursor=lcur), args.runs)
            print(f"  gerente page 1               {fmt(lp1)}\n  gerente after {min(args.profundidade * 5, args.leads - 100):,} rows {fmt(ldeep)}"
                  f"  ratio p50 {statistics.median(ldeep) / statistics.median(lp1):.2f}")
            lv = timed(lambda: leads.list_leads(actor=vendedor, limite=50), args.runs)
            print(f"  vendedor page 1 (own leads)  {fmt(lv)}")
            le = timed(lambda: leads.list_leads(actor=gerente, estagio="proposta", limite=50), args.runs)
            print(f"  estagio=proposta page 1      {fmt(le)}")
            lb = timed(lambda: leads.list_leads(actor=gerente, busca="oportunidade 123456"), 20)
            print(f"  busca 'oportunidade 123456'  {fmt(lb)}")
            bg = timed(lambda: leads.board(actor=gerente, per_stage=20), 10)
            print(f"  board (gerente, all leads)   {fmt(bg)}")
            bv = timed(lambda: leads.board(actor=vendedor, per_stage=20), 20)
            print(f"  board (one vendedor)         {fmt(bv)}")


if __name__ == "__main__":
    main()
