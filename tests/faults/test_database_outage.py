"""PostgreSQL stopped under load, then started again, behind a production-like gunicorn (conftest.py).

Pages answer the translated 503 "back soon" page within a second, /healthz says 503, nothing hangs, a form
sent meanwhile is told it was NOT saved, and the site recovers without restarting gunicorn.
"""

import json
import time

from tests.faults.helpers import PAGES, Load, csrf_token, subscribe, subscribers


def errors_logged(stack) -> str:
    """The tracebacks gunicorn's workers logged: what a 500 was."""
    log = stack.log()
    return log[log.find("Traceback") :][-4000:] if "Traceback" in log else log[-2000:]


def booted_workers(stack) -> int:
    return stack.log().count("Booting worker")


def test_postgres_stopped_under_load_then_back(stack):
    stack.redis.client().flushall()  # the rate limit starts from zero
    for path in PAGES * 2:  # persistent connections opened in both workers
        response = stack.get(path)
        assert response.status == 200, (path, response.status, response.body[:300])
    token = csrf_token(stack)
    workers_before = booted_workers(stack)
    try:
        # Stopped while visitors are on the site: every request ends, as a page or as the 503 page.
        with Load(stack, PAGES, seconds=2.5) as while_stopping:
            time.sleep(0.7)
            stack.postgres.stop()
        assert not while_stopping.failures(), while_stopping.failures()[:3]
        statuses = {result.status for _, result, _ in while_stopping.results}
        assert statuses <= {200, 503}, (statuses, errors_logged(stack))
        slowest = max(result.seconds for _, result, _ in while_stopping.results)
        assert slowest < 2, f"a request took {slowest:.2f}s while the database stopped"

        # Pages kept for anonymous visitors (mess_portal.pagecache) are still served from Redis during an
        # outage; forgotten here, so that what follows is what a page not kept meets.
        stack.redis.client().flushall()
        # Stopped: every page is the 503 page, within a second, in its language; /healthz says 503.
        with Load(stack, [*PAGES, "/healthz"], seconds=2) as during:
            pass
        assert not during.failures(), during.failures()[:3]
        assert len(during.results) >= 8
        for path, response, _ in during.results:
            assert response.status == 503, (path, response.status, response.body[:300])
            assert response.seconds < 1.0, f"{path} took {response.seconds:.2f}s"
        home = stack.get("/fr/")
        assert "À très vite" in home.body and '<html lang="fr" dir="ltr">' in home.body
        assert home.headers["Retry-After"] == "30"
        assert "no-store" in home.headers["Cache-Control"]
        arabic = stack.get("/ar/")
        assert "نعود قريبًا" in arabic.body and 'dir="rtl"' in arabic.body
        assert "Back soon" in stack.get("/en/bibliotheque/lettre/").body
        health = stack.get("/healthz")
        assert health.status == 503 and json.loads(health.body)["database"] == "unreachable"

        # A form sent meanwhile: the visitor is told it was NOT saved, and gets back what they wrote.
        sent = subscribe(stack, token, "pendant-la-panne@example.org")
        assert sent.status == 503
        assert "Ce que vous avez envoyé n'a PAS été enregistré." in sent.body
        assert "pendant-la-panne@example.org" in sent.body
        assert token not in sent.body
    finally:
        if not stack.postgres.is_running():
            stack.postgres.start()

    # Back: pages at once, from the same gunicorn workers (no restart), their connections replaced.
    for path in PAGES * 2:
        response = stack.get(path)
        assert response.status == 200, (path, response.status, response.body[:300])
    assert stack.get("/healthz").status == 200
    assert stack.gunicorn.process.poll() is None
    assert booted_workers(stack) == workers_before, "a gunicorn worker was restarted"

    # Nothing was saved behind the visitor's back; sent again, it is.
    assert subscribers(stack, "pendant-la-panne@example.org") == 0
    again = subscribe(stack, token, "pendant-la-panne@example.org")
    assert again.status == 302, again.body[:300]
    assert subscribers(stack, "pendant-la-panne@example.org") == 1
