import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _french_outside_requests():
    # URLs built outside a request (get_absolute_url in a test) take the thread's language, which a
    # previous request in /ar/ may have left active.
    with translation.override("fr"):
        yield
