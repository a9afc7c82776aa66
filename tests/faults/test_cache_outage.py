"""Redis stopped, then started again, behind a production-like gunicorn (conftest.py).

The site works without its cache (degraded, not down), the rate-limited forms stay usable (the limit fails
open, logged), and the cache is used again once Redis is back, without restarting anything.
"""

import time

from library.views import SUBSCRIBE_LIMIT_PER_HOUR
from tests.faults.helpers import PAGES, csrf_token, subscribe, subscribers

RATE_LIMIT_KEYS = "*ratelimit:newsletter:*"


def test_redis_stopped_the_site_works_without_its_cache_then_uses_it_again(stack):
    redis = stack.redis.client()
    redis.flushall()
    token = csrf_token(stack)
    assert subscribe(stack, token, "avant-cache@example.org").status == 302
    assert redis.keys(RATE_LIMIT_KEYS), "the rate limit is counted in Redis"
    redis.close()
    try:
        stack.redis.stop()

        # Degraded, not down: pages (the observatory's and the sitemap are cached) answer, and without
        # waiting on Redis (a generous bound: the machine may be busy; a socket timeout per call would
        # cost far more).
        for path in [*PAGES, "/fr/observatoire/", "/sitemap.xml", "/healthz"]:
            response = stack.get(path)
            assert response.status == 200, (path, response.status, response.body[:300])
            assert response.seconds < 2.5, f"{path} took {response.seconds:.2f}s"

        # The rate-limited form works; its limit fails open (logged) rather than refusing everyone.
        for n in range(SUBSCRIBE_LIMIT_PER_HOUR + 2):
            sent = subscribe(stack, token, f"sans-cache-{n}@example.org")
            assert sent.status == 302, (n, sent.status, sent.body[:300])
        assert subscribers(stack, "sans-cache-%@example.org") == SUBSCRIBE_LIMIT_PER_HOUR + 2
        log = stack.log()
        assert "Cache unavailable" in log
        assert "Rate limit 'newsletter' not enforced" in log
    finally:
        if stack.redis.process is None:
            stack.redis.start()

    # Back: after CACHE_RETRY_SECONDS (1 s here) the workers use Redis again.
    redis = stack.redis.client()
    deadline = time.monotonic() + 15
    n = 0
    while not redis.keys(RATE_LIMIT_KEYS) and time.monotonic() < deadline:
        time.sleep(0.5)
        n += 1
        assert subscribe(stack, token, f"apres-cache-{n}@example.org").status == 302
    assert redis.keys(RATE_LIMIT_KEYS), "the cache is not used again after Redis came back"
    for path in PAGES:
        assert stack.get(path).status == 200
    assert stack.gunicorn.process.poll() is None
    redis.close()
