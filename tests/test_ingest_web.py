"""Ingest from URLs and feeds against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from briefgen import __version__
from briefgen.ingest import load, web
from briefgen.ingest.common import Response, Unusable

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
SLOW_SECONDS = 3.0
TIMEOUT = 1.0  # generous: a loaded CI machine must still answer the good URLs in time


class Handler(BaseHTTPRequestHandler):
    """Serves the fixtures, plus /status/N, /redirect/N, /loop, /slow and /big."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, code: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        server = self.server
        assert isinstance(server, Server)
        server.requests.append((self.path, self.headers.get("User-Agent", "")))
        base = f"http://127.0.0.1:{server.server_port}"
        parts = self.path.strip("/").split("/")
        if parts[0] == "status":
            self._send(int(parts[1]), b"<html><body>error</body></html>", "text/html")
        elif parts[0] == "redirect":
            hops = int(parts[1])
            target = f"/redirect/{hops - 1}" if hops > 1 else "/site/ferry-collision.html"
            self._send(302, b"", "text/plain", Location=target)
        elif parts[0] == "loop":
            self._send(302, b"", "text/plain", Location="/loop")
        elif parts[0] == "slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, b"late", "text/plain")
        elif parts[0] == "big":
            self._send(200, b"word " * 50_000, "text/plain")
        elif parts[0] == "file-redirect":
            self._send(302, b"", "text/plain", Location="file:///etc/passwd")
        else:
            path = (FIXTURES / self.path.lstrip("/")).resolve()
            if FIXTURES.resolve() not in path.parents or not path.is_file():
                self._send(404, b"not found", "text/plain")
                return
            body = path.read_bytes().replace(b"{base}", base.encode())
            types = {".html": "text/html; charset=utf-8", ".rss": "application/rss+xml"}
            content_type = types.get(path.suffix, "application/octet-stream")
            self._send(200, body, content_type)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str]] = []

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hung up on /slow; nothing to report


@pytest.fixture
def server() -> Iterator[Server]:
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def url(server: Server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_port}{path}"


def paths(server: Server) -> list[str]:
    return [path for path, _ in server.requests]


def test_html_page_by_url_fills_metadata_and_sends_user_agent(server: Server) -> None:
    result = load([url(server, "/site/ferry-collision.html")])
    (article,) = result.articles
    assert result.problems == ()
    assert article.title == "Two ferries collide in Port Alden harbour, 14 hurt"
    assert article.outlet == article.name == "Harbour Herald"
    assert article.url == "https://harbourherald.example/news/2026/03/03/ferry-collision"
    assert article.published == "2026-03-03"
    assert "injuring 14 people" in article.text
    assert "cookies" not in article.text
    assert server.requests[0][1].startswith(f"briefgen/{__version__}")


def test_redirects_are_followed_up_to_the_limit(server: Server) -> None:
    ok = load([url(server, "/redirect/3")])
    assert [a.outlet for a in ok.articles] == ["Harbour Herald"]
    too_many = load([url(server, "/redirect/9")])
    assert too_many.articles == ()
    assert too_many.problems[0].message == "too many redirects (more than 5)"
    loop = load([url(server, "/loop")])
    assert "too many redirects" in loop.problems[0].message


def test_redirect_to_a_local_file_is_refused(server: Server) -> None:
    result = load([url(server, "/file-redirect")])
    assert result.articles == ()
    assert result.problems[0].message.startswith("redirect to a non-web address")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/status/404", "HTTP 404 Not Found"),
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/slow", f"timed out after {TIMEOUT:g} s"),
        ("/site/empty.html", "HTML page has no main text"),
        ("/big", "page is larger than 100,000 bytes"),
    ],
)
def test_bad_urls_become_one_line_problems(server: Server, path: str, message: str) -> None:
    good = url(server, "/site/port-authority.html")
    result = load([url(server, path), good], timeout=TIMEOUT, max_bytes=100_000)
    assert result.problems == (type(result.problems[0])(url(server, path), message),)
    assert [a.id for a in result.articles] == ["s1"]
    assert result.articles[0].outlet == "Coastline Daily"


def test_unreachable_host_is_a_problem() -> None:
    # port 9 (discard) on loopback: nothing listens there in the test environment
    result = load(["http://127.0.0.1:9/story.html"], timeout=TIMEOUT)
    assert result.articles == ()
    assert result.problems[0].message.startswith("cannot fetch")


def test_rss_feed_url_fetches_summary_only_entries(server: Server) -> None:
    result = load([url(server, "/feed.rss")])
    full, fetched = result.articles
    assert result.problems == ()
    assert full.title == "Ferry passengers describe moment of impact"
    assert full.outlet == "Bay Courier"  # the feed's title: nothing better is stated
    assert full.url == "https://baycourier.example/ferry-passengers"
    assert full.name == "Bay Courier"
    assert full.published == "2026-03-03"
    assert full.author == "Sam Whitlock"
    assert full.text.count("\n\n") == 2
    assert fetched.title == "Ferries suspended at Port Alden"
    assert fetched.outlet == "Coastline Daily"  # the page names its site: better than the feed
    assert fetched.url == url(server, "/site/port-authority.html")
    assert fetched.published == "2026-03-04"
    assert "replacement buses" in fetched.text
    assert "/site/port-authority.html" in paths(server)


def test_no_fetch_uses_summaries_and_requests_nothing_more(server: Server) -> None:
    result = load([url(server, "/feed.rss")], fetch=False)
    assert paths(server) == ["/feed.rss"]
    assert result.articles[1].text == "Services are suspended until Wednesday after the collision."
    assert result.articles[1].outlet == "Bay Courier"


def test_atom_feed_file_fetches_pages_and_falls_back_to_summary(
    server: Server, tmp_path: Path
) -> None:
    feed = (FIXTURES / "feed.atom").read_text().replace("{base}", url(server, ""))
    local = tmp_path / "latest"  # no suffix: recognised by content
    local.write_text(feed)
    result = load([str(local)], timeout=TIMEOUT)
    page, summary = result.articles
    assert page.title == "Two ferries collide in Port Alden harbour"
    assert page.outlet == "Harbour Herald"
    assert page.published == "2026-03-03"
    assert "Coastguard commander Lena Fischer" in page.text
    assert summary.outlet == "Harbour Herald: Latest"
    assert summary.text.startswith("The Maritime Accident Board has sent two investigators")
    assert result.problems == (
        type(result.problems[0])(
            url(server, "/status/404"), "entry page: HTTP 404 Not Found; using the feed summary"
        ),
    )


def test_malformed_feed_is_a_problem(server: Server) -> None:
    result = load([url(server, "/malformed.rss"), str(FIXTURES / "malformed.rss")])
    assert result.articles == ()
    assert len(result.problems) == 2
    assert all(p.message.startswith("malformed feed: ") for p in result.problems)


def test_all_fetching_goes_through_the_given_fetcher(tmp_path: Path) -> None:
    seen: list[str] = []

    def refuse(address: str) -> Response:
        seen.append(address)
        raise Unusable("fetching is not allowed here")

    feed = (FIXTURES / "feed.rss").read_text().replace("{base}", "http://127.0.0.1:1")
    (tmp_path / "feed.rss").write_text(feed)
    result = load(["https://example.invalid/page.html", str(tmp_path / "feed.rss")], fetcher=refuse)
    assert seen == [
        "https://example.invalid/page.html",
        "http://127.0.0.1:1/site/port-authority.html",
    ]
    assert [p.message for p in result.problems] == [
        "fetching is not allowed here",
        "entry page: fetching is not allowed here; using the feed summary",
    ]
    assert len(result.articles) == 2


def test_fetch_refuses_non_web_schemes() -> None:
    with pytest.raises(Unusable, match="not an http"):
        web.fetch("file:///etc/hostname", max_bytes=1000)


def test_done_when_html_folder_jsonl_and_rss_load_with_metadata(server: Server) -> None:
    result = load(
        [str(FIXTURES / "site"), str(FIXTURES / "export.jsonl"), url(server, "/feed.rss")],
        timeout=5,
    )
    assert [(a.id, a.outlet) for a in result.articles] == [
        ("s1", "Harbour Herald"),
        ("s2", "Coastline Daily"),
        ("s3", "Tide Times"),
        ("s4", "Bay Business Journal"),
        ("s5", "Bay Courier"),
        ("s6", "Coastline Daily"),
    ]
    assert all(a.title and a.url for a in result.articles)
    assert {p.message for p in result.problems} == {
        "HTML page has no main text",
        "line 3 has no text (text, content, body)",
        "line 4: not valid JSON: Expecting value",
    }
