"""How a webhook reaches its receiver: one HTTP(S) POST to an address that was vetted (no private, loopback or
link-local host, ports 80, 443 and 8443 only), with no redirects, no proxies and one deadline for all of it."""

import http.client
import io
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

from .. import validators

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

# Receivers' answers are read up to this much, then dropped: only the status code is kept.
RESPONSE_READ_MAX = 64 * 1024


def _resolve(host: str | None, port: int) -> list[str]:
    # The first item of any socket address is its host: an IPv4 or IPv6 address as text.
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def _default_port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme.lower() == "https" else 80)


def _refusal(addresses: Iterable[str], port: int) -> str | None:
    """Why a host at these addresses may not be called on this port; None when it may."""
    if settings.WEBHOOK_ALLOW_PRIVATE_URLS:
        return None
    for address in addresses:
        refusal = validators.webhook_address_refusal(address)
        if refusal:
            return refusal
    return validators.webhook_port_refusal(port)


def webhook_url_refusal(url: str) -> str | None:
    """Why the URL may not be called now, judged on every address its host resolves to and on its port; None
    when it may. Called when an endpoint is saved; deliveries judge the addresses they connect to the same way,
    since DNS can change in between."""
    if settings.WEBHOOK_ALLOW_PRIVATE_URLS:
        return None
    parts = urlsplit(url)
    try:
        addresses = _resolve(parts.hostname, _default_port(parts))
    except (OSError, UnicodeError):
        return f"The host {parts.hostname} could not be resolved."
    return _refusal(addresses, _default_port(parts))


@dataclass(frozen=True)
class AttemptResult:
    status_code: int | None
    error: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300 and not self.error


class UnsafeAddress(Exception):
    pass


def _time_left(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the attempt's deadline passed")
    return remaining


class _DeadlineReader(io.RawIOBase):
    """The socket as http.client reads the answer, each read allowed only the time left to the attempt: a socket
    timeout alone is per read, so a receiver trickling a byte every few seconds could hold a worker for hours."""

    def __init__(self, sock: socket.socket, deadline: float):
        super().__init__()
        # Read through a file of the socket, as http.client does: an open file keeps the socket open when the
        # connection closes it on a "Connection: close" answer whose body is still to be read.
        self._sock, self._raw, self._deadline = sock, sock.makefile("rb", buffering=0), deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: "WriteableBuffer") -> int | None:
        self._sock.settimeout(_time_left(self._deadline))
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _DeadlineHTTPResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args, deadline: float, **kwargs):
        super().__init__(sock, *args, **kwargs)
        # Nothing was read through the stock reader yet, so nothing buffered is lost by replacing it.
        stock, self.fp = self.fp, io.BufferedReader(_DeadlineReader(sock, deadline))
        stock.close()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was vetted, not to whatever the name resolves to a moment later, and gives
    connecting, sending and reading the answer together no more than the time to `deadline` (time.monotonic)."""

    def __init__(self, host: str, port: int, *, address: str, deadline: float, **kwargs):
        super().__init__(host, port, timeout=_time_left(deadline), **kwargs)
        self._address, self._deadline = address, deadline
        # http.client only ever calls response_class(sock, method=…); the stub types it as a class.
        self.response_class = partial(_DeadlineHTTPResponse, deadline=deadline)  # type: ignore[assignment]

    def _open_socket(self) -> socket.socket:
        return socket.create_connection((self._address, self.port), _time_left(self._deadline))

    def connect(self):
        self.sock = self._open_socket()

    def send(self, data):
        if self.sock is not None:
            self.sock.settimeout(_time_left(self._deadline))
        super().send(data)


class _PinnedHTTPSConnection(_PinnedHTTPConnection, http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, deadline: float, context: ssl.SSLContext):
        super().__init__(host, port, address=address, deadline=deadline, context=context)
        self._tls = context

    def connect(self):
        # The certificate is checked against the URL's host name, as for any HTTPS request. The handshake is
        # bounded by the socket's timeout, set to the time left when it was opened.
        self.sock = self._tls.wrap_socket(self._open_socket(), server_hostname=self.host)


def _vetted_address(host: str | None, port: int) -> str:
    addresses = _resolve(host, port)
    refusal = _refusal(addresses, port)
    if refusal:
        raise UnsafeAddress(refusal)
    return addresses[0]


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> AttemptResult:
    """One POST, no redirects followed (a redirect could lead anywhere), no proxies from the environment, all
    of it (the DNS lookup aside) within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, _default_port(parts)
        address = _vetted_address(host, port)
        if host is None:
            raise ValueError("The URL has no host name.")
        connection: _PinnedHTTPConnection
        if parts.scheme.lower() == "https":
            context = ssl.create_default_context()
            connection = _PinnedHTTPSConnection(host, port, address=address, deadline=deadline, context=context)
        else:
            connection = _PinnedHTTPConnection(host, port, address=address, deadline=deadline)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", target, body=body, headers=headers)
            response = connection.getresponse()
            response.read(RESPONSE_READ_MAX)
            status = response.status
        finally:
            connection.close()
    except UnsafeAddress as error:
        return AttemptResult(None, str(error))
    except TimeoutError:
        return AttemptResult(None, f"No answer within {timeout:g} seconds.")
    except ssl.SSLError as error:
        return AttemptResult(None, f"TLS failed: {error.reason or error}"[:300])
    # ValueError: a stored URL that no longer parses fails its attempt rather than the worker.
    except (OSError, http.client.HTTPException, UnicodeError, ValueError) as error:
        return AttemptResult(None, f"{type(error).__name__}: {error}"[:300])
    if time.monotonic() > deadline:
        return AttemptResult(status, f"The answer took longer than {timeout:g} seconds.")
    return AttemptResult(status)
