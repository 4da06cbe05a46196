"""Articles (or paragraphs) -> sentences with word tokens and content stems (nltk stops here).

Sentences come from nltk's Punkt. When the ``punkt_tab`` data is installed it is used;
otherwise Punkt is trained in code on the input itself and given a list of common
abbreviations, so nothing is downloaded at run time and "U.S. Senator Jane Doe"
stays inside one sentence either way. Words come from nltk's rule-based word tokenizer,
stems from the Snowball stemmer, stopwords from sumy's packaged English list.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import NLTKWordTokenizer, punkt
from nltk.tokenize.punkt import (
    PunktLanguageVars,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktToken,
    PunktTrainer,
)

from briefgen import overlap
from briefgen.models import Article, Paragraph, Sentence, Tokenized

# Lower-case Punkt abbreviation types (the word without its final period). Titles,
# ranks, months, states and initialisms that news text abbreviates mid-sentence.
ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "u.a.e",
        "u.s.a",
        "d.c",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
        "etc",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "adm",
        "sgt",
        "cpl",
        "pvt",
        "gov",
        "sen",
        "rep",
        "rev",
        "fr",
        "sr",
        "jr",
        "st",
        "pres",
        "supt",
        "insp",
        "det",
        "amb",
        "hon",
        "messrs",
        "mt",
        "ft",
        "no",
        "nos",
        "vol",
        "pp",
        "inc",
        "corp",
        "co",
        "ltd",
        "llc",
        "bros",
        "dept",
        "univ",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "ala",
        "ariz",
        "ark",
        "calif",
        "colo",
        "conn",
        "del",
        "fla",
        "ga",
        "ill",
        "ind",
        "kan",
        "ky",
        "la",
        "md",
        "mass",
        "mich",
        "minn",
        "miss",
        "mo",
        "mont",
        "neb",
        "nev",
        "okla",
        "ore",
        "pa",
        "tenn",
        "tex",
        "va",
        "vt",
        "wash",
        "wis",
        "wyo",
    ]
)

# Punkt learns abbreviations, collocations and sentence starters from its training text; the
# training time grows with it. Measured on 1,000 DUC articles (3.5 MB): the whole text trains
# in 6.8 s, an even sample of 600 KB in 1.1 s, and the sample's tokenizer puts 186 of 20,866
# sentence boundaries differently (0.9%; 300 KB: 243, 1 MB: 164). Larger inputs are trained
# on whole paragraphs taken at an even stride.
TRAINING_CHARS = 600_000
# A "sentence" longer than this is text that was never split (a page without stops, a
# table run together), not something an outlet said: no fact, no values read from it. The
# longest sentences of the DUC 2003+2004 articles and the dev clusters have 570 characters.
LONGEST_SENTENCE = 2_000

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "`": "'"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_WORDLIKE = re.compile(r"\w", re.UNICODE)


@cache
def stopwords() -> frozenset[str]:
    """sumy's packaged English stopword list (no nltk data needed)."""
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english"))


@cache
def _stemmer() -> SnowballStemmer:
    return SnowballStemmer("english")


def _plain(rules: Sequence[tuple[Any, str]]) -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rule.pattern), substitution) for rule, substitution in rules]


def _any_of(patterns: Sequence[str]) -> re.Pattern[str]:
    """One search for several case-insensitive patterns: whether any of them matches."""
    return re.compile("|".join(f"(?:{p.removeprefix('(?i)')})" for p in patterns), re.IGNORECASE)


class _PlainWordTokenizer(NLTKWordTokenizer):
    """nltk's word tokenizer, its own rules in its order, with its patterns in stdlib ``re``.

    nltk >= 3.10 runs every pattern through the ``regex`` engine under a wall-clock
    timeout, its guard for caller-supplied patterns; these fixed patterns do not need it,
    and the guard doubled the cost of tokenizing. Measured on the 798 DUC 2003+2004
    articles and the embedded corpus (20,968 sentences): identical
    tokens for every one, in about half the time (1.4 s against 2.7 s).

    A rule is skipped when the text lacks every character its pattern needs (most sentences
    have no quote, bracket, dash or contraction): it would change nothing, so the tokens are
    the same (tests/test_segment.py compares them with nltk's on every DUC sentence's
    kind of text; 20,883 DUC sentences: 1.30 s -> 0.75 s).
    """

    STARTING_QUOTES = _plain(NLTKWordTokenizer.STARTING_QUOTES)
    ENDING_QUOTES = _plain(NLTKWordTokenizer.ENDING_QUOTES)
    PUNCTUATION = _plain(NLTKWordTokenizer.PUNCTUATION)
    PARENS_BRACKETS = _plain([NLTKWordTokenizer.PARENS_BRACKETS])[0]
    DOUBLE_DASHES = _plain([NLTKWordTokenizer.DOUBLE_DASHES])[0]
    # per rule above, characters one of which its pattern needs ("": it always runs)
    STARTING_NEEDS = ("«“‘„`", '"', "`", "\"'", "'")
    PUNCTUATION_NEEDS = (
        ".",
        ":,",
        ":,",
        ".",
        ";@#$%&",
        "\u2012\u2013\u2014\u2015",
        ".",
        "?!",
        "'",
        "*",
    )
    ENDING_NEEDS = ("»”’", "'", '"', "", "'", "'")
    ANY_CONTRACTION2 = _any_of(NLTKWordTokenizer._contractions.CONTRACTIONS2)
    ANY_CONTRACTION3 = _any_of(NLTKWordTokenizer._contractions.CONTRACTIONS3)

    def tokenize(
        self, text: str, convert_parentheses: bool = False, return_str: bool = False
    ) -> list[str]:
        """``NLTKWordTokenizer.tokenize`` (without its deprecated options)."""
        assert not convert_parentheses and not return_str
        text = _apply(self.STARTING_QUOTES, self.STARTING_NEEDS, text)
        text = _apply(self.PUNCTUATION, self.PUNCTUATION_NEEDS, text)
        text = _apply([self.PARENS_BRACKETS], ("[](){}<>",), text)
        text = _apply([self.DOUBLE_DASHES], ("-",), text)
        text = _apply(self.ENDING_QUOTES, self.ENDING_NEEDS, " " + text + " ")
        if self.ANY_CONTRACTION2.search(text):
            for regexp in self.CONTRACTIONS2:
                text = regexp.sub(r" \1 \2 ", text)
        if self.ANY_CONTRACTION3.search(text):
            for regexp in self.CONTRACTIONS3:
                text = regexp.sub(r" \1 \2 ", text)
        return text.split()


def _apply(rules: Sequence[tuple[Any, str]], needs: Sequence[str], text: str) -> str:
    for (regexp, substitution), needed in zip(rules, needs, strict=True):
        if not needed or any(c in text for c in needed):
            text = regexp.sub(substitution, text)
    return text


@cache
def _word_tokenizer() -> NLTKWordTokenizer:
    return _PlainWordTokenizer()


@cache
def _verbose(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.UNICODE | re.VERBOSE)


class _PlainPunktVars(PunktLanguageVars):
    """Punkt's English rules, its own patterns compiled with stdlib ``re`` (see above).

    Measured like the word tokenizer: the same parameters trained from the DUC articles and
    the same sentences for every paragraph, training and splitting in about half the time.
    """

    __slots__ = ()
    re_boundary_realignment = re.compile(
        PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE
    )

    def _word_tokenizer_re(self) -> re.Pattern[str]:
        return _verbose(
            self._word_tokenize_fmt
            % {
                "NonWord": self._re_non_word_chars,
                "MultiChar": self._re_multi_char_punct,
                "WordStart": self._re_word_start,
            }
        )

    def period_context_re(self) -> re.Pattern[str]:
        return _verbose(
            self._period_context_fmt
            % {"NonWord": self._re_non_word_chars, "SentEndChars": self._re_sent_end_chars}
        )


class _PlainPunktToken(PunktToken):
    """Punkt's token, built as nltk builds it with fewer steps (one per word of the training
    text and of every paragraph split)."""

    _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
    _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
    _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern)
    _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern)
    parastart: bool | None
    linestart: bool | None
    sentbreak: bool | None
    abbr: bool | None
    ellipsis: bool | None

    def __init__(self, tok: str, **params: Any) -> None:
        self.tok = tok
        self.type = self._get_type(tok)
        self.period_final = tok.endswith(".")
        self.parastart = self.linestart = self.sentbreak = self.abbr = self.ellipsis = None
        for k, v in params.items():
            setattr(self, k, v)

    @classmethod
    def plain(cls, tok: str) -> _PlainPunktToken:
        """``cls(tok)``, without keyword arguments to go through."""
        token = cls.__new__(cls)
        token.tok = tok
        token.type = token._get_type(tok)
        token.period_final = tok.endswith(".")
        token.parastart = token.linestart = token.sentbreak = token.abbr = token.ellipsis = None
        return token

    def _get_type(self, tok: str) -> str:
        low = tok.lower()
        # the numeric pattern starts with "-", ".", "," or a digit (``\d``: a decimal)
        if low[:1] in ("-", ".", ",") or low[:1].isdecimal():
            return str(self._RE_NUMERIC.sub("##number##", low))
        return low


_PUNKT = {"lang_vars": _PlainPunktVars(), "token_cls": _PlainPunktToken}
_ORTHO = {(context, case): flag for (context, case), flag in punkt._ORTHO_MAP.items() if flag}
_NUMBER_TYPE = "##number##"


class _FirstPass:
    """Punkt's word tokens and its first annotation pass, written out for its token: the
    same tokens, the same marks."""

    _lang_vars: PunktLanguageVars
    _params: PunktParameters

    def _tokenize_words(self, plaintext: str) -> Iterator[PunktToken]:
        """nltk's: each line's words as tokens, the first marked as starting a line (and a
        paragraph, after a blank line); a token built in one step."""
        parastart = False
        split = self._lang_vars.word_tokenize
        token = _PlainPunktToken.plain
        for line in plaintext.split("\n"):
            if not line.strip():
                parastart = True
                continue
            found = split(line)
            if not found:
                continue
            first = token(found[0])
            first.parastart, first.linestart = parastart, True
            yield first
            parastart = False
            for k in range(1, len(found)):
                yield token(found[k])

    def _first_pass_annotation(self, aug_tok: PunktToken) -> None:
        tok = aug_tok.tok
        if tok in self._lang_vars.sent_end_chars:
            aug_tok.sentbreak = True
        elif tok[:1] == "." and aug_tok.is_ellipsis:  # an ellipsis is periods only
            aug_tok.ellipsis = True
        elif aug_tok.period_final and not tok.endswith(".."):
            bare = tok[:-1].lower()
            abbreviations = self._params.abbrev_types
            if bare in abbreviations or bare.split("-")[-1] in abbreviations:
                aug_tok.abbr = True
            else:
                aug_tok.sentbreak = True


class _PlainPunktTrainer(_FirstPass, PunktTrainer):
    """Punkt's trainer with its orthographic pass written out (a third of its time): each
    token's context and case found as nltk's properties find them, the same table."""

    def _reclassify_abbrev_types(self, types: Iterable[str]) -> Iterator[tuple[str, float, bool]]:
        """nltk's, shown only the types it can reclassify: those that end with a period and
        the known abbreviations (it passes over every other type, but only after testing it
        with a pattern under nltk's timed guard, 4 µs a type). The filter runs as nltk's
        loop asks for the next type, so it sees the abbreviations nltk has added so far."""
        known = self._params.abbrev_types
        candidates = (t for t in types if t.endswith(".") or t in known)
        return super()._reclassify_abbrev_types(candidates)

    def _get_orthography_data(self, tokens: Iterable[PunktToken]) -> None:
        context = "internal"
        table = self._params.ortho_context
        initial = _PlainPunktToken._RE_INITIAL
        for aug_tok in tokens:
            if aug_tok.parastart and context != "unknown":
                context = "initial"
            if aug_tok.linestart and context == "internal":
                context = "unknown"
            typ = aug_tok.type
            if aug_tok.sentbreak and len(typ) > 1 and typ[-1] == ".":
                typ = typ[:-1]  # type_no_sentperiod
            first = aug_tok.tok[0]
            case = "lower" if first.islower() else "upper" if first.isupper() else "none"
            flag = _ORTHO.get((context, case))
            if flag:
                table[typ] |= flag
            if aug_tok.sentbreak:
                number = aug_tok.type.startswith(_NUMBER_TYPE)
                context = "unknown" if number or initial.match(aug_tok.tok) else "initial"
            elif aug_tok.ellipsis or aug_tok.abbr:
                context = "unknown"
            else:
                context = "internal"


class _PlainPunktTokenizer(_FirstPass, PunktSentenceTokenizer):
    """Punkt's sentence tokenizer with the first pass above."""


def split_paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, inner whitespace collapsed; empty blocks dropped."""
    blocks = (" ".join(block.split()) for block in _PARAGRAPH_BREAK.split(text))
    return [block for block in blocks if block]


def _installed_punkt() -> PunktSentenceTokenizer | None:
    """nltk's English Punkt model when ``punkt_tab`` is installed, else None."""
    import nltk.data

    # nltk's ``find`` raises its LookupError from frames that keep a reference to it: a
    # reference cycle that holds the frames of every caller (a whole brief's sentences and
    # scores) until the cyclic collector runs. Where no data folder holds tokenizers at all
    # it cannot find the model, so it is not asked.
    if not any(_may_hold_tokenizers(folder) for folder in nltk.data.path):
        return None
    try:
        from nltk.tokenize import PunktTokenizer

        return PunktTokenizer("english")
    except (LookupError, ImportError, OSError):
        return None


def _may_hold_tokenizers(folder: object) -> bool:
    """Whether nltk's ``find`` could find a tokenizer model in this data path entry."""
    if not isinstance(folder, str):
        return True  # a path pointer: let nltk look
    return (
        os.path.isfile(folder)  # a zip file as a data path
        or os.path.exists(os.path.join(folder, "tokenizers"))
        or os.path.exists(os.path.join(folder, "tokenizers.zip"))
    )


def _training_sample(text: str, limit: int = TRAINING_CHARS) -> str:
    """``text`` itself, or whole paragraphs taken at an even stride to about ``limit`` chars."""
    if len(text) <= limit:
        return text
    paragraphs = _PARAGRAPH_BREAK.split(text)
    stride = -(-len(text) // limit)  # ceiling division
    return "\n\n".join(paragraphs[::stride])


def sentence_tokenizer(training_text: str) -> PunktSentenceTokenizer:
    """A Punkt tokenizer: installed data if present, else trained on ``training_text``."""
    tokenizer = _installed_punkt()
    if tokenizer is not None:
        params = tokenizer._params
    else:
        trainer = _PlainPunktTrainer(**_PUNKT)
        trainer.train(_training_sample(training_text), finalize=True)
        params = trainer.get_params()
    merged = PunktParameters()
    merged.abbrev_types = set(params.abbrev_types) | ABBREVIATIONS
    merged.collocations = set(params.collocations)
    merged.sent_starters = set(params.sent_starters)
    merged.ortho_context = params.ortho_context.copy()
    return _PlainPunktTokenizer(merged, **_PUNKT)


def tokens(text: str) -> tuple[str, ...]:
    """Word tokens as written (punctuation tokens dropped)."""
    folded = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return tuple(t for t in _word_tokenizer().tokenize(folded) if _wordlike(t))


def _wordlike(token: str) -> bool:
    """Whether the token has a word character (``\\w``: alphanumeric as ``str.isalnum``
    says, or "_"); most tokens are words, known without the pattern."""
    return token.isalnum() or _WORDLIKE.search(token) is not None


def words(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens (punctuation tokens dropped)."""
    return tuple(token.lower() for token in tokens(text))


@overlap.memo(1 << 18)
def _stem(word: str) -> str:
    """Snowball stem of one word (cached: a corpus repeats its vocabulary)."""
    return str(_stemmer().stem(word))


def content_stems(tokens: Iterable[str]) -> tuple[str, ...]:
    """Snowball stems of the tokens that are neither stopwords nor bare punctuation."""
    stop = stopwords()
    stem = _stem
    kept = (t.strip("'.-") for t in tokens)
    return tuple(
        t if "." in t else stem(t)  # initialisms such as "u.s" are kept whole
        for t in kept
        if t and t not in stop and _wordlike(t)
    )


def split_sentences(text: str, tokenizer: PunktSentenceTokenizer) -> list[tuple[int, str]]:
    """(paragraph number, sentence) pairs, each sentence verbatim from ``text``."""
    pairs: list[tuple[int, str]] = []
    for number, paragraph in enumerate(split_paragraphs(text)):
        pairs.extend((number, s) for s in _sentences(paragraph, tokenizer))
    return pairs


# Scraped pages lose the space between two sentences: "... of Vesby”She then thanked",
# "... in 2020.He said". Punkt needs the space; these boundaries are cut as well.
_GLUED = re.compile(
    r"(?<=[a-z0-9][.!?][\"”’])(?=[A-Z][a-z])|(?<=[a-z]{2}”)(?=[A-Z][a-z])"
    r"|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]{2})"
)


def _sentences(paragraph: str, tokenizer: PunktSentenceTokenizer) -> list[str]:
    found: list[str] = []
    for sentence in tokenizer.tokenize(paragraph):
        found.extend(part.strip() for part in _GLUED.split(sentence) if part.strip())
    return found


def tokenized(sentence: str) -> Tokenized:
    """One sentence with its words and content stems."""
    found = words(sentence)
    return Tokenized(sentence, found, content_stems(found))


def split_paragraph(paragraph: str, tokenizer: PunktSentenceTokenizer) -> Paragraph:
    """The sentences of one paragraph (inner whitespace already collapsed), tokenized."""
    return tuple(tokenized(s) for s in _sentences(paragraph, tokenizer))


def _reusable(paragraphs: Sequence[str], given: Sequence[Paragraph] | None) -> bool:
    """Whether ``given`` splits exactly these paragraphs (so its tokens can be reused).

    Whitespace is not compared: Punkt may end a sentence where no space follows
    ("businessmen.''But").
    """
    return (
        given is not None
        and len(given) == len(paragraphs)
        and all(
            "".join(text.split()) == "".join("".join(s.text.split()) for s in split)
            for text, split in zip(paragraphs, given, strict=True)
        )
    )


def segment(
    articles: Sequence[Article], split: Mapping[str, Sequence[Paragraph]] | None = None
) -> tuple[Sentence, ...]:
    """Every sentence of every article, in article order then reading order.

    ``split`` maps article ids to their paragraphs as cleaning already split and tokenized
    them (see :func:`split_paragraph`); they are used as they are when they cover the
    article's text exactly, so each text is tokenized once per build. Punkt is trained
    only when some article was not split yet.
    """
    split = split or {}
    texts = [split_paragraphs(a.text) for a in articles]
    reuse = [_reusable(t, split.get(a.id)) for a, t in zip(articles, texts, strict=True)]
    tokenizer = None
    if not all(reuse):
        tokenizer = sentence_tokenizer("\n\n".join(a.text for a in articles))
    sentences: list[Sentence] = []
    for article, paragraphs, ready in zip(articles, texts, reuse, strict=True):
        if ready:
            done = split[article.id]
        else:
            assert tokenizer is not None
            done = [split_paragraph(p, tokenizer) for p in paragraphs]
        pairs = [(number, s) for number, found in enumerate(done) for s in found]
        for index, (paragraph, s) in enumerate(pairs):
            sentences.append(Sentence(article.id, index, paragraph, s.text, s.words, s.stems))
    return tuple(sentences)
