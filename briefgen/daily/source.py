"""Loaded articles and a date -> the day's articles (renumbered s1..) and those left out.

Kept: articles published that day, or undated; with ``sources.include``, only those that
mention one of its keywords; minus those mentioning a ``sources.exclude`` keyword. Each
article left out gets a one-line Problem saying why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace

from briefgen import ingest
from briefgen.config import Config
from briefgen.models import Article, Problem
from briefgen.progress import Progress, quiet

Loader = Callable[[Sequence[str]], ingest.Ingested]


def _load_sources(specs: Sequence[str]) -> ingest.Ingested:
    return ingest.load(specs)


def loader_for(config: Config, progress: Progress = quiet) -> Loader:
    """The Loader for ``config``: its link policy and per-URL deadline."""
    sources = config.sources

    def load(specs: Sequence[str]) -> ingest.Ingested:
        return ingest.load(
            specs,
            follow_links=sources.follow_links,
            deadline=sources.url_deadline,
            progress=progress,
        )

    return load


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def mentions(text: str, keyword: str) -> bool:
    """Whether ``text`` contains ``keyword`` as whole words (case-insensitive, any spacing)."""
    words = _folded(keyword).split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    return re.search(pattern, _folded(text)) is not None


def _where(article: Article) -> str:
    return article.path or article.url or article.name


def select_articles(
    articles: Sequence[Article],
    *,
    date: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Articles for the day's brief, renumbered s1..; and one line per article left out.

    Kept: articles published on ``date``, or with no known date; with ``include``, only
    those whose title or text mentions one of its keywords; minus any mentioning an
    ``exclude`` keyword.
    """
    kept: list[Article] = []
    skipped: list[Problem] = []
    for article in articles:
        text = f"{article.title or ''}\n{article.text}"
        published = (article.published or "")[:10]
        blocked = next((k for k in exclude if mentions(text, k)), None)
        if published and published != date:
            skipped.append(Problem(_where(article), f"published {published}, not {date}"))
        elif include and not any(mentions(text, k) for k in include):
            skipped.append(Problem(_where(article), "mentions none of sources.include"))
        elif blocked is not None:
            skipped.append(Problem(_where(article), f"mentions {blocked!r} (sources.exclude)"))
        else:
            kept.append(article)
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(kept, start=1))
    return numbered, tuple(skipped)
