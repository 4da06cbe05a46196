"""A sentence -> its claims: the clauses other outlets may state apart, as verbatim pieces.

Punctuation that sets off a clause and the conjunctions that open one cut a sentence into
pieces; a piece that claims too little (a prepositional phrase, a relative clause, fewer than
``MIN_TERMS`` content terms) joins its neighbour; a name set off by commas is the subject of
the clause after it, and a description between a name and its clause is a claim of its own
("Ana Lind, the mayor of Vesby, took 41%": "the mayor of Vesby", "Ana Lind took 41%"). The
second reading leaves out the clauses that only say who the source is ("according to the
ministry", "police said"). ``match`` turns each piece into a statement and caches both.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from briefgen.lexicon import CANONICAL
from briefgen.models import Sentence
from briefgen.score import checks
from briefgen.score.similarity import split_compounds, stem, terms

MIN_TERMS = 3  # a claim of fewer content terms ("Thanks to every voter.") has no support

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_PREPOSITIONS = frozenset(
    "on in at for with from by of to into onto over under about against between among "
    "during despite without within through across toward towards".split()
)
_RELATIVE = frozenset("which who whom whose".split())
_BACK = frozenset("them whom which those these us it".split())

# Where a news sentence joins one claim to the next: punctuation that sets off a clause, and
# the conjunctions that start one. "41 points from Lind carried Vesby to a third title, as
# they beat Ostby by six points" holds two claims that other outlets state apart.
_CLAUSE_BREAK = re.compile(
    r"\s*[;()\[\]—–]\s*|:\s+|,\s+|\s+-\s+|\s+(?=(?:while|as|after|before|when|where|"
    r"because|although|though|until)\s)"
)
# The same breaks, found faster: every one starts with a space or one of these marks, and a
# pattern that opens with a character class lets ``re`` skip to the next such character
# (the others fail at once). Each branch is one of the above, told apart by the mark it
# starts with (a lookbehind on it), so the matches are the same, in the same order.
_BREAK_MARK = r"[;()\[\]—–]"
_FAST_CLAUSE_BREAK = re.compile(
    r"[\s;()\[\]—–:,]"
    rf"(?:(?<={_BREAK_MARK})\s*|(?<=\s)\s*{_BREAK_MARK}\s*|(?<=:)\s+|(?<=,)\s+|(?<=\s)\s*-\s+"
    r"|(?<=\s)\s*(?=(?:while|as|after|before|when|where|because|although|though|until)\s))"
)


Piece = tuple[str, tuple[str, ...]]  # a claim's text and word tokens
Pieces = tuple[Piece, ...]
Part = tuple[tuple[int, int], ...]  # a claim's stretches of its sentence (two: subject, clause)
# The words that open a description set off by commas after a name: "Ana Lind, the mayor,".
_DESCRIBING = frozenset("the a an his her its their".split())
_ONE_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")


def pieces(text: str, sentence_words: tuple[str, ...]) -> tuple[Pieces, Pieces]:
    """A sentence's text and word tokens -> its claims, each as its text and words: all its
    clauses, and its clauses without those that only say who the source is (each empty:
    none but the whole sentence; the second also when no clause is an attribution)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for gap in _FAST_CLAUSE_BREAK.finditer(text):
        if gap.start() > start:
            spans.append((start, gap.start()))
        start = max(start, gap.end())
    if start < len(text):
        spans.append((start, len(text)))
    opening = _LEADING_SOURCE.match(text)
    if len(spans) <= 1 and opening is None:
        return (), ()
    located = _token_starts(text, sentence_words)
    if located is None:
        return (), ()

    def piece(span: tuple[int, int]) -> tuple[str, tuple[str, ...]]:
        # the words that start inside the span (``located`` rises: each word is looked
        # for after the one before it)
        first, last = bisect_left(located, span[0]), bisect_left(located, span[1])
        return text[span[0] : span[1]], sentence_words[first:last]

    def stretches(part: Part) -> Piece:
        """A claim's text and words: one stretch of the sentence, or a subject and what it
        did with the description between them left out ("Ana Lind took 41%")."""
        if len(part) == 1:
            return piece(part[0])
        found = [piece(span) for span in part]
        return " ".join(t for t, _ in found), tuple(w for _, ws in found for w in ws)

    measured: dict[tuple[int, int], bool] = {}

    def small(span: tuple[int, int]) -> bool:
        found = measured.get(span)
        if found is None:
            found = measured[span] = _small(*piece(span))
        return found

    def first_word(span: tuple[int, int]) -> str:
        at = bisect_left(located, span[0])
        return sentence_words[at] if at < len(sentence_words) and located[at] < span[1] else ""

    def described(k: int, spans: list[tuple[int, int]]) -> bool:
        """Piece ``k`` describes the subject before it and the clause after it says what
        that one did: "Ana Lind, the 41-year-old mayor of Vesby, took 41%"."""
        if k + 1 >= len(spans) or not text[spans[k][1] :].lstrip().startswith(","):
            return False
        then = first_word(spans[k + 1])
        return (
            first_word(spans[k]) in _DESCRIBING
            and not small(spans[k + 1])
            and then not in _DESCRIBING | _PREPOSITIONS | _RELATIVE
        )

    def subject_np(k: int, spans: list[tuple[int, int]]) -> bool:
        """The sentence opens with a description set off by a comma ("The 41-year-old
        mayor of Vesby, a lawyer by training, took 41%"): the subject of a clause."""
        return (
            k == 0
            and first_word(spans[0]) in _DESCRIBING
            and not small(spans[0])
            and text[spans[0][1] :].lstrip().startswith(",")
        )

    subject: dict[tuple[int, int], bool] = {}

    def named_only(span: tuple[int, int]) -> bool:
        """A name set off by commas (", Ana Lind, finished"), not one in brackets."""
        if not text[span[1] :].lstrip().startswith(","):
            return False
        found = subject.get(span)
        if found is None:
            part, words = piece(span)
            # one capitalised word inside the sentence is a name ("..., that Lind, the mayor,")
            alone = span[0] > 0 and len(words) == 1 and _ONE_NAME.fullmatch(part) is not None
            found = subject[span] = alone or _named_only(part, words)
        return found

    def merge(spans: list[tuple[int, int]]) -> list[Part]:
        spans = list(spans)
        subjects: dict[int, tuple[int, int]] = {}  # a clause -> the name it is said of
        descriptions: set[tuple[int, int]] = set()  # they stand alone, however small
        for k in range(len(spans) - 2, -1, -1):
            named = named_only(spans[k])
            if not named and not subject_np(k, spans):
                continue
            if described(k + 1, spans) and k + 2 not in subjects:
                # the description stands alone; the name is the subject of the clause after
                subjects[k + 2] = spans[k]
                descriptions.add(spans[k + 1])
                del spans[k]
                subjects = {(j - 1 if j > k else j): v for j, v in subjects.items()}
            elif named:
                # "..., Ana Lind, finished second": the subject of what follows
                spans[k : k + 2] = [(spans[k][0], spans[k + 1][1])]
                subjects = {(j - 1 if j > k else j): v for j, v in subjects.items()}
        parts: list[Part] = [
            (subjects[k], span) if k in subjects else (span,) for k, span in enumerate(spans)
        ]
        merged: list[Part] = []
        for part in parts:
            alone = part[0] in descriptions or (merged and merged[-1][0] in descriptions)
            if merged and len(part) == 1 and small(part[0]) and not alone:
                merged[-1] = (*merged[-1][:-1], (merged[-1][-1][0], part[0][1]))
            else:
                merged.append(part)
        first = merged[0] if merged else ((0, 0),)
        if len(merged) > 1 and len(first) == 1 and small(first[0]) and first[0] not in descriptions:
            merged[:2] = [((merged[0][0][0], merged[1][0][1]), *merged[1][1:])]
        return merged

    def claims(merged: list[Part]) -> Pieces:
        return tuple(map(stretches, merged))

    whole: Pieces = ()
    if len(spans) > 1:
        merged = merge(spans)
        if len(merged) > 1:
            whole = claims(merged)
    said = [span for span in spans if not _ATTRIBUTION.fullmatch(text[span[0] : span[1]])]
    if said and opening is not None and said[0][0] < opening.end() < said[0][1]:
        said[0] = (opening.end(), said[0][1])  # "Residents said ..."
    if not said or said == spans:
        return whole, ()
    return whole, claims(merge(said))


def _small(part: str, words: tuple[str, ...]) -> bool:
    """Whether a piece of a sentence claims too little to stand as a clause of its own."""
    if words and words[0] in _PREPOSITIONS:
        return True  # "on the bond market" modifies the clause before it; claims nothing
    if len(words) > 2 and words[1] == "of" and words[2] in _BACK:
        return True  # "two of them lawyers": says something only of what came before
    if words and words[0] in _RELATIVE:
        return True  # ", which the mayor founded": said of the noun before it
    # the terms of the piece's statement, without the rest of the statement: most pieces are
    # only measured, then joined to a neighbour
    return len(_piece_terms(part, words)) < MIN_TERMS


def _named_only(part: str, words: tuple[str, ...]) -> bool:
    """Whether a piece of a sentence only names someone (every term of it a name's, as
    ``match.statement`` reads its terms and names)."""
    if _ATTRIBUTION.fullmatch(part):
        return False  # "According to the Vesby Institute": who says it, not who did it
    found = _piece_terms(part, words)
    if not found:
        return False
    if not checks._capitalised(part) and not found <= _place_forms():
        # without a capital after its first word, a piece names only the states and places
        # the lexicon knows (``checks._features``): its terms must all be theirs
        return False
    names = checks._features(part, split_compounds(words)).names
    return found <= frozenset(f for n, _, _ in names for t in n for f in (t, *stem(t)))


@lru_cache(maxsize=1)
def _place_forms() -> frozenset[str]:
    """The terms of the names of states and places the lexicon knows, as names' terms are
    kept: each with its stems."""
    return frozenset(f for t in CANONICAL for f in (t, *stem(t)))


def _piece_terms(part: str, words: tuple[str, ...]) -> frozenset[str]:
    """The terms of the piece's statement (``match.statement``), without the rest of it."""
    return frozenset(terms(Sentence("", 0, 0, part, split_compounds(words), ())))


# A sentence that opens by naming its source: "Local reports suggested (that) ...",
# "Officials said ...", "The ministry reported that ...".
_LEADING_SOURCE = re.compile(
    r"(?:[\w.'’-]+\s+){1,6}?(?:said|says|suggested|suggest|reported|reports|showed|show|"
    r"announced|confirmed|added|believe|believed|estimated|estimate)\s+(?:that\s+)?",
    re.IGNORECASE,
)
# A clause that only says who the source is: "According to the ministry", "police said".
_ATTRIBUTION = re.compile(
    r"\s*(?:according to\b[^,;]*|(?:[\w.'’-]+\s+){0,6}(?:said|says|told reporters|reported|"
    r"added|wrote|announced|confirmed)(?:\s+on\s+\w+|\s+\w+day)?"
    r"(?:\s+(?:in|at|after|on|during)\s+(?:a|an|the|its|his|her|their)\s+[\w-]+(?:\s+[\w-]+)?)?)"
    r"[\s.,;:]*",
    re.IGNORECASE,
)


def _token_starts(text: str, words: Sequence[str]) -> list[int] | None:
    """Where each of the sentence's word tokens starts in its text (None if one is not found:
    the tokenizer rewrote it)."""
    folded = text.lower().translate(_QUOTES)
    found: list[int] = []
    at = 0
    for word in words:
        k = folded.find(word, at)
        if k < 0:
            return None
        found.append(k)
        at = k + len(word)
    return found
