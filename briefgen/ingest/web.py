"""A URL -> the bytes it serves: the one function through which ingest fetches anything.

Only ``http`` and ``https``; a ``briefgen/<version>`` User-Agent; ``timeout`` seconds per
connect or read; at most ``max_redirects`` redirects; at most ``max_bytes`` of body.
Every failure raises :class:`Unusable` with a one-line reason (HTTP status, timeout,
too many redirects, too large).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from http.client import HTTPMessage
from typing import IO
from urllib.parse import urlsplit

from briefgen import __version__
from briefgen.ingest.common import Response, Unusable

USER_AGENT = f"briefgen/{__version__} (+https://pypi.org/project/briefgen/)"
TIMEOUT = 10.0  # seconds per connect or read
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
    max_bytes: int,
    max_redirects: int = MAX_REDIRECTS,
    user_agent: str = USER_AGENT,
) -> Response:
    """GET ``url``; raises Unusable with a one-line reason on any failure."""
    if not is_url(url):
        raise Unusable("not an http(s) URL")
    opener = urllib.request.build_opener(_redirects(max_redirects))
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as handle:
            length = handle.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise Unusable(f"page is larger than {max_bytes:,} bytes")
            body = _read(handle, max_bytes)
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
    except (OSError, ValueError) as exc:
        raise Unusable(f"cannot fetch: {exc}") from None
