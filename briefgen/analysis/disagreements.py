"""Sentences from several sources -> Disagreements: the same event reported with different values.

1. Value slots: every date, weekday, time and number with the event words around it.
2. Candidate sentence pairs: different outlets, shared content words and a shared name.
3. Slot alignment: in each pair, values of one class are matched to their mutual best
   counterpart by shared event words (and the noun they count).
4. Components of aligned slots are one "thing"; its values are grouped into claims.
5. A component is a disagreement when two claims cannot both be true; it is an update
   (kind="update") when the text says a count changed over time or gives different as-of
   times. A source that gives two incompatible values itself makes the component ambiguous
   and it is dropped: a false disagreement is worse than a missed one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from briefgen.analysis.quotes import speaker_disagreements
from briefgen.analysis.slots import Slot, entities, sentence_terms, slots, voice_of
from briefgen.models import Article, Claim, Disagreement, Sentence

# Sentence gate, calibrated on the fixtures: two reports of one event share at least three
# content stems and a fifth of the shorter sentence's; a shared name, or five stems, guards
# against generic sentences ("the toll rose") pairing up.
MIN_SHARED = 3
MIN_OVERLAP = 0.2
MIN_SHARED_WITHOUT_NAME = 5
MIN_OVERLAP_WITHOUT_NAME = 0.6
# Slot gate: the values must share at least two event words.
MIN_CONTEXT = 2


def _compare(a: Slot, b: Slot) -> str:
    """ "same", "differ" or "unknown" for two slots of one class."""
    if a.cls == "when":
        return _compare_when(a, b)
    va, vb = a.mention.value, b.mention.value
    if va is None or vb is None:
        return "unknown"
    tolerance = max(a.mention.precision, b.mention.precision, 1e-9 * max(abs(va), abs(vb)))
    if abs(va - vb) <= tolerance:
        return "same"
    qa, qb = a.mention.qualifier, b.mention.qualifier
    if "approx" in (qa, qb) and abs(va - vb) <= 0.1 * max(abs(va), abs(vb)):
        return "same"
    for q, x, y in ((qa, va, vb), (qb, vb, va)):
        if (q == "min" and y >= x) or (q == "max" and y <= x):
            return "same"
    if qa == qb and qa in ("min", "max"):
        return "same"
    return "differ"


def _compare_when(a: Slot, b: Slot) -> str:
    ma, mb = a.mention, b.mention
    if a.date and b.date:
        if ma.kind == "date" and mb.kind == "date" and not (ma.year and mb.year):
            return "same" if (ma.month, ma.day) == (mb.month, mb.day) else "differ"
        return "same" if a.date == b.date else "differ"
    md_a = (a.date.month, a.date.day) if a.date else (ma.month, ma.day) if ma.month else None
    md_b = (b.date.month, b.date.day) if b.date else (mb.month, mb.day) if mb.month else None
    if md_a and md_b:
        return "same" if md_a == md_b else "differ"
    wd_a = a.date.weekday() if a.date else ma.weekday
    wd_b = b.date.weekday() if b.date else mb.weekday
    if wd_a is not None and wd_b is not None:
        return "same" if wd_a == wd_b else "differ"
    return "unknown"


def _aligned(
    a: Sequence[Slot], b: Sequence[Slot], names: frozenset[str]
) -> list[tuple[Slot, Slot, int]]:
    """Mutual-best pairs of slots by shared event words, with their score.

    A differing counted noun vetoes a pair, and the shared words must include one that is
    not a name: "Ankara and Tel Aviv" alone does not make two values the same event's.
    """

    def score(x: Slot, y: Slot) -> int:
        if x.cls != y.cls or (x.noun and y.noun and x.noun != y.noun):
            return 0
        shared = x.context & y.context
        return len(shared) if shared - names else 0

    pairs = []
    for x in a:
        best = max(b, key=lambda y: score(x, y), default=None)
        if best is None or score(x, best) < MIN_CONTEXT:
            continue
        back = max(a, key=lambda z: score(z, best))
        if score(back, best) == score(x, best):
            pairs.append((x, best, score(x, best)))
    return pairs


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _edges(
    sentences: Sequence[Sentence], found: Sequence[Slot], voices: Mapping[str, str] | None
) -> dict[tuple[int, int], int]:
    """(slot, slot) -> alignment score for slots of candidate sentence pairs."""
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i, slot in enumerate(found):
        by_sentence[slot.sentence].append(i)
    terms = {i: sentence_terms(sentences[i]) for i in by_sentence}
    names = {i: entities(sentences[i]) for i in by_sentence}
    index = {id(s): k for k, s in enumerate(found)}
    edges: dict[tuple[int, int], int] = {}
    keys = sorted(by_sentence)
    for n, i in enumerate(keys):
        for j in keys[n + 1 :]:
            si, sj = sentences[i], sentences[j]
            if voice_of(voices, si.source) == voice_of(voices, sj.source):
                continue
            shared = len(terms[i] & terms[j])
            smaller = min(len(terms[i]), len(terms[j])) or 1
            if shared < MIN_SHARED or shared / smaller < MIN_OVERLAP:
                continue
            if (
                not (names[i] & names[j])
                and shared < MIN_SHARED_WITHOUT_NAME
                and shared / smaller < MIN_OVERLAP_WITHOUT_NAME
            ):
                continue
            a = [found[k] for k in by_sentence[i]]
            b = [found[k] for k in by_sentence[j]]
            for x, y, score in _aligned(a, b, names[i] | names[j]):
                ix, iy = sorted((index[id(x)], index[id(y)]))
                edges[(ix, iy)] = score
    return edges


def _connected(nodes: Sequence[int], edges: Mapping[tuple[int, int], int]) -> list[list[int]]:
    keep = set(nodes)
    union = _Union(max(nodes, default=0) + 1)
    for i, j in edges:
        if i in keep and j in keep:
            union.join(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in sorted(keep):
        groups[union.find(i)].append(i)
    return [g for g in groups.values() if len(g) > 1]


def _components(found: Sequence[Slot], edges: Mapping[tuple[int, int], int]) -> list[list[int]]:
    """Connected slots, each source reduced to its best-connected slot, re-split."""
    degree: dict[int, int] = defaultdict(int)
    for (i, j), score in edges.items():
        degree[i] += score
        degree[j] += score
    result = []
    for component in _connected(range(len(found)), edges):
        best: dict[str, int] = {}
        for i in component:
            source = found[i].source
            if source not in best or degree[i] > degree[best[source]]:
                best[source] = i
        result.extend(_connected(sorted(best.values()), edges))
    return result


def _claims(members: Sequence[Slot]) -> list[list[Slot]]:
    """Slots grouped into versions: same label first, then versions that agree merged."""
    by_label: dict[str, list[Slot]] = {}
    for slot in members:
        by_label.setdefault(slot.label, []).append(slot)
    groups = list(by_label.values())
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                pairs = [_compare(x, y) for x in groups[i] for y in groups[j]]
                if "differ" not in pairs and "same" in pairs:
                    groups[i] = groups[i] + groups[j]
                    del groups[j]
                    merged = True
                    break
            if merged:
                break
    return groups


def _disagreement(
    component: Sequence[int],
    found: Sequence[Slot],
    edges: Mapping[tuple[int, int], int],
    sentences: Sequence[Sentence],
    voices: Mapping[str, str] | None,
) -> Disagreement | None:
    """The component's claims when two of them are directly aligned and cannot both hold."""
    members = sorted((found[i] for i in component), key=lambda s: (s.sentence, s.mention.start))
    position = {id(found[i]): i for i in component}
    groups = _claims(members)
    direct_conflict = False
    for n, g in enumerate(groups):
        for h in groups[n + 1 :]:
            for x in g:
                for y in h:
                    pair = tuple(sorted((position[id(x)], position[id(y)])))
                    if pair in edges and _compare(x, y) == "differ":
                        direct_conflict = direct_conflict or voice_of(voices, x.source) != voice_of(
                            voices, y.source
                        )
    if not direct_conflict:
        return None
    claims = []
    for group in groups:
        sources = tuple(dict.fromkeys(s.source for s in group))
        shown = next((s for s in group if s.date is not None), group[0])
        claims.append(Claim(shown.label, sources, sentences[group[0].sentence].text))
    update = any(s.update for s in members) or len({s.as_of for s in members if s.as_of}) > 1
    first = members[0]
    kind = "update" if update and first.cls.startswith("number") else _kind(members)
    return Disagreement(first.window, tuple(claims), kind)


def _kind(members: Sequence[Slot]) -> str:
    cls = members[0].cls
    if cls == "time":
        return "time"
    if cls.startswith("number"):
        return "number"
    if all(s.mention.kind == "weekday" and s.date is None for s in members):
        return "weekday"
    return "date"


def find_disagreements(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
) -> tuple[Disagreement, ...]:
    """Values that differ between sources for the same event, plus quotes given to two people.

    ``voices`` maps an article id to the outlet it counts as (copies to their original);
    copies never disagree with their original. Ordered by first appearance.
    """
    found = slots(sentences, articles)
    edges = _edges(sentences, found, voices)
    results: list[tuple[int, Disagreement]] = []
    for component in _components(found, edges):
        disagreement = _disagreement(component, found, edges, sentences, voices)
        if disagreement is not None:
            results.append((min(found[i].sentence for i in component), disagreement))
    results.sort(key=lambda pair: pair[0])
    speakers = speaker_disagreements(sentences, articles, voices)
    return tuple(d for _, d in results) + speakers
