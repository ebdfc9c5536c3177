"""Cache and rate-limit backends behind one small interface.

Redis when ``REDIS_URL`` is set (short timeouts, no retries: a dead Redis costs milliseconds),
in-process otherwise. Reflex keeps its state in Redis db 0; the app's cache and limits use db 1.
Rate limits come from the ``limits`` library (moving window) on the same backend.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import redis
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter
from redis.backoff import NoBackoff
from redis.retry import Retry

from aurora_app.core.config import get_settings

REDIS_TIMEOUT_S = 0.25
APP_REDIS_DB = 1


class BackendUnavailable(RuntimeError):
    """The configured cache/limiter backend (Redis) does not answer."""


class Cache(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl_seconds: int | None = None) -> None: ...
    def add(self, key: str, value: str, ttl_seconds: int | None = None) -> bool: ...
    def delete(self, key: str) -> None: ...
    def incr(self, key: str, ttl_seconds: int | None = None, by: int = 1) -> int: ...
    def ping(self) -> None: ...
    def keys(self, prefix: str) -> list[str]: ...


def redis_reachable(url: str | None, timeout: float = 1.0) -> bool:
    """Whether a Redis answers at ``url`` within ``timeout`` (used once at boot by rxconfig.py)."""
    if not url:
        return False
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError):
        return False
    return True


# Set by rxconfig.py when Redis was down at boot: Reflex keeps its state in this process's memory.
DEGRADED_ENV = "AURORA_ESTADO_REFLEX_EM_MEMORIA"


class MemoryCache:
    """Thread-safe dict with expiry; good for one process on one machine."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, float | None]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str) -> tuple[str, float | None] | None:
        item = self._data.get(key)
        if item is None:
            return None
        if item[1] is not None and item[1] <= time.monotonic():
            del self._data[key]
            return None
        return item

    @staticmethod
    def _expiry(ttl_seconds: int | None) -> float | None:
        return time.monotonic() + ttl_seconds if ttl_seconds else None

    def get(self, key: str) -> str | None:
        with self._lock:
            item = self._live(key)
            return item[0] if item else None

    def set(self, key: str, value: str, ttl_seconds: int | None = None) -> None:
        with self._lock:
            self._data[key] = (value, self._expiry(ttl_seconds))

    def add(self, key: str, value: str, ttl_seconds: int | None = None) -> bool:
        with self._lock:
            if self._live(key) is not None:
                return False
            self._data[key] = (value, self._expiry(ttl_seconds))
            return True

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def incr(self, key: str, ttl_seconds: int | None = None, by: int = 1) -> int:
        with self._lock:
            item = self._live(key)
            value = int(item[0]) + by if item else by
            expiry = item[1] if item else self._expiry(ttl_seconds)
            self._data[key] = (str(value), expiry)
            return value

    def ping(self) -> None:
        return None

    def keys(self, prefix: str) -> list[str]:
        """Live keys starting with ``prefix`` (the LGPD console walks the CNPJ cache)."""
        with self._lock:
            return [k for k in list(self._data) if k.startswith(prefix) and self._live(k) is not None]

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class RedisCache:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self._r = client
        self._p = prefix

    def _call(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except redis.RedisError as exc:
            raise BackendUnavailable(f"Redis indisponível: {exc.__class__.__name__}") from exc

    def get(self, key: str) -> str | None:
        value = self._call(self._r.get, self._p + key)
        return value.decode() if isinstance(value, bytes) else value

    def set(self, key: str, value: str, ttl_seconds: int | None = None) -> None:
        self._call(self._r.set, self._p + key, value, ex=ttl_seconds or None)

    def add(self, key: str, value: str, ttl_seconds: int | None = None) -> bool:
        return bool(self._call(self._r.set, self._p + key, value, ex=ttl_seconds or None, nx=True))

    def delete(self, key: str) -> None:
        self._call(self._r.delete, self._p + key)

    def incr(self, key: str, ttl_seconds: int | None = None, by: int = 1) -> int:
        def _do() -> int:
            pipe = self._r.pipeline()
            pipe.incrby(self._p + key, by)
            if ttl_seconds:
                pipe.expire(self._p + key, ttl_seconds, nx=True)
            return int(pipe.execute()[0])

        return self._call(_do)

    def ping(self) -> None:
        self._call(self._r.ping)

    def keys(self, prefix: str) -> list[str]:
        """Keys starting with ``prefix`` (SCAN, never KEYS: it does not block the server)."""

        def _scan() -> list[str]:
            out = []
            for k in self._r.scan_iter(match=self._p + prefix + "*", count=500):
                name = k.decode() if isinstance(k, bytes) else k
                out.append(name[len(self._p):])
            return out

        return self._call(_scan)


def app_redis_url(url: str) -> str:
    """The app's own Redis database (db 1), apart from Reflex state (db 0)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{APP_REDIS_DB}", parts.query, parts.fragment))


def make_redis_client(url: str) -> redis.Redis:
    return redis.Redis.from_url(
        app_redis_url(url),
        socket_timeout=REDIS_TIMEOUT_S,
        socket_connect_timeout=REDIS_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
        retry_on_timeout=False,
        health_check_interval=0,
    )


@dataclass(frozen=True)
class LimitResult:
    allowed: bool
    retry_after: int  # seconds until the window frees a slot (0 when allowed)
    remaining: int


class RateLimiter:
    """Moving-window limits from the ``limits`` library, e.g. ``hit("login", "5/minute", key)``."""

    def __init__(self, storage: Storage) -> None:
        self._storage = storage
        self._strategy = MovingWindowRateLimiter(storage)

    @staticmethod
    @lru_cache(maxsize=64)
    def _item(rule: str) -> RateLimitItem:
        return parse(rule)

    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except BackendUnavailable:
            raise
        except (redis.RedisError, ConnectionError, TimeoutError) as exc:
            raise BackendUnavailable(f"Redis indisponível: {exc.__class__.__name__}") from exc

    def hit(self, scope: str, rule: str, key: str) -> LimitResult:
        item = self._item(rule)
        allowed = self._guard(self._strategy.hit, item, scope, key)
        stats = self._guard(self._strategy.get_window_stats, item, scope, key)
        retry_after = 0 if allowed else max(1, int(stats.reset_time - time.time()) + 1)
        return LimitResult(allowed, retry_after, stats.remaining)

    def peek(self, scope: str, rule: str, key: str) -> LimitResult:
        """Would a hit be allowed? Does not consume a slot."""
        item = self._item(rule)
        allowed = self._guard(self._strategy.test, item, scope, key)
        stats = self._guard(self._strategy.get_window_stats, item, scope, key)
        retry_after = 0 if allowed else max(1, int(stats.reset_time - time.time()) + 1)
        return LimitResult(allowed, retry_after, stats.remaining)

    def clear(self, scope: str, rule: str, key: str) -> None:
        self._guard(self._strategy.clear, self._item(rule), scope, key)


@lru_cache
def get_cache() -> Cache:
    url = get_settings().REDIS_URL
    if url:
        return RedisCache(make_redis_client(url), prefix=f"{get_settings().REDIS_PREFIX}:")
    return MemoryCache()


@lru_cache
def get_limiter() -> RateLimiter:
    url = get_settings().REDIS_URL
    if url:
        client = make_redis_client(url)
        return RateLimiter(
            RedisStorage(
                app_redis_url(url),
                connection_pool=client.connection_pool,
                key_prefix=f"{get_settings().REDIS_PREFIX}-limits",
            )
        )
    return RateLimiter(MemoryStorage())


def reset_backends() -> None:
    get_cache.cache_clear()
    get_limiter.cache_clear()
