"""Two sentences -> whether they say the same thing: the engine's symmetric same-fact read.

``compare`` (``match``) says how far one statement carries another's content, in either
direction; ``same`` reads both directions together with how the two are worded (shared word
runs, the longest common subsequence, shared character runs, figures given by one and not
the other) through a logistic model. Its weights were fitted on the MSRP train pairs only
(news sentence pairs judged by people: ``benchmarks/paraphrase.py --fit`` prints them) and
are constants here: nothing is learned or downloaded at run time.

Selection uses ``same`` for redundancy: a candidate that says the same thing as a chosen
fact is not shown twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from difflib import SequenceMatcher

from briefgen.models import Sentence
from briefgen.score import match

# Logistic weights over ``features`` (in that order), then the bias. Fitted with
# scikit-learn's LogisticRegression (C=1, lbfgs) on the 4,076 MSRP train pairs, term weights
# being inverse document frequencies over the train sentences; see benchmarks/paraphrase.py.
WEIGHTS: tuple[float, ...] = (
    0.013333,  # cover
    0.188100,  # back
    0.125901,  # cover_min
    0.075533,  # cover_max
    -0.201904,  # conflict_figures
    -0.028029,  # conflict_actors
    -0.211175,  # conflict_negation
    -0.144503,  # missing_one_way
    0.082539,  # missing_other_way
    -3.524444,  # length_gap
    1.639559,  # words_1_a
    1.200019,  # words_1_b
    -0.966959,  # words_2_a
    -0.310490,  # words_2_b
    -2.106540,  # words_3_a
    -1.363372,  # words_3_b
    1.498901,  # terms_jaccard
    1.077612,  # subsequence_a
    1.248868,  # subsequence_b
    1.873481,  # sequence_ratio
    2.173264,  # chars_4_a
    1.563789,  # chars_4_b
    0.132487,  # figures_equal
    -0.316875,  # figures_one_side
    0.174928,  # figures_disjoint
)
BIAS = -4.492574
THRESHOLD = 0.5  # probability above which two sentences say the same thing
# Below this share of terms in common (Jaccard) the pair is not measured at all (speed): of the
# 3,101 MSRP train pairs the model calls the same, one shares less (0.14); of the 1,300 test
# pairs, none (the lowest is 0.19).
FLOOR = 0.15

FEATURES = (
    "cover",
    "back",
    "cover_min",
    "cover_max",
    "conflict_figures",
    "conflict_actors",
    "conflict_negation",
    "missing_one_way",
    "missing_other_way",
    "length_gap",
    "words_1_a",
    "words_1_b",
    "words_2_a",
    "words_2_b",
    "words_3_a",
    "words_3_b",
    "terms_jaccard",
    "subsequence_a",
    "subsequence_b",
    "sequence_ratio",
    "chars_4_a",
    "chars_4_b",
    "figures_equal",
    "figures_one_side",
    "figures_disjoint",
)


def features(
    a: str,
    a_words: Sequence[str],
    b: str,
    b_words: Sequence[str],
    weight: match.Weight,
) -> tuple[float, ...]:
    """The measures ``same`` weighs, for sentences ``a`` and ``b`` and their word tokens."""
    sa, sb = _statement(a, a_words), _statement(b, b_words)
    forth, back = match.compare(sa, sb, weight), match.compare(sb, sa, weight)
    ta, tb = [w.lower() for w in a_words], [w.lower() for w in b_words]
    found: list[float] = [
        forth.cover,
        forth.back,
        min(forth.cover, forth.back),
        max(forth.cover, forth.back),
        float(forth.conflict in ("numbers", "years")),
        float(forth.conflict == "actors"),
        float(forth.conflict == "negation"),
        float(forth.missing is not None),
        float(back.missing is not None),
        abs(len(ta) - len(tb)) / max(1, len(ta), len(tb)),
    ]
    for n in (1, 2, 3):
        ga, gb = _grams(ta, n), _grams(tb, n)
        shared = len(ga & gb)
        found += [shared / max(1, len(ga)), shared / max(1, len(gb))]
    found.append(len(sa.terms & sb.terms) / max(1, len(sa.terms | sb.terms)))
    runs = SequenceMatcher(None, ta, tb, autojunk=False)
    common = sum(block.size for block in runs.get_matching_blocks())
    found += [common / max(1, len(ta)), common / max(1, len(tb)), runs.ratio()]
    ca, cb = _chars(a.lower()), _chars(b.lower())
    found += [len(ca & cb) / max(1, len(ca)), len(ca & cb) / max(1, len(cb))]
    na = {w for w in ta if any(c.isdigit() for c in w)}
    nb = {w for w in tb if any(c.isdigit() for c in w)}
    found += [float(na == nb), float(bool(na ^ nb)), float(bool(na and nb and not na & nb))]
    return tuple(found)


def probability(values: Sequence[float]) -> float:
    """The logistic model's probability that two sentences with these features say the same."""
    return probability_with(WEIGHTS, BIAS, values)


def probability_with(weights: Sequence[float], bias: float, values: Sequence[float]) -> float:
    if not weights:
        return 0.0
    z = bias + sum(w * x for w, x in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def same(
    a: str, a_words: Sequence[str], b: str, b_words: Sequence[str], weight: match.Weight
) -> bool:
    """Whether sentences ``a`` and ``b`` say the same thing: likely enough by the model, and
    never when one gives a figure or year that contradicts the other's (a fact with another
    number is a rival version, not the same fact)."""
    ta, tb = _statement(a, a_words).terms, _statement(b, b_words).terms
    if len(ta & tb) < FLOOR * len(ta | tb):
        return False  # too few terms in common for the model ever to say yes: not measured
    found = features(a, a_words, b, b_words, weight)
    return found[FEATURES.index("conflict_figures")] == 0.0 and probability(found) >= THRESHOLD


def _statement(text: str, words: Sequence[str]) -> match.Statement:
    return match.statement(Sentence("", 0, 0, text, tuple(words), ()))


def _grams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _chars(text: str) -> set[str]:
    return {text[i : i + 4] for i in range(len(text) - 3)}
