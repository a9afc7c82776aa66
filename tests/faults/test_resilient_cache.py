"""The Redis cache backend without Redis: misses and no-ops, quickly, logged once; the rate limit fails open."""

import logging
import time

import pytest
from django.core.cache.backends.redis import RedisCache

from mess_portal import antispam
from mess_portal.cache import ResilientRedisCache
from tests.faults.servers import free_port

OPTIONS = {"socket_timeout": 0.25, "socket_connect_timeout": 0.25}


def dead_cache(retry_seconds=5):
    """A cache pointing at a loopback port where nothing listens."""
    return ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": {**OPTIONS, "retry_seconds": retry_seconds}}
    )


def test_without_redis_reads_miss_and_writes_are_dropped_quickly_and_logged_once(caplog):
    cache = dead_cache()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="mess_portal.cache"):
        assert cache.get("facets", "default") == "default"
        assert cache.add("key", 1) is False
        assert cache.set("key", 1) is None
        assert cache.get_many(["a", "b"]) == {}
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.has_key("a") is False
        assert cache.get_or_set("computed", lambda: 42) == 42
        cache.delete("key")
        cache.delete_many(["a"])
        with pytest.raises(ValueError):
            cache.incr("counter")
    assert time.monotonic() - started < 1
    assert not cache.is_available()
    assert len([r for r in caplog.records if "Cache unavailable" in r.getMessage()]) == 1


def test_after_a_failure_redis_is_asked_again_once_the_pause_is_over(caplog):
    cache = dead_cache(retry_seconds=0.2)
    cache.get("x")
    assert not cache.is_available()
    time.sleep(0.25)
    assert cache.is_available()
    with caplog.at_level(logging.WARNING, logger="mess_portal.cache"):
        cache.get("x")  # tried again: still dead, logged again
    assert "Cache unavailable" in caplog.text


def test_with_redis_back_the_cache_works_again(stack):
    cache = ResilientRedisCache(stack.redis.url, {"OPTIONS": {**OPTIONS, "retry_seconds": 0.2}})
    cache.set("kept", "yes")
    assert cache.get("kept") == "yes"
    try:
        stack.redis.stop()
        assert cache.get("kept") is None
        assert not cache.is_available()
    finally:
        if stack.redis.process is None:
            stack.redis.start()
    time.sleep(0.25)
    cache.set("kept", "again")
    assert cache.get("kept") == "again"
    assert cache.is_available()


@pytest.mark.parametrize("backend", [ResilientRedisCache, RedisCache])
def test_the_rate_limit_fails_open_without_its_cache(rf, monkeypatch, caplog, backend):
    # Also with Django's plain RedisCache, which raises: the forms stay usable either way.
    cache = backend(f"redis://127.0.0.1:{free_port()}/0", {"OPTIONS": OPTIONS})
    monkeypatch.setattr(antispam, "cache", cache)
    request = rf.post("/fr/bibliotheque/lettre/inscription/")
    with caplog.at_level(logging.WARNING, logger="mess_portal.antispam"):
        over = [antispam.over_rate_limit(request, scope="newsletter", limit=2) for _ in range(5)]
    assert over == [False] * 5
    assert "Rate limit 'newsletter' not enforced" in caplog.text


def test_the_rate_limit_still_counts_with_its_cache(rf):
    request = rf.post("/fr/bibliotheque/lettre/inscription/")
    over = [antispam.over_rate_limit(request, scope="newsletter", limit=2) for _ in range(4)]
    assert over == [False, False, True, True]


def test_a_process_that_lost_writes_empties_the_cache_when_redis_answers_again(stack, caplog):
    # An invalidation lost while Redis was out of reach must not leave stale entries once it is back.
    cache = ResilientRedisCache(stack.redis.url, {"OPTIONS": {**OPTIONS, "retry_seconds": 0.2}})
    cache.set("figures-version", 1)
    cache.set("figures:1", 1990)
    try:
        stack.redis.stop()
        cache.incr("figures-version")  # lost: raises ValueError like a missing key
    except ValueError:
        pass
    finally:
        if stack.redis.process is None:
            stack.redis.start()  # an empty server here; one that kept its data is emptied the same way
    stack.redis.client().set(cache.make_key("figures:1"), 1990)  # stale, as if Redis had kept it
    time.sleep(0.25)
    with caplog.at_level(logging.WARNING, logger="mess_portal.cache"):
        assert cache.get("figures:1") is None
    assert "Cache emptied" in caplog.text
    cache.set("figures:1", 2026)
    assert cache.get("figures:1") == 2026


def test_a_process_that_only_read_keeps_the_cache_when_redis_answers_again(stack):
    cache = ResilientRedisCache(stack.redis.url, {"OPTIONS": {**OPTIONS, "retry_seconds": 0.2}})
    cache.set("kept-entry", 7)
    try:
        stack.redis.stop()
        assert cache.get("kept-entry") is None
    finally:
        if stack.redis.process is None:
            stack.redis.start()
    stack.redis.client().set(cache.make_key("kept-entry"), 7)  # as if Redis had kept it
    time.sleep(0.25)
    assert cache.get("kept-entry") == 7
