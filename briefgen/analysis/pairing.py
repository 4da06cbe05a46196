"""Sentences of several outlets -> the sentence pairs the disagreement finder compares.

A pair passes the sentence gate when the two sentences share enough content words (and a
name, or many words): only such pairs can report one event's values. Shared words are
counted through sparse products of 0/1 term matrices in row blocks, so only pairs with
words in common are ever looked at, and each sentence keeps its ``MAX_PARTNERS``
best-overlapping partners: the work stays linear however often a value is repeated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
from scipy import sparse

from briefgen.analysis.slots import voice_of
from briefgen.models import Sentence
from briefgen.score.similarity import rank_in_runs, run_starts

# Sentence gate, calibrated on the fixtures: two reports of one event share at least three
# content stems and a fifth of the shorter sentence's; a shared name, or five stems, guards
# against generic sentences ("the toll rose") pairing up.
MIN_SHARED = 3
MIN_OVERLAP = 0.2
MIN_SHARED_WITHOUT_NAME = 5
MIN_OVERLAP_WITHOUT_NAME = 0.6
_BLOCK_ROWS = 1024  # sentences per sparse product block: bounds memory on large corpora
# Each sentence is compared with at most this many others (those sharing the largest share
# of its words; ties: earlier first), so a value repeated by thousands of sentences costs
# linear work. Two outlets need one aligned pair to disagree, and components join through
# any member. Within one DUC 2003/2004 cluster the gate passes at most 40 partners for any
# sentence (the embedded corpus: 10), so the cap only binds on large inputs.
MAX_PARTNERS = 48


def candidates(
    sentences: Sequence[Sentence],
    terms: Mapping[int, frozenset[str]],
    names: Mapping[int, frozenset[str]],
    voices: Mapping[str, str] | None,
    same_fact: frozenset[tuple[int, int]],
) -> list[tuple[int, int]]:
    """Sentence pairs (i < j) of different outlets that pass the sentence gate or group together.

    The gate: at least ``MIN_SHARED`` shared content words (or two or more that are all of
    the shorter sentence's), at least ``MIN_OVERLAP`` of the shorter sentence's, and a shared
    name, or ``MIN_SHARED_WITHOUT_NAME`` words, or ``MIN_OVERLAP_WITHOUT_NAME`` of them.

    Shared-word counts come from sparse products of 0/1 term matrices in row blocks, so only
    pairs with words in common are ever looked at; shared names are counted for those pairs
    only; each sentence keeps its ``MAX_PARTNERS`` best-overlapping partners.
    """
    keys = sorted(terms)
    if len(keys) < 2:
        return []
    position = {k: n for n, k in enumerate(keys)}
    word_rows = _incidence([terms[k] for k in keys])
    name_rows = _incidence([names[k] for k in keys])
    sizes = np.asarray(word_rows.sum(axis=1)).ravel()
    outlet = [voice_of(voices, sentences[k].source) for k in keys]
    voice_ids = {v: n for n, v in enumerate(sorted(set(outlet)))}
    voice = np.array([voice_ids[v] for v in outlet])
    pairs: set[tuple[int, int]] = {
        (i, j)
        for i, j in same_fact
        if i in position and j in position and voice[position[i]] != voice[position[j]]
    }
    alike: dict[tuple[frozenset[str], frozenset[str]], int] = {}
    same = np.array([alike.setdefault((terms[k], names[k]), n) for n, k in enumerate(keys)])
    found = list(_partner_codes(word_rows, name_rows, sizes, voice, same))
    code = np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)
    index = np.asarray(keys)
    pairs.update(
        zip(index[code // len(keys)].tolist(), index[code % len(keys)].tolist(), strict=True)
    )
    return sorted(pairs)


def _partner_codes(
    word_rows: sparse.csr_matrix,
    name_rows: sparse.csr_matrix,
    sizes: np.ndarray,
    voice: np.ndarray,
    same: np.ndarray,
) -> Iterator[np.ndarray]:
    """Per block of rows: the pairs (as codes ``smaller * n + larger``) of each row and its
    ``MAX_PARTNERS`` best-overlapping partners of other outlets that pass the gate.

    Rows with the same words and names (``same``: the first such row) are one group, so
    the shared words are counted once per pair of distinct rows (a sentence that outlets copy
    word for word): of a group's partners, ordered as each of its rows orders them (largest
    share of words first, then lower row), only as many as any row can keep, its own outlet's
    skipped, are handed on to the rows.
    """
    n = word_rows.shape[0]
    first = np.flatnonzero(same == np.arange(n))
    group = np.searchsorted(first, same)
    size = np.bincount(group, minlength=first.size)
    members = np.argsort(group, kind="stable")
    offset = np.concatenate([[0], np.cumsum(size)[:-1]])
    # a row skips itself and its outlet's rows: beyond those, MAX_PARTNERS are kept
    enough = MAX_PARTNERS + int(np.bincount(voice).max())
    words, named_rows = word_rows[first], name_rows[first]
    words_t = words.T.tocsc()
    for start in range(0, first.size, _BLOCK_ROWS):
        shared = (words[start : start + _BLOCK_ROWS] @ words_t).tocoo()
        g, h, count = shared.row + start, shared.col, shared.data
        keep = (count >= 2) & ((h != g) | (size[g] > 1))  # h == g: a row's copies
        g, h, count = g[keep], h[keep], count[keep]
        smaller = np.maximum(np.minimum(sizes[first[g]], sizes[first[h]]), 1)
        overlap = count / smaller
        gate = ((count >= MIN_SHARED) | (count == smaller)) & (overlap >= MIN_OVERLAP)
        g, h, count, overlap = g[gate], h[gate], count[gate], overlap[gate]
        strong = (count >= MIN_SHARED_WITHOUT_NAME) | (overlap >= MIN_OVERLAP_WITHOUT_NAME)
        ask = np.flatnonzero(~strong)  # shared names are counted where they decide
        if ask.size:
            named = named_rows[g[ask]].multiply(named_rows[h[ask]]).sum(axis=1)
            strong[ask] = np.asarray(named).ravel() > 0
        g, h, overlap = g[strong], h[strong], overlap[strong]
        # per group, partner groups by overlap: all of those at least as close as the one
        # that brings the count of their rows to ``enough``
        order = np.lexsort((h, -overlap, g))
        g, h, overlap = g[order], h[order], overlap[order]
        rows = np.minimum(size[h], enough)
        runs = run_starts(g)
        within = np.cumsum(rows) - np.repeat(np.cumsum(rows)[runs] - rows[runs], _lengths(runs, g))
        reached = np.flatnonzero(within >= enough)
        if reached.size:  # the first partner group of each group that reaches it
            reached = reached[np.concatenate([[True], g[reached][1:] != g[reached][:-1]])]
        cut = np.full(first.size, -np.inf)
        cut[g[reached]] = overlap[reached]
        take = overlap >= cut[g]
        g, h, overlap, rows = g[take], h[take], overlap[take], rows[take]
        # their first rows, then each group's first ``enough`` of them by (overlap, row)
        pick = np.repeat(np.arange(g.size), rows)
        b = members[offset[h][pick] + rank_in_runs(pick)]
        g, overlap = g[pick], overlap[pick]
        order = np.lexsort((b, -overlap, g))
        g, b, overlap = g[order], b[order], overlap[order]
        kept = rank_in_runs(g) < enough
        g, b, overlap = g[kept], b[kept], overlap[kept]
        # every row of the group: those of other outlets, the first MAX_PARTNERS
        copies = np.repeat(np.arange(g.size), size[g])
        a = members[offset[g][copies] + rank_in_runs(copies)]
        b = b[copies]
        other = (b != a) & (voice[a] != voice[b])
        a, b, overlap = a[other], b[other], overlap[copies][other]
        order = np.lexsort((b, -overlap, a))
        a, b = a[order], b[order]
        near = rank_in_runs(a) < MAX_PARTNERS
        yield np.minimum(a[near], b[near]) * n + np.maximum(a[near], b[near])


def _lengths(starts: np.ndarray, keys: np.ndarray) -> np.ndarray:
    return np.diff(np.append(starts, keys.size))


def _incidence(rows: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    """A 0/1 matrix: one row per set, one column per distinct member."""
    vocabulary: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    for members in rows:
        indices.extend(vocabulary.setdefault(m, len(vocabulary)) for m in sorted(members))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.int32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(1, len(vocabulary))))
