import threading
import time
from urllib.parse import urlencode

# Pages that read the database, in the three languages.
PAGES = ["/fr/", "/fr/acteurs/", "/fr/bibliotheque/", "/ar/", "/en/bibliotheque/lettre/"]
SUBSCRIBE = "/fr/bibliotheque/lettre/inscription/"


def csrf_token(stack) -> str:
    """The CSRF cookie a visitor gets with the newsletter form (before the outage, as in life)."""
    response = stack.get("/fr/bibliotheque/lettre/")
    assert response.status == 200, response.body[:500]
    for header in response.headers.get_all("Set-Cookie") or []:
        if header.startswith("csrftoken="):
            return header.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError("no CSRF cookie on the newsletter page")


def subscribe(stack, token, email):
    body = urlencode({"csrfmiddlewaretoken": token, "email": email, "language": "fr", "homepage": ""})
    return stack.post(
        SUBSCRIBE,
        body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "Origin": stack.origin,
        },
    )


def subscribers(stack, email_like: str) -> int:
    return int(
        stack.postgres.psql(
            f"SELECT count(*) FROM library_subscriber WHERE email LIKE '{email_like}'", database="mess"
        )
    )


class Load:
    """A few visitors requesting pages in a loop, bounded in time and in number of requests."""

    def __init__(self, stack, paths, *, threads=4, seconds=3.0, max_requests=300):
        self.stack, self.paths, self.seconds, self.max_requests = stack, paths, seconds, max_requests
        self.results = []  # (path, Response or exception, started at)
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._visit, args=(i,), daemon=True) for i in range(threads)]

    def _visit(self, offset):
        deadline = time.monotonic() + self.seconds
        n = offset
        while time.monotonic() < deadline and len(self.results) < self.max_requests:
            path = self.paths[n % len(self.paths)]
            n += 1
            started = time.monotonic()
            try:
                result = self.stack.get(path, timeout=10)
            except Exception as exc:  # a hang (timeout) or a dropped connection: the test reports it
                result = exc
            with self._lock:
                self.results.append((path, result, started))

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info):
        for thread in self._threads:
            thread.join(timeout=self.seconds + 15)

    def failures(self):
        return [(path, result) for path, result, _ in self.results if isinstance(result, Exception)]
