"""Sentences -> key Figures: counts, amounts, percentages and dates, merged across sources.

The same value with overlapping context words from several sources is one figure citing
them all. Numbers written as words, years on their own, list numbers and as-of times are
left out as trivia.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from briefgen.analysis.slots import Slot, slots
from briefgen.analysis.values import number_label
from briefgen.models import Article, Figure, Sentence


def _kind(slot: Slot) -> str | None:
    m = slot.mention
    if slot.cls == "when":
        return "date" if m.kind == "date" and slot.date is not None else None
    if not slot.cls.startswith("number") or not m.digits:
        return None
    if m.unit == "%":
        return "percent"
    if m.unit in ("USD", "EUR", "GBP"):
        return "amount"
    return "measure" if m.unit else "count"


def _normalized(slot: Slot) -> str:
    if slot.cls == "when" and slot.date is not None:
        return slot.date.isoformat()
    return number_label(slot.mention)  # "at least 12" and "12" are one figure


def _same(kind_a: str, value_a: str, a: Slot, kind_b: str, value_b: str, b: Slot) -> bool:
    """One figure: same kind and canonical value, or numbers within the writers' rounding
    ("130 km/h" and "80 mph")."""
    if kind_a != kind_b:
        return False
    if value_a == value_b:
        return True
    ma, mb = a.mention, b.mention
    if kind_a == "date" or ma.value is None or mb.value is None or ma.unit != mb.unit:
        return False
    return abs(ma.value - mb.value) <= max(ma.precision, mb.precision)


def key_figures(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
) -> tuple[Figure, ...]:
    """Figures with every source that gives them: most sources first, then reading order."""
    del voices
    groups: list[tuple[str, str, list[Slot]]] = []
    for slot in slots(sentences, articles):
        kind = _kind(slot)
        if kind is None:
            continue
        normalized = _normalized(slot)
        for group_kind, group_value, members in groups:
            if _same(group_kind, group_value, members[0], kind, normalized, slot) and any(
                m.context & slot.context or (m.noun and m.noun == slot.noun) for m in members
            ):
                if all(m.source != slot.source for m in members):
                    members.append(slot)
                break
        else:
            groups.append((kind, normalized, [slot]))
    figures = [
        Figure(
            members[0].mention.text,
            normalized,
            kind,
            sentences[members[0].sentence].text,
            tuple(m.source for m in members),
        )
        for kind, normalized, members in groups
    ]
    order = {id(f): i for i, f in enumerate(figures)}
    return tuple(sorted(figures, key=lambda f: (-len(f.sources), order[id(f)])))
