"""Statement text -> Attribution: asserted, attributed to a source, or hedged, with the phrase.

The label says how firmly the text commits to the claim, and the phrase says why:

1. the reporter's own doubt ("reportedly", "allegedly", "is believed to", "could not be
   verified") makes it hedged, attributed or not;
2. a named source ("the council said", "according to police") makes it attributed, with
   the speaker: a modal inside what they said ("the council said the road could stay
   closed") is their statement, reported as made, not the reporter's doubt;
3. otherwise a modal or likelihood word ("may", "could", "is expected to") hedges it;
4. else it is asserted.
"""

from __future__ import annotations

import re

from briefgen.models import Attribution

SPEECH_VERBS = (
    r"said|says|told|tells|added|adds|stated|states|confirmed|confirms|announced|announces|"
    r"claimed|claims|reported|reports|warned|warns|noted|notes|insisted|insists|wrote|"
    r"explained|estimated|estimates|acknowledged|denied|denies|argued|argues|alleged"
)
# The reporter's own doubt: hedges the statement whoever is quoted.
_DOUBT = re.compile(
    r"\b(?:reportedly|allegedly|purportedly|apparently|unconfirmed|unverified|rumou?red|"
    r"(?:is|are|was|were)\s+(?:believed|thought|said|reported|understood|rumou?red)\s+to|"
    r"(?:could|can)\s?not\s+(?:be\s+)?(?:independently\s+)?(?:verified|confirmed))\b"
)
# Possibility and likelihood: hedges a statement in the reporter's own voice.
_HEDGES = re.compile(
    r"\b(?:could|might|may|possibly|probably|likely|suspected|(?:is|are|was|were)\s+"
    r"(?:expected|set|likely|due)\s+to|appears?\s+to|seems?\s+to)\b"
)
_ACCORDING = re.compile(r"\b[Aa]ccording to\b[^,.;:]*")
_IN_STATEMENT = re.compile(
    r"\b[Ii]n an? (?:statement|interview|post|briefing|press release)\b[^,.;]*"
)
# "..., the ministry said on Thursday." / "..., said Jane Doe, the mayor."
_TRAILING = re.compile(
    rf",\s*(?P<phrase>(?:[^,]{{1,80}}?\s)?(?:{SPEECH_VERBS})\b[^,]{{0,60}}?)\s*[.!?\"”']*\s*$"
)
_WHEN = (
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|"
    r"today|late\s+\w+|earlier))?"
)
# "Officials said ..." / "The mayor told reporters that ...": the speaker and the verb, with
# the person told only after "told" ("Ruiz said Portugal ..." names no one told).
_LEADING = re.compile(
    rf"^(?P<phrase>(?:[A-Z][^,.;:\"“]{{0,60}}?)\s(?:(?:told|tells)(?:\s+(?:reporters|"
    rf"journalists|[A-Z][\w’']+(?:\s[A-Z][\w’']+)*))?|(?:{SPEECH_VERBS})\b){_WHEN})"
    r"(?:\s+that\b|\s*[:,]|\s+(?=[\w\"“]))"
)
# "\"...,\" said Maria Lopez, the plant manager." ("told" never inverts: in "..., Lind told
# Berge." the name after it is who heard it)
_INVERTED = re.compile(r"(?P<phrase>\b(?:said|says|added)\s+[A-Z][^.;]*?)\s*\.?$")


_VERB = re.compile(rf"\b(?:{SPEECH_VERBS}|told|tells)\b")
_NOT_NAMED = frozenset({"he", "she", "it", "they", "we", "i", "you", "officials"})


def _speaker(phrase: str, pattern: re.Pattern[str], text: str = "", end: int = 0) -> str | None:
    """Who the attributing phrase names: "the council" from "The council said" ..."""
    if pattern is _ACCORDING:
        who = re.sub(r"^[Aa]ccording to\s+", "", phrase)
    elif pattern is _IN_STATEMENT:  # "In a statement, the ministry said ...": who follows
        after = text[end:].lstrip(" ,")
        rest = _attributed(after[:1].upper() + after[1:], (_LEADING, _INVERTED, _TRAILING))
        return rest.speaker if rest else None
    else:
        verb = _VERB.search(phrase)
        if verb is None:
            return None
        before, after = phrase[: verb.start()].strip(), phrase[verb.end() :].strip()
        who = after.split(",")[0] if pattern is _INVERTED or not before else before
    who = " ".join(who.strip(" \t\"“”'‘’,.").split())
    if not who or who.lower() in _NOT_NAMED:
        return None
    return re.sub(r"^(?:The|A|An)\s", lambda m: m.group(0).lower(), who)


_ATTRIBUTING = (_ACCORDING, _IN_STATEMENT, _LEADING, _INVERTED, _TRAILING)


def _attributed(
    text: str, patterns: tuple[re.Pattern[str], ...] = _ATTRIBUTING
) -> Attribution | None:
    for pattern in patterns:
        found = pattern.search(text)
        if found:
            group = "phrase" if "phrase" in pattern.groupindex else 0
            # quotation marks and punctuation at the edges belong to the quote, not the phrase
            phrase = found.group(group).strip(" \t\"“”'‘’,.")
            who = _speaker(phrase, pattern, text, found.end())
            return Attribution("attributed", phrase, who)
    return None


def attribution(text: str) -> Attribution:
    """Label ``text`` as "hedged", "attributed" or "asserted" and return the phrase that says so."""
    doubt = _DOUBT.search(text)
    if doubt:
        return Attribution("hedged", doubt.group(0))
    attributed = _attributed(text)
    if attributed is not None:
        return attributed
    hedge = _HEDGES.search(text)
    if hedge:
        return Attribution("hedged", hedge.group(0))
    return Attribution("asserted", None)
