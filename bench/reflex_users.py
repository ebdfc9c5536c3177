"""Simulated browser tabs on Reflex's websocket (``/_event``), for ``make bench``.

Each user is one socket.io connection with its own client token, speaking what Reflex's front
end (``.web/utils/state.js`` + the compiled ``context.js``) speaks:

- connect to ``/_event?token=<tab token>`` with the boot event in the CONNECT packet's auth
  (``{"event": <State.hydrate_and_load>}``), as ``connect()`` in state.js does;
- client-side navigation = ``update_vars_internal`` (the LocalStorage token) + ``on_load_internal``
  with ``router_data`` of the new path (state.js ``onLoadInternalEvent``);
- page events = ``{"name": "<state full name>.<handler>", "payload": {...}, "router_data": {...}}``
  emitted as ``event``; the server answers with ``event`` packets ``{"delta": ..., "events": ...}``;
  backend events it asks for are sent back, frontend-only ones (``_redirect``, toasts) ignored.

A round trip is measured from the emit to the first update whose delta carries the page state
the event changes (e.g. the clientes list after ``set_busca``). Users log in for real through
``LoginState.entrar`` (argon2 + JWT; timed apart), then loop at a human pace: open the clientes
page, search a company word, next page, open one of their leads, with 1–3 s of "reading" between.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import socketio
from bench_clientes import cliente_sintetico

ROOT_STATE = "reflex___state____state"
ON_LOAD = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
UPDATE_VARS = f"{ROOT_STATE}.reflex___state____update_vars_internal_state.update_vars_internal"
TIMEOUT_S = 30.0
NAMESPACE = "/_event"  # the front end connects to <backend>/_event: namespace and path alike


def state_names() -> dict[str, str]:
    from aurora_app.ui.state.auth import AuthState
    from aurora_app.ui.state.clientes import ClientesState
    from aurora_app.ui.state.lead_detalhe import LeadDetalheState
    from aurora_app.ui.state.login import LoginState

    return {
        "auth": AuthState.get_full_name(),
        "login": LoginState.get_full_name(),
        "clientes": ClientesState.get_full_name(),
        "lead": LeadDetalheState.get_full_name(),
    }


@dataclass
class Stats:
    rtt_ms: dict[str, list[float]] = field(default_factory=dict)
    login_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timeouts: int = 0
    ready: int = 0  # users logged in and warmed up (one visit of each page, not measured)

    def add(self, kind: str, ms: float) -> None:
        self.rtt_ms.setdefault(kind, []).append(ms)

    def all_events(self) -> list[float]:
        return [v for vs in self.rtt_ms.values() for v in vs]


class Tab:
    """One browser tab: a socket.io connection and its own client token."""

    def __init__(self, base_url: str, names: dict[str, str], stats: Stats) -> None:
        self.base_url = base_url
        self.n = names
        self.stats = stats
        self.token = str(uuid.uuid4())
        self.auth_token = ""
        self.path = "/login"
        self.sio = socketio.AsyncClient(
            reconnection=False,
            logger=bool(os.environ.get("BENCH_WS_DEBUG")),
            engineio_logger=bool(os.environ.get("BENCH_WS_DEBUG")),
        )
        self.updates: asyncio.Queue[dict] = asyncio.Queue()
        self.sio.on("event", self._on_update, namespace=NAMESPACE)

    async def _on_update(self, update: Any) -> None:
        if not isinstance(update, dict):
            return
        for ev in update.get("events") or []:
            name = ev.get("name", "") if isinstance(ev, dict) else ""
            if name and not name.startswith("_"):  # a backend event the front end would queue
                await self.emit(name, ev.get("payload") or {})
        delta = update.get("delta") or {}
        token = delta.get(self.n["auth"], {}).get("auth_token_rx_state_")
        if token is not None:
            self.auth_token = token
        await self.updates.put(update)

    def _router(self) -> dict[str, Any]:
        return {"pathname": self.path, "asPath": self.path}

    def _storage(self) -> dict[str, Any]:
        return {f"{self.n['auth']}.auth_token_rx_state_": self.auth_token} if self.auth_token else {}

    async def emit(self, name: str, payload: dict) -> None:
        await self.sio.emit(
            "event", {"name": name, "payload": payload, "router_data": self._router()}, namespace=NAMESPACE
        )

    async def _wait_for(self, state: str, key: str | None = None, timeout: float = TIMEOUT_S) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            update = await asyncio.wait_for(self.updates.get(), max(0.01, deadline - time.monotonic()))
            part = (update.get("delta") or {}).get(state)
            if part is not None and (key is None or key in part):
                return part

    def _drain(self) -> None:
        while not self.updates.empty():
            self.updates.get_nowait()

    async def timed(self, kind: str, state: str, name: str, payload: dict, key: str | None = None) -> dict | None:
        self._drain()
        t0 = time.perf_counter()
        await self.emit(name, payload)
        try:
            part = await self._wait_for(state, key)
        except TimeoutError:
            self.stats.timeouts += 1
            return None
        self.stats.add(kind, (time.perf_counter() - t0) * 1000)
        return part

    async def connect(self) -> None:
        boot = {
            "name": f"{ROOT_STATE}.hydrate_and_load",
            "payload": {"vars": self._storage()} if self.auth_token else {},
            "router_data": self._router(),
        }
        await self.sio.connect(
            f"{self.base_url}?token={self.token}",
            socketio_path="_event",
            transports=["websocket"],
            namespaces=[NAMESPACE],
            auth={"event": boot},
            wait_timeout=TIMEOUT_S,
        )
        await self._wait_for(ROOT_STATE)

    async def login(self, email: str, senha: str) -> None:
        self._drain()
        t0 = time.perf_counter()
        await self.emit(f"{self.n['login']}.entrar", {"form": {"email": email, "password": senha}})
        deadline = time.monotonic() + TIMEOUT_S * 2
        while not self.auth_token:
            part = await self._wait_for(self.n["login"], None, max(0.01, deadline - time.monotonic()))
            if part.get("erro_rx_state_"):
                raise RuntimeError(f"login {email}: {part['erro_rx_state_']}")
        self.stats.login_ms.append((time.perf_counter() - t0) * 1000)

    async def navigate(self, kind: str, path: str, state: str, key: str) -> dict | None:
        """Client-side navigation: storage vars, then on_load_internal for the new path."""
        self.path = path
        if self.auth_token:
            await self.emit(UPDATE_VARS, {"vars": self._storage()})
        return await self.timed(kind, state, ON_LOAD, {}, key)

    async def close(self) -> None:
        try:
            await self.sio.disconnect()
        except Exception:  # noqa: BLE001 - best effort at the end of a run
            pass


async def user_session(
    base_url: str,
    names: dict[str, str],
    stats: Stats,
    user_no: int,
    n_vendedores: int,
    n_clientes: int,
    n_leads: int,
    senha: str,
    clock: dict,
    think: tuple[float, float],
    ready: asyncio.Event,
    seed: int,
) -> None:
    rng = random.Random(seed)
    uid = 2 + user_no % n_vendedores  # vendedores u1..u20 (user ids 2..21)
    email = f"u{uid - 1}@bench.test"
    tab = Tab(base_url, names, stats)
    try:
        await asyncio.sleep(rng.uniform(0, 3))  # users arrive over a few seconds
        await tab.connect()
        await tab.login(email, senha)
        cl = names["clientes"]
        await tab.navigate("warmup", "/clientes", cl, "rows_rx_state_")
        await tab.navigate("warmup", f"/leads/{uid - 2 + n_vendedores}", names["lead"], "lead_rx_state_")
        stats.ready += 1
        await ready.wait()
        while time.monotonic() < clock["stop_at"]:
            await tab.navigate("open_clientes", "/clientes", cl, "rows_rx_state_")
            await asyncio.sleep(rng.uniform(*think))
            palavra = str(cliente_sintetico(rng.randrange(n_clientes))["palavra"]).lower()
            await tab.timed("search", cl, f"{cl}.set_busca", {"valor": palavra}, "rows_rx_state_")
            await asyncio.sleep(rng.uniform(*think))
            await tab.timed("clear_search", cl, f"{cl}.set_busca", {"valor": ""}, "rows_rx_state_")
            await asyncio.sleep(rng.uniform(*think))
            await tab.timed("next_page", cl, f"{cl}.proxima_pagina", {}, "rows_rx_state_")
            await asyncio.sleep(rng.uniform(*think))
            k = rng.randrange(max(1, (n_leads - (uid - 2)) // n_vendedores))
            lead_id = (uid - 2) + n_vendedores * k or n_vendedores  # one of this vendedor's own leads
            await tab.navigate("open_lead", f"/leads/{lead_id}", names["lead"], "lead_rx_state_")
            await asyncio.sleep(rng.uniform(*think))
    except Exception as exc:  # noqa: BLE001 - counted, the run goes on
        stats.errors.append(f"user {user_no}: {type(exc).__name__}: {exc}"[:300])
    finally:
        await tab.close()


async def run_users(
    base_url: str,
    users: int,
    duration_s: float,
    *,
    senha: str,
    n_vendedores: int,
    n_clientes: int,
    n_leads: int,
    think: tuple[float, float] = (1.0, 3.0),
) -> Stats:
    names = state_names()
    stats = Stats()
    ready = asyncio.Event()
    clock = {"stop_at": float("inf")}
    tasks = [
        asyncio.create_task(
            user_session(
                base_url, names, stats, i, n_vendedores, n_clientes, n_leads, senha, clock, think, ready, seed=1000 + i
            )
        )
        for i in range(users)
    ]
    # Everyone connects, logs in (argon2-bound, timed apart) and visits each page once first;
    # then the measured period starts for all at once.
    t0 = time.monotonic()
    while stats.ready + len(stats.errors) < users and time.monotonic() - t0 < 300:
        await asyncio.sleep(0.2)
    stats.rtt_ms.clear()
    clock["stop_at"] = time.monotonic() + duration_s
    ready.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return stats
