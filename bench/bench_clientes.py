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
- Two databases are built side by side: "20k" holds clientes 0..19,999 and "200k" holds
  clientes 0..199,999 (the same first 20k rows). Measurements alternate between them query by
  query (A, B, B, A, ...), so noise from other processes on a shared machine hits both alike.
- Every measurement calls the service functions (``clientes.list_clientes``,
  ``leads.list_leads``, ``leads.board``) exactly as the REST routes and the UI do: count, page
  query, join of the responsável's name and the pydantic DTOs included. Warm cache; each figure
  is over ``--runs`` calls after 3 warm-up calls. "cold" = the cached totals (see
  ``services.consulta.contar``) are cleared before every call, so each call pays its full
  ``count(*)``; "warm" = the total comes from the cache (what paging through a list costs).
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

SYL = [
    "ba",
    "be",
    "ca",
    "co",
    "da",
    "de",
    "fa",
    "fe",
    "ga",
    "gu",
    "la",
    "li",
    "ma",
    "mo",
    "na",
    "no",
    "pa",
    "pi",
    "ra",
    "ro",
    "sa",
    "su",
    "ta",
    "te",
    "va",
    "vi",
    "xa",
    "ze",
    "tra",
    "bri",
    "cla",
    "pro",
    "ques",
    "lam",
    "tin",
    "dor",
]
SETOR = [
    "Comércio de Alimentos",
    "Indústria Metalúrgica",
    "Serviços de Logística",
    "Tecnologia da Informação",
    "Construções",
    "Distribuidora de Bebidas",
    "Ótica",
    "Farmácia",
    "Agropecuária",
    "Transportes",
    "Consultoria Empresarial",
    "Importação e Exportação",
    "Confecções",
    "Papelaria",
    "Auto Peças",
]
SUFIXO = ["Ltda", "S.A.", "ME", "EPP", "Eireli"]
FANTASIA = ["Ipê", "São João", "Estrela", "Aurora", "Bom Preço", "Central", "Progresso", "União", "Nova Era", "Açaí"]
UFS = ["SP", "RJ", "MG", "RS", "PR", "SC", "BA", "PE", "CE", "GO", "DF", "ES", "PA", "AM"]
N_VENDEDORES = 20
REPETICOES = 3  # each search query is timed this many times on each database


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


_ORIGINAIS: dict = {}  # what ``Banco.ativar`` replaced, for ``Banco.desativar``


class Banco:
    """One throwaway database, with its own engine and its own in-process cache."""

    def __init__(self, server, nome: str, criar: bool = True) -> None:  # noqa: ANN001
        """``criar=False`` reuses a database an earlier run kept (``--keep``), migrated to head."""
        from aurora_app.core.cache import MemoryCache

        self.server = server
        self.nome = nome
        self.admin = create_engine(server, isolation_level="AUTOCOMMIT")
        if criar:
            with self.admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{nome}"'))
        self.url = server.set(database=nome).render_as_string(hide_password=False)
        from alembic import command
        from alembic.config import Config

        cfg = Config(str(ROOT / "alembic.ini"))
        cfg.attributes["url"] = self.url
        command.upgrade(cfg, "head")
        self.engine = create_engine(self.url, pool_size=5)
        self.cache = MemoryCache()
        self.now = datetime(2026, 11, 1)

    def ativar(self) -> None:
        """Point the services at this database (engine and cache) until ``desativar``."""
        import aurora_app.core.db as db
        import aurora_app.core.geracoes as geracoes
        import aurora_app.services.consulta as consulta

        _ORIGINAIS.setdefault("db.get_engine", db.get_engine)
        _ORIGINAIS.setdefault("consulta.get_engine", consulta.get_engine)
        _ORIGINAIS.setdefault("geracoes.get_cache", geracoes.get_cache)
        db.get_engine = lambda: self.engine
        consulta.get_engine = lambda: self.engine
        geracoes.get_cache = lambda: self.cache

    @staticmethod
    def desativar() -> None:
        """The services' own engine and cache again (the later phases configure them by settings)."""
        import aurora_app.core.db as db
        import aurora_app.core.geracoes as geracoes
        import aurora_app.services.consulta as consulta

        if _ORIGINAIS:
            db.get_engine = _ORIGINAIS.pop("db.get_engine")
            consulta.get_engine = _ORIGINAIS.pop("consulta.get_engine")
            geracoes.get_cache = _ORIGINAIS.pop("geracoes.get_cache")

    def fechar(self, keep: bool) -> None:
        self.engine.dispose()
        if keep:
            print(f"kept database {self.nome}")
        else:
            with self.admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{self.nome}" WITH (FORCE)'))
        self.admin.dispose()

    def sql(self, statement: str, **params) -> None:  # noqa: ANN003
        with self.engine.begin() as c:
            c.execute(text(statement), params)

    def vacuum(self, tabela: str) -> None:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text(f"VACUUM ANALYZE {tabela}"))

    def sem_gin(self, tabela: str) -> list[str]:
        """Drop the table's GIN indexes (trigram, full-text) for a bulk load; returns their DDL."""
        with self.engine.begin() as c:
            defs = [
                (n, d)
                for n, d in c.execute(
                    text(
                        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t AND indexdef LIKE '%USING gin%'"
                    ),
                    {"t": tabela},
                ).all()
            ]
            for nome, _ in defs:
                c.execute(text(f'DROP INDEX "{nome}"'))
        return [d for _, d in defs]

    def refazer(self, ddl: list[str]) -> None:
        for d in ddl:
            self.sql(f"SET LOCAL maintenance_work_mem = '128MB'; {d}")

    def usuarios(self) -> None:
        self.sql(
            "INSERT INTO usuario (email, nome, papel, ativo, senha_hash, totp_ativo, totp_falhas, falhas_login, "
            "tokens_validos_desde, criado_em, atualizado_em) "
            "SELECT 'u' || i || '@bench.test', 'Vendedor ' || i, CASE WHEN i = 0 THEN 'gerente' ELSE 'vendedor' END, "
            "true, 'x', false, 0, 0, now(), now(), now() FROM generate_series(0, :n) i",
            n=N_VENDEDORES,
        )

    def carregar_clientes(self, n: int) -> float:
        """COPY clientes 0..n-1 (row i is the same in every database; higher i = newer)."""
        t0 = time.perf_counter()
        gin = self.sem_gin("cliente")
        buf = io.StringIO()
        for i in range(n):
            c = cliente_sintetico(i)
            criado = self.now - timedelta(days=1500) + timedelta(seconds=i * 600 + c["jitter"])
            buf.write(
                "\t".join(
                    [
                        c["cnpj"],
                        c["razao"],
                        c["fantasia"],
                        c["uf"],
                        str(2 + i % N_VENDEDORES),
                        c["busca"],
                        criado.isoformat(sep=" "),
                        criado.isoformat(sep=" "),
                        "1",
                    ]
                )
                + "\n"
            )
        buf.seek(0)
        raw = self.engine.raw_connection()
        try:
            raw.cursor().copy_expert(
                "COPY cliente (cnpj, razao_social, nome_fantasia, uf, responsavel_id, busca, criado_em, atualizado_em, versao) "
                "FROM STDIN",
                buf,
            )
            raw.commit()
        finally:
            raw.close()
        self.refazer(gin)
        self.vacuum("cliente")
        return time.perf_counter() - t0

    def carregar_leads(self, n: int) -> float:
        t0 = time.perf_counter()
        gin = self.sem_gin("lead")
        self.sql(
            """
            INSERT INTO lead (nome, empresa, origem, estagio, valor, responsavel_id, busca, criado_em, atualizado_em,
                              versao, fechado_em, motivo_perda, posicao)
            SELECT 'Oportunidade ' || i,
                   e.empresa,
                   (ARRAY['site','indicacao','evento','outbound','outro'])[1 + i % 5],
                   s.estagio,
                   round((random() * 100000)::numeric, 2),
                   2 + i % :nv,
                   lower('oportunidade ' || i || ' ' || e.empresa),
                   t.criado, t.criado, 1,
                   CASE WHEN s.estagio IN ('ganho','perdido') THEN t.criado + interval '20 days' END,
                   CASE WHEN s.estagio = 'perdido' THEN 'Preço' END,
                   extract(epoch FROM t.criado)
            FROM generate_series(1, :n) i
            CROSS JOIN LATERAL (SELECT (ARRAY['Alfa','Beta','Gama','Delta','Sigma','Omega','Zeta','Kappa'])[1 + i % 8]
                                       || ' ' || (ARRAY['Comercio','Industria','Servicos','Logistica'])[1 + (i / 8) % 4]
                                       || ' ' || (i % 5000) AS empresa) e
            CROSS JOIN LATERAL (SELECT (ARRAY['novo','novo','qualificado','proposta','negociacao','ganho','perdido'])[1 + i % 7]
                                       AS estagio) s
            CROSS JOIN LATERAL (SELECT timestamp '2024-11-01' + (i * interval '63 seconds') AS criado) t
            """,
            n=n,
            nv=N_VENDEDORES,
        )
        self.refazer(gin)
        self.vacuum("lead")
        return time.perf_counter() - t0

    def carregar_interacoes(self, n: int) -> float:
        """n interações in PostgreSQL (generate_series): even i on a lead, odd i on a cliente;
        notes, calls, e-mails, meetings and tasks (a fifth of them open tasks with a due date)."""
        t0 = time.perf_counter()
        with self.engine.connect() as c:
            n_leads = c.execute(text("SELECT count(*) FROM lead")).scalar_one()
            n_clientes = c.execute(text("SELECT count(*) FROM cliente")).scalar_one()
        self.sql(
            """
            INSERT INTO interacao (tipo, descricao, cliente_id, lead_id, autor_id, vence_em, concluida, concluida_em,
                                   criado_em)
            SELECT k.tipo,
                   initcap(k.tipo) || ' ' || i || ': conversa sobre proposta, prazo e condições de pagamento',
                   CASE WHEN i % 2 = 1 THEN 1 + (i::bigint * 7919) % :nc END,
                   CASE WHEN i % 2 = 0 THEN 1 + (i::bigint * 104729) % :nl END,
                   2 + i % :nv,
                   CASE WHEN k.tipo = 'tarefa' THEN t.criado + interval '7 days' END,
                   k.tipo = 'tarefa' AND i % 3 = 0,
                   CASE WHEN k.tipo = 'tarefa' AND i % 3 = 0 THEN t.criado + interval '2 days' END,
                   t.criado
            FROM generate_series(1, :n) i
            CROSS JOIN LATERAL (SELECT (ARRAY['nota','ligacao','email','reuniao','tarefa'])[1 + i % 5] AS tipo) k
            CROSS JOIN LATERAL (SELECT timestamp '2024-11-01' + (i * interval '63 seconds') AS criado) t
            """,
            n=n,
            nl=max(1, n_leads),
            nc=max(1, n_clientes),
            nv=N_VENDEDORES,
        )
        self.vacuum("interacao")
        return time.perf_counter() - t0

    def cursor_na_posicao(self, tabela: str, pos: int) -> str:
        from aurora_app.services.paging import encode_cursor

        with self.engine.connect() as c:
            criado, rid = c.execute(
                text(
                    f"SELECT criado_em, id FROM {tabela} WHERE removido_em IS NULL "
                    "ORDER BY criado_em DESC, id DESC OFFSET :p LIMIT 1"
                ),
                {"p": pos - 1},
            ).one()
        return encode_cursor(criado.replace(tzinfo=UTC), rid)


def cliente_sintetico(i: int) -> dict[str, str | int]:
    rng = random.Random(i)
    base = f"{10_000_000 + i:08d}0001"
    cnpj = base + calcular_dv(base)
    w = palavra(rng)
    razao = f"{w} {rng.choice(SETOR)} {rng.choice(SUFIXO)}"
    fantasia = f"{rng.choice(FANTASIA)} {palavra(rng)}"
    return {
        "cnpj": cnpj,
        "palavra": w,
        "razao": razao,
        "fantasia": fantasia,
        "uf": rng.choice(UFS),
        "busca": fold(f"{razao} {fantasia} {cnpj}"),
        "jitter": rng.randrange(600),
    }


def consultas(rng: random.Random, k: int, universo: int) -> dict[str, list[str]]:
    """Queries about rows that exist in both databases (0..universo-1)."""
    linhas = [cliente_sintetico(rng.randrange(universo)) for _ in range(k)]
    return {
        "palavra do nome": [str(c["palavra"]).lower() for c in linhas],
        "raiz do CNPJ com máscara": [formatar_cnpj(str(c["cnpj"]))[:10] for c in linhas],
        "CNPJ completo com máscara": [formatar_cnpj(str(c["cnpj"])) for c in linhas],
        "fantasia sem acento": [fold(str(c["fantasia"])) for c in linhas],
    }


def alternado(bancos: list[Banco], fn, runs: int, frio: bool) -> dict[str, list[float]]:  # noqa: ANN001
    """Time ``fn(r)`` for r in range(runs) on each database in turn (same r on every database
    within a round; the order of the databases flips every round)."""
    out: dict[str, list[float]] = {b.nome: [] for b in bancos}
    for b in bancos:
        b.ativar()
        for _ in range(3):
            fn(0)
    for r in range(runs):
        for b in bancos if r % 2 == 0 else list(reversed(bancos)):
            b.ativar()
            if frio:
                b.cache.clear()
            t0 = time.perf_counter()
            fn(r)
            out[b.nome].append((time.perf_counter() - t0) * 1000)
    return out


def medir_busca(pequeno: Banco, grande: Banco, gerente, n_consultas: int, rotulo: dict[str, str]) -> dict:  # noqa: ANN001
    """Search p95 at the small vs the big database, the query mix + broad terms (printed and returned)."""
    from aurora_app.services import clientes

    print(
        f"\n== search: list_clientes(busca=q, limite=50) as gerente, cold totals, "
        f"{n_consultas} queries per class x {REPETICOES}"
    )
    rng = random.Random(7)
    universo = int(rotulo[pequeno.nome].rstrip("k")) * 1000
    mix = consultas(rng, n_consultas, universo)
    todos: dict[str, list[float]] = {pequeno.nome: [], grande.nome: []}
    out: dict = {"classes": {}, "broad_terms": {}}
    for classe, qs in mix.items():
        res = alternado(
            [pequeno, grande],
            lambda r, qs=qs: clientes.list_clientes(actor=gerente, busca=qs[r % len(qs)]),
            len(qs) * REPETICOES,
            frio=True,
        )
        for k, v in res.items():
            todos[k] += v
        p, g = res[pequeno.nome], res[grande.nome]
        out["classes"][classe] = {
            "p95_small_ms": round(pct(p, 95), 2),
            "p95_big_ms": round(pct(g, 95), 2),
            "ratio": round(pct(g, 95) / pct(p, 95), 3),
        }
        print(
            f"  {classe:28s} {rotulo[pequeno.nome]:>5}: {fmt(p)}\n  {'':28s} {rotulo[grande.nome]:>5}: {fmt(g)}"
            f"   p95 ratio {pct(g, 95) / pct(p, 95):.2f}"
        )
    p, g = todos[pequeno.nome], todos[grande.nome]
    ratio_busca = pct(g, 95) / pct(p, 95)
    out.update(p95_small_ms=round(pct(p, 95), 2), p95_big_ms=round(pct(g, 95), 2), ratio=round(ratio_busca, 3))
    print(f"  ALL (mix)                    p95 {pct(p, 95):.2f} → {pct(g, 95):.2f} ms: ratio {ratio_busca:.2f}")
    for q in ("comercio", "ltda", "ipe"):
        res = alternado(
            [pequeno, grande], lambda _r, q=q: clientes.list_clientes(actor=gerente, busca=q), 20, frio=True
        )
        grande.ativar()
        total = clientes.list_clientes(actor=gerente, busca=q).total
        quente = alternado([grande], lambda _r, q=q: clientes.list_clientes(actor=gerente, busca=q), 20, frio=False)
        out["broad_terms"][q] = {
            "matches_big": total,
            "cold_p50_small_ms": round(statistics.median(res[pequeno.nome]), 2),
            "cold_p50_big_ms": round(statistics.median(res[grande.nome]), 2),
            "warm_p50_big_ms": round(statistics.median(quente[grande.nome]), 2),
        }
        print(f"  broad term {q!r:11s} ({total:,} matches at {rotulo[grande.nome]}): {out['broad_terms'][q]}")
    return out


def medir_paginacao(grande: Banco, gerente, runs: int, profundidade: int, n_clientes: int) -> dict:  # noqa: ANN001
    """p50 of page 1 vs the page after ``profundidade`` rows, cold and warm totals."""
    from aurora_app.services import clientes

    print(f"\n== paging: list_clientes(limite=50) as gerente, {n_clientes:,} clientes")
    grande.ativar()
    cursor = grande.cursor_na_posicao("cliente", profundidade)
    page = clientes.list_clientes(actor=gerente, limite=50, cursor=cursor)
    assert len(page.items) == 50 and page.next_cursor
    out: dict = {}
    for frio in (True, False):
        tempos: dict[str, list[float]] = {"p1": [], "deep": []}
        for r in range(runs):
            ordem = ("p1", "deep") if r % 2 == 0 else ("deep", "p1")
            for qual in ordem:
                if frio:
                    grande.cache.clear()
                t0 = time.perf_counter()
                clientes.list_clientes(actor=gerente, limite=50, cursor=cursor if qual == "deep" else None)
                tempos[qual].append((time.perf_counter() - t0) * 1000)
        ratio = statistics.median(tempos["deep"]) / statistics.median(tempos["p1"])
        modo = "cold" if frio else "warm"
        out[modo] = {
            "page1_p50_ms": round(statistics.median(tempos["p1"]), 2),
            "deep_p50_ms": round(statistics.median(tempos["deep"]), 2),
            "ratio": round(ratio, 3),
        }
        print(
            f"  [{modo} totals] page 1              {fmt(tempos['p1'])}\n"
            f"  [{modo} totals] after {profundidade:,} rows {fmt(tempos['deep'])}\n"
            f"  [{modo} totals] ratio p50 {ratio:.2f} (criterion ≤ 1.3)"
        )
    return out


def medir_leads(grande: Banco, gerente, vendedor, runs: int, n_leads: int) -> dict:  # noqa: ANN001
    """Leads list and kanban calls at ``n_leads``, cold (full count) and warm (cached total) p50."""
    from aurora_app.services import leads

    print(f"== leads: {n_leads:,} leads, {N_VENDEDORES} vendedores")
    grande.ativar()
    pos = min(750_000, n_leads - 100)
    lcur = grande.cursor_na_posicao("lead", pos)
    casos = [
        ("gerente page 1", lambda: leads.list_leads(actor=gerente, limite=50)),
        (f"gerente after {pos:,} rows", lambda: leads.list_leads(actor=gerente, limite=50, cursor=lcur)),
        ("vendedor page 1 (own leads)", lambda: leads.list_leads(actor=vendedor, limite=50)),
        ("estagio=proposta page 1", lambda: leads.list_leads(actor=gerente, estagio="proposta", limite=50)),
        ("busca 'oportunidade 123456'", lambda: leads.list_leads(actor=gerente, busca="oportunidade 123456")),
        ("board, gerente (all leads)", lambda: leads.board(actor=gerente, por_estagio=20)),
        ("board, one vendedor", lambda: leads.board(actor=vendedor, por_estagio=20)),
    ]
    out: dict = {}
    for nome, fn in casos:
        frio = alternado([grande], lambda _r, fn=fn: fn(), max(10, runs // 3), frio=True)[grande.nome]
        quente = alternado([grande], lambda _r, fn=fn: fn(), max(10, runs // 3), frio=False)[grande.nome]
        out[nome] = {
            "cold_p50_ms": round(statistics.median(frio), 2),
            "cold_p95_ms": round(pct(frio, 95), 2),
            "warm_p50_ms": round(statistics.median(quente), 2),
        }
        print(f"  {nome:30s} cold {fmt(frio)} | warm p50 {statistics.median(quente):.2f} ms")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clientes", type=int, default=200_000)
    ap.add_argument("--pequeno", type=int, default=20_000)
    ap.add_argument("--leads", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--consultas", type=int, default=100)
    ap.add_argument("--profundidade", type=int, default=150_000)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    server_url = os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    if not server_url.startswith(("postgresql", "postgres")):
        sys.exit("bench_clientes: DATABASE_URL must point at a PostgreSQL server")
    os.environ.setdefault("SECRET_KEY", "bench-secret-" + "x" * 40)
    os.environ.pop("REDIS_URL", None)
    reset_settings_cache()
    reset_engine()
    server = make_url(normalise_database_url(server_url))
    tag = uuid.uuid4().hex[:6]
    pequeno = Banco(server, f"aurora_bench_{tag}_p")
    grande = Banco(server, f"aurora_bench_{tag}_g")
    try:
        from aurora_app.services import clientes
        from aurora_app.services.actor import Actor

        gerente = Actor(id=1, email="u0@bench.test", nome="Vendedor 0", papel="gerente")
        vendedor = Actor(id=2, email="u1@bench.test", nome="Vendedor 1", papel="vendedor")
        with grande.engine.connect() as c:
            print(c.execute(text("SELECT version()")).scalar().split(",")[0], f"· {os.cpu_count()} CPUs")
        for banco, n in ((pequeno, args.pequeno), (grande, args.clientes)):
            banco.usuarios()
            print(f"load {n:,} clientes (COPY + GIN rebuild + VACUUM ANALYZE): {banco.carregar_clientes(n):.1f}s")
        rotulo = {pequeno.nome: f"{args.pequeno // 1000}k", grande.nome: f"{args.clientes // 1000}k"}

        medir_busca(pequeno, grande, gerente, args.consultas, rotulo)
        medir_paginacao(grande, gerente, args.runs, args.profundidade, args.clientes)
        for nome, kw in (("uf=SP", {"uf": "SP"}), ("responsavel_id", {"responsavel_id": 2})):
            ms = alternado(
                [grande], lambda _r, kw=kw: clientes.list_clientes(actor=gerente, limite=50, **kw), args.runs, frio=True
            )
            print(f"  filter {nome:15s} page 1 (cold) {fmt(ms[grande.nome])}")

        if args.leads:
            print(
                f"\nload {args.leads:,} leads (INSERT ... SELECT generate_series + GIN rebuild + VACUUM ANALYZE): "
                f"{grande.carregar_leads(args.leads):.1f}s"
            )
            medir_leads(grande, gerente, vendedor, args.runs, args.leads)
    finally:
        pequeno.fechar(args.keep)
        grande.fechar(args.keep)


if __name__ == "__main__":
    main()
