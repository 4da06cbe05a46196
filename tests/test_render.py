"""Render: Markdown -> self-contained HTML -> PDF; structure, fonts, metadata, no fetching."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from pypdf import PdfReader
from test_compose import parse, sample_brief

from briefgen.compose import compose
from briefgen.errors import RenderError
from briefgen.render import to_html, to_pdf


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { background: red; }")

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1 that counts every request it gets."""
    _Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Counter.hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def pdf_for(name: str, *, paper: str = "a4", hostile: bool = False) -> tuple[str, PdfReader]:
    brief = sample_brief(hostile=hostile)
    html = to_html(compose(brief, name), title=brief.title, date=brief.date, template=name)
    return html, PdfReader(io.BytesIO(to_pdf(html, paper=paper)))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_html_page_is_self_contained_and_structured() -> None:
    brief = sample_brief()
    html = to_html(compose(brief, "daily"), title=brief.title, date=brief.date)
    page = parse(html)
    assert page.tags[:3] == ["html", "head", "meta"]
    assert page.tags.count("h1") == 1 and page.tags.count("h2") >= 3
    assert "style" in page.tags and "script" not in page.tags and "link" not in page.tags
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<body class="template-daily">' in html
    assert not [h for h in page.hrefs if not h.startswith(("#source-", "https://"))]


@pytest.mark.parametrize("name", ["daily", "executive", "full"])
def test_pdf_has_title_facts_citations_fonts_and_metadata(name: str) -> None:
    _, reader = pdf_for(name)
    brief = sample_brief()
    text = text_of(reader)
    assert brief.title in text
    assert "1 / " in text  # page numbers "n / N"
    for fact in brief.consensus[:3]:
        assert fact.text in text
    for n in range(1, len(brief.sources) + 1):
        assert f"[{n}]" in text
    assert "Ömer Şahin" in text or name == "executive"
    meta = reader.metadata
    assert meta is not None and meta.title == brief.title
    assert meta.creator and meta.creator.startswith("briefgen")
    assert str(meta.get("/CreationDate", "")).startswith("D:20310304")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("DejaVu") for f in fonts), fonts
    assert 1 <= len(reader.pages) <= 4
    if name == "executive":
        assert len(reader.pages) == 1


def test_pdf_citations_and_urls_are_clickable() -> None:
    _, reader = pdf_for("full")
    uris, internal = [], 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                uris.append(action["/URI"])
            elif action is not None or annot.get_object().get("/Dest") is not None:
                internal += 1
    assert "https://news1.example/pier?id=1&x=1" in uris
    assert internal >= 10  # the [n] citations jump to the source list


def test_paper_sizes() -> None:
    _, a4 = pdf_for("executive", paper="a4")
    _, letter = pdf_for("executive", paper="letter")
    assert round(float(a4.pages[0].mediabox.width) / 72 * 25.4) == 210
    assert round(float(letter.pages[0].mediabox.width) / 72, 1) == 8.5
    with pytest.raises(RenderError, match="unknown paper size"):
        to_pdf("<p>x</p>", paper="a3")


def test_hostile_source_text_is_printed_and_nothing_is_fetched(
    server: tuple[str, list[str]],
) -> None:
    base, hits = server
    brief = sample_brief(hostile=True)
    markdown = compose(brief, "full").replace("http://127.0.0.1:9", base)
    html = to_html(markdown, title=brief.title, date=brief.date)
    text = "".join(text_of(PdfReader(io.BytesIO(to_pdf(html)))).split())  # lines may wrap
    assert '<script>alert("x")</script>' in text
    assert f'<imgsrc="{base}/x.png">' in text
    assert f"[alink]({base}/a)" in text
    assert "url(file:///etc/hostname)" in text and "![pic](file:///etc/hostname)" in text
    assert '<linkrel="stylesheet"href="file:///etc/hostname">' in text
    assert hits == []


def test_fetcher_refuses_network_and_local_files(
    server: tuple[str, list[str]], tmp_path: Path
) -> None:
    """Even markup that reaches WeasyPrint (a user's page template) loads nothing outside."""
    secret = tmp_path / "secret.css"
    secret.write_text('body::before { content: "LEAKED-SECRET"; }')
    base, hits = server
    html = (
        f'<html><head><link rel="stylesheet" href="{base}/style.css">'
        f'<link rel="stylesheet" href="{secret.as_uri()}">'
        f"<style>@import url({base}/imported.css); p {{ background: url({base}/bg.png); }}</style>"
        f'</head><body><p>Visible</p><img src="{base}/pixel.png"><img src="{secret.as_uri()}">'
        "</body></html>"
    )
    text = text_of(PdfReader(io.BytesIO(to_pdf(html))))
    assert "Visible" in text and "LEAKED-SECRET" not in text
    assert hits == []
