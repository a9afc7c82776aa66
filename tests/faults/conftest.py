"""One production-like stack for the fault tests: gunicorn (DEBUG=0) on a private PostgreSQL and Redis.

Started once for the session (about 10 s), torn down at the end even when a test fails. Each test
leaves both servers running as it found them.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.faults.servers import (
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    manage,
    new_folder,
    production_environment,
    request,
)


@dataclass
class Stack:
    folder: Path
    postgres: PrivatePostgres
    redis: PrivateRedis
    gunicorn: Gunicorn

    def get(self, path, **kwargs):
        return request(self.gunicorn.port, "GET", path, **kwargs)

    def post(self, path, body, **kwargs):
        return request(self.gunicorn.port, "POST", path, body=body, **kwargs)

    @property
    def origin(self):
        return f"https://127.0.0.1:{self.gunicorn.port}"

    def log(self) -> str:
        return self.gunicorn.log.read_text(errors="replace")


@pytest.fixture(scope="session")
def stack():
    folder = new_folder()
    (folder / "pg").mkdir()
    postgres = PrivatePostgres(folder / "pg")
    redis = PrivateRedis(folder)
    gunicorn = None
    try:
        postgres.init()
        redis.start()
        env = production_environment(
            DATABASE_URL=postgres.url,
            # Persistent connections, as in production: the outage breaks them, health checks replace them.
            DATABASE_CONN_MAX_AGE="60",
            CACHE_URL=redis.url,
            CACHE_RETRY_SECONDS="1",
            STATIC_ROOT=str(folder / "static"),
            MEDIA_ROOT=str(folder / "media"),
        )
        manage("migrate", "--no-input", "-v0", env=env)
        manage("collectstatic", "--no-input", "-v0", env=env)
        gunicorn = Gunicorn(folder, env)
        gunicorn.start()
        yield Stack(folder, postgres, redis, gunicorn)
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        redis.stop()
        postgres.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
