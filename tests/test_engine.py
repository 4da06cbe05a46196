"""Engine internals the benchmarks rely on: blocked sparse pairs and the pooled ROUGE scorer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from briefgen.models import Article
from briefgen.score import similarity
from briefgen.segment import segment

TEXTS = [
    "A fire destroyed the Halden paper mill on Monday night. The mayor closed two schools.",
    "Fire brigade officials said a blaze destroyed the paper mill in Halden on Monday night.",
    "The Halden paper mill was destroyed by fire; the mayor ordered schools closed for two days.",
    "Farmers near Halden reported ash on their fields. Insurers expect a large claim.",
]


def test_blocked_sparse_pairs_equal_the_dense_product(monkeypatch: pytest.MonkeyPatch) -> None:
    sentences = segment([Article(f"s{i}", "o", t) for i, t in enumerate(TEXTS)])
    matrix = similarity.vectorize(sentences)
    monkeypatch.setattr(similarity, "BLOCK_ROWS", 2)  # several blocks on a tiny corpus
    (rows, cols, sims), capped = similarity.similar_pairs(matrix, 0.1)
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
