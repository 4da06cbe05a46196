"""support: bulk coverage equals match.coverage to the last bit, and stated() equals its rule
written out (every window of every partner through match.decide)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
import pytest

import briefgen.ingest
from briefgen.clean import clean
from briefgen.models import Article, Sentence, Stated
from briefgen.pipeline import independent_voices
from briefgen.score import CANDIDATE_FLOOR, CANDIDATES, covers, match, similarity, support
from briefgen.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


@cache
def _corpus(name: str) -> tuple[tuple[Sentence, ...], tuple[str, ...]]:
    """Sentences and their outlets: the embedded corpus, or the invented analysis fixtures
    (three events, nine articles) as one pile."""
    if name == "embedded":
        articles = briefgen.ingest.load([str(briefgen.ingest.embedded_corpus())]).articles
    else:
        paths = sorted(FIXTURES.glob("*/*.txt"))
        articles = tuple(
            Article(f"s{k}", f"outlet{k}", p.read_text(encoding="utf-8"))
            for k, p in enumerate(paths)
        )
    cleaned = clean(articles)
    usable = [a for a in cleaned.articles if a.duplicate_of is None and a.text.strip()]
    sentences = tuple(segment(usable, cleaned.split))
    voice = tuple(support.voices_map(sentences, independent_voices(cleaned.articles)))
    return sentences, voice


CORPORA = ("embedded", "fixtures")


def _windows(sentences: Sequence[Sentence]) -> list[tuple[int, ...]]:
    found: list[tuple[int, ...]] = [(k,) for k in range(len(sentences))]
    found += [
        (k, k + 1)
        for k in range(len(sentences) - 1)
        if sentences[k].source == sentences[k + 1].source
    ]
    return found


@pytest.mark.parametrize("name", CORPORA)
def test_bulk_coverage_is_match_coverage_to_the_last_bit(name: str) -> None:
    sentences, _ = _corpus(name)
    weight = match.weights_for(sentences)
    statements = [match.statement(s) for s in sentences]
    claims = {id(c): c for s in sentences for _, c in match.clauses(s)}
    claims.update({id(s): s for s in statements})
    table = covers.layout(statements, list(claims.values()))
    prepared = [match.prepare(c, weight) for c in claims.values()]
    laid = covers.claims_of(prepared, table.vocabulary)
    windows = _windows(sentences)
    rows = [(c, w) for c in range(len(prepared)) for w in windows]
    claim = np.array([c for c, _ in rows])
    first = np.array([w[0] for _, w in rows])
    second = np.array([w[-1] if len(w) == 2 else -1 for _, w in rows])
    cover, words = covers.coverage(table, laid, claim, first, second)
    assert (cover > 0).sum() > 100 and (cover >= match.STATES).sum() > 10
    for r, (c, w) in enumerate(rows):
        text = match.join([statements[k] for k in w])
        senses = match.meanings(text.terms)
        assert cover[r] == match.coverage(prepared[c], text.terms, senses)
        assert words[r] == match.coverage(prepared[c], text.terms, senses, figures=False)


@pytest.mark.parametrize("name", CORPORA)
def test_decide_says_yes_only_where_support_asks_it(name: str) -> None:
    """support asks ``match.decide`` only about windows that carry ``STATES`` (or ``RIVAL``)
    of a claim, or ``RIVAL_WORDS`` of its words: no other window can state it or rival it."""
    sentences, _ = _corpus(name)
    weight = match.weights_for(sentences)
    statements = [match.statement(s) for s in sentences]
    claims = [c for s in sentences for _, c in match.clauses(s)] + statements
    yes = 0
    for claim in claims:
        prepared = match.prepare(claim, weight)
        for w in _windows(sentences):
            text = match.join([statements[k] for k in w])
            senses = match.meanings(text.terms)
            found = match.decide(prepared, text, senses, weight)
            cover = match.coverage(prepared, text.terms, senses)
            words = match.coverage(prepared, text.terms, senses, figures=False)
            if found.states:
                assert cover >= match.STATES
            if found.rival:
                assert cover >= match.RIVAL or words >= match.RIVAL_WORDS
            yes += found.states or found.rival
    assert yes > 10


def _stated_by_rule(
    sentences: Sequence[Sentence], voice: Sequence[str], weight: match.Weight
) -> tuple[tuple[Stated, ...], frozenset[tuple[int, int]], frozenset[tuple[int, int]]]:
    """``support.stated`` as its docstrings say, without its shortcuts: every window of
    every partner is decided by ``match.decide``."""
    pairs = support.candidate_pairs(sentences, weight, CANDIDATE_FLOOR, CANDIDATES)
    bounds, partners = support._partners(sentences, voice, pairs)
    statements = [match.statement(s) for s in sentences]
    result, agree, rivals = [], set(), set()
    for i, s in enumerate(sentences):
        whole = match.prepare(statements[i], weight)
        options = []
        for text, clause, of in support._claims(s, statements[i]):
            claim, base = match.prepare(clause, weight), match.prepare(of, weight)
            if claim.total < support.CLAIM_SHARE * base.total:
                continue
            best: dict[str, tuple[float, tuple[int, ...]]] = {}
            for j in partners[bounds[i] : bounds[i + 1]].tolist():
                source = sentences[j].source
                if source in best and len(best[source][1]) == 1:
                    continue
                windows = [(j,)]
                if j > 0 and sentences[j - 1].source == source:
                    windows.append((j - 1, j))
                if j + 1 < len(sentences) and sentences[j + 1].source == source:
                    windows.append((j, j + 1))
                for w in windows:
                    said = match.join([statements[k] for k in w])
                    senses = match.meanings(said.terms)
                    found = match.decide(claim, said, senses, weight)
                    partial = clause is not statements[i]
                    if found.states and partial and match.conflicts(whole.statement, said):
                        found = match.Match(found.cover, 0.0, found.missing, "whole")
                        if len(w) == 1 and match.decide(whole, said, senses, weight).rival:
                            rivals.add((min(i, j), max(i, j)))
                    elif len(w) == 1 and found.rival:
                        rivals.add((min(i, j), max(i, j)))
                    if found.states:
                        known = best.get(source)
                        if known is None or (found.cover, -len(w)) > (known[0], -len(known[1])):
                            best[source] = (found.cover, w)
                    if len(w) == 1 and (found.states or found.cover < support.PAIR_WORTH):
                        break
            chosen = tuple(sorted((w for _, w in best.values()), key=lambda w: w[0]))
            voices = frozenset({voice[i]} | {voice[w[0]] for w in chosen})
            share = min(1.0, claim.total / base.total) if base.total else 1.0
            options.append((len(voices), share, text, chosen, voices))
        if not options:
            options.append((1, 1.0, s.text, (), frozenset({voice[i]})))
        _, share, text, chosen, voices = max(options, key=lambda o: (o[0], o[1]))
        agree.update((min(i, j), max(i, j)) for w in chosen for j in w)
        result.append(Stated(chosen, voices, text, round(share, 3)))
    return tuple(result), frozenset(agree), frozenset(rivals - agree)


@pytest.mark.parametrize("name", CORPORA)
def test_stated_is_the_rule_written_out(name: str) -> None:
    sentences, voice = _corpus(name)
    weight = match.weights_for(sentences, voice)
    pairs = support.candidate_pairs(sentences, weight, CANDIDATE_FLOOR, CANDIDATES)
    found = support.stated(sentences, voice, pairs, weight)
    assert found == _stated_by_rule(sentences, voice, weight)
    assert sum(len(s.windows) for s in found[0]) > 5 and found[1]


def test_stated_in_several_chunks_is_stated_in_one(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences, voice = _corpus("embedded")
    weight = match.weights_for(sentences, voice)
    pairs = support.candidate_pairs(sentences, weight, CANDIDATE_FLOOR, CANDIDATES)
    whole = support.stated(sentences, voice, pairs, weight)
    monkeypatch.setattr(support, "CHUNK_ITEMS", 50)
    monkeypatch.setattr(covers, "BUFFER_CELLS", 1000)
    assert support.stated(sentences, voice, pairs, weight) == whole


def test_closest_first_is_lexsort_by_row_value_and_tie() -> None:
    rng = np.random.default_rng(7)
    grid = np.array([0.1, 0.25, 1 / 3, 0.30000000000000004, 0.5, 1.0, 1.0000000000000002])
    for trial in range(200):
        size = int(rng.integers(1, 300))
        rows = np.sort(rng.integers(0, int(rng.integers(1, 40)), size)) + int(rng.integers(0, 999))
        if trial % 3 == 0:
            rows = rng.permutation(rows)
        values = rng.choice(grid, size) if trial % 2 else rng.uniform(0.01, 1.0, size)
        if trial % 5 == 0:  # too far apart for their bits: ordered by rank
            values = 10.0 ** rng.choice(rng.uniform(-300, 0, 9), size)
        ties = rng.integers(0, 20, size)
        expected = np.lexsort((ties, -values, rows))
        assert (similarity.closest_first(rows, values, ties) == expected).all()
    wide = np.array([0, 1 << 40]), np.array([1e-300, 1.0]), np.array([0, 0])
    assert (similarity.closest_first(*wide) == np.lexsort((wide[2], -wide[1], wide[0]))).all()
