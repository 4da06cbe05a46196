"""The disagreement finder's candidate sentence pairs: the gate and the partner cap, with
sentences copied word for word (one group of identical rows), checked against the rule
written out."""

from __future__ import annotations

import numpy as np
import pytest

from briefgen.analysis import pairing as d
from briefgen.models import Sentence


def _by_hand(
    terms: dict[int, frozenset[str]], names: dict[int, frozenset[str]], source: list[str]
) -> list[tuple[int, int]]:
    pairs = set()
    for a in terms:
        found = []
        for b in terms:
            count = len(terms[a] & terms[b])
            if b == a or source[a] == source[b] or count < 2:
                continue
            smaller = max(min(len(terms[a]), len(terms[b])), 1)
            overlap = count / smaller
            if not ((count >= d.MIN_SHARED or count == smaller) and overlap >= d.MIN_OVERLAP):
                continue
            strong = (
                bool(names[a] & names[b])
                or count >= d.MIN_SHARED_WITHOUT_NAME
                or overlap >= d.MIN_OVERLAP_WITHOUT_NAME
            )
            if strong:
                found.append((-overlap, b))
        for _, b in sorted(found)[: d.MAX_PARTNERS]:
            pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


@pytest.mark.parametrize("partners", [2, 5, 48])
def test_candidate_pairs_with_copied_sentences_follow_the_rule(
    monkeypatch: pytest.MonkeyPatch, partners: int
) -> None:
    rng = np.random.default_rng(13)
    words = [f"w{k}" for k in range(9)]
    distinct = [
        (
            frozenset(rng.choice(words, size=rng.integers(2, 7), replace=False).tolist()),
            frozenset(rng.choice(["Ana", "Oslo", "Kiev"], size=rng.integers(0, 2)).tolist()),
        )
        for _ in range(10)
    ]
    # each distinct sentence copied 1 to 6 times, into articles of 6 outlets (some twice)
    rows = [distinct[k] for k in rng.permutation(np.repeat(range(10), rng.integers(1, 7, 10)))]
    source = [f"outlet{rng.integers(0, 6)}" for _ in rows]
    terms = {k: t for k, (t, _) in enumerate(rows)}
    names = {k: n for k, (_, n) in enumerate(rows)}
    sentences = [Sentence(source[k], k, 0, "", (), ()) for k in range(len(rows))]
    monkeypatch.setattr(d, "MAX_PARTNERS", partners)
    monkeypatch.setattr(d, "_BLOCK_ROWS", 3)
    found = d.candidates(sentences, terms, names, None, frozenset())
    assert found == _by_hand(terms, names, source)
