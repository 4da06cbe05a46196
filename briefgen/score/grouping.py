"""Similar sentence pairs -> groups of sentences from different outlets that state one fact.

Pairs are merged strongest first (ties broken by sentence index), like single-linkage
clustering, with two guards: a group holds at most one sentence per independent outlet,
and the average similarity over all its cross pairs must stay above a link threshold, so a
chain of loosely related sentences never becomes one "fact". The representative sentence is
the clearest complete one (see ``clarity``), then the most central, then the earliest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from briefgen.models import Group, Sentence

Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
NO_PAIRS: Pairs = (np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.zeros(0))

# A sentence that opens with one of these leans on the previous sentence for its meaning.
_DANGLING = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "this",
        "these",
        "those",
        "that",
        "his",
        "her",
        "its",
        "their",
        "him",
        "them",
        "there",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "still",
        "also",
        "however",
        "meanwhile",
        "instead",
        "moreover",
        "furthermore",
        "besides",
        "then",
        "thus",
        "hence",
        "nevertheless",
        "nonetheless",
    ]
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*)*(?:,\s*[A-Z][A-Za-z.'’ ]+)?"
    r"\s*(?:\([A-Za-z ]+\))?\s*[-—–]{1,2}\s+|\([A-Z]{2,}\)\s*[-—–]?\s*)"
)
# "The announcement came one day after ...": a definite noun that points back to the story
_BACK_REFERENCE = re.compile(
    r"^(?:The|This|That|These|Those|Such|Both)\s+(?:"
    r"(?:[\w-]+\s+){1,2}(?:came|comes|follows|followed|coincided|coincides)\b|"
    r"(?:\w+\s+)?(?:announcement|move|decision|remarks?|comments?|statement|development|step|"
    r"news|incident|warning|report|measure|ruling|request|offer|proposal|change|shift|episode|"
    r"claims?)\s+(?:was|were|is|are|marks|marked|prompted|sparked|drew|raised)\b)"
)
# "In a related development, ...": news text marking a different story
_ASIDE = re.compile(
    r"^(?:In\s+(?:a\s+|an\s+)?(?:related|separate|unrelated|other)\s+"
    r"(?:development|news|incident|move)s?|Separately|Elsewhere)\b",
    re.IGNORECASE,
)
_OPENING_QUOTES = "“«"
_CLOSING_QUOTES = "”»"
_QUOTE_MARK = re.compile(r"``|''|[“”«»\"]")  # ’ is left out: it is also the apostrophe
COMPLETE = re.compile(r"""[.!?…]["'”’)\]]*$""")  # ends like a finished sentence
IDEAL_WORDS = (10, 35)  # sentence lengths that read as one clear statement


def clarity(sentence: Sentence) -> float:
    """How well a sentence stands alone as a statement of fact: 1.0 best, can go negative."""
    score = 1.0
    words = sentence.words
    first = words[0] if words else ""
    if first in _DANGLING:
        score -= 0.5
    if _DATELINE.match(sentence.text):
        score -= 0.4
    if _BACK_REFERENCE.match(sentence.text) or _ASIDE.match(sentence.text):
        score -= 0.5
    if starts_inside_quote(sentence.text):
        score -= 0.8  # the start of the quotation is in the previous sentence
    elif sentence.text[:1] in "\"“'‘`":
        score -= 0.2  # a bare quote needs its speaker from elsewhere
    if not COMPLETE.search(sentence.text):
        score -= 1.0
    low, high = IDEAL_WORDS
    if len(words) < low:
        score -= 0.05 * (low - len(words))
    elif len(words) > high:
        score -= 0.02 * (len(words) - high)
    return score


def starts_inside_quote(text: str) -> bool:
    """True when the first quotation mark closes a quotation opened in an earlier sentence."""
    first = _QUOTE_MARK.search(text)
    if first is None:
        return False
    mark, k = first.group(), first.start()
    if mark in _OPENING_QUOTES or mark == "``":
        return False
    if mark in _CLOSING_QUOTES:
        return True
    # a straight quote closes when it follows a word or punctuation and precedes a space
    before = text[k - 1] if k else " "
    after = text[first.end() : first.end() + 1] or " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?")


class _Clusters:
    """Union-find over sentence indices with per-cluster members and outlets."""

    def __init__(self, voice: Sequence[str]) -> None:
        self.parent = list(range(len(voice)))
        self.members: dict[int, list[int]] = {k: [k] for k in range(len(voice))}
        self.voices: dict[int, set[str]] = {k: {v} for k, v in enumerate(voice)}

    def find(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def merge(self, a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        self.voices[keep] |= self.voices.pop(gone)


def group(
    sentences: Sequence[Sentence],
    voice: Sequence[str],
    pairs: Pairs,
    same_fact: float,
    link: float,
    salience: np.ndarray,
    allowed: Callable[[int, int], bool] | None = None,
    capped: np.ndarray | None = None,
) -> list[Group]:
    """Every sentence in exactly one group; groups ordered by their first sentence.

    ``allowed(i, j)`` may veto a candidate pair (lookalikes, see briefgen.score.checks).
    ``capped`` marks sentences whose pairs were cut to their strongest partners
    (``similarity.similar_pairs``): a missing pair of two capped sentences is unmeasured and
    left out of the average; any other missing pair is below the floor and counts as 0.
    """
    unmeasured = capped.tolist() if capped is not None else [False] * len(sentences)
    rows, cols, sims = pairs
    weight: dict[tuple[int, int], float] = {}
    candidates = []
    for i, j, sim in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        weight[(i, j)] = sim
        if sim >= same_fact and voice[i] != voice[j]:
            candidates.append((-sim, i, j))  # a vetoed pair fails the cross check below
    candidates.sort()

    clusters = _Clusters(voice)
    for _, i, j in candidates:
        a, b = clusters.find(i), clusters.find(j)
        if a == b or clusters.voices[a] & clusters.voices[b]:
            continue
        cross = [(min(x, y), max(x, y)) for x in clusters.members[a] for y in clusters.members[b]]
        known = [
            weight.get(p, 0.0)
            for p in cross
            if p in weight or not (unmeasured[p[0]] and unmeasured[p[1]])
        ]
        if sum(known) / max(1, len(known)) < link:
            continue
        if allowed is None or all(allowed(x, y) for x, y in cross):
            clusters.merge(a, b)

    groups = []
    for root in sorted(clusters.members):
        members = sorted(clusters.members[root])
        ordered = sorted(members, key=lambda k: _rank_key(k, members, sentences, weight, salience))
        sources = tuple(sentences[k].source for k in ordered)
        groups.append(Group(tuple(ordered), sources, len(clusters.voices[root]), 0.0))
    return groups


def _rank_key(
    k: int,
    members: Sequence[int],
    sentences: Sequence[Sentence],
    weight: dict[tuple[int, int], float],
    salience: np.ndarray,
) -> tuple[float, float, int]:
    central = sum(weight.get((min(k, m), max(k, m)), 0.0) for m in members if m != k)
    central /= max(1, len(members) - 1)
    return (-round(clarity(sentences[k]), 6), -round(central + float(salience[k]), 6), k)
