"""JSON and JSON Lines exports -> one article per record; a bad record is a Problem.

A ``.json`` file holds one record, an array of records, or an object whose ``articles``,
``items``, ``entries`` or ``data`` member is that array; a ``.jsonl`` file holds one
record per line. A record needs ``text`` (or ``content``/``body``, or ``html``) and may
carry ``title``, ``outlet``/``source``, ``url``/``link``, ``published``/``date`` and
``author``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping

from briefgen.ingest.common import (
    Context,
    Loaded,
    Source,
    Unusable,
    decode,
    draft,
    field_text,
)
from briefgen.ingest.html import fragment_text
from briefgen.models import Article, Problem

TEXT_FIELDS = ("text", "content", "body", "article", "html")
TITLE_FIELDS = ("title", "headline")
OUTLET_FIELDS = ("outlet", "source", "publisher", "site_name", "sitename")
URL_FIELDS = ("url", "link", "canonical_url")
DATE_FIELDS = ("published", "date", "published_at", "publishedAt", "pubDate", "datePublished")
AUTHOR_FIELDS = ("author", "authors", "byline")
LIST_KEYS = ("articles", "items", "entries", "data", "records")
TOO_DEEP = "JSON is nested too deeply to read"


def _records_json(text: str) -> list[object]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unusable(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise Unusable(TOO_DEEP) from None
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in LIST_KEYS:
            if isinstance(data.get(key), list) and not any(k in data for k in TEXT_FIELDS):
                return list(data[key])
        return [data]
    raise Unusable("JSON holds neither a record nor a list of records")


def _records_lines(text: str) -> Iterator[tuple[str, object, str | None]]:
    """(label, record, error) per non-empty line; a line that does not parse has an error."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                yield f"line {number}", json.loads(line), None
            except json.JSONDecodeError as exc:
                yield f"line {number}", None, f"not valid JSON: {exc.msg}"
            except RecursionError:
                yield f"line {number}", None, TOO_DEEP


def _record_text(record: Mapping[str, object]) -> str | None:
    for key in TEXT_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            if key == "html" or value.lstrip().startswith("<"):
                return fragment_text(value) or None
            return value
    return None


def _article(source: Source, record: object, label: str) -> Article:
    if not isinstance(record, Mapping):
        raise Unusable(f"{label} is not an object")
    text = _record_text(record)
    if text is None:
        raise Unusable(f"{label} has no text ({', '.join(TEXT_FIELDS[:3])})")
    url = field_text(record, *URL_FIELDS)
    return draft(
        source,
        text,
        title=field_text(record, *TITLE_FIELDS),
        outlet=field_text(record, *OUTLET_FIELDS),
        url=url,
        published=field_text(record, *DATE_FIELDS),
        author=field_text(record, *AUTHOR_FIELDS),
    )


def _load(source: Source, items: Iterable[tuple[str, object, str | None]]) -> Loaded:
    articles: list[Article] = []
    problems: list[Problem] = []
    for label, record, error in items:
        if error is not None:
            problems.append(Problem(source.location, f"{label}: {error}"))
            continue
        try:
            articles.append(_article(source, record, label))
        except Unusable as exc:
            problems.append(Problem(source.location, str(exc)))
    if not articles:
        reason = problems[0].message if len(problems) == 1 else "no usable records"
        raise Unusable(reason)
    return Loaded(tuple(articles), tuple(problems))


def load_json(source: Source, context: Context) -> Loaded:
    """A JSON document of one or many records (JSON Lines when it does not parse whole)."""
    text = decode(source.data, source.charset).lstrip("\ufeff")
    if not text.strip():
        raise Unusable("empty file")
    try:
        records = _records_json(text)
    except Unusable:
        if len([line for line in text.splitlines() if line.strip()]) < 2:
            raise
        return load_jsonl(source, context)
    return _load(source, [(f"record {n}", r, None) for n, r in enumerate(records, start=1)])


def load_jsonl(source: Source, context: Context) -> Loaded:
    """JSON Lines: one record per line."""
    text = decode(source.data, source.charset).lstrip("\ufeff")
    if not text.strip():
        raise Unusable("empty file")
    return _load(source, _records_lines(text))
