"""Plain-text and Markdown files -> one article each.

Plain text is kept as written; its first line fills the title when it looks like a
headline. Markdown may open with YAML front matter (``title``, ``outlet``/``source``,
``url``, ``published``/``date``, ``author``); its syntax is rendered away, leaving
paragraphs separated by blank lines.
"""

from __future__ import annotations

import re

from briefgen.ingest import meta
from briefgen.ingest.common import Context, Loaded, Source, Unusable, decode, draft, field_text
from briefgen.ingest.html import fragment_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_H1 = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.M)


def load_text(source: Source, context: Context) -> Loaded:
    """A ``.txt`` file: text intact, title from a headline-like first line."""
    text = decode(source.data, source.charset)
    if not text.strip():
        raise Unusable("empty file")
    return Loaded((draft(source, text, title=meta.title_from_text(text)),))


def front_matter(text: str) -> tuple[dict[str, object], str]:
    """YAML front matter as a dict, and the Markdown after it."""
    import yaml

    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or "syntax error"
        raise Unusable(f"front matter is not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise Unusable("front matter is not a mapping of fields")
    return {str(k).lower(): v for k, v in data.items()}, text[match.end() :]


def load_markdown(source: Source, context: Context) -> Loaded:
    """A Markdown file: front matter as metadata, text without Markdown syntax."""
    import markdown

    raw = decode(source.data, source.charset).lstrip("\ufeff").replace("\r\n", "\n")
    fields, body = front_matter(raw)
    if not body.strip():
        raise Unusable("empty file")
    heading = _H1.search(body)
    # a line break in Markdown is soft, but in pages saved as Markdown it often ends a
    # caption, a credit or a headline: keep it, and let cleaning join real paragraphs
    text = fragment_text(markdown.markdown(body), keep_lines=True)
    if not text:
        raise Unusable("Markdown file has no text")
    published = fields.get("published") or fields.get("date")
    return Loaded(
        (
            draft(
                source,
                text,
                title=field_text(fields, "title") or (heading["title"] if heading else None),
                outlet=field_text(fields, "outlet", "source", "publisher"),
                url=field_text(fields, "url", "link", "canonical_url"),
                published=meta.iso_date(published),
                author=field_text(fields, "author", "byline"),
            ),
        )
    )
