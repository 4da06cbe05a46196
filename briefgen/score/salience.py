"""Sentences of one article -> importance in [0, 1] from one of sumy's summarizers.

sumy summarizes a single document; here each article is rated on its own (concatenating
articles would let the longest outlet dominate) and the ratings are turned into
within-article percentiles, so that scorers with different scales can be combined with
cross-source signals. Every summarizer sits behind one adapter: a name -> class registry.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import numpy as np
from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefgen.models import Sentence
from briefgen.segment import stopwords

_NORMALISED: dict[frozenset[str], frozenset[str]] = {}
_STEMMED: dict[tuple[Any, frozenset[str]], dict[str, Any]] = {}
_UNKNOWN = object()


class FastLexRank(LexRankSummarizer):
    """sumy's LexRank with its similarity matrix computed by numpy instead of a Python loop.

    Same idf-modified cosine, threshold and degree normalisation as sumy's ``_create_matrix``
    (tests/test_score.py checks the ratings agree); sumy's loop is most of a brief's time.
    """

    def _create_matrix(
        self,
        sentences: Sequence[Sequence[str]],
        threshold: float,
        tf_metrics: Sequence[dict[str, float]],
        idf_metrics: dict[str, float],
    ) -> np.ndarray:
        vocabulary = {t: k for k, t in enumerate(sorted(idf_metrics))}
        weights = np.zeros((len(sentences), max(1, len(vocabulary))))
        rows, columns, values = [], [], []
        for row, tf in enumerate(tf_metrics):
            for term, value in tf.items():
                rows.append(row)
                columns.append(vocabulary[term])
                values.append(value * idf_metrics[term])
        weights[rows, columns] = values
        norms = np.linalg.norm(weights, axis=1)
        norms[norms == 0] = np.inf  # sumy rates a sentence without weight as similar to none
        cosine = (weights @ weights.T) / np.outer(norms, norms)
        adjacency = (cosine > threshold).astype(float)
        degrees = adjacency.sum(axis=1)
        degrees[degrees == 0] = 1
        return adjacency / degrees[:, None]

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: frozenset[str]) -> None:
        """sumy's setter (each word normalised), once per distinct list of stop words."""
        found = _NORMALISED.get(words)
        if found is None:
            found = _NORMALISED[words] = frozenset(map(self.normalize_word, words))
        self._stop_words = found

    def _to_words_set(self, sentence: Any) -> list[str]:
        """sumy's: each word normalised, stopwords dropped, the rest stemmed; each distinct
        word worked out once per stemmer and list of stop words (a corpus repeats its
        vocabulary in every article)."""
        known = _STEMMED.setdefault((self._stemmer, self._stop_words), {})
        out = []
        for word in sentence.words:
            found = known.get(word, _UNKNOWN)
            if found is _UNKNOWN:
                normal = self.normalize_word(word)
                found = known[word] = None if normal in self._stop_words else self.stem_word(normal)
            if found is not None:
                out.append(found)
        return out

    @staticmethod
    def _compute_idf(sentences: Sequence[Sequence[str]]) -> dict[str, float]:
        """sumy's idf (log of sentences over one plus those with the term), each term's
        sentences counted in one pass instead of a scan of all sentences per term."""
        containing = Counter(term for sentence in sentences for term in set(sentence))
        count = len(sentences)
        return {t: math.log(count / (1 + containing[t])) for s in sentences for t in s}


SCORERS: dict[str, type] = {
    "lexrank": FastLexRank,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
}
# Measured as briefgen's scorer on DUC 2003 (benchmarks/quality.py, ROUGE-2 of the summary
# mode): lexrank 9.79, textrank 9.19, lsa 8.73, sumbasic 8.03.
DEFAULT_SCORER = "lexrank"


class _Words:
    """sumy tokenizer protocol over our own nltk tokens (no punkt data needed)."""

    def __init__(self, tokens: dict[str, tuple[str, ...]]) -> None:
        self._tokens = tokens

    def to_words(self, text: str) -> tuple[str, ...]:
        return self._tokens.get(text, ())


def _capture(summarizer: Any) -> list[float]:
    """Make ``summarizer`` record each sentence's rating instead of picking the best."""
    ratings: list[float] = []

    def record(
        sentences: Sequence[Any], count: int, rating: Any, *args: Any, **kwargs: Any
    ) -> tuple[()]:
        rate: Callable[..., float] = rating.__getitem__ if isinstance(rating, dict) else rating
        ratings.extend(float(rate(s, *args, **kwargs)) for s in sentences)
        return ()

    summarizer._get_best_sentences = record
    return ratings


def _percentiles(values: Sequence[float]) -> list[float]:
    """Rank-based scores in [0, 1]: best 1.0; ties share the better rank; one item -> 1.0."""
    if len(values) <= 1:
        return [1.0] * len(values)
    order = sorted(values, reverse=True)
    first_rank: dict[float, int] = {}
    for rank, value in enumerate(order):
        first_rank.setdefault(value, rank)
    last = len(values) - 1
    return [1.0 - first_rank[v] / last for v in values]


@cache
def _stem(word: str) -> str:
    from briefgen.segment import content_stems

    stems = content_stems((word,))
    return stems[0] if stems else word


@cache
def _blas() -> Any:
    """The BLAS thread pools, held to one thread while an article is rated: an article's
    matrices are small, and OpenBLAS hands their products to its threads, which costs far
    more than the product itself (rating 1,000 DUC articles on two busy cores: 1.3 s of
    matrix products with threads, 0.01 s in one; each product is the same either way, as
    the threads split the output, not the sums)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def rate(sentences: Sequence[Sentence], scorer: str = DEFAULT_SCORER) -> list[float]:
    """Within-article importance percentiles for the sentences of ONE article."""
    if scorer not in SCORERS:
        raise ValueError(f"unknown scorer {scorer!r}; choose from {', '.join(sorted(SCORERS))}")
    return rate_with(SCORERS[scorer], sentences)


def rate_with(summarizer_class: type, sentences: Sequence[Sentence]) -> list[float]:
    """``rate`` with any sumy summarizer class (benchmarks compare against sumy's own)."""
    if not sentences:
        return []
    tokens = {s.text.strip(): s.words for s in sentences}
    tokenizer = _Words(tokens)
    paragraphs: dict[int, list[SumySentence]] = {}
    for s in sentences:
        paragraphs.setdefault(s.paragraph, []).append(SumySentence(s.text, tokenizer))
    document = ObjectDocumentModel(tuple(Paragraph(p) for _, p in sorted(paragraphs.items())))
    summarizer = summarizer_class(_stem)
    summarizer.stop_words = stopwords()
    ratings = _capture(summarizer)
    # LexRank's power method divides by zero on a document whose sentences share no word
    with np.errstate(divide="ignore", invalid="ignore"), _blas().limit(limits=1, user_api="blas"):
        summarizer(document, len(sentences))
    if len(ratings) != len(sentences):  # a summarizer that rated nothing (e.g. no words)
        return [0.5] * len(sentences)
    return _percentiles([r if math.isfinite(r) else 0.0 for r in ratings])
