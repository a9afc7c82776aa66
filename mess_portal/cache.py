"""A Redis cache that the site survives losing.

Django's RedisCache raises on every connection error, so a stopped Redis would turn every page into a
500. The site only uses its cache to go faster (directory facets, sitemaps) and to count (rate limits,
download counts): without it, it must work, only slower. This backend treats an unreachable Redis as
an empty cache that keeps nothing: reads miss, writes are dropped, ``incr`` reports a missing key.

After a failure the process stops asking Redis for ``retry_seconds`` (a dead server then costs nothing,
not one socket timeout per cache call), then tries again: the site recovers on its own once Redis is
back. Short socket timeouts bound what one attempt costs when the server hangs rather than refuses.

A write lost meanwhile may have been an invalidation (the observatory's figures version, a deleted
key), and Redis may have kept its data (unreachable, not restarted): so the first thing a process that
lost writes does when Redis answers again is to empty the cache, rather than serve stale entries.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Per process and per server: when Redis may be asked again after a failure (time.monotonic()), and
# whether writes were lost while it was unavailable.
_down_until: dict[str, float] = {}
_lost_writes: set[str] = set()
WRITES = {"add", "set", "touch", "delete", "incr", "set_many", "delete_many", "clear"}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """RedisCache whose connection errors are logged and read as misses and no-ops.

    OPTIONS: ``retry_seconds`` (pause after a failure, default 5); every other option goes to the Redis
    connection pool as with RedisCache (``socket_timeout``, ``socket_connect_timeout``...).
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.retry_seconds = float(options.pop("retry_seconds", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._name = ",".join(self._servers)

    # --- availability ---------------------------------------------------------------------------

    def is_available(self) -> bool:
        """False while this process is waiting before asking Redis again after a failure."""
        return time.monotonic() >= _down_until.get(self._name, 0.0)

    def _failed(self, operation, exc):
        with _lock:
            was_up = self.is_available()
            _down_until[self._name] = time.monotonic() + self.retry_seconds
        if was_up:
            logger.warning(
                "Cache unavailable (%s: %s): working without it, next try in %ss",
                operation,
                exc,
                self.retry_seconds,
            )

    def _succeeded(self):
        if self._name in _down_until:
            with _lock:
                if _down_until.pop(self._name, None) is not None:
                    logger.warning("Cache available again")

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.is_available():
            return self._fall_back(operation, fallback)
        try:
            if self._name in _lost_writes:
                super().clear()
                _lost_writes.discard(self._name)
                logger.warning("Cache emptied: writes were lost while it was unavailable")
            result = getattr(super(), operation)(*args, **kwargs)
        except self._errors as exc:
            self._failed(operation, exc)
            return self._fall_back(operation, fallback)
        self._succeeded()
        return result

    def _fall_back(self, operation, fallback):
        if operation in WRITES:
            _lost_writes.add(self._name)
        return fallback()

    @property
    def _errors(self):
        import redis

        return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    # --- the cache API ----------------------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: False, key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version=version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (cache unavailable).")

        return self._call("incr", missing, key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version=version)

    def clear(self):
        return self._call("clear", lambda: False)
