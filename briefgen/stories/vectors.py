"""Article features -> TF-IDF rows for story clustering (the linkage's first step).

Sublinear tf times ``idf`` (ln((N+1)/(df+1)), so a term in every article weighs nothing,
with each group of copies counted once) over canonical terms and ``@name`` features (names
weigh ``NAME_WEIGHT`` times a word); terms seen in one article only are left out (they
cannot link two articles); rows L2-normalised; yesterday's stories (``Seed``) are extra rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from briefgen.stories.extract import Features

NAME_WEIGHT = 1.5


@dataclass(frozen=True)
class Seed:
    """A story from an earlier edition: its id, top terms (term -> weight) and last day."""

    id: str
    terms: Mapping[str, float]
    day: int | None


def _identity(items: Sequence[str]) -> Sequence[str]:
    return items


def vectorize(
    features: Sequence[Features],
    seeds: Sequence[Seed] = (),
    name_weight: float = NAME_WEIGHT,
    groups: np.ndarray | None = None,
    counted: tuple[sparse.csr_matrix, list[str]] | None = None,
) -> tuple[sparse.csr_matrix, list[str]]:
    """L2-normalised rows for the articles then the seeds, and the vocabulary.

    Term weights are sublinear tf times ``idf``: a term in every article weighs nothing.
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
    weights = np.array([name_weight if t.startswith("@") else 1.0 for t in vocabulary])
    weighted = sparse.csr_matrix(counts @ sparse.diags(weights * idf(counts, groups)))
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
    (empty when no article has a term)."""
    documents = [[*f.terms, *f.names] for f in features]
    if not any(documents):
        return sparse.csr_matrix((len(features), 0)), []
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, use_idf=False, norm=None)
    counts = sparse.csr_matrix(vectorizer.fit_transform(documents))
    return counts, list(vectorizer.get_feature_names_out())


def idf(counts: sparse.csr_matrix, groups: np.ndarray | None = None) -> np.ndarray:
    """Per column: ln((N + 1) / (df + 1)), N documents, df of them with the term; each copy
    group one document. Without the usual "+ 1", a term found in every article (on a small
    day, the town all its stories happen in) weighs nothing instead of half a rare term's
    weight, so two articles that share only such terms do not look alike."""
    if groups is None:
        groups = np.arange(counts.shape[0])
    labels, inverse = np.unique(groups, return_inverse=True)
    rows = np.repeat(inverse, np.diff(counts.indptr))
    present = sparse.csr_matrix(
        (np.ones(rows.size), (rows, counts.indices)), shape=(labels.size, counts.shape[1])
    )
    present.sum_duplicates()
    df = np.bincount(present.indices, minlength=counts.shape[1])
    return np.log((labels.size + 1.0) / (df + 1.0))


def row_norms(matrix: sparse.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())


def normalize_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = row_norms(matrix)
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
