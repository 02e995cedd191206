"""Checks that must run before any other middleware reads a request's body, and the headers every response gets."""

import codecs

from django.http import HttpResponseBadRequest
from django.utils.cache import add_never_cache_headers

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


# Browser features no page of the board uses, refused to every page and to anything a page embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"
# What answers there holds a company's postings, its applicants or its keys: no browser or proxy keeps a copy (the
# back button after logging out on a shared computer). The whole prefixes, signed in or not, so that a new page
# there is covered the day it is added; the login and password pages have nothing worth caching either.
NO_STORE_PREFIXES = ("/dashboard/", "/api/")


def security_headers(get_response):
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response: nothing here is meant to be embedded
    by another site (feeds, the sitemap and robots.txt are fetched directly, which CORP does not restrict), so no
    other origin may load a page, a static file or an API answer into its own. Cache-Control: no-store on the
    dashboard (the applications CSV included) and on both APIs."""

    def middleware(request):
        response = get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path_info.startswith(NO_STORE_PREFIXES):
            add_never_cache_headers(response)
        return response

    return middleware
