"""What a request answers when it fails outside the APIs' own exception handlers (in a middleware, a page, the
authentication of a session): 503 when the database cannot be reached (a restart, a failover: retry later), 500 for
anything else; in the envelope of the API the path belongs to, else as a plain page. Never a traceback, and nothing
here touches the database."""

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from jobs.api.errors import UNAVAILABLE_MESSAGE, error_body
from offers.api.messages import UNEXPECTED
from plumbing.outages import RETRY_AFTER_SECONDS, database_unavailable

PARTNER_API_PREFIX = "/api/external/v1/"
OFFERS_API_PREFIX = "/api/"


def server_error(request):
    """handler500: Django calls it while handling the exception, so sys.exc_info() names what failed."""
    unavailable = database_unavailable(sys.exc_info()[1])
    status = 503 if unavailable else 500
    response: HttpResponse
    if request.path.startswith(PARTNER_API_PREFIX):
        if unavailable:
            body = error_body("UNAVAILABLE", UNAVAILABLE_MESSAGE)
        else:
            body = error_body("INTERNAL", "An unexpected error occurred.")
        response = JsonResponse(body, status=status)
    elif request.path.startswith(OFFERS_API_PREFIX):
        msg = "service-unavailable" if unavailable else "unexpected-error"
        response = JsonResponse({"error_code": UNEXPECTED, "errors": [{"msg": msg}]}, status=status)
    elif unavailable:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    else:
        return defaults.server_error(request)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
