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
from briefgen.score.similarity import rank_in_runs

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
    made: dict[tuple[str, tuple[str, ...]], list[Claim]] = {}  # a sentence repeated: once
    claims = []
    for k, s in enumerate(sentences):
        if (s.text, s.words) not in made:
            made[(s.text, s.words)] = _claims(s, statements[k])
        claims.append(made[(s.text, s.words)])
    judge = _Judge(sentences, statements, claims, weight)
    partners = _partners(sentences, voice, pairs)

    result: list[Stated] = []
    agree: set[tuple[int, int]] = set()
    rivals: set[tuple[int, int]] = set()
    for i in range(len(sentences)):
        whole = judge.prepare(statements[i])
        options = []
        for text, clause, of in claims[i]:
            claim, base = judge.prepare(clause), judge.prepare(of)
            if claim.total < CLAIM_SHARE * base.total:
                continue  # too small a part of the sentence to stand for it
            best = _best_windows(i, claim, whole, partners[i], sentences, judge, rivals)
            chosen = tuple(sorted(best.values(), key=lambda w: w[0]))
            voices = frozenset({voice[i]} | {voice[w[0]] for w in chosen})
            share = min(1.0, claim.total / base.total) if base.total else 1.0
            options.append((len(voices), share, text, chosen, voices))
        judge.done(i)
        if not options:
            options.append((1, 1.0, sentences[i].text, (), frozenset({voice[i]})))
        # the claim of the sentence that most outlets state (ties: the fuller claim)
        _, share, text, chosen, voices = max(options, key=lambda o: (o[0], o[1]))
        for w in chosen:
            for j in w:
                agree.add((min(i, j), max(i, j)))
        result.append(Stated(chosen, voices, text, round(share, 3)))
    return tuple(result), frozenset(agree), frozenset(rivals - agree)


Claim = tuple[str, match.Statement, match.Statement]  # its text, statement, what it is part of


def _claims(sentence: Sentence, whole: match.Statement) -> list[Claim]:
    """The sentence's claims, each with the statement it is a share of: its clauses, of the
    whole sentence; its clauses without who is quoted for them, of what they say together."""
    found = [(text, clause, whole) for text, clause in match.clauses(sentence)]
    bare = match.unattributed(sentence)
    if bare:  # the claims without who is quoted for them, a share of what is said
        said = match.join([c for _, c in bare])
        found += [(text, clause, said) for text, clause in bare]
    return found


View = tuple[Window, match.Statement, frozenset[str]]  # a window, its statement, its meanings


class _Judge:
    """``match.decide`` for many claims and windows, each piece of work done once.

    A window's statement and meaning classes are built once (two adjacent sentences with
    the same texts as another two share them); a claim is prepared once however many
    sentences make it; and the decision on a claim and a text is kept while a sentence
    still to come makes the same claim (many outlets repeat a sentence word for word: in
    the event corpus of ``benchmarks/scale.py`` 236,000 decisions are on 18,000 distinct
    pairs). Statements are told apart by identity: equal sentences share one (``match``
    caches them), and all of them live as long as the judge, so an id is never reused.
    """

    def __init__(
        self,
        sentences: Sequence[Sentence],
        statements: Sequence[match.Statement],
        claims: Sequence[Sequence[Claim]],
        weight: match.Weight,
    ) -> None:
        self.sentences, self.statements, self.weight = sentences, statements, weight
        self.claims = claims
        self.windows = windows_of(sentences)
        self.views: dict[int, list[View]] = {}
        self.joined: dict[tuple[int, ...], tuple[match.Statement, frozenset[str]]] = {}
        # how many sentences still to come make each claim (the whole sentence included)
        self.remaining: dict[int, int] = {}
        for k, found in enumerate(claims):
            for key in _keys(statements[k], found):
                self.remaining[key] = self.remaining.get(key, 0) + 1
        self.prepared: dict[int, match.Prepared] = {}
        self.decided: dict[int, dict[int, match.Match]] = {}

    def prepare(self, claim: match.Statement) -> match.Prepared:
        found = self.prepared.get(id(claim))
        if found is None:
            found = self.prepared[id(claim)] = match.prepare(claim, self.weight)
        return found

    def view(self, j: int) -> list[View]:
        """The windows of sentence ``j`` with their statements and meaning classes."""
        found = self.views.get(j)
        if found is None:
            found = self.views[j] = []
            for w in self.windows[j]:
                parts = [self.statements[k] for k in w]
                key = tuple(id(p) for p in parts)
                if key not in self.joined:
                    text = match.join(parts)
                    self.joined[key] = (text, match.meanings(text.terms))
                found.append((w, *self.joined[key]))
        return found

    def decide(
        self, claim: match.Prepared, text: match.Statement, senses: frozenset[str]
    ) -> match.Match:
        known = self.decided.setdefault(id(claim.statement), {})
        found = known.get(id(text))
        if found is None:
            found = known[id(text)] = match.decide(claim, text, senses, self.weight)
        return found

    def done(self, i: int) -> None:
        """Sentence ``i`` is judged: forget what no sentence to come can reuse."""
        for key in _keys(self.statements[i], self.claims[i]):
            self.remaining[key] -= 1
            if not self.remaining[key]:
                self.prepared.pop(key, None)
                self.decided.pop(key, None)


def _keys(whole: match.Statement, claims: Sequence[Claim]) -> set[int]:
    """The statements a sentence prepares, by identity."""
    return {id(whole), *(id(c) for _, c, _ in claims), *(id(of) for _, _, of in claims)}


def _partners(
    sentences: Sequence[Sentence], voice: Sequence[str], pairs: match_pairs
) -> dict[int, list[int]]:
    """Per sentence: its closest sentences in other outlets, at most ``PER_SOURCE`` of each
    article (a source states a fact in one place; its next-best sentences rarely do).
    Closest first; ties: lower index first."""
    n = len(sentences)
    rows, cols, sims = pairs
    outlets = {v: k for k, v in enumerate(sorted(set(voice)))}
    outlet = np.array([outlets[v] for v in voice], dtype=np.int64)
    articles = {a: k for k, a in enumerate(sorted({s.source for s in sentences}))}
    article = np.array([articles[s.source] for s in sentences], dtype=np.int64)
    cross = outlet[rows] != outlet[cols] if n else np.zeros(0, dtype=bool)
    rows, cols, sims = rows[cross], cols[cross], sims[cross]
    k = np.concatenate([rows, cols]).astype(np.int64)
    j = np.concatenate([cols, rows]).astype(np.int64)
    sim = np.concatenate([sims, sims])
    order = np.lexsort((j, -sim, article[j], k))  # per sentence and article: closest first
    k, j, sim = k[order], j[order], sim[order]
    kept = rank_in_runs(k * max(1, len(articles)) + article[j]) < PER_SOURCE
    k, j, sim = k[kept], j[kept], sim[kept]
    order = np.lexsort((j, -sim, k))
    k, j = k[order], j[order]
    bounds = np.searchsorted(k, np.arange(n + 1)).tolist()
    found = j.tolist()
    return {x: found[bounds[x] : bounds[x + 1]] for x in range(n)}


def _best_windows(
    i: int,
    claim: match.Prepared,
    whole: match.Prepared,
    partners: Sequence[int],
    sentences: Sequence[Sentence],
    judge: _Judge,
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
        for w, text, senses in judge.view(j):
            found = judge.decide(claim, text, senses)
            if found.states and claim is not whole and match.conflicts(whole.statement, text):
                found = match.Match(found.cover, 0.0, found.missing, "whole")
                if len(w) == 1 and judge.decide(whole, text, senses).rival:
                    rivals.add((min(i, j), max(i, j)))
            elif len(w) == 1 and found.rival:
                rivals.add((min(i, j), max(i, j)))
            if found.states:
                known = best.get(source)
                if known is None or (found.cover, -len(w)) > (known[0], -len(known[1])):
                    best[source] = (found.cover, w)
            if len(w) == 1 and found.states:
                break  # the sentence alone states it: a window with a neighbour says no more
            if len(w) == 1 and not found.states and found.cover < PAIR_WORTH:
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
    # per term, once: its column and weight, then its meaning classes' (columns numbered
    # in the order the terms are first met); per distinct statement, once: its row
    columns: dict[str, list[tuple[int, float]]] = {}
    rows: dict[int, tuple[match.Statement, list[int], list[float]]] = {}
    indptr, indices, data = [0], [], []
    for s in sentences:
        statement = match.statement(s)
        if id(statement) not in rows:
            row: dict[int, float] = {}
            for term in sorted(statement.terms):  # sorted: the same columns in any process
                if term not in columns:
                    entry = [(vocabulary.setdefault(term, len(vocabulary)), weight(term))]
                    for meaning in sorted(lexical.concepts(term)) if term[:1] != "#" else ():
                        col = vocabulary.setdefault("~" + meaning, len(vocabulary))
                        entry.append((col, match.SOFT * weight(term)))
                    columns[term] = entry
                for col, value in columns[term]:
                    row[col] = max(row.get(col, 0.0), value)
            ordered = sorted(row)
            rows[id(statement)] = (statement, ordered, [row[col] for col in ordered])
        _, ordered, values = rows[id(statement)]
        indices.extend(ordered)
        data.extend(values)
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
