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

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from briefgen.models import Sentence, Stated
from briefgen.score import match

Window = tuple[int, ...]  # consecutive sentence indices of one article
match_pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
# A clause stands for its sentence (its support is the sentence's) only when it carries this
# share of the sentence's weighted content; calibrated on the dev clusters' citations.
CLAIM_SHARE = 0.3
# A two-sentence window is tried only when the partner alone carries this much of the claim
# (or states it outright): below it, the neighbouring sentence would have to carry the rest.
PAIR_WORTH = 0.25
PER_SOURCE = 3  # partner sentences tried per other article (2 / 3 / all: 32 / 33 / 31 found)


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
    joined: dict[Window, tuple[match.Statement, frozenset[str]]] = {}

    def window_statement(w: Window) -> tuple[match.Statement, frozenset[str]]:
        if w not in joined:
            text = match.join([statements[k] for k in w])
            joined[w] = (text, match.meanings(text.terms))
        return joined[w]

    partners = _partners(sentences, voice, pairs)

    result: list[Stated] = []
    agree: set[tuple[int, int]] = set()
    rivals: set[tuple[int, int]] = set()
    for i in range(len(sentences)):
        whole = match.prepare(statements[i], weight)
        claims = [(text, clause, whole) for text, clause in match.clauses(sentences[i])]
        bare = match.unattributed(sentences[i])
        if bare:  # the claims without who is quoted for them, a share of what is said
            said = match.prepare(match.join([c for _, c in bare]), weight)
            claims += [(text, clause, said) for text, clause in bare]
        options = []
        for text, clause, base in claims:
            claim = match.prepare(clause, weight)
            if claim.total < CLAIM_SHARE * base.total:
                continue  # too small a part of the sentence to stand for it
            best = _best_windows(
                i, claim, whole, partners[i], sentences, windows, window_statement, weight, rivals
            )
            chosen = tuple(sorted(best.values(), key=lambda w: w[0]))
            voices = frozenset({voice[i]} | {voice[w[0]] for w in chosen})
            share = min(1.0, claim.total / base.total) if base.total else 1.0
            options.append((len(voices), share, text, chosen, voices))
        if not options:
            options.append((1, 1.0, sentences[i].text, (), frozenset({voice[i]})))
        # the claim of the sentence that most outlets state (ties: the fuller claim)
        _, share, text, chosen, voices = max(options, key=lambda o: (o[0], o[1]))
        for w in chosen:
            for j in w:
                agree.add((min(i, j), max(i, j)))
        result.append(Stated(chosen, voices, text, round(share, 3)))
    return tuple(result), frozenset(agree), frozenset(rivals - agree)


def _partners(
    sentences: Sequence[Sentence], voice: Sequence[str], pairs: match_pairs
) -> dict[int, list[int]]:
    """Per sentence: its closest sentences in other outlets, at most ``PER_SOURCE`` of each
    article (a source states a fact in one place; its next-best sentences rarely do)."""
    ranked: dict[int, list[tuple[float, int]]] = {k: [] for k in range(len(sentences))}
    rows, cols, sims = pairs
    for i, j, sim in zip(rows.tolist(), cols.tolist(), sims.tolist(), strict=True):
        if voice[i] != voice[j]:
            ranked[i].append((-sim, j))
            ranked[j].append((-sim, i))
    partners: dict[int, list[int]] = {}
    for k, found in ranked.items():
        taken: dict[str, int] = {}
        kept = []
        for _, j in sorted(found):
            source = sentences[j].source
            if taken.get(source, 0) < PER_SOURCE:
                taken[source] = taken.get(source, 0) + 1
                kept.append(j)
        partners[k] = kept
    return partners


def _best_windows(
    i: int,
    claim: match.Prepared,
    whole: match.Prepared,
    partners: Sequence[int],
    sentences: Sequence[Sentence],
    windows: Mapping[int, list[Window]],
    window_statement: Callable[[Window], tuple[match.Statement, frozenset[str]]],
    weight: match.Weight,
    rivals: set[tuple[int, int]],
) -> dict[str, Window]:
    """Per other article: the window that states ``claim``: its closest sentence that does,
    else the best window with a neighbour. A window that contradicts any part of the whole
    sentence states none of it; a single sentence that does is recorded as a rival."""
    best: dict[str, tuple[float, Window]] = {}
    for j in partners:  # closest first
        source = sentences[j].source
        if source in best and len(best[source][1]) == 1:
            continue  # one of its sentences states it already
        for w in windows[j]:
            text, senses = window_statement(w)
            found = match.decide(claim, text, senses, weight)
            if found.states and claim is not whole and match.conflicts(whole.statement, text):
                found = match.Match(found.cover, 0.0, found.missing, "whole")
                if len(w) == 1 and match.decide(whole, text, senses, weight).rival:
                    rivals.add((min(i, j), max(i, j)))
            elif len(w) == 1 and found.rival:
                rivals.add((min(i, j), max(i, j)))
            if found.states:
                known = best.get(source)
                if known is None or (found.cover, -len(w)) > (known[0], -len(known[1])):
                    best[source] = (found.cover, w)
            if len(w) == 1 and found.states:
                break  # the sentence alone states it: a window with a neighbour says no more
            if len(w) == 1 and not found.states:
                cover = (
                    found.cover
                    if found.missing is None
                    else match.coverage(claim, text.terms, senses)
                )
                if cover < PAIR_WORTH:
                    break  # a neighbour cannot lift a sentence that shares this little
    return {source: w for source, (_, w) in best.items()}


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
