"""Sentences -> Quotes: direct quotations with their speakers, merged across sources.

1. Paragraphs are rebuilt from the sentences, so a quotation may span sentences.
2. Quoted spans of two words or more between straight or curly quotation marks.
3. The speaker: `"...," X said`, `"...," said X, the role`, `X said: "..."`, `according to X`,
   or the subject of a reporting verb earlier in the sentence (partial quotes); a later quote
   of a paragraph with no speaker of its own continues the previous one's.
4. "he"/"she" become the last named person of the article when only one is in view.
5. The same quotation from several sources (small wording differences allowed) is one Quote;
   differing wordings are its variants. Named speakers that cannot be the same person are a
   Disagreement of kind "speaker".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from briefgen.analysis.slots import voice_of
from briefgen.models import Article, Claim, Disagreement, Evidence, Quote, Sentence

# Word-sequence similarity above which two quotations are one (calibrated on the fixtures:
# outlets drop or change a word or two in quotes of ten words or more).
SAME_QUOTE = 0.75
MIN_QUOTE_WORDS = 2
MIN_CONTAINED_WORDS = 4

_SPEECH = (
    r"said|says|added|adds|told|tells|stated|wrote|writes|noted|warned|insisted|explained|"
    r"asked|declared|continued|replied|tweeted|posted|recalled|stressed|urged|argued|"
    r"acknowledged|admitted|announced|confirmed"
)
_TITLE_WORDS = frozenset(
    [
        "minister",
        "foreign",
        "defense",
        "defence",
        "interior",
        "prime",
        "president",
        "vice",
        "mayor",
        "chief",
        "fire",
        "police",
        "governor",
        "secretary",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "manager",
        "commissioner",
        "officer",
        "sheriff",
        "captain",
        "adviser",
        "advisor",
        "ceo",
        "chair",
        "chairman",
        "chairwoman",
        "head",
        "deputy",
        "senior",
        "general",
        "national",
        "security",
        "state",
        "county",
        "city",
        "the",
        "a",
        "an",
        "of",
        "for",
        "and",
        "said",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "gen",
        "ministry",
        "office",
        "department",
        "agency",
        "official",
        "officials",
        "council",
        "company",
        "board",
        "union",
        "party",
        "team",
        "commander",
        "leader",
        "executive",
        "premier",
    ]
)
_CAP = r"[A-Z][\w’'.-]*"
_NP = (
    rf"(?:(?:[Tt]he|[Aa]n?)\s+)?(?:{_CAP}\s+|(?:of|for|and|de|al)\s+(?={_CAP}))*"
    rf"(?:{_CAP}|officials?|spokes(?:man|woman|person)|ministry|minister|statement|police|"
    r"he|she|they|[a-z]+ officials?|[a-z]+ spokes(?:man|woman|person))"
)
_AFTER = re.compile(
    rf"^\s*,?\s*(?P<sp>(?:[a-z]+\s+){{0,2}}(?=[A-Z]){_NP}|{_NP})(?P<role>,\s*(?:the|a|an)\s[^,]{{3,60}},)?\s+(?:{_SPEECH})\b"
)
_AFTER_INVERTED = re.compile(
    rf"^\s*,?\s*(?:{_SPEECH})\s+(?P<sp>{_NP})(?P<role>,\s*(?:the|a|an)\s[^,.;]{{3,60}})?"
)
# "..., said Redfern managing director Tom Ashby": an organisation and role before the name
_AFTER_ROLE_FIRST = re.compile(
    rf"^\s*,?\s*(?:{_SPEECH})\s+(?P<role>(?:[\w’'.&-]+\s+){{1,6}}?)"
    r"(?P<sp>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+)(?=\s*(?:[,.;:!?]|$))"
)
# Lower-case words a role before a name may hold, besides the office words above.
_ROLE_MODIFIERS = frozenset(
    {"managing", "press", "finance", "operations", "communications", "technical", "regional",
     "district", "acting", "former", "assistant", "associate", "interim", "founding",
     "marketing", "sales", "programme", "program", "project", "site", "plant", "station"}
)  # fmt: skip
_BEFORE = re.compile(
    rf"(?P<sp>{_NP})(?P<role>,\s*(?:the|a|an)\s[^,]{{3,60}},)?\s+(?:{_SPEECH})"
    r"(?:\s+(?:reporters|journalists|[A-Z][\w’'-]*(?:\s[A-Z][\w’'-]*)*))?(?:\s+on\s+\w+)?"
    r"(?:\s+that)?\s*[:,]?\s*$"
)
_ACCORDING = re.compile(r"\baccording to\s+(?P<sp>[^,.;“”\"]{3,80})", re.IGNORECASE)
_PARTIAL = re.compile(
    rf"(?P<sp>{_NP})\s+(?:\w+\s+)?(?:{_SPEECH}|called|described|accused|vowed|pledged|"
    r"demanded|denied|criticized|criticised|censured|condemned|promised|hailed|labell?ed|"
    r"branded|dismissed)\b"
)
_QUOTED = re.compile(r"[“\"](?P<q>[^“”\"]+)(?:[”\"]|$)")
_PERSON = re.compile(
    r"\b(?:Minister|President|Mayor|Chief|Governor|Secretary|Director|Spokes\w+|Manager|"
    r"Commissioner|Officer|Sheriff|Captain|Adviser|Advisor|CEO|Chairman|Chairwoman|Senator|"
    r"Inspector|Coach|Judge|Professor|Dr\.|Mr\.|Mrs\.|Ms\.)\s+(?P<name>[A-Z][a-z’'-]+(?:\s[A-Z][a-z’'-]+){0,2})"
)
_PRONOUNS = frozenset({"he", "she"})
_GENERIC = frozenset(
    {"the", "a", "an", "of", "for", "and", "said", "mr", "mrs", "ms", "dr", "prof", "his", "her"}
)
# Role words that name one person's office (a body such as "the ministry" has none).
_OFFICES = frozenset(
    {"minister", "president", "mayor", "chief", "governor", "secretary", "director",
     "spokesman", "spokeswoman", "spokesperson", "manager", "commissioner", "officer",
     "sheriff", "captain", "adviser", "advisor", "ceo", "chair", "chairman", "chairwoman",
     "head", "commander", "leader", "executive", "premier", "official"}
)  # fmt: skip
_INTRODUCES = re.compile(r"\s*[,:]?\s*[“\"]")
# Words that name what was said, not who said it: "the statement said", "it added".
_NOT_SPEAKERS = frozenset({"it", "this", "that", "they", "statement", "the statement", "report"})
# The quotes list keeps quotations of at least this many words: shorter ones are mostly
# scare quotes and labels ("minor hiccups"), not statements.
MIN_LISTED_WORDS = 4


@dataclass(frozen=True)
class _Found:
    source: str
    order: int  # reading order within the article
    text: str
    speaker: str


def _paragraphs(sentences: Sequence[Sentence]) -> dict[str, list[str]]:
    by_key: dict[tuple[str, int], list[str]] = defaultdict(list)
    order: list[str] = []
    for s in sentences:
        if s.source not in order:
            order.append(s.source)
        by_key[(s.source, s.paragraph)].append(s.text)
    result: dict[str, list[str]] = {source: [] for source in order}
    for (source, _), texts in by_key.items():
        result[source].append(" ".join(texts))
    return result


def _clean_speaker(speaker: str) -> str:
    speaker = " ".join(speaker.split()).strip(" ,")
    if speaker.lower() in _NOT_SPEAKERS:
        return ""
    return re.sub(r"^(?:The|A|An)\s", lambda m: m.group(0).lower(), speaker)


def _is_role(words: str) -> bool:
    """Whether the words before a name are a role: lower-case office words among them."""
    lower = [w for w in words.split() if w[:1].islower()]
    return bool(lower) and all(w in _TITLE_WORDS or w in _ROLE_MODIFIERS for w in lower)


def _speaker(paragraph: str, start: int, end: int) -> str:
    """Who says the quotation at ``paragraph[start:end]``, as the text gives it ("" if unknown)."""
    after = paragraph[end:]
    # “... .” She added ...: a quotation closed by a full stop ends its sentence, so what
    # follows is the next statement, not this one's speaker
    closed = paragraph[start:end].rstrip('”"').rstrip().endswith(".")
    role_first = _AFTER_ROLE_FIRST.match(after)
    if role_first and not closed and _is_role(role_first.group("role")):
        return _clean_speaker(role_first.group("sp"))
    for pattern in (_AFTER_INVERTED, _AFTER):
        found = pattern.match(after)
        if found and (closed or _INTRODUCES.match(after, found.end())):
            continue
        if found and not (pattern is _AFTER and found.group("sp").lower() in ("it", "this")):
            role = (found.group("role") or "").strip(" ,")
            return _clean_speaker(found.group("sp") + (f", {role}" if role else ""))
    sentence_start = max(paragraph.rfind(". ", 0, start), paragraph.rfind("” ", 0, start))
    before = paragraph[sentence_start + 1 if sentence_start >= 0 else 0 : start]
    found = _BEFORE.search(before)
    if found:
        role = (found.group("role") or "").strip(" ,")
        return _clean_speaker(found.group("sp") + (f", {role}" if role else ""))
    sentence_end = paragraph.find(". ", end)
    sentence = before + paragraph[start : sentence_end if sentence_end >= 0 else len(paragraph)]
    according = _ACCORDING.search(sentence)
    if according:
        return _clean_speaker(according.group("sp"))
    partial = list(_PARTIAL.finditer(before))
    if partial:
        return _clean_speaker(partial[-1].group("sp"))
    return ""


def _persons(text: str) -> list[str]:
    return [m.group("name") for m in _PERSON.finditer(text)]


def _article_quotes(source: str, paragraphs: Sequence[str]) -> list[_Found]:
    found: list[_Found] = []
    named: list[str] = []  # named speakers so far, in order
    for number, paragraph in enumerate(paragraphs):
        previous_speaker = ""
        for match in _QUOTED.finditer(paragraph):
            text = match.group("q").strip().rstrip(",")
            if len(text.split()) < MIN_QUOTE_WORDS:
                continue
            speaker = _speaker(paragraph, match.start(), match.end()) or previous_speaker
            if speaker.lower() in _PRONOUNS:
                earlier = paragraphs[number - 1] if number else ""
                speaker = _antecedent(
                    previous_speaker, paragraph[: match.start()], earlier, named[-1:]
                )
            if _is_person(speaker):
                named.append(speaker)
            previous_speaker = speaker
            found.append(_Found(source, len(found), text, speaker))
    return found


def _antecedent(previous: str, before: str, earlier: str, last_named: Sequence[str]) -> str:
    """The person "he" or "she" stands for, or "" when that is not unambiguous.

    The paragraph's previous speaker first; else the one person named earlier in the
    paragraph; else the one person in view from the previous paragraph and the article's
    last named speaker.
    """
    if _is_person(previous):
        return previous
    for candidates in (_persons(before), [*_persons(earlier), *last_named]):
        distinct = _distinct(candidates)
        if len(distinct) == 1:
            return distinct[0]
        if distinct:
            return ""
    return ""


def _distinct(speakers: Sequence[str]) -> list[str]:
    """Speakers that are different people ("Ana Ruiz" and "Ruiz" are one), fullest form."""
    people: list[str] = []
    for speaker in speakers:
        for n, person in enumerate(people):
            if _names(person) & _names(speaker):
                if len(_names(speaker)) > len(_names(person)):
                    people[n] = speaker
                break
        else:
            people.append(speaker)
    return people


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def _same(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One statement: nearly the same words, or the shorter (a partial quote) found in the
    longer with at most a small share of its words changed."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() >= SAME_QUOTE:
        return True
    short = a if len(a) <= len(b) else b
    if len(short) < MIN_CONTAINED_WORDS:
        return False
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched >= SAME_QUOTE * len(short) and _span(matcher, len(b) >= len(a)) <= 1.5 * len(
        short
    )


def _span(matcher: SequenceMatcher[str], longer_is_b: bool) -> int:
    """How many words of the longer sequence the matched words of the shorter spread over."""
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return 0
    starts = [blk.b if longer_is_b else blk.a for blk in blocks]
    ends = [(blk.b if longer_is_b else blk.a) + blk.size for blk in blocks]
    return max(ends) - min(starts)


def _names(speaker: str) -> frozenset[str]:
    """Capitalised name words of a speaker, titles and roles left out."""
    return frozenset(
        w.lower().removesuffix("’s").removesuffix("'s")
        for w in re.findall(r"[A-Z][\w’'-]+", speaker.split(",")[0])
        if w.lower() not in _TITLE_WORDS
    )


def _is_person(speaker: str) -> bool:
    """A named person ("Mayor Ann Cole", "Cole"), not a body or a group ("Norland officials")."""
    head = speaker.split(",")[0].split()
    return bool(head) and head[-1][:1].isupper() and bool(_names(speaker))


def _groups(sentences: Sequence[Sentence]) -> list[list[_Found]]:
    groups: list[list[_Found]] = []
    keys: list[list[tuple[str, ...]]] = []
    for source, paragraphs in _paragraphs(sentences).items():
        for quote in _article_quotes(source, paragraphs):
            key = _words(quote.text)
            for group, group_keys in zip(groups, keys, strict=True):
                if any(_same(key, k) for k in group_keys):
                    if all(q.source != source for q in group):
                        group.append(quote)
                        group_keys.append(key)
                    break
            else:
                groups.append([quote])
                keys.append([key])
    return groups


def _best_speaker(group: Sequence[_Found]) -> str:
    """The fullest named form among the sources, else the first role or body named."""
    named = [q.speaker for q in group if _names(q.speaker)]
    if named:
        return max(named, key=lambda s: (len(_names(s)), -named.index(s)))
    return next((q.speaker for q in group if q.speaker.lower() not in _PRONOUNS), "")


def find_quotes(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
) -> tuple[Quote, ...]:
    """Every direct quotation with its speaker and sources; most-cited first, then reading order."""
    del articles, voices  # same signature as the other analyses; copies cite like any source
    quotes = []
    for position, group in enumerate(_groups(sentences)):
        first = max(group, key=lambda q: (len(_words(q.text)), -group.index(q)))
        key = _words(first.text)
        if len(key) < MIN_LISTED_WORDS:
            continue
        speaker = _best_speaker(group)
        if not speaker and len(group) < 2:
            continue  # nobody named says it and only one outlet carries it
        variants = tuple(
            Evidence(q.source, q.text) for q in group if q is not first and _words(q.text) != key
        )
        sources = (first.source, *(q.source for q in group if q is not first))
        quotes.append((-len(sources), position, Quote(speaker, first.text, sources, variants)))
    return tuple(q for *_, q in sorted(quotes, key=lambda item: item[:2]))


def speaker_disagreements(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    voices: Mapping[str, str] | None = None,
) -> tuple[Disagreement, ...]:
    """Quotations that different outlets give to different people or different office holders.

    Two speakers differ when their names share no word, or, when one is named only by role,
    when neither role contains the other ("the Defense Minister" vs "the Foreign Minister";
    "the minister" and "Foreign Minister Ana Ruiz" can be one person). A name against a bare
    role with nothing to compare is not a disagreement.
    """
    texts = {a.id: a.text for a in articles}
    found = []
    for group in _groups(sentences):
        if len(_words(group[0].text)) < MIN_CONTAINED_WORDS:
            continue  # short phrases are echoed by many people
        known = [q for q in group if _identity(q.speaker) != (frozenset(), frozenset())]
        versions: list[list[_Found]] = []
        for quote in known:
            for version in versions:
                if _same_speaker(version[0].speaker, quote.speaker) == "same":
                    version.append(quote)
                    break
            else:
                versions.append([quote])
        conflict = any(
            _same_speaker(x.speaker, y.speaker) == "differ"
            and voice_of(voices, x.source) != voice_of(voices, y.source)
            and not _speaks_for(x, y, texts)
            and not _speaks_for(y, x, texts)
            for n, v in enumerate(versions)
            for w in versions[n + 1 :]
            for x in v
            for y in w
        )
        if conflict:
            claims = tuple(
                Claim(_best_speaker(v), tuple(q.source for q in v), v[0].text) for v in versions
            )
            found.append(Disagreement(f"who said “{group[0].text}”", claims, "speaker"))
    return tuple(found)


def _speaks_for(person: _Found, body: _Found, texts: Mapping[str, str]) -> bool:
    """The article of ``person``'s version presents them as ``body``'s: "Ola Brekke,
    Norsoft's vice president" speaks for "Norsoft"."""
    names = re.findall(r"[A-Z][\w’'-]+", person.speaker)
    owner = body.speaker.strip()
    if not names or not owner:
        return False
    pattern = (
        rf"\b{re.escape(names[-1])}\b,?\s+(?:the\s+|an?\s+)?(?:\w+\s+){{0,3}}?"
        rf"{re.escape(owner)}['’]s\b"
    )
    return re.search(pattern, texts.get(person.source, "")) is not None


def _identity(speaker: str) -> tuple[frozenset[str], frozenset[str]]:
    """(name words, role words) of a speaker that can hold an office.

    "Spanish Foreign Minister Ana Ruiz" -> ({ana, ruiz}, {spanish, foreign, minister}); words
    up to the last title word are the role, capitalised words after it the name. A role
    without an office-holder word ("the ministry") is a body, not a person: no role.
    """
    head, _, apposition = speaker.partition(",")
    words = re.findall(r"[\w’'-]+", head)
    titles = [n for n, w in enumerate(words) if w.lower() in _TITLE_WORDS - _GENERIC]
    last = titles[-1] if titles else -1
    names = frozenset(
        _plain_name(w)
        for w in words[last + 1 :]
        if w[:1].isupper() and w.lower() not in _TITLE_WORDS
    )
    role_words = [w.lower() for w in words[: last + 1]]
    role_words += [w.lower() for w in re.findall(r"[\w’'-]+", apposition)]
    role = frozenset(w for w in role_words if w not in _GENERIC)
    if not role & _OFFICES:
        role = frozenset()
    return names, role


def _plain_name(word: str) -> str:
    return word.lower().removesuffix("’s").removesuffix("'s")


def _same_speaker(a: str, b: str) -> str:
    """ "same", "differ" or "unknown" for two speakers of one quotation."""
    names_a, role_a = _identity(a)
    names_b, role_b = _identity(b)
    if names_a and names_b:
        return "same" if names_a & names_b else "differ"
    if role_a and role_b:
        return "same" if role_a <= role_b or role_b <= role_a else "differ"
    return "unknown"
