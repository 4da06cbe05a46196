"""A brief and the previous day's brief.json -> the brief with each fact marked new or not.

Sentences are compared normalised (case, quotes, dashes, punctuation and spacing ignored;
digits kept). ``collapse_unchanged`` leaves the unchanged facts out of a brief for reading.
Also reading a saved brief.json back: a record -> the Brief it was written from, for marking
the next day's facts and for sending without rebuilding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.daily.source import _folded
from briefgen.errors import InputError
from briefgen.models import (
    Article,
    Brief,
    Claim,
    Disagreement,
    Dropped,
    Evidence,
    Fact,
    Figure,
    Problem,
    Quote,
    TimelineEvent,
)

BRIEF_JSON = "brief.json"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def previous_day(out: Path, date: str) -> Path | None:
    """The most recent day folder before ``date`` that holds a brief.json."""
    if not out.is_dir():
        return None
    days = sorted(
        (p for p in out.iterdir() if DAY.fullmatch(p.name) and p.name < date),
        key=lambda p: p.name,
        reverse=True,
    )
    return next((p for p in days if (p / BRIEF_JSON).is_file()), None)


def normalize(text: str) -> str:
    """Sentence text for comparison: case, quotes, dashes, punctuation and spacing ignored.

    Digits are kept, so a sentence whose figure changed overnight counts as new.
    """
    folded = _folded(text)
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def known_sentences(record: Mapping[str, Any]) -> frozenset[str]:
    """Every normalised fact and evidence sentence of a brief.json record."""
    seen: set[str] = set()
    for section in ("consensus", "unique"):
        for fact in record.get(section) or ():
            seen.add(normalize(str(fact.get("text", ""))))
            for evidence in fact.get("evidence") or ():
                seen.add(normalize(str(evidence.get("text", ""))))
    seen.discard("")
    return frozenset(seen)


def mark_new(brief: Brief, previous: Mapping[str, Any] | None) -> Brief:
    """Facts get ``new=True`` unless the fact or one of its evidence sentences was in the
    previous brief; with no previous brief, ``new`` stays None."""
    if previous is None:
        return brief
    seen = known_sentences(previous)

    def marked(fact: Fact) -> Fact:
        texts = {normalize(fact.text), *(normalize(e.text) for e in fact.evidence)}
        return replace(fact, new=not (texts & seen))

    return replace(
        brief,
        consensus=tuple(marked(f) for f in brief.consensus),
        unique=tuple(marked(f) for f in brief.unique),
    )


def collapse_unchanged(brief: Brief) -> tuple[Brief, int]:
    """The brief without facts unchanged since yesterday, and how many were left out."""
    consensus = tuple(f for f in brief.consensus if f.new is not False)
    unique = tuple(f for f in brief.unique if f.new is not False)
    hidden = len(brief.consensus) + len(brief.unique) - len(consensus) - len(unique)
    return replace(brief, consensus=consensus, unique=unique), hidden


# --- reading a brief back --------------------------------------------------------------


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``; None if the file is missing or not a readable object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _fact(data: Mapping[str, Any]) -> Fact:
    sources = tuple(data.get("sources") or ())
    return Fact(
        text=data["text"],
        source=sources[0] if sources else "",
        sources=sources,
        evidence=tuple(Evidence(e["source"], e["text"]) for e in data.get("evidence") or ()),
        score=float(data.get("score", 0.0)),
        support=int(data.get("support", len(sources))),
        attribution=data.get("attribution", "asserted"),
        attributed_to=data.get("attributed_to"),
        new=data.get("new"),
        claim=data.get("claim"),
    )


def brief_from_record(data: Mapping[str, Any]) -> Brief:
    """The Brief a brief.json record was written from (for sending without rebuilding)."""
    try:
        return Brief(
            title=data["title"],
            date=data["date"],
            sources=tuple(
                Article(text="", **{k: s.get(k) for k in _ARTICLE_KEYS})
                for s in data.get("sources") or ()
            ),
            consensus=tuple(_fact(f) for f in data.get("consensus") or ()),
            unique=tuple(_fact(f) for f in data.get("unique") or ()),
            disagreements=tuple(
                Disagreement(
                    about=d["about"],
                    claims=tuple(
                        Claim(c["value"], tuple(c["sources"]), c["text"]) for c in d["claims"]
                    ),
                    kind=d.get("kind", "value"),
                )
                for d in data.get("disagreements") or ()
            ),
            dropped=tuple(Dropped(**d) for d in data.get("dropped") or ()),
            problems=tuple(Problem(**p) for p in data.get("problems") or ()),
            quotes=tuple(
                Quote(
                    speaker=q["speaker"],
                    text=q["text"],
                    sources=tuple(q["sources"]),
                    variants=tuple(Evidence(**v) for v in q.get("variants") or ()),
                )
                for q in data.get("quotes") or ()
            ),
            figures=tuple(
                Figure(**{**f, "sources": tuple(f["sources"])}) for f in data.get("figures") or ()
            ),
            timeline=tuple(
                TimelineEvent(**{**t, "sources": tuple(t["sources"])})
                for t in data.get("timeline") or ()
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"brief.json is not a briefgen record ({error!r})") from None


_ARTICLE_KEYS = ("id", "name", "title", "url", "published", "path", "outlet", "duplicate_of")


def read_brief(folder: Path) -> Brief:
    """The Brief saved in ``folder/brief.json``."""
    data = read_json(folder / BRIEF_JSON)
    if data is None:
        raise InputError(
            f"{folder / BRIEF_JSON}: missing or unreadable",
            hint="build the brief first (`briefgen daily` or `briefgen build --format json,pdf`)",
        )
    return brief_from_record(data)
