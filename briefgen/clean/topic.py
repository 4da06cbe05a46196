"""Article texts -> copy groups (word shingles) and topic similarity (TF-IDF, scikit-learn).

scikit-learn stays inside this module: callers pass strings and get back plain floats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Syndicated copies of one wire story share most of their 5-word runs even after an
# outlet trims or retitles them; independent reports of one event share only quotes
# and names. Containment (shared shingles / shingles of the shorter text) of the five
# embedded articles, pairwise, is at most 0.06 and of the independent reports in
# tests/fixtures/clean at most 0.10; the wire copy there (new headline and lede, last
# paragraph and sign-off cut) scores 0.94. 0.5 sits far from both.
SHINGLE_SIZE = 5
DUPLICATE_MIN_CONTAINMENT = 0.5

_WORD = re.compile(r"\w+")


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _WORD.findall(text.casefold())
    if len(tokens) < SHINGLE_SIZE:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(
        tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(len(tokens) - SHINGLE_SIZE + 1)
    )


def containment(first: str, second: str) -> float:
    """Share of the shorter text's word 5-grams that also occur in the other text."""
    a, b = _shingles(first), _shingles(second)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copy_of(texts: Sequence[str]) -> list[int | None]:
    """For each text, the index of the earliest text it copies, or None if it is original.

    Texts are compared in order, each only with earlier originals, so a copy always
    points at the first text of its group. Empty texts are never copies.
    """
    originals: list[int] = []
    result: list[int | None] = []
    for index, text in enumerate(texts):
        match = next(
            (
                earlier
                for earlier in originals
                if containment(texts[earlier], text) >= DUPLICATE_MIN_CONTAINMENT
            ),
            None,
        )
        result.append(match)
        if match is None and text.strip():
            originals.append(index)
    return result


def _analyzer(text: str) -> list[str]:
    from briefgen.segment import content_stems, words

    return list(content_stems(words(text)))


def similarity_to_others(
    documents: Sequence[Sequence[str]],
    groups: Sequence[int],
    queries: Sequence[Sequence[str]],
) -> list[list[float] | None]:
    """Cosine of each query text of article i to the centroid of the *other* articles.

    ``documents[i]`` are article i's paragraphs (the TF-IDF vocabulary and weights are
    fitted on every paragraph of every article); articles in the same group (copies of
    one another) do not count as "other". An article with no other group to compare
    with gets None.
    """
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    corpus = [p for doc in documents for p in doc]
    if not corpus:
        return [None for _ in documents]
    vectorizer = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True)
    try:
        vectorizer.fit(corpus)
    except ValueError:  # no content words at all
        return [None for _ in documents]
    whole = normalize(vectorizer.transform([" ".join(doc) for doc in documents]))
    result: list[list[float] | None] = []
    for i, doc_queries in enumerate(queries):
        others = [j for j, doc in enumerate(documents) if groups[j] != groups[i] and doc]
        if not others or not doc_queries:
            result.append(None)
            continue
        centroid = np.asarray(whole[others].mean(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid))
        if norm == 0.0:
            result.append([0.0 for _ in doc_queries])
            continue
        vectors = normalize(vectorizer.transform(list(doc_queries)))
        result.append([float(v) for v in vectors @ (centroid / norm)])
    return result
