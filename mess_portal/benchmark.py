"""What only the benchmark switches on (``BENCHMARK=1``, set by ``benchmarks/run.py``; never in production).

- ``floor``: a bare view answering constant HTML of a given size, through the same middleware as every
  page: what no page can beat, the yardstick of the benchmark's ratios.
- ``QueryCountMiddleware``: the number of SQL queries of each response in an ``X-Query-Count`` header,
  so that the benchmark counts them from outside, on the real server.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.http import require_safe

_PAGE_START = b"<!DOCTYPE html><html lang=fr><title>floor</title><p>"
_PAGE_END = b"</p></html>"
FLOOR_MAX_BYTES = 4 * 1024 * 1024


@require_safe
def floor(request, size: int):
    """``size`` bytes of constant HTML, no query, no template."""
    size = max(len(_PAGE_START) + len(_PAGE_END), min(size, FLOOR_MAX_BYTES))
    body = _PAGE_START + b"x" * (size - len(_PAGE_START) - len(_PAGE_END)) + _PAGE_END
    return HttpResponse(body, content_type="text/html; charset=utf-8")


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(count[0])
        return response
