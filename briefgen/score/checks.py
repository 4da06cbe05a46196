"""Two similar sentences -> whether they can report the same fact (vetoes on lookalikes).

Word overlap alone groups lookalikes that news text is full of. A pair that is similar enough
to group is still kept apart when:

1. numbers: both state quantities and share none ("12 people were injured" / "40 people were
   injured"); "1,500", "1500" and "1.5 thousand" are one number; years are compared apart, so
   a year in one and a count in the other is no conflict;
2. actors: a name of one stands where the other has a different name, in the same role: next
   to the same word ("Germany's foreign minister" / "France's foreign minister"); words that
   only attribute or list ("said", "told", "and") do not make a role;
3. names only: they share names but almost nothing else ("Maria Ana Ruiz said ..." / "Maria Ana
   Ruiz met ...": a long shared name is rare, so TF-IDF rates it high).

Names are capitalised words inside a sentence, or known place/state names anywhere (see
briefgen.lexicon); titles ("President", "Minister") and calendar words are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from briefgen import overlap
from briefgen.lexicon import CANONICAL, FORMS, NUMBER_WORDS, fold
from briefgen.models import Sentence
from briefgen.score.similarity import canonical, stem
from briefgen.segment import stopwords

# Calibration (tests/test_score.py mini-corpora, and reading the pairs vetoed on the DUC 2003
# clusters): paraphrases of one fact that share a long name may share only one other content
# word ("no intention" / "no intention"), so one shared word is enough; pairs that share names
# and nothing else were different facts in every case we read.
MIN_SHARED_WORDS = 1

_WORD = re.compile(r"\w[\w.-]*")
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_SCALE = {"thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec today yesterday tomorrow".split()
)


def is_calendar(word: str) -> bool:
    """A weekday or month name ("friday", "sept"), or "today" and its like."""
    return word.rstrip(".") in _CALENDAR


# Clock words: "11 pm (2300 GMT)" gives a time of day, not a quantity, and "GMT" is no name.
_CLOCK = frozenset("am pm gmt utc et est edt pt pst pdt ct cst cdt bst cet cest ist jst".split())
# Roles and honorifics: capitalised before a name, but the role, not the actor.
TITLES = frozenset(
    "president vice prime minister ministry foreign defense defence interior secretary state "
    "chancellor king queen prince princess sheikh emir general gen gov governor mayor senator "
    "sen rep representative spokesman spokeswoman spokesperson chief director officials "
    "official ambassador envoy commander minister's police army navy department office "
    "mr mrs ms dr sir lord judge justice speaker chairman chairwoman ceo head leader party "
    "north south east west northern southern eastern western central new former acting deputy "
    "the a an of and".split()
)
_ATTRIBUTION = frozenset(
    "said says say told tells according added adds stated states reported reports wrote "
    "writes announced confirmed noted".split()
)

# neighbours that say nothing about a name's role: attribution, lists, articles, most
# prepositions ("to Norland" / "to Vesby"), the sentence edges; "in" and "'s" stay
_WEAK_CONTEXT = _ATTRIBUTION | frozenset(
    [
        *"and or but nor the a an of to for from with by at on as than".split(),
        "",
        # when, not who: "shook Vesby late on Friday" / "struck Ostby late on Friday"
        *"late early earlier later last this next yesterday today tonight overnight".split(),
    ]
)


@dataclass(frozen=True)
class Features:
    """What the vetoes compare: numbers, years, names with their neighbours, other words."""

    numbers: frozenset[str]
    years: frozenset[str]
    names: tuple[tuple[frozenset[str], str, str], ...]  # (name terms, word before, word after)
    name_terms: frozenset[str]
    dates: frozenset[str]  # weekday and month words
    words: frozenset[str]  # content stems that are not names, numbers, titles or "said"
    terms: frozenset[str]  # every canonical term, names included, however capitalised


def _number(text: str, following: str) -> str | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    value *= _SCALE.get(following, 1)
    return format(value.normalize(), "f")


def features(sentence: Sentence) -> Features:
    """The features of one sentence (cached: sentences recur across copies)."""
    return _features(sentence.text, sentence.words)


def _capitalised(text: str) -> frozenset[str]:
    """Lower-cased words written with a capital somewhere after the first word."""
    found = _WORD.findall(text)[1:]
    return frozenset(w.lower().rstrip(".") for w in found if w[:1].isupper())


@overlap.memo(1 << 16)  # lru_cache, and a child process hands back what it works out
def _features(text: str, raw: tuple[str, ...]) -> Features:
    caps = _capitalised(text)
    canon = canonical(raw)
    never_name, never_word = _never()
    numbers: set[str] = set()
    years: set[str] = set()
    words: set[str] = set()
    dates: set[str] = set()
    spans: list[list[int]] = []  # positions in ``canon`` of each name's terms
    previous_name = -2
    second = raw[1].rstrip(".") if len(raw) > 1 else ""
    last = len(canon) - 1
    for k, (position, term) in enumerate(canon):
        term = NUMBER_WORDS.get(term, term)
        if term[:1].isdecimal() and _NUMBER.match(term):  # \d is a decimal digit
            following = canon[k + 1][1] if k < last else ""
            value = _number(term, following)
            if value is None:
                continue
            before = canon[k - 1][1].rstrip(".") if k else ""
            if following.rstrip(".") in _CLOCK:
                continue  # a time of day
            if len(value) == 4 and value[:2] in ("19", "20"):
                years.add(value)
            elif before not in _CALENDAR and following.rstrip(".") not in _CALENDAR:
                numbers.add(value)  # a day of the month is a date, not a quantity
            continue
        bare = term.rstrip(".")
        if bare in _CALENDAR:
            dates.add(bare)
        original = raw[position]
        # _is_name, written out: this loop runs for every term of every statement
        if term in never_name:  # calendar words, titles, stopwords, clock words
            name = False
        elif term in CANONICAL:
            name = True  # a state or place the lexicon knows, even at the start
        elif position == 0:
            name = second in caps  # "Ingrid Berge said": a name that opens the sentence
        else:
            name = original.rstrip(".") in caps
        if name:
            if previous_name == k - 1:
                spans[-1].append(k)
            else:
                spans.append([k])
            previous_name = k
            continue
        if term not in never_word:  # stopwords, titles, attribution
            words.update((term,) if term in FORMS or term != fold(original) else stem(term))
    names = []
    for span in spans:
        before = canon[span[0] - 1][1] if span[0] else ""
        after = canon[span[-1] + 1][1] if span[-1] + 1 < len(canon) else ""
        names.append((frozenset(canon[k][1] for k in span), before, after))
    name_terms = frozenset(t for span, _, _ in names for t in span)
    every = frozenset(term for _, term in canon)
    return Features(
        frozenset(numbers),
        frozenset(years),
        tuple(names),
        name_terms,
        frozenset(dates),
        frozenset(words),
        every,
    )


@lru_cache(maxsize=1)
def _never() -> tuple[frozenset[str], frozenset[str]]:
    """The terms that are never a name, and never one of a sentence's other words (one set
    to look in instead of three or four, for every term of every statement)."""
    stop = stopwords()
    return _CALENDAR | TITLES | stop | _CLOCK, stop | TITLES | _ATTRIBUTION


def conflict(a: Features, b: Features) -> str | None:
    """Why two sentences cannot report the same fact ("numbers", "actors", "names"), or None."""
    if a.numbers and b.numbers and not a.numbers & b.numbers:
        return "numbers"
    if a.years and b.years and not a.years & b.years:
        return "numbers"
    if substituted(a, b):
        return "actors"
    if a.name_terms & b.name_terms and len(a.words & b.words) < MIN_SHARED_WORDS:
        return "names"
    return None


def _mentioned(name: frozenset[str], other: Features) -> bool:
    """The other text names it: all its words, or a shorter name within it."""
    return name <= other.terms or any(n <= name for n, _, _ in other.names)


def substituted(a: Features, b: Features) -> bool:
    """A name only in ``a`` and a name only in ``b`` that sit next to the same word."""
    # a name with a word the other text lacks: "Ostby Front" is not "Vesby Front"; but a
    # name that the other text shortens is there: "Kari Berge" is "Berge"
    only_a = [n for n in a.names if not _mentioned(n[0], b)]
    only_b = [n for n in b.names if not _mentioned(n[0], a)]
    for _, before_a, after_a in only_a:
        for _, before_b, after_b in only_b:
            if before_a == before_b and before_a not in _WEAK_CONTEXT:
                return True
            if after_a == after_b and after_a not in _WEAK_CONTEXT:
                return True
    return False
