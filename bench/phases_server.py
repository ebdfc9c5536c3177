"""``make bench``, server phase: the real production server under load.

Starts a private ``redis-server`` on a free port and ``reflex run --env prod --backend-only`` on
the big bench database (Redis state manager → several workers), then measures:

- ``api_overhead_ratio``: req/s of ``GET /api/v1/clientes/{id}`` (bearer token) ÷ req/s of the
  bench-only bare route doing the same two statements (``aurora_app/api/bench_bare.py``), same
  async load (httpx, keep-alive connections), alternating A/B windows;
- ``reflex_event_p95_ms_<N>_users``: N websocket users (``reflex_users.py``);
- the Reflex state in Redis: sizes of the real keys and the (de)serialisation cost per event;
- ``login_ms`` and logins/s at rising concurrency (REST ``POST /api/v1/auth/login``);
- ``cnpj_cache_speedup`` (``bench_cnpj.py`` in a subprocess, PostgreSQL + this Redis).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from comum import ROOT, SENHA, free_port, log, machine, summary

SCRUBBED = (
    "DATABASE_URL",
    "REDIS_URL",
    "REFLEX_REDIS_URL",
    "REDIS_PREFIX",
    "PROMETHEUS_MULTIPROC_DIR",
    "SECRET_KEY",
    "AURORA_ENV",
    "LOG_DIR",
    "CHROMA_PATH",
    "CHROMA_URL",
    "PYTEST_CURRENT_TEST",
)


def _ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as r:
            return 200 <= r.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _stop(proc: subprocess.Popen, grace: float = 15) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


class Servidor:
    """Own redis-server + the production Reflex backend, both in their own process groups."""

    def __init__(self, database_url: str, extra_env: dict[str, str] | None = None) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="aurora-bench-server-"))
        self.redis_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.extra_env = extra_env or {}
        self.redis: subprocess.Popen | None = None
        self.reflex: subprocess.Popen | None = None

    def __enter__(self) -> Servidor:
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=(self.tmp / "redis.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
        for sub in ("logs", "chroma", "prometheus"):
            (self.tmp / sub).mkdir()
        env.update(
            AURORA_ENV="development",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            REDIS_PREFIX=f"bench-{uuid.uuid4().hex[:6]}",
            SECRET_KEY=secrets.token_urlsafe(48),
            LOG_DIR=str(self.tmp / "logs"),
            LOG_LEVEL="WARNING",
            CHROMA_PATH=str(self.tmp / "chroma"),
            PROMETHEUS_MULTIPROC_DIR=str(self.tmp / "prometheus"),
            PYTHON=sys.executable,
            PYTHONUNBUFFERED="1",
            AURORA_BENCH_ROUTES="1",
            **self.extra_env,
        )
        self.env = env
        for _ in range(50):
            if _redis_ping(self.redis_url):
                break
            time.sleep(0.1)
        cmd = (
            '. scripts/env.sh && exec "$PYTHON" -m reflex run --env prod --backend-only '
            f"--backend-port {self.port} --backend-host 127.0.0.1 --loglevel {os.environ.get('BENCH_REFLEX_LOGLEVEL', 'warning')}"
        )
        self.log_file = self.tmp / "reflex.log"
        self.reflex = subprocess.Popen(
            ["bash", "-c", cmd],
            cwd=ROOT,
            env=env,
            stdout=self.log_file.open("wb"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        t0 = time.monotonic()
        while not (_ok(f"{self.base_url}/ping") and _ok(f"{self.base_url}/health/live")):
            if self.reflex.poll() is not None or time.monotonic() - t0 > 180:
                tail = self.log_file.read_text(errors="replace")[-3000:]
                self.__exit__(None, None, None)
                raise RuntimeError(f"reflex did not start:\n{tail}")
            time.sleep(0.5)
        self.start_s = round(time.monotonic() - t0, 1)
        log(f"server up at {self.base_url} in {self.start_s} s (redis {self.redis_url}, log {self.log_file})")
        return self

    def workers(self) -> int:
        out = subprocess.run(["pgrep", "-g", str(self.reflex.pid)], capture_output=True, text=True).stdout.split()
        return len(out)

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        if self.reflex is not None:
            _stop(self.reflex)
        if self.redis is not None:
            _stop(self.redis, grace=5)


def perfil_workers(srv: Servidor, seconds: float) -> subprocess.Popen | None:
    """py-spy on every server process for ``seconds`` (collapsed stacks), started in background."""
    import shutil

    spy = shutil.which("py-spy")
    if not spy:
        return None
    pids = subprocess.run(["pgrep", "-g", str(srv.reflex.pid)], capture_output=True, text=True).stdout.split()
    # One py-spy per process, in parallel (py-spy leaves idle threads out by default).
    procs = [
        subprocess.Popen(
            [
                spy,
                "record",
                "-d",
                str(int(seconds)),
                "-r",
                "50",
                "-p",
                pid,
                "-f",
                "raw",
                "-o",
                str(srv.tmp / f"spy-{pid}.txt"),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]
    return procs[0] if procs else None


def resumo_perfil(srv: Servidor, top: int = 25) -> dict:
    """Inclusive share of samples per frame over all workers (only app, Reflex, Redis, DB frames)."""
    import re

    total = 0
    inclusivo: dict[str, int] = {}
    for f in srv.tmp.glob("spy-*.txt"):
        for line in f.read_text(errors="replace").splitlines():
            stack, _, n = line.rpartition(" ")
            if not n.isdigit():
                continue
            n = int(n)
            frames = stack.split(";")
            total += n
            for fr in set(frames):
                nome = re.sub(r" \((?:/[^)]*/)?(site-packages/)?", " (", fr)
                if re.search(r"aurora_app|reflex|redis|sqlalchemy|psycopg2|pickle|socketio|engineio|argon2", fr):
                    inclusivo[nome] = inclusivo.get(nome, 0) + n
    if not total:
        return {"samples": 0}
    tops = sorted(inclusivo.items(), key=lambda kv: -kv[1])[:top]
    return {"busy_samples": total, "inclusive_pct": {k[:160]: round(v / total * 100, 1) for k, v in tops}}


def _redis_ping(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=0.5).ping())
    except Exception:  # noqa: BLE001
        return False


# --------------------------------------------------------------------------- REST load


async def _login_rest(client, email: str) -> tuple[int, float, str]:  # noqa: ANN001
    t0 = time.perf_counter()
    r = await client.post("/api/v1/auth/login", json={"email": email, "password": SENHA})
    ms = (time.perf_counter() - t0) * 1000
    return r.status_code, ms, (r.json().get("access_token", "") if r.status_code == 200 else "")


async def _carga(client, urls: list[str], headers: dict, conc: int, seconds: float) -> tuple[float, list[float], dict]:  # noqa: ANN001
    """``conc`` workers request ``urls`` in turn for ``seconds``; (req/s, latencies, statuses)."""
    stop = time.perf_counter() + seconds
    lat: list[float] = []
    codes: dict[int, int] = {}

    async def worker(k: int) -> None:
        i = k
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            r = await client.get(urls[i % len(urls)], headers=headers)
            lat.append((time.perf_counter() - t0) * 1000)
            codes[r.status_code] = codes.get(r.status_code, 0) + 1
            i += conc

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(conc)))
    return len(lat) / (time.perf_counter() - t0), lat, codes


async def api_overhead(base_url: str, n_clientes: int, conc: int = 8, window_s: float = 6.0, rounds: int = 4) -> dict:
    import httpx

    rng = random.Random(11)
    ids = [rng.randrange(1, n_clientes + 1) for _ in range(5000)]
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as client:
        status, _, token = await _login_rest(client, "u0@bench.test")
        assert status == 200, f"login for the API load failed: {status}"
        real = [f"/api/v1/clientes/{i}" for i in ids]
        bare = [f"/bench/bare/clientes/{i}" for i in ids]
        # Same payload? (sanity: both find the same row)
        a = (await client.get(real[0], headers={"Authorization": f"Bearer {token}"})).json()
        b = (await client.get(bare[0])).json()
        assert a["id"] == b["id"] and a["cnpj"] == b["cnpj"], (a, b)
        for u in (real[:50], bare[:50]):  # warm-up of both paths
            await _carga(client, u, {"Authorization": f"Bearer {token}"}, conc, 1.0)
        res = {"real": {"rps": [], "lat": [], "codes": {}}, "bare": {"rps": [], "lat": [], "codes": {}}}
        for r in range(rounds):
            for qual in ("real", "bare") if r % 2 == 0 else ("bare", "real"):
                urls = real if qual == "real" else bare
                rps, lat, codes = await _carga(client, urls, {"Authorization": f"Bearer {token}"}, conc, window_s)
                res[qual]["rps"].append(rps)
                res[qual]["lat"] += lat
                for k, v in codes.items():
                    res[qual]["codes"][str(k)] = res[qual]["codes"].get(str(k), 0) + v
    out = {}
    for qual, d in res.items():
        out[qual] = {
            "rps": round(statistics.mean(d["rps"]), 1),
            "rps_windows": [round(x, 1) for x in d["rps"]],
            "latency": summary(d["lat"]),
            "status": d["codes"],
        }
    out["ratio"] = round(out["real"]["rps"] / out["bare"]["rps"], 3)
    out["method"] = (
        f"{conc} keep-alive connections, {rounds} alternating {window_s:.0f}s windows per route, "
        f"random ids of {n_clientes:,} clientes"
    )
    return out


async def logins(
    base_url: str, n_vendedores: int, levels: tuple[int, ...] = (1, 2, 4, 8, 16), window_s: float = 8.0
) -> dict:
    import httpx

    emails = [f"u{i}@bench.test" for i in range(1, n_vendedores + 1)]
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=httpx.Limits(max_connections=64)) as client:
        seq = []
        for i in range(12):
            status, ms, _ = await _login_rest(client, emails[i % len(emails)])
            assert status == 200, f"login status {status}"
            seq.append(ms)
        seq = seq[2:]
        niveis = []
        for conc in levels:
            stop = time.perf_counter() + window_s
            lat, codes = [], {}

            async def worker(
                k: int, conc: int = conc, stop: float = stop, lat: list = lat, codes: dict = codes
            ) -> None:
                i = k
                while time.perf_counter() < stop:
                    status, ms, _ = await _login_rest(client, emails[i % len(emails)])
                    lat.append(ms)
                    codes[str(status)] = codes.get(str(status), 0) + 1
                    i += conc

            t0 = time.perf_counter()
            await asyncio.gather(*(worker(k) for k in range(conc)))
            el = time.perf_counter() - t0
            ok = codes.get("200", 0)
            niveis.append(
                {"concurrency": conc, "logins_per_s": round(ok / el, 2), "status": codes, "latency": summary(lat)}
            )
            log(
                f"  logins, {conc} concurrent: {niveis[-1]['logins_per_s']}/s, p50 {niveis[-1]['latency'].get('p50_ms')} ms, {codes}"
            )
    single = statistics.median(seq)
    best = max(niveis, key=lambda n: n["logins_per_s"])
    # "Sustained before it queues": the best rate whose median stays within 2x one login alone.
    unqueued = [n for n in niveis if n["latency"].get("p50_ms", 1e9) <= 2 * single and set(n["status"]) == {"200"}]
    return {
        "login_ms": round(single, 1),
        "sequential": summary(seq),
        "levels": niveis,
        "max_logins_per_s": best["logins_per_s"],
        "logins_per_s_unqueued": max((n["logins_per_s"] for n in unqueued), default=None),
        "refused_429": sum(n["status"].get("429", 0) for n in niveis),
    }


# --------------------------------------------------------------------------- Reflex state


def estado_redis(redis_url: str, event_p50_ms: float | None) -> dict:
    """Real state keys the server wrote: sizes, and what (de)serialising them costs here."""
    import redis
    from reflex.state import BaseState

    # Every page state's class must be registered before its pickle is read (Reflex refuses to
    # register a state class while unpickling): import the app, which imports every page.
    import aurora_app.aurora_app  # noqa: F401

    r = redis.Redis.from_url(redis_url)
    tamanhos: dict[str, list[int]] = {}
    amostra: dict[str, bytes] = {}
    for key in r.scan_iter(count=1000):
        k = key.decode(errors="replace")
        if "_" not in k or r.type(key) != b"string":
            continue
        nome = k.split("_", 1)[1] if k.count("-") >= 4 else k
        nome = nome.rsplit(".", 1)[-1]
        v = r.get(key)
        tamanhos.setdefault(nome, []).append(len(v))
        if len(v) > len(amostra.get(nome, b"")):
            amostra[nome] = v  # the largest of each state: a page of rows, not an empty one
    out: dict = {
        "keys": {
            n: {"count": len(v), "median_bytes": int(statistics.median(v)), "max_bytes": max(v)}
            for n, v in sorted(tamanhos.items())
            if len(v) >= 2
        }
    }
    custos = {}
    for nome, data in amostra.items():
        if "clientes_state" not in nome and "lead_detalhe_state" not in nome:
            continue
        try:
            st = BaseState._deserialize(data=data)
        except Exception as exc:  # noqa: BLE001
            custos[nome] = f"not deserialisable here: {exc}"[:200]
            continue
        custos[nome] = _custo(st, data, r)
        if hasattr(st, "rows") and st.rows:
            linhas = list(st.rows)
            for fator in (4, 16):  # the same state holding 4x / 16x the rows, each a distinct object
                st.rows = [{k: "".join(list(f"{v}")) for k, v in row.items()} for _ in range(fator) for row in linhas]
                custos[f"{nome} x{fator} rows"] = _custo(st, st._serialize(), r)
                custos[f"{nome} x{fator} rows"]["rows"] = len(st.rows)
            custos[nome]["rows"] = len(linhas)
    out["serialisation"] = custos
    out["arvore"] = arvore_de_estados(r)
    base = custos.get("aurora_app___ui___state___clientes____clientes_state")
    if event_p50_ms and isinstance(base, dict):
        # Per clientes event the state manager reads and writes at least this substate.
        out["clientes_state_share_of_event_p50"] = round(base["total_ms"] / event_p50_ms, 3)
    r.close()
    return out


def arvore_de_estados(r) -> dict:  # noqa: ANN001
    """What the state tree costs per event (issue 8): every page state is a substate of AuthState,
    and Reflex's Redis manager loads the event's state, its parents and *all its substates*. So an
    event handled by AuthState itself (the client-storage sync of every page load, the nav badge,
    logout) loads every page state of the session; a page's own event loads root + AuthState + the
    page. Timed here on one real session's keys: one MGET and the deserialisation, as Reflex does."""
    from reflex.state import BaseState

    por_token: dict[str, dict[str, bytes]] = {}
    for key in r.scan_iter(count=1000):
        k = key.decode(errors="replace")
        token, _, nome = k.partition("_")
        if nome.startswith("reflex___state____state") and r.type(key) == b"string":
            por_token.setdefault(token, {})[nome] = key
    if not por_token:
        return {"error": "no session keys found"}
    token, chaves = max(por_token.items(), key=lambda kv: len(kv[1]))
    auth = next((n for n in chaves if n.endswith("auth____auth_state")), None)
    raiz = next((n for n in chaves if "." not in n), None)
    pagina = next((n for n in chaves if n.endswith("clientes____clientes_state")), None)
    if not (auth and raiz and pagina):
        return {"error": "session without the auth/root/clientes states"}

    def medir(nomes: list[str], n: int = 300) -> dict:
        keys = [chaves[x] for x in nomes]
        tempos = []
        tamanho = 0
        for _ in range(n):
            t0 = time.perf_counter()
            dados = r.mget(keys)
            for d in dados:
                BaseState._deserialize(data=d)
            tempos.append((time.perf_counter() - t0) * 1000)
            tamanho = sum(len(d) for d in dados)
        tempos.sort()
        return {
            "states": len(nomes),
            "bytes": tamanho,
            "p50_ms": round(tempos[len(tempos) // 2], 3),
            "p95_ms": round(tempos[int(len(tempos) * 0.95)], 3),
        }

    todos_sob_auth = sorted(n for n in chaves if n == auth or n.startswith(auth + "."))
    return {
        "evento_de_auth_state (every page state of the session loaded)": medir([raiz, *todos_sob_auth]),
        "evento_de_pagina (root + AuthState + clientes)": medir([raiz, auth, pagina]),
        "evento_de_estado_folha (a flat tree: root + one small leaf)": medir([raiz, auth]),
    }


def _custo(st, data: bytes, r) -> dict:  # noqa: ANN001
    from reflex.state import BaseState

    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        st._serialize()
    ser = (time.perf_counter() - t0) / n * 1000
    t0 = time.perf_counter()
    for _ in range(n):
        BaseState._deserialize(data=data)
    de = (time.perf_counter() - t0) / n * 1000
    key = f"bench-probe-{uuid.uuid4().hex}"
    t0 = time.perf_counter()
    for _ in range(n):
        r.set(key, data, ex=60)
        r.get(key)
    io = (time.perf_counter() - t0) / n * 1000
    r.delete(key)
    return {
        "bytes": len(data),
        "serialize_ms": round(ser, 3),
        "deserialize_ms": round(de, 3),
        "redis_set_get_ms": round(io, 3),
        "total_ms": round(ser + de + io, 3),
    }


# --------------------------------------------------------------------------- CNPJ


def cnpj(server_db_url: str, redis_url: str) -> dict:
    out_file = Path(tempfile.mkstemp(prefix="bench-cnpj-", suffix=".json")[1])
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(DATABASE_URL=server_db_url, REDIS_URL=redis_url)
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_cnpj.py"), "--json", str(out_file)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if not out_file.stat().st_size:
        raise RuntimeError(f"bench_cnpj failed ({proc.returncode}): {proc.stdout[-1500:]} {proc.stderr[-1500:]}")
    data = json.loads(out_file.read_text())
    out_file.unlink()
    return data


# --------------------------------------------------------------------------- the phase


def run(grande, args, notes: dict, fases: set[str]) -> dict:  # noqa: ANN001
    import phases_extras
    from reflex_users import run_users

    out: dict = {}
    server_db = args.server_url
    with Servidor(grande.url) as srv:
        out["server"] = {
            "start_s": srv.start_s,
            "processes": srv.workers(),
            "redis": f"own redis-server, port {srv.redis_port}",
            "command": "reflex run --env prod --backend-only",
        }
        log("api overhead: real route vs bare route")
        api = asyncio.run(api_overhead(srv.base_url, args.clientes))
        out["api_overhead"] = api
        out["api_overhead_ratio"] = api["ratio"]
        log(f"  real {api['real']['rps']} req/s, bare {api['bare']['rps']} req/s → {api['ratio']}")

        out["reflex"] = {}
        niveis = [int(u) for u in args.users.split(",") if u]
        primeiro_nivel = niveis[0] if niveis else None
        for users in niveis:
            log(f"reflex websocket: {users} users, {args.ws_duration:.0f} s at a human pace")
            m0 = machine()
            if users == primeiro_nivel:
                perfil_workers(srv, min(args.ws_duration, 30) + 20)  # warm-up included; busy samples only
            stats = asyncio.run(
                run_users(
                    srv.base_url,
                    users,
                    args.ws_duration,
                    senha=SENHA,
                    n_vendedores=20,
                    n_clientes=args.clientes,
                    n_leads=args.leads,
                )
            )
            todos = stats.all_events()
            res = {
                "events": summary(todos),
                "by_event": {k: summary(v) for k, v in stats.rtt_ms.items()},
                "ws_login": summary(stats.login_ms),
                "timeouts": stats.timeouts,
                "errors": stats.errors[:10],
                "error_count": len(stats.errors),
                "loadavg_before": m0["loadavg"],
                "loadavg_after": machine()["loadavg"],
            }
            out["reflex"][f"{users}_users"] = res
            out[f"reflex_event_p95_ms_{users}_users"] = res["events"].get("p95_ms")
            log(f"  {users} users: {res['events']} errors={len(stats.errors)} timeouts={stats.timeouts}")
        try:
            out["reflex_profile"] = resumo_perfil(srv)
        except Exception as exc:  # noqa: BLE001
            out["reflex_profile"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        primeiro = next(iter(out["reflex"].values()), None)
        try:
            out["reflex_state"] = estado_redis(srv.redis_url, primeiro and primeiro["events"].get("p50_ms"))
        except Exception as exc:  # noqa: BLE001
            out["reflex_state"] = {"error": f"{type(exc).__name__}: {exc}"[:300]}

        log("logins")
        lg = asyncio.run(logins(srv.base_url, 20))
        out["login"] = lg
        out["login_ms"] = lg["login_ms"]
        out["logins_per_s"] = lg["max_logins_per_s"]

        log("cnpj cache speed-up")
        try:
            c = cnpj(server_db, srv.redis_url)
            out["cnpj"] = c
            out["cnpj_cache_speedup"] = c["speedup"]
        except Exception as exc:  # noqa: BLE001
            notes["cnpj_cache_speedup"] = f"failed: {exc}"[:500]
        if "extras" in fases:
            out.update(phases_extras.run(grande, srv, notes))
    return out
