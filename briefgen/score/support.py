"""Sentences and their candidate partners -> for each sentence, every source that states it.

A sentence's fact is stated by another source when one of that source's windows (a sentence,
or two adjacent ones) carries its key content without contradicting it
(``match.compare(...).states``), whatever else the window says. Candidate windows are those
around the sentence's most similar partners (the sparse TF-IDF pairs of ``similarity``), so
the work grows with the number of similar pairs, not with the square of the sentences.

A window of another source that reports the same thing with a different number, year or actor
is a rival, not support: such pairs go to the disagreement finder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from briefgen.models import Sentence, Stated
from briefgen.score import match

Window = tuple[int, ...]  # consecutive sentence indices of one article
# A clause stands for its sentence (its support is the sentence's) only when it carries this
# share of the sentence's weighted content; calibrated on the dev clusters' citations.
CLAIM_SHARE = 0.3


def windows_of(sentences: Sequence[Sentence]) -> dict[int, list[Window]]:
    """Per sentence index: the windows that contain it (itself, with its previous, with its
    next), within one article and one paragraph run."""
    out: dict[int, list[Window]] = {}
    for k, s in enumerate(sentences):
        found: list[Window] = [(k,)]
        if k > 0 and sentences[k - 1].source == s.source:
            found.append((k - 1, k))
        if k + 1 < len(sentences) and sentences[k + 1].source == s.source:
            found.append((k, k + 1))
        out[k] = found
    return out


def stated(
    sentences: Sequence[Sentence],
    voice: Sequence[str],
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
    weight: match.Weight,
) -> tuple[tuple[Stated, ...], frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """Per sentence, who states it; and the (i, j) pairs, i < j, that state one another's
    fact or are rival versions of one fact."""
    statements = [match.statement(s) for s in sentences]
    windows = windows_of(sentences)
    joined: dict[Window, match.Statement] = {}

    def window_statement(w: Window) -> match.Statement:
        if w not in joined:
            joined[w] = match.join([statements[k] for k in w])
        return joined[w]

    partners: dict[int, list[int]] = {k: [] for k in range(len(sentences))}
    rows, cols, _ = pairs
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if voice[i] != voice[j]:
            partners[i].append(j)
            partners[j].append(i)

    result: list[Stated] = []
    agree: set[tuple[int, int]] = set()
    rivals: set[tuple[int, int]] = set()
    for i in range(len(sentences)):
        options = []
        total = match.weight_of(statements[i], weight)
        for text, claim in match.clauses(sentences[i]):
            if match.weight_of(claim, weight) < CLAIM_SHARE * total:
                continue  # too small a part of the sentence to stand for it
            best: dict[str, tuple[float, Window]] = {}  # per article: its best window
            for j in sorted(partners[i]):
                source = sentences[j].source
                for w in windows[j]:
                    text_w = window_statement(w)
                    found = match.compare(claim, text_w, weight)
                    if found.states and claim is not statements[i]:
                        # a clause is stated only by a text that contradicts no part of
                        # the sentence shown ("12 injured when ..." is not "40 injured when")
                        whole = match.compare(statements[i], text_w, weight)
                        if whole.conflict is not None:
                            if len(w) == 1 and whole.rival:
                                rivals.add((min(i, j), max(i, j)))
                            continue
                    if found.states:
                        known = best.get(source)
                        if known is None or (found.cover, -len(w)) > (known[0], -len(known[1])):
                            best[source] = (found.cover, w)
                    elif len(w) == 1 and found.rival:
                        rivals.add((min(i, j), max(i, j)))
            chosen = tuple(sorted((w for _, w in best.values()), key=lambda w: w[0]))
            voices = frozenset({voice[i]} | {voice[w[0]] for w in chosen})
            share = match.weight_of(claim, weight) / total if total else 1.0
            options.append((len(voices), share, text, chosen, voices))
        # the claim of the sentence that most outlets state (ties: the fuller claim)
        if not options:
            options.append((1, 1.0, sentences[i].text, (), frozenset({voice[i]})))
        _, share, text, chosen, voices = max(options, key=lambda o: (o[0], o[1]))
        for w in chosen:
            for j in w:
                agree.add((min(i, j), max(i, j)))
        result.append(Stated(chosen, voices, text, round(share, 3)))
    return tuple(result), frozenset(agree), frozenset(rivals - agree)


def voices_map(sentences: Sequence[Sentence], voices: Mapping[str, str]) -> list[str]:
    return [voices.get(s.source, s.source) for s in sentences]


def candidate_pairs(
    sentences: Sequence[Sentence], weight: match.Weight, floor: float, neighbours: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sparse cosine pairs over terms and their meaning classes (so that "hurt" meets
    "injuries"), each sentence keeping its ``neighbours`` closest partners."""
    from scipy import sparse

    from briefgen.score import lexical
    from briefgen.score.similarity import similar_pairs

    vocabulary: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for s in sentences:
        row: dict[int, float] = {}
        for term in match.statement(s).terms:
            col = vocabulary.setdefault(term, len(vocabulary))
            row[col] = max(row.get(col, 0.0), weight(term))
            for meaning in lexical.concepts(term) if not term.startswith("#") else ():
                col = vocabulary.setdefault("~" + meaning, len(vocabulary))
                row[col] = max(row.get(col, 0.0), match.SOFT * weight(term))
        for col in sorted(row):
            indices.append(col)
            data.append(row[col])
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.array(data), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(sentences), max(1, len(vocabulary))),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
    found, _ = similar_pairs(matrix, floor, neighbours)
    return found
