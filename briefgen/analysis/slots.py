"""Sentences -> value slots: each value with the content words around it, ready to compare.

A slot is one value mention plus what it is attached to: the content stems in a window
around it (the event words), the noun it counts, and its canonical form. Slots from
different sources that share their event words but not their value are disagreement
candidates; slots with the same value are the same figure or the same dated event.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from briefgen.analysis.measures import (
    AGE,
    BREAK,
    CONVERSION_AFTER,
    age,
    aside,
    change,
    converts,
    counted,
    named_event,
    offset,
    part,
    price,
    rank_of,
    rate,
    runner_up,
    scale,
)
from briefgen.analysis.values import (
    WEEKDAYS,
    WORD_NUMBERS,
    Mention,
    anchor_for,
    date_label,
    is_value_word,
    mentions,
    number_label,
    parse_iso,
    resolve,
    stem,
    tokens,
)
from briefgen.models import Article, Sentence
from briefgen.score import lexical
from briefgen.segment import LONGEST_SENTENCE

# Content tokens taken on each side of a value as its event words. Calibrated on the
# fixtures: 6 before reaches back over "signed their first contract in <place> on"; 4 after
# catches "killed 12 workers at the plant" without running into the next clause.
WINDOW_BEFORE = 6
WINDOW_AFTER = 4
_FUTURE = re.compile(
    r"\b(?:will|shall|would|(?:is|are)\s+(?:due|scheduled)\b|(?:is|are)\s+(?:expected|set)\s+to|plans?\s+to)\b"
)
_UPDATE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|grew|grown|up from|down from|revised|"
    r"updated|latest|now stands|has since|later|fell to|dropped to)\b",
    re.IGNORECASE,
)


# A date or weekday right after a reporting verb is when something was said, not when the
# event happened: "the ministry confirmed on Thursday", "Ruiz said Wednesday".
_REPORTING = re.compile(
    r"\b(?:said|says|told|confirmed|announced|reported|stated|added|noted|wrote|revealed|"
    r"disclosed|tweeted|posted|declared|insisted|warned)(?:\s+(?:reporters|journalists|"
    r"[A-Z][\w’'-]+))?\s+(?:on\s+|late\s+|early\s+)?$"
    # ... or after the statement it dates: "in a statement on Tuesday, the agency said"
    r"|(?i:\b(?:statement|post|interview|briefing|(?:news|press)\s+conference|"
    r"press\s+release|tweet|filing)s?\s+(?:on\s+|dated\s+|released\s+|issued\s+|late\s+|early\s+)?)$"
    # ... or inside the source a figure is given after: "according to the coastguard's tally
    # on Sunday", "according to figures out on Monday"
    r"|(?i:\baccording\s+to\b[^,;:()]*)$"
)


@dataclass(frozen=True)
class Slot:
    """One value in one sentence, with the words it is attached to."""

    sentence: int  # index into the sentences given
    source: str
    mention: Mention
    cls: str  # what it can be compared with: "when" | "time" | "rank" | "number:<unit>"
    context: frozenset[str]  # content stems around the value
    window: str  # verbatim text around the value, the value replaced by "…"
    noun: str  # stems of the words a count counts: "14 local officials" -> "local offici"
    date: dt.date | None  # for "when" slots, when it can be resolved
    update: bool  # the sentence says the value changed over time
    as_of: tuple[str, ...]  # the as-of times the sentence gives ("by Monday night")
    basis: str = ""  # how ``date`` was found: "stated" | "published" | "sentence" | ...
    reporting: bool = False  # the time a statement was made ("said on Thursday")
    # What the value is said of: the ``NEAR`` closest content words on each side within its
    # clause ("another 96 had been injured" -> injur), as stems and as WordNet meaning
    # classes ("died" ~ "killed"); and the names in that clause (whose figure it is).
    near: frozenset[str] = frozenset()
    near_senses: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    aside: bool = False  # placed before or after the event: "on Sunday after the landslide"
    progress: bool = False  # the sentence says how far a count had got ("with 64% counted")
    part: bool = False  # a figure said to be part of something ("the package includes 40")
    # a span of time counted from another moment: ("before", {"end"}) for "two minutes before
    # the end", ("after", {"march", "began"}) for "two hours after the march began"
    offset: tuple[str, frozenset[str]] = ("", frozenset())
    runner_up: bool = False  # said of a runner-up or rival ("the runner-up got 41%")
    rate: str = ""  # the unit it is given per: "share" for "0.42 euros per share"
    change: bool = False  # the size of a change or margin: "fell by 5%", "won by 12 points"
    price: bool = False  # the price of a purchase: "buy Oberfeld for €4.5 billion"
    # a day written as an event's ("the storm of Monday night"): the event noun's stem, which
    # another report's day of that event has among its near words
    event: str = ""
    # for a day: its near words written in the singular (the events it can be the day of;
    # "separate trials on Monday" are no one trial's day)
    single: frozenset[str] = frozenset()
    until: bool = False  # the day or time a state ends ("suspended until Monday")
    scale: str = ""  # the named scale a reading is on: "beaufort" for "9 on the Beaufort scale"

    @property
    def weekday_known(self) -> bool:
        """Whether the weekday of ``date`` can be compared with a weekday another source gives:
        not when the year was guessed from a date elsewhere in the article."""
        return self.date is not None and self.basis != "article"

    @property
    def label(self) -> str:
        """The value as shown in a brief: canonical, with the resolved date when known."""
        m = self.mention
        if self.cls == "when":
            if self.date is not None:
                return date_label(self.date)
            if m.kind == "weekday" and m.weekday is not None:
                return WEEKDAYS[m.weekday].capitalize()
            return m.text
        if self.cls == "time":
            minutes = int(m.value or 0)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        if self.cls == "rank":
            n = int(m.value or 0)
            return (
                f"{n}{'th' if 10 < n % 100 < 14 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
            )
        qualifier = (
            {"min": "at least ", "max": "at most ", "approx": "about "}[m.qualifier]
            if (m.qualifier)
            else ""
        )
        return qualifier + number_label(m)


def sentence_terms(sentence: Sentence) -> frozenset[str]:
    """Content stems of a sentence without its value words, irregular forms folded."""
    return frozenset(
        s
        for _, _, t in tokens(sentence.text)
        if not is_value_word(t)
        for s in [stem(t.lower())]
        if s
    )


def entities(sentence: Sentence) -> frozenset[str]:
    """Stems of capitalised words after the first token (named entities, roughly)."""
    found = set()
    for start, _, tok in tokens(sentence.text):
        if start > 0 and tok[0].isupper() and not is_value_word(tok):
            s = stem(tok.lower())
            if s:
                found.add(s)
    return frozenset(found)


def _free_words(
    words: Sequence[tuple[int, int, str]], taken: Sequence[Mention]
) -> list[tuple[int, int, str]]:
    """The words that overlap no value, in order: one pass over the values' spans merged
    (a sentence of thousands of figures costs its length, not its figures squared)."""
    spans: list[list[int]] = []
    for o in sorted(taken, key=lambda o: (o.start, o.end)):
        if spans and o.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], o.end)
        else:
            spans.append([o.start, o.end])
    ends = [end for _, end in spans]
    free = []
    for w in words:
        k = bisect_right(ends, w[0])  # the first span that ends after the word starts
        if k == len(spans) or spans[k][0] >= w[1]:
            free.append(w)
    return free


def _context(
    text: str, free: Sequence[tuple[int, int, str]], m: Mention
) -> tuple[frozenset[str], str, str]:
    """What value ``m`` is of: the content words around it (``free``: the sentence's words
    that are no value), a window of text, and the noun it counts."""
    before = [w for w in free if w[1] <= m.start]
    after = [w for w in free if w[0] >= m.end]
    picked_before: list[tuple[int, int, str]] = []
    for w in reversed(before):
        if len(picked_before) >= WINDOW_BEFORE:
            break
        if stem(w[2].lower()) and not is_value_word(w[2]):
            picked_before.append(w)
    picked_after: list[tuple[int, int, str]] = []
    for w in after:
        if len(picked_after) >= WINDOW_AFTER:
            break
        s = stem(w[2].lower())
        if s and not is_value_word(w[2]):
            picked_after.append(w)
    noun = counted(text, after, m.end)
    stems = frozenset(stem(w[2].lower()) for w in picked_before + picked_after)
    first = picked_before[-1][0] if picked_before else m.start
    last = picked_after[-1][1] if picked_after else m.end
    window = f"{text[first : m.start]}…{text[m.end : last]}".strip()
    return stems, " ".join(window.split()), noun


NEAR = 3  # content words on each side of a value that say what it is of
# A relative clause set off by commas before a value says something else of a name: "Vesby,
# which lies in the valley, has lost 12 people" is read as "Vesby has lost 12 people".
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;:()]*,")
_CONJUNCTIONS = frozenset("and but while whereas".split())
# Names before a reporting verb are the speaker: who said it is not whose value it is.
_SAYS = frozenset("said says told added announced confirmed reported stated noted".split())
_RANGE = frozenset("and to or".split())


def _is_figure(token: str) -> bool:
    return any(ch.isdigit() for ch in token) or token.lower() in WORD_NUMBERS


def _near(
    text: str, words: Sequence[tuple[int, int, str]], m: Mention, day: bool = False
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The value's near words (stems), their meaning classes, the names of its clause, and
    for a ``day``, the near words written in the singular (what a day can be the day of: "the
    storms on Monday" are several, none of them "Sunday's storm").

    A conversion in brackets right after the value ("3 billion euros ($3.3 billion) in
    cash") is read past, as if it were not there.
    """
    hidden = [(b.start(), b.end()) for b in _RELATIVE_CLAUSE.finditer(text, 0, m.start)]
    bracket = CONVERSION_AFTER.match(text, m.end)
    if bracket:
        hidden.append((m.end, bracket.end()))
    for start, end in hidden:
        text = text[:start] + " " * (end - start) + text[end:]
        words = [w for w in words if not start <= w[0] < end]
    before = [w for w in words if w[1] <= m.start]
    after = [w for w in words if w[0] >= m.end]
    near: list[str] = []
    senses: set[str] = set()
    actors: set[str] = set()
    single: set[str] = set()
    for side, edge in ((list(reversed(before)), m.start), (after, m.end)):
        taken = 0
        ranged = False  # in "between 31.5% and 33.5%" the other end is part of the value
        spoken = False  # past a reporting verb: the names are the speaker's
        for k, (start, end, token) in enumerate(side):
            gap = text[end:edge] if start < m.start else text[edge:start]
            edge = start if start < m.start else end
            if BREAK.search(gap):
                break
            figure = _is_figure(token)
            if token.lower() in _RANGE and k == 0 and k + 1 < len(side):
                ranged = _is_figure(side[k + 1][2])
                if ranged:
                    continue
            if token.lower() in _CONJUNCTIONS and not _joins_names(side, k):
                break
            if start < m.start and token.lower() in _SAYS:
                spoken = True  # "Ferreira said production would resume on May 16": not his
            if is_value_word(token):
                if figure and not (ranged and k == 1):
                    break  # another figure: what follows is said of that one
                continue
            low = token.lower()
            s = stem(low)
            if not s:
                continue
            if start > 0 and token[0].isupper():
                if not spoken:
                    actors.add(s)  # a name says whose figure it is, not what it counts
            elif taken < NEAR:
                near.append(s)
                senses.update(lexical.concepts(lexical.base_form(low)))
                taken += 1
                if day and not _plural(low, s):
                    single.add(s)
    return frozenset(near), frozenset(senses), frozenset(actors), frozenset(single)


def _plural(word: str, stemmed: str) -> bool:
    """ "storms", "trials": a word whose stem is that of the word without its final s."""
    return (
        word.endswith("s") and not word.endswith(("ss", "us", "is")) and stem(word[:-1]) == stemmed
    )


def _subject(text: str, words: Sequence[tuple[int, int, str]], m: Mention) -> frozenset[str]:
    """The stems of the names in a value's clause before it: who a rank is said of ("Mayor
    Inga Sollie is the ninth ..." -> inga, sollie)."""
    start = max((b.end() for b in BREAK.finditer(text, 0, m.start)), default=0)
    return frozenset(
        stem(token.lower())
        for begin, _, token in words
        if start <= begin < m.start and begin > 0 and token[0].isupper()
        and not is_value_word(token) and stem(token.lower())
    )  # fmt: skip


def _joins_names(side: Sequence[tuple[int, int, str]], k: int) -> bool:
    """ "and" between two names ("for Vesby Bank and Norland Trust") lists them in one clause."""
    return (
        side[k][2].lower() == "and"
        and 0 < k < len(side) - 1
        and side[k - 1][2][0].isupper()
        and side[k + 1][2][0].isupper()
    )


_NAMED_NUMBER = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-zA-Z]+\s+$")


def _in_name(text: str, m: Mention) -> bool:
    """A bare number right after a capitalised word is part of a name, not a quantity:
    "Version 7.11", "Boeing 737", "Flight 370", "Route 66"."""
    if m.kind != "number" or m.unit or m.qualifier or not m.digits:
        return False
    found = _NAMED_NUMBER.search(text[: m.start])
    if found is None:
        return False
    word = found.group(0).strip()
    return word.lower() not in _NOT_NAMES and not is_value_word(word)  # "On Friday 300 ..."


_PART_BEFORE = re.compile(r"\b(?:first|last|next|past|previous|final|opening)\s+$", re.I)
_PART_AFTER = re.compile(r"^\s+(?:other|more|additional|further|extra)\b", re.I)


def _not_a_total(text: str, m: Mention) -> bool:
    """A count of part of something or of something else, not comparable with a total:
    "their first two matches", "three other lawsuits", "two more boats"."""
    if m.kind != "number" or m.unit:
        return False
    return bool(_PART_BEFORE.search(text[: m.start]) or _PART_AFTER.match(text[m.end :]))


# capitalised words a count can follow ("In 2023", "Some 85", "About 60")
_NOT_NAMES = frozenset("in on at by of for to some about around nearly over under".split())


def _cls(m: Mention) -> str | None:
    if m.modifier in ("as_of", "progress") or m.kind == "year":
        return None
    if m.kind in ("date", "weekday", "relative"):
        return "when"
    if m.kind in ("time", "rank"):
        return m.kind
    if m.kind == "number" and m.digits:
        return f"number:{m.unit}"
    if m.kind == "number":
        return f"number:{m.unit}"
    return None


def _texts(sentences: Sequence[Sentence]) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """Paragraph texts by (source, paragraph) and article texts by source, from the sentences."""
    paragraphs: dict[tuple[str, int], list[str]] = {}
    for s in sentences:
        paragraphs.setdefault((s.source, s.paragraph), []).append(s.text)
    by_article: dict[str, list[str]] = {}
    for (source, _), texts in paragraphs.items():
        by_article.setdefault(source, []).append(" ".join(texts))
    return (
        {key: " ".join(texts) for key, texts in paragraphs.items()},
        {source: "\n\n".join(texts) for source, texts in by_article.items()},
    )


def _when(
    m: Mention,
    sentence: Sentence,
    published: dt.date | None,
    future: bool,
    texts: tuple[dict[tuple[str, int], str], dict[str, str]],
) -> tuple[dt.date | None, str]:
    """The date a when-mention resolves to and the basis of its year."""
    if m.kind == "date" and m.year is not None:
        return resolve(m, published), "stated"
    if published is not None or m.kind != "date":
        date = resolve(m, published, None, future)
        return date, "published" if date is not None else ""
    paragraphs, articles = texts
    anchor, where = anchor_for(
        sentence.text,
        paragraphs.get((sentence.source, sentence.paragraph), ""),
        articles.get(sentence.source, ""),
    )
    date = resolve(m, None, anchor)
    return date, where if date is not None else ""


def _quoted(text: str, position: int) -> bool:
    """Whether ``position`` lies inside a quotation (an odd number of quote marks before it)."""
    before = text[:position]
    curly = before.count("“") - before.count("”")
    return curly > 0 or before.count('"') % 2 == 1


def slots(sentences: Sequence[Sentence], articles: Sequence[Article]) -> tuple[Slot, ...]:
    """Every comparable value of every sentence, in sentence order.

    A date without a year is read against the publication date, else against a full date
    in its sentence, its paragraph or (last) the latest one in the article; weekdays and
    relative days are resolved only against the publication date. The disagreement, figure
    and timeline analyses all read the same slots, so the last result is kept.
    """
    return _slots(tuple(sentences), tuple(articles))


@dataclass(frozen=True)
class _Read:
    """What a sentence's text alone says about its values (the same for every copy of it)."""

    mentions: tuple[Mention, ...]
    words: list[tuple[int, int, str]]
    future: bool
    update: bool
    as_of: tuple[str, ...]
    progress: bool  # it says how far a count had got ("with 64% of ballots counted")


def _read(text: str) -> _Read:
    found = mentions(text)
    if not found:
        return _NOTHING
    return _Read(
        found,
        tokens(text),
        bool(_FUTURE.search(text)),
        bool(_UPDATE.search(text)),
        tuple(m.text for m in found if m.modifier in ("as_of", "progress")),
        any(m.modifier == "progress" for m in found),
    )


_NOTHING = _Read((), [], False, False, (), False)


@lru_cache(maxsize=1)
def _slots(sentences: tuple[Sentence, ...], articles: tuple[Article, ...]) -> tuple[Slot, ...]:
    published = {a.id: parse_iso(a.published) for a in articles}
    texts = _texts(sentences)
    found: list[Slot] = []
    # Outlets repeat each other's sentences word for word: each distinct text is read once.
    read: dict[str, _Read] = {}
    contexts: dict[tuple[str, int], tuple[frozenset[str], str, str]] = {}
    free_words: dict[str, list[tuple[int, int, str]]] = {}
    nears: dict[tuple[str, int], tuple[frozenset[str], ...]] = {}
    parts: dict[tuple[str, int], bool] = {}
    measures: dict[tuple[str, int], tuple[tuple[str, frozenset[str]], bool, str, bool, bool]] = {}
    for index, sentence in enumerate(sentences):
        text = sentence.text
        if len(text) > LONGEST_SENTENCE:
            continue  # unsplit text, not a sentence: its figures are no one's claim
        if text not in read:
            read[text] = _read(text)
        r = read[text]
        found_mentions = r.mentions
        for number, m in enumerate(found_mentions):
            cls = _cls(m)
            if cls is None or _in_name(text, m) or _not_a_total(text, m):
                continue
            date, basis = None, ""
            reporting = cls in ("when", "time") and bool(_REPORTING.search(text[: m.start]))
            placed = aside(text, m, cls)
            if cls == "when":
                if m.kind == "relative" and _quoted(text, m.start):
                    continue  # "tonight" in a quotation is the speaker's, not the article's
                when = published.get(sentence.source)
                # the end of a state is announced ahead far more often than looked back on:
                # "flights are suspended until Monday" in a Friday story is the next Monday
                ahead = (r.future or m.modifier == "until") and not reporting
                date, basis = _when(m, sentence, when, ahead, texts)
                if m.kind == "relative" and date is None:
                    continue  # "this week" names no day to compare or order
            if (text, number) not in contexts:
                if text not in free_words:
                    free_words[text] = _free_words(r.words, found_mentions)
                contexts[(text, number)] = _context(text, free_words[text], m)
            context, window, noun = contexts[(text, number)]
            if (text, number) not in nears:
                outer = found_mentions[number - 1] if number else None
                said_of = outer if outer and converts(text, outer, m) else m
                nears[(text, number)] = _near(text, r.words, said_of, cls == "when")
                parts[(text, number)] = cls.startswith("number") and part(text, said_of)
                measures[(text, number)] = (
                    offset(text, m),
                    cls.startswith("number") and runner_up(text, said_of, found_mentions),
                    rate(text, said_of),
                    change(text, said_of),
                    price(text, said_of),
                )
            near, senses, actors, single = nears[(text, number)]
            event = stem(named_event(text, m)) if cls == "when" else ""
            whose = cls == "number:" and age(text, m)
            if whose:  # "Halvorsen, 71,": Halvorsen's age
                noun, actors = AGE, frozenset({whose})
            if cls == "rank":  # "the ninth mayor to ...": ranked by what follows, of a group
                noun, near = rank_of(text, m)
                if not near:
                    continue
                actors = _subject(text, r.words, m)  # whose rank: the names it is said of
            found.append(
                Slot(
                    index, sentence.source, m, cls, context, window, noun, date, r.update,
                    r.as_of, basis, reporting, near, senses, actors, placed, r.progress,
                    parts[(text, number)], *measures[(text, number)], event, single,
                    m.modifier == "until", scale(text, m),
                )
            )  # fmt: skip
    return tuple(found)


def voice_of(voices: Mapping[str, str] | None, source: str) -> str:
    return voices.get(source, source) if voices else source
