"""The stack tests print their servers' logs when a test fails (see stack.Stack.report)."""

import pytest


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(autouse=True)
def _print_logs_on_failure(request):
    yield
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for name in request.fixturenames:
            if name in ("site", "cluster"):
                value = request.getfixturevalue(name)
                print(value.stack.report())
