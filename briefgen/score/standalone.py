"""One sentence -> how well it stands alone as a statement of fact (``clarity``).

Selection prefers, among sentences that state one fact equally widely, the clearest complete
one: no dangling opener, no dateline, no quotation tail, a readable length.
"""

from __future__ import annotations

import re

from briefgen.clean.furniture import ASIDE_OPENING
from briefgen.models import Sentence

# A sentence that opens with one of these leans on the previous sentence for its meaning.
_DANGLING = frozenset(
    [
        "he",
        "she",
        "it",
        "they",
        "this",
        "these",
        "those",
        "that",
        "his",
        "her",
        "its",
        "their",
        "him",
        "them",
        "there",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "still",
        "also",
        "however",
        "meanwhile",
        "instead",
        "moreover",
        "furthermore",
        "besides",
        "then",
        "thus",
        "hence",
        "nevertheless",
        "nonetheless",
    ]
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’]*(?:\s+[A-Z][A-Za-z.'’]*)*(?:,\s*[A-Z][A-Za-z.'’ ]+)?"
    r"\s*(?:\([A-Za-z ]+\))?\s*[-—–]{1,2}\s+|\([A-Z]{2,}\)\s*[-—–]?\s*)"
)
# "The move came a week after ...": a definite noun that points back to the story
_BACK_REFERENCE = re.compile(
    r"^(?:The|This|That|These|Those|Such|Both)\s+(?:"
    r"(?:[\w-]+\s+){1,2}(?:came|comes|follows|followed|coincided|coincides)\b|"
    r"(?:\w+\s+)?(?:announcement|move|decision|remarks?|comments?|statement|development|step|"
    r"news|incident|warning|report|measure|ruling|request|offer|proposal|change|shift|episode|"
    r"claims?)\s+(?:was|were|is|are|marks|marked|prompted|sparked|drew|raised)\b)"
)
# "In a related development, ...": news text marking a different story
_ASIDE = re.compile(rf"^(?:{ASIDE_OPENING}|Elsewhere)\b", re.IGNORECASE)
# A quotation that its own sentence gives to a speaker: '"We lost everything," said Ana Lind.'
# or '"We lost everything," the mayor told reporters.'
_SPOKEN = re.compile(
    r"""^["“][^"“”]{3,}[,!?]?["”]\s*(?:[,—–-]\s*)?"""
    r"""(?:(?:said|says|told|added|wrote|recalled|explained)\s+\S|"""
    r"""(?:\S+\s+){1,6}(?:said|says|told|added|wrote|recalled|explained)\b)"""
)
_OPENING_QUOTES = "“«"
_CLOSING_QUOTES = "”»"
_QUOTE_MARK = re.compile(r"``|''|[“”«»\"]")  # ’ is left out: it is also the apostrophe
COMPLETE = re.compile(r"""[.!?…]["'”’)\]]*$""")  # ends like a finished sentence
IDEAL_WORDS = (10, 35)  # sentence lengths that read as one clear statement


def clarity(sentence: Sentence) -> float:
    """How well a sentence stands alone as a statement of fact: 1.0 best, can go negative."""
    score = 1.0
    words = sentence.words
    first = words[0] if words else ""
    spoken = _SPOKEN.match(sentence.text) is not None
    if first in _DANGLING and not spoken:
        score -= 0.5  # (inside a quotation the speaker's "there", "it" are the speaker's)
    if _DATELINE.match(sentence.text):
        score -= 0.4
    if _BACK_REFERENCE.match(sentence.text) or _ASIDE.match(sentence.text):
        score -= 0.5
    if starts_inside_quote(sentence.text):
        score -= 0.8  # the start of the quotation is in the previous sentence
    elif sentence.text[:1] in "\"“'‘`" and not spoken:
        score -= 0.2  # a bare quote needs its speaker from elsewhere
    if not COMPLETE.search(sentence.text):
        score -= 1.0
    elif sentence.text.rstrip().endswith("!") and not _QUOTE_MARK.search(sentence.text):
        score -= 0.8  # "Champions again!": a cheer or a headline, not a report
    low, high = IDEAL_WORDS
    if len(words) < low:
        score -= 0.05 * (low - len(words))
    elif len(words) > high:
        score -= 0.02 * (len(words) - high)
    return score


def starts_inside_quote(text: str) -> bool:
    """True when the first quotation mark closes a quotation opened in an earlier sentence."""
    first = _QUOTE_MARK.search(text)
    if first is None:
        return False
    mark, k = first.group(), first.start()
    if mark in _OPENING_QUOTES or mark == "``":
        return False
    if mark in _CLOSING_QUOTES:
        return True
    # a straight quote closes when it follows a word or punctuation and precedes a space
    before = text[k - 1] if k else " "
    after = text[first.end() : first.end() + 1] or " "
    return not before.isspace() and (after.isspace() or after in ",.;:!?")
