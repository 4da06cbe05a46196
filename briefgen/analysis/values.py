"""Sentence text -> value mentions (dates, weekdays, times, numbers, amounts) with canonical forms.

Every mention keeps its verbatim span so callers can cite and display it. Dates and weekdays
are resolved against an article's publication date only when one is given; nothing here reads
the clock.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from briefgen.segment import content_stems

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12,
}  # fmt: skip
# written unit -> (canonical unit, factor to the canonical unit)
UNITS = {
    "%": ("%", 1.0), "percent": ("%", 1.0), "per cent": ("%", 1.0),
    "gw": ("GW", 1.0), "gigawatt": ("GW", 1.0), "gigawatts": ("GW", 1.0),
    "mw": ("GW", 1e-3), "megawatt": ("GW", 1e-3), "megawatts": ("GW", 1e-3),
    "kw": ("kW", 1.0), "kilowatt": ("kW", 1.0), "kilowatts": ("kW", 1.0),
    "km": ("km", 1.0), "kilometres": ("km", 1.0), "kilometers": ("km", 1.0),
    "kilometre": ("km", 1.0), "kilometer": ("km", 1.0), "miles": ("km", 1.609344),
    "mile": ("km", 1.609344), "mph": ("km/h", 1.609344), "km/h": ("km/h", 1.0),
    "kph": ("km/h", 1.0), "kmh": ("km/h", 1.0), "kg": ("kg", 1.0),
    "kilograms": ("kg", 1.0), "tonnes": ("t", 1.0), "tons": ("t", 1.0), "hectares": ("ha", 1.0),
    "acres": ("ha", 0.40468564), "degrees": ("deg", 1.0), "dollars": ("USD", 1.0),
    "usd": ("USD", 1.0), "euros": ("EUR", 1.0), "eur": ("EUR", 1.0), "pounds": ("GBP", 1.0),
    "gbp": ("GBP", 1.0), "mm": ("mm", 1.0), "millimetres": ("mm", 1.0),
    "millimeters": ("mm", 1.0), "cm": ("mm", 10.0), "centimetres": ("mm", 10.0),
    "centimeters": ("mm", 10.0), "inches": ("mm", 25.4), "inch": ("mm", 25.4),
    "feet": ("m", 0.3048), "ft": ("m", 0.3048), "metres": ("m", 1.0), "meters": ("m", 1.0),
    "votes": ("votes", 1.0), "francs": ("CHF", 1.0), "franc": ("CHF", 1.0),
    "swiss francs": ("CHF", 1.0), "swiss franc": ("CHF", 1.0), "chf": ("CHF", 1.0),
    "yen": ("JPY", 1.0), "yuan": ("CNY", 1.0), "rupees": ("INR", 1.0), "rubles": ("RUB", 1.0),
    "roubles": ("RUB", 1.0),
}  # fmt: skip
# Written units that are converted between measurement systems: outlets round such conversions
# ("75 mph (120 km/h)"), so values within this relative tolerance are one value.
CONVERTED = frozenset({"miles", "mile", "mph", "acres", "inches", "inch", "feet", "ft"})
CONVERSION_TOLERANCE = 0.02
CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP"}
QUALIFIERS = {
    "at least": "min", "more than": "min", "over": "min", "upwards of": "min",
    "in excess of": "min", "no fewer than": "min", "up to": "max", "fewer than": "max",
    "less than": "max", "under": "max", "at most": "max", "nearly": "approx",
    "almost": "approx", "about": "approx", "around": "approx", "some": "approx",
    "approximately": "approx", "roughly": "approx", "an estimated": "approx",
    "estimated": "approx", "close to": "approx",
}  # fmt: skip
# How far a count had got when a figure was given: "with 64% of ballots counted", "with 90%
# of precincts reporting". Such a figure dates the others, like "by Monday"; it is no value.
_PROGRESS_BEFORE = re.compile(
    r"\bwith\s+(?:(?:about|nearly|almost|over|more\s+than|some|just\s+over|just\s+under)\s+)?$",
    re.IGNORECASE,
)
_PROGRESS_AFTER = re.compile(
    r"^\s+(?:of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?)?(?:counted|reporting|tallied|processed|in(?=\s*(?:[,.;:)]|$)))\b",
    re.IGNORECASE,
)
# Words before a clock time that make it approximate or a bound: "around 10 p.m.", "just after
# 9 a.m." (TIME_TOLERANCE in disagreements.py says how far such a time reaches).
_TIME_QUALIFIER = re.compile(
    r"\b(?:(?P<approx>about|around|approximately|roughly|some|nearly|almost|close to)|"
    r"(?:just|shortly|soon|right|sometime|some time)?\s*(?P<bound>after|before|past))\s*$",
    re.IGNORECASE,
)
# Words before a mention that make it the time a count was taken, not an event's value.
AS_OF = ("by", "as of", "until", "since", "through", "till")

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"  # noqa: E501
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE_MD = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>{_DAY})\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_DATE_DM = re.compile(
    rf"\b(?P<day>{_DAY})\s+(?:of\s+)?(?P<month>{_MONTH})(?![\w])(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_DATE_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>last|next|this|on|early|late)\s+)?(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![\w'’])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b)"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b|\b(?P<word>noon|midnight)\b"
    # a four-figure clock time with its zone: "(2140 GMT)", "0535 UTC"
    r"|\b(?P<hz>[01]\d|2[0-3])(?P<mz>[0-5]\d)(?=\s*(?:GMT|UTC)\b)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"\b(?P<rel>yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|"
    r"this evening|earlier this week|later this week|this week|last week|next week|"
    r"last month|this month|next month)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<cur>US\$|\$|€|£)?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|[kmb])\b)?"
    r"(?:\s?(?P<unit>%|(?:per cent|percent|km/h|swiss francs?|[a-z]+)\b))?"
    r"(?P<dash>-)?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(r"\b(?P<word>" + "|".join(WORD_NUMBERS) + r")\b(?![-])", re.IGNORECASE)
_TOKEN = re.compile(r"[\w’'][\w’'.-]*\w|\w")

# Irregular English past forms, so "met" and "meeting", "held" and "hold" match.
IRREGULAR = {
    "met": "meet", "held": "hold", "took": "take", "taken": "take", "said": "say",
    "told": "tell", "began": "begin", "begun": "begin", "came": "come", "went": "go",
    "gone": "go", "won": "win", "lost": "lose", "fell": "fall", "fallen": "fall",
    "rose": "rise", "risen": "rise", "left": "leave", "made": "make", "gave": "give",
    "given": "give", "broke": "break", "broken": "break", "spoke": "speak",
    "spoken": "speak", "struck": "strike", "hit": "hit", "burnt": "burn", "burned": "burn",
    "sent": "send", "brought": "bring", "caught": "catch", "fought": "fight",
    "fled": "flee", "led": "lead", "saw": "see", "seen": "see", "shot": "shoot",
    "killed": "kill", "died": "die", "dead": "die", "deaths": "die", "death": "die",
    "talks": "talk", "blaze": "fire", "hurt": "injur", "wounded": "injur",
}  # fmt: skip


@dataclass(frozen=True)
class Mention:
    """One value found in a sentence, with its verbatim span and canonical form."""

    kind: str  # "date" | "weekday" | "relative" | "time" | "number" | "year" | "rank"
    text: str  # verbatim span
    start: int
    end: int
    value: float | None = None  # numbers: in canonical units
    unit: str = ""  # numbers: canonical unit, "" for a plain count
    qualifier: str = ""  # "" | "min" | "max" | "approx"
    precision: float = 0.0  # numbers: half the rounding step the writer used
    month: int | None = None  # dates
    day: int | None = None
    year: int | None = None
    weekday: int | None = None  # 0 = Monday
    modifier: str = ""  # "last" | "next" | "this" | "as_of" | "until" | "progress" | ...
    digits: bool = True  # numbers: written in digits (not "three")
    converted: bool = False  # numbers: converted from another measurement system


def _span_free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def _qualifier(text: str, start: int) -> tuple[str, int]:
    """The qualifier words just before ``start`` ("at least"), and where they begin."""
    before = text[:start].rstrip().lower()
    for phrase, meaning in sorted(QUALIFIERS.items(), key=lambda kv: -len(kv[0])):
        if before.endswith(phrase) and (
            len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()
        ):
            return meaning, len(text[:start].rstrip()) - len(phrase)
    return "", start


_AS_OF_FILLER = re.compile(r"\b(?:on|at|early|late|the)\s*$")
# one search for "any of AS_OF ends the text": the same answer as one search per word
_AS_OF_END = re.compile("|".join(rf"\b{re.escape(w)}$" for w in AS_OF))


# "until" after the words of its clause ends a state: "flights are suspended until Monday"
# gives the day the suspension ends, an "until" value that meets only other such ends; at the
# head of its clause it dates a count like "by" ("Until Monday, 12 deaths were confirmed"),
# and after a negation it says when something first happens ("preliminary figures are not
# due until Monday": of which figures, the preliminary or the certified?), left alone too.
_UNTIL = re.compile(r"(?:^|[,;:()—–])[^,;:()—–]*\w[^,;:()—–]*\b(?:until|till)$")
_NOT_UNTIL = re.compile(r"(?:^|[,;:()—–])[^,;:()—–]*(?:\b(?:not|never|no)|n['’]t)\b[^,;:()—–]*$")


def _as_of(text: str, start: int) -> str:
    """ "as_of" when the value dates a count ("by Monday"), "until" when it ends a state
    ("closed until Monday"), else ""."""
    before = _AS_OF_FILLER.sub("", text[:start].rstrip().lower()).rstrip()
    if _AS_OF_END.search(before) is None:
        return ""
    return "until" if _UNTIL.search(before) and not _NOT_UNTIL.search(before) else "as_of"


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _dates(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found: list[Mention] = []
    for pattern in (_DATE_ISO, _DATE_MD, _DATE_DM):
        for m in pattern.finditer(text):
            if not _span_free(taken, m.start(), m.end()):
                continue
            month = m.group("month")
            number = int(month) if month.isdigit() else _month(month)
            day = int(re.sub(r"\D", "", m.group("day")))
            year = int(m.group("year")) if m.group("year") else None
            if month == "May" and pattern is _DATE_DM and year is None:
                continue  # "5 May" is fine but "could 5 may" is not worth the risk
            mod = _as_of(text, m.start())
            found.append(
                Mention(
                    "date",
                    m.group(0),
                    m.start(),
                    m.end(),
                    month=number,
                    day=day,
                    year=year,
                    modifier=mod,
                )
            )
            taken.append((m.start(), m.end()))
    return found


def _weekdays(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _WEEKDAY.finditer(text):
        if not _span_free(taken, m.start("day"), m.end()) or not m.group("day")[0].isupper():
            continue
        mod = (m.group("mod") or "").lower()
        start = m.start("day") if mod in ("on", "") else m.start()
        mod = _as_of(text, m.start()) or mod
        found.append(
            Mention(
                "weekday",
                text[start : m.end()],
                start,
                m.end(),
                weekday=WEEKDAYS.index(m.group("day").lower()),
                modifier=mod,
            )
        )
        taken.append((start, m.end()))
    return found


def _times(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _TIME.finditer(text):
        if not _span_free(taken, m.start(), m.end()):
            continue
        if m.group("word"):
            minutes = 12 * 60 if m.group("word").lower() == "noon" else 0
        elif m.group("h24"):
            minutes = int(m.group("h24")) * 60 + int(m.group("m24"))
        elif m.group("hz"):
            minutes = int(m.group("hz")) * 60 + int(m.group("mz"))
        else:
            hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
            minutes = hour * 60 + int(m.group("m") or 0)
        mod = _as_of(text, m.start())
        qualified = _TIME_QUALIFIER.search(text[: m.start()])
        qualifier = ""
        if qualified:
            qualifier = "approx" if qualified.group("approx") else "min"
            if (qualified.group("bound") or "").lower() == "before":
                qualifier = "max"
        found.append(
            Mention(
                "time", m.group(0), m.start(), m.end(), value=minutes, modifier=mod,
                qualifier=qualifier,
            )
        )  # fmt: skip
        taken.append((m.start(), m.end()))
    return found


def _relatives(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _RELATIVE.finditer(text):
        if _span_free(taken, m.start(), m.end()):
            mod = _as_of(text, m.start()) or m.group("rel").lower()
            found.append(Mention("relative", m.group(0), m.start(), m.end(), modifier=mod))
            taken.append((m.start(), m.end()))
    return found


def _numbers(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _NUMBER.finditer(text):
        start = m.start("cur") if m.group("cur") else m.start("num")
        if not _span_free(taken, start, m.end("num")):
            continue
        raw = m.group("num")
        if m.group("dash") and not m.group("unit"):
            continue  # "30-40" ranges and "13-year" compounds are not single values
        if re.match(r"\s*(?:\.|\))", text[m.end("num") :]) and start < 3:
            continue  # "1." or "2)" at the start: a list number
        if text[max(0, start - 4) : start].lower().strip() in ("no.", "no", "#"):
            continue
        value = float(raw.replace(",", ""))
        step = 10.0 ** -(len(raw.split(".")[1])) if "." in raw else 1.0
        end = m.end("num")
        scale = (m.group("scale") or "").lower()
        if scale in ("m", "b", "k") and not m.group("cur"):
            scale = ""  # "5 m" is metres, "3 b" is not a number we understand
        if scale:
            value *= SCALES[scale]
            step *= SCALES[scale]
            end = m.end("scale")
        unit = ""
        written_unit = (m.group("unit") or "").lower()
        if written_unit in ("st", "nd", "rd", "th") and not scale:
            continue  # "the 43rd minute": a position, not a count
        converted = written_unit in CONVERTED
        if written_unit in UNITS:
            unit, factor = UNITS[written_unit]
            value *= factor
            step *= factor
            end = m.end("unit")
        precision = step / 2
        if converted:
            precision = max(precision, CONVERSION_TOLERANCE * value)
        if m.group("cur"):
            unit = CURRENCY_SIGNS[m.group("cur").lower()]
        kind = "number"
        if not unit and not scale and "," not in raw and re.fullmatch(r"(?:19|20)\d\d", raw):
            kind = "year"
        qualifier, _ = _qualifier(text, start)
        progress = _PROGRESS_BEFORE.search(text[:start]) and _PROGRESS_AFTER.match(text[end:])
        found.append(
            Mention(
                kind,
                text[start:end],
                start,
                end,
                value=value,
                unit=unit,
                qualifier=qualifier,
                precision=precision,
                modifier="progress" if progress else "",
                converted=converted,
            )
        )
        taken.append((start, end))
    for m in _WORD_NUMBER.finditer(text):
        if not _span_free(taken, m.start(), m.end()):
            continue
        word = m.group("word").lower()
        if word in ("hundred", "dozen") and not re.search(r"\b(?:a|one)\s+$", text[: m.start()]):
            continue
        qualifier, _ = _qualifier(text, m.start())
        found.append(
            Mention(
                "number",
                m.group(0),
                m.start(),
                m.end(),
                value=float(WORD_NUMBERS[word]),
                qualifier=qualifier,
                digits=False,
            )
        )
        taken.append((m.start(), m.end()))
    return found


# A rank said of someone or something ("Sollie is the ninth mayor to ...", "it was only the
# eleventh storm since ..."): after a verb that says what the subject is, the ordinal is a value.
# "first" is left out: far more often "for the first time" than a rank.
ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
_RANK = re.compile(
    r"\b(?:is|was|became|becomes|become|be|been|being|as)\s+(?:only\s+|just\s+)?the\s+"
    r"(?P<rank>" + "|".join(ORDINAL_WORDS) + r"|(?:[2-9]|1[0-9])(?:nd|rd|th))\b",
    re.IGNORECASE,
)


def _ranks(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _RANK.finditer(text):
        start, end = m.span("rank")
        if not _span_free(taken, start, end):
            continue
        word = m.group("rank").lower()
        value = ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
        found.append(Mention("rank", m.group("rank"), start, end, value=float(value)))
        taken.append((start, end))
    return found


def mentions(text: str) -> tuple[Mention, ...]:
    """Every value in ``text``, in reading order; spans never overlap."""
    taken: list[tuple[int, int]] = []
    found = _dates(text, taken) + _times(text, taken) + _weekdays(text, taken)
    found += _relatives(text, taken) + _ranks(text, taken) + _numbers(text, taken)
    found.sort(key=lambda m: m.start)
    # "by 5 a.m. Tuesday": a date-like value right after an as-of one shares its role
    for i in range(1, len(found)):
        prev, cur = found[i - 1], found[i]
        if (
            prev.modifier in ("as_of", "until")
            and cur.kind in ("weekday", "date", "time", "relative")
            and re.fullmatch(r"[\s,]*(?:on\s+)?", text[prev.end : cur.start])
        ):
            found[i] = replace(cur, modifier=prev.modifier)
    return tuple(_ranges(text, found))


_RANGE_JOIN = re.compile(r"\s*(?:to|and|-|–)\s*")


def _ranges(text: str, found: list[Mention]) -> list[Mention]:
    """ "between 40% and 45%", "40 to 45%", "31-33%": the ends of a range are bounds (at
    least the first, at most the second), in the unit written after the second."""
    for i in range(1, len(found)):
        low, high = found[i - 1], found[i]
        between = text[low.end : high.start]
        if low.kind != "number" or high.kind != "number" or not _RANGE_JOIN.fullmatch(between):
            continue
        if "and" in between and not text[: low.start].rstrip().lower().endswith("between"):
            continue  # "40% and 45%" without "between" are two values
        if low.value is None or high.value is None or low.unit not in ("", high.unit):
            continue
        if not low.value < high.value < 1000 * max(low.value, 1e-9):
            continue  # "3 to 4 billion": the first end's scale is not written
        found[i - 1] = replace(low, unit=high.unit, qualifier=low.qualifier or "min")
        found[i] = replace(high, qualifier=high.qualifier or "max")
    return found


# -- resolution ------------------------------------------------------------------------


def parse_iso(published: str | None) -> dt.date | None:
    """An ISO "YYYY-MM-DD" date, or None when missing or malformed."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


# A year-less date up to this many days after publication is read as upcoming ("resume on
# March 16" in a story of March 5), not as the same day of the previous year: news rarely
# names a day eleven months back without its year.
LOOKAHEAD_DAYS = 45


def resolve(
    mention: Mention,
    published: dt.date | None,
    anchor: dt.date | None = None,
    future: bool = False,
) -> dt.date | None:
    """The calendar date a date-like mention stands for, or None when it cannot be known.

    A weekday is the most recent such day on or before publication ("next Monday", or a
    sentence in the future tense, looks forward instead). A date without a year is the most
    recent such date on or before publication (the next one in the future tense, or when it
    is at most ``LOOKAHEAD_DAYS`` ahead); without a
    publication date it is the such date nearest to ``anchor``, a full date the article gives
    near the mention (see ``anchor_for``). Weekdays and "yesterday" need the publication date.
    """
    if mention.kind == "date" and mention.month and mention.day:
        if mention.year is not None:
            return _day(mention.year, mention.month, mention.day)
        if published is not None:
            ahead = _around(mention.month, mention.day, published, "after")
            if future or (ahead is not None and (ahead - published).days <= LOOKAHEAD_DAYS):
                return ahead
            return _around(mention.month, mention.day, published, "before")
        if anchor is not None:
            return _around(mention.month, mention.day, anchor, "nearest")
        return None
    if published is None:
        return None
    if mention.kind == "weekday" and mention.weekday is not None:
        back = (published.weekday() - mention.weekday) % 7
        if mention.modifier == "next" or (future and mention.modifier != "last"):
            return published + dt.timedelta(days=(mention.weekday - published.weekday()) % 7 or 7)
        if mention.modifier == "last" and back == 0:
            back = 7
        return published - dt.timedelta(days=back)
    if mention.kind == "relative":
        offsets = {
            "yesterday": -1, "last night": -1, "today": 0, "tonight": 0,
            "this morning": 0, "this afternoon": 0, "this evening": 0, "tomorrow": 1,
        }  # fmt: skip
        key = mention.text.lower()
        if key in offsets:
            return published + dt.timedelta(days=offsets[key])
    return None


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _around(month: int, day: int, reference: dt.date, mode: str) -> dt.date | None:
    """The month-day in the year before, of or after ``reference``: the latest on or before
    it ("before"), the earliest on or after it ("after"), or the nearest ("nearest")."""
    candidates = [
        d for year in (reference.year - 1, reference.year, reference.year + 1)
        if (d := _day(year, month, day)) is not None
    ]  # fmt: skip
    if mode == "before":
        candidates = [d for d in candidates if d <= reference]
        return max(candidates, default=None)
    if mode == "after":
        candidates = [d for d in candidates if d >= reference]
        return min(candidates, default=None)
    return min(candidates, key=lambda d: (abs((d - reference).days), d), default=None)


def full_dates(text: str) -> list[dt.date]:
    """The dates with a stated year in ``text``, in reading order."""
    found = [
        (m.start, d) for m in _dates(text, []) if m.year is not None and m.month and m.day
        if (d := _day(m.year, m.month, m.day)) is not None
    ]  # fmt: skip
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def anchor_for(sentence: str, paragraph: str, article: str) -> tuple[dt.date | None, str]:
    """The full date a year-less date in ``sentence`` is read against, and where it came from.

    A full date in the same sentence comes first, then one in the same paragraph, then the
    latest full date in the article (the one most plausibly "now" for the writer); the second
    value is "sentence", "paragraph", "article" or "" when the article states no full date.
    """
    for where, text in (("sentence", sentence), ("paragraph", paragraph)):
        dates = full_dates(text)
        if dates:
            return max(dates), where
    dates = full_dates(article)
    return (max(dates), "article") if dates else (None, "")


def date_label(day: dt.date) -> str:
    return f"{day.isoformat()} ({WEEKDAYS[day.weekday()].capitalize()})"


def number_label(m: Mention) -> str:
    """A canonical display form: "1,500", "15 GW", "45%", "$2,500,000"."""
    value = m.value or 0.0
    if m.converted:  # "75 mph" is shown as about "121 km/h", not "120.701 km/h"
        value = float(f"{value:.3g}")
    shown = f"{value:,.0f}" if abs(value - round(value)) < 1e-9 else f"{value:,.6g}"
    if m.unit == "%":
        return f"{shown}%"
    if m.unit in ("USD", "EUR", "GBP"):
        return f"{m.unit} {shown}"
    return f"{shown} {m.unit}".strip()


# -- tokens and stems ------------------------------------------------------------------


@cache
def stem(token: str) -> str:
    """The content stem of one lower-case token ("" for a stopword), irregular forms and
    accents folded ("ibáñez" and "ibanez" are one name)."""
    token = IRREGULAR.get(token, token)
    if not token.isascii():
        token = "".join(
            c for c in unicodedata.normalize("NFKD", token) if not unicodedata.combining(c)
        )
    stems = content_stems((token,))
    return stems[0] if stems else ""


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for the word tokens of ``text``."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=1 << 16)
def is_value_word(token: str) -> bool:
    """A month, weekday, number word, time word or a token with a digit (cached: the
    analyses ask about every token of every sentence, and tokens recur)."""
    low = re.sub(r"['’]s$", "", token.lower().rstrip("."))  # "Sunday's" is a day
    return (
        low in MONTHS
        or low in WEEKDAYS
        or low in WORD_NUMBERS
        or any(ch.isdigit() for ch in low)
        or low in {"week", "day", "night", "morning", "afternoon", "evening", "month", "year"}
    )
