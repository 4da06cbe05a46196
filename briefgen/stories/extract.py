"""Article -> Features: the canonical terms, names and figures that identify its event.

Per article and independent of every other article, so a runner can hand this stage out.
Terms are the fact engine's canonical terms (``briefgen.score.similarity.terms``: folded
accents, country-name variants made one, numbers in one form, stems), computed once over
the whole document. Names are the capitalised words that do not start a sentence ("Ola
Brekke", "Kellby"), folded and canonical, kept as separate ``@name`` features so that a
shared name weighs more than a shared common word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefgen.lexicon import SINGLE, fold
from briefgen.models import Article, Sentence
from briefgen.score.similarity import terms
from briefgen.segment import ABBREVIATIONS, stopwords

# how much of a long article identifies its event: the lede and the first paragraphs;
# later text drifts to background shared with other stories of the same kind
MAX_CHARS = 6000
_SENTENCE_END = re.compile(r"[.!?]['\"”’)]*$")
# words as written, with a sentence-final period or other end mark kept on the word (so a
# name can be told from a sentence opener), numbers with their separators ("1,500"), and
# initialisms ("U.S."); cheaper than the sentence tokenizer and enough for document features
_TOKEN = re.compile(r"\d[\d,.]*\d|[^\W_]+(?:[.'’\-][^\W_]+)*\.?(?:[!?]|[.]['\"”’)]*)?")


@dataclass(frozen=True)
class Features:
    """One article's identifying features; picklable, no third-party types."""

    article: str  # article id
    terms: tuple[str, ...]  # canonical content terms, with repeats (term frequency)
    names: tuple[str, ...]  # "@name" features of capitalised words, with repeats
    day: int | None  # publication date as a day number (proleptic ordinal), None if unknown


def _day(published: str | None) -> int | None:
    if not published:
        return None
    from datetime import date

    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def names(written: list[str]) -> tuple[str, ...]:
    """Capitalised words that do not open a sentence, folded and canonical ("@turkey")."""
    stop = stopwords()
    out: list[str] = []
    previous = "."
    for token in written:
        word = fold(token)
        opens = _SENTENCE_END.search(previous) and fold(previous).rstrip(".") not in ABBREVIATIONS
        if (
            token[:1].isupper()
            and not opens
            and word not in stop
            and len(word) > 1
            and not token.isupper()  # headlines and wire codes in capitals say little
        ):
            word = word.rstrip(".") if word.count(".") == 1 else word  # "Wednesday." / "U.S."
            out.append("@" + SINGLE.get(word.rstrip("."), word))
        previous = token
    return tuple(out)


def features(article: Article) -> Features:
    """The Features of one article (title and the first ``MAX_CHARS`` of its text)."""
    text = article.text[:MAX_CHARS]
    if article.title:
        text = f"{article.title}.\n\n{text}"
    written = _tokens(text)
    words = tuple(t.rstrip(".!?'\"”’)").lower() if t[-1:] in _ENDS else t.lower() for t in written)
    sentence = Sentence(article.id, 0, 0, text, words, ())
    return Features(article.id, tuple(terms(sentence)), names(written), _day(article.published))


_ENDS = frozenset(".!?'\"”’)")


def _tokens(text: str) -> list[str]:
    return [t[:-2] if t.endswith(("'s", "’s")) else t for t in _TOKEN.findall(text)]
