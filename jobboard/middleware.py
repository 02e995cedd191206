"""Checks that must run before any other middleware reads a request's body."""

import codecs

from django.http import HttpResponseBadRequest

# The APIs refuse such bodies themselves, in their own error envelopes (companies/api_input.py).
API_PREFIX = "/api/"


def _is_text_encoding(name: str | None) -> bool:
    if not name:
        return True
    try:
        # CodecInfo marks the codecs str.decode may use; rot13, base64, zlib and hex are not among them.
        return codecs.lookup(name)._is_text_encoding
    except LookupError:
        return True  # Django ignores a charset Python does not know, and reads the body as UTF-8


def text_charset_required(get_response):
    """A page request whose Content-Type names a codec that is no text encoding ("charset=rot13"): Python knows
    it, so Django takes it as the request's encoding, and the first read of request.POST (the CSRF check of a
    login form) would fail with a 500. It gets a 400 instead."""

    def middleware(request):
        if not request.path.startswith(API_PREFIX) and not _is_text_encoding(request.encoding):
            return HttpResponseBadRequest("The request's charset is not a text encoding.", content_type="text/plain")
        return get_response(request)

    return middleware
