"""Raw article text -> NFC paragraphs with collapsed whitespace (quotes and dashes untouched).

Blank lines always separate paragraphs. Inside a block of single-newline lines, each line
is a paragraph of its own unless the block looks hard-wrapped (lines that run to a common
margin) or a line stops mid-sentence and the next one carries on in lower case.
"""

from __future__ import annotations

import re
import unicodedata

# Hard-wrapped text runs to a margin: 60-80 columns is usual, 100 is generous. A block
# whose longest line is wider than this is one-paragraph-per-line text (web copy).
WRAP_MAX_WIDTH = 100
# A wrapped line reaches within this share of the block's widest line; a shorter line
# ends its paragraph (and headings inside a wrapped block stay apart).
WRAP_MIN_FILL = 0.7

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
# Invisible characters that only get in the way of matching: zero-width space, word
# joiner, byte-order mark, soft hyphen. Joiners used by scripts (ZWJ/ZWNJ) are kept.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[^\S\n]+")
# Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F) other than
# newline and tab become spaces.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TERMINAL = re.compile(r"[.!?:;][\"'”’»)\]]*$")


def normalize(text: str) -> str:
    """NFC, unified newlines, invisible and control characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _looks_wrapped(lines: list[str]) -> bool:
    width = max(len(line) for line in lines)
    if len(lines) < 2 or width > WRAP_MAX_WIDTH:
        return False
    full = sum(len(line) >= WRAP_MIN_FILL * width for line in lines[:-1])
    return full * 2 >= len(lines) - 1


def _continues(line: str, following: str, wrapped: bool, width: int) -> bool:
    """Whether ``following`` carries on the paragraph that ``line`` belongs to."""
    if wrapped and len(line) >= WRAP_MIN_FILL * width:
        return True
    return not _TERMINAL.search(line) and following[:1].islower()


def _join(line: str, following: str) -> str:
    # A word broken at the margin with a hyphen keeps the hyphen, without a space.
    if line.endswith("-") and line[-2:-1].isalpha() and following[:1].islower():
        return line + following
    return f"{line} {following}"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of already normalised text, in reading order, none empty."""
    result: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        wrapped = _looks_wrapped(lines)
        width = max(len(line) for line in lines)
        current = previous = lines[0]
        for line in lines[1:]:
            if _continues(previous, line, wrapped, width):
                current = _join(current, line)
            else:
                result.append(current)
                current = line
            previous = line
        result.append(current)
    return result
