"""RSS and Atom feeds -> one article per entry (feedparser stops here).

An entry with full content uses it; an entry with only a summary has its linked page
fetched and extracted (unless the context says not to fetch pages, or the fetch fails,
when the summary is used and a Problem says so). The feed's title is the outlet when
the entry's page does not name a better one.
"""

from __future__ import annotations

import re
import time
from typing import Any

from briefgen.ingest import meta
from briefgen.ingest.common import Context, Loaded, Source, Unusable, draft, nfc
from briefgen.ingest.html import Page, extract, fragment_text
from briefgen.models import Article, Problem

_FEED_ROOT = re.compile(rb"<(?:rss|rdf:rdf|feed)[\s>]", re.I)


def looks_like_feed(data: bytes) -> bool:
    """Whether the first bytes open an RSS, RDF or Atom document."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_FEED_ROOT.search(head)) and b"<html" not in head.lower()


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _entry_html(entry: Any) -> str | None:
    for content in entry.get("content") or ():
        value = content.get("value")
        if value and value.strip():
            return str(value)
    return None


def _page(link: str, context: Context) -> Page:
    response = context.fetcher(link)
    return extract(response.body, response.url)


def _entry(
    source: Source, entry: Any, label: str, feed_title: str | None, context: Context
) -> tuple[Article | None, Problem | None]:
    link = entry.get("link")
    where = link or f"{source.location} {label}"
    summary = fragment_text(entry.get("summary") or "")
    content = _entry_html(entry)
    page: Page | None = None
    problem: Problem | None = None
    if content is not None:
        text = fragment_text(content)
    elif link and context.fetch_pages:
        try:
            page = _page(link, context)
            text = page.text
        except Unusable as exc:
            text = summary
            tail = "; using the feed summary" if summary else ""
            problem = Problem(where, f"entry page: {exc}{tail}")
    else:
        text = summary
    if not text:
        return None, problem or Problem(where, f"{label} has no text")
    article = draft(
        source,
        text,
        title=nfc(entry.get("title")) or (page.title if page else None),
        outlet=(page.outlet if page else None) or feed_title,
        url=link or (page.url if page else None),
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        or (page.published if page else None),
        author=nfc(entry.get("author")) or (page.author if page else None),
        name=meta.host_of(link) if link else None,
    )
    return article, problem


def load_feed(source: Source, context: Context) -> Loaded:
    """Every entry of an RSS or Atom feed, in feed order."""
    import feedparser

    parsed = feedparser.parse(source.data)
    if not parsed.entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "not well-formed").splitlines()[0]
            raise Unusable(f"malformed feed: {reason}")
        raise Unusable("feed has no entries")
    feed_title = nfc(parsed.feed.get("title"))
    articles: list[Article] = []
    problems: list[Problem] = []
    for number, entry in enumerate(parsed.entries, start=1):
        article, problem = _entry(source, entry, f"entry {number}", feed_title, context)
        if article is not None:
            articles.append(article)
        if problem is not None:
            problems.append(problem)
    if not articles:
        raise Unusable("no feed entry has text")
    return Loaded(tuple(articles), tuple(problems))
