"""Sentences of all sources -> each sentence's fact with every source that states it.

Stages:
1. vectors: TF-IDF over canonical terms (``similarity``);
2. pairs: sparse cosine similarity above ``PAIR_FLOOR`` (echo, redundancy);
3. salience per sentence: a sumy summarizer within its own article (``salience``), the
   article position (news leads matter), and how strongly other outlets echo it;
4. support: for each sentence (or its main clause), the other sources with a window of one or
   two adjacent sentences that states it, by the one same-fact decision (``match``), among
   candidates found by sparse cosine over terms and their meaning classes (``support``);
   sources that give another number, year or actor for it are rivals, not support;
5. score: the sentence's salience, raised by its support from independent outlets.

Every sentence is a candidate fact (``Scored.groups[k]`` is sentence ``k`` with the windows
that state it); selection picks among them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from briefgen import overlap
from briefgen.collector import paused, per_block
from briefgen.models import Group, Scored, Sentence
from briefgen.score import checks, match, similarity, support
from briefgen.score.salience import DEFAULT_SCORER, SCORERS, rate
from briefgen.segment import LONGEST_SENTENCE

__all__ = ["DEFAULT_SCORER", "SCORERS", "score"]

# what is remembered of each sentence's text serves one brief (see briefgen.collector)
per_block(
    similarity.canonical,
    similarity._terms,
    checks._features,
    match._statement,
    match._clauses,
    match.meanings,
)

# Calibration: on hand-made paraphrase/lookalike pairs (tests/test_score.py) and the DUC 2003
# clusters, paraphrases of one fact by different outlets score 0.30-0.70 on these vectors,
# sentences sharing only the event's names score below 0.25.
PAIR_FLOOR = 0.20  # pairs below this are never used (echo, redundancy)
# Pairs are kept for each sentence's strongest partners only, so that a fact repeated by
# thousands of articles costs linear, not quadratic, work. Within one DUC 2003/2004 cluster
# no sentence has more than 42 partners above PAIR_FLOOR (the embedded corpus: 11), so the
# cap changes nothing there; it binds on large inputs (1,000 DUC articles mixed: up to 344).
MAX_NEIGHBOURS = 64
# Partners whose windows are tried for support: each sentence's closest by cosine over terms and
# meaning classes (16 / 32 / 64 on the dev clusters: 33 consensus facts found each, with 173 / 180 /
# 180 annotated citations; 200 DUC articles 7.5 / 8.9 / 9.5 s). 32 keeps every outlet of a
# story of 30.
CANDIDATES = 32
CANDIDATE_FLOOR = 0.1  # cosine over terms and meaning classes below which no window is tried

# Inputs of fewer sentences are scored in one process: a child costs a few milliseconds to
# start and read back, more than it saves on a handful of articles (the embedded corpus).
OVERLAP_SENTENCES = 500

# Weights: a one-at-a-time sweep on DUC 2003 (benchmarks/quality.py --dataset duc2003, ROUGE-2
# of the summary mode): W_SUPPORT 0 / 0.5 / 1.0 -> 8.78 / 9.79 / 9.54; W_ECHO 0.15 / 0.35 / 0.6
# -> 9.34 / 9.79 / 9.55; W_POSITION 0.05 / 0.2 / 0.4 -> 9.35 / 9.79 / 9.65; W_TOPIC 0 / 0.2 /
# 0.3 / 0.5 -> 9.79 / 9.88 / 9.99 / 9.85. DUC 2004 was never used for tuning.
W_SCORER = 0.45  # sumy rating within the article
W_POSITION = 0.20  # lead sentences of a news article carry its main facts
W_ECHO = 0.35  # how strongly other outlets say the same
W_TOPIC = 0.3  # cosine to the corpus centroid (what the whole event is about)
W_SUPPORT = 0.5  # a group's score gain per extra independent outlet, relative


def _backing(share: float, support: int, outlets: int) -> float:
    """The share of the other outlets that state a sentence's claim, scaled by how much of
    the sentence the claim is. DUC 2003 ROUGE-2 of the summary mode: unscaled 9.21, scaled
    9.40; scaled, with the summary's redundancy check on the representative alone, 9.68."""
    return share * (support - 1) / max(1, outlets - 1)


def _position(sentences: Sequence[Sentence]) -> np.ndarray:
    return np.array([1.0 / (1.0 + 0.25 * s.index) for s in sentences])


def _echo(n: int, voice: Sequence[str], pairs: similarity.Pairs) -> np.ndarray:
    """Per sentence: sum over other outlets of the best similarity to that outlet, scaled."""
    ids = {v: k for k, v in enumerate(sorted(set(voice)))}
    outlet = np.array([ids[v] for v in voice], dtype=np.int64)
    rows, cols, sims = pairs
    cross = outlet[rows] != outlet[cols]
    rows, cols, sims = rows[cross], cols[cross], sims[cross]
    sentence = np.concatenate([rows, cols]).astype(np.int64)
    other = np.concatenate([outlet[cols], outlet[rows]])
    sim = np.concatenate([sims, sims])
    order = np.lexsort((-sim, other, sentence))  # per (sentence, outlet): best first
    sentence, other, sim = sentence[order], other[order], sim[order]
    first = similarity.rank_in_runs(sentence * len(ids) + other) == 0
    echo = np.zeros(n)
    np.add.at(echo, sentence[first], sim[first])
    return echo / max(1, len(ids) - 1)


def _sentences_only(
    sentences: Sequence[Sentence], pairs: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs without unsplit text (``LONGEST_SENTENCE``): a run of text
    without stops states no fact of another outlet's and is no outlet's evidence."""
    long = np.array([len(s.text) > LONGEST_SENTENCE for s in sentences], dtype=bool)
    if not long.any():
        return pairs
    i, j, v = pairs
    keep = ~(long[i] | long[j])
    return i[keep], j[keep], v[keep]


def _alike(
    sentences: tuple[Sentence, ...], voice: Sequence[str], scorer: str, weight: match.Weight
) -> tuple[np.ndarray, np.ndarray, similarity.Pairs, similarity.Pairs]:
    """Stages 1-3, each sentence's salience and topicality and the similar pairs; and the
    candidate pairs of stage 4."""
    candidates = _sentences_only(
        sentences, support.candidate_pairs(sentences, weight, CANDIDATE_FLOOR, CANDIDATES)
    )
    return (*_salience(sentences, voice, scorer), candidates)


def _salience(
    sentences: tuple[Sentence, ...], voice: Sequence[str], scorer: str
) -> tuple[np.ndarray, np.ndarray, similarity.Pairs]:
    """Stages 1-3: each sentence's salience and topicality, and the similar pairs."""
    matrix = similarity.vectorize(sentences)
    pairs, _ = similarity.similar_pairs(matrix, PAIR_FLOOR, MAX_NEIGHBOURS)

    rated = np.zeros(len(sentences))
    by_source: dict[str, list[int]] = {}
    for k, s in enumerate(sentences):
        by_source.setdefault(s.source, []).append(k)
    for members in by_source.values():
        rated[members] = rate([sentences[k] for k in members], scorer)

    echo = _echo(len(sentences), voice, pairs)
    topic = similarity.topicality(matrix) if sentences else np.zeros(0)
    salience = W_SCORER * rated + W_POSITION * _position(sentences) + W_ECHO * echo
    return salience + W_TOPIC * topic, topic, pairs


def _statements(sentences: Sequence[Sentence]) -> None:
    """Each sentence's statement, kept by ``match`` (and handed back by a child process)."""
    for s in sentences:
        match.statement(s)


@paused()
def score(
    sentences: Sequence[Sentence],
    voices: Mapping[str, str] | None = None,
    scorer: str = DEFAULT_SCORER,
) -> Scored:
    """Group and rate ``sentences``; ``voices`` maps an article id to its independent outlet."""
    sentences = tuple(sentences)
    voices = voices or {}
    voice = [voices.get(s.source, s.source) for s in sentences]
    # the statements and their weights first: a child started after them shares them; the
    # later half of the statements in a child process where one can run (briefgen.overlap)
    worth = len(sentences) >= OVERLAP_SENTENCES
    half = len(sentences) // 2
    with overlap.ahead(_statements, sentences[half:], worth=worth) as later:
        _statements(sentences[:half])
        later()
    weight = match.weights_for(sentences, voice)
    # stages 1-3 and stage 4 need nothing of each other: the first in a child process where
    # one can run, while this one works out the support
    with overlap.started(_alike, sentences, voice, scorer, weight, worth=worth) as alike:
        stated, agree, rivals = support.stated(sentences, voice, lambda: alike.result()[3], weight)
        salience, topic, pairs, _ = alike.result()
    outlets = max(1, len(set(voice)))
    scored_groups = tuple(
        Group(
            members=(k, *(m for w in found.windows for m in w)),
            sources=(sentences[k].source, *(sentences[w[0]].source for w in found.windows)),
            support=len(found.voices),
            score=round(
                float(salience[k])
                * (1.0 + W_SUPPORT * _backing(found.share, len(found.voices), outlets)),
                6,
            ),
        )
        for k, found in enumerate(stated)
    )
    return Scored(
        sentences=sentences,
        groups=scored_groups,
        salience=tuple(round(float(x), 6) for x in salience),
        topicality=tuple(round(float(x), 6) for x in topic),
        similar=tuple((int(i), int(j), round(float(v), 6)) for i, j, v in zip(*pairs, strict=True)),
        stated=stated,
        agree=tuple(sorted(agree)),
        rivals=tuple(sorted(rivals)),
        weight=weight,
        voice=tuple(voice),
    )
