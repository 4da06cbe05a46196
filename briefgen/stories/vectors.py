"""Article features -> TF-IDF rows for story clustering (the linkage's first step).

Sublinear tf times ``idf`` (ln((N+1)/(df+1)) for words, so a word in every article weighs
nothing; ln((N+1+BACKGROUND)/(df+1)) for names, so a pile of one event keeps its names'
weight; each group of copies counted once) over canonical terms and ``@name`` features
(names weigh ``NAME_WEIGHT`` times a word); terms seen in one article only are left out
(they cannot link two articles); rows L2-normalised; yesterday's stories (``Seed``) are
extra rows. ``linking`` drops the candidate pairs of two articles that share only terms
found in every article.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, count

import numpy as np
from scipy import sparse

from briefgen.stories.extract import Features

NAME_WEIGHT = 1.5
# A name's idf is read as if the pile sat among BACKGROUND more articles that do not have
# it: the people, places and bodies of an event are rare in the news at large, and a pile
# of one event, where every article names them, would otherwise weigh them at nothing and
# split the event by each article's own angle. The effect fades as the pile grows (500
# articles: +0.02 on every name). Words keep the pile's own idf: in a pile of a few
# articles a common word ("said", "year") is in most of them, and read against a
# background it links unrelated stories (a background for words too lost precision on
# small piles of several DUC 2003 topics: B-cubed F1 0.951 -> 0.844 at 10). Calibrated on
# DUC 2003 only (benchmarks/README.md, eighth round): with 0 / 5 / 10 / 20, 13 / 18 / 22 /
# 25 of its 30 topics briefed alone are one story, piles of 3 topics with 1-3 articles
# each score 0.951 / 0.944 / 0.936 / 0.930 and 5 topics 0.901 / 0.891 / 0.890 / 0.871;
# the whole mix is the same clustering at each.
BACKGROUND = 10


@dataclass(frozen=True)
class Seed:
    """A story from an earlier edition: its id, top terms (term -> weight) and last day."""

    id: str
    terms: Mapping[str, float]
    day: int | None


def vectorize(
    features: Sequence[Features],
    seeds: Sequence[Seed] = (),
    name_weight: float = NAME_WEIGHT,
    groups: np.ndarray | None = None,
    counted: tuple[sparse.csr_matrix, list[str]] | None = None,
) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised rows for the articles then the seeds, and the vocabulary.

    Term weights are sublinear tf times ``idf``: a word in every article weighs nothing, a
    name in every article of a small pile still weighs (``BACKGROUND``).
    ``groups`` gives each article's copy group (copies of one report share a number); a
    group counts as one document in the document frequencies, so a report reprinted
    eight times does not make its own words common. Rows are normalised over all of an
    article's terms, then the terms no other article shares are left out: they add nothing
    to any cosine, but leaving them out of the norm would make two short articles that
    share one common word look alike. ``counted`` is ``term_counts(features)`` when the
    caller has it already.
    """
    counts, vocabulary = counted or term_counts(features)
    if not vocabulary:
        return sparse.csr_matrix((len(features) + len(seeds), 1)), [""]
    names = np.array([t.startswith("@") for t in vocabulary])
    weights = np.where(names, name_weight, 1.0)
    background = np.where(names, float(BACKGROUND), 0.0)
    weighted = sparse.csr_matrix(counts @ sparse.diags(weights * idf(counts, groups, background)))
    weighted.eliminate_zeros()
    matrix = normalize_rows(weighted)
    shared = np.flatnonzero(np.bincount(matrix.indices, minlength=len(vocabulary)) >= 2)
    matrix = sparse.csr_matrix(matrix[:, shared])
    vocabulary = [vocabulary[k] for k in shared]
    if seeds:
        column = {t: k for k, t in enumerate(vocabulary)}
        rows, cols, vals = [], [], []
        for r, seed in enumerate(seeds):
            for term, weight in sorted(seed.terms.items()):
                if term in column:
                    rows.append(r)
                    cols.append(column[term])
                    vals.append(weight)
        extra = sparse.csr_matrix((vals, (rows, cols)), shape=(len(seeds), len(vocabulary)))
        matrix = sparse.csr_matrix(sparse.vstack([matrix, extra]))
    return matrix, vocabulary


def term_counts(features: Sequence[Features]) -> tuple[sparse.csr_matrix, list[str]]:
    """Sublinear term frequencies (1 + ln tf) of the terms and names, and the vocabulary
    (empty when no article has a term): ``TermCounts`` of all the articles at once."""
    counts = TermCounts()
    counts.add(features)
    return counts.result()


class TermCounts:
    """Articles' features, added in input order -> ``term_counts`` of them all.

    The matrix scikit-learn's ``TfidfVectorizer(sublinear_tf=True, use_idf=False,
    norm=None)`` gives, to the bit and in its layout (columns in alphabetical order, each
    row's entries in the order the terms were first seen in the whole input, 32-bit
    indices), counted in numpy. Each term is numbered when first seen, and the articles are
    counted in batches of ``BATCH`` as they are added: an edition adds each source's
    articles as soon as they and all before them are read, so the counting keeps pace with
    the reading instead of waiting, alone, for its end. 10,000 articles: 0.8 s in
    scikit-learn, 0.2 s at once here (batches are kinder to the cache than one pass), and
    0.03 s left to do once the last is added.
    """

    BATCH = 256

    def __init__(self) -> None:
        self._rows = 0  # articles counted so far (those added less those waiting)
        self._ids: defaultdict[str, int] = defaultdict(count().__next__)  # by first sight
        self._waiting: list[Features] = []
        # per batch: each (article, term number) pair once, by article then term, its count
        self._counted: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, features: Sequence[Features]) -> None:
        """The next articles' features, in input order."""
        self._waiting.extend(features)
        while len(self._waiting) >= self.BATCH:
            self._count(self.BATCH)

    @property
    def articles(self) -> int:
        """How many articles were added."""
        return self._rows + len(self._waiting)

    def _count(self, size: int) -> None:
        documents = [[*f.terms, *f.names] for f in self._waiting[:size]]
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        total = int(lengths.sum())
        seen = np.fromiter(
            map(self._ids.__getitem__, chain.from_iterable(documents)), np.int64, total
        )
        terms = max(1, len(self._ids))
        rows = np.repeat(np.arange(len(documents)), lengths)
        cells, counts = np.unique(np.asarray(rows * terms + seen), return_counts=True)
        row, term = np.divmod(cells, terms)
        self._counted.append((row + self._rows, term, counts))
        self._rows += len(documents)
        del self._waiting[:size]

    def result(self) -> tuple[sparse.csr_matrix, list[str]]:
        """The counts of every article added: (sublinear tf matrix, vocabulary)."""
        if self._waiting:
            self._count(len(self._waiting))
        ids = self._ids
        if not ids:
            return sparse.csr_matrix((self._rows, 0)), []
        row, term, counts = (np.concatenate(parts) for parts in zip(*self._counted, strict=True))
        vocabulary = sorted(ids)
        rank = np.empty(len(ids), dtype=np.int32)
        rank[[ids[t] for t in vocabulary]] = np.arange(len(ids), dtype=np.int32)
        indptr = np.zeros(self._rows + 1, dtype=np.int32)
        np.cumsum(np.bincount(row, minlength=self._rows), out=indptr[1:])
        tf = np.log(counts.astype(np.float64)) + 1.0
        shape = (self._rows, len(ids))
        return sparse.csr_matrix((tf, rank[term], indptr), shape=shape), vocabulary


def idf(
    counts: sparse.csr_matrix,
    groups: np.ndarray | None = None,
    background: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Per column: ln((N + 1 + B) / (df + 1)), N documents, df of them with the term, B the
    column's ``background`` (documents without the term, as if the pile sat among them);
    each copy group one document. Without the usual "+ 1", a word found in every article
    weighs nothing instead of half a rare word's weight."""
    if groups is None:
        groups = np.arange(counts.shape[0])
    labels, inverse = np.unique(groups, return_inverse=True)
    rows = np.repeat(inverse, np.diff(counts.indptr))
    present = sparse.csr_matrix(
        (np.ones(rows.size), (rows, counts.indices)), shape=(labels.size, counts.shape[1])
    )
    present.sum_duplicates()
    df = np.bincount(present.indices, minlength=counts.shape[1])
    return np.log((labels.size + 1.0 + background) / (df + 1.0))


def row_norms(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())


def normalize_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = row_norms(matrix)
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def linking(
    matrix: sparse.csr_matrix,
    n: int,
    groups: np.ndarray,
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``pairs`` (i, j, cosine) without those of two articles that share only terms found
    in every article (each group of copies one article; ``groups``: each row's group).

    Such a term tells none of the pile's articles apart, so it links no two of them (on a
    small day, the town every story happens in does not link a concert review to a flood),
    but it counts in how close two linked articles are (in a pile of one event, the
    event's names). Pairs with a seed (rows ``n`` and up) are kept. Only a pile whose
    articles all share a term pays for the check.
    """
    pi, pj, pv = pairs
    everywhere = _everywhere(matrix, n, groups)
    if everywhere.size == 0:
        return pairs
    among = (pi < n) & (pj < n)
    rest = np.ones(matrix.shape[1], dtype=bool)
    rest[everywhere] = False
    kept = sparse.csr_matrix(matrix[:, np.flatnonzero(rest)])
    shared = np.asarray(kept[pi[among]].multiply(kept[pj[among]]).sum(axis=1)).ravel() > 0
    keep = ~among
    keep[among] = shared
    return pi[keep], pj[keep], pv[keep]


def _everywhere(matrix: sparse.csr_matrix, n: int, groups: np.ndarray) -> np.ndarray:
    """The columns that every copy group among the first ``n`` rows has a term in."""
    groups = groups[:n]
    count = np.unique(groups).size
    end = matrix.indptr[n]
    articles = np.bincount(matrix.indices[:end], minlength=matrix.shape[1])
    possible = np.flatnonzero(articles >= count)  # a copy group counts its copies here
    if possible.size == 0 or count < 2:
        return possible[:0]
    sub = sparse.csr_matrix(matrix[:n][:, possible])
    rows = np.repeat(groups, np.diff(sub.indptr))
    cells = np.unique(rows * possible.size + sub.indices)  # each (group, column) once
    df = np.bincount(cells % possible.size, minlength=possible.size)
    return possible[df == count]


def closest(
    ends: np.ndarray,
    partners: np.ndarray,
    cosines: np.ndarray,
    k: int,
    groups: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Links (end, partner, cosine) -> each end's ``k`` closest partners, by end, closest
    first (ties to the lower index). With ``groups`` (each row's copy group), a group is one
    partner (its closest member) and an end's own group none."""
    order = np.lexsort((partners, -cosines, ends))
    ends, partners, cosines = ends[order], partners[order], cosines[order]
    if groups is not None:
        other = groups[partners] != groups[ends]
        ends, partners, cosines = ends[other], partners[other], cosines[other]
        _, firsts = np.unique(ends * groups.size + groups[partners], return_index=True)
        keep = np.zeros(ends.size, dtype=bool)
        keep[firsts] = True
        ends, partners, cosines = ends[keep], partners[keep], cosines[keep]
    start = np.searchsorted(ends, ends)  # where each end's run starts
    near = np.arange(ends.size) - start < k
    return ends[near], partners[near], cosines[near]
