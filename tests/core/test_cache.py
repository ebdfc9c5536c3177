import time

import pytest

from aurora_app.core.cache import BackendUnavailable, MemoryCache, app_redis_url, get_cache, get_limiter
from aurora_app.core.config import reset_settings_cache


def test_memory_cache_ttl_add_incr():
    c = MemoryCache()
    c.set("a", "1", ttl_seconds=1)
    assert c.get("a") == "1"
    assert c.add("a", "2") is False
    assert c.incr("n") == 1 and c.incr("n") == 2
    time.sleep(1.05)
    assert c.get("a") is None
    assert c.add("a", "3") is True


def test_configured_backend_round_trip():
    cache = get_cache()
    cache.set("k", "v", ttl_seconds=30)
    assert cache.get("k") == "v"
    assert cache.incr("counter", ttl_seconds=30) == 1
    cache.delete("k")
    assert cache.get("k") is None


def test_limiter_blocks_after_rule_and_reports_retry_after():
    limiter = get_limiter()
    results = [limiter.hit("teste", "3/minute", "alguem") for _ in range(4)]
    assert [r.allowed for r in results] == [True, True, True, False]
    assert 1 <= results[-1].retry_after <= 61
    assert limiter.hit("teste", "3/minute", "outra-pessoa").allowed


def test_app_keys_live_apart_from_reflex_state():
    assert app_redis_url("redis://h:6379/0") == "redis://h:6379/1"


def test_redis_down_fails_fast(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    reset_settings_cache()
    from aurora_app.core.cache import reset_backends

    reset_backends()
    start = time.perf_counter()
    with pytest.raises(BackendUnavailable):
        get_cache().get("x")
    with pytest.raises(BackendUnavailable):
        get_limiter().hit("login", "5/minute", "x")
    assert time.perf_counter() - start < 1.0
