"""Two statements -> whether one states the other's fact: the engine's one same-fact decision.

A ``Statement`` is what a sentence (or two adjacent sentences of one source) asserts, reduced
to what the decision compares: canonical content terms (stems of base forms, numbers in one
form, names), the quantities and years, the names, and what it says is not so.

``compare(claim, text, weight)`` measures how much of ``claim``'s content ``text`` carries:

- coverage: the weighted share of the claim's terms found in the text (figures weigh
  ``FIGURE``, names ``NAME`` times a plain word of the same rarity); a term found only through
  its meaning class (WordNet, see ``lexical``: "killed" ~ "died") counts ``SOFT``;
- missing key content: none of the claim's figures (nor a rounding of one), a distinctive
  name, or too little of what happened (``PREDICATE`` of its words beyond names, roles and
  figures, a verb such as "scored" told by its figure; not asked when the text gives every
  name and ``PINNING`` figures of the claim);
- a conflict: the text gives another figure of the same kind (``contradiction``: a count
  against a count, not against a share or a sum of money), year or weekday, puts another
  name in the same role (``checks``), or denies what the claim says ("not reopened" /
  "reopened").

``Match.states`` (the text states the claim's fact) is what support and citations use;
``Match.same`` (the two carry much of each other) is the symmetric decision measured on the
MSRP pairs (benchmarks/paraphrase.py); ``Match.rival`` (the same words with other figures) is
what the disagreement finder pairs up. Selection uses the same function for redundancy.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from briefgen import overlap
from briefgen.models import Sentence, Weights
from briefgen.score import checks, contradiction, lexical
from briefgen.score.clauses import MIN_TERMS, pieces
from briefgen.score.similarity import split_compounds, stem, terms

# Calibration (benchmarks/paraphrase.py on the MSRP train pairs only, and the dev clusters):
# a text states a claim when it carries 0.6 of its weighted content with nothing key missing;
# near-synonyms count 0.7 of an exact match; two sentences say the same thing (MSRP) when
# each carries SAME of the other's content.
STATES = 0.6
SOFT = 0.7
SAME = 0.53  # mean coverage both ways; swept on the MSRP train pairs (0.20-0.89): 0.53 best
RIVAL = 0.6  # a conflicting text this close is a rival version of the claim's fact
# Share of what happened (the words other than names and figures) a text must carry to state
# a claim: 0 / 0.15 / 0.25 / 0.4 on the dev clusters: consensus 34 / 32 / 31 / 28 of 47 found,
# citations failing the lexical check 14 / 11 / 10 / 9.
PREDICATE = 0.25
RIVAL_WORDS = 0.6  # words in common that make two texts with other figures rival versions
# What a fact is about weighs more than how it is told: a figure or a name counts this many
# times a plain word of the same rarity ("Lind scored 41 points to carry Vesby to the title"
# is stated by "Lind made 41 points off the bench").
FIGURE = 2.0
NAME = 1.5
# verbs whose whole content is the figure they take ("scored 41" / "41 from")
FIGURE_VERBS = ("score", "total", "tally", "measure", "amount", "number")
PINNING = 2  # figures that, with every name, pin a claim down without its verb
# A name is key content (a text without it does not state the claim) unless the story keeps
# repeating it: idf below 1 + ln 10, i.e. it is in more than about a tenth of the sentences.
KEY_NAME = 1.0 + math.log(10)
KEY_SPREAD = 0.5

_NEGATION = frozenset("not no never nobody none nothing neither nor without n't cannot".split())
# Ranks as written out, each as its digits ("fifth" and "5th" are one rank); "first" is
# left out: far more often "for the first time" or "first reported" than a rank.
ORDINALS = {
    word: f"{value}th"
    for value, word in enumerate(
        "second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(),
        start=2,
    )
}
_NTH = re.compile(r"^\d+(?:st|nd|rd|th)$")
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_DAY_OF = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)['’]s\b", re.I)


def _possessive_days(text: str) -> frozenset[str]:
    """Weekdays used as "Friday's close": what happened that day, not when the sentence's
    event did, so not a date another report can contradict."""
    return frozenset(m.group(1).lower() for m in _DAY_OF.finditer(text))


@dataclass(frozen=True)
class Statement:
    """The comparable content of one sentence or window of adjacent sentences."""

    terms: frozenset[str]
    numbers: frozenset[str]
    years: frozenset[str]
    weekdays: frozenset[str]
    names: tuple[frozenset[str], ...]  # each name as its canonical terms
    negated: frozenset[str]  # terms said not to be so (the words after a negation)
    features: tuple[checks.Features, ...]  # per sentence, for the actor-role check
    ordinals: frozenset[str] = frozenset()  # ranks from "second" on, as words: "fifth", "5th"
    figures: tuple[contradiction.Figure, ...] = ()  # each with its kind (a count, a share...)

    @property
    def name_terms(self) -> frozenset[str]:
        return frozenset(t for name in self.names for t in name)


@dataclass(frozen=True)
class Match:
    cover: float  # share of the claim's weighted content the text carries
    back: float  # share of the text's weighted content the claim carries
    missing: str | None  # "number" | "year" | "name" when key content is absent
    conflict: str | None  # "numbers" | "years" | "days" | "actors" | "negation"
    # share of the claim's words, figures aside, that the text carries, when each gives a
    # figure the other lacks (else 0): "Lind made 41 in 30 minutes" / "a 30-minute 47"
    differ: float = 0.0

    @property
    def states(self) -> bool:
        return self.cover >= STATES and self.missing is None and self.conflict is None

    @property
    def same(self) -> bool:
        return (self.cover + self.back) / 2 >= SAME and self.conflict not in ("numbers", "years")

    @property
    def rival(self) -> bool:
        if self.conflict in ("years", "days", "actors") and self.cover >= RIVAL:
            return True
        return self.differ >= RIVAL_WORDS


@overlap.memo(1 << 16)  # lru_cache, and a child process hands back what it works out
def _statement(text: str, words: tuple[str, ...]) -> Statement:
    words = split_compounds(words)
    sentence = Sentence("", 0, 0, text, words, ())
    found = checks.features(sentence)
    return Statement(
        terms=frozenset(terms(sentence)),
        numbers=found.numbers,
        years=found.years,
        weekdays=_weekdays(found.dates, text),
        names=tuple(frozenset(f for t in n for f in (t, *stem(t))) for n, _, _ in found.names),
        negated=_negated(text, words),
        features=(found,),
        ordinals=_ordinals(words),
        figures=contradiction.figures(text, words),
    )


def _weekdays(dates: frozenset[str], text: str) -> frozenset[str]:
    days = dates & _WEEKDAYS
    return days - _possessive_days(text) if days else days


def _ordinals(words: tuple[str, ...]) -> frozenset[str]:
    # ``_NTH`` opens with a digit: the pattern is tried on those words alone
    return frozenset(
        ORDINALS[w] if w in ORDINALS else f"{w[:-2]}th"
        for w in words
        if w in ORDINALS or (w[:1].isdecimal() and _NTH.match(w))
    )


NEGATION_SCOPE = 3  # words after a negation that it denies


def _negated(text: str, words: tuple[str, ...]) -> frozenset[str]:
    found: list[str] = []
    for k, word in enumerate(words):
        if word in _NEGATION or word.endswith("n't"):
            scope = words[k + 1 : k + 1 + NEGATION_SCOPE]
            found.extend(terms(Sentence("", 0, 0, " ".join(scope), scope, ())))
    return frozenset(found)


def statement(sentence: Sentence) -> Statement:
    return _statement(sentence.text, sentence.words)


def clauses(sentence: Sentence) -> list[tuple[str, Statement]]:
    """The sentence's claims: its clauses (pieces of fewer than ``MIN_TERMS`` terms joined
    to their neighbour), each as its verbatim text and statement; the whole sentence when it
    has one. The clauses' words are the sentence's own tokens, not tokenized again."""
    return list(_clauses(sentence.text, sentence.words)[0]) or [
        (sentence.text, statement(sentence))
    ]


def unattributed(sentence: Sentence) -> list[tuple[str, Statement]]:
    """The sentence's clauses without those that only say who the source is ("According to
    the weather service, the storm brought 80 mm of rain": an outlet that gives the rain
    alone states it); empty when the sentence has no such clause."""
    return list(_clauses(sentence.text, sentence.words)[1])


Claims = tuple[tuple[str, Statement], ...]


@lru_cache(maxsize=1 << 15)
def _clauses(text: str, sentence_words: tuple[str, ...]) -> tuple[Claims, Claims]:
    """The claims of a sentence's text, as ``clauses`` and as ``unattributed`` find them
    (``clauses.pieces``), each with its statement, once per distinct text (outlets repeat
    each other's sentences; support asks for both kinds of claims, which share pieces)."""
    whole, said = pieces(text, sentence_words)
    return (
        tuple((t, _statement(t, words)) for t, words in whole),
        tuple((t, _statement(t, words)) for t, words in said),
    )


def join(parts: Sequence[Statement]) -> Statement:
    """Adjacent sentences of one source read as one statement."""
    if len(parts) == 1:
        return parts[0]
    return Statement(
        terms=frozenset().union(*(p.terms for p in parts)),
        numbers=frozenset().union(*(p.numbers for p in parts)),
        years=frozenset().union(*(p.years for p in parts)),
        weekdays=frozenset().union(*(p.weekdays for p in parts)),
        names=tuple(n for p in parts for n in p.names),
        negated=frozenset().union(*(p.negated for p in parts)),
        features=tuple(f for p in parts for f in p.features),
        ordinals=frozenset().union(*(p.ordinals for p in parts)),
        figures=tuple(f for p in parts for f in p.figures),
    )


Weight = Callable[[str], float]


def idf_weights(documents: Iterable[Iterable[str]]) -> Weights:
    """Inverse document frequency of each term over ``documents`` (unseen terms: the max)."""
    df: dict[str, int] = {}
    n = 0
    for doc in documents:
        n += 1
        for term in set(doc):
            df[term] = df.get(term, 0) + 1
    table = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in sorted(df.items())}
    return Weights(table, math.log(n + 1) + 1.0)


@lru_cache(maxsize=1 << 14)
def meanings(terms_: frozenset[str]) -> frozenset[str]:
    """The meaning classes of a set of terms (empty without WordNet)."""
    return frozenset(c for t in terms_ if t[:1] != "#" for c in lexical.concepts(t))


@dataclass(frozen=True)
class Prepared:
    """A claim ready to be compared with many texts: its weighted terms and their meanings.

    What every claim needs (its terms in order, their weights and totals) is worked out at
    once; what only a comparison reads (meaning classes, bits, what happened) when it is
    first asked for: most claims are only measured in bulk (``covers``), never compared.
    """

    statement: Statement
    terms: tuple[str, ...]  # sorted: entry k is ``terms[k]``
    plain: tuple[float, ...]  # per entry its weight (figures ``FIGURE``, names ``NAME`` times)
    total: float
    words_total: float  # the total of the words alone (no figures)

    @cached_property
    def soft(self) -> tuple[float, ...]:
        """Per entry its weight as a near-synonym (``SOFT`` of it)."""
        return tuple(SOFT * w for w in self.plain)

    @cached_property
    def senses(self) -> Mapping[str, frozenset[str]]:
        """Word term -> its meaning classes."""
        if not lexical.available():
            return {}
        return {t: lexical.concepts(t) for t in self.statement.terms if t[:1] != "#"}

    @cached_property
    def entries(self) -> tuple[tuple[str, float, frozenset[str]], ...]:
        """(term, weight, meaning classes) in ``terms`` order."""
        senses = self.senses
        return tuple(
            (t, w, _NONE if t[:1] == "#" else senses.get(t, _NONE))
            for t, w in zip(self.terms, self.plain, strict=True)
        )

    @cached_property
    def words(self) -> tuple[tuple[str, float, frozenset[str]], ...]:
        """The entries of words alone (no figures)."""
        return tuple(e for e in self.entries if e[0][:1] != "#")

    @cached_property
    def told_entries(self) -> tuple[tuple[str, float, frozenset[str]], ...]:
        """What happened: the words beyond names, roles and figures."""
        who = self.statement.name_terms | _titles()
        return tuple(e for e in self.words if e[0] not in who)

    @cached_property
    def told_total(self) -> float:
        return sum(w for _, w, _ in self.told_entries)

    @cached_property
    def meanings(self) -> frozenset[str]:
        """Every meaning class of the claim's words."""
        return frozenset().union(*self.senses.values())

    @cached_property
    def bits(self) -> Mapping[str, int]:
        """Entry k as bit k: each term's bit."""
        return {t: 1 << k for k, t in enumerate(self.terms)}

    @cached_property
    def by_meaning(self) -> Mapping[str, int]:
        """Each meaning class's bits (the terms it is a class of)."""
        found: dict[str, int] = {}
        for k, (_, _, classes) in enumerate(self.entries):
            for meaning in classes:
                found[meaning] = found.get(meaning, 0) | 1 << k
        return found


_NONE: frozenset[str] = frozenset()


def prepare(claim: Statement, weight: Weight) -> Prepared:
    names = claim.name_terms
    terms_ = tuple(sorted(claim.terms))
    # figures: the terms that start with "#"
    plain = tuple(
        weight(t) * (FIGURE if t[:1] == "#" else NAME if t in names else 1.0) for t in terms_
    )
    words_total = sum(w for t, w in zip(terms_, plain, strict=True) if t[:1] != "#")
    return Prepared(claim, terms_, plain, sum(plain), words_total)


def coverage(
    claim: Prepared, text: frozenset[str], text_senses: frozenset[str], figures: bool = True
) -> float:
    """The weighted share of the claim's terms in ``text`` (its words alone, without
    ``figures``); a term found only through its meaning class (``text_senses``) counts
    ``SOFT``."""
    if figures:
        return _coverage(claim, text, text_senses)
    total = claim.words_total
    if total == 0:
        return 0.0
    got = 0.0
    for term, w, senses in claim.words:
        if term in text:
            got += w
        elif text_senses and not senses.isdisjoint(text_senses):
            got += SOFT * w
    return got / total


def _coverage(claim: Prepared, text: frozenset[str], text_senses: frozenset[str]) -> float:
    """``coverage`` of all the claim's terms, through the entries' bits: the terms found
    (set intersections), then the sum over them in the claim's order, which is the sum one
    loop over every term would make, to the last bit."""
    if claim.total == 0:
        return 0.0
    bits = claim.bits
    found = 0
    for term in claim.statement.terms & text:
        found |= bits[term]
    near = 0
    if text_senses:
        by_meaning = claim.by_meaning
        for meaning in claim.meanings & text_senses:
            near |= by_meaning[meaning]
        near &= ~found
    either = found | near
    got = 0.0
    plain, soft = claim.plain, claim.soft
    while either:
        low = either & -either
        k = low.bit_length() - 1
        got += plain[k] if found & low else soft[k]
        either ^= low
    return got / claim.total


def compare(claim: Statement, text: Statement, weight: Weight) -> Match:
    """How far ``text`` states ``claim``'s fact (see module docstring)."""
    prepared, senses = prepare(claim, weight), meanings(text.terms)
    cover = coverage(prepared, text.terms, senses)
    back = coverage(prepare(text, weight), claim.terms, meanings(claim.terms))
    missing = _missing(claim, text, weight)
    if missing is None and not _tells(prepared, text, senses) and not _pinned(claim, text):
        missing = "predicate"
    return Match(cover, back, missing, _conflict(claim, text))


def decide(claim: Prepared, text: Statement, text_senses: frozenset[str], weight: Weight) -> Match:
    """``compare`` for one direction, measuring only what can matter: when the text carries
    too little of the claim to be a rival version of it (``RIVAL``), conflicts are not looked
    for; when too little to state it (``STATES``), missing key content is not."""
    differ = 0.0
    a, b = claim.statement, text
    if (not a.numbers <= b.numbers and not b.numbers <= a.numbers) or (
        not a.years <= b.years and not b.years <= a.years
    ):
        differ = coverage(claim, text.terms, text_senses, figures=False)
    cover = coverage(claim, text.terms, text_senses)
    if cover < RIVAL:
        return Match(cover, 0.0, None, None, differ)  # states nothing, rivals by its words only
    conflict = _conflict(claim.statement, text)
    missing = None
    if cover >= STATES:
        missing = _missing(claim.statement, text, weight)
        if missing is None and not _tells(claim, b, text_senses) and not _pinned(a, b):
            missing = "predicate"
    return Match(cover, 0.0, missing, conflict, differ)


def _tells(claim: Prepared, text: Statement, text_senses: frozenset[str]) -> bool:
    """The text says what the claim says happened, not only whom and which figures it names:
    ``PREDICATE`` of the claim's other words (none to carry: true). A verb that only says a
    figure was reached (``FIGURE_VERBS``) is told by that figure, of the same kind: "Lind
    scored 41 to lead Vesby home" is told by "a superb 41 from Lind settled it for Vesby",
    not by "Lind, 41, settled it for Vesby" (an age)."""
    total = claim.told_total
    if total == 0:
        return True
    found = text.terms
    if claim.statement.terms & _figure_verbs() and contradiction.share_a_figure(
        claim.statement.figures, text.figures
    ):
        found = found | _figure_verbs()
    got = sum(
        w if t in found else SOFT * w if not senses.isdisjoint(text_senses) else 0.0
        for t, w, senses in claim.told_entries
    )
    return got / total >= PREDICATE


@lru_cache(maxsize=1)
def _figure_verbs() -> frozenset[str]:
    """Stems of ``FIGURE_VERBS``."""
    return frozenset(s for v in FIGURE_VERBS for s in stem(v))


def _pinned(claim: Statement, text: Statement) -> bool:
    """The text gives every name and every figure of the claim, and those are two or more:
    who and how much pin the fact down whatever the verbs ("Lind's 140 stand with Berge,
    who ended on 51" / "Lind and Berge (51 from 60 balls) put on 140"). One figure does
    not: "Berge, 51, was named coach" says nothing of Berge's 51 runs."""
    return (
        len(claim.numbers) >= PINNING
        and claim.numbers <= text.numbers
        and all(name & text.terms for name in claim.names)
        and bool(claim.names)
    )


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Roles and honorifics as terms ("minister", "president"): who, not what happened."""
    return frozenset(f for t in checks.TITLES for f in (t, *stem(t)))


def _missing(claim: Statement, text: Statement, weight: Weight) -> str | None:
    # a figure of the claim must be there; the others weigh in the coverage (a sentence
    # often carries several figures, and another outlet gives the main one)
    if (
        claim.numbers
        and not claim.numbers & text.numbers
        and not contradiction.share_a_figure(claim.figures, text.figures)
    ):
        return "number"
    if claim.years and not claim.years & text.years:
        return "year"
    if claim.ordinals and text.ordinals and not claim.ordinals <= text.ordinals:
        return "ordinal"  # "the fifth player to ..." is not stated by "the seventh to ..."
    for name in claim.names:
        # a name the whole story keeps repeating (the country, the main actor) is context
        if not name & text.terms and key_name(name, weight):
            return "name"
    if len(claim.terms) < MIN_TERMS and not (claim.negated and claim.terms <= text.terms):
        # too little said to be stated by anyone else, unless it is a denial that the text
        # repeats word for word ("No one was hurt." / "No one was hurt in the blaze.")
        return "content"
    return None


def conflicts(claim: Statement, text: Statement) -> bool:
    """The text contradicts the claim (another figure, year or actor, or a negation)."""
    return _conflict(claim, text) is not None


def _conflict(claim: Statement, text: Statement) -> str | None:
    # figures of one kind that none agree ("12 hurt" / "40 hurt"), not any two figures
    clash = contradiction.figures_conflict
    if claim.numbers and text.numbers and clash(claim.figures, text.figures):
        return "numbers"
    if claim.years and text.years and not claim.years & text.years:
        return "years"
    if claim.weekdays and text.weekdays and not claim.weekdays & text.weekdays:
        return "days"
    for a in claim.features:
        for b in text.features:
            if checks.substituted(a, b):
                return "actors"
    # one says "not X" where the other says X: "was not reopened" / "was reopened"
    if (claim.negated & text.terms and not text.negated) or (
        text.negated & claim.terms and not claim.negated
    ):
        return "negation"
    return None


def weights_for(sentences: Sequence[Sentence], voice: Sequence[str] = ()) -> Weights:
    """Term weights over ``sentences``; with each sentence's outlet (``voice``), also the
    share of outlets that use each term."""
    found = idf_weights(statement(s).terms for s in sentences)
    if not voice:
        return found
    users: dict[str, set[str]] = {}
    for s, v in zip(sentences, voice, strict=True):
        for term in statement(s).terms:
            users.setdefault(term, set()).add(v)
    outlets = max(1, len(set(voice)))
    spread = {t: len(v) / outlets for t, v in sorted(users.items())}
    return Weights(found.table, found.unseen, spread)


def key_name(name: frozenset[str], weight: Weight) -> bool:
    """A name a text must give to state a claim: rare among the sentences (idf at least
    ``KEY_NAME``), or used by at most ``KEY_SPREAD`` of the outlets; a name the whole story
    keeps repeating (the country, the main actor) is context."""
    if max(weight(t) for t in name) >= KEY_NAME:
        return True
    spread: Mapping[str, float] = getattr(weight, "spread", None) or {}
    return bool(spread) and max(spread.get(t, 0.0) for t in name) <= KEY_SPREAD
