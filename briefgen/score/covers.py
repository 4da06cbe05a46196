"""Claims and windows of adjacent sentences -> each claim's coverage by each window, in bulk.

``support`` asks how much of a claim each candidate window carries about a million times for
1,000 articles, and most answers are far below any threshold that can change a decision.
``match.coverage`` answers one pair at a time in Python; this answers many pairs at once
with numpy and gives the same numbers to the last bit, so that support decides in Python
only where a decision can turn:

- every sentence's row of *codes* over the vocabulary (terms of the sentences and of the
  claims): 2 or 3 where the sentence has the term, 1 where it has none but shares a meaning
  class with it (WordNet, ``lexical.concepts``), as sparse matrix products;
- a window's code for a term is the larger of its sentences' codes (a window's terms and
  meaning classes are the union of its sentences');
- a claim's coverage by a window is the sum, in the claim's own order, of each term's
  weight (code 2 or 3), its near-synonym weight ``SOFT`` of it (code 1) or nothing,
  divided by the claim's total: the additions ``match.coverage`` makes, one after the
  other (``np.add.accumulate`` along a row adds in order, and adding 0.0 changes nothing),
  so each sum is the same float.

Codes are looked up in a dense buffer of a block of sentences at a time, so memory stays
bounded by ``BUFFER_CELLS`` however large the vocabulary and the corpus grow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from briefgen.score import lexical, match

BUFFER_CELLS = 1 << 22  # bytes of the dense look-up buffer (a block of sentences' codes)


@dataclass(frozen=True)
class Layout:
    """Every sentence's codes over the vocabulary (CSR, see the module docstring)."""

    vocabulary: Mapping[str, int]
    codes: sparse.csr_matrix


def layout(statements: Sequence[match.Statement], claims: Sequence[match.Statement]) -> Layout:
    """The codes of each statement in ``statements`` over the terms of all of them and of
    ``claims`` (the claims' terms are columns so that their near-synonyms are found)."""
    vocabulary: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    for s in statements:
        indices.extend(vocabulary.setdefault(t, len(vocabulary)) for t in s.terms)
        indptr.append(len(indices))
    for c in claims:
        for t in c.terms:
            vocabulary.setdefault(t, len(vocabulary))
    n, size = len(statements), max(1, len(vocabulary))
    has = sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.int32), np.array(indices, dtype=np.int64), indptr),
        shape=(n, size),
    )
    # term -> its meaning classes (word terms only, as ``match.prepare`` and ``meanings``)
    meaning: dict[str, int] = {}
    m_rows: list[int] = []
    m_cols: list[int] = []
    if lexical.available():
        for term, col in vocabulary.items():
            if term[:1] != "#":
                for concept in lexical.concepts(term):
                    m_rows.append(col)
                    m_cols.append(meaning.setdefault(concept, len(meaning)))
    senses = sparse.csr_matrix(
        (np.ones(len(m_rows), dtype=np.int32), (m_rows, m_cols)),
        shape=(size, max(1, len(meaning))),
    )
    # a sentence's meaning classes, then the terms that share one of them
    classes = has @ senses
    classes.data[:] = 1
    near = classes @ senses.T.tocsr()
    near.data[:] = 1
    codes = sparse.csr_matrix(2 * has + near, dtype=np.int8)
    codes.sort_indices()
    return Layout(vocabulary, codes)


@dataclass(frozen=True)
class Claims:
    """Prepared claims laid out flat: claim ``c``'s entries are ``start[c]:start[c + 1]``,
    in the claim's order (``match.Prepared.terms``)."""

    start: np.ndarray
    column: np.ndarray  # the entry's term as a vocabulary column
    plain: np.ndarray  # its weight when the window has the term
    soft: np.ndarray  # its weight when the window has a meaning class of it only
    word: np.ndarray  # not a figure (``coverage(..., figures=False)`` counts words only)
    total: np.ndarray
    words_total: np.ndarray


def claims_of(prepared: Sequence[match.Prepared], vocabulary: Mapping[str, int]) -> Claims:
    columns: list[int] = []
    plain: list[float] = []
    word: list[bool] = []
    start = [0]
    for p in prepared:
        columns.extend([vocabulary[term] for term in p.terms])
        plain.extend(p.plain)
        word.extend([term[:1] != "#" for term in p.terms])
        start.append(len(columns))
    weights = np.array(plain, dtype=np.float64)
    return Claims(
        np.array(start, dtype=np.int64),
        np.array(columns, dtype=np.int64),
        weights,
        match.SOFT * weights,  # each product rounded as ``Prepared.soft``'s
        np.array(word, dtype=bool),
        np.array([p.total for p in prepared], dtype=np.float64),
        np.array([p.words_total for p in prepared], dtype=np.float64),
    )


def coverage(
    table: Layout, claims: Claims, claim: np.ndarray, first: np.ndarray, second: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row ``r``: ``match.coverage`` of claim ``claim[r]`` by the window of sentences
    ``first[r]`` and ``second[r]`` (-1: the first alone), with figures and without."""
    counts = np.diff(claims.start)[claim]
    entries = spans(claims.start[claim], counts)
    code = _codes(table, first, claims.column[entries], counts)
    two = np.flatnonzero(second >= 0)
    if two.size:
        at = spans(_offsets(counts)[two], counts[two])
        code[at] = np.maximum(
            code[at], _codes(table, second[two], claims.column[entries[at]], counts[two])
        )
    value = np.where(code >= 2, claims.plain[entries], 0.0)
    value = np.where(code == 1, claims.soft[entries], value)
    got = _row_sums(value, counts)
    got_words = _row_sums(np.where(claims.word[entries], value, 0.0), counts)
    total, words_total = claims.total[claim], claims.words_total[claim]
    cover = np.divide(got, total, out=np.zeros_like(got), where=total != 0)
    words = np.divide(got_words, words_total, out=np.zeros_like(got), where=words_total != 0)
    return cover, words


def _offsets(counts: np.ndarray) -> np.ndarray:
    return np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)


def spans(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[r] + 0, 1, ... counts[r] - 1`` for every row, concatenated."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    return np.repeat(starts - _offsets(counts), counts) + np.arange(total, dtype=np.int64)


def _codes(table: Layout, rows: np.ndarray, columns: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``table.codes[rows[r], c]`` for each of row r's ``counts[r]`` columns (``columns``,
    row after row), through a dense buffer of a block of sentences at a time."""
    codes = table.codes
    width = codes.shape[1]
    out = np.zeros(columns.size, dtype=np.int8)
    if not columns.size:
        return out
    order = np.argsort(rows, kind="stable")  # rows in sentence order; their items follow
    items = spans(_offsets(counts)[order], counts[order])
    sentence = np.repeat(rows[order], counts[order])
    column = columns[items]
    block = max(1, BUFFER_CELLS // width)
    buffer = np.zeros(block * width, dtype=np.int8)
    bounds = np.searchsorted(sentence, np.arange(0, codes.shape[0] + block, block))
    for b in range(bounds.size - 1):
        lo, hi = bounds[b], bounds[b + 1]
        if lo == hi:
            continue
        first = b * block
        last = min(codes.shape[0], first + block)
        span = slice(codes.indptr[first], codes.indptr[last])
        cells = (
            np.repeat(
                np.arange(last - first, dtype=np.int64), np.diff(codes.indptr[first : last + 1])
            )
            * width
            + codes.indices[span]
        )
        buffer[cells] = codes.data[span]
        out[items[lo:hi]] = buffer[(sentence[lo:hi] - first) * width + column[lo:hi]]
        buffer[cells] = 0
    return out


def _row_sums(value: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Each row's values added one after the other, in order (rows of ``counts`` values,
    concatenated), as a Python loop adds them: rows of equal length side by side, a column
    at a time."""
    sums = np.zeros(counts.size)
    starts = _offsets(counts)
    for n in np.unique(counts):
        if n == 0:
            continue
        rows = np.flatnonzero(counts == n)
        grid = value[starts[rows][:, None] + np.arange(n)]
        sums[rows] = np.add.accumulate(grid, axis=1)[:, -1]
    return sums
