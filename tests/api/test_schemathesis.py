"""Schemathesis, a client no one here wrote, against the OpenAPI description: every operation, with
generated parameters (valid and invalid), on PostgreSQL with the data of tests/api/conftest.py. No answer
may be a server error, and each must match the description: its status, content type and body."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Schemathesis calls the WSGI application itself, whose request signals would close the test's
    database connection (and its transaction); Django's test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# Loaded when the tests are collected (the description needs no database). schemathesis.pytest.from_fixture
# would load it in a fixture, but it does not work with pytest 9 (it sets a node attribute pytest 9 removed).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    database=None,  # nothing written in the work tree (.hypothesis/)
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_described(case, api_data):
    case.call_and_validate(checks=CHECKS)
