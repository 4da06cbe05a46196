"""Articles -> stories: which articles report the same event, with stable story ids.

``features`` (per article, independent: a runner may hand it out) -> ``cluster`` (all
articles at once, near-linear: sparse candidates, copies folded, neighbourhood smoothing,
group-average linkage with a cohesion test and time damping, then the halves of a long
story relinked, clusters with a loose nearest-neighbour cut split, and each article moved
to the story its closest reports are in) -> ``Story`` values with deterministic ids.
A story that continues one of an earlier edition (a ``Seed``) keeps that story's id and is
marked continuing; a new story's id is a digest of its earliest article's identity (URL,
else path, else text), so the same articles always give the same ids whatever order or
runner produced them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from briefgen.clean.topic import copy_of
from briefgen.models import Article
from briefgen.stories.extract import Features, features
from briefgen.stories.linkage import COHESION, NAME_WEIGHT, SMOOTHING, THRESHOLD, Seed, cluster
from briefgen.stories.split import SPLIT_CONDUCTANCE
from briefgen.stories.vectors import TermCounts

__all__ = [
    "Features",
    "Seed",
    "Story",
    "TermCounts",
    "article_key",
    "copies",
    "features",
    "find_stories",
]


@dataclass(frozen=True)
class Story:
    """One story: its id, its articles (ids, input order) and whether it continues one."""

    id: str
    articles: tuple[str, ...]
    continuing: bool = False
    terms: Mapping[str, float] = field(default_factory=dict)  # signature for the next edition


def article_key(article: Article) -> str:
    """What identifies an article across runs: its URL, else its path, else its text digest."""
    if article.url:
        return article.url
    if article.path:
        return article.path
    return "text:" + hashlib.sha1(article.text.encode("utf-8")).hexdigest()


def copies(articles: Sequence[Article]) -> dict[int, int]:
    """Index of each near-duplicate copy -> index of the article it copies (word shingles).

    Meant for one story's articles: across a whole day, common phrases make the shingle
    index grow faster than the number of articles.
    """
    found = copy_of([a.text for a in articles])
    return {k: original for k, original in enumerate(found) if original is not None}


def _new_id(members: Sequence[Article]) -> str:
    earliest = min(members, key=lambda a: (a.published or "9999", article_key(a)))
    return "st-" + hashlib.sha1(article_key(earliest).encode("utf-8")).hexdigest()[:10]


def find_stories(
    articles: Sequence[Article],
    found: Sequence[Features],
    *,
    seeds: Sequence[Seed] = (),
    threshold: float = THRESHOLD,
    name_weight: float = NAME_WEIGHT,
    cohesion: float = COHESION,
    smoothing: int = SMOOTHING,
    relink: bool = True,
    split: float = SPLIT_CONDUCTANCE,
    refine: bool = True,
    threads: int = 1,
    counts: TermCounts | None = None,
) -> tuple[Story, ...]:
    """The stories of ``articles`` (``found[k]`` are the features of ``articles[k]``).

    Stories come in the order of their first article; every article is in exactly one. A
    near-duplicate copy has a cosine near 1 with its original, so the two are each other's
    best partner and merge in the first round of the linkage. ``threads``: how many the
    clustering may use (the stories are the same with any number). ``counts``: the
    features' terms counted already, as they came in (``TermCounts``), if they were.
    """
    result = cluster(
        found,
        seeds=seeds,
        threshold=threshold,
        name_weight=name_weight,
        cohesion=cohesion,
        smoothing=smoothing,
        relink=relink,
        split=split,
        refine=refine,
        threads=threads,
        counts=counts,
    )
    stories: list[Story] = []
    used: set[str] = set()
    for members, seed, terms in zip(result.clusters, result.seeds, result.signatures, strict=True):
        chosen = [articles[k] for k in members]
        story_id = seed or _new_id(chosen)
        suffix = 2
        while story_id in used:  # the same article twice in one edition
            story_id = f"{seed or _new_id(chosen)}-{suffix}"
            suffix += 1
        used.add(story_id)
        stories.append(Story(story_id, tuple(a.id for a in chosen), seed is not None, terms))
    return tuple(stories)
