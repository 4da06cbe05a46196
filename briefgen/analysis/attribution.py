"""Statement text -> Attribution: asserted, attributed to a source, or hedged, with the phrase.

A hedge wins over an attribution ("officials said the fire could spread" is hedged): the
label says how firmly the text commits to the claim, and the phrase says why.
"""

from __future__ import annotations

import re

from briefgen.models import Attribution

SPEECH_VERBS = (
    r"said|says|told|tells|added|adds|stated|states|confirmed|confirms|announced|announces|"
    r"claimed|claims|reported|reports|warned|warns|noted|notes|insisted|insists|wrote|"
    r"explained|estimated|estimates|acknowledged|denied|denies|argued|argues|alleged"
)
_HEDGES = re.compile(
    r"\b(?:could|might|may|reportedly|allegedly|purportedly|apparently|possibly|probably|"
    r"likely|unconfirmed|rumou?red|(?:is|are|was|were)\s+(?:expected|believed|thought|said|"
    r"reported|understood|set|likely|due)\s+to|appears?\s+to|seems?\s+to|suspected)\b"
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
# "\"...,\" said Maria Lopez, the plant manager."
_INVERTED = re.compile(r"(?P<phrase>\b(?:said|says|added|told)\s+[A-Z][^.;]*?)\s*\.?$")


def attribution(text: str) -> Attribution:
    """Label ``text`` as "hedged", "attributed" or "asserted" and return the phrase that says so."""
    hedge = _HEDGES.search(text)
    if hedge:
        return Attribution("hedged", hedge.group(0))
    for pattern in (_ACCORDING, _IN_STATEMENT):
        found = pattern.search(text)
        if found:
            return Attribution("attributed", found.group(0).strip())
    for pattern in (_LEADING, _INVERTED, _TRAILING):
        found = pattern.search(text)
        if found:
            # quotation marks and punctuation at the edges belong to the quote, not the phrase
            return Attribution("attributed", found.group("phrase").strip(" \t\"“”'‘’,."))
    return Attribution("asserted", None)
