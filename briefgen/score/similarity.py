"""Sentences -> TF-IDF vectors over canonical terms, and sparse cosine pairs above a floor.

Terms are content stems after folding accents and mapping name variants to one form
(briefgen.lexicon: "Türkiye"/"Turkey"/"Turkish"/"Ankara" -> "turkey"), and numbers in one
form ("1,500" and "1500" -> "#1500", "two" -> "#2"). Pairs are found by sparse
matrix products in row blocks, so memory grows with the number of similar pairs, not with
the square of the number of sentences.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from briefgen.lexicon import NUMBER_WORDS, canonicalize, fold
from briefgen.models import Sentence
from briefgen.segment import content_stems, stopwords

BLOCK_ROWS = 2048  # rows per sparse product block: bounds peak memory on large corpora
_NUMBER = re.compile(r"^\d[\d,.]*$")
_US = re.compile(r"\bUS\b")


def terms(sentence: Sentence) -> list[str]:
    """The canonical terms of one sentence (see module docstring)."""
    raw = list(sentence.words)
    if "us" in raw and not _US.search(sentence.text):
        raw = [t for t in raw if t != "us"]  # lower-case "us" is the pronoun
    out: list[str] = []
    stop = stopwords()
    for position, term in canonicalize(raw):
        term = NUMBER_WORDS.get(term, term)
        if _NUMBER.match(term):
            out.append("#" + term.replace(",", "").rstrip("."))
        elif term not in stop:
            out.extend((term,) if term != fold(raw[position]) else stem(term))
    return out


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> tuple[str, ...]:
    """Content stems of one word (cached: a corpus repeats its vocabulary)."""
    return content_stems((word,))


def vectorize(sentences: Sequence[Sentence]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per sentence (an all-zero row for a wordless one)."""
    if not sentences:
        return sparse.csr_matrix((0, 0))
    documents = [terms(s) for s in sentences]
    if not any(documents):
        return sparse.csr_matrix((len(sentences), 1))
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    return sparse.csr_matrix(vectorizer.fit_transform(documents))


def _identity(items: list[str]) -> list[str]:
    return items


def similar_pairs(
    matrix: sparse.csr_matrix, floor: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (i, j, cosine) with i < j and cosine >= floor, sorted by i then j."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    transposed = matrix.T.tocsc()
    for start in range(0, matrix.shape[0], BLOCK_ROWS):
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).tocoo()
        i = block.row + start
        keep = (block.data >= floor) & (block.col > i)
        rows.append(i[keep])
        cols.append(block.col[keep])
        vals.append(block.data[keep])
    if not rows:
        empty = np.zeros(0)
        return empty.astype(int), empty.astype(int), empty
    i_all, j_all, v_all = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    order = np.lexsort((j_all, i_all))
    return i_all[order], j_all[order], v_all[order]


def topicality(matrix: sparse.csr_matrix) -> np.ndarray:
    """Cosine of each row to the normalised centroid of all rows, in [0, 1]."""
    if matrix.shape[0] == 0:
        return np.zeros(0)
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix @ (centroid / norm)).ravel()
