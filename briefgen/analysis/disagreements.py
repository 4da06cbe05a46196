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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from briefgen.analysis.measures import AGE
from briefgen.analysis.pairing import candidates
from briefgen.analysis.quotes import speaker_disagreements
from briefgen.analysis.slots import Slot, entities, sentence_terms, slots, voice_of
from briefgen.analysis.values import Mention, number_label
from briefgen.models import Article, Claim, Disagreement, Sentence

# Slot gate: the values must share at least two event words.
MIN_CONTEXT = 2
# A number must share a word of what it is of (``Slot.near``); such a word counts this many
# times a word of the wider context.
NEAR_WEIGHT = 2
NEAR_SHARE = 0.5  # ... and at least this share of the shorter one's near words
# A distance is measured from a place it names: two distances are one measure only when they
# name the same place ("65 km north of Vesby" / "6 km outside the port" are two).
_MEASURED_FROM = frozenset({"number:km", "number:m", "number:mm"})
# A clock time written with "around", "just after", "before" ... reaches this many minutes:
# "around 8 p.m." and "8:14 p.m." are one time, "around 8 p.m." and "10 p.m." are not.
TIME_TOLERANCE = 30


def _compare(a: Slot, b: Slot, qualifiers: bool = True) -> str:
    """ "same", "differ" or "unknown" for two slots of one class.

    A bound is a figure too: "at least 14" and "15" differ, so that outlets giving different
    figures for one thing are shown side by side. "About 60" matches values within a tenth
    of it, unless ``qualifiers=False``.
    """
    if a.cls == "when":
        return _compare_when(a, b)
    va, vb = a.mention.value, b.mention.value
    if va is None or vb is None:
        return "unknown"
    if a.cls == "time":
        loose = qualifiers and (a.mention.qualifier or b.mention.qualifier)
        return "same" if abs(va - vb) <= (TIME_TOLERANCE if loose else 0) else "differ"
    tolerance = max(_rounding(a.mention, b.mention), _rounding(b.mention, a.mention))
    tolerance = max(tolerance, 1e-9 * max(abs(va), abs(vb)))
    if abs(va - vb) <= tolerance:
        return "same"
    if not qualifiers:
        return "differ"
    qa, qb = a.mention.qualifier, b.mention.qualifier
    if "approx" in (qa, qb) and abs(va - vb) <= 0.1 * max(abs(va), abs(vb)):
        return "same"
    return "differ"


# A bare whole number of one digit is not a writer's rounding of a figure the other gives with
# decimals: "measured it at 3" and "a reading of 3.4" are two readings, while "4,000" may round
# "4,038" and "$7 billion" may round "$7.4 billion".
_ONE_DIGIT = range(1, 10)


def _rounding(m: Mention, other: Mention) -> float:
    """How far ``m`` may be from ``other`` and still be the same figure, rounded."""
    exact = (
        m.digits
        and not m.qualifier
        and not m.converted
        and m.precision == 0.5
        and m.value in _ONE_DIGIT
        and other.precision < 0.5
    )
    return 0.0 if exact else m.precision


def _compare_when(a: Slot, b: Slot) -> str:
    ma, mb = a.mention, b.mention
    if a.date and b.date:
        guessed = not (a.weekday_known and b.weekday_known)  # a year read off another date
        if guessed or (ma.kind == "date" and mb.kind == "date" and not (ma.year and mb.year)):
            return "same" if (a.date.month, a.date.day) == (b.date.month, b.date.day) else "differ"
        return "same" if a.date == b.date else "differ"
    md_a = (a.date.month, a.date.day) if a.date else (ma.month, ma.day) if ma.month else None
    md_b = (b.date.month, b.date.day) if b.date else (mb.month, mb.day) if mb.month else None
    if md_a and md_b:
        return "same" if md_a == md_b else "differ"
    # a date whose year is only guessed has no weekday to compare with: no invented conflict
    wd_a = a.date.weekday() if a.date and a.weekday_known else ma.weekday
    wd_b = b.date.weekday() if b.date and b.weekday_known else mb.weekday
    if wd_a is not None and wd_b is not None:
        return "same" if wd_a == wd_b else "differ"
    return "unknown"


def _only_event_date(slot: Slot, side: Sequence[Slot]) -> bool:
    """The slot is the one date of its sentence that is not when something was said."""
    return (
        slot.cls == "when"
        and not slot.reporting
        and not slot.until
        and all(s is slot or s.cls != "when" or s.reporting or s.until for s in side)
    )


def _dates_the_fact(slot: Slot, shared: frozenset[str]) -> bool:
    """A date dates what two sentences share unless its own clause is about something else:
    when the sentences share ``MIN_CONTEXT`` words or more, one of them is among the date's
    near words. "Schools stayed shut as crews searched on Thursday" does not date "the
    quake hit the region"."""
    return len(shared) < MIN_CONTEXT or not slot.near or bool(slot.near & shared)


def _only_of_class(slot: Slot, side: Sequence[Slot]) -> bool:
    return all(s is slot or s.cls != slot.cls for s in side)


def _aligned(
    a: Sequence[Slot],
    b: Sequence[Slot],
    names: frozenset[str],
    same_fact: bool = False,
    words: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> list[tuple[Slot, Slot, int]]:
    """Mutual-best pairs of slots by shared event words, with their score.

    A differing counted noun vetoes a pair, and the shared words must include one that is
    not a name: "Vesby and Ostby" alone does not make two values the same event's. The
    time a statement was made is never compared: two outlets' "said on Saturday" and "said on
    Sunday" are, far more often than not, two statements. In two sentences the fact
    engine found to report the same fact (``same_fact``), their one event date each pairs up
    even when the wording around it differs.
    """

    def score(x: Slot, y: Slot) -> int:
        if x.cls != y.cls or (x.noun and y.noun and x.noun != y.noun):
            return 0
        if x.reporting or y.reporting or x.part != y.part or x.aside or y.aside:
            return 0
        if x.until != y.until:
            return 0  # "flights resumed on Monday" / "flights are suspended until Monday"
        if x.runner_up != y.runner_up:
            return 0  # "Berge won 52%" / "the runner-up got 41%": two candidates' shares
        if x.offset[0] != y.offset[0] or (x.offset[0] and not x.offset[1] & y.offset[1]):
            return 0  # "two minutes from the end" / "after 88 minutes": not one span
        shared = x.context & y.context
        found = len(shared) if shared - names else 0

        alien = (
            bool(x.actors) and x.actors.isdisjoint(words[1]),
            bool(y.actors) and y.actors.isdisjoint(words[0]),
        )
        if x.cls == "rank":  # "Sollie is the ninth ..." / "Aamodt is the tenth ...": two ranks
            two = x.actors and y.actors and x.actors.isdisjoint(y.actors)
            return 0 if two else _rank_score(x, y, found)
        event = x.cls == "when" and (_of_event(x, y) or _of_event(y, x))
        if x.cls == "when" and (all(alien) or (any(alien) and not (same_fact or event))):
            return 0  # "Berge arrived in Vesby on Monday" / "Lind left Lindau on Sunday"
        if x.cls.startswith("number"):
            if any(alien):
                return 0  # whose figure: "Berge had 46%" / "Lind had 31%"
            if x.cls in _MEASURED_FROM and not x.actors & y.actors:
                return 0  # "45 km north of Vesby" / "210 km north of Lindau": two distances
            if _owned_elsewhere(x, y, b) or _owned_elsewhere(y, x, a):
                return 0  # "Berge 7%" / "Lind 31%, while Berge got 6%": Berge's is 6%
            if x.rate != y.rate:
                return 0  # "0.42 euros per share" / "4 billion euros": a rate, a total
            if (x.noun == AGE) != (y.noun == AGE):
                return 0  # "Brekke, 47," / "9 years in prison": an age and something else
            if x.change != y.change:
                return 0  # "fell by $5 a barrel" / "rose to $20 a barrel": a change, a level
            near = len((x.near & y.near) - names)
            related = not near and bool(x.near_senses & y.near_senses)  # "ballots" ~ "vote"
            near = (near or int(related)) + int(bool(x.rate))  # "per share" says what of
            if x.noun == AGE and x.actors & y.actors:
                near = max(near, 2)  # "Sollie, 72," / "Sollie, 73,": one person's age
            if x.scale and x.scale == y.scale:
                near = max(
                    near, 2
                )  # "winds of 11 on the Beaufort scale" / "put it at 9 on the ..."
            if x.price and y.price and x.actors & y.actors:
                near = max(
                    near, 2
                )  # "buy Oberfeld for €4.5 billion" / "a merger valued at €5.1 billion"
            # in two sentences of one fact, their one figure each is the same thing's unless
            # each says what it is of, and those differ ("for 8 billion" / "includes 40")
            alone = (
                same_fact
                and _only_of_class(x, a)
                and _only_of_class(y, b)
                and (near > 0 or not x.near or not y.near)
            )
            if not alone and (not near or near < NEAR_SHARE * min(len(x.near), len(y.near))):
                return 0  # "the missing at 214" / "the injured at 96": not one figure
            if near < 2 and not (same_fact or anchored or parallel):
                return 0  # one word in common is not enough for two unrelated sentences
            if _gives(x, b) or _gives(y, a):
                return 0  # the other sentence gives this value too, of something else
            # what each is of, as alike as possible: "52.4% of the vote" meets "51% of the
            # vote" before "80% of the votes counted"; a shared word beats a related one
            alike = near / max(1, len(x.near | y.near))
            found += round(NEAR_WEIGHT * near * (1 + alike)) - int(related)
        if (
            same_fact
            and _only_event_date(x, a)
            and _only_event_date(y, b)
            and _dates_the_fact(x, words[0] & words[1])
            and _dates_the_fact(y, words[0] & words[1])
        ):
            return max(found, MIN_CONTEXT)
        if event:
            return max(found, MIN_CONTEXT)  # "the storm of Monday" / "the storm hit on Sunday"
        if x.cls == "when" and not _said_of_one_thing(x, y, names):
            return 0  # "rejected the demands on Friday" / "hinted on Thursday": two events
        if same_fact and found and _only_of_class(x, a) and _only_of_class(y, b):
            return max(found, MIN_CONTEXT)
        return found

    # a value both sentences give the same ties them to one event: "the dead at 214 and
    # the injured at 96" / "at least 214 people had died ... another 130 injured"
    anchored = any(x.cls == y.cls and _compare(x, y, False) == "same" for x in a for y in b)
    # two readings of a running count ("with 64% of ballots counted" / "with 81% of votes
    # counted") are reports of one tally, taken at two moments
    anchored = anchored or (any(x.progress for x in a) and any(y.progress for y in b))
    # two sentences built alike, each figure meeting one of the other's by what it is of,
    # tell one thing twice: "with 80% counted, X had 52.4%" / "with 70% counted, X had 51.9%"
    parallel = True
    loose = _mutual_best(a, b, score)
    if _distinct_figures(loose):
        return loose
    parallel = False
    return _mutual_best(a, b, score)


def _rank_score(x: Slot, y: Slot, found: int) -> int:
    """Two ranks are of one ranking when they rank the same group by the same deed or thing
    (``Slot.noun``) and share at least two words of what each is ranked by, and half of the
    shorter's ("the eighth skater with a gold medal at the worlds" / "only the ninth athlete
    with a gold medal at the worlds")."""
    if x.noun != y.noun:
        return 0  # "the eleventh Norlander to ..." / "the ninth mayor to lose ...": two rankings
    by = len(x.near & y.near)
    if by < 2 or by < NEAR_SHARE * min(len(x.near), len(y.near)):
        return 0
    return found + NEAR_WEIGHT * by


def _distinct_figures(pairs: Sequence[tuple[Slot, Slot, int]]) -> bool:
    """At least two figures on each side: the two ends of "between 40% and 45%" both meeting
    "42%" are one figure met twice, not two sentences built alike."""
    numbers = [(x, y) for x, y, _ in pairs if x.cls.startswith("number")]
    return len({id(x) for x, _ in numbers}) >= 2 and len({id(y) for _, y in numbers}) >= 2


def _owned_elsewhere(slot: Slot, rival: Slot, side: Sequence[Slot]) -> bool:
    """The other sentence gives the slot's actor a figure of its own, and not ``rival``."""
    if not slot.actors or slot.actors & rival.actors:
        return False
    return any(s is not rival and s.cls == slot.cls and s.actors & slot.actors for s in side)


def _mutual_best(
    a: Sequence[Slot], b: Sequence[Slot], score: Callable[[Slot, Slot], int]
) -> list[tuple[Slot, Slot, int]]:
    pairs = []
    for x in a:
        best = max(b, key=lambda y: score(x, y), default=None)
        if best is None or score(x, best) < MIN_CONTEXT:
            continue
        back = max(a, key=lambda z: score(z, best))
        if score(back, best) == score(x, best):
            pairs.append((x, best, score(x, best)))
    return pairs


def _said_of_one_thing(x: Slot, y: Slot, names: frozenset[str]) -> bool:
    """The words next to two values share at least half of the shorter side's (WordNet
    meaning classes count when no word is shared)."""
    near = len((x.near & y.near) - names) or int(bool(x.near_senses & y.near_senses))
    return near > 0 and near >= NEAR_SHARE * min(len(x.near), len(y.near))


def _of_event(x: Slot, y: Slot) -> bool:
    """``x`` is written as the day of an event (``Slot.event``) that ``y``'s day is said of:
    that noun is ``y``'s event or among its near words written in the singular, itself or as
    the head of a compound ("fire" / "wildfire", "storm" / "rainstorm")."""
    if not x.event:
        return False
    return any(
        w == x.event
        or (min(len(w), len(x.event)) >= 4 and (w.endswith(x.event) or x.event.endswith(w)))
        for w in (y.event, *y.single)
        if w
    )


def _event_pairs(
    found: Sequence[Slot], voices: Mapping[str, str] | None
) -> frozenset[tuple[int, int]]:
    """Sentence pairs of two outlets where one gives the day of a named event and the other
    a day said of that event, or both a reading on one named scale: compared whatever else
    their sentences share."""
    readings: dict[str, list[Slot]] = defaultdict(list)
    for slot in found:
        if slot.scale:
            readings[slot.scale].append(slot)
    on_scale = {
        (min(x.sentence, y.sentence), max(x.sentence, y.sentence))
        for same in readings.values()
        for x in same
        for y in same
        if voice_of(voices, x.source) != voice_of(voices, y.source)
    }
    named = [x for x in found if x.event and not x.reporting]
    days = [y for y in found if y.cls == "when" and not y.reporting] if named else []
    return frozenset(
        (min(x.sentence, y.sentence), max(x.sentence, y.sentence))
        for x in named
        for y in days
        if voice_of(voices, x.source) != voice_of(voices, y.source) and _of_event(x, y)
    ) | frozenset(on_scale)


def _gives(slot: Slot, side: Sequence[Slot]) -> bool:
    """Another sentence's slots include this slot's very value: "founded in 1871" is not
    disputed by "Halvard Bank was founded in 1894 and Oberfeld Bank in 1871"."""
    return any(s.cls == slot.cls and _compare(s, slot, False) == "same" for s in side)


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
    sentences: Sequence[Sentence],
    found: Sequence[Slot],
    voices: Mapping[str, str] | None,
    same_fact: frozenset[tuple[int, int]] = frozenset(),
) -> dict[tuple[int, int], int]:
    """(slot, slot) -> alignment score for slots of candidate sentence pairs."""
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i, slot in enumerate(found):
        by_sentence[slot.sentence].append(i)
    terms = {i: sentence_terms(sentences[i]) for i in by_sentence}
    names = {i: entities(sentences[i]) for i in by_sentence}
    # sentences whose slots are alike but for where they are (a sentence that outlets copy
    # word for word) align alike: each distinct pair of them is aligned once
    kinds: dict[object, int] = {}
    kind = {
        i: kinds.setdefault(
            (tuple(replace(found[k], sentence=0, source="") for k in at), names[i], terms[i]),
            len(kinds),
        )
        for i, at in by_sentence.items()
    }
    aligned: dict[tuple[int, int, bool], list[tuple[int, int, int]]] = {}
    edges: dict[tuple[int, int], int] = {}
    for i, j in candidates(
        sentences, terms, names, voices, same_fact | _event_pairs(found, voices)
    ):
        together = (i, j) in same_fact
        key = (kind[i], kind[j], together)
        if key not in aligned:
            a = [found[k] for k in by_sentence[i]]
            b = [found[k] for k in by_sentence[j]]
            where = {id(x): n for n, x in enumerate(a)} | {id(y): n for n, y in enumerate(b)}
            words = (terms[i], terms[j])
            aligned[key] = [
                (where[id(x)], where[id(y)], score)
                for x, y, score in _aligned(a, b, names[i] | names[j], together, words)
            ]
        for x, y, score in aligned[key]:
            ix, iy = sorted((by_sentence[i][x], by_sentence[j][y]))
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
    components = _connected(range(len(found)), edges)
    within: list[dict[tuple[int, int], int]] = [{} for _ in components]
    member_of = {i: n for n, component in enumerate(components) for i in component}
    for (i, j), score in edges.items():
        within[member_of[i]][(i, j)] = score  # an edge's ends are in one component
    result = []
    for component, inner in zip(components, within, strict=True):
        best: dict[str, int] = {}
        for i in component:
            source = found[i].source
            if source not in best or degree[i] > degree[best[source]]:
                best[source] = i
        result.extend(_connected(sorted(best.values()), inner))
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


def _supporters(
    component: Sequence[int],
    found: Sequence[Slot],
    sentences: Sequence[Sentence],
    voices: Mapping[str, str] | None,
    by_sentence: Mapping[int, Sequence[Slot]],
) -> list[int]:
    """Slots of outlets outside a found disagreement that give one of its versions.

    Recall for differently worded reports ("the vote, held on Tuesday"): once two
    outlets are known to disagree about a thing, a third outlet's only event date (or a count
    of the same noun) joins when it shares ``MIN_CONTEXT`` event words, not names, with the
    thing and matches exactly one version; an outlet with candidates for two versions is left
    out as ambiguous.
    """
    members = [found[i] for i in component]
    first = members[0]
    context = frozenset().union(*(m.context for m in members))
    names = frozenset().union(*(entities(sentences[m.sentence]) for m in members))
    voices_in = {voice_of(voices, m.source) for m in members}
    claims = _claims(members)
    by_voice: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, slot in enumerate(found):
        voice = voice_of(voices, slot.source)
        if voice in voices_in or slot.cls != first.cls or slot.reporting or slot.aside:
            continue
        side = by_sentence[slot.sentence]
        if slot.until != first.until:
            continue
        if first.cls == "when" and not (slot.until or _only_event_date(slot, side)):
            continue
        if first.cls != "when" and not (slot.noun and slot.noun == first.noun):
            continue
        if slot.rate != first.rate or slot.change != first.change:
            continue
        if slot.part != first.part or (slot.actors and slot.actors.isdisjoint(context | names)):
            continue
        if len((slot.context & context) - names) < MIN_CONTEXT:
            continue
        matching = [
            n for n, claim in enumerate(claims)
            if any(_compare(slot, c) == "same" for c in claim)
            and not any(_compare(slot, c) == "differ" for c in claim)
        ]  # fmt: skip
        if len(matching) == 1:
            by_voice[voice].append((i, matching[0]))
    return [
        candidates[0][0]
        for candidates in by_voice.values()
        if len({claim for _, claim in candidates}) == 1
    ]


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
    update = any(s.update for s in members) or len({s.as_of for s in members if s.as_of}) > 1
    update = update and members[0].cls.startswith("number")
    groups = _claims(members)
    if update:  # a count that changed: its bound and its later value are two versions
        groups = [g for label in dict.fromkeys(_plain(s) for s in members)
                  for g in [[s for s in members if _plain(s) == label]]]  # fmt: skip
    direct_conflict = False
    for n, g in enumerate(groups):
        for h in groups[n + 1 :]:
            for x in g:
                for y in h:
                    pair = tuple(sorted((position[id(x)], position[id(y)])))
                    if pair in edges and _compare(x, y, not update) == "differ":
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
    first = members[0]
    kind = "update" if update else _kind(members)
    return Disagreement(first.window, tuple(claims), kind)


def _plain(slot: Slot) -> str:
    """A number's canonical value without its qualifier ("at least 12" -> "12")."""
    return number_label(slot.mention)


def _kind(members: Sequence[Slot]) -> str:
    cls = members[0].cls
    if cls == "time":
        return "time"
    if cls.startswith("number") or cls == "rank":
        return "number"
    if all(s.mention.kind == "weekday" and s.date is None for s in members):
        return "weekday"
    return "date"


def find_disagreements(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
    *,
    same_fact: Iterable[tuple[int, int]] = (),
) -> tuple[Disagreement, ...]:
    """Values that differ between sources for the same event, plus quotes given to two people.

    ``voices`` maps an article id to the outlet it counts as (copies to their original);
    copies never disagree with their original. ``same_fact`` are the sentence pairs (indices
    into ``sentences``) that the fact engine's same-fact decision matched, as support or as
    rival versions of one fact (``Scored.agree``, ``Scored.rivals``): they are compared even
    when worded too differently for the analysis' own sentence gate. Ordered by first
    appearance.
    """
    found = slots(sentences, articles)
    pairs = frozenset((min(i, j), max(i, j)) for i, j in same_fact)
    edges = _edges(sentences, found, voices, pairs)
    by_sentence: dict[int, list[Slot]] = defaultdict(list)
    for slot in found:
        by_sentence[slot.sentence].append(slot)
    results: list[tuple[int, Disagreement]] = []
    for component in _components(found, edges):
        disagreement = _disagreement(component, found, edges, sentences, voices)
        if disagreement is not None:
            wider = [*component, *_supporters(component, found, sentences, voices, by_sentence)]
            disagreement = _disagreement(wider, found, edges, sentences, voices) or disagreement
            results.append((min(found[i].sentence for i in component), disagreement))
    results.sort(key=lambda pair: pair[0])
    speakers = speaker_disagreements(sentences, articles, voices)
    return tuple(d for _, d in results) + speakers
