"""Two sentences -> whether one contradicts the other: figures that disagree, or a denial.

``same`` never calls two sentences the same fact when one contradicts the other (a fact
with another number is a rival version of it). The read is exact, so that it does not
reject what merely looks like a contradiction:

1. figures are read with their kind, and only figures of one kind are compared: a count,
   a share ("percent", "%", "per cent"), an amount of money ("$", "euros"; "64 cents" is
   "$0.64"; "$5 million a year" is money, not time), a length or a weight in one unit (miles
   and kilometres are no rivals; "40 or more tons"), a span of time, points, a person's age
   ("Ola Brekke, 31,", "a 43-year-old"), a year. "Four ferries were held" and "70
   kilometres east of Ostby" give no rival figures; "14 ferries" and "17 ferries" do;
2. a figure may be a rounding of another: "some $36 billion" and "$35.8 billion", "41 percent"
   and "40.7 percent", "12.6 million" and "12.63 million". A figure rounds another only when
   it is hedged ("about", "nearly", "more than") or keeps two significant digits: "8" is not
   a rounding of "7.6". A measure (not a count) with one significant digit rounds a finer
   one within 2 % of it ("seven percent" and "6.9");
3. a day of the month is a date, not a figure ("May 9", "21 March"); "7,2 million" is a
   decimal comma; a range gives its unit once ("four to six weeks");
4. the figures conflict when both sentences give figures of a kind they share and none of
   those agree (a sentence often carries several figures; another gives only the main one),
   or both give years and share none. A figure within a range ("22 cents" and "20 to 25
   cents", "between $2 billion and $3 billion", "ranged from 2.5 to 3.7") agrees with it,
   and so do two ranges that overlap; "fell from 90 to 65" and "rose 12 to 618" are changes;
5. places: each names a place the other does not, in the same role ("in Ostby" / "in Vesby",
   "near", "at"), and the two are not one name spelled two ways ("Ostbya" / "Ostbyaa");
6. a denial: one sentence negates ("not", "no", "never", or "declined", "refused", "failed
   to", "unless") the very word that the other states without any negation ("was not
   reopened" / "was reopened"; not "did not slow the leak" / "a slower leak"), and the
   negated words are not only names. What the other gives only as wanted, tried, planned or
   asked for ("wanted to sail", "tries to keep up with", "urged them to leave", "told the
   Ostby harbour board to close", "the need for a bridge", "called for a ban") it does not
   state; "no" after an article or a count modifies a noun ("four no votes"). "Declined 3
   percent" is a fall, not a refusal; a negation coordinated with "or" ("seldom or never",
   "whether or not", "few or no") or inside a comparison's standard ("than those who never
   cycled") denies nothing. Idioms that negate nothing ("not only",
   "not surprisingly", "nothing but", "no wonder", "not until") are not negations; "gave no
   word on the closure" and "declined to discuss the closure" are both negative, so they do
   not contradict, nor do
   "not sold there" and "unknown there" ("failure", "unknown", a negation inside a compound
   such as "no-entry": negative, denying nothing one can read). A denial reads the few
   words after it within its clause ("was not easy," he said); "no crew member was hurt"
   denies the harm, not the crew; a denial of something the other sentence names no part
   of ("no stake in Halvorsen Holdings") is about another thing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from briefgen.lexicon import NUMBER_WORDS
from briefgen.score.checks import Features
from briefgen.score.lexical import concepts
from briefgen.score.similarity import split_compounds

_SCALE = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december jan feb mar apr jun jul aug "
    "sep sept oct nov dec".split()
)
# A figure's kind: a length or a weight in one unit (miles and kilometres are no rivals).
# Money in any currency stays one kind: an outlet that gives an amount only converted is
# still compared with the others (currencies read apart lost rival amounts on real coverage);
# cents are read as hundredths of it.
_KINDS = {
    "percent": "percent % pct percentage",
    "cents": "cent cents pence penny",
    "money": "dollars dollar euros euro yen francs franc pesos rupees yuan",
    "miles": "miles mile",
    "kilometres": "kilometres kilometers kilometre kilometer km",
    "feet": "feet foot",
    "metres": "metres meters metre meter",
    "yards": "yards",
    "inches": "inches",
    "pounds": "pounds",
    "tons": "tons tonnes",
    "kilograms": "kilograms kg",
    "ounces": "ounces",
    "time": "years year months month weeks week days day hours hour minutes minute seconds",
    "points": "points point",
}
_UNIT = {word: kind for kind, found in _KINDS.items() for word in found.split()}
# A person's age is no rival to a count: "Ola Brekke, 31, won two of the races".
_AGE = re.compile(r"[A-Z][\w'.-]*,\s(\d{1,3})(?=[,;.)]|\s*$)")
# words before a figure that make it approximate: it may round another
_HEDGE = frozenset("about around some nearly almost roughly approximately estimated over".split())
_HEDGE_PAIRS = frozenset(
    {("more", "than"), ("less", "than"), ("fewer", "than"), ("at", "least"), ("up", "to")}
)
# "40 or more tons": words between a figure and its unit
_OR_SO = frozenset({("or", "more"), ("or", "so"), ("or", "less"), ("or", "fewer")})
# a rate, not a unit: "$5 million a year" is an amount of money, not a span of time
_RATE = frozenset("a an per each every".split())
_RANGE_VERBS = frozenset("range ranges ranged ranging vary varies varied varying".split())
# The high end of a range is at most this many times its low end: "rose 12 to 618" is a
# change to a level, "5 to 35 cents" a range.
RANGE_SPAN = 10
_CURRENCY = re.compile(r"[$£€¥]\s?(\d[\d,]*(?:\.\d+)?)")
_NUMBER = re.compile(r"^\d[\d,]*(?:\.\d+)?$")
_PERCENT_SIGN = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?%")
# Two significant digits make a figure a plausible rounding of a finer one ("41" of "40.7");
# one does not ("8" of "7.6": a reading of 8 against 7.6 is a rival reading).
ROUNDING_DIGITS = 2
# A measure (not a count) written with one significant digit may round a finer one that is
# within this share of it: "seven percent" for "6.9 percent" (1.4 %), not "8" for "7.6" (5 %).
ONE_DIGIT_ROUNDING = Decimal("0.02")
_EXACT_KINDS = frozenset({"count", "year", "age"})

_NEGATIONS = frozenset("not no never nobody none nothing neither nor without cannot".split())
# verbs and conjunctions that deny what follows them ("declined to comment", "unless ...")
_DENYING = frozenset(
    "declined declines decline refused refuses refuse failed fails fail failing "
    "unable denied denies deny unless lack lacks lacked refusal".split()
)
# of those, the verb that also means "fell": before a figure it negates nothing
_FALLS = frozenset("declined declines decline declining".split())
# verbs whose "to" complement is wanted, tried, planned or asked for, not claimed to be so
_UNASSERTING = frozenset(
    "want wants wanted wanting wish wishes wished hope hopes hoped hoping try tries tried "
    "trying attempt attempts attempted attempting seek seeks sought seeking plan plans "
    "planned planning intend intends intended intending aim aims aimed aiming need needs "
    "needed struggle struggles struggled struggling ask asks asked asking urge urges urged "
    "urging tell tells told telling order orders ordered propose proposes proposed".split()
)
COMPLEMENT_REACH = 3  # "wanted to", "told the council to": words between the verb and "to"
# verbs that name whom they ask before the "to" ("told the Ostby harbour board to close"):
# the one asked may be a longer name
_ASKING = frozenset(
    "ask asks asked asking urge urges urged urging tell tells told telling order orders "
    "ordered".split()
)
OBJECT_REACH = 6  # words between the verb and its "to"
# words whose "for" complement is wanted or asked for, not stated ("the need for a bridge",
# "called for a ban")
_WANTING_FOR = frozenset(
    "need needs needed call calls called calling demand demands demanded demanding request "
    "requests requested plea pleas appeal appeals appealed push pushed pushing pressed "
    "pressing hope hopes hoped wish wishes wished".split()
)
# conjunctions that open another clause, ending such a complement
_CONJUNCTIONS = frozenset(
    "but because while although though whereas when after before since unless until "
    "which who".split()
)
COMPARISON_REACH = 4  # "than riders who never": words between "than" and a negation it holds
# nouns that negate without a scope one can read ("the failure to ...", "engine failure"): the
# sentence is negative, so another negative one is no denial of it, but they deny nothing
_NEGATIVE_NOUNS = frozenset("failure failures inability absence".split())
_CLAUSE = re.compile(r"[,;:!?()\[\]\"“”«»]|\s[-–—]+\s|--")
# negations that deny no one thing: "none", "nobody", "nothing" or "no" before a noun, the
# denial carried by what follows the auxiliary ("no crew member was hurt" denies the
# harm, not that there was a crew)
_DETERMINERS = frozenset("no none nobody nothing neither".split())
_AUXILIARIES = frozenset("was were is are be been being has have had will would".split())
# contractions written without their apostrophe ("havent agreed")
_BARE = frozenset(
    "isnt arent wasnt werent dont doesnt didnt hasnt havent hadnt wont wouldnt couldnt "
    "shouldnt cant".split()
)
_IDIOMS = frozenset(
    {
        ("not", "only"),
        ("not", "just"),
        ("not", "surprisingly"),
        ("not", "least"),
        ("no", "wonder"),
        ("no", "doubt"),
        ("nothing", "but"),
        ("not", "until"),  # "is not until May" dates it, denying nothing
        ("n't", "until"),
    }
)
NEGATION_SCOPE = 3  # words after a negation that it denies
# words after which "no" modifies a noun ("the no vote"): articles, demonstratives, possessives
# ("that" is left out: "said that no buyer was found" negates)
_DETERMINING = frozenset("a an the this these those his her its their our my your".split())


@dataclass(frozen=True)
class Figure:
    kind: str  # "count", "percent", "money", "year", ...
    value: Decimal  # scaled: "1.2 million" is 1200000
    step: Decimal  # the precision it is written with, scaled: 0.1 million for "1.2 million"
    rounds: bool  # it may be a rounding of a finer figure (hedged, or enough digits)
    span: tuple[Decimal, Decimal] | None = None  # the range it is an end of: "20 to 25 cents"


@lru_cache(maxsize=1 << 14)
def figures(text: str, words: tuple[str, ...]) -> tuple[Figure, ...]:
    """The figures of a sentence (its text and lower-case word tokens), each with its kind."""
    tokens = split_compounds(words)
    if not any(NUMBER_WORDS.get(t, t)[:1].isdecimal() for t in tokens):
        return ()  # no token a figure can be read from (``_NUMBER`` opens with a digit)
    money = {m.group(1).replace(",", "") for m in _CURRENCY.finditer(text)}
    shares = {m.group(1).replace(",", "") for m in _PERCENT_SIGN.finditer(text)}
    ages = {m.group(1) for m in _AGE.finditer(text)}
    read: dict[int, tuple[str, str, int, bool]] = {}  # position -> written, kind, scale, hedged
    ends: dict[int, int] = {}  # position -> the position after its scale and unit
    for k, token in enumerate(tokens):
        written = _written(NUMBER_WORDS.get(token, token))
        before = tokens[k - 1].rstrip(".") if k else ""
        after = tokens[k + 1].rstrip(".-") if k + 1 < len(tokens) else ""
        if written is None or before in _CALENDAR or after in _CALENDAR:
            continue  # not a figure, or a day of the month
        scale, j = (_SCALE[after], k + 2) if after in _SCALE else (0, k + 1)
        if tokens[j : j + 2] in _OR_SO:
            j += 2  # "40 or more tons": the unit comes after
        unit = tokens[j].rstrip(".") if j < len(tokens) else ""
        if unit == "per" and tokens[j + 1 : j + 2] == ("cent",):
            unit, j = "percent", j + 1
        elif (
            unit not in _UNIT
            and unit not in _RATE
            and unit.isalpha()
            and j + 1 < len(tokens)
            and tokens[j + 1].rstrip(".") in _UNIT
        ):
            unit, j = tokens[j + 1].rstrip("."), j + 1  # "2 billion Norland francs"
        ends[k] = j + 1 if unit in _UNIT else j
        kind = _UNIT.get(unit, "count")
        if (kind == "time" and j + 1 < len(tokens) and tokens[j + 1] == "old") or (
            kind == "count" and (written in ages or before == "aged")
        ):
            kind = "age"  # "a 43-year-old", "Ola Brekke, 31,", "aged 31"
        elif kind in ("count", "time") and written in money:
            kind = "money"  # "$5 million a year" is an amount, whatever follows it
        elif kind == "count" and written in shares:
            kind = "percent"  # "41%": the sign is not a word token
        if kind == "count" and not scale and len(written) == 4 and written[:2] in ("19", "20"):
            kind = "year"
        hedged = before in _HEDGE or (k > 1 and (tokens[k - 2], before) in _HEDGE_PAIRS)
        read[k] = (written, kind, scale, hedged)
    found: list[Figure] = []
    for k, (written, kind, scale, hedged) in read.items():
        end = read.get(k + 2)
        if end is not None and not scale and tokens[k + 1] in ("to", "and"):
            # a range: "1.5 to 2.5 points", "four to six weeks", "$2 to $3 million"
            kind = end[1] if kind == "count" else kind
            scale = end[2] if kind == end[1] else scale
        value = Decimal(written)
        if kind == "cents":  # "64 cents" is "$0.64": one amount in two units
            kind, scale = "money", scale - 2
        found.append(
            Figure(
                kind,
                value.scaleb(scale),
                _step(value).scaleb(scale),
                hedged or _digits(value) >= ROUNDING_DIGITS,
            )
        )
    return _ranges(tokens, tuple(read), ends, found)


def _ranges(
    tokens: tuple[str, ...], at: tuple[int, ...], ends: dict[int, int], found: list[Figure]
) -> tuple[Figure, ...]:
    """``found`` (the figures at positions ``at``) with the range each pair of ends gives:
    "20 to 25 cents", "2 percent to 4 percent", "between $2 billion and $3 billion",
    "$4 billion-$6 billion". "From 90 to 65" and "rose 12 to 618" are changes, not
    ranges: a range reads low to high, its ends of one magnitude, and "from" opens one only
    after a verb of range ("ranged from 2.5 to 3.7")."""
    where = {k: n for n, k in enumerate(at)}
    out = list(found)
    for n, k in enumerate(at):
        joint = ends[k]
        if tokens[joint - 1].endswith("-") and joint in where:
            other = joint  # "$4 billion-$6 billion"
        elif joint + 1 in where and joint < len(tokens) and tokens[joint] in ("to", "and"):
            other = joint + 1
        else:
            continue
        low, high = found[n], found[where[other]]
        before = tokens[k - 1] if k else ""
        if tokens[joint] == "and" and before != "between":
            continue  # "two adults and three children"
        if before == "from" and (k < 2 or tokens[k - 2] not in _RANGE_VERBS):
            continue  # "fell from 90 to 65": a change
        if low.kind != high.kind or not 0 < low.value < high.value <= RANGE_SPAN * low.value:
            continue
        span = (low.value, high.value)
        out[n] = replace(out[n], span=span)
        out[where[other]] = replace(out[where[other]], span=span)
    return tuple(out)


def _written(token: str) -> str | None:
    """A number token without its thousands separators ("1,024" -> "1024"; the decimal
    comma of "4,6" -> "4.6"), or None."""
    if not token[:1].isdecimal() or not _NUMBER.match(token):
        return None
    if "," in token and any(len(g) != 3 for g in token.split(",")[1:]):
        if token.count(",") != 1 or "." in token:
            return None
        token = token.replace(",", ".")
    token = token.replace(",", "")
    try:
        Decimal(token)
    except InvalidOperation:
        return None
    return token


def _step(value: Decimal) -> Decimal:
    """The unit of the last digit written: 0.1 for "35.8", 10 for "20", 1 for "41"."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < 0:
        return Decimal(1).scaleb(exponent)
    digits = str(value)
    return Decimal(1).scaleb(len(digits) - len(digits.rstrip("0")))


def _digits(value: Decimal) -> int:
    return len(str(value).replace(".", "").strip("0"))


def _agree(a: Figure, b: Figure) -> bool:
    """The same figure: equal, or one a rounding of the other."""
    if a.value == b.value:
        return True
    gap = abs(a.value - b.value)
    if (a.rounds and gap * 2 <= a.step) or (b.rounds and gap * 2 <= b.step):
        return True
    coarse = a if a.step > b.step else b
    # one significant digit rounds a finer measure only when close to it: "seven percent" for
    # "6.9 percent", "30,000 tons" for "29,800", not "8 percent" for "7.6"; never a count
    # ("10 ferries" and "12") nor a year
    return (
        coarse.kind not in _EXACT_KINDS
        and _digits(coarse.value) == 1
        and gap <= ONE_DIGIT_ROUNDING * coarse.value
    )


def _compatible(a: Figure, b: Figure) -> bool:
    """The same figure, or one within the range the other is an end of ("22 cents" and
    "20 to 25 cents"), or two ranges that overlap: neither contradicts the other."""
    if _agree(a, b):
        return True
    low = max(a.span[0] if a.span else a.value, b.span[0] if b.span else b.value)
    high = min(a.span[1] if a.span else a.value, b.span[1] if b.span else b.value)
    return (a.span is not None or b.span is not None) and low <= high


def share_a_figure(a: Sequence[Figure], b: Sequence[Figure]) -> bool:
    """A figure of ``a`` agrees with one of ``b`` of its kind ("37%" / "37.4%"); a figure
    within a range is not stated by it."""
    return any(_agree(x, y) for x in a for y in b if x.kind == y.kind)


def figures_conflict(a: Sequence[Figure], b: Sequence[Figure]) -> bool:
    """Both give years and share none, or both give figures of a kind they share and none
    of those agree (equal, or one a rounding of the other)."""
    years_a = {f.value for f in a if f.kind == "year"}
    years_b = {f.value for f in b if f.kind == "year"}
    if years_a and years_b and not years_a & years_b:
        return True
    kinds = {f.kind for f in a} & {f.kind for f in b} - {"year"}
    if not kinds:
        return False
    return not any(_compatible(x, y) for x in a if x.kind in kinds for y in b if y.kind == x.kind)


@lru_cache(maxsize=1 << 14)
def denied(text: str) -> tuple[tuple[str, ...], ...] | None:
    """What a sentence's negations deny, each read within its clause (a denial stops at a
    comma, a colon, a dash, a bracket or a quotation mark: "was not easy," he said),
    or None when it negates nothing. A sentence negative only through a word such as
    "failure" or "unknown", or a negation inside a compound ("a no-entry sign", which
    qualifies its noun), denies nothing one can read: an empty tuple."""
    from briefgen.segment import words  # the tokenizer, as the engine reads the sentence

    found = tuple(d for clause in _CLAUSE.split(text) for d in denials(words(clause)))
    if found:
        return found
    negative = any(
        w in _NEGATIVE_NOUNS or _negative_adjective(w) or ("-" in w and _unnegated(w) != w)
        for w in words(text)
    )
    return () if negative else None


def _negative_adjective(word: str) -> bool:
    """A word that negates a word WordNet knows: "unknown", "unsigned", "unchanged"."""
    rest = word[2:]
    return word.startswith("un") and len(rest) >= 5 and rest.isalpha() and bool(concepts(rest))


@lru_cache(maxsize=1 << 14)
def denials(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """What the sentence's negations deny: the few words after each (idioms that negate
    nothing, and negations inside a compound, "the no-entry zone", are left out)."""
    tokens = split_compounds(tuple(_unnegated(w) if "-" in w else w for w in words))
    hidden = _unasserted(tokens)
    found: list[tuple[str, ...]] = []
    for k, word in enumerate(tokens):
        if word in _NEGATIONS or word in _DENYING or word in _BARE or word.endswith("n't"):
            if k + 1 < len(tokens) and (word, tokens[k + 1]) in _IDIOMS:
                continue
            if word == "no" and k and _names_a_vote(tokens[k - 1]):
                continue  # "four no votes", "the no side": a noun's modifier, no negation
            if _falls(tokens, k):
                continue  # "shares declined 3 percent": no negation at all
            if _not_a_denial(tokens, k) or k in hidden:
                found.append(())  # negative, but it denies nothing the sentence claims
                continue
            start = k + 1
            if word in _DETERMINERS and tokens[k + 1 : k + 2] != ("longer",):
                verb = next(
                    (
                        j
                        for j in range(k + 2, k + 4)
                        if j < len(tokens) and tokens[j] in _AUXILIARIES
                    ),
                    None,
                )
                while verb is not None and verb < len(tokens) and tokens[verb] in _AUXILIARIES:
                    start = verb = verb + 1
            found.append(tokens[start : start + NEGATION_SCOPE])
    return tuple(found)


def _names_a_vote(before: str) -> bool:
    """The word before "no" makes it a noun's modifier ("four no votes", "the no camp"),
    not a negation: an article, a demonstrative, a possessive or a figure."""
    written = _written(NUMBER_WORDS.get(before, before))
    # a count, not a year: "in 2024 no ferry sailed" negates
    return before in _DETERMINING or (written is not None and len(written) < 4)


def _falls(tokens: tuple[str, ...], k: int) -> bool:
    """The word at ``k`` is "declined" in the sense of a fall, not a refusal: a figure, "by",
    "from" or an adverb of degree after it ("shares declined 3 percent", "declined by a
    quarter", "declined steeply", "declined to 6 percent")."""
    if tokens[k] not in _FALLS:
        return False
    after = tokens[k + 1 : k + 3]
    if not after:
        return False
    if after[0] == "to":
        after = after[1:]
    return bool(after) and (
        _written(NUMBER_WORDS.get(after[0], after[0])) is not None
        or after[0] in ("by", "from")
        or (after[0].endswith("ly") and len(after[0]) > 4)
    )


def _not_a_denial(tokens: tuple[str, ...], k: int) -> bool:
    """The negation at ``k`` denies nothing the sentence claims: a negation coordinated with
    "or" ("seldom or never", "whether or not", "few or no": an amount or an alternative),
    or one inside a comparison's standard ("higher than among those who never cycled")."""
    if "or" in tokens[max(0, k - 1) : k] or tokens[k + 1 : k + 2] == ("or",):
        return True
    return "than" in tokens[max(0, k - COMPARISON_REACH) : k]


@lru_cache(maxsize=1 << 14)
def claimed(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A sentence's words split into those it states as so and those in the complement of a
    verb of wanting, trying, planning or asking ("wanted to sail", "tries to keep up with",
    "told them to leave"): those are not claimed to have happened, so a denial of them in
    another sentence is no contradiction ("was told he could not sail")."""
    from briefgen.segment import words  # the tokenizer, as the engine reads the sentence

    said: list[str] = []
    unsaid: list[str] = []
    for clause in _CLAUSE.split(text):
        tokens = split_compounds(words(clause))
        hidden = _unasserted(tokens)
        for k, token in enumerate(tokens):
            (unsaid if k in hidden else said).append(token)
    return tuple(said), tuple(unsaid)


def _unasserted(tokens: tuple[str, ...]) -> frozenset[int]:
    """Positions inside the complement of a verb of wanting, trying, planning or asking: from
    its "to" (or the "not" before it: "asked them not to sail") to the end of the clause or
    a conjunction that opens another."""
    hidden: set[int] = set()
    k = 0
    while k < len(tokens):
        negated = tokens[k] in ("not", "never") and tokens[k + 1 : k + 2] == ("to",)
        wanted = tokens[k] == "for" and k > 0 and tokens[k - 1] in _WANTING_FOR
        if wanted or (
            (tokens[k] == "to" or negated)
            and (
                any(t in _UNASSERTING for t in tokens[max(0, k - COMPLEMENT_REACH) : k])
                or any(t in _ASKING for t in tokens[max(0, k - OBJECT_REACH - 1) : k])
            )
        ):
            end = next(
                (j for j in range(k + 1, len(tokens)) if tokens[j] in _CONJUNCTIONS),
                len(tokens),
            )
            hidden.update(range(k, end))
            k = end
        k += 1
    return frozenset(hidden)


def _unnegated(word: str) -> str:
    """A compound without its negation: "no-entry" -> "entry"."""
    return "-".join(p for p in word.split("-") if p not in _NEGATIONS and p != "n't") or word


_AT_PLACE = frozenset("in at near".split())
# Two name words this alike are one name spelled two ways ("Ostbya" / "Ostbyaa").
SPELLING = 0.8


def places_conflict(a: Features, b: Features) -> bool:
    """A name only ``a`` gives and a name only ``b`` gives, each right after the same place
    preposition ("in Ostby" / "in Vesby"), that are not one name spelled two ways."""
    only_a = [(name, before) for name, before, _ in a.names if not name & b.terms]
    only_b = [(name, before) for name, before, _ in b.names if not name & a.terms]
    return any(
        before_a == before_b and before_a in _AT_PLACE and not _spelled_alike(x, y)
        for x, before_a in only_a
        for y, before_b in only_b
    )


def _spelled_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    return any(
        SequenceMatcher(None, p, q, autojunk=False).ratio() >= SPELLING
        for p in sorted(a)
        for q in sorted(b)
    )
