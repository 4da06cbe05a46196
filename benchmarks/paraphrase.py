"""MSRP sentence pairs -> accuracy and F1 of the engine's own same-fact decision.

Run: .venv/bin/python benchmarks/paraphrase.py [--msrp DIR] [--fit]

``briefgen.score.same.same`` (the symmetric read selection uses for redundancy) is scored
on the test pairs with its constant weights and threshold. ``--fit`` fits them anew on the
train pairs only and prints them, to be copied into ``briefgen/score/same.py``:

1. features of every train pair (``same.read``); the pairs ``same`` vetoes (figures of one
   kind that disagree, two places, or one sentence denying what the other states: see
   ``briefgen/score/contradiction.py``) are left out of the fit, since ``same`` says "not the
   same" for them whatever the model says;
2. scikit-learn's LogisticRegression (C = ``REGULARISATION``) on standardised features, the
   standardisation then folded into the weights, so the engine needs no scaler;
3. the threshold: the one with the highest accuracy plus F1 on the train pairs in 10-fold
   cross-validation (the vetoed pairs counted as "not the same"), on average over
   ``REPEATS`` draws of the folds, ties to the one nearest 0.5 (``best_threshold``);
4. the share of train pairs the model would call the same below ``same.FLOOR`` (the pairs
   ``same`` does not measure, for speed).

The test pairs are only scored, never used to choose anything. Term weights are inverse
document frequencies over the train sentences. The rule row is ``match.compare``'s own
symmetric decision (``Match.same``), its threshold swept on the train pairs.
The data is read from ``../shared/bench/msrp`` beside the repository, never copied here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
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
# Earlier reads of this benchmark's test pairs, for the side-by-side table.
PREVIOUS = (
    ("briefgen before v2 (cosine rule, measured in the issue)", 70.1, 80.1),
    ("briefgen same.same before (25 measures, one way, measured here)", 74.7, 81.8),
    (
        "briefgen same.same before the exact vetoes (any figure, any negation; measured here)",
        77.4,
        83.1,
    ),
    (
        "briefgen same.same before the narrower vetoes (units, ages, clauses; measured here)",
        77.6,
        83.7,
    ),
    (
        "briefgen same.same before ranges, 'per cent', cents as money and denials of a stated "
        "word only (measured here)",
        77.5,
        83.6,
    ),
    (
        "briefgen same.same before the clause measures (79 measures, most accurate threshold "
        "over 5 draws; measured here)",
        77.7,
        83.8,
    ),
)
FOLDS = 10
# The cross-validation is repeated with other folds and the threshold chosen on the mean: one
# draw of the folds moves the most accurate threshold by a few hundredths (0.50 .. 0.54), and
# with 5 draws the mean still moved it from 0.51 to 0.52 for three pairs more in the fit.
REPEATS = 20
# Inverse regularisation strength of the logistic fit (scikit-learn's C). In the repeated train
# cross-validation C = 0.1 / 0.15 / 0.2 / 0.3 / 0.5 / 1 / 3 give 76.55 / 76.67 / 76.68 / 76.78 /
# 76.77 / 76.70 / 76.62 % (mean of 5 repeats, each C at its best threshold); 0.3 against 0.1 is
# +0.16 points with a spread of 0.11 over 10 paired repeats, within the noise, so the stronger
# regularisation stays: it keeps the weights small, so that pairs unlike MSRP's (sentences with
# little in common, which selection meets and MSRP's judges never saw) are not read through
# large weights that cancel each other (with C = 1 the model called "the same" a pair of the
# edition test fixtures that shares a storm's name and little else). Re-measured with the
# narrower vetoes (units, ages, bounds, clauses): 0.3 against 0.1 is +0.21 points with a spread
# of 0.13 over 10 paired repeats (77.14 / 76.91 % at threshold 0.50), the same picture: 0.1 stays.
REGULARISATION = 0.1
GRID = tuple(round(0.3 + 0.01 * k, 2) for k in range(41))  # thresholds tried: 0.30 .. 0.70
Pair = tuple[int, str, str]
Row = tuple[tuple[float, ...], bool]  # features, vetoed


def load(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        parts = line.split("\t")
        if len(parts) == 5 and parts[0] in ("0", "1"):
            pairs.append((int(parts[0]), parts[3], parts[4]))
    return pairs


def coverage(pairs: list[Pair], weights: object) -> list[tuple[float, bool]]:
    """Per pair: mean coverage both ways (``Match.same``'s measure), a conflicting figure?"""
    from briefgen.models import Sentence
    from briefgen.score import match
    from briefgen.segment import words

    out = []
    for _, a, b in pairs:
        sa = match.statement(Sentence("a", 0, 0, a, words(a), ()))
        sb = match.statement(Sentence("b", 0, 0, b, words(b), ()))
        found = match.compare(sa, sb, weights)  # type: ignore[arg-type]
        out.append(((found.cover + found.back) / 2, found.conflict in ("numbers", "years")))
    return out


def rows(pairs: list[Pair], weights: object) -> list[Row]:
    from briefgen.score import same
    from briefgen.segment import words

    return [same.read(a, words(a), b, words(b), weights) for _, a, b in pairs]  # type: ignore[arg-type]


def fit(found: Sequence[Row], gold: Sequence[int]) -> tuple[list[float], float]:
    """Logistic weights and bias over raw features (standardisation folded in), fitted on
    the pairs ``same`` does not veto."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    kept = [k for k, (_, conflict) in enumerate(found) if not conflict]
    x = np.array([found[k][0] for k in kept], dtype=float)
    y = np.array([gold[k] for k in kept])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=10000).fit((x - mean) / scale, y)
    coef = model.coef_[0] / scale
    bias = float(model.intercept_[0] - (coef * mean).sum())
    return [float(w) for w in coef], bias


def cross_validated(found: Sequence[Row], gold: Sequence[int], seed: int = 0) -> list[float]:
    """Each train pair's probability from a model fitted on the other folds (0 where
    ``same`` vetoes the pair); ``seed`` draws the folds."""
    from sklearn.model_selection import StratifiedKFold

    from briefgen.score import same

    out = [0.0] * len(found)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    for inside, outside in folds.split([0] * len(gold), gold):
        coef, bias = fit([found[k] for k in inside], [gold[k] for k in inside])
        for k in outside:
            values, conflict = found[k]
            out[k] = 0.0 if conflict else same.probability_with(coef, bias, values)
    return out


def counts(said: Sequence[bool], gold: Sequence[int]) -> tuple[float, float]:
    """Accuracy and F1 of class 1, in percent."""
    tp = sum(s and g == 1 for s, g in zip(said, gold, strict=True))
    fp = sum(s and g == 0 for s, g in zip(said, gold, strict=True))
    fn = sum((not s) and g == 1 for s, g in zip(said, gold, strict=True))
    accuracy = sum(s == (g == 1) for s, g in zip(said, gold, strict=True)) / max(1, len(gold))
    return 100 * accuracy, 100 * 2 * tp / max(1, 2 * tp + fp + fn)


def best_threshold(repeats: Sequence[Sequence[float]], gold: Sequence[int]) -> float:
    """The threshold with the highest accuracy plus F1 on average over the repeats of the
    cross-validation (each repeat: every train pair's held-out probability), ties to the one
    nearest 0.5.

    The benchmark's target is a pair, accuracy and F1 each at least a published system's.
    On the train pairs accuracy is flat at its top (within 0.05 points from 0.49 to 0.52,
    against a spread of 0.15 over the draws of the folds), so accuracy alone picks a
    threshold by noise; their sum lets F1 decide within that plateau. Accuracy alone chose
    0.50 there, F1 alone 0.48 (see the benchmarks README)."""
    return max(
        GRID,
        key=lambda t: (
            round(sum(sum(counts([p >= t for p in held], gold)) for held in repeats), 9),
            -abs(t - 0.5),
        ),
    )


def main(argv: list[str] | None = None) -> int:
    from briefgen.models import Sentence
    from briefgen.score import lexical, match, same
    from briefgen.segment import words

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--msrp", type=Path, default=ROOT.parent / "shared" / "bench" / "msrp")
    parser.add_argument("--fit", action="store_true", help="fit same.py's weights on train")
    args = parser.parse_args(argv)
    train = load(args.msrp / "msr_paraphrase_train.txt")
    test = load(args.msrp / "msr_paraphrase_test.txt")
    train_gold, test_gold = [g for g, _, _ in train], [g for g, _, _ in test]
    weights = match.idf_weights(
        match.statement(Sentence("x", 0, 0, t, words(t), ())).terms
        for _, a, b in train
        for t in (a, b)
    )
    train_cover, test_cover = coverage(train, weights), coverage(test, weights)
    rule = max(
        GRID,
        key=lambda t: (
            counts([v >= t and not c for v, c in train_cover], train_gold)[0],
            -abs(t - match.SAME),
        ),
    )
    print(
        f"WordNet: {'yes' if lexical.available() else 'no (stems only)'}; train pairs "
        f"{len(train)}, test pairs {len(test)}; features {len(same.FEATURES)}"
    )
    table: list[tuple[str, Sequence[bool]]] = [
        (
            f"briefgen match.same (SAME={match.SAME})",
            [v >= match.SAME and not c for v, c in test_cover],
        ),
        (
            f"briefgen match.same, threshold {rule:.2f} tuned on train",
            [v >= rule and not c for v, c in test_cover],
        ),
    ]
    test_rows = rows(test, weights)
    notes: list[str] = []
    if args.fit:
        train_rows = rows(train, weights)
        coef, bias = fit(train_rows, train_gold)
        repeats = [cross_validated(train_rows, train_gold, seed) for seed in range(REPEATS)]
        threshold = best_threshold(repeats, train_gold)
        read = [counts([p >= threshold for p in held], train_gold) for held in repeats]
        acc, f1 = (sum(r[k] for r in read) / len(read) for k in (0, 1))
        notes.append(
            f"train, {FOLDS}-fold cross-validation repeated {REPEATS} times: threshold "
            f"{threshold:.2f}, accuracy {acc:.1f}, F1 {f1:.1f} (mean of the repeats)"
        )
        below = [
            k
            for k, (_, a, b) in enumerate(train)
            if _jaccard(a, b) < same.FLOOR
            and not train_rows[k][1]
            and same.probability_with(coef, bias, train_rows[k][0]) >= threshold
        ]
        notes.append(f"train pairs the refitted model calls the same below FLOOR: {len(below)}")
        table.append(
            (
                "briefgen same.same, refitted on train",
                [not c and same.probability_with(coef, bias, f) >= threshold for f, c in test_rows],
            )
        )
    if len(same.WEIGHTS) == len(same.FEATURES):  # else: features changed, not refitted yet
        table.append(
            (
                f"briefgen same.probability >= {same.THRESHOLD} alone (no veto)",
                [same.probability(f) >= same.THRESHOLD for f, _ in test_rows],
            )
        )
        table.append(
            (
                "briefgen same.same: the model, no contradiction (selection)",
                [same.same(a, words(a), b, words(b), weights) for _, a, b in test],  # type: ignore[arg-type]
            )
        )
    for note in notes:
        print(note)
    print()
    print("| system (MSRP test) | accuracy | F1 |")
    print("|---|---|---|")
    for name, said in table:
        acc, f1 = counts(said, test_gold)
        print(f"| {name} | {acc:.1f} | {f1:.1f} |")
    for name, acc, f1 in PREVIOUS:
        print(f"| {name} | {acc} | {f1} |")
    for name, acc, f1 in PUBLISHED:
        print(f"| {name} (published) | {acc} | {f1} |")
    if args.fit:
        print()
        print("WEIGHTS: tuple[float, ...] = (")
        for name, value in zip(same.FEATURES, coef, strict=True):
            print(f"    {value:.6f},  # {name}")
        print(")")
        print(f"BIAS = {bias:.6f}")
        print(f"THRESHOLD = {threshold:.2f}")
    return 0


def _jaccard(a: str, b: str) -> float:
    from briefgen.models import Sentence
    from briefgen.score import match
    from briefgen.segment import words

    ta = match.statement(Sentence("", 0, 0, a, words(a), ())).terms
    tb = match.statement(Sentence("", 0, 0, b, words(b), ())).terms
    return len(ta & tb) / max(1, len(ta | tb))


if __name__ == "__main__":
    sys.exit(main())
