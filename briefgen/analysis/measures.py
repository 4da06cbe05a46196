"""A value mention in its sentence -> what it measures, so that only values of one measure meet.

The noun phrase a number counts ("14 local officials"); whether a value in brackets is the
value before it converted ("2 billion euros ($2.2 billion)"); whether a figure is part of a
whole ("the deal includes ..."), a span counted from another moment ("two minutes from the
end"), a runner-up's ("the runner-up got 41%"), or placed before or after the event ("on
Sunday after the landslide"). Each is a rule of news language, written out as a pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefgen.analysis.values import IRREGULAR, Mention, is_value_word, stem, tokens

# Where a clause ends: punctuation that sets one off, or a conjunction that starts the next.
BREAK = re.compile(r"[,;:()\[\]—–]|\s-\s")


# A value placed before or after the event it names is not that event's own value: a day
# followed by "after the ..." ("villagers slept outside on Sunday after the landslide"), a
# figure whose clause starts "before the ..." ("surveys before the vote gave her a lead of
# 15 points"). Such slots are kept for the timeline but never compared.
_AFTER_EVENT = re.compile(r"^[\s,]+(?:after|following|since)\s+(?:the|this|that|its|their)\b", re.I)
# The ends of a period ("between March 3 and May 9", "from 2019 to 2021") bound a span of
# time; neither is the day of an event.
_PERIOD_END = re.compile(
    r"\b(?:between|from)\s+$|\bbetween\b[^;:]{0,80}\band\s+$"
    r"|\bfrom\s+\S+(?:\s+\S+){0,3}?\s+(?:to|until|through)\s+$",
    re.I,
)
_BEFORE_EVENT = re.compile(r"\b(?:before|prior\s+to)\s+(?:the|this|that|its|their)\b", re.I)


# A word that ends a counted noun phrase: a verb form after the noun ("300 people died",
# "12 workers injured") or an adverb or adjective that follows it ("15 points ahead", "20
# years ago", "30 metres deep").
_VERB_FORM = re.compile(r"(?:ed|ing)$")
_AFTER_NOUN = frozenset(
    "ahead behind apart away back abroad ago old long tall wide deep high higher lower up "
    "down overall apiece inside outside earlier later short clear aboard onboard nationwide "
    "worldwide altogether combined alive".split()
)
COUNTED_WORDS = 3  # at most this many words after a number make the phrase it counts


def counted(text: str, after: Sequence[tuple[int, int, str]], end: int) -> str:
    """What a number counts: the stems of the run of words right after it, so that "30 regional
    councils" and "nine regions", or "12 away matches" and "30 matches", are counts of
    different things ("" when no word follows it directly)."""
    phrase: list[str] = []
    for start, stop, token in after[:COUNTED_WORDS]:
        low = token.lower()
        s = stem(low)
        gap = text[end:start]
        if gap.strip() or len(gap) > 1 or not s or is_value_word(token):
            break
        if phrase and (_VERB_FORM.search(low) or low in IRREGULAR or low in _AFTER_NOUN):
            break  # "people died", "points ahead": the noun came before
        phrase.append(s)
        end = stop
        if len(phrase) == 1 and (_VERB_FORM.search(low) or low in IRREGULAR):
            break  # "12 armed ...", "5 killed": the first word is all there is
    return " ".join(phrase)


# A value in brackets right after another is that value converted ("32 km (20 miles)",
# "3 billion euros ($3.3 billion)"): it is said of what the first value is said of.
CONVERSION_AFTER = re.compile(
    r"\s*\((?:about|around|roughly|approximately|some|or|nearly|almost|\s)*[$€£]?\s?\d[^()]*\)"
)
_CONVERSION_OPEN = re.compile(
    r"\s*\((?:about|around|roughly|approximately|some|or|nearly|almost|\s)*", re.I
)


def converts(text: str, outer: Mention, m: Mention) -> bool:
    """Whether ``m`` is ``outer`` converted, in brackets right after it."""
    bracket = CONVERSION_AFTER.match(text, outer.end)
    return (
        bracket is not None
        and outer.end < m.start < bracket.end()
        and _CONVERSION_OPEN.fullmatch(text, outer.end, m.start) is not None
    )


def aside(text: str, m: Mention, cls: str) -> bool:
    """Whether the value is placed before or after the event it names (see ``_AFTER_EVENT``)."""
    if cls == "when":
        return bool(_AFTER_EVENT.match(text[m.end :]) or _PERIOD_END.search(text[: m.start]))
    clause = BREAK.split(text[: m.start])[-1]
    return cls.startswith("number") and bool(_BEFORE_EVENT.search(clause))


# A figure said to be part of something ("the package includes €40 million in loans", "a $5
# million grant as part of the package", "two of the injured") is not a rival of the figure of
# the whole ("a package worth €900 million", "injuring four workers"): a part is compared with
# parts only.
_PART_OF_BEFORE = re.compile(r"\b(?:includ(?:es|ed|ing)|among\s+them|of\s+which|of\s+whom)\b", re.I)
_PART_OF_AFTER = re.compile(r"^\W*(?:[\w’'-]+\s+){0,4}?as\s+(?:a\s+)?part\s+of\b", re.I)
# a plain count of some of them ("two of the injured"); "46% of the vote" is a share, no part
_SOME_OF = re.compile(r"^\s+of\s+(?:the|them|those|these|whom|which|its|their|our)\b", re.I)


def part(text: str, m: Mention) -> bool:
    """Whether the value is said to be part of something (see ``_PART_OF_BEFORE``)."""
    bracket = CONVERSION_AFTER.match(text, m.end)
    after = text[bracket.end() if bracket else m.end :]
    clause_before = BREAK.split(text[: m.start])[-1]
    clause_after = BREAK.split(after)[0]
    some = m.kind == "number" and not m.unit and _SOME_OF.match(clause_after)
    return bool(_PART_OF_BEFORE.search(clause_before) or _PART_OF_AFTER.match(clause_after) or some)


# A value per unit of something ("0.42 euros per share", "$80 a barrel", "15 euros an hour")
# measures that rate, not a total: it meets only a value per the same unit, and that shared
# unit says what both are of. A converted value in brackets may stand between the two.
_RATE = re.compile(
    r"\s+(?:per|a|an)\s+(?P<noun>[a-z][a-z-]*)\b(?!\s+(?:ago|earlier|later|before|after)\b)",
    re.IGNORECASE,
)
_NOT_RATE = frozenset("cent few lot number total record half third quarter".split())


def rate(text: str, m: Mention) -> str:
    """The stem of the unit a value is given per ("per share" -> "share"), or ""."""
    if m.kind != "number":
        return ""
    bracket = CONVERSION_AFTER.match(text, m.end)
    found = _RATE.match(text, bracket.end() if bracket else m.end)
    if found is None:
        return ""
    noun = found.group("noun").lower()
    if noun in _NOT_RATE or _VERB_FORM.search(noun) or noun in IRREGULAR:
        return ""  # "per cent", "a record", "a total of", "a dozen killed"
    return stem(noun)


# A value after "by" in a sentence that tells of a change or a lead is the size of that change
# or margin ("prices fell by as much as $5 a barrel", "won by 12 points"), not a level
# ("prices near $20 a barrel"): it meets changes only. Without such a word, "by" names who did
# it ("watched by 9,000 fans", "kidnapped by two dozen men").
_BY = re.compile(
    r"\bby\s+(?:(?:as\s+(?:much|many|little|few)\s+as|about|around|nearly|almost|roughly|"
    r"some|more\s+than|less\s+than|over|under|up\s+to|just|only|an\s+estimated)\s+)*$",
    re.IGNORECASE,
)
_CHANGE_WORD = re.compile(
    r"\b(?:ris(?:e|es|ing)|rose|risen|f[ae]ll(?:s|ing|en)?|(?:in|de)creas(?:e|es|ed|ing)|"
    r"cut(?:s|ting)?|rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?|(?:drop|slip)(?:s|ped|ping)?|"
    r"declin(?:e|es|ed|ing)|climb(?:s|ed|ing)?|gr[oe]w(?:s|n|ing)?|shr[iau]nk(?:s|ing)?|"
    r"jump(?:s|ed|ing)?|sl(?:i|ide)(?:d|s|ding)?|gain(?:s|ed|ing)?|los(?:e|es|t|ing)|"
    r"beat(?:s|en|ing)?|w[io]n(?:s|ning)?|lead(?:s|ing)?|led|trail(?:s|ed|ing)?|higher|lower|"
    r"reduc(?:e|es|ed|ing)|depress(?:es|ed|ing)?|boost(?:s|ed|ing)?|(?:widen|narrow)(?:s|ed|ing)?|"
    r"exceed(?:s|ed|ing)?|outnumber(?:s|ed|ing)?|up|down|more|less|fewer|larger|smaller)\b",
    re.IGNORECASE,
)


def change(text: str, m: Mention) -> bool:
    """Whether a number is the size of a change or margin (see ``_BY``)."""
    by = _BY.search(text, 0, m.start) if m.kind == "number" else None
    if by is None or not _CHANGE_WORD.search(text, 0, by.start()):
        return False
    before = tokens(text[: by.start()])
    last = before[-1][2].lower() if before else ""
    # "beat them by three goals, watched by 9,000 fans": a participle names who did it
    return not ((_VERB_FORM.search(last) or last in IRREGULAR) and not _CHANGE_WORD.fullmatch(last))


# A whole number set off by commas right after a name is that person's age ("Halvorsen, 71,
# underwent surgery", "Vesby's mayor, Inga Sollie, 58, said"): it is said of that name only,
# and meets only another age.
_AGE_BEFORE = re.compile(r"\b(?P<name>[A-Z][\w’'-]*[a-z])\s*,\s*(?:aged\s+)?$")
_AGE_AFTER = re.compile(r"^\s*(?:,|;|\.|$)")
AGE = "age"  # the counted noun an age is given


def age(text: str, m: Mention) -> str:
    """The stem of the name a number is the age of ("" when it is no age)."""
    value = m.value or 0.0
    if m.kind != "number" or m.unit or not m.digits or not 0 < value < 120:
        return ""
    if value != int(value) or not _AGE_AFTER.match(text[m.end :]):
        return ""
    found = _AGE_BEFORE.search(text[: m.start])
    return stem(found.group("name").lower()) if found else ""


# A span of time followed by the moment it is counted from is an offset, not a length or a
# time of its own: "two minutes from the end", "three days after the storm made landfall".
_TIME_UNITS = frozenset(
    "second seconds minute minutes hour hours day days week weeks month months year years".split()
)
_OFFSET = re.compile(
    r"\s+(?P<unit>[a-z]+)\s+(?P<rel>from|before|after|into|later|earlier|ago|left|remaining|"
    r"short\s+of|since)\b(?P<anchor>[^,;:()]*)",
    re.IGNORECASE,
)


# "for", "lasted", "took" ... before a span make it a length, whatever follows it.
_LENGTH_BEFORE = re.compile(
    r"\b(?:for|lasted|lasting|took|taking|spent|spending|within|in\s+just|in\s+only)\s+"
    r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|less\s+than|over|under|"
    r"just|only|another|an\s+estimated)\s+)*$",
    re.IGNORECASE,
)


def offset(text: str, m: Mention) -> tuple[str, frozenset[str]]:
    """(relation, words of the moment) for a span of time counted from another moment."""
    found = _OFFSET.match(text, m.end)
    if m.kind != "number" or found is None or found.group("unit").lower() not in _TIME_UNITS:
        return "", frozenset()
    if _LENGTH_BEFORE.search(text, 0, m.start):
        return "", frozenset()  # "the board met for six hours before the vote": a length
    relation = " ".join(found.group("rel").lower().split())
    anchor = [stem(t.lower()) for _, _, t in tokens(found.group("anchor"))[:4]]
    return relation, frozenset(a for a in anchor if a)


# A figure said of a runner-up, rival or challenger is not the winner's figure: "Berge won 52%"
# and "the runner-up, Lind, got 41%" are two measures.
_RUNNER_UP = re.compile(
    r"\b(?:runner-up|runners-up|second[- ]placed?|finished\s+second|came\s+second|rivals?|"
    r"challengers?|opponents?|trail(?:s|ed|ing)?)\b",
    re.IGNORECASE,
)


_BEATEN = re.compile(
    r"\b(?:beat(?:s|en|ing)?|defeat(?:s|ed|ing)?|ahead\s+of|over|against|than|outpoll(?:ed|ing)?"
    # a rival that is bought is not whose figure follows: "Halvard Bank will buy its rival
    # Oberfeld for 4.5 billion euros" gives Halvard's price
    r"|acquir(?:e|es|ed|ing)|buy(?:s|ing)?|bought|purchas(?:e|es|ed|ing)|absorb(?:s|ed|ing)?"
    r"|tak(?:e|es|en|ing)\s+over|took\s+over|merg(?:e|es|ed|ing)\s+with|rescu(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)


def runner_up(text: str, m: Mention, before: Sequence[Mention]) -> bool:
    """Whether the sentence, since the previous figure, says the figure is a runner-up's."""
    start = max((o.end for o in before if o.end <= m.start), default=0)
    found = _RUNNER_UP.search(text, start, m.start)
    # "Berge beat her rival with 52%": the rival is beaten, the figure is the winner's
    return found is not None and not _BEATEN.search(text, start, found.start())


# The price of a purchase or the value of a deal, however it is worded: "buy Oberfeld for
# €4.5 billion", "a takeover worth €4.5 billion", "lifted its bid to €4.5 billion", "priced
# at €4.5 billion", "a €4.5 billion takeover of Oberfeld". Two prices of one bought party
# are one measure even when no other word beside them is shared.
CURRENCIES = frozenset({"USD", "EUR", "GBP", "CHF", "JPY", "CNY", "INR", "RUB"})
_PRICE_CUE = re.compile(
    r"\b(?:for|worth|(?:valu|pric)(?:ed|ing)\s+at|(?:offer|bid)(?:s|ed|ing)?(?:\s+(?:of|to))?|"
    r"price\s+(?:of|tag\s+of)|pa(?:y|ys|ying|id))\s+"
    r"(?:(?:about|around|nearly|almost|roughly|some|more\s+than|less\s+than|over|under|"
    r"up\s+to|just|an\s+estimated)\s+)*$",
    re.IGNORECASE,
)
_PURCHASE = re.compile(
    r"\b(?:buy(?:s|ing)?|bought|acquir(?:e|es|ed|ing)|acquisitions?|purchas(?:e|es|ed|ing)|"
    r"tak(?:e|es|en|ing)\s+over|took\s+over|takeovers?|mergers?|buyouts?|deals?)\b",
    re.IGNORECASE,
)
# the purchase named right after the sum ("a €4.5 billion cash takeover of Oberfeld")
_PRICED = re.compile(
    r"\s*(?:[a-z]+-(?:cash|share|stock)\s+|cash\s+|stock\s+)?"
    r"(?:takeover|acquisition|purchase|buyout|merger|deal|offer|bid)\b",
    re.IGNORECASE,
)


def price(text: str, m: Mention) -> bool:
    """Whether a sum of money is the price of a purchase its clause tells of ("Norland, which
    Halvard will buy, holds deposits worth €40 billion" gives no price)."""
    if m.kind != "number" or m.unit not in CURRENCIES:
        return False
    bracket = CONVERSION_AFTER.match(text, m.end)
    if _PRICED.match(text, bracket.end() if bracket else m.end):
        return True
    clause = BREAK.split(text[: m.start])[-1]
    return bool(_PRICE_CUE.search(clause) and _PURCHASE.search(clause))


# A day written as the day of a named event ("the storm of Monday night", "Monday night's
# storm hit ...") says when that event happened, in whatever sentence it stands: it meets
# another report's day of the same event ("the storm hit Vesby late on Sunday") even when the
# two sentences share no other word. The possessive of a bare weekday ("Monday's close") is
# no day at all (values.py), and the parts of a day are no event.
_EVENT_OF = re.compile(r"\b(?i:the)\s+(?P<noun>[a-z]+)\s+of\s+$")
_EVENT_AFTER = re.compile(
    r"^\s+(?:night|evening|morning|afternoon)['’]s\s+(?P<words>(?:[a-z][\w-]*\s+){0,2}[a-z]+)\b"
)
_NO_EVENT = frozenset(
    "end start beginning close middle rest part course night morning eve weekend dawn".split()
)


def named_event(text: str, m: Mention) -> str:
    """The noun of the event a weekday or date is written as the day of ("" when none)."""
    if m.kind not in ("weekday", "date"):
        return ""
    before = _EVENT_OF.search(text, max(0, m.start - 40), m.start)  # "the <noun> of "
    if before:
        noun = before.group("noun")
    else:
        after = _EVENT_AFTER.match(text[m.end :])
        if after is None:
            return ""
        words = after.group("words").split()
        # the event is what the clause tells of: its noun ends the run of words ("violent
        # storm") right before a verb ("... flooded the harbour"); "Monday night's match
        # against the visitors" may be one of several matches
        end = next(
            (k for k, w in enumerate(words) if k and (_VERB_FORM.search(w) or w in IRREGULAR)),
            None,
        )
        if end is None:
            return ""
        noun = words[end - 1]
    if noun in _NO_EVENT or is_value_word(noun) or not stem(noun):
        return ""
    if (
        noun.endswith("s")
        and not noun.endswith(("ss", "us", "is"))
        and stem(noun[:-1]) == stem(noun)
    ):
        return ""  # "Monday's talks", "the storms of Sunday": several events, not one
    return noun


# What a rank ranks: "the eighth skater, and the second from Norland, with a gold medal at
# the worlds" ranks skaters by a gold medal at the worlds. The words right after the ordinal
# name who is ranked, the phrase from "to", "with", "in", "since", "ever", "by" or "from" to
# the end of its clause what they are ranked by; an apposition between the two (", and the
# second from Norland,") is read past. A group named by a capitalised word or by sex ("the
# eleventh Norlander", "the ninth woman") is a ranking of its own.
_RANK_APPOSITION = re.compile(r"\s*,\s*(?:and\s+)?the\s+[a-z]+\b[^,;:()]*,", re.IGNORECASE)
_RANKED_BY = frozenset("to with in since ever by from".split())
_RANK_GROUPS = frozenset("woman women man men female male girl boy".split())
_CLAUSE_END = frozenset("and but while whereas".split())
RANKED_BY_WORDS = 6  # content words of the phrase that says what a rank is by


def rank_of(text: str, m: Mention) -> tuple[str, frozenset[str]]:
    """(ranking, stems of what it is ranked by) for a rank; no stems: no rank to compare.

    The ranking is the group ("" for anyone: "player", "storm"; else the stem of the group's
    word) and the first content word of what it is ranked by, the deed or the thing had ("to
    lose ...", "with three terms ..."): "group/word"."""
    words = [w for w in tokens(text) if w[0] >= m.end]
    k, edge, group = 0, m.end, ""
    while k < min(len(words), COUNTED_WORDS) and not text[edge : words[k][0]].strip():
        if words[k][2].lower() in _RANKED_BY:
            break
        token = words[k][2]
        if token[0].isupper() or token.lower() in _RANK_GROUPS:
            group = stem(token.lower())
        edge = words[k][1]
        k += 1
    if k == 0:
        return "", frozenset()
    aside = _RANK_APPOSITION.match(text, edge)
    if aside:
        edge = aside.end()
        k = next((n for n, w in enumerate(words) if w[0] >= edge), len(words))
    if k == len(words) or text[edge : words[k][0]].strip() or words[k][2].lower() not in _RANKED_BY:
        return "", frozenset()
    by: list[str] = []
    previous = ""
    for start, end, token in words[k + 1 :]:
        if BREAK.search(text[edge:start]) or token.lower() in _CLAUSE_END:
            break
        edge = end
        s = stem(token.lower())
        # "with a dozen titles": after "a" a number word is a thing had
        if s and (not is_value_word(token) or previous in ("a", "an")):
            by.append(s)
        previous = token.lower()
        if len(by) == RANKED_BY_WORDS:
            break
    return (f"{group}/{by[0]}" if by else ""), frozenset(by)


# A reading on a named scale ("winds of 9 on the Beaufort scale", "a 4 on the Fujita
# scale") says what it measures by that name: two readings on one scale are one measure,
# however the rest of the two sentences is worded.
_ON_SCALE = re.compile(r"\s+on\s+the\s+(?P<name>(?:[A-Z][\w’'-]*\s+){1,3})scale\b")


def scale(text: str, m: Mention) -> str:
    """The stems of the scale a plain number is read on ("beaufort"), or ""."""
    found = _ON_SCALE.match(text, m.end) if m.kind == "number" and not m.unit else None
    if found is None:
        return ""
    return " ".join(s for w in found.group("name").split() if (s := stem(w.lower())))
