"""Article texts -> copy groups (word shingles); paragraph stems -> topic similarity (TF-IDF).

scikit-learn stays inside this module: callers pass strings and get back plain floats.
Both functions grow near-linearly with the corpus: copies are found through an inverted
index of shingles (only texts that share a shingle are compared), and each article's
"centroid of the others" is the corpus sum minus its own copy group's sum.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, repeat

# Syndicated copies of one wire story share most of their 5-word runs even after an
# outlet trims or retitles them; independent reports of one event share only quotes
# and names. Containment (shared shingles / shingles of the shorter text) of the five
# embedded articles, pairwise, is at most 0.06 and of the independent reports in
# tests/fixtures/clean at most 0.10; the wire copy there (new headline and lede, last
# paragraph and sign-off cut) scores 0.94. 0.5 sits far from both.
SHINGLE_SIZE = 5
DUPLICATE_MIN_CONTAINMENT = 0.5
# Two short reports of one event can share half their 5-word runs by the same stock phrases
# ("a crane collapsed at ... on Friday, the fire service said. Police have opened an
# investigation into ..."): a text of fewer than ``SHORT_SHINGLES`` runs in common with
# another is a copy only when it repeats nearly all of it.
SHORT_SHINGLES = 20
SHORT_MIN_CONTAINMENT = 0.8

_WORD = re.compile(r"\w+")


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold())
    if len(tokens) < SHINGLE_SIZE:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(zip(*(tokens[i:] for i in range(SHINGLE_SIZE)), strict=False))


def containment(first: str, second: str) -> float:
    """Share of the shorter text's word 5-grams that also occur in the other text."""
    a, b = _shingles(first), _shingles(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _copies(shared: int, shorter: int) -> bool:
    """Whether ``shared`` 5-word runs of the shorter text's ``shorter`` make it a copy."""
    share = shared / shorter
    return share >= DUPLICATE_MIN_CONTAINMENT and (
        shared >= SHORT_SHINGLES or share >= SHORT_MIN_CONTAINMENT
    )


def copy_of(texts: Sequence[str]) -> list[int | None]:
    """For each text, the index of the earliest text it copies, or None if it is original.

    Texts are compared in order, each only with earlier originals, so a copy always
    points at the first text of its group. Empty texts are never copies. Only originals
    that share at least one shingle with a text are candidates (an inverted index), so the
    work grows with the shared shingles, not with the square of the number of texts.
    """
    index: dict[tuple[str, ...], list[int]] = {}
    sizes: dict[int, int] = {}
    result: list[int | None] = []
    for position, text in enumerate(texts):
        own = _shingles(text)
        # one C-level count over every posting list (584,514 update calls at 1,000 articles)
        shared = Counter(chain.from_iterable(map(index.get, own, repeat(()))))
        match = min(
            (
                earlier
                for earlier, count in shared.items()
                if _copies(count, min(sizes[earlier], len(own)))
            ),
            default=None,
        )
        result.append(match)
        if match is None and text.strip() and own:
            sizes[position] = len(own)
            for shingle in own:
                index.setdefault(shingle, []).append(position)
    return result


def _analyzer(stems: Sequence[str]) -> Sequence[str]:
    return stems  # paragraphs come tokenized (briefgen.segment): nothing is tokenized twice


def similarity_to_others(
    documents: Sequence[Sequence[Sequence[str]]],
    groups: Sequence[int],
    spans: Sequence[Sequence[Sequence[int]]],
) -> list[list[float] | None]:
    """Cosine of each span of article i to the centroid of the *other* articles.

    ``documents[i]`` are article i's paragraphs, each as its content stems (the TF-IDF
    vocabulary and weights are fitted on every paragraph of every article); ``spans[i]``
    lists, per query, the numbers of article i's paragraphs it joins (``(3,)`` one
    paragraph, ``(3, 4, 5)`` a block). Articles in the same group (copies of one another)
    do not count as "other". An article with no other group to compare with gets None.
    """
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.preprocessing import normalize

    corpus = [p for doc in documents for p in doc]
    if not corpus:
        return [None for _ in documents]
    try:
        counts = CountVectorizer(analyzer=_analyzer).fit_transform(corpus)
    except ValueError:  # no content words at all
        return [None for _ in documents]
    weights = TfidfTransformer(sublinear_tf=True).fit(counts)

    starts = np.cumsum([0, *(len(doc) for doc in documents)])
    # one row per article (all its paragraphs) and one per query span, as sums of counts
    rows: list[int] = []
    cols: list[int] = []
    for i, doc in enumerate(documents):
        rows.extend([i] * len(doc))
        cols.extend(range(starts[i], starts[i + 1]))
    n_docs = len(documents)
    query_row = n_docs
    for i, doc_spans in enumerate(spans):
        for span in doc_spans:
            rows.extend([query_row] * len(span))
            cols.extend(int(starts[i]) + p for p in span)
            query_row += 1
    gather = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(query_row, len(corpus)))
    vectors = normalize(weights.transform(gather @ counts))
    whole, queries = vectors[:n_docs], vectors[n_docs:]

    present = np.array([bool(doc) for doc in documents], dtype=float)
    labels = sorted(set(groups))
    slot = {group: k for k, group in enumerate(labels)}
    members = sparse.csr_matrix(
        (present, ([slot[g] for g in groups], range(n_docs))), shape=(len(labels), n_docs)
    )
    group_sums = sparse.csr_matrix(members @ whole)
    group_sizes = np.asarray(members.sum(axis=1)).ravel()
    total = np.asarray(whole.T @ present).ravel()
    n_present = float(present.sum())
    # cos(q, total - own) = (q.total - q.own) / |total - own|: no dense vector per article
    q_total = np.asarray(queries @ total).ravel()
    own_total = np.asarray(group_sums @ total).ravel()
    own_own = np.asarray(group_sums.multiply(group_sums).sum(axis=1)).ravel()
    total_total = float(total @ total)

    result: list[list[float] | None] = []
    first = 0
    for i, doc_spans in enumerate(spans):
        rows_i = slice(first, first + len(doc_spans))
        first += len(doc_spans)
        g = slot[groups[i]]
        if n_present - group_sizes[g] == 0 or not doc_spans:
            result.append(None)
            continue
        square = total_total - 2.0 * own_total[g] + own_own[g]
        if square <= 1e-12 * max(total_total, 1.0):
            result.append([0.0 for _ in doc_spans])
            continue
        q_own = (queries[rows_i] @ group_sums[g].T).toarray().ravel()
        cosines = (q_total[rows_i] - q_own) / np.sqrt(square)
        result.append([float(v) for v in cosines])
    return result
