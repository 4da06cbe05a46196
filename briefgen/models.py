"""Frozen values passed between stages: Article -> Sentence -> Fact -> Brief.

No stage mutates what it is given; stages return new values (``dataclasses.replace``).
Source ids (``Article.id``) are short strings such as ``"s1"``, assigned by ingest in a
deterministic order; every citation in a brief refers to one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One source document as text plus the metadata the source itself states."""

    id: str
    name: str  # outlet, else URL host, title, first heading; "" until a Brief numbers it "Source N"
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
class Tokenized:
    """One sentence as segment split and tokenized it: done once, read by every later stage."""

    text: str  # verbatim from its paragraph
    words: tuple[str, ...]  # word tokens, lowercased
    stems: tuple[str, ...]  # content stems: stopwords and punctuation removed


# A paragraph as segment returns it: its sentences in reading order.
Paragraph = tuple[Tokenized, ...]


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
class Group:
    """Sentences from different outlets that report the same fact (indices into sentences)."""

    members: tuple[int, ...]  # sentence indices, representative first
    sources: tuple[str, ...]  # article ids of the members, same order
    support: int  # independent outlets among the sources
    score: float  # salience of the fact for the event, higher is more important


@dataclass(frozen=True)
class Stated:
    """The other sources that state one sentence's fact: one window of each (a sentence or
    two adjacent ones, as sentence indices), and the independent outlets, its own included."""

    windows: tuple[tuple[int, ...], ...]
    voices: frozenset[str]
    claim: str = ""  # the part of the sentence they state (a clause, or the whole sentence)
    share: float = 1.0  # the claim's share of the sentence's weighted content


@dataclass(frozen=True)
class Weights:
    """Term weights (inverse document frequency over the brief's sentences)."""

    table: Mapping[str, float]
    unseen: float
    # share of the independent outlets whose text uses each term (empty: not known)
    spread: Mapping[str, float] = field(default_factory=dict)

    def __call__(self, term: str) -> float:
        return self.table.get(term, self.unseen)


@dataclass(frozen=True)
class Scored:
    """The score stage's result: groups over all sentences, and what selection needs."""

    sentences: tuple[Sentence, ...]
    groups: tuple[Group, ...]  # every sentence is in exactly one group
    salience: tuple[float, ...]  # per sentence, in [0, 1]
    topicality: tuple[float, ...]  # per sentence: cosine to the corpus topic, in [0, 1]
    similar: tuple[tuple[int, int, float], ...]  # (i, j, cosine) with i < j, above a floor
    stated: tuple[Stated, ...] = ()  # per sentence: who else states its fact
    agree: tuple[tuple[int, int], ...] = ()  # (i, j), i < j: one states the other's fact
    rivals: tuple[tuple[int, int], ...] = ()  # (i, j), i < j: one fact, different values
    weight: Weights = Weights({}, 1.0)
    voice: tuple[str, ...] = ()  # per sentence: its independent outlet (a copy: its original's)


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
    attribution: str = "asserted"  # "asserted" | "attributed" | "hedged"
    attributed_to: str | None = None  # who said it (attributed), or the hedging words
    new: bool | None = None  # not in the previous day's brief (None: no previous brief)
    # When the other cited sources state only part of ``text``: that part (a clause of it,
    # verbatim), which is what they are cited for; None when they state all of it.
    claim: str | None = None


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
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    # facts stated by at least two outlets but fewer than --min-sources: neither consensus
    # nor unique, recorded in the JSON
    partial: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A direct quotation with its speaker, merged across the sources that carry it."""

    speaker: str  # name and role as the text gives them, or "" when none is found
    text: str  # the quoted words of the first source, without quotation marks
    sources: tuple[str, ...]
    variants: tuple[Evidence, ...]  # other sources' wordings that differ from ``text``


@dataclass(frozen=True)
class Figure:
    """A number that matters, with a short cited context sentence."""

    value: str  # as the first source writes it
    normalized: str  # canonical form, e.g. "1500", "15 GW", "45%", "2025-04-09"
    kind: str  # "count" | "amount" | "percent" | "measure" | "date"
    context: str  # the first source's sentence
    sources: tuple[str, ...]


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event mentioned in the sources; ``date`` is None when it cannot be resolved."""

    date: str | None  # ISO "YYYY-MM-DD" when resolved
    label: str  # the date as the text gives it, e.g. "on Wednesday", "April 9"
    text: str  # the first source's sentence
    sources: tuple[str, ...]
    resolved: bool


@dataclass(frozen=True)
class Attribution:
    """Whether a statement is asserted, attributed to someone, or hedged."""

    label: str  # "asserted" | "attributed" | "hedged"
    phrase: str | None  # the words that attribute or hedge it, verbatim
    speaker: str | None = None  # who it is attributed to ("the fire service"), when named
