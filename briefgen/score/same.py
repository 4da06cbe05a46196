"""Two sentences -> whether they say the same thing: the engine's symmetric same-fact read.

``compare`` (``match``) says how far one statement carries another's content, in either
direction; ``same`` reads both directions together with how the two are worded, through a
logistic model. Each measure is taken both ways and kept as its smaller and its larger value,
so the read is symmetric. The measures, in groups:

1. the engine's comparison: coverage both ways, key content missing, a conflict of actors,
   weekdays or negation;
2. length: the gap in words, the shorter and the longer sentence;
3. machine-translation metrics: word and stem n-gram precision (n = 1..4, as BLEU reads them),
   the rarity-weighted share of terms in common (as NIST weighs them), what one says and the
   other does not (counted, as a share, and weighted by rarity; also leaving out what the
   other says by a WordNet meaning class), a METEOR-like alignment of stems and meaning
   classes, the edit distance over stems (as TER counts it);
4. word order: the longest common subsequence, how many runs it breaks into, the share of
   shared words that swap places, the longest run of words one has and the other lacks;
5. character n-grams (n = 2..5);
6. figures (the same, one's a subset of the other's, one side only, partly shared), names
   (capitalised words in common and missing), negation, attribution and quotation on one side
   only;
7. clauses (``match.clauses``): how much of its least-carried clause the other sentence
   carries (one sentence may add a whole claim: "..., and the Ostby ferry was held too"),
   how many clauses each has, and the coverage of what it says without a clause that only
   names its source ("..., the Vesby council said").

Its weights were fitted on the MSRP train pairs only (news sentence pairs judged by people:
``benchmarks/paraphrase.py --fit`` prints them) and are constants here: nothing is learned or
downloaded at run time. Two sentences of which one contradicts the other are never the same,
whatever the model says (a fact with another number is a rival version of it): figures of one
kind that disagree, the event put in two places, or one denying the very word the other
states as so, not only as wanted or tried ("wanted to sail" is no claim that she sailed; read
exactly, see ``contradiction``).

Selection uses ``same`` for redundancy: a candidate that says the same thing as a chosen
fact is not shown twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from briefgen.lexicon import NUMBER_WORDS
from briefgen.models import Sentence
from briefgen.score import contradiction, lexical, match
from briefgen.score.similarity import stem, terms
from briefgen.segment import stopwords

# Logistic weights over ``FEATURES`` (in that order), then the bias: scikit-learn's
# LogisticRegression (C=0.1, lbfgs) on standardised features of the MSRP train pairs that
# ``same`` does not veto, the standardisation folded into the weights; term weights being
# inverse document frequencies over the train sentences. See benchmarks/paraphrase.py --fit.
WEIGHTS: tuple[float, ...] = (
    -3.383787,  # cover_min
    -2.370865,  # cover_max
    -0.353594,  # missing_predicate
    -0.315406,  # missing_name
    0.167839,  # missing_count
    0.098841,  # conflict_actors
    -0.553653,  # conflict_days
    1.364497,  # conflict_negation
    3.504844,  # length_gap
    -0.176947,  # length_diff
    -0.179155,  # shorter_log
    0.378523,  # longer_log
    -0.148832,  # words_1_min
    -0.161437,  # words_1_max
    1.398382,  # words_2_min
    -0.126399,  # words_2_max
    0.455663,  # words_3_min
    -0.781881,  # words_3_max
    0.433411,  # words_4_min
    -0.635756,  # words_4_max
    -0.021150,  # stems_1_min
    0.380518,  # stems_1_max
    2.240587,  # stems_2_min
    0.291425,  # stems_2_max
    0.531750,  # stems_3_min
    -0.961114,  # stems_3_max
    0.274493,  # stems_4_min
    -0.815968,  # stems_4_max
    1.045626,  # stems_jaccard
    1.319544,  # weighted_min
    0.145336,  # weighted_max
    -0.125374,  # unmatched_min
    -0.098947,  # unmatched_max
    0.043944,  # terms_unmatched_min
    0.254589,  # terms_unmatched_max
    -0.582206,  # terms_unmatched_share_min
    0.940591,  # terms_unmatched_share_max
    -0.111023,  # terms_unmatched_weight_min
    -0.157570,  # terms_unmatched_weight_max
    -0.274683,  # terms_unmatched_meaning_min
    -0.161075,  # terms_unmatched_meaning_max
    0.291409,  # stems_unmatched_min
    0.148418,  # stems_unmatched_max
    0.496579,  # stems_unmatched_share_min
    0.550098,  # stems_unmatched_share_max
    0.400854,  # aligned_min
    -0.391955,  # aligned_max
    -1.686414,  # aligned_f
    -1.985104,  # edits
    1.907805,  # subsequence_min
    -1.227386,  # subsequence_max
    0.536968,  # sequence_ratio
    2.591699,  # fragments
    0.311410,  # swaps
    -0.076057,  # gap_min
    -0.146612,  # gap_max
    -0.077192,  # gap_words_min
    -0.012638,  # gap_words_max
    -0.438210,  # chars_2_min
    2.396472,  # chars_2_max
    3.166344,  # chars_3_min
    1.309315,  # chars_3_max
    1.560017,  # chars_4_min
    -0.948198,  # chars_4_max
    0.503518,  # chars_5_min
    -2.567653,  # chars_5_max
    0.438965,  # figures_equal
    -0.128848,  # figures_none
    -0.190196,  # figures_subset
    0.335281,  # figures_one_side
    -0.208978,  # figures_partial
    0.147184,  # figures_unmatched_min
    -0.094903,  # figures_unmatched_max
    -0.200559,  # names_jaccard
    -0.133465,  # names_unmatched_min
    0.095240,  # names_unmatched_max
    -1.413256,  # negation_mismatch
    0.256081,  # attribution_mismatch
    -0.119063,  # quote_mismatch
    1.805867,  # clause_cover_min
    0.550801,  # clause_cover_max
    0.185586,  # clauses_min
    0.164856,  # clauses_max
    1.784159,  # unattributed_cover_min
    2.111133,  # unattributed_cover_max
)
BIAS = -5.468587
# Probability at and above which two sentences say the same thing: the highest accuracy plus
# F1 on the MSRP train pairs in 10-fold cross-validation, mean of 20 draws of the folds
# (77.7 % / 83.8 there; benchmarks/paraphrase.py --fit).
THRESHOLD = 0.52
# Below this share of terms in common (Jaccard) the pair is not measured at all (speed): of the
# MSRP train pairs, the model calls 3 the same below it (benchmarks/paraphrase.py --fit).
FLOOR = 0.15

NGRAMS = (1, 2, 3, 4)
CHARS = (2, 3, 4, 5)
_NEGATION = frozenset("not no never nobody none nothing neither nor without cannot".split())
_ATTRIBUTION = frozenset("said says say told according added stated reported announced".split())
_QUOTES = frozenset('"“”«»')


def _names() -> tuple[str, ...]:
    both = ("_min", "_max")
    return (
        *(f"cover{m}" for m in both),
        "missing_predicate",
        "missing_name",
        "missing_count",
        "conflict_actors",
        "conflict_days",
        "conflict_negation",
        "length_gap",
        "length_diff",
        "shorter_log",
        "longer_log",
        *(f"words_{n}{m}" for n in NGRAMS for m in both),
        *(f"stems_{n}{m}" for n in NGRAMS for m in both),
        "stems_jaccard",
        *(f"weighted{m}" for m in both),
        *(f"unmatched{m}" for m in both),
        *(f"terms_unmatched{m}" for m in both),
        *(f"terms_unmatched_share{m}" for m in both),
        *(f"terms_unmatched_weight{m}" for m in both),
        *(f"terms_unmatched_meaning{m}" for m in both),
        *(f"stems_unmatched{m}" for m in both),
        *(f"stems_unmatched_share{m}" for m in both),
        *(f"aligned{m}" for m in both),
        "aligned_f",
        "edits",
        *(f"subsequence{m}" for m in both),
        "sequence_ratio",
        "fragments",
        "swaps",
        *(f"gap{m}" for m in both),
        *(f"gap_words{m}" for m in both),
        *(f"chars_{n}{m}" for n in CHARS for m in both),
        "figures_equal",
        "figures_none",
        "figures_subset",
        "figures_one_side",
        "figures_partial",
        *(f"figures_unmatched{m}" for m in both),
        "names_jaccard",
        *(f"names_unmatched{m}" for m in both),
        "negation_mismatch",
        "attribution_mismatch",
        "quote_mismatch",
        *(f"clause_cover{m}" for m in both),
        *(f"clauses{m}" for m in both),
        *(f"unattributed_cover{m}" for m in both),
    )


FEATURES: tuple[str, ...] = _names()


@dataclass(frozen=True)
class _Side:
    """What the measures read of one sentence (cached: selection compares each chosen fact
    with many candidates)."""

    text: str
    statement: match.Statement
    claims: tuple[match.Statement, ...]  # its clauses (``match.clauses``)
    said: match.Statement  # what it says without a clause that only names the source
    tokens: tuple[str, ...]  # lower-case words
    stems: tuple[str, ...]  # each word's stem (stopwords as written)
    content: tuple[str, ...]  # stems of the content words, in order
    word_grams: tuple[frozenset[tuple[str, ...]], ...]  # per n in NGRAMS
    stem_grams: tuple[frozenset[tuple[str, ...]], ...]
    char_grams: tuple[frozenset[str], ...]  # per n in CHARS
    meanings: tuple[frozenset[str], ...]  # per content stem, its WordNet meaning classes
    figures: frozenset[str]  # numbers and years
    read: tuple[contradiction.Figure, ...]  # the figures with their kinds, for the veto
    denies: tuple[frozenset[str], ...] | None  # per negation, the terms it denies (None: none)
    predicates: tuple[frozenset[str], ...]  # per negation, the term of the word it negates
    unclaimed: frozenset[str]  # terms it gives only as wanted, tried or planned ("to sail")
    negated: bool
    attributed: bool
    quoted: bool


@lru_cache(maxsize=1 << 12)
def _side(text: str, words: tuple[str, ...]) -> _Side:
    sentence = Sentence("", 0, 0, text, words, ())
    statement = match.statement(sentence)
    unattributed = [claim for _, claim in match.unattributed(sentence)]
    stop = stopwords()
    stems: list[str] = []
    content: list[str] = []
    meanings: list[frozenset[str]] = []
    for word in words:
        found = stem(_figure(word))
        stems.append(found[0] if found else word)
        if found and word not in stop:
            content.append(found[0])
            meanings.append(lexical.concepts(lexical.base_form(word)))
    lower = text.lower()
    scopes = contradiction.denied(text)
    denies = None
    if scopes is not None:
        denies = tuple(frozenset(t for t in _terms(s) if t.isalpha()) for s in scopes)
    said, unsaid = contradiction.claimed(text)
    unclaimed = _terms(unsaid) - _terms(said) if unsaid else frozenset()
    return _Side(
        text=text,
        statement=statement,
        claims=tuple(claim for _, claim in match.clauses(sentence)),
        said=match.join(unattributed) if unattributed else statement,
        tokens=words,
        stems=tuple(stems),
        content=tuple(content),
        word_grams=tuple(_grams(words, n) for n in NGRAMS),
        stem_grams=tuple(_grams(stems, n) for n in NGRAMS),
        char_grams=tuple(
            frozenset(lower[i : i + n] for i in range(len(lower) - n + 1)) for n in CHARS
        ),
        meanings=tuple(meanings),
        figures=statement.numbers | statement.years,
        read=contradiction.figures(text, words),
        denies=denies,
        predicates=tuple(_predicate(s, stop) for s in scopes or ()),
        unclaimed=unclaimed,
        negated=any(w in _NEGATION or w.endswith("n't") for w in words),
        attributed=any(w in _ATTRIBUTION for w in words),
        quoted=any(c in _QUOTES for c in text),
    )


def features(
    a: str,
    a_words: Sequence[str],
    b: str,
    b_words: Sequence[str],
    weight: match.Weight,
) -> tuple[float, ...]:
    """The measures ``same`` weighs (``FEATURES``), for sentences ``a`` and ``b`` and their
    word tokens; the same values whichever is given first."""
    return read(a, a_words, b, b_words, weight)[0]


def read(
    a: str,
    a_words: Sequence[str],
    b: str,
    b_words: Sequence[str],
    weight: match.Weight,
) -> tuple[tuple[float, ...], bool]:
    """``features`` of the pair, and whether it is vetoed: their figures or years conflict,
    or one denies what the other states ("was not reopened" / "was reopened")."""
    return _measures(_side(a, tuple(a_words)), _side(b, tuple(b_words)), weight)


def _measures(x: _Side, y: _Side, weight: match.Weight) -> tuple[tuple[float, ...], bool]:
    if (y.tokens, y.text) < (x.tokens, x.text):
        x, y = y, x  # one order for the pair: the longest matching blocks depend on it
    forth = match.compare(x.statement, y.statement, weight)
    back = match.compare(y.statement, x.statement, weight)
    found: list[float] = []

    def both(p: float, q: float) -> None:
        found.extend((min(p, q), max(p, q)))

    both(forth.cover, forth.back)
    missing = (forth.missing, back.missing)
    conflicts = (forth.conflict, back.conflict)
    found += [
        float("predicate" in missing),
        float("name" in missing),
        float(forth.missing is not None) + float(back.missing is not None),
        float("actors" in conflicts),
        float("days" in conflicts),
        float("negation" in conflicts),
    ]
    la, lb = len(x.tokens), len(y.tokens)
    found += [
        abs(la - lb) / max(1, la, lb),
        float(abs(la - lb)),
        math.log1p(min(la, lb)),
        math.log1p(max(la, lb)),
    ]
    for grams in ((x.word_grams, y.word_grams), (x.stem_grams, y.stem_grams)):
        for ga, gb in zip(*grams, strict=True):
            shared = len(ga & gb)
            both(shared / max(1, len(ga)), shared / max(1, len(gb)))
    sa, sb = set(x.content), set(y.content)
    found.append(len(sa & sb) / max(1, len(sa | sb)))
    ta, tb = x.statement.terms, y.statement.terms
    common = sum(weight(t) for t in ta & tb)
    both(_share(common, sum(weight(t) for t in ta)), _share(common, sum(weight(t) for t in tb)))
    both(float(_unmatched(x, y)), float(_unmatched(y, x)))
    both(float(len(ta - tb)), float(len(tb - ta)))
    both(len(ta - tb) / max(1, len(ta)), len(tb - ta) / max(1, len(tb)))
    # the rarity of what one says and the other does not, in units of the rarest term's
    # weight (the weight of a term no sentence has), so that it reads alike in a corpus of
    # any size
    rarest = float(getattr(weight, "unseen", 1.0)) or 1.0
    both(
        sum(weight(t) for t in ta - tb) / rarest,
        sum(weight(t) for t in tb - ta) / rarest,
    )
    both(_lacking(ta, tb, weight) / rarest, _lacking(tb, ta, weight) / rarest)
    both(float(len(sa - sb)), float(len(sb - sa)))
    both(len(sa - sb) / max(1, len(sa)), len(sb - sa) / max(1, len(sb)))
    pa, pb = _aligned(x, y), _aligned(y, x)
    both(pa, pb)
    found.append(2 * pa * pb / (pa + pb) if pa + pb else 0.0)
    found.append(_edits(x.stems, y.stems) / max(1.0, (la + lb) / 2))
    runs = SequenceMatcher(None, x.stems, y.stems, autojunk=False)
    blocks = [block for block in runs.get_matching_blocks() if block.size]
    kept = sum(block.size for block in blocks)
    both(kept / max(1, la), kept / max(1, lb))
    found += [runs.ratio(), len(blocks) / max(1, kept), _swaps(x.content, y.content)]
    both(float(_gap(x.content, sb)), float(_gap(y.content, sa)))
    both(float(_gap(x.stems, set(y.stems))), float(_gap(y.stems, set(x.stems))))
    for ca, cb in zip(x.char_grams, y.char_grams, strict=True):
        shared = len(ca & cb)
        both(shared / max(1, len(ca)), shared / max(1, len(cb)))
    fa, fb = x.figures, y.figures
    found += [
        float(fa == fb),
        float(not fa and not fb),
        float(fa != fb and (fa <= fb or fb <= fa)),
        float(bool(fa) != bool(fb)),
        float(bool(fa & fb) and not (fa <= fb or fb <= fa)),
    ]
    both(float(len(fa - fb)), float(len(fb - fa)))
    na, nb = x.statement.name_terms, y.statement.name_terms
    found.append(len(na & nb) / max(1, len(na | nb)))
    both(float(len(na - tb)), float(len(nb - ta)))
    found += [
        float(x.negated != y.negated),
        float(x.attributed != y.attributed),
        float(x.quoted != y.quoted),
    ]
    # the clause the other carries least of: one sentence may add a whole claim
    both(
        min(match.compare(c, y.statement, weight).cover for c in x.claims),
        min(match.compare(c, x.statement, weight).cover for c in y.claims),
    )
    both(float(len(x.claims)), float(len(y.claims)))
    both(
        match.compare(x.said, y.statement, weight).cover,
        match.compare(y.said, x.statement, weight).cover,
    )
    return tuple(found), _contradicts(x, y)


def _contradicts(x: _Side, y: _Side) -> bool:
    """Their figures of one kind disagree, they put the event in two places, or one denies
    what the other states without a negation (see ``contradiction``)."""
    if contradiction.figures_conflict(x.read, y.read):
        return True
    if any(
        contradiction.places_conflict(p, q)
        for p in x.statement.features
        for q in y.statement.features
    ):
        return True
    if (x.denies is None) == (y.denies is None):
        return False  # neither negates, or both do ("gave no word" / "declined to comment")
    negative, other = (x, y) if x.denies is not None else (y, x)
    assert negative.denies is not None
    said = other.statement.terms
    stated = said - other.statement.name_terms - other.unclaimed
    names = negative.statement.name_terms
    # the other must state the very word denied ("was not reopened" / "was reopened"), not
    # only something said after it ("did not slow the leak" / "a slower leak"); a denial of
    # something the other names no part of ("no stake in Halvorsen Holdings") is about
    # another thing
    return any(
        predicate and predicate <= stated and denied & names <= said
        for denied, predicate in zip(negative.denies, negative.predicates, strict=True)
    )


def probability(values: Sequence[float]) -> float:
    """The logistic model's probability that two sentences with these features say the same."""
    return probability_with(WEIGHTS, BIAS, values)


def probability_with(weights: Sequence[float], bias: float, values: Sequence[float]) -> float:
    if not weights:
        return 0.0
    z = bias + sum(w * x for w, x in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def same(
    a: str, a_words: Sequence[str], b: str, b_words: Sequence[str], weight: match.Weight
) -> bool:
    """Whether sentences ``a`` and ``b`` say the same thing: likely enough by the model, and
    never when one gives a figure or year that contradicts the other's (a fact with another
    number is a rival version, not the same fact) or denies what the other states."""
    x, y = _side(a, tuple(a_words)), _side(b, tuple(b_words))
    ta, tb = x.statement.terms, y.statement.terms
    if len(ta & tb) < FLOOR * len(ta | tb):
        return False  # too few terms in common for the model ever to say yes: not measured
    found, conflict = _measures(x, y, weight)
    return not conflict and probability(found) >= THRESHOLD


def _predicate(scope: Sequence[str], stop: frozenset[str]) -> frozenset[str]:
    """The terms of the first word a negation denies: its verb or noun ("not openly
    back" -> "back"; "failed to hold the drills" -> "hold")."""
    for word in scope:
        if word in stop or not word.isalpha() or (word.endswith("ly") and len(word) > 4):
            continue  # "to", "the", "openly"
        found = frozenset(t for t in _terms((word,)) if t.isalpha())
        if found:
            return found
    return frozenset()


def _terms(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(terms(Sentence("", 0, 0, " ".join(words), words, ())))


def _figure(word: str) -> str:
    """A count in one form: "twelve" and "12", "1,024" and "1024"."""
    word = NUMBER_WORDS.get(word, word)
    return word.replace(",", "") if word[:1].isdigit() else word


def _share(part: float, whole: float) -> float:
    return part / whole if whole > 0 else 0.0


def _unmatched(x: _Side, y: _Side) -> int:
    """Content stems of ``x`` that ``y`` has neither as such nor by meaning."""
    there = set(y.content)
    senses = frozenset().union(*y.meanings) if y.meanings else frozenset()
    return sum(
        1
        for t, m in zip(x.content, x.meanings, strict=True)
        if t not in there and m.isdisjoint(senses)
    )


def _lacking(a: frozenset[str], b: frozenset[str], weight: match.Weight) -> float:
    """The weight of ``a``'s terms that ``b`` has neither as such nor by meaning."""
    senses = match.meanings(b)
    return sum(weight(t) for t in a - b if senses.isdisjoint(lexical.concepts(t)))


def _aligned(x: _Side, y: _Side) -> float:
    """METEOR-like precision: the share of ``x``'s content stems found in ``y``, a stem found
    only through a WordNet meaning class counting ``match.SOFT``."""
    if not x.content:
        return 0.0
    there = set(y.content)
    senses = frozenset().union(*y.meanings) if y.meanings else frozenset()
    got = sum(
        1.0 if t in there else match.SOFT if not m.isdisjoint(senses) else 0.0
        for t, m in zip(x.content, x.meanings, strict=True)
    )
    return got / len(x.content)


def _edits(a: Sequence[str], b: Sequence[str]) -> int:
    """Word edit distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, p in enumerate(a, 1):
        current = [i]
        for j, q in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (p != q)))
        previous = current
    return previous[-1]


def _swaps(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of pairs of shared content stems that the two sentences give in the
    opposite order."""
    where = {t: k for k, t in enumerate(b)}
    order = [where[t] for t in a if t in where]
    pairs = len(order) * (len(order) - 1) // 2
    if not pairs:
        return 0.0
    swapped = sum(
        1 for i in range(len(order)) for j in range(i + 1, len(order)) if order[i] > order[j]
    )
    return swapped / pairs


def _gap(content: Sequence[str], other: set[str]) -> int:
    """The longest run of content stems that the other sentence lacks."""
    longest = run = 0
    for t in content:
        run = 0 if t in other else run + 1
        longest = max(longest, run)
    return longest


def _grams(tokens: Sequence[str], n: int) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
