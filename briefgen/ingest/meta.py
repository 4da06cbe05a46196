"""Text and raw field values -> metadata the source itself states (dates, title, outlet, author).

Every function here returns ``None`` rather than guess: a dateline without an outlet gives
no outlet, a date without a year gives no date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_FIRST = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I
)
_DAY_FIRST = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")

# How far into a text a byline, dateline or date line may sit, and how long such a line
# may be: news bylines and datelines are short lines near the top (checked on wire copy,
# blog exports and the fixtures); a longer line is body text whose dates are about events.
HEAD_LINES = 8
MAX_META_LINE = 80
MAX_TITLE_CHARS = 160
MAX_TITLE_WORDS = 25
MIN_TITLE_WORDS = 3

# Page chrome that opens text copied from a web page and is never a headline.
_CHROME = re.compile(
    r"^(skip to (main )?content|skip navigation|menu|main menu|search|home|advertisement|"
    r"listen to (this )?article|share( this( article)?)?|sign in|log in|subscribe)$",
    re.I,
)
_SOURCE_LINE = re.compile(r"^\s*sources?\s*:\s*(?P<outlet>[^|\n]{2,60}?)\s*(?:\||$)", re.I | re.M)
# "CITY, Region (Outlet) -" at the start of a paragraph; only the outlet in brackets is used.
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}(?:,\s*[A-Za-z .'’-]{2,40})?\s*\((?P<outlet>[A-Z][\w .&'’-]{1,40})\)"
    r"\s*[-–—]",
    re.M,
)
_BYLINE = re.compile(r"^by\s+(?P<author>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&))*)", re.I)


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(text: str) -> str | None:
    """The first full calendar date written in ``text`` as ISO ``YYYY-MM-DD``, else None."""
    found = []
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST):
        match = pattern.search(text)
        if match:
            month = match["month"]
            number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            iso = _valid(int(match["year"]), number, int(match["day"]))
            if iso:
                found.append((match.start(), iso))
    return min(found)[1] if found else None


def iso_date(value: object) -> str | None:
    """A date field (ISO string, RFC 2822, "March 3, 2026", date object) as ISO, else None."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%Y-%m-%d")
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    return find_date(value)


def host_of(url: str) -> str:
    """The host of a URL without a leading ``www.``."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _head_lines(text: str) -> list[str]:
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line][:HEAD_LINES]


def title_from_text(text: str) -> str | None:
    """The first line when it looks like a headline: short, no terminal period, more follows."""
    lines = [line.strip() for line in text.splitlines()]
    start = 0
    while start < len(lines) and (not lines[start] or _CHROME.match(lines[start])):
        start += 1
    rest = "".join(lines[start + 1 :]).strip()
    if start >= len(lines) or not rest:
        return None
    line = lines[start]
    words = line.split()
    if not (MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS) or len(line) > MAX_TITLE_CHARS:
        return None
    if line[-1] in ".,;:" or _BYLINE.match(line) or not any(c.isupper() for c in line):
        return None
    return line


def first_heading(text: str) -> str | None:
    """The first line of ``text`` when it reads as a heading: a short line, no final period."""
    for line in _head_lines(text)[:1]:
        words = line.lstrip("#").split()
        if _CHROME.match(line) or not 2 <= len(words) <= MAX_TITLE_WORDS:
            continue
        heading = len(line) <= MAX_TITLE_CHARS and line[-1] not in ".,;:!?"
        if heading and not _BYLINE.match(line) and not find_date(line):
            return " ".join(words)
    return None


def stated_outlet(text: str) -> str | None:
    """An outlet named by a "SOURCE: ..." line or a "CITY (Outlet) -" dateline."""
    lines = [line for line in text.splitlines() if line.strip()]
    # credit lines open or close a story; "Source: ..." mid-text is a caption or a citation
    for line in lines[:HEAD_LINES] + lines[-HEAD_LINES:]:
        if len(line) <= MAX_META_LINE * 2:
            match = _SOURCE_LINE.match(line)
            if match:
                return match["outlet"].strip()
    head = "\n".join(_head_lines(text))
    match = _DATELINE.search(head)
    return match["outlet"].strip() if match else None


def _meta_line(line: str) -> bool:
    return len(line) <= MAX_META_LINE and not line.endswith((".", '."', ".”"))


def stated_date(text: str) -> str | None:
    """A full date on a short byline or date line near the top of the text."""
    for line in _head_lines(text):
        if _meta_line(line):
            found = find_date(line)
            if found:
                return found
    return None


def stated_author(text: str) -> str | None:
    """The name on a "By ..." byline near the top of the text."""
    for line in _head_lines(text):
        if _meta_line(line):
            match = _BYLINE.match(line)
            if match:
                words = match["author"].split()
                # "By Jane Roe March 3, 2026": the name stops where the date starts
                cut = next(
                    (i for i, w in enumerate(words) if w.lower().rstrip(".") in MONTHS), None
                )
                name = " ".join(words[:cut]).removesuffix(" and").strip()
                return name or None
    return None
