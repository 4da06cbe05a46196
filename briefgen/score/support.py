"""Sentences and their candidate partners -> for each sentence, every source that states it.

A sentence's fact is stated by another source when one of that source's windows (a sentence,
or two adjacent ones) carries its key content without contradicting it
(``match.compare(...).states``), whatever else the window says. Candidate windows are those
around the sentence's most similar partners (the sparse TF-IDF pairs of ``similarity``), so
the work grows with the number of similar pairs, not with the square of the sentences.
Most candidate windows carry far too little of a claim to matter: how much each carries is
measured in bulk (``covers``, the same numbers as ``match.coverage``), and ``match.decide`` is
asked only about the windows that carry enough to state the claim or rival it.

A window of another source that reports the same thing with a different number, year or actor
is a rival, not support: such pairs go to the disagreement finder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from briefgen import overlap
from briefgen.models import Sentence, Stated
from briefgen.score import covers, match
from briefgen.score.similarity import closest_first, rank_in_runs

Window = tuple[int, ...]  # consecutive sentence indices of one article
match_pairs = tuple[np.ndarray, np.ndarray, np.ndarray]
# A clause stands for its sentence (its support is the sentence's) only when it carries this
# share of the sentence's weighted content; calibrated on the dev clusters' citations.
CLAIM_SHARE = 0.3
# A two-sentence window is tried only when the partner alone carries this much of the claim
# (or states it outright): below it, the neighbouring sentence would have to carry the rest.
PAIR_WORTH = 0.25
PER_SOURCE = 3  # partner sentences tried per other article (2 / 3 / all: 32 / 33 / 31 found)
OVERLAP_SENTENCES = 500  # fewer are judged in one process (a child costs milliseconds)
CHUNK_ITEMS = 1 << 18  # claim terms looked up in partner sentences at once (bounds memory)


def stated(
    sentences: Sequence[Sentence],
    voice: Sequence[str],
    pairs: match_pairs | Callable[[], match_pairs],
    weight: match.Weight,
) -> tuple[tuple[Stated, ...], frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """Per sentence, who states it; and the (i, j) pairs, i < j, that state one another's
    fact or are rival versions of one fact. ``pairs`` may be a function that gives them: it
    is called once the claims are made (they may be under way in another process, which
    hands back the meaning classes it looked up: ``overlap.memo``), before they are laid out."""
    statements = [match.statement(s) for s in sentences]
    made: dict[tuple[str, tuple[str, ...]], list[Claim]] = {}  # a sentence repeated: once
    claims = []
    for k, s in enumerate(sentences):
        if (s.text, s.words) not in made:
            made[(s.text, s.words)] = _claims(s, statements[k])
        claims.append(made[(s.text, s.words)])
    judge = _Judge(sentences, statements, claims, weight)
    bounds, partners = _partners(sentences, voice, pairs() if callable(pairs) else pairs)
    table = covers.layout(statements, [c for found in made.values() for _, c, _ in found])
    article = np.array(
        [k for k, s in enumerate(sentences) if k == 0 or s.source != sentences[k - 1].source]
    )
    run = np.searchsorted(article, np.arange(len(sentences)), side="right")  # article number

    def judged(first: int, last: int) -> _Judged:
        """Sentences ``first`` to ``last - 1``: who states each, and the pairs found."""
        result: list[Stated] = []
        agree: set[tuple[int, int]] = set()
        rivals: set[tuple[int, int]] = set()
        pending: list[tuple[int, list[_Instance]]] = []
        items = 0
        for i in range(first, last):
            found = judge.instances(i)
            pending.append((i, found))
            items += int(bounds[i + 1] - bounds[i]) * sum(len(c.terms) for _, c, _ in found)
            if items < CHUNK_ITEMS and i + 1 < last:
                continue
            screened = _screen(pending, bounds, partners, run, table)
            for (k, instances), tried in zip(pending, screened, strict=True):
                result.append(_stated(k, instances, tried, voice, judge, rivals))
                judge.done(k)
                for w in result[-1].windows:
                    for j in w:
                        agree.add((min(k, j), max(k, j)))
            pending, items = [], 0
        return result, agree, rivals

    # each sentence is judged on its own (what one judgement remembers only saves work for
    # the next): the later half of the partners in a child process where one can run
    # (briefgen.overlap), the same judgements either way
    half = int(np.searchsorted(bounds, bounds[-1] / 2)) if len(sentences) > 1 else len(sentences)
    worth = len(sentences) >= OVERLAP_SENTENCES
    with overlap.started(judged, half, len(sentences), worth=worth) as later:
        result, agree, rivals = judged(0, half)
        more, more_agree, more_rivals = later.result()
    result += more
    agree |= more_agree
    rivals |= more_rivals
    return tuple(result), frozenset(agree), frozenset(rivals - agree)


_Judged = tuple[list[Stated], set[tuple[int, int]], set[tuple[int, int]]]


# A claim of the sentence worth checking: its text, prepared statement, and what it is part of
_Instance = tuple[str, match.Prepared, match.Prepared]
# A partner whose own sentence can matter: its index, the claim's coverage by it alone and
# of its words alone, and by the window with the sentence before and after it (-1: none)
_Tried = tuple[int, float, float, float, float]


def _stated(
    i: int,
    instances: Sequence[_Instance],
    tried: Sequence[Sequence[_Tried]],
    voice: Sequence[str],
    judge: _Judge,
    rivals: set[tuple[int, int]],
) -> Stated:
    """The claim of sentence ``i`` that most outlets state (ties: the fuller claim)."""
    whole = judge.prepare(judge.statements[i])
    options = []
    for (text, claim, base), partners in zip(instances, tried, strict=True):
        best = _best_windows(i, claim, whole, partners, judge, rivals)
        chosen = tuple(sorted(best.values(), key=lambda w: w[0]))
        voices = frozenset({voice[i]} | {voice[w[0]] for w in chosen})
        share = min(1.0, claim.total / base.total) if base.total else 1.0
        options.append((len(voices), share, text, chosen, voices))
    if not options:
        options.append((1, 1.0, judge.sentences[i].text, (), frozenset({voice[i]})))
    _, share, text, chosen, voices = max(options, key=lambda o: (o[0], o[1]))
    return Stated(chosen, voices, text, round(share, 3))


def _screen(
    pending: Sequence[tuple[int, Sequence[_Instance]]],
    bounds: np.ndarray,
    partners: np.ndarray,
    run: np.ndarray,
    table: covers.Layout,
) -> list[list[list[_Tried]]]:
    """Per sentence and claim: the partners whose windows can state the claim or rival it,
    closest first, with the claims' coverage by their windows measured in bulk. A partner
    is left out when its sentence alone carries less than ``PAIR_WORTH`` of the claim and
    less than ``match.RIVAL_WORDS`` of its words: ``_best_windows`` would try it and move
    on. Pairs are measured only for the partners that carry ``PAIR_WORTH``."""
    prepared: list[match.Prepared] = []
    index: dict[int, int] = {}
    sentence, claim = [], []
    for i, instances in pending:
        for _, c, _ in instances:
            sentence.append(i)
            claim.append(index.setdefault(id(c), len(index)))
            if len(prepared) < len(index):
                prepared.append(c)
    laid = covers.claims_of(prepared, table.vocabulary)
    starts = bounds[np.array(sentence, dtype=np.int64)]
    counts = bounds[np.array(sentence, dtype=np.int64) + 1] - starts
    j = partners[covers.spans(starts, counts)]
    row_claim = np.repeat(np.array(claim, dtype=np.int64), counts)
    alone, words = covers.coverage(table, laid, row_claim, j, np.full(j.size, -1))
    before = np.full(j.size, -1.0)
    after = np.full(j.size, -1.0)
    wide = alone >= PAIR_WORTH
    last = run.size - 1
    has_before = wide & (j > 0) & (run[np.maximum(j - 1, 0)] == run[j])
    has_after = wide & (j < last) & (run[np.minimum(j + 1, last)] == run[j])
    a, b = np.flatnonzero(has_before), np.flatnonzero(has_after)
    if a.size or b.size:
        rows = np.concatenate([a, b])
        first = np.concatenate([j[a] - 1, j[b]])
        second = np.concatenate([j[a], j[b] + 1])
        found, _ = covers.coverage(table, laid, row_claim[rows], first, second)
        before[a], after[b] = found[: a.size], found[a.size :]
    live = np.flatnonzero(wide | (words >= match.RIVAL_WORDS))
    rows_of = np.searchsorted(live, np.cumsum(counts))
    kept = list(
        zip(
            j[live].tolist(),
            alone[live].tolist(),
            words[live].tolist(),
            before[live].tolist(),
            after[live].tolist(),
            strict=True,
        )
    )
    out: list[list[list[_Tried]]] = []
    q, at = 0, 0
    for _, instances in pending:
        per: list[list[_Tried]] = []
        for _ in instances:
            per.append(kept[at : rows_of[q]])
            at = int(rows_of[q])
            q += 1
        out.append(per)
    return out


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
        self.joined: dict[tuple[int, ...], tuple[match.Statement, frozenset[str]]] = {}
        self.meanings: dict[int, frozenset[str]] = {}
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

    def instances(self, i: int) -> list[_Instance]:
        """The claims of sentence ``i`` large enough to stand for it, prepared."""
        self.prepare(self.statements[i])
        found = []
        for text, clause, of in self.claims[i]:
            claim, base = self.prepare(clause), self.prepare(of)
            if claim.total >= CLAIM_SHARE * base.total:  # else too small a part to stand for it
                found.append((text, claim, base))
        return found

    def text(self, window: Window) -> tuple[match.Statement, frozenset[str]]:
        """The window's statement and meaning classes (a window's are its sentences')."""
        parts = [self.statements[k] for k in window]
        key = tuple(id(p) for p in parts)
        found = self.joined.get(key)
        if found is None:
            senses = frozenset().union(*(self.senses(p) for p in parts))
            found = self.joined[key] = (match.join(parts), senses)
        return found

    def senses(self, statement: match.Statement) -> frozenset[str]:
        found = self.meanings.get(id(statement))
        if found is None:
            found = self.meanings[id(statement)] = match.meanings(statement.terms)
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
) -> tuple[np.ndarray, np.ndarray]:
    """Per sentence: its closest sentences in other outlets, at most ``PER_SOURCE`` of each
    article (a source states a fact in one place; its next-best sentences rarely do).
    Closest first; ties: lower index first. Sentence ``x``'s are
    ``partners[bounds[x] : bounds[x + 1]]``; returns ``(bounds, partners)``."""
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
    per_article = k * max(1, len(articles)) + article[j]
    order = closest_first(per_article, sim, j)  # per sentence and article: closest first
    k, j, sim = k[order], j[order], sim[order]
    kept = rank_in_runs(per_article[order]) < PER_SOURCE
    k, j, sim = k[kept], j[kept], sim[kept]
    order = closest_first(k, sim, j)
    k, j = k[order], j[order]
    return np.searchsorted(k, np.arange(n + 1)), j


def _best_windows(
    i: int,
    claim: match.Prepared,
    whole: match.Prepared,
    partners: Sequence[_Tried],
    judge: _Judge,
    rivals: set[tuple[int, int]],
) -> dict[str, Window]:
    """Per other article: the window that states ``claim``: its closest sentence that does,
    else the best window with a neighbour. A window that contradicts any part of the whole
    sentence states none of it; a single sentence that does is recorded as a rival.

    The coverages come from ``_screen``; ``match.decide`` is asked only where its answer
    can be yes: a text states a claim only when it carries ``match.STATES`` of it, and is a
    rival only when it carries ``match.RIVAL`` of it or ``match.RIVAL_WORDS`` of its words
    (tests/test_support.py holds ``match.decide`` to that)."""
    sentences = judge.sentences
    lowest = min(match.STATES, match.RIVAL)
    best: dict[str, tuple[float, Window]] = {}
    for j, alone, words, before, after in partners:  # closest first
        source = sentences[j].source
        if source in best and len(best[source][1]) == 1:
            continue  # one of its sentences states it already
        if alone >= lowest or words >= match.RIVAL_WORDS:
            text, senses = judge.text((j,))
            found = judge.decide(claim, text, senses)
            if found.states and claim is not whole and match.conflicts(whole.statement, text):
                if judge.decide(whole, text, senses).rival:
                    rivals.add((min(i, j), max(i, j)))
            else:
                if found.rival:
                    rivals.add((min(i, j), max(i, j)))
                if found.states:
                    known = best.get(source)
                    if known is None or (found.cover, -1) > (known[0], -len(known[1])):
                        best[source] = (found.cover, (j,))
                    continue  # the sentence alone states it: a neighbour says no more
            alone = found.cover
        if alone < PAIR_WORTH:
            continue  # a neighbour cannot lift a sentence that shares this little
        for w, cover in (((j - 1, j), before), ((j, j + 1), after)):
            if cover < match.STATES:
                continue  # -1: no such window
            text, senses = judge.text(w)
            found = judge.decide(claim, text, senses)
            if not found.states or (claim is not whole and match.conflicts(whole.statement, text)):
                continue
            known = best.get(source)
            if known is None or (found.cover, -2) > (known[0], -len(known[1])):
                best[source] = (found.cover, w)
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
                    if value > row.get(col, 0.0):  # the larger (weights are positive)
                        row[col] = value
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
