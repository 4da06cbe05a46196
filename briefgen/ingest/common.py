"""Values shared by the ingest loaders: raw sources in, draft Articles and Problems out.

Also the checks every loaded article passes: decoding, Unicode NFC, the English check.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from briefgen.ingest import meta
from briefgen.models import Article, Problem
from briefgen.segment import stopwords


class Unusable(Exception):
    """A whole source cannot be used; ``str(exc)`` is the one-line reason."""


@dataclass(frozen=True)
class Response:
    """What one HTTP fetch returned (after redirects)."""

    url: str  # final URL
    content_type: str | None
    charset: str | None
    body: bytes


Fetcher = Callable[[str], Response]


@dataclass(frozen=True)
class Source:
    """The raw bytes of one input and where they came from."""

    data: bytes
    location: str  # path or URL, as Problems name it
    name: str  # display fallback: file name or URL host
    path: str | None = None
    url: str | None = None
    content_type: str | None = None  # from HTTP; None for local files
    charset: str | None = None  # from HTTP
    meta: Mapping[str, str] = field(default_factory=dict)  # sources.toml overrides


@dataclass(frozen=True)
class Context:
    """What loaders need besides the source: the one fetcher and whether to use it for pages."""

    fetcher: Fetcher
    fetch_pages: bool = True


@dataclass(frozen=True)
class Loaded:
    """A loader's result: draft articles (ids empty) and problems with parts of the source."""

    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()


Loader = Callable[[Source, Context], Loaded]

# Share of English stopwords (sumy's list) among the words of a text below which it is
# reported as not English. English news prose scores 0.40-0.55 on this list; French,
# German, Spanish and Turkish news score 0.02-0.10 (measured on the test fixtures and
# benchmarks/ingest.py samples); short texts are not judged.
MIN_ENGLISH_RATIO = 0.2
MIN_WORDS_TO_JUDGE = 30
# Share of control characters above which decoded "text" is treated as binary.
MAX_CONTROL_RATIO = 0.05
WESTERN = "cp1252"  # preferred among equally likely single-byte code pages

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def decode(data: bytes, charset: str | None = None) -> str:
    """Bytes as text: BOM, declared charset, UTF-8, else detected; raises Unusable if binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:8192]:
        raise Unusable("binary file, not text")
    for declared in (charset, "utf-8"):
        if declared:
            try:
                return data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise Unusable("binary file, not text")
    # A short Latin-1 text fits several single-byte code pages equally well, and the
    # detector's first pick may be Central European ("Søren" read as "Sřren"): among the
    # equally good readings, take Windows-1252, the code page of English and Western text.
    western = [
        m
        for m in matches
        if (m.chaos, m.coherence) == (best.chaos, best.coherence)
        and WESTERN in m.could_be_from_charset
    ]
    best = western[0] if western else best
    text = str(best)
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > MAX_CONTROL_RATIO * max(len(text), 1):
        raise Unusable("binary file, not text")
    return text


def nfc(value: str | None) -> str | None:
    """NFC-normalised, stripped string; empty becomes None."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", value).strip()
    return value or None


def english_ratio(text: str) -> tuple[float, int]:
    """Share of English stopwords among the words of ``text``, and the number of words."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return 0.0, 0
    stops = stopwords()
    return sum(1 for w in words if w in stops) / len(words), len(words)


def check(article: Article) -> str | None:
    """Why an article is unusable (no text, not English), or None when it is fine."""
    if not article.text.strip():
        return "no text"
    ratio, count = english_ratio(article.text)
    if count >= MIN_WORDS_TO_JUDGE and ratio < MIN_ENGLISH_RATIO:
        return f"text does not look like English (stopword share {ratio:.2f} < {MIN_ENGLISH_RATIO})"
    return None


def field_text(record: Mapping[str, object], *names: str) -> str | None:
    """The first of ``names`` with a usable value: a string, a number, a date, a list of
    strings (joined with ", ") or an object with a ``name``/``title`` (as JSON exports write
    outlets and authors)."""
    for key in names:
        value = record.get(key)
        if isinstance(value, Mapping):
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            parts = [field_text({"v": item}, "v") for item in value]
            value = ", ".join(p for p in parts if p)
        if isinstance(value, bool) or value is None:
            continue
        text = nfc(str(value))
        if text:
            return text
    return None


def draft(
    source: Source,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    published: str | None = None,
    author: str | None = None,
    name: str | None = None,
) -> Article:
    """An Article (id empty): manifest fields win, then the loader's, then what the text states."""
    body = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    given = source.meta
    title = nfc(given.get("title")) or nfc(title)
    outlet = nfc(given.get("outlet") or given.get("source")) or nfc(outlet)
    outlet = outlet or meta.stated_outlet(body)
    url = nfc(given.get("url")) or nfc(url) or source.url
    stated_date = meta.iso_date(given.get("published") or given.get("date"))
    stated_date = stated_date or meta.iso_date(published) or meta.stated_date(body)
    author = nfc(given.get("author")) or nfc(author) or meta.stated_author(body)
    # never the file name: exports and scrapers name files by hashes ("001_a8fcbbe9.txt");
    # a source with none of these stays unnamed ("") until a brief numbers it "Source N"
    fallback = name or (meta.host_of(url) if url else None) or title or meta.first_heading(body)
    return Article(
        id="",
        name=outlet or fallback or "",
        text=body,
        title=title,
        url=url,
        published=stated_date,
        path=source.path,
        outlet=outlet,
        author=author,
    )
