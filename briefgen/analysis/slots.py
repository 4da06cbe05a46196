"""Sentences -> value slots: each value with the content words around it, ready to compare.

A slot is one value mention plus what it is attached to: the content stems in a window
around it (the event words), the noun it counts, and its canonical form. Slots from
different sources that share their event words but not their value are disagreement
candidates; slots with the same value are the same figure or the same dated event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from briefgen.analysis.values import (
    WEEKDAYS,
    Mention,
    date_label,
    is_value_word,
    mentions,
    number_label,
    parse_iso,
    resolve,
    stem,
    tokens,
    year_hint,
)
from briefgen.models import Article, Sentence

# Content tokens taken on each side of a value as its event words. Calibrated on the
# fixtures: 6 before reaches back over "held their first meeting in <place> on"; 4 after
# catches "killed 12 workers at the plant" without running into the next clause.
WINDOW_BEFORE = 6
WINDOW_AFTER = 4
_FUTURE = re.compile(r"\b(?:will|shall|is due|are due|is scheduled|are scheduled|plans? to)\b")
_UPDATE = re.compile(
    r"\b(?:rose|risen|rising|climbed|increased|jumped|grew|grown|up from|down from|revised|"
    r"updated|latest|now stands|has since|later|fell to|dropped to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Slot:
    """One value in one sentence, with the words it is attached to."""

    sentence: int  # index into the sentences given
    source: str
    mention: Mention
    cls: str  # what it can be compared with: "when" | "time" | "number:<unit>"
    context: frozenset[str]  # content stems around the value
    window: str  # verbatim text around the value, the value replaced by "…"
    noun: str  # stem of the word a count counts ("" when none)
    date: dt.date | None  # for "when" slots, when it can be resolved
    update: bool  # the sentence says the value changed over time
    as_of: tuple[str, ...]  # the as-of times the sentence gives ("by Monday night")

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


def _context(
    text: str, words: list[tuple[int, int, str]], m: Mention, taken: Sequence[Mention]
) -> tuple[frozenset[str], str, str]:
    def free(start: int, end: int) -> bool:
        return all(end <= o.start or start >= o.end for o in taken)

    before = [w for w in words if w[1] <= m.start and free(w[0], w[1])]
    after = [w for w in words if w[0] >= m.end and free(w[0], w[1])]
    picked_before: list[tuple[int, int, str]] = []
    for w in reversed(before):
        if len(picked_before) >= WINDOW_BEFORE:
            break
        if stem(w[2].lower()) and not is_value_word(w[2]):
            picked_before.append(w)
    picked_after: list[tuple[int, int, str]] = []
    noun = ""
    for w in after:
        if len(picked_after) >= WINDOW_AFTER:
            break
        s = stem(w[2].lower())
        if s and not is_value_word(w[2]):
            if not picked_after and w[0] - m.end <= 1:
                noun = s  # the word right after a number is what it counts
            picked_after.append(w)
    stems = frozenset(stem(w[2].lower()) for w in picked_before + picked_after)
    first = picked_before[-1][0] if picked_before else m.start
    last = picked_after[-1][1] if picked_after else m.end
    window = f"{text[first : m.start]}…{text[m.end : last]}".strip()
    return stems, " ".join(window.split()), noun


def _cls(m: Mention) -> str | None:
    if m.modifier == "as_of" or m.kind == "year":
        return None
    if m.kind in ("date", "weekday", "relative"):
        return "when"
    if m.kind == "time":
        return "time"
    if m.kind == "number" and m.digits:
        return f"number:{m.unit}"
    if m.kind == "number":
        return f"number:{m.unit}"
    return None


def slots(sentences: Sequence[Sentence], articles: Sequence[Article]) -> tuple[Slot, ...]:
    """Every comparable value of every sentence, in sentence order."""
    published = {a.id: parse_iso(a.published) for a in articles}
    hints = {a.id: year_hint(a.text) for a in articles}
    found: list[Slot] = []
    for index, sentence in enumerate(sentences):
        text = sentence.text
        found_mentions = mentions(text)
        if not found_mentions:
            continue
        words = tokens(text)
        future = bool(_FUTURE.search(text))
        update = bool(_UPDATE.search(text))
        as_of = tuple(m.text for m in found_mentions if m.modifier == "as_of")
        for m in found_mentions:
            cls = _cls(m)
            if cls is None:
                continue
            date = None
            if cls == "when":
                date = resolve(
                    m, published.get(sentence.source), hints.get(sentence.source), future
                )
                if m.kind == "relative" and date is None:
                    continue  # "this week" names no day to compare or order
            context, window, noun = _context(text, words, m, found_mentions)
            found.append(
                Slot(index, sentence.source, m, cls, context, window, noun, date, update, as_of)
            )
    return tuple(found)


def voice_of(voices: Mapping[str, str] | None, source: str) -> str:
    return voices.get(source, source) if voices else source
