"""CNPJá client (SPEC §6): paid API with two keys, the free API as fallback, per-provider circuit
breakers, timeouts on every call and a total budget per lookup.

Order inside :meth:`CNPJaClient.fetch` (the lookup cache sits in front of it, see
:class:`ConsultaCache` and ``aurora_app.services.cnpj``):

1. paid API with the primary key; the secondary key when the primary answers 401 or
   429 "not enough credits" (the key is then skipped for a while by every worker);
2. the free API when both keys failed, a key is rate-limited (429), the paid API errs, times
   out, or its breaker is open; with no keys configured, the free API only. The free API's
   5 requests/minute are counted by a moving-window limiter shared by all workers;
3. otherwise :class:`ConsultaIndisponivel` with a ``retry_after``.

Shared state (breakers, key cool-downs, the free API's limiter) lives in the app's cache
backend (Redis db 1 when configured) and falls back to in-process memory when Redis is down, so
a dead cache never takes the lookups down with it.

Secrets: the API keys only ever appear in the ``Authorization`` header of the outgoing request;
keys are named "primaria"/"secundaria" in logs and metrics, and identified in the cache by a
short hash. Nothing from the answer body is logged (partners' masked CPFs live there).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

import certifi
import httpx
from prometheus_client import Counter, Gauge, Histogram
from pydantic import ValidationError

from aurora_app.core.cache import BackendUnavailable, Cache, MemoryCache, RateLimiter, get_cache, get_limiter
from aurora_app.core.config import Settings, get_settings
from aurora_app.integrations.cnpja_schema import CNPJConsulta, Fonte, from_office

log = logging.getLogger("aurora.cnpja")

PAGO: Literal["cnpja_pago"] = "cnpja_pago"
GRATUITO: Literal["cnpja_gratuito"] = "cnpja_gratuito"
FREE_RATE_RULE = "5/minute"  # CNPJá's free API: 5 requests per minute per IP
USER_AGENT = "Aurora-CRM/1.0 (+https://github.com/aurora-crm)"

# --- metrics -------------------------------------------------------------------------------

LOOKUPS = Counter(
    "aurora_cnpj_lookups_total",
    "CNPJ lookups by source of the answer and result",
    ["fonte", "resultado"],
)
CACHE_EVENTS = Counter(
    "aurora_cnpj_cache_total",
    "CNPJ lookup cache: hit, miss, stale (served past TTL), not_found (remembered 404), error (backend down)",
    ["resultado"],
)
UPSTREAM_LATENCY = Histogram(
    "aurora_cnpja_upstream_seconds",
    "Latency of calls to CNPJá by provider and outcome",
    ["provider", "outcome"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 7.5, 10),
)
UPSTREAM_FAILURES = Counter(
    "aurora_cnpja_failures_total",
    "CNPJá calls that did not give an answer, by provider and reason",
    ["provider", "reason"],
)
# The commonest failures exist from the start (at 0), so rate() and the dashboard see a series
# before the first one happens.
for _provider in (PAGO, GRATUITO):
    for _reason in ("timeout", "conexao"):
        UPSTREAM_FAILURES.labels(_provider, _reason)
# 0 closed, 1 half-open, 2 open. "livemostrecent": with several workers the newest value any
# live worker observed wins, which is what the shared (cache-backed) state says.
BREAKER_STATE = Gauge(
    "aurora_cnpja_breaker_state",
    "Circuit breaker per CNPJá provider: 0 closed, 1 half-open, 2 open",
    ["provider"],
    multiprocess_mode="livemostrecent",
)
for _p in (PAGO, GRATUITO):
    BREAKER_STATE.labels(_p).set(0)

# --- errors --------------------------------------------------------------------------------


class CNPJNaoEncontrado(Exception):
    """The revenue service does not know this CNPJ (upstream 404)."""


class ConsultaIndisponivel(Exception):
    """No provider could answer now. ``retry_after`` in seconds; ``motivos`` for logs/tests."""

    def __init__(self, retry_after: int, motivos: Sequence[str]) -> None:
        super().__init__("consulta indisponível: " + ", ".join(motivos))
        self.retry_after = retry_after
        self.motivos = list(motivos)


class BreakerOpen(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"circuito aberto por mais {retry_after}s")
        self.retry_after = retry_after


# --- shared state with an in-process fallback ------------------------------------------------


class SharedState:
    """The app's cache and limiter (Redis or memory), with in-process stand-ins used while Redis
    is down: breakers, cool-downs and the free API's limit keep working per process."""

    def __init__(
        self,
        cache: Callable[[], Cache] = get_cache,
        limiter: Callable[[], RateLimiter] = get_limiter,
    ) -> None:
        self._cache = cache
        self._limiter = limiter
        self._local_cache = MemoryCache()
        self._local_limiter: RateLimiter | None = None

    def cache_call(self, op: str, *args: Any) -> Any:
        try:
            return getattr(self._cache(), op)(*args)
        except BackendUnavailable:
            return getattr(self._local_cache, op)(*args)

    def hit(self, scope: str, rule: str, key: str):
        try:
            return self._limiter().hit(scope, rule, key)
        except BackendUnavailable:
            if self._local_limiter is None:
                from limits.storage import MemoryStorage

                self._local_limiter = RateLimiter(MemoryStorage())
            return self._local_limiter.hit(scope, rule, key)


# --- circuit breaker -----------------------------------------------------------------------


class CircuitBreaker:
    """Closed → open after ``threshold`` failures within ``window`` s → after ``open_seconds``
    half-open: exactly one trial call (across all workers, via an atomic ``add``) → closed on
    success, open again on failure.

    A small class over our own cache instead of ``purgatory``/``aiobreaker``: the state must be
    shared by every worker through the backend the app already has (Redis db 1 or memory), must
    survive Redis going down (in-process fallback above), and must not add a second Redis client
    with its own retry defaults (redis-py retries for seconds unless told otherwise).
    ``aiobreaker`` has had no release since 2021 and keeps state per process; ``purgatory``
    would need its own async Redis connection. The logic is ~40 lines and fully tested.
    """

    CLOSED, HALF_OPEN, OPEN = 0, 1, 2

    def __init__(
        self,
        name: str,
        state: SharedState,
        *,
        threshold: int = 5,
        window_seconds: int = 60,
        open_seconds: int = 30,
        trial_timeout_seconds: int = 15,
    ) -> None:
        self.name = name
        self._s = state
        self.threshold = threshold
        self.window = window_seconds
        self.open_seconds = open_seconds
        self.trial_timeout = trial_timeout_seconds
        self._k = f"cnpja:cb:{name}:"

    def _gauge(self, value: int) -> None:
        BREAKER_STATE.labels(self.name).set(value)

    def _open_until(self) -> float | None:
        raw = self._s.cache_call("get", self._k + "open_until")
        return float(raw) if raw else None

    def state(self) -> str:
        until = self._open_until()
        if until is None:
            return "closed"
        return "open" if time.time() < until else "half_open"

    def before_call(self) -> bool:
        """Raises :class:`BreakerOpen` to fail fast; returns True when this call is the trial."""
        until = self._open_until()
        if until is None:
            self._gauge(self.CLOSED)
            return False
        now = time.time()
        if now < until:
            self._gauge(self.OPEN)
            raise BreakerOpen(max(1, int(until - now) + 1))
        self._gauge(self.HALF_OPEN)
        if self._s.cache_call("add", self._k + "trial", "1", self.trial_timeout):
            return True
        raise BreakerOpen(max(1, self.trial_timeout // 3))

    def release_trial(self, trial: bool) -> None:
        """The trial slot was taken but no call was made."""
        if trial:
            self._s.cache_call("delete", self._k + "trial")

    def success(self, trial: bool = False) -> None:
        if trial or self._open_until() is not None:
            self._s.cache_call("delete", self._k + "open_until")
            self._s.cache_call("delete", self._k + "trial")
            log.info("cnpja: circuito %s fechado", self.name)
        self._s.cache_call("delete", self._k + "fails")
        self._gauge(self.CLOSED)

    def failure(self, trial: bool = False) -> None:
        if trial:
            self._trip()
            self._s.cache_call("delete", self._k + "trial")
            return
        failures = self._s.cache_call("incr", self._k + "fails", self.window)
        if failures >= self.threshold:
            self._trip()
            self._s.cache_call("delete", self._k + "fails")

    def _trip(self) -> None:
        until = time.time() + self.open_seconds
        # Kept well past the open period: after it the breaker is half-open until a trial ends.
        self._s.cache_call("set", self._k + "open_until", f"{until:.3f}", self.open_seconds + 86400)
        self._gauge(self.OPEN)
        log.warning("cnpja: circuito %s aberto por %ss", self.name, self.open_seconds)


# --- the client ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeouts:
    connect: float = 2.0
    read: float = 5.0
    total: float = 9.5  # a hung upstream never holds a lookup longer than this (SPEC: ~10 s)

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.connect, pool=self.connect)


@dataclass
class _Answer:
    kind: Literal["ok", "not_found", "unauthorized", "credits", "rate_limited", "error"]
    reason: str
    payload: dict[str, Any] | None = None
    retry_after: int | None = None


@dataclass
class _Attempts:
    motivos: list[str] = field(default_factory=list)
    retry_afters: list[int] = field(default_factory=list)

    def fail(self, provider: str, reason: str, retry_after: int | None = None) -> None:
        UPSTREAM_FAILURES.labels(provider, reason).inc()
        self.motivos.append(f"{provider}:{reason}")
        if retry_after:
            self.retry_afters.append(retry_after)

    def retry_after(self, default: int = 30) -> int:
        return max(1, min(min(self.retry_afters, default=default), 3600))


def _retry_after_header(response: httpx.Response) -> int | None:
    raw = response.headers.get("retry-after")
    if raw and raw.strip().isdigit():
        return int(raw.strip())
    return None


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """Built once: loading the CA bundle costs ~25 ms, and httpx would do it per client."""
    return ssl.create_default_context(cafile=certifi.where())


def _key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:12]


class CNPJaClient:
    """Asks CNPJá for one office. Stateless apart from the shared state; safe to share."""

    KEY_LABELS = ("primaria", "secundaria")

    def __init__(
        self,
        *,
        paid_url: str,
        free_url: str,
        keys: Sequence[str | None] = (),
        auth_type: str = "",
        timeouts: Timeouts = Timeouts(),
        free_rule: str = FREE_RATE_RULE,
        state: SharedState | None = None,
        breaker_options: dict[str, int] | None = None,
        unauthorized_cooldown: int = 300,
        credits_cooldown: int = 600,
    ) -> None:
        self.paid_url = paid_url.rstrip("/")
        self.free_url = free_url.rstrip("/")
        unique: list[str] = []
        for key in keys:
            if key and key not in unique:
                unique.append(key)
        self._keys = unique
        self._auth_type = auth_type.strip()
        self.timeouts = timeouts
        self.free_rule = free_rule
        self.state = state or SharedState()
        opts = breaker_options or {}
        self.breakers = {p: CircuitBreaker(p, self.state, **opts) for p in (PAGO, GRATUITO)}
        self.unauthorized_cooldown = unauthorized_cooldown
        self.credits_cooldown = credits_cooldown

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **kwargs: Any) -> CNPJaClient:
        s = settings or get_settings()
        return cls(
            paid_url=s.CNPJA_PAID_URL,
            free_url=s.CNPJA_FREE_URL,
            keys=(s.CNPJA_PRIMARY_KEY, s.CNPJA_SECONDARY_KEY),
            auth_type=s.CNPJA_AUTH_TYPE,
            **kwargs,
        )

    @property
    def has_keys(self) -> bool:
        return bool(self._keys)

    def _authorization(self, key: str) -> str:
        return f"{self._auth_type} {key}" if self._auth_type else key

    # -- one HTTP call, classified --

    async def _call(
        self, http: httpx.AsyncClient, provider: str, url: str, headers: dict[str, str], deadline: float
    ) -> _Answer:
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return _Answer("error", "tempo_esgotado")
        started = time.perf_counter()
        answer: _Answer
        try:
            # httpx's read timeout is per read; this bounds the whole call (a trickling body too).
            async with asyncio.timeout(remaining):
                response = await http.get(url, headers=headers)
        except (TimeoutError, httpx.TimeoutException):
            answer = _Answer("error", "timeout")
        except httpx.TransportError:
            answer = _Answer("error", "conexao")
        else:
            answer = self._classify(response)
        UPSTREAM_LATENCY.labels(provider, answer.kind).observe(time.perf_counter() - started)
        return answer

    @staticmethod
    def _classify(response: httpx.Response) -> _Answer:
        status = response.status_code
        if status == 200:
            try:
                payload = response.json()
            except ValueError:
                return _Answer("error", "resposta_invalida")
            if not isinstance(payload, dict):
                return _Answer("error", "resposta_invalida")
            return _Answer("ok", "ok", payload=payload)
        if status == 404:
            return _Answer("not_found", "nao_encontrado")
        if status in (401, 403):
            return _Answer("unauthorized", "chave_recusada")
        if status == 429:
            try:
                message = str(response.json().get("message", ""))
            except (ValueError, AttributeError):
                message = ""
            if "credit" in message.lower():
                return _Answer("credits", "sem_creditos")
            return _Answer("rate_limited", "limite_de_taxa", retry_after=_retry_after_header(response))
        if status >= 500:
            return _Answer("error", f"http_{status}", retry_after=_retry_after_header(response))
        return _Answer("error", f"http_{status}")

    def _normalise(self, payload: dict[str, Any], fonte: Fonte, cnpj: str) -> CNPJConsulta | None:
        try:
            consulta = from_office(payload, fonte=fonte, consultado_em=datetime.now(UTC))
        except (ValueError, ValidationError):
            return None
        return consulta if consulta.cnpj == cnpj else None

    # -- the lookup --

    async def fetch(self, cnpj: str) -> CNPJConsulta:
        """``cnpj`` must already be normalised (14 bare characters, see core/cnpj.py)."""
        deadline = time.monotonic() + self.timeouts.total
        attempts = _Attempts()
        async with httpx.AsyncClient(
            timeout=self.timeouts.httpx(),
            verify=_tls_context(),
            follow_redirects=False,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        ) as http:
            if self._keys:
                consulta = await self._fetch_paid(http, cnpj, deadline, attempts)
                if consulta is not None:
                    return consulta
            consulta = await self._fetch_free(http, cnpj, deadline, attempts)
            if consulta is not None:
                return consulta
        log.warning("cnpja: consulta indisponível cnpj=%s motivos=%s", cnpj, ",".join(attempts.motivos))
        raise ConsultaIndisponivel(attempts.retry_after(), attempts.motivos)

    async def _fetch_paid(
        self, http: httpx.AsyncClient, cnpj: str, deadline: float, attempts: _Attempts
    ) -> CNPJConsulta | None:
        breaker = self.breakers[PAGO]
        rate_key = "cnpja:cooldown:pago:rate"
        cooled = self.state.cache_call("get", rate_key)
        if cooled:
            attempts.fail(PAGO, "limite_de_taxa_em_espera", int(float(cooled) - time.time()) + 1)
            return None
        for label, key in zip(self.KEY_LABELS, self._keys, strict=False):
            cooldown_key = f"cnpja:cooldown:key:{_key_id(key)}"
            if self.state.cache_call("get", cooldown_key):
                attempts.fail(PAGO, f"chave_{label}_em_espera")
                continue
            try:
                trial = breaker.before_call()
            except BreakerOpen as exc:
                attempts.fail(PAGO, "circuito_aberto", exc.retry_after)
                return None
            answer = await self._call(
                http, PAGO, f"{self.paid_url}/office/{cnpj}", {"Authorization": self._authorization(key)}, deadline
            )
            if answer.kind == "ok":
                consulta = self._normalise(answer.payload or {}, PAGO, cnpj)
                if consulta is None:
                    breaker.failure(trial)
                    attempts.fail(PAGO, "resposta_invalida")
                    return None
                breaker.success(trial)
                log.info("cnpja: cnpj=%s respondido por %s (chave %s)", cnpj, PAGO, label)
                return consulta
            if answer.kind == "not_found":
                breaker.success(trial)
                raise CNPJNaoEncontrado(cnpj)
            if answer.kind in ("unauthorized", "credits"):
                # The provider answered; the key is the problem: next key, and skip it for a while.
                breaker.success(trial)
                ttl = self.unauthorized_cooldown if answer.kind == "unauthorized" else self.credits_cooldown
                self.state.cache_call("set", cooldown_key, "1", ttl)
                attempts.fail(PAGO, f"{answer.reason}_{label}")
                log.warning("cnpja: chave %s recusada (%s); próxima opção", label, answer.reason)
                continue
            if answer.kind == "rate_limited":
                breaker.success(trial)
                wait = min(answer.retry_after or 60, 300)
                self.state.cache_call("set", rate_key, f"{time.time() + wait:.3f}", wait)
                attempts.fail(PAGO, "limite_de_taxa")
                log.warning("cnpja: API paga limitou a taxa (chave %s); usando a gratuita", label)
                return None
            breaker.failure(trial)
            attempts.fail(PAGO, answer.reason)
            log.warning("cnpja: API paga falhou (%s); usando a gratuita", answer.reason)
            return None
        return None

    async def _fetch_free(
        self, http: httpx.AsyncClient, cnpj: str, deadline: float, attempts: _Attempts
    ) -> CNPJConsulta | None:
        breaker = self.breakers[GRATUITO]
        rate_key = "cnpja:cooldown:gratuito:rate"
        cooled = self.state.cache_call("get", rate_key)
        if cooled:
            attempts.fail(GRATUITO, "limite_de_taxa_em_espera", int(float(cooled) - time.time()) + 1)
            return None
        try:
            trial = breaker.before_call()
        except BreakerOpen as exc:
            attempts.fail(GRATUITO, "circuito_aberto", exc.retry_after)
            return None
        limit = self.state.hit("cnpja-gratuito", self.free_rule, "global")
        if not limit.allowed:
            breaker.release_trial(trial)
            attempts.fail(GRATUITO, "limite_local", limit.retry_after)
            return None
        answer = await self._call(http, GRATUITO, f"{self.free_url}/office/{cnpj}", {}, deadline)
        if answer.kind == "ok":
            consulta = self._normalise(answer.payload or {}, GRATUITO, cnpj)
            if consulta is None:
                breaker.failure(trial)
                attempts.fail(GRATUITO, "resposta_invalida")
                return None
            breaker.success(trial)
            log.info("cnpja: cnpj=%s respondido por %s", cnpj, GRATUITO)
            return consulta
        if answer.kind == "not_found":
            breaker.success(trial)
            raise CNPJNaoEncontrado(cnpj)
        if answer.kind == "rate_limited":
            breaker.success(trial)
            wait = min(answer.retry_after or 60, 300)
            self.state.cache_call("set", rate_key, f"{time.time() + wait:.3f}", wait)
            attempts.fail(GRATUITO, "limite_de_taxa", wait)
            return None
        if answer.kind == "error":
            breaker.failure(trial)
            attempts.fail(GRATUITO, answer.reason, answer.retry_after or 30)
            return None
        breaker.success(trial)
        attempts.fail(GRATUITO, answer.reason)
        return None


# --- the lookup cache ----------------------------------------------------------------------

STALE_KEEP_SECONDS = 30 * 86400
NOT_FOUND_TTL_SECONDS = 600


@dataclass(frozen=True)
class CacheHit:
    consulta: CNPJConsulta
    fresh: bool


class ConsultaCache:
    """Answers by CNPJ: fresh for ``CNPJ_CACHE_TTL_SECONDS``, kept up to 30 days to be served
    (marked ``desatualizado``) when every provider fails; 404s remembered for 10 minutes.
    Redis down → every method degrades to "no cache" (the lookup still works)."""

    PREFIX = "cnpj:v1:"

    def __init__(self, cache: Callable[[], Cache] = get_cache, ttl_seconds: int | None = None) -> None:
        self._cache = cache
        self.ttl = get_settings().CNPJ_CACHE_TTL_SECONDS if ttl_seconds is None else ttl_seconds
        self._dead = False

    def _op(self, op: str, *args: Any) -> Any:
        if self._dead:
            return None
        try:
            return getattr(self._cache(), op)(*args)
        except BackendUnavailable:
            self._dead = True  # one failure per lookup is enough: skip the cache from here on
            CACHE_EVENTS.labels("error").inc()
            log.warning("cnpja: cache indisponível; consulta segue sem cache")
            return None

    def get(self, cnpj: str) -> CacheHit | None:
        raw = self._op("get", self.PREFIX + cnpj)
        if not raw:
            if not self._dead:
                CACHE_EVENTS.labels("miss").inc()
            return None
        try:
            entry = json.loads(raw)
            consulta = CNPJConsulta.model_validate(entry["data"])
            stored_at = float(entry["stored_at"])
        except (ValueError, KeyError, TypeError, ValidationError):
            CACHE_EVENTS.labels("miss").inc()
            return None
        fresh = time.time() - stored_at < self.ttl
        if fresh:
            CACHE_EVENTS.labels("hit").inc()
        return CacheHit(consulta.model_copy(update={"fonte": "cache"}), fresh)

    def put(self, consulta: CNPJConsulta) -> None:
        entry = {"stored_at": time.time(), "data": consulta.model_dump(mode="json")}
        self._op(
            "set", self.PREFIX + consulta.cnpj, json.dumps(entry, ensure_ascii=False), max(self.ttl, STALE_KEEP_SECONDS)
        )
        self._op("delete", self.PREFIX + "nf:" + consulta.cnpj)

    def remember_not_found(self, cnpj: str) -> None:
        self._op("set", self.PREFIX + "nf:" + cnpj, "1", NOT_FOUND_TTL_SECONDS)

    def is_not_found(self, cnpj: str) -> bool:
        found = bool(self._op("get", self.PREFIX + "nf:" + cnpj))
        if found:
            CACHE_EVENTS.labels("not_found").inc()
        return found

    def forget(self, cnpj: str) -> None:
        self._op("delete", self.PREFIX + cnpj)
        self._op("delete", self.PREFIX + "nf:" + cnpj)
