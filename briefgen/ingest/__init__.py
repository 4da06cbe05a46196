"""Source specs (files, directories, globs, URLs) -> Articles with ids, plus one Problem per
bad source.

Formats (see ``registry``): plain text, Markdown with YAML front matter, HTML pages, JSON
and JSON Lines exports, RSS/Atom feeds (recognised by content). A directory's
``sources.toml`` manifest may give or override metadata per file. Metadata is never
invented: a field neither the source's markup, its fields nor its text states stays ``None``
and the article is named by its file name or URL host.

Limits: a file or page over ``max_bytes`` (default ``MAX_BYTES``, 20 MiB) is skipped;
fetches time out after ``timeout`` seconds per connect or read (default 10) and follow at
most 5 redirects; text of 30 words or more whose English stopword share is under 0.2 is
skipped as not English. Each skipped source gets a one-line Problem; the rest still load.

``fetch=False`` stops fetching the pages of feed entries that carry only a summary (the
summary is used); URLs given as specs are always fetched. All fetching goes through one
``fetcher`` (default :func:`briefgen.ingest.web.fetch`), which callers may replace to
restrict or record it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path

from briefgen.ingest import files, web
from briefgen.ingest.common import Context, Fetcher, Loaded, Source, Unusable, check
from briefgen.ingest.meta import host_of
from briefgen.ingest.registry import SUFFIXES, detect
from briefgen.models import Article, Problem

__all__ = ["MAX_BYTES", "Ingested", "embedded_corpus", "load"]

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Ingested:
    """What ingest returns: usable articles in input order, and the sources it skipped."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def embedded_corpus() -> Path:
    """The directory of the embedded default corpus shipped inside the package."""
    return Path(str(resources.files("briefgen") / "corpus"))


def _sources(spec: str, fetcher: Fetcher, max_bytes: int) -> Iterator[Source | Problem]:
    if web.is_url(spec):
        try:
            response = fetcher(spec)
        except Unusable as exc:
            yield Problem(spec, str(exc))
            return
        yield Source(
            response.body,
            location=spec,
            name=host_of(response.url),
            url=response.url,
            content_type=response.content_type,
            charset=response.charset,
        )
        return
    found, problems = files.expand(spec, SUFFIXES)
    yield from problems
    for item in found:
        try:
            data = files.read(item.path, max_bytes)
        except Unusable as exc:
            yield Problem(str(item.path), str(exc))
            continue
        yield Source(data, str(item.path), item.path.name, path=str(item.path), meta=item.meta)


def _load_one(source: Source, context: Context) -> Loaded:
    try:
        loaded = detect(source).load(source, context)
    except Unusable as exc:
        return Loaded((), (Problem(source.location, str(exc)),))
    articles: list[Article] = []
    problems = list(loaded.problems)
    for article in loaded.articles:
        reason = check(article)
        if reason is None:
            articles.append(article)
        else:
            where = source.location if len(loaded.articles) == 1 else article.url or article.name
            problems.append(Problem(where, reason))
    return Loaded(tuple(articles), tuple(problems))


def load(
    specs: Sequence[str],
    *,
    fetch: bool = True,
    timeout: float = web.TIMEOUT,
    max_bytes: int = MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> Ingested:
    """Load every spec in order; bad sources become Problems, never exceptions."""
    context = Context(
        fetcher or partial(web.fetch, timeout=timeout, max_bytes=max_bytes), fetch_pages=fetch
    )
    articles: list[Article] = []
    problems: list[Problem] = []
    for spec in specs:
        before = len(articles)
        for item in _sources(spec, context.fetcher, max_bytes):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            loaded = _load_one(item, context)
            articles.extend(loaded.articles)
            problems.extend(loaded.problems)
        if len(articles) == before and Path(spec).is_dir() and not web.is_url(spec):
            message = "directory holds no usable articles"
            if Problem(spec, message) not in problems:
                problems.append(Problem(spec, message))
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(articles, start=1))
    return Ingested(numbered, tuple(problems))
