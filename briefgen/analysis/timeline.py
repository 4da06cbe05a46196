"""Sentences -> TimelineEvents: dated events, resolved against publication dates, in order.

Absolute dates resolve on their own (a missing year comes from the publication date or a
year the article states); weekdays and "yesterday" resolve only when the article's
publication date is known, and stay unresolved (``resolved=False``, listed last) otherwise.
The same date in overlapping sentences from several sources is one event citing them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefgen.analysis.slots import Slot, sentence_terms, slots
from briefgen.models import Article, Sentence, TimelineEvent

# Two sentences with the same date are one event when they share this many content stems
# and the slots share at least one event word (calibrated on the fixtures).
MIN_SHARED = 3


def timeline(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
) -> tuple[TimelineEvent, ...]:
    """Dated events, earliest first; unresolved ones last in reading order."""
    del voices
    groups: list[list[Slot]] = []
    terms: dict[int, frozenset[str]] = {}
    for slot in slots(sentences, articles):
        if slot.cls != "when" or slot.until:
            continue  # "closed until Monday" says when a state ends, not what happened
        terms.setdefault(slot.sentence, sentence_terms(sentences[slot.sentence]))
        for members in groups:
            first = members[0]
            if first.date is None or first.date != slot.date:
                continue
            shared = len(terms[first.sentence] & terms[slot.sentence])
            if shared >= MIN_SHARED and first.context & slot.context:
                if all(m.source != slot.source for m in members):
                    members.append(slot)
                break
        else:
            groups.append([slot])
    events = []
    for position, members in enumerate(groups):
        first = members[0]
        event = TimelineEvent(
            first.date.isoformat() if first.date else None,
            first.mention.text,
            sentences[first.sentence].text,
            tuple(m.source for m in members),
            first.date is not None,
        )
        events.append(
            (first.date is None, first.date.isoformat() if first.date else "", position, event)
        )
    events.sort(key=lambda e: e[:3])
    return tuple(e[3] for e in events)
