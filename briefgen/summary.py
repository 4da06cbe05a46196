"""Scored sentences -> a plain extractive summary of about N words (the summary mode).

The summary takes sentences that stand alone, best first, and never two that say the same.
"Best" is the sentence's score (salience raised by the outlets that state it, see
``briefgen.score``) plus what it adds to the summary's coverage of the story's shared
concepts: the word pairs that at least ``CONCEPT_SHARE`` of the independent outlets use
("grain terminal", "fire crews"), each weighed by the share of outlets using it, per word of
the sentence, counted once in the whole summary. This is the concept coverage of Gillick and
Favre's summarizer (ICSI, 2009), taken greedily: a sentence that repeats concepts already
covered gains nothing from them, so the summary spreads over what the outlets agree on.

Calibration on DUC 2003 only (``benchmarks/quality.py --dataset duc2003``, ROUGE-2 recall x100
of the summary mode): without concepts 9.72; ``CONCEPT_WEIGHT`` 3 / 5 / 7 / 10 / 20 with
``CONCEPT_SHARE`` 0.35: 10.70 / 10.86 / 10.81 / 10.75 / 10.88; share 0.25 / 0.3 / 0.35 / 0.4
with weight 10: 10.74 / 10.57 / 10.75 / 10.76, with weight 5: - / 10.54 / 10.86 / 10.92 (a
plateau; 5 and 0.35 were chosen on a first sweep of the same grid).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

from briefgen.models import Group, Scored, Sentence
from briefgen.score.standalone import clarity
from briefgen.segment import stopwords
from briefgen.selection import REDUNDANT, UNIQUE_MIN_CLARITY, Redundancy, usable

CONCEPT_SHARE = 0.35  # a word pair is a concept when this share of the outlets use it (min 2)
CONCEPT_WEIGHT = 5.0  # weight of the new concepts per word against the score (best one = 1)

Concept = tuple[str, str]


def concepts(sentence: Sentence, stop: frozenset[str]) -> frozenset[Concept]:
    """The sentence's adjacent word pairs, lower-cased, but for pairs of two stop words."""
    words = [w.lower() for w in sentence.words if w[:1].isalnum()]
    return frozenset((a, b) for a, b in pairwise(words) if not (a in stop and b in stop))


def shared_concepts(
    sentences: Sequence[Sentence], voice: Sequence[str], share: float = CONCEPT_SHARE
) -> dict[Concept, float]:
    """Each word pair used by at least ``share`` of the independent outlets (and by two at
    least) -> the share of outlets that use it."""
    stop = stopwords()
    used: dict[str, set[Concept]] = {}
    for sentence, outlet in zip(sentences, voice, strict=True):
        used.setdefault(outlet, set()).update(concepts(sentence, stop))
    outlets = len(used)
    counts: dict[Concept, int] = {}
    for found in used.values():
        for pair in found:
            counts[pair] = counts.get(pair, 0) + 1
    least = max(2, math.ceil(share * outlets - 1e-9))
    return {pair: n / outlets for pair, n in counts.items() if n >= least}


def summary(scored: Scored, words: int = 100) -> list[str]:
    """A plain extractive summary: best sentences first, no repeats, cut to about ``words``."""
    sentences = scored.sentences
    voice = scored.voice or tuple(s.source for s in sentences)
    weights = shared_concepts(sentences, voice)
    stop = stopwords()
    redundancy = Redundancy(scored.similar, REDUNDANT)
    # only sentences that stand alone (DUC 2003 ROUGE-2: no floor 9.68, 0.2: 9.68, 0.6: 9.96)
    candidates: list[Group] = [
        g
        for g in scored.groups
        if usable(scored, g) and clarity(sentences[g.members[0]]) >= UNIQUE_MIN_CLARITY
    ]
    best = max((g.score for g in candidates), default=0.0) or 1.0
    pairs = {g.members[0]: concepts(sentences[g.members[0]], stop) for g in candidates}
    covered: set[Concept] = set()

    def value(group: Group) -> tuple[float, int]:
        k = group.members[0]
        new = sum(weights.get(pair, 0.0) for pair in sorted(pairs[k] - covered))
        gain = new / max(1, len(sentences[k].words))
        return (group.score / best + CONCEPT_WEIGHT * gain, -k)

    chosen: list[str] = []
    total = 0
    while total < words and candidates:
        group = max(candidates, key=value)
        candidates.remove(group)
        if redundancy.redundant(group.members[:1]):
            continue
        redundancy.take(group.members[:1])  # its evidence windows may hold other facts too
        k = group.members[0]
        covered |= pairs[k]
        chosen.append(sentences[k].text)
        total += len(sentences[k].text.split())
    return chosen
