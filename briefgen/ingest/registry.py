"""A raw source -> the format that loads it, by content first, then suffix or content type.

Feeds are recognised by their opening bytes whatever the file is called; then a URL's
content type, then the file or URL suffix, then HTML/JSON sniffing; anything else is
plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from briefgen.ingest.common import Loader, Source
from briefgen.ingest.feeds import load_feed, looks_like_feed
from briefgen.ingest.html import load_html
from briefgen.ingest.records import load_json, load_jsonl
from briefgen.ingest.text import load_markdown, load_text

_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title)[\s>]", re.I)


def looks_like_html(data: bytes) -> bool:
    """Whether the first bytes open an HTML document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_HTML_START.search(head))


def looks_like_json(data: bytes) -> bool:
    """Whether the data opens like a JSON object or array."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


@dataclass(frozen=True)
class Format:
    """One input format: its loader and how it is recognised."""

    name: str
    load: Loader
    suffixes: tuple[str, ...] = ()
    content_types: tuple[str, ...] = ()
    sniff: Callable[[bytes], bool] | None = None


FEED = Format(
    "feed",
    load_feed,
    (".rss", ".atom", ".xml"),
    ("application/rss+xml", "application/atom+xml", "application/rdf+xml"),
    looks_like_feed,
)
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        FEED,
        Format("html", load_html, (".html", ".htm", ".xhtml"), ("text/html",), looks_like_html),
        Format("jsonl", load_jsonl, (".jsonl", ".ndjson"), ("application/x-ndjson",)),
        Format("json", load_json, (".json",), ("application/json",), looks_like_json),
        Format("markdown", load_markdown, (".md", ".markdown"), ("text/markdown",)),
        Format("text", load_text, (".txt", ".text"), ("text/plain",)),
    )
}
SUFFIXES = frozenset(s for f in FORMATS.values() for s in f.suffixes)


def _suffix(source: Source) -> str:
    if source.path:
        return PurePosixPath(source.path).suffix.lower()
    return PurePosixPath(urlsplit(source.url or "").path).suffix.lower()


def detect(source: Source) -> Format:
    """The format of one source (see the module docstring for the order)."""
    if looks_like_feed(source.data):
        return FEED
    formats = FORMATS.values()
    by_type = [f for f in formats if source.content_type in f.content_types]
    if by_type and source.content_type != "text/plain":
        return by_type[0]
    suffix = _suffix(source)
    by_suffix = [f for f in formats if suffix in f.suffixes]
    if by_suffix:
        return by_suffix[0]
    for form in formats:
        if form.sniff is not None and form.sniff(source.data):
            return form
    return FORMATS["text"]
