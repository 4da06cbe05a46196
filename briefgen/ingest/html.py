"""HTML pages and fragments -> paragraph text and page metadata (trafilatura stops here).

Pages go through trafilatura with ``favor_precision``: menus, footers, comments and
related-link lists are dropped, and the page's own metadata (title, date, site name,
canonical URL, author) is read. Small fragments (feed summaries, rendered Markdown)
are turned into text block by block with lxml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.ingest import meta
from briefgen.ingest.common import Context, Loaded, Source, Unusable, draft

# htmldate settings: only dates the page states in markup or URL, never a scan of body
# text, and a fixed upper bound so the result does not depend on today's date.
_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "max_date": "2999-12-31",
    "outputformat": "%Y-%m-%d",
}
_BLOCKS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "tr",
    "section",
    "article",
)
_BLANK = re.compile(r"\n\s*\n")
# Fewer words than this in the extracted main text means no article: on nav-only, error
# and consent pages trafilatura keeps a few link labels (3-15 words on the fixtures),
# while the shortest news item worth a brief (a two-paragraph wire brief) has over 40.
MIN_MAIN_WORDS = 25


@dataclass(frozen=True)
class Page:
    """The main text of one HTML page and the metadata it states."""

    text: str  # paragraphs separated by blank lines
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    author: str | None


def paragraphs(text: str, keep_lines: bool = False) -> str:
    """Blocks separated by one blank line, whitespace inside each block collapsed (inside
    each line, with ``keep_lines``: cleaning then decides which lines belong together)."""
    if keep_lines:
        blocks = (
            "\n".join(" ".join(line.split()) for line in block.split("\n") if line.strip())
            for block in _BLANK.split(text)
        )
    else:
        blocks = (" ".join(block.split()) for block in _BLANK.split(text))
    return "\n\n".join(block for block in blocks if block)


def fragment_text(fragment: str, keep_lines: bool = False) -> str:
    """An HTML fragment as text, one paragraph per block element (see ``paragraphs``)."""
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in fragment:
        return paragraphs(fragment, keep_lines)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except ParserError:
        return ""
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    return paragraphs(root.text_content(), keep_lines)


def extract(data: bytes | str, url: str | None = None) -> Page:
    """Main text and metadata of a page; raises Unusable when it has no main text."""
    import trafilatura

    document = trafilatura.bare_extraction(
        data,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params=_DATE_PARAMS,
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < MIN_MAIN_WORDS:
        raise Unusable("HTML page has no main text")
    page_url = getattr(document, "url", None) or url
    outlet = getattr(document, "sitename", None)
    if outlet and page_url and outlet.lower().removeprefix("www.") == meta.host_of(page_url):
        outlet = None  # trafilatura falls back to the host; that is not a stated name
    return Page(
        # trafilatura puts each block on its own line
        text="\n\n".join(line.strip() for line in text.splitlines() if line.strip()),
        title=getattr(document, "title", None),
        published=meta.iso_date(getattr(document, "date", None)),
        outlet=outlet,
        url=page_url,
        author=getattr(document, "author", None),
    )


def load_html(source: Source, context: Context) -> Loaded:
    """One HTML page as one article."""
    page = extract(source.data, source.url)
    return Loaded(
        (
            draft(
                source,
                page.text,
                title=page.title,
                outlet=page.outlet,
                url=page.url,
                published=page.published,
                author=page.author,
            ),
        )
    )
