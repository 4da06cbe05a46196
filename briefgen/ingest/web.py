"""A URL -> the bytes it serves: the one function through which ingest fetches anything.

Only ``http`` and ``https``; a ``briefgen/<version>`` User-Agent; ``timeout`` seconds per
connect or read and ``deadline`` seconds for the whole fetch, redirects included (a server
that sends a byte a second never trips the per-read timeout); at most ``max_redirects``
redirects; at most ``max_bytes`` of body. Every failure raises :class:`Unusable` with a
one-line reason (HTTP status, timeout, deadline, too many redirects, too large).
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from briefgen import __version__
from briefgen.ingest.common import Response, Unusable

USER_AGENT = f"briefgen/{__version__} (+https://pypi.org/project/briefgen/)"
TIMEOUT = 10.0  # seconds per connect or read
DEADLINE = 30.0  # seconds for one URL in all: connect, headers, body and redirects
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
_CHUNK = 64 * 1024


def is_url(spec: str) -> bool:
    """Whether a source spec names a web page rather than a path."""
    return urlsplit(spec).scheme.lower() in SCHEMES


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to http(s) addresses."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise Unusable(f"redirect to a non-web address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _redirects(limit: int) -> urllib.request.HTTPRedirectHandler:
    """A handler that follows at most ``limit`` redirects, and only to http(s)."""

    class Bounded(_WebRedirects):
        max_redirections = limit

    return Bounded()


class _Deadline:
    """Shuts down every connection of one fetch when its time is up.

    The fetch runs in the caller's thread; a timer thread only shuts the sockets down, which
    wakes a blocked read at once. ``expired`` tells the fetch why its read ended.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def handlers(self) -> list[urllib.request.BaseHandler]:
        """HTTP and HTTPS handlers whose connections this deadline watches."""
        deadline = self

        class Http(http.client.HTTPConnection):
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        class Https(http.client.HTTPSConnection):
            def connect(self) -> None:
                super().connect()
                deadline.watch(self.sock)

        class HttpHandler(urllib.request.HTTPHandler):
            def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(Http, req)

        class HttpsHandler(urllib.request.HTTPSHandler):
            def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
                return self.do_open(Https, req)

        return [HttpHandler(), HttpsHandler()]


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the raw socket, also under TLS


def _read(handle: IO[bytes], max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := handle.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise Unusable(f"page is larger than {max_bytes:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(
    url: str,
    *,
    timeout: float = TIMEOUT,
    deadline: float = DEADLINE,
    max_bytes: int,
    max_redirects: int = MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
) -> Response:
    """GET ``url``; raises Unusable with a one-line reason on any failure."""
    if not is_url(url):
        raise Unusable("not an http(s) URL")
    with _Deadline(deadline) as limit:
        try:
            return _fetch(url, limit, timeout, max_bytes, max_redirects, user_agent)
        except Unusable:
            if limit.expired:
                break_off = f"gave up after {deadline:g} s (the time limit for one URL)"
                raise Unusable(break_off) from None
            raise


def _fetch(
    url: str,
    limit: _Deadline,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    user_agent: str,
) -> Response:
    opener = urllib.request.build_opener(*limit.handlers(), _redirects(max_redirects))
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as handle:
            length = handle.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise Unusable(f"page is larger than {max_bytes:,} bytes")
            body = _read(handle, max_bytes)
            if limit.expired:  # a shut-down socket reads as the end of the body
                raise Unusable("deadline")
            content_type = handle.headers.get_content_type() if handle.headers else None
            charset = handle.headers.get_content_charset() if handle.headers else None
            return Response(handle.geturl(), content_type, charset, body)
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            # urllib reports both a redirect loop and a refused scheme as the 3xx itself
            target = exc.headers.get("Location", "") if exc.headers else ""
            if target and urlsplit(target).scheme.lower() not in ("", *SCHEMES):
                raise Unusable(f"redirect to a non-web address: {target}") from None
            raise Unusable(f"too many redirects (more than {max_redirects})") from None
        raise Unusable(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise Unusable(f"timed out after {timeout:g} s") from None
        raise Unusable(f"cannot fetch: {exc.reason}") from None
    except TimeoutError:
        raise Unusable(f"timed out after {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise Unusable(f"cannot fetch: {exc}") from None
