"""MSRP sentence pairs -> accuracy and F1 of the engine's own same-fact decision.

Run: .venv/bin/python benchmarks/paraphrase.py [--msrp DIR] [--fit]

``briefgen.score.same.same`` (the symmetric read selection uses for redundancy) is scored
with its constant weights; ``--fit`` fits them anew on the train pairs only (scikit-learn's
LogisticRegression, C=1) and prints them, to be copied into ``briefgen/score/same.py``.

The decision is ``briefgen.score.match.compare(a, b, weights).same`` (the two sentences
carry on average ``SAME`` of each other's weighted content, and no figure or year
conflicts): the very function the engine uses for support, citations and redundancy.
Term weights are inverse document frequencies over the train sentences. The threshold is
swept on the train pairs only; the test pairs are scored once with the engine's constant
and once with the train-best value.
The data is read from ``../shared/bench/msrp`` beside the repository, never copied here.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))

PUBLISHED = (
    ("majority class (all 1)", 66.5, 79.9),
    ("vector-space cosine (Mihalcea et al. 2006)", 65.4, 75.3),
    ("Mihalcea et al. 2006, combined measures", 70.3, 81.3),
    ("Qiu et al. 2006", 72.0, 81.6),
    ("Wan et al. 2006", 75.6, 83.0),
    ("Das & Smith 2009", 76.1, 82.7),
    ("Madnani et al. 2012", 77.4, 84.1),
    ("Ji & Eisenstein 2013", 80.4, 85.9),
)
Pair = tuple[int, str, str]


def load(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        if len(parts) == 5 and parts[0] in ("0", "1"):
            pairs.append((int(parts[0]), parts[3], parts[4]))
    return pairs


def measures(pairs: list[Pair], weights: object) -> list[tuple[float, bool, int]]:
    """Per pair: mean coverage both ways, a conflicting figure or year?, gold label."""
    from briefgen.models import Sentence
    from briefgen.score import match
    from briefgen.segment import words

    out = []
    for gold, a, b in pairs:
        sa = match.statement(Sentence("a", 0, 0, a, words(a), ()))
        sb = match.statement(Sentence("b", 0, 0, b, words(b), ()))
        found = match.compare(sa, sb, weights)  # type: ignore[arg-type]
        conflict = found.conflict in ("numbers", "years")
        out.append(((found.cover + found.back) / 2, conflict, gold))
    return out


def feature_rows(pairs: list[Pair], weights: object) -> list[tuple[float, ...]]:
    from briefgen.score import same
    from briefgen.segment import words

    return [same.features(a, words(a), b, words(b), weights) for _, a, b in pairs]  # type: ignore[arg-type]


def fit(rows: list[tuple[float, ...]], gold: list[int]) -> tuple[list[float], float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=5000).fit(rows, gold)
    return [float(w) for w in model.coef_[0]], float(model.intercept_[0])


def counts(said: list[bool], gold: list[int]) -> tuple[float, float]:
    tp = sum(s and g == 1 for s, g in zip(said, gold, strict=True))
    fp = sum(s and g == 0 for s, g in zip(said, gold, strict=True))
    fn = sum((not s) and g == 1 for s, g in zip(said, gold, strict=True))
    accuracy = sum(s == (g == 1) for s, g in zip(said, gold, strict=True)) / max(1, len(gold))
    return 100 * accuracy, 100 * 2 * tp / max(1, 2 * tp + fp + fn)


def score(rows: list[tuple[float, bool, int]], threshold: float) -> tuple[float, float]:
    tp = fp = fn = tn = 0
    for value, conflict, gold in rows:
        said = value >= threshold and not conflict
        tp += said and gold == 1
        fp += said and gold == 0
        fn += (not said) and gold == 1
        tn += (not said) and gold == 0
    accuracy = (tp + tn) / max(1, len(rows))
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    return 100 * accuracy, 100 * f1


def main(argv: list[str] | None = None) -> int:
    from briefgen.score import lexical, match
    from briefgen.segment import words

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--msrp", type=Path, default=ROOT.parent / "shared" / "bench" / "msrp")
    parser.add_argument("--fit", action="store_true", help="fit same.py's weights on train")
    args = parser.parse_args(argv)
    train = load(args.msrp / "msr_paraphrase_train.txt")
    test = load(args.msrp / "msr_paraphrase_test.txt")
    from briefgen.models import Sentence

    weights = match.idf_weights(
        match.statement(Sentence("x", 0, 0, t, words(t), ())).terms
        for _, a, b in train
        for t in (a, b)
    )
    train_rows, test_rows = measures(train, weights), measures(test, weights)
    grid = [round(0.3 + 0.01 * k, 2) for k in range(50)]
    best = max(grid, key=lambda t: (score(train_rows, t)[0], -abs(t - match.SAME)))
    print(
        f"WordNet: {'yes' if lexical.available() else 'no (stems only)'}; train pairs "
        f"{len(train)}, test pairs {len(test)}; train-best threshold {best:.2f}"
    )
    print()
    print("| system | accuracy | F1 |")
    print("|---|---|---|")
    for name, threshold in (
        (f"briefgen match.same (SAME={match.SAME})", match.SAME),
        (f"briefgen, threshold {best:.2f} tuned on train", best),
    ):
        acc, f1 = score(test_rows, threshold)
        print(f"| {name} | {acc:.1f} | {f1:.1f} |")
    from briefgen.score import same

    test_features = feature_rows(test, weights)
    test_gold = [g for g, _, _ in test]
    rows = []
    if args.fit:
        coef, bias = fit(feature_rows(train, weights), [g for g, _, _ in train])
        refit = [same.probability_with(coef, bias, f) >= same.THRESHOLD for f in test_features]
        rows.append(("briefgen same.probability, refitted on train", refit))
    alone = [same.probability(f) >= same.THRESHOLD for f in test_features]
    rows.append(("briefgen same.probability >= 0.5 alone (fitted on train)", alone))
    vetoed = [same.same(a, words(a), b, words(b), weights) for _, a, b in test]  # type: ignore[arg-type]
    rows.append(("briefgen same.same: the model, no conflicting figure (selection)", vetoed))
    for name, said in rows:
        acc, f1 = counts(said, test_gold)
        print(f"| {name} | {acc:.1f} | {f1:.1f} |")
    print("| briefgen before v2 (cosine rule, measured in the issue) | 70.1 | 80.1 |")
    for name, acc, f1 in PUBLISHED:
        print(f"| {name} (published) | {acc} | {f1} |")
    if args.fit:
        print()
        print("WEIGHTS = (")
        for name, value in zip(same.FEATURES, coef, strict=True):
            print(f"    {value:.6f},  # {name}")
        print(")")
        print(f"BIAS = {bias:.6f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
