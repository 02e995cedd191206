"""What both APIs (partner jobs, offers) accept as input, before any view or serializer sees it.

A JSON body is at most MAX_BODY_BYTES, refused before it is read or parsed; it is nested at most
INPUT_MAX_DEPTH levels; no string, key, query parameter or header holds text a database cannot store. Each
API's exception handler turns these failures into its own envelope. The JSON renderer cannot fail on text.
"""

import json
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request

from .input_rules import INPUT_MAX_DEPTH, has_unpaired_surrogate, input_problem

MAX_BODY_BYTES = 1024 * 1024


class InputRefused(Exception):
    """Base of the failures below; each API maps them (jobs/api/errors.py, offers/api/errors.py)."""


class BodyTooLarge(InputRefused):
    def __init__(self, limit: int = MAX_BODY_BYTES):
        self.limit = limit
        super().__init__(f"body over {limit} bytes")


class BodyTooDeep(InputRefused):
    def __init__(self, limit: int = INPUT_MAX_DEPTH):
        self.limit = limit
        super().__init__(f"body nested deeper than {limit} levels")


class UnreadableText(InputRefused):
    """A string with an unpaired surrogate. `location` is "body", "query" or "header"; `path` the keys and
    indexes from the top of the body, or the one parameter or header name."""

    def __init__(self, location: str, path: tuple[str | int, ...]):
        self.location = location
        self.path = path
        super().__init__(f"unreadable text in {location} {path!r}")


def declared_length(meta: Mapping[str, Any]) -> int:
    """The Content-Length the client declared; 0 when absent or unreadable (then nothing more is read)."""
    try:
        return int(meta.get("CONTENT_LENGTH") or meta.get("HTTP_CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


def refuse_large_body(meta: Mapping[str, Any], limit: int = MAX_BODY_BYTES) -> None:
    """Raises BodyTooLarge on a declared length over the limit, before a byte of the body is read."""
    if declared_length(meta) > limit:
        raise BodyTooLarge(limit)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with the limits above. Reads at most limit + 1 bytes, whatever the declared length
    says, so a missing or lying Content-Length cannot make it hold more."""

    limit = MAX_BODY_BYTES

    def parse(
        self, stream: IO[Any] | None, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        parser_context = parser_context or {}
        request = parser_context.get("request")
        if request is not None:
            refuse_large_body(request.META, self.limit)
        raw = stream.read(self.limit + 1) if stream is not None else b""
        if len(raw) > self.limit:
            raise BodyTooLarge(self.limit)
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding), parse_constant=self._constant)
        except RecursionError:
            raise BodyTooDeep() from None
        except (ValueError, LookupError) as error:
            # UnicodeDecodeError is a ValueError; LookupError is a declared charset Python knows as a codec but
            # not as a text encoding ("charset=rot13", "base64"), which Django accepts as the request's encoding.
            raise ParseError(f"JSON parse error - {error}") from None
        problem = input_problem(data)
        if problem is not None:
            kind, path = problem
            raise BodyTooDeep() if kind == "depth" else UnreadableText("body", path)
        return data

    def _constant(self, name: str) -> float:
        if self.strict:  # NaN and Infinity are not JSON
            raise ValueError(f"{name} is not valid JSON")
        return float(name)


class TextSafeJSONRenderer(JSONRenderer):
    """Never fails on text: a string the UTF-8 encoder refuses (a lone surrogate stored before the rules refused
    them) is sent \\u-escaped instead of turning a whole list into a 500."""

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Mapping[str, Any] | None = None
    ) -> bytes:
        rendered: bytes
        try:
            rendered = super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            rendered = _AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)
        return rendered


class _AsciiJSONRenderer(JSONRenderer):
    ensure_ascii = True


def request_text_problem(request: Request) -> UnreadableText | None:
    """The first query parameter (name or value) or header value holding an unpaired surrogate, if any.

    A real HTTP server hands over neither (query strings decode with replacement, headers as Latin-1), but
    a WSGI environ built another way can, and the rule holds for whatever reaches the views."""
    for name, values in request.query_params.lists():
        if has_unpaired_surrogate(name) or any(has_unpaired_surrogate(value) for value in values):
            return UnreadableText("query", (name,))
    for key, value in request.META.items():
        if key.startswith("HTTP_") and isinstance(value, str) and has_unpaired_surrogate(value):
            return UnreadableText("header", (key[5:].replace("_", "-").title(),))
    return None


if TYPE_CHECKING:
    from rest_framework.views import APIView as _MixinBase
else:
    _MixinBase = object


class CheckedInputMixin(_MixinBase):
    """For an API's base view: the bounded parser, the text-safe renderer, and query parameters and headers
    checked before authentication (so a bad Authorization header never reaches the key lookup)."""

    parser_classes = [BoundedJSONParser]
    renderer_classes = [TextSafeJSONRenderer]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        problem = request_text_problem(request)
        if problem is not None:
            raise problem
        super().initial(request, *args, **kwargs)
