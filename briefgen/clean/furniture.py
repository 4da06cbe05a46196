"""One paragraph -> is it page furniture, a trailer heading that ends the body, or body text.

General patterns for what web pages wrap around an article (navigation, share and
subscribe lines, comment policies, related-story blocks, captions and credits, paywall
appeals, agency codes, copyright footers, bylines, headings, UI strings) plus structural
signals: a short line with no sentence-ending punctuation is a heading or a label, not a
fact; "|"-separated link lists; ALL-CAPS labels.
"""

from __future__ import annotations

import re

# A line with no sentence-ending punctuation and at most this many words is a heading,
# label, byline or UI string. Headlines run to about 20 words; real sentences that long
# end with punctuation. Longer unterminated text is left to the fragment rule.
HEADING_MAX_WORDS = 25
# Pattern rules for share/subscribe/paywall/copyright lines only fire on paragraphs up to
# this long, so a news paragraph that merely mentions a subscription is kept.
FURNITURE_MAX_WORDS = 60
# An ALL-CAPS line of at most this many words is a label ("TOP STORIES", "SOURCE: AP").
CAPS_MAX_WORDS = 12
# Two or more separators between short items make a link list or a share bar.
LINK_LIST_MIN_SEPARATORS = 2

TERMINAL = re.compile(r"[.!?][\"'”’»)\]]*$")
ELLIPSIS_END = re.compile(r"(\.\.\.|…)[\"'”’»)\]]*$")

_I = re.IGNORECASE

# Standalone headings that close the article body. What follows a comment or share
# heading is more furniture; what follows a related/popular heading is other stories.
_TRAILER_BOILERPLATE = re.compile(
    r"^(\d+\s+)?(comments?|(leave|post|add|write) a (comment|reply)|"
    r"join the (conversation|discussion)|discussion|responses?|reader comments|"
    r"show comments|view comments|tags?|topics?|filed under|about the author|"
    r"share (this|the) (article|story|post)|share this)\s*:?$",
    _I,
)
_TRAILER_OFF_TOPIC = re.compile(
    r"^((related|recommended|popular|trending|latest|top|more|other|featured|similar)"
    r"( \w+){0,2} (news|stories|posts|articles|reads|content|coverage|headlines|videos)"
    r"( from [\w ]+| on [\w ]+| in [\w ]+)?|related|recommended( for you)?|most (read|popular|"
    r"viewed|shared)|trending( now)?|you (may|might) (also )?like|don'?t miss|"
    r"editor'?s? picks|more from [\w ]+|more on this( story| topic)?|in other news|"
    r"what to read next|read next|up next)\s*:?$",
    _I,
)

# Leaders that introduce a link to another story on the same line ("READ MORE: ...").
_INLINE_LEADER = re.compile(
    r"^\W{0,3}(related( news| stories| articles?| content| coverage)?|read more|read also|"
    r"also read|see also|more on this|recommended|watch|listen|video|read|opinion)"
    r"\s*[:|»>–—-]",
    _I,
)

_NAVIGATION = re.compile(
    r"^(skip to( main)? (content|navigation|search)|jump to|back to top|menu|home|search|"
    r"sign in|log in|log out|register|close|open menu|toggle navigation|main menu)\b",
    _I,
)
_BREADCRUMB = re.compile(r"^[\w'’ ]{1,25}( (›|»|>|/) [\w'’ ]{1,25}){2,}$")
_UI_STRING = re.compile(
    r"^(listen to (this )?(article|story)|\d+\s*(min|minute)s?( read| listen)?|reading time|"
    r"advertisement|sponsored( content)?|scroll to continue|loading|print|email|share|"
    r"save|copy link|font size|updated|published|last updated)\b",
    _I,
)
_SHARE_FOLLOW = re.compile(
    r"\b(follow us|follow (him|her|them) on|share (this|on|via|article|story)|"
    r"sign up|subscribe|newsletter|click here|tap here|download (the|our) app|"
    r"get the (app|latest)|like us on|join us on|stay (informed|updated|connected))\b",
    _I,
)
_PAYWALL = re.compile(
    r"\b(support (our|independent|quality|local) (journalism|reporting|work)|"
    r"become a (member|subscriber|supporter|patron)|already a (member|subscriber)|"
    r"(subscribe|sign in|log in|register) to (continue|read|unlock|access)|"
    r"for (subscribers|members) only|exclusive to (subscribers|members)|"
    r"(this|the) (article|story|content) is (for|available to|reserved for) (subscribers|members)|"
    r"free trial|ad-free|make a (contribution|donation)|donate (now|today)|"
    r"you have reached your (limit|free)|free articles? (left|remaining))\b",
    _I,
)
_COMMENT_POLICY = re.compile(
    r"\b(comments? (are|is|will be) (moderated|reviewed|closed|approved|posted)|"
    r"(comment|commenting|community|moderation) (policy|guidelines|rules|faq)|"
    r"comments? (that|which) (do not|don't|violate)|be the first to comment|"
    r"(log|sign) in to comment|replying to|moderates? (all )?comments|"
    r"comments? (section|form)|on-topic and not abusive)\b",
    _I,
)
_CAPTION = re.compile(
    r"(^(image|photo|video|media) caption\b|"
    r"^\(?(photo|image|picture|photograph|file photo|caption|credit|illustration|video)"
    r"( credit| by| courtesy)?\s*[:|/©-]|\b(photo|image|picture) (credit|courtesy|by)\b|"
    r"\((photo|image|picture|file photo)\b|\bgetty images\b|\bvia getty\b|\bshutterstock\b)",
    _I,
)
# A photo agency's caption: "[CITY, REGION - ]MONTH DAY[, YEAR]: what the picture shows",
# the place and month in capitals (a dateline of news text spells the month in lower case).
_PHOTO_DATE = re.compile(
    r"^(?:[A-Z][A-Z.'’ -]+(?:, [A-Z][A-Z.'’ -]+)? [-–—] )?(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|"
    r"JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER) \d{1,2}(?:, \d{4})?: "
)
# A wire photo's caption ends with the day it was taken, set off by commas and no "on":
# "... at the harbour in Ostby, Tuesday, March 3, 2026." (news text: "on Thursday").
_PICTURED_ON = re.compile(
    r"(?<!\bon), (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?:Jan|Feb|March|April|May|June|"
    r"July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}\.?$"
)
# Openings that turn to another story ("In a related development", "Separately"): cleaning
# starts a block there, and a sentence that opens so leans on another story (``standalone``).
ASIDE_OPENING = (
    r"In\s+(?:a\s+|an\s+)?(?:related|separate|unrelated|other)\s+"
    r"(?:development|news|incident|move)s?|Separately"
)
_COPYRIGHT = re.compile(
    r"(©|\(c\)\s*\d{4}|\bcopyright\s+(©\s*)?\d{4}|\ball rights reserved\b|"
    r"\bmay not be (published|reproduced|broadcast|rewritten|redistributed)\b)",
    _I,
)
# Wire agencies as they appear in credits and sign-offs ("- Reuters", "AFP/Jane Doe").
_AGENCY = (
    r"(AP|AFP|Reuters|dpa|EFE|ANSA|Xinhua|TASS|UPI|Kyodo|Yonhap|Bernama|IANS|PTI|ANI|"
    r"AA|Anadolu|Anadolu Agency|PA|Bloomberg|Associated Press|Agence France-Presse)"
)
_AGENCY_LINE = re.compile(
    rf"^([-–—(]\s*)?{_AGENCY}(\s*[/|]\s*[\w .'’-]+)?\)?\s*$|"
    rf"^{_AGENCY}\s*/\s*\w|"
    r"^\(?(?i:(additional )?(reporting|writing|editing|compiled) by)\b",
)
_SOURCE_LINE = re.compile(r"^(source|sources|via|credit)\s*:", _I)
# Notes about the page or the report rather than the news: update notes, credits to other
# newsrooms, the author's address, tip lines, cookie and browser notices; the author's bio.
_NOTE = re.compile(
    r"^this (article|story|report|post|page) (has been|was|is) (updated|corrected)\b|"
    r"\bcontributed to this (report|story|article)\b|"
    r"^(contact|email|e-mail|reach|write to) (the )?(author|reporter|writer|us|him|her)\b|"
    r"\b(news )?tips? (to|at) \S+@|\bhave a (news )?tip\b|"
    r"\b(we use|this (site|website) uses) cookies\b|\benable javascript\b|"
    r"\bnot available in your (region|country)\b",
    _I,
)
_BIO = re.compile(
    r"^[A-Z][\w'’-]+( [A-Z][\w'’-]+){0,2} (is|was) an? ([\w-]+ ){0,3}(reporter|correspondent|"
    r"editor|writer|journalist|columnist|producer) (for|at|with) [^,;]*\.?$"
)
_BYLINE = re.compile(r"^(by|written by|reporting by|words by)\s+\S+(\s+\S+){0,6}$", _I)
# A dateline that opens the first paragraph: "ISTANBUL (AP) — ", "Lyon, France - ".
_DATELINE = re.compile(
    rf"^(([A-Z][A-Z.'’-]{{2,}}( [A-Z][A-Z.'’-]+)*|[A-Z][a-z.'’-]+( [A-Z][a-z.'’-]+)*)"
    rf"(, [A-Z][\w.'’-]*( [A-Z0-9][\w.'’-]*)*)?( \({_AGENCY}\))?|"
    rf"[A-Z][\w.'’-]*( [A-Z][\w.'’-]*)* \({_AGENCY}\)) [—–-]+ (?=[A-Z“\"‘'])"
)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "Harbour Desk March 3, 2026", "3 March 2026 09:14", "Published: Mar. 3, 2026"
_DATED = re.compile(rf"\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b", _I)
BYLINE_MAX_WORDS = 12


def is_byline(paragraph: str) -> bool:
    """A byline or a publication-date line: "By Ana Lind", "Harbour Desk March 3, 2026"."""
    text = paragraph.strip().rstrip(".")
    if words_in(text) > BYLINE_MAX_WORDS or is_terminated(paragraph.strip()):
        return False
    return bool(_BYLINE.match(text) or _DATED.search(text))


def words_in(text: str) -> int:
    return len(text.split())


def is_terminated(text: str) -> bool:
    """Ends like a finished sentence: . ! ? (closing quotes allowed), not an ellipsis."""
    text = text.rstrip()
    return bool(TERMINAL.search(text)) and not ELLIPSIS_END.search(text)


def trailer_reason(paragraph: str) -> str | None:
    """For a heading that ends the body, the reason for what follows it; else None."""
    text = paragraph.strip().strip("#*_ ").strip()
    if words_in(text) > 8:
        return None
    if _TRAILER_BOILERPLATE.match(text):
        return "boilerplate"
    if _TRAILER_OFF_TOPIC.match(text):
        return "off_topic"
    return None


def _is_link_list(text: str) -> bool:
    parts = re.split(r"\s*[|•·]\s*", text)
    if len(parts) - 1 < LINK_LIST_MIN_SEPARATORS:
        return False
    return all(words_in(part) <= 12 for part in parts)


def _is_caps_label(text: str) -> bool:
    if words_in(text) > CAPS_MAX_WORDS:
        return False  # counted first: most paragraphs are long, their letters need no look
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    return sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def is_furniture(paragraph: str) -> bool:
    """Whether a whole paragraph is page furniture rather than article text."""
    text = paragraph.strip()
    size = words_in(text)
    if not is_terminated(text) and size <= HEADING_MAX_WORDS:
        return True  # heading, label, byline, dateline-only line, UI string
    if _is_link_list(text) or _is_caps_label(text):
        return True
    if size <= FURNITURE_MAX_WORDS and _INLINE_LEADER.match(text):
        return True
    if size <= HEADING_MAX_WORDS and (
        _NAVIGATION.match(text)
        or _UI_STRING.match(text)
        or _BREADCRUMB.match(text)
        or _AGENCY_LINE.match(text)
        or _SOURCE_LINE.match(text)
        or _BYLINE.match(text.rstrip("."))
    ):
        return True
    if _PHOTO_DATE.match(text):
        return True  # "LONDON, ENGLAND - MAY 3: Fans gather outside ...": an agency caption
    if size <= HEADING_MAX_WORDS and _PICTURED_ON.search(text):
        return True  # "Fans outside the stadium in Leeds, Saturday, May 3, 2025."
    if size > FURNITURE_MAX_WORDS:
        return False
    if (
        _COPYRIGHT.search(text)
        or _CAPTION.search(text)
        or _COMMENT_POLICY.search(text)
        or (size <= HEADING_MAX_WORDS and (_NOTE.search(text) or _BIO.match(text)))
    ):
        return True
    if _APPEAL.match(text) and _OURS.search(text) and not _REPORTED.search(text):
        return True  # "Check the fares on our travel planner.", "Read your free report"
    return bool(_PAYWALL.search(text) or (_SHARE_FOLLOW.search(text) and _addresses_reader(text)))


# A promotion tells the reader to do something with the site's own offer: an imperative
# first word and "our"/"your". News reports what others did or said.
_APPEAL = re.compile(
    r"^(check|see|discover|explore|try|read|watch|get|find|learn|visit|listen|unlock|join|"
    r"start|claim|grab|don'?t miss|click|tap|sign)\b",
    _I,
)
_OURS = re.compile(r"\b(our|your)\b", _I)
# ... unless someone is reported saying it: "Get your flu shot, health officials urged."
_REPORTED = re.compile(r"\b(said|says|urged|urges|told|warned|advised|according)\b", _I)


_READER = re.compile(r"\b(you|your|our|us|we|now|here|today|free)\b", _I)


def _addresses_reader(text: str) -> bool:
    """Appeals speak to the reader ("follow us", "sign up now"); news reports of others."""
    return bool(_READER.search(text) or _SHARE_FOLLOW.match(text))


# Page furniture that a scraped page runs into the next sentence of a paragraph: a date
# stamp ("date 2026-03-03 "), a photo credit ("[Kari Berge/Reuters] ", "KARI BERGE / AFP "), or
# a related-story pointer with its headline ("READ ALSO: Storm Hits Coast In her speech ...").
_DATE_STAMP = re.compile(
    r"^(?:date|published|updated|posted|last updated)\s*:?\s*\d{4}-\d{2}-\d{2}(?:[T ][\d:]+)?\s+",
    _I,
)
# A wire story's opening, where a scraped page left it: "(Reuters) - ", "(AP) —",
# "3-3-2026 (VESBY) " (a date and the dateline's place).
_WIRE_LEAD = re.compile(
    rf"^(?:\({_AGENCY}\)\s*[-—–]+\s*|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}\s+\([A-Z][A-Z .'’-]+\)\s+)"
)
_BRACKET_CREDIT = re.compile(r"^\[[^\]\n]{2,60}/\s*[^\]\n]{2,40}\]\s*")
# "(AP Photo/Ola Brekke) ", "(Photo: Ana Lind/Reuters) " and "Ola Brekke/Reuters " before a
# sentence: a picture's credit left on the text below it
_PAREN_CREDIT = re.compile(
    rf"^\((?:{_AGENCY} )?(?:photo|image|picture|photograph)s?\s*[:/][^)\n]{{2,60}}\)\s*", _I
)
_NAME_CREDIT = re.compile(
    rf"^(?:[A-Z][\w.'’-]+ ){{1,3}}?[A-Z][\w.'’-]+\s?/\s?(?:{_AGENCY}|Getty Images)"
    rf"(?:\s?/\s?Getty Images| via Getty Images)?\s+(?=[A-Z“\"])"
)
_CAPS_CREDIT = re.compile(rf"^(?:(?:[A-Z][A-Z.'’-]+ ){{1,4}}/ (?:{_AGENCY}|[A-Z]{{2,}})\s+)+")
_POINTER = re.compile(
    r"^(?:read also|also read|read more|related|see also|more from [\w ]{3,40}?)\s*:\s*", _I
)
_SMALL = frozenset("a an and as at by for from in of on or the to with vs".split())


def _headline_end(words: list[str]) -> int:
    """Index of the first word after a Title Case headline: the capitalised word that starts
    a run of lower-case words, as a sentence does ("... Ferry Strike Ends In his view ...")."""
    for k in range(1, len(words) - 1):
        if words[k][:1].isupper() and words[k + 1][:1].islower() and words[k + 1] not in _SMALL:
            return k
    return len(words)


_SEPARATOR = re.compile(r"^\s*[|–—:-]\s*")


def split_title(paragraph: str, title: str) -> tuple[str, str]:
    """("title", "rest") when the article's title runs into its first sentence ("Mayor Quits
    Over Budget The mayor of Vesby quit ..."), with a site name after it ("| Vesby Times")."""
    title = title.strip()
    if len(title.split()) < 3 or not paragraph.casefold().startswith(title.casefold()):
        return "", paragraph
    rest = paragraph[len(title) :]
    if not rest[:1].isspace() and not _SEPARATOR.match(rest):
        return "", paragraph  # the title is only the start of a longer word run
    separator = _SEPARATOR.match(rest)
    if separator:  # "| Vesby Times": the site's name, up to the sentence that starts
        words = rest[separator.end() :].split(" ")
        end = _headline_end(words)
        rest = " ".join(words[end:]) if end < len(words) else ""
    rest = rest.strip()
    if not rest[:1].isupper() and rest[:1] not in '“"':
        return "", paragraph
    return paragraph[: len(paragraph) - len(rest)].strip(), rest


def split_lead_in(paragraph: str) -> tuple[str, str]:
    """("furniture", "rest") when page furniture runs into the paragraph's first sentence."""
    dropped: list[str] = []
    rest = paragraph
    while True:
        found = (
            _DATE_STAMP.match(rest)
            or _BRACKET_CREDIT.match(rest)
            or _CAPS_CREDIT.match(rest)
            or _PAREN_CREDIT.match(rest)
            or _NAME_CREDIT.match(rest)
            or _WIRE_LEAD.match(rest)
        )
        if found:
            dropped.append(found.group(0).strip())
            rest = rest[found.end() :]
            continue
        pointer = _POINTER.match(rest)
        if pointer:
            words = rest[pointer.end() :].split(" ")
            end = _headline_end(words)
            if end < len(words):
                dropped.append(rest[: pointer.end()] + " ".join(words[:end]))
                rest = " ".join(words[end:])
                continue
        break
    if not dropped or not rest.strip():
        return "", paragraph
    return " ".join(dropped), rest


def split_dateline(paragraph: str) -> tuple[str, str]:
    """("ISTANBUL (AP) —", "rest of the paragraph") when a dateline opens it, else ("", p)."""
    match = _DATELINE.match(paragraph)
    if match is None or words_in(match.group(0)) > 7:
        return "", paragraph
    return match.group(0).strip(), paragraph[match.end() :]
