"""Word -> canonical term maps that let differently worded reports of one fact match.

General news knowledge, not tied to any event: alternative and native country names,
demonyms, and the capital-as-metonym habit of news writing ("Ankara said" = the Turkish
government said). Keys and values are lower-case and accent-folded; multi-word keys are
matched on consecutive tokens.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# canonical country term: other ways news text names the same state or its people
_COUNTRIES: dict[str, tuple[str, ...]] = {
    "afghanistan": ("afghan", "afghans", "kabul"),
    "armenia": ("armenian", "armenians", "yerevan"),
    "australia": ("australian", "australians", "canberra"),
    "azerbaijan": ("azerbaijani", "azeri", "azerbaijanis", "baku"),
    "belarus": ("belarusian", "minsk"),
    "brazil": ("brazilian", "brazilians", "brasilia"),
    "britain": ("uk", "u.k", "british", "united kingdom", "great britain", "london", "britons"),
    "canada": ("canadian", "canadians", "ottawa"),
    "china": ("chinese", "beijing", "prc"),
    "cyprus": ("cypriot", "cypriots", "nicosia"),
    "egypt": ("egyptian", "egyptians", "cairo"),
    "eu": ("e.u", "european union", "brussels"),
    "france": ("french", "paris"),
    "germany": ("german", "germans", "berlin"),
    "greece": ("greek", "greeks", "athens"),
    "india": ("indian", "indians", "new delhi"),
    "iran": ("iranian", "iranians", "tehran", "persia"),
    "iraq": ("iraqi", "iraqis", "baghdad"),
    "israel": ("israeli", "israelis", "tel aviv", "jerusalem"),
    "italy": ("italian", "italians", "rome"),
    "japan": ("japanese", "tokyo"),
    "jordan": ("jordanian", "jordanians", "amman"),
    "lebanon": ("lebanese", "beirut"),
    "libya": ("libyan", "libyans", "tripoli"),
    "mexico": ("mexican", "mexicans"),
    "myanmar": ("burma", "burmese"),
    "netherlands": ("dutch", "holland", "the hague"),
    "north korea": ("north korean", "north koreans", "pyongyang", "dprk"),
    "pakistan": ("pakistani", "pakistanis", "islamabad"),
    "palestine": ("palestinian", "palestinians", "ramallah"),
    "poland": ("polish", "poles", "warsaw"),
    "qatar": ("qatari", "qataris", "doha"),
    "russia": ("russian", "russians", "moscow", "kremlin", "russian federation"),
    "saudi arabia": ("saudi", "saudis", "riyadh"),
    "south korea": ("south korean", "south koreans", "seoul"),
    "spain": ("spanish", "madrid"),
    "syria": ("syrian", "syrians", "damascus"),
    "turkey": ("turkiye", "turkish", "turks", "ankara"),
    "ukraine": ("ukrainian", "ukrainians", "kyiv", "kiev"),
    "uae": ("u.a.e", "emirati", "emiratis", "united arab emirates", "abu dhabi"),
    "usa": ("u.s", "u.s.a", "american", "americans", "united states", "washington"),
    "venezuela": ("venezuelan", "venezuelans", "caracas"),
    "yemen": ("yemeni", "yemenis", "sanaa"),
}

# other canonical forms: common abbreviations and spelled-out equivalents in news
_TERMS: dict[str, tuple[str, ...]] = {
    "percent": ("per cent", "pct", "%"),
    "minister": ("min",),
    "president": ("pres",),
    "defense": ("defence",),
    "ministry": ("ministries",),
    "un": ("u.n", "united nations"),
    "nato": ("north atlantic treaty organization",),
    "worldwide": (
        "around the world",
        "across the world",
        "around the globe",
        "across the globe",
        "global",
        "globally",
    ),
}


# spelled-out counts that news text mixes with digits ("two days" / "2 days"); "one" is
# left out: it is far more often a pronoun than a count
NUMBER_WORDS: dict[str, str] = {
    word: str(value)
    for value, word in enumerate(
        "two three four five six seven eight nine ten eleven twelve".split(), start=2
    )
}
NUMBER_WORDS.update({"dozen": "12", "hundred": "100"})
NUMBER_WORDS.update(
    {
        word: str(value)
        for value, word in enumerate(
            "thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(), start=13
        )
    }
)
TENS = {
    word: 10 * value
    for value, word in enumerate(
        "twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2
    )
}
NUMBER_WORDS.update({word: str(value) for word, value in TENS.items()})
_UNITS = {"one": 1, **{w: int(v) for w, v in NUMBER_WORDS.items() if len(v) == 1}}


def compound_number(parts: list[str]) -> str | None:
    """ "thirty", "two" (from "thirty-two") -> "32"; None for anything else."""
    if len(parts) == 2 and parts[0].lower() in TENS and parts[1].lower() in _UNITS:
        return str(TENS[parts[0].lower()] + _UNITS[parts[1].lower()])
    return None


# canonical names of states and places (the keys above), which are names wherever they stand
CANONICAL = frozenset(_COUNTRIES)
# every canonical term: kept as it is, never stemmed, whether the text wrote it or a variant
# ("ministries" and "ministry" are one term, "defence" and "defense")
FORMS = frozenset(_COUNTRIES) | frozenset(_TERMS)


@lru_cache(maxsize=1 << 17)
def fold(word: str) -> str:
    """Lower-case and strip accents: "Türkiye" -> "turkiye"."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _build() -> tuple[dict[str, str], dict[tuple[str, ...], str]]:
    single: dict[str, str] = {}
    multi: dict[tuple[str, ...], str] = {}
    for table in (_COUNTRIES, _TERMS):
        for canonical, variants in table.items():
            for variant in (canonical, *variants):
                parts = tuple(variant.split())
                if len(parts) == 1:
                    single[parts[0]] = canonical
                else:
                    multi[parts] = canonical
    return single, multi


SINGLE, MULTI = _build()
MAX_PHRASE = max(len(k) for k in MULTI)
_STARTS = frozenset(k[0] for k in MULTI)  # first words of multi-word variants
# per first word, the lengths of its multi-word variants, longest first
_LENGTHS = {
    start: tuple(sorted({len(k) for k in MULTI if k[0] == start}, reverse=True))
    for start in _STARTS
}


def canonicalize(tokens: list[str]) -> list[tuple[int, str]]:
    """(index of first token, term) pairs: tokens folded, known variants made canonical.

    A multi-word variant ("Tel Aviv") becomes one term at the index of its first token.
    """
    folded = list(map(fold, tokens))
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(folded):
        word = folded[i]
        if word in _STARTS:  # the longest variant that starts here (only lengths it has)
            phrase = None
            for size in _LENGTHS[word]:
                if size <= len(folded) - i:
                    phrase = MULTI.get(tuple(folded[i : i + size]))
                    if phrase is not None:
                        break
            if phrase is not None:
                out.append((i, phrase))
                i += size
                continue
        # "U.S." is tokenised with its final period, the table lists "u.s"
        out.append((i, SINGLE.get(word) or SINGLE.get(word.rstrip("."), word)))
        i += 1
    return out
