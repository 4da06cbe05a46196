"""Frozen values passed between stages: Article -> Sentence -> Fact -> Brief.

No stage mutates what it is given; stages return new values (``dataclasses.replace``).
Source ids (``Article.id``) are short strings such as ``"s1"``, assigned by ingest in a
deterministic order; every citation in a brief refers to one of them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """One source document as text plus the metadata the source itself states."""

    id: str
    name: str  # display name: outlet, else file name or URL host
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" when stated
    path: str | None = None
    outlet: str | None = None
    author: str | None = None
    duplicate_of: str | None = None  # id of the article this one copies (set by clean)


@dataclass(frozen=True)
class Problem:
    """A source that could not be used, or a warning about one: one line, no traceback."""

    source: str  # path, URL or article id
    message: str


@dataclass(frozen=True)
class Dropped:
    """Text removed from an article by cleaning, and why."""

    source: str  # article id
    reason: str  # "boilerplate" | "off_topic" | "fragment" | "duplicate"
    text: str


@dataclass(frozen=True)
class Sentence:
    """One verbatim sentence of one article with its tokens and content stems."""

    source: str  # article id
    index: int  # position of the sentence in its article, from 0
    paragraph: int  # paragraph number in its article, from 0
    text: str  # verbatim from the cleaned article text
    words: tuple[str, ...]  # word tokens, lowercased
    stems: tuple[str, ...]  # content stems: stopwords and punctuation removed


@dataclass(frozen=True)
class Evidence:
    """One supporting source's own sentence for a fact."""

    source: str
    text: str


@dataclass(frozen=True)
class Fact:
    """A selected statement: a verbatim sentence and every source that reports it."""

    text: str  # representative sentence, verbatim from ``source``
    source: str  # the article the representative sentence comes from
    sources: tuple[str, ...]  # every supporting source, representative first
    evidence: tuple[Evidence, ...]  # one sentence per supporting source
    score: float
    support: int  # independent outlets among ``sources`` (copies count once)


@dataclass(frozen=True)
class Claim:
    """One version of a disputed value, with the sources that give it."""

    value: str
    sources: tuple[str, ...]
    text: str  # the first source's own sentence


@dataclass(frozen=True)
class Disagreement:
    """Sources that report the same thing with different values."""

    about: str
    claims: tuple[Claim, ...]
    kind: str = "value"  # "date" | "weekday" | "number" | "name" | "value"


@dataclass(frozen=True)
class Brief:
    """Everything a template needs to write a brief, and what the JSON record holds."""

    title: str
    date: str  # "YYYY-MM-DD"
    sources: tuple[Article, ...]
    consensus: tuple[Fact, ...]
    unique: tuple[Fact, ...]
    disagreements: tuple[Disagreement, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    problems: tuple[Problem, ...] = ()
