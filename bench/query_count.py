"""Counts the SQL statements of one request when asked with `X-Bench-Count-Queries: 1` (bench settings only)."""

from django.db import connections

REQUEST_HEADER = "HTTP_X_BENCH_COUNT_QUERIES"
RESPONSE_HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only when asked, so the measured runs pay nothing for it.
        if request.META.get(REQUEST_HEADER) != "1":
            return self.get_response(request)
        counter = _Counter()
        wrappers = [connection.execute_wrapper(counter) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[RESPONSE_HEADER] = str(counter.count)
        return response


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)
