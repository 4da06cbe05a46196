"""Engine internals the benchmarks rely on: blocked sparse pairs and the pooled ROUGE scorer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from scipy import sparse

from briefgen.models import Article
from briefgen.score import similarity
from briefgen.segment import segment

TEXTS = [
    "A fire destroyed the Halden paper mill on Monday night. The mayor closed two schools.",
    "Fire brigade officials said a blaze destroyed the paper mill in Halden on Monday night.",
    "The Halden paper mill was destroyed by fire; the mayor ordered schools closed for two days.",
    "Farmers near Halden reported ash on their fields. Insurers expect a large claim.",
]


@pytest.mark.parametrize("threads", [1, 3])  # blocks one by one, or three at once
def test_blocked_sparse_pairs_equal_the_dense_product(
    monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    sentences = segment([Article(f"s{i}", "o", t) for i, t in enumerate(TEXTS)])
    matrix = similarity.vectorize(sentences)
    monkeypatch.setattr(similarity, "BLOCK_ROWS", 2)  # several blocks on a tiny corpus
    (rows, cols, sims), capped = similarity.similar_pairs(matrix, 0.1, threads=threads)
    dense = (matrix @ matrix.T).toarray()
    expected = [
        (i, j)
        for i in range(dense.shape[0])
        for j in range(i + 1, dense.shape[0])
        if dense[i, j] >= 0.1
    ]
    assert list(zip(rows.tolist(), cols.tolist(), strict=True)) == expected
    assert np.allclose(sims, [dense[i, j] for i, j in expected])
    assert not capped.any()


def _capped_pairs_by_hand(
    matrix: np.ndarray, floor: float, neighbours: int
) -> tuple[set[tuple[int, int]], list[bool]]:
    """similar_pairs's rule written out: per row, partners by cosine (ties: identical
    rows' first index, then index), at most a quarter from one group of identical rows."""
    n = matrix.shape[0]
    same = [next(k for k in range(n) if (matrix[k] == matrix[i]).all()) for i in range(n)]
    dots = matrix @ matrix.T
    kept: set[tuple[int, int]] = set()
    capped = []
    for i in range(n):
        found = sorted(
            (-dots[i, j], same[j], j) for j in range(n) if j != i and dots[i, j] >= floor
        )
        per_group: dict[int, int] = {}
        few = []
        for _, group, j in found:
            per_group[group] = per_group.get(group, 0) + 1
            if per_group[group] <= max(1, neighbours // 4):
                few.append(j)
        capped.append(len(few) < len(found) or len(few) > neighbours)
        kept.update((min(i, j), max(i, j)) for j in few[:neighbours])
    return kept, capped


@pytest.mark.parametrize(("block", "threads"), [(3, 1), (3, 3), (1024, 1)])
def test_capped_pairs_with_many_copies_follow_the_rule(
    monkeypatch: pytest.MonkeyPatch, block: int, threads: int
) -> None:
    # rows of small whole numbers, so that every cosine is exact and ties are many; each
    # distinct row copied 1 to 9 times, as outlets copy a wire sentence
    rng = np.random.default_rng(15)
    distinct = rng.integers(0, 3, size=(12, 6)).astype(float)
    matrix = np.repeat(distinct, rng.integers(1, 10, size=12), axis=0)
    matrix = matrix[rng.permutation(matrix.shape[0])]
    monkeypatch.setattr(similarity, "BLOCK_ROWS", block)
    for neighbours in (4, 8, 64):
        (rows, cols, sims), capped = similarity.similar_pairs(
            sparse.csr_matrix(matrix), 3.0, neighbours, threads=threads
        )
        expected, expected_capped = _capped_pairs_by_hand(matrix, 3.0, neighbours)
        assert set(zip(rows.tolist(), cols.tolist(), strict=True)) == expected
        assert list(sims) == [(matrix[i] @ matrix[j]) for i, j in zip(rows, cols, strict=True)]
        assert capped.tolist() == expected_capped


def _quality() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "quality.py"
    spec = importlib.util.spec_from_file_location("quality", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rouge_pools_counts_over_references_and_truncates() -> None:
    pytest.importorskip("rouge_score")
    quality = _quality()
    tokenizer = quality._tokenizer()
    refs = ["the cat sat on the mat", "a dog ran"]
    scores = quality.rouge("the cat sat", refs, tokenizer)
    # unigram hits: the, cat, sat = 3 of 6 + 0 of 3 reference tokens -> 3/9, not max(3/6, 0)
    assert scores["R-1"] == pytest.approx(3 / 9)
    assert scores["R-2"] == pytest.approx(2 / 7)  # "the cat", "cat sat" of 5 + 2 bigrams
    assert quality.truncate("one two\nthree four five", 3) == "one two\nthree"
    long = " ".join(["cat"] * 150)
    assert quality.rouge(long, ["cat"] * 1, tokenizer)["R-1"] == 1.0


def test_rouge_l_is_summary_level_over_lines() -> None:
    pytest.importorskip("rouge_score")
    quality = _quality()
    tokenizer = quality._tokenizer()
    # the reference's one sentence is covered by the union of two summary lines
    scores = quality.rouge("police closed\nthe bridge", ["police closed the bridge"], tokenizer)
    assert scores["R-L"] == pytest.approx(1.0)
    assert quality.rouge("bridge the closed police", ["police closed the bridge"], tokenizer)[
        "R-L"
    ] == pytest.approx(1 / 4)


# -- bounded pairwise work: one fact repeated by many outlets ---------------------------------

FACT_WORDINGS = [
    "A fire destroyed the Halden paper mill on Monday night, the fire brigade said.",
    "Fire brigade officials said a blaze destroyed the paper mill in Halden on Monday night.",
    "The Halden paper mill was destroyed by fire on Monday night, according to the brigade.",
]
OTHER_NEWS = [
    "Insurers expect a claim of several million euros.",
    "The mayor closed two schools until Thursday.",
    "Farmers reported ash falling on their fields.",
    "Police have not ruled out arson.",
    "Three hundred workers were sent home.",
    "The owner promised to rebuild within a year.",
    "Smoke could be seen from the neighbouring town.",
    "A nearby road stayed closed overnight.",
    "The union called a meeting for Tuesday.",
    "Residents were told to keep their windows shut.",
    "Firefighters from Sarpsborg helped overnight.",
    "The mill had been modernised last spring.",
]


def _many_outlets() -> list[Article]:
    return [
        Article(f"s{k}", f"outlet{k}", f"{FACT_WORDINGS[k % 3]} {other}")
        for k, other in enumerate(OTHER_NEWS)
    ]


def test_a_fact_reported_by_many_outlets_in_three_wordings_cites_every_outlet() -> None:
    from briefgen import score as engine

    sentences = segment(_many_outlets())
    scored = engine.score(sentences)
    fact = max(scored.groups, key=lambda g: (g.support, -g.members[0]))
    assert fact.support == len(OTHER_NEWS)
    assert sentences[fact.members[0]].text in FACT_WORDINGS
    stating = {sentences[m].text for m in fact.members}
    assert set(FACT_WORDINGS) <= stating and not stating & set(OTHER_NEWS)


def test_a_disagreement_among_many_outlets_survives_the_partner_cap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefgen.analysis import disagreements, pairing

    texts = [
        f"{12 if k < 8 else 15} people died when the old bridge in Porto collapsed on Monday."
        for k in range(11)
    ]
    articles = [Article(f"s{k}", f"outlet{k}", t) for k, t in enumerate(texts)]
    sentences = segment(articles)
    full = disagreements.find_disagreements(sentences, articles)
    monkeypatch.setattr(pairing, "MAX_PARTNERS", 2)
    (found,) = disagreements.find_disagreements(sentences, articles)
    assert found == full[0]
    assert {c.value for c in found.claims} == {"12", "15"}
    assert {frozenset(c.sources) for c in found.claims} == {
        frozenset(f"s{k}" for k in range(8)),
        frozenset(f"s{k}" for k in range(8, 11)),
    }
