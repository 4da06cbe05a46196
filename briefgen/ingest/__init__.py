"""Source specs (files, directories, globs, URLs) -> Articles with ids, plus one Problem per
bad source.

Formats (see ``registry``): plain text, Markdown with YAML front matter, HTML pages, JSON
and JSON Lines exports, RSS/Atom feeds (recognised by content). A directory's
``sources.toml`` manifest may give or override metadata per file. Metadata is never
invented: a field neither the source's markup, its fields nor its text states stays ``None``
and the article is named by its outlet, site (URL host), title or first heading, else
left unnamed ("") for the brief to number ("Source N"); never by its file name, which is
often a hash.

Limits: a file or page over ``max_bytes`` (default ``MAX_BYTES``, 20 MiB) is skipped;
fetches time out after ``timeout`` seconds per connect or read (default 10) and
``deadline`` seconds in all (default 30), and follow at most 5 redirects; text of 30
words or more whose English stopword share is under 0.2 is skipped as not English. Each
skipped source gets a one-line Problem; the rest still load.

``fetch=False`` stops fetching the pages of feed entries that carry only a summary (the
summary is used); URLs given as specs are always fetched. All fetching goes through one
``fetcher`` (default :func:`briefgen.ingest.web.fetch`), which callers may replace to
restrict or record it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path

from briefgen.ingest import files, web
from briefgen.ingest.common import Context, Fetcher, Loaded, Source, Unusable, check
from briefgen.ingest.meta import host_of
from briefgen.ingest.registry import SUFFIXES, detect
from briefgen.models import Article, Problem
from briefgen.progress import Progress, quiet

__all__ = ["MAX_BYTES", "Ingested", "embedded_corpus", "load"]

MAX_BYTES = 20 * 1024 * 1024
STAGE = "loading sources"


@dataclass(frozen=True)
class Ingested:
    """What ingest returns: usable articles in input order, and the sources it skipped."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def embedded_corpus() -> Path:
    """The directory of the embedded default corpus shipped inside the package."""
    return Path(str(resources.files("briefgen") / "corpus"))


def _plan(spec: str, follow_links: bool) -> list[str | files.Found | Problem]:
    """What one spec stands for: a URL to fetch, the files it names, or Problems."""
    if web.is_url(spec):
        return [spec]
    found, problems = files.expand(spec, SUFFIXES, follow_links=follow_links)
    return [*problems, *found]


def _source(item: str | files.Found, fetcher: Fetcher, max_bytes: int) -> Source | Problem:
    """The bytes of one URL or file, or the Problem that stops it being read."""
    if isinstance(item, str):
        try:
            response = fetcher(item)
        except Unusable as exc:
            return Problem(item, str(exc))
        return Source(
            response.body,
            location=item,
            name=host_of(response.url),
            url=response.url,
            content_type=response.content_type,
            charset=response.charset,
        )
    try:
        data = files.read(item.path, max_bytes)
    except Unusable as exc:
        return Problem(str(item.path), str(exc))
    return Source(data, str(item.path), item.path.name, path=str(item.path), meta=item.meta)


def _load_one(source: Source, context: Context) -> Loaded:
    try:
        loaded = detect(source).load(source, context)
    except Unusable as exc:
        return Loaded((), (Problem(source.location, str(exc)),))
    except RecursionError:  # nesting deep enough to exhaust a parser (JSON, YAML, markup)
        return Loaded((), (Problem(source.location, "nested too deeply to read"),))
    articles: list[Article] = []
    problems = list(loaded.problems)
    for article in loaded.articles:
        reason = check(article)
        if reason is None:
            articles.append(article)
        else:
            where = (
                source.location
                if len(loaded.articles) == 1
                else article.url or article.name or source.location
            )
            problems.append(Problem(where, reason))
    return Loaded(tuple(articles), tuple(problems))


def load(
    specs: Sequence[str],
    *,
    fetch: bool = True,
    timeout: float = web.TIMEOUT,
    deadline: float = web.DEADLINE,
    max_bytes: int = MAX_BYTES,
    follow_links: bool = False,
    skip: Collection[Path] = (),
    fetcher: Fetcher | None = None,
    progress: Progress = quiet,
) -> Ingested:
    """Load every spec in order; bad sources become Problems, never exceptions.

    ``deadline`` bounds the whole fetch of one URL (``timeout`` each connect or read);
    ``follow_links`` reads links in a folder that lead outside it; files in ``skip`` (the
    run's own output files) are never read. ``progress`` hears
    ("loading sources", done, total) as each file or URL is read.
    """
    fetcher = fetcher or partial(web.fetch, timeout=timeout, deadline=deadline, max_bytes=max_bytes)
    context = Context(fetcher, fetch_pages=fetch)
    planned = _distinct([_plan(spec, follow_links) for spec in specs], skip)
    plans = list(zip(specs, planned, strict=True))
    total = sum(1 for _, plan in plans for item in plan if not isinstance(item, Problem))
    done = 0
    progress(STAGE, 0, total)
    articles: list[Article] = []
    problems: list[Problem] = []
    for spec, plan in plans:
        before = len(articles)
        for item in plan:
            if isinstance(item, Problem):
                problems.append(item)
                continue
            source = _source(item, context.fetcher, max_bytes)
            if isinstance(source, Problem):
                problems.append(source)
            else:
                loaded = _load_one(source, context)
                articles.extend(loaded.articles)
                problems.extend(loaded.problems)
            done += 1
            progress(STAGE, done, total)
        if len(articles) == before and Path(spec).is_dir() and not web.is_url(spec):
            message = "directory holds no usable articles"
            if Problem(spec, message) not in problems:
                problems.append(Problem(spec, message))
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(articles, start=1))
    return Ingested(numbered, tuple(problems))


# --- one source at a time, for a runner: plan here, read and parse anywhere --------------

Item = str | files.Found  # a URL to fetch, or a file to read


def plan(
    specs: Sequence[str], *, follow_links: bool = False, skip: Collection[Path] = ()
) -> list[list[Item | Problem]]:
    """What each spec stands for, in ``load``'s order: URLs, files, and the Problems found."""
    return _distinct([_plan(spec, follow_links) for spec in specs], skip)


def _distinct(
    plans: list[list[Item | Problem]], skip: Collection[Path] = ()
) -> list[list[Item | Problem]]:
    """The plans without a file or URL that an earlier spec already names, nor one in ``skip``.

    ``briefgen build a.md articles/`` with ``a.md`` in ``articles/`` reads it once: the
    same file twice would be one outlet listed twice, the second "a copy" of the first.
    ``skip`` is the files this run writes: a brief written into its own source folder is
    never read back as an article (it would cite itself as one more outlet).
    """
    seen: set[str] = {str(p.resolve()) for p in skip}
    kept: list[list[Item | Problem]] = []
    for items in plans:
        kept.append([])
        for item in items:
            if not isinstance(item, Problem):
                key = item if isinstance(item, str) else item.resolved or str(item.path.resolve())
                if key in seen:
                    continue
                seen.add(key)
            kept[-1].append(item)
    return kept


def read(item: Item, *, max_bytes: int = MAX_BYTES) -> Source | Problem:
    """One item's bytes (a file read, a URL fetched), or why it cannot be read."""
    return _source(item, partial(web.fetch, max_bytes=max_bytes), max_bytes)


def parse(source: Source | Problem, *, fetch: bool = True) -> Loaded:
    """One source's articles and problems, as ``load`` makes them (a Problem passes through)."""
    if isinstance(source, Problem):
        return Loaded((), (source,))
    return _load_one(source, Context(partial(web.fetch, max_bytes=MAX_BYTES), fetch_pages=fetch))


def assemble(
    specs: Sequence[str], plans: Sequence[Sequence[Item | Problem]], parsed: Sequence[Loaded]
) -> Ingested:
    """``load``'s result from ``plan`` and each item's ``parse(read(item))``, in plan order."""
    results = iter(parsed)
    articles: list[Article] = []
    problems: list[Problem] = []
    for spec, items in zip(specs, plans, strict=True):
        before = len(articles)
        for item in items:
            if isinstance(item, Problem):
                problems.append(item)
                continue
            loaded = next(results)
            articles.extend(loaded.articles)
            problems.extend(loaded.problems)
        if len(articles) == before and Path(spec).is_dir() and not web.is_url(spec):
            message = "directory holds no usable articles"
            if Problem(spec, message) not in problems:
                problems.append(Problem(spec, message))
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(articles, start=1))
    return Ingested(numbered, tuple(problems))
