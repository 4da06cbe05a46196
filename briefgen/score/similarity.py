"""Sentences -> TF-IDF vectors over canonical terms, and sparse cosine pairs above a floor.

Terms are content stems after folding accents and mapping name variants to one form
(briefgen.lexicon: "Türkiye"/"Turkey"/"Turkish"/"Ankara" -> "turkey"), and numbers in one
form ("1,500" and "1500" -> "#1500", "two" -> "#2"); a local clock time adds the part of
the day it falls in ("11:40 pm" -> "night", "late"). Pairs are found by sparse
matrix products in row blocks, so memory grows with the number of similar pairs, not with
the square of the number of sentences.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TypeVar

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from briefgen import overlap
from briefgen.lexicon import FORMS, NUMBER_WORDS, SINGLE, canonicalize, compound_number, fold
from briefgen.models import Sentence
from briefgen.score.lexical import base_form
from briefgen.segment import content_stems, stopwords

Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # rows, columns, cosines
T = TypeVar("T")
R = TypeVar("R")
BLOCK_ROWS = 1024  # rows per sparse product block: bounds peak memory on large corpora
# Rows are grouped by identical vectors when fewer than this share of them are distinct: the
# grouping's extra sort costs more than it saves on text that rarely repeats a sentence
# (1,000 DUC articles: 3.5 s grouped, 2.2 s not; one event in 200 articles, 445 distinct rows
# of 5,303: 0.07 s grouped, 0.37 s not).
REPEATED = 0.9
_NUMBER = re.compile(r"^\d[\d,.]*$")
_US = re.compile(r"\bUS\b")
# stopwords that carry facts: "the first woman skipper", "the former coach", "last year"
KEPT = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth last former".split()
)


def split_compounds(words: Sequence[str]) -> tuple[str, ...]:
    """Hyphenated words as their parts: "six-point" -> "six", "point" (a "six-point win"
    and "by six points" state the same figure)."""
    if "-" not in "".join(words):  # most sentences have no hyphen
        return tuple(words)
    out: list[str] = []
    for word in words:
        parts = [part for part in word.split("-") if part]
        number = compound_number(parts)
        if number is not None:
            out.append(number)  # "thirty-two" is 32, not "thirty" and 2
        elif len(parts) > 1 and any(part.isalpha() for part in parts):  # not "2026-03-03"
            out.extend(parts)
        else:
            out.append(word)
    return tuple(out)


def terms(sentence: Sentence) -> list[str]:
    """The canonical terms of one sentence (see module docstring)."""
    raw = split_compounds(sentence.words)
    if "us" in raw and not _US.search(sentence.text):
        raw = tuple(t for t in raw if t != "us")  # lower-case "us" is the pronoun
    return list(_terms(raw))


@overlap.memo(1 << 16)
def _terms(raw: tuple[str, ...]) -> tuple[str, ...]:
    """``terms`` of a sentence's tokens, once per distinct sentence (TF-IDF rows, statements
    and clauses ask for the same ones)."""
    out: list[str] = []
    stop = _stop()
    for position, term in canonical(raw):
        if term[:1].isdecimal():
            out.extend(_day_part(raw, position))
        term = NUMBER_WORDS.get(term, term)
        if term[:1].isdecimal() and _NUMBER.match(term):  # ``_NUMBER`` opens with a digit
            out.append("#" + term.replace(",", "").rstrip("."))
        elif term not in stop:
            out.extend((term,) if term in FORMS or term != fold(raw[position]) else stem(term))
    return tuple(out)


# A clock time: "11:40", "9", "9.30" before "pm"/"p.m."; a 24-hour "23:40" or "06:15" alone.
_CLOCK_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d\d))?$")
_MERIDIEM = {"am": 0, "a.m.": 0, "a.m": 0, "pm": 12, "p.m.": 12, "p.m": 12}
# The part of the day a local clock time falls in, by hour, as a news report says it ("late
# on Monday night" is "at 11:40 pm on Monday"): night and late, early, morning, afternoon,
# evening.
_DAY_PARTS = (
    (range(0, 4), ("night", "early")),
    (range(4, 12), ("morning",)),
    (range(12, 17), ("afternoon",)),
    (range(17, 21), ("evening",)),
    (range(21, 24), ("night", "late")),
)


def _day_part(raw: tuple[str, ...], position: int) -> tuple[str, ...]:
    """The terms of the part of the day that the clock time at ``raw[position]`` falls in
    (none if it is no clock time: a time needs its "am"/"pm" or a colon and 24-hour form)."""
    found = _CLOCK_TIME.match(raw[position])
    if found is None:
        return ()
    hour, minutes = int(found.group(1)), found.group(2)
    after = raw[position + 1] if position + 1 < len(raw) else ""
    if after in _MERIDIEM and 1 <= hour <= 12:
        hour = hour % 12 + _MERIDIEM[after]
    elif minutes is None or ":" not in raw[position] or hour > 23 or int(minutes) > 59:
        return ()
    elif hour < 13 and raw[position][0] != "0":
        return ()  # "the 1:30 deadline": a 12-hour time whose half of the day is not said
    elif after in ("gmt", "utc"):
        return ()  # another zone's clock: not the local part of the day
    for hours, words in _DAY_PARTS:
        if hour in hours:
            return tuple(t for word in words for t in stem(word))
    return ()


@overlap.memo(1 << 15)
def canonical(words: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """``lexicon.canonicalize`` of a sentence's tokens, once for its TF-IDF terms, its
    features and its statement's terms (1,000 articles: 98,000 asks for 51,000 distinct
    sentences and clauses; the last 32,768 kept catch nearly every repeat)."""
    return tuple(canonicalize(list(words)))


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return stopwords() - KEPT


@lru_cache(maxsize=1 << 17)
def stem(word: str) -> tuple[str, ...]:
    """Content stems of one word's base form (cached: a corpus repeats its vocabulary):
    "met" and "meeting" share "meet" whether or not WordNet's exception lists are there."""
    if word in KEPT:
        return (word,)
    if word.endswith("ful") and len(word) > 6:
        return (word,)  # "powerful" is not "power", nor "hopeful" "hope"
    return content_stems((base_form(word),))


_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")


def warm(texts: Sequence[str]) -> None:
    """Work out ahead the stems of the texts' words and the meaning classes of the terms
    they make, as the engine will ask for them (``segment``'s stems and
    ``lexical.concepts`` keep them: ``overlap.memo``). Run in a child process while
    cleaning goes on (``overlap.ahead``); a word missed here is worked out when asked."""
    from briefgen.score import lexical

    found: set[str] = set()
    for text in texts:
        words = _WORD.findall(text.lower())
        found.update(words)
        found.update(part for word in words if "-" in word for part in word.split("-"))
    stop = _stop()
    keys: set[str] = set()
    for word in sorted(found - stop):
        content_stems((word,))
        folded = fold(word)
        term = SINGLE.get(folded, folded)
        keys.update((term,) if term in FORMS or term != folded else stem(term))
    for key in sorted(keys):
        lexical.concepts(key)


def vectorize(sentences: Sequence[Sentence]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows, one per sentence (an all-zero row for a wordless one)."""
    if not sentences:
        return sparse.csr_matrix((0, 0))
    documents = [terms(s) for s in sentences]
    if not any(documents):
        return sparse.csr_matrix((len(sentences), 1))
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    return sparse.csr_matrix(vectorizer.fit_transform(documents))


def _identity(items: list[str]) -> list[str]:
    return items


def similar_pairs(
    matrix: sparse.csr_matrix, floor: float, neighbours: int | None = None, *, threads: int = 1
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """All (i, j, cosine) with i < j and cosine >= floor, sorted by i then j; and the capped rows.

    With ``neighbours``, a pair is kept only when it is among the ``neighbours`` most
    similar partners of i or of j (ties: lower index first; sentences with identical
    vectors fill at most a quarter of those places), so the number of pairs grows
    linearly even when one fact recurs in thousands of sentences. The second array marks
    the rows that had more partners than that: for them a missing pair means "not
    measured", not "below the floor".
    """
    n = matrix.shape[0]
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    vals: list[np.ndarray] = []
    lower: list[np.ndarray] = []  # seen from its larger end: the copy to drop
    capped = np.zeros(n, dtype=bool)
    same = _identical_rows(matrix)
    distinct = int(np.count_nonzero(same == np.arange(n)))
    if neighbours is None or distinct > REPEATED * n:
        blocks = _all_candidates(matrix, floor, threads)
    else:
        blocks = _near_candidates(matrix, floor, neighbours, same, capped, threads)
    for i, j, v in blocks:
        if neighbours is not None and i.size:
            # identical partners take at most a quarter of the places, so a sentence copied
            # verbatim by many outlets still keeps its pairs with the other wordings
            order = closest_first(i, v, same[j].astype(np.int64) * n + j)
            i, j, v = i[order], j[order], v[order]
            few = rank_in_runs(i * n + same[j]) < max(1, neighbours // 4)
            capped[i[~few]] = True
            i, j, v = i[few], j[few], v[few]
            near = rank_in_runs(i) < neighbours
            capped[i[~near]] = True
            i, j, v = i[near], j[near], v[near]
        rows.append(np.minimum(i, j))
        cols.append(np.maximum(i, j))
        vals.append(v)
        lower.append(i > j)
    if not rows:
        empty = np.zeros(0)
        return (empty.astype(int), empty.astype(int), empty), capped
    i_all, j_all, v_all = np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)
    # each pair may be seen from both ends; keep it once, as computed from its smaller end
    order = np.lexsort((np.concatenate(lower), j_all, i_all))
    i_all, j_all, v_all = i_all[order], j_all[order], v_all[order]
    first = np.ones(i_all.size, dtype=bool)
    first[1:] = (i_all[1:] != i_all[:-1]) | (j_all[1:] != j_all[:-1])
    return (i_all[first], j_all[first], v_all[first]), capped


Block = tuple[np.ndarray, np.ndarray, np.ndarray]  # rows i, columns j, cosines


def _all_candidates(matrix: sparse.csr_matrix, floor: float, threads: int = 1) -> Iterator[Block]:
    """Per block of rows: every (i, j, cosine) with cosine >= floor and j != i."""
    transposed = matrix.T.tocsc()

    def one(start: int) -> Block:
        block = (matrix[start : start + BLOCK_ROWS] @ transposed).tocoo()
        i = block.row + start
        keep = (block.data >= floor) & (block.col != i)
        return i[keep], block.col[keep], block.data[keep]

    yield from in_order(one, range(0, matrix.shape[0], BLOCK_ROWS), threads)


def _near_candidates(
    matrix: sparse.csr_matrix,
    floor: float,
    neighbours: int,
    same: np.ndarray,
    capped: np.ndarray,
    threads: int = 1,
) -> Iterator[Block]:
    """Per block of rows: enough of each row's (i, j, cosine) candidates for the closest
    ``neighbours`` that ``similar_pairs`` keeps, all of them when they are fewer; ``capped``
    marks the rows with more partners than it keeps.

    Rows with identical vectors (one sentence copied by many outlets) are one group: the
    cosines are computed once per pair of groups (row i's cosine with row j is a sum over
    row i's own entries, so it is the same for every copy of i, to the last bit), and of
    each partner group only the first members that can be kept are handed on. A story told
    by a thousand outlets that copy each other thus costs the square of its distinct
    sentences, not of all of them.
    """
    n = matrix.shape[0]
    first = np.flatnonzero(same == np.arange(n))  # each group's first row
    group = np.searchsorted(first, same)
    size = np.bincount(group, minlength=first.size)
    members = np.argsort(group, kind="stable")  # each group's rows, in order
    offset = np.concatenate([[0], np.cumsum(size)[:-1]])
    quota = max(1, neighbours // 4)
    distinct = matrix[first]
    transposed = distinct.T.tocsc()

    def one(start: int) -> tuple[Block, np.ndarray]:
        block = (distinct[start : start + BLOCK_ROWS] @ transposed).tocoo()
        g, h, v = block.row + start, block.col, block.data
        keep = v >= floor
        g, h, v = g[keep], h[keep], v[keep]  # h == g: the other copies of a row
        order = closest_first(g, v, first[h])
        g, h, v = g[order], h[order], v[order]
        # what the kept partners of every row of group g would be: at most ``quota`` of
        # each partner group, its own row left out, at most ``neighbours`` in all
        others = size[h] - (h == g)
        counted = np.bincount(g, weights=np.minimum(others, quota), minlength=first.size)
        over = counted > neighbours
        over[g[others > quota]] = True
        # partner groups in order until they surely give more than ``neighbours``
        surely = np.minimum(size[h] - 1, quota)
        before = np.cumsum(surely) - surely
        runs = run_starts(g)
        before -= np.repeat(before[runs], np.diff(np.append(runs, g.size)))
        needed = before <= neighbours
        g, h, v = g[needed], h[needed], v[needed]
        # of each partner group its first members, enough for ``quota`` besides row i
        take = np.minimum(size[h], quota + 2)
        pick = np.repeat(np.arange(g.size), take)
        j = members[offset[h][pick] + rank_in_runs(pick)]
        g, v = g[pick], v[pick]
        # every row of group g has these candidates
        copies = np.repeat(np.arange(g.size), size[g])
        i = members[offset[g][copies] + rank_in_runs(copies)]
        j, v = j[copies], v[copies]
        keep = i != j
        return (i[keep], j[keep], v[keep]), over

    for found, over in in_order(one, range(0, first.size, BLOCK_ROWS), threads):
        capped |= over[group]  # here, not in a thread: the caller marks ``capped`` too
        yield found


def in_order(fn: Callable[[T], R], items: Iterable[T], threads: int) -> Iterator[R]:
    """``fn`` of each item, in order; with ``threads`` > 1 up to that many are worked out
    at once in threads (and one more held for the caller), else one by one here."""
    if threads <= 1:
        yield from map(fn, items)
        return
    from concurrent.futures import Future, ThreadPoolExecutor

    with ThreadPoolExecutor(threads, thread_name_prefix="briefgen-blocks") as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) > threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def closest_first(rows: np.ndarray, values: np.ndarray, ties: np.ndarray) -> np.ndarray:
    """``np.lexsort((ties, -values, rows))``: by row, then value from the highest, then
    ``ties`` (unique within a row), in one sort of one 64-bit key where it fits.

    A positive double's bit pattern grows with its value, so each row's values fit in the
    low bits of the key as offsets below the largest; only runs of equal keys (equal
    values in one row, rare) are then ordered by ``ties``. Sorting by row and value in one
    pass instead of three stable passes is most of ``similar_pairs``'s time saved.
    """
    if values.size == 0 or not values.min() > 0:
        return np.lexsort((ties, -values, rows))
    bits = values.view(np.int64)
    below = bits.max() - bits  # 0 for the largest value: ascending = values descending
    base = int(rows.min())
    row_bits = int(rows.max() - base).bit_length()
    value_bits = int(below.max()).bit_length()
    if row_bits + value_bits > 64:  # too far apart: the values' ranks keep their order
        distinct, rank = np.unique(values, return_inverse=True)
        below = distinct.size - 1 - rank.reshape(-1).astype(np.int64)
        value_bits = int(distinct.size - 1).bit_length()
        if row_bits + value_bits > 64:
            return np.lexsort((ties, -values, rows))
    key = ((rows - base).astype(np.uint64) << np.uint64(value_bits)) | below.astype(np.uint64)
    order = np.argsort(key, kind="stable")
    key = key[order]
    tied = np.flatnonzero(key[1:] == key[:-1])
    if tied.size:
        place = np.zeros(key.size, dtype=bool)  # every place in a tied run, in order
        place[tied] = True
        place[tied + 1] = True
        members = np.flatnonzero(place)
        within = np.lexsort((ties[order[members]], key[members]))
        order[members] = order[members[within]]
    return order


def run_starts(keys: np.ndarray) -> np.ndarray:
    """Positions where a run of equal consecutive keys starts."""
    if keys.size == 0:
        return keys.astype(int)
    starts = np.ones(keys.size, dtype=bool)
    starts[1:] = keys[1:] != keys[:-1]
    return np.flatnonzero(starts)


def rank_in_runs(keys: np.ndarray) -> np.ndarray:
    """0, 1, 2 ... within each run of equal consecutive keys."""
    if keys.size == 0:
        return keys.astype(int)
    first = run_starts(keys)
    return np.arange(keys.size) - np.repeat(first, np.diff(np.append(first, keys.size)))


def _identical_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """Per row, the first row with exactly the same vector (itself when none before it)."""
    seen: dict[tuple[bytes, bytes], int] = {}
    first = np.arange(matrix.shape[0])
    for k in range(matrix.shape[0]):
        span = slice(matrix.indptr[k], matrix.indptr[k + 1])
        key = (matrix.indices[span].tobytes(), matrix.data[span].tobytes())
        first[k] = seen.setdefault(key, k)
    return first


def topicality(matrix: sparse.csr_matrix) -> np.ndarray:
    """Cosine of each row to the normalised centroid of all rows, in [0, 1]."""
    if matrix.shape[0] == 0:
        return np.zeros(0)
    centroid = np.asarray(matrix.sum(axis=0)).ravel()
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix @ (centroid / norm)).ravel()
