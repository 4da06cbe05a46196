"""Brief -> the ``brief.json`` record: every fact with its sources and evidence.

The schema is stable and documented in the README; later versions add fields, never
rename or remove them. Output is deterministic: keys in a fixed order, no timestamps other
than the brief's date.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields, is_dataclass
from typing import Any

from briefgen import __version__
from briefgen.models import Article, Brief, Fact

SCHEMA_VERSION = 1


def _source(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "name": article.name,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "path": article.path,
        "outlet": article.outlet,
        "duplicate_of": article.duplicate_of,
    }


def _fact(fact: Fact, *, evidence: bool) -> dict[str, Any]:
    record: dict[str, Any] = {"text": fact.text, "sources": list(fact.sources)}
    if evidence:
        record["evidence"] = [{"source": e.source, "text": e.text} for e in fact.evidence]
    record["score"] = fact.score
    record["support"] = fact.support
    for extra in fields(fact):  # fields added by later analyses (attribution, is_new ...)
        if extra.name not in {"text", "source", "sources", "evidence", "score", "support"}:
            record[extra.name] = _plain(getattr(fact, extra.name))
    return record


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def to_record(brief: Brief) -> dict[str, Any]:
    """The JSON-ready dict for a brief."""
    record: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "title": brief.title,
        "date": brief.date,
        "generator": {"name": "briefgen", "version": __version__},
        "sources": [_source(a) for a in brief.sources],
        "consensus": [_fact(f, evidence=True) for f in brief.consensus],
        "unique": [_fact(f, evidence=False) for f in brief.unique],
        "disagreements": [
            {
                "about": d.about,
                "kind": d.kind,
                "claims": [
                    {"value": c.value, "sources": list(c.sources), "text": c.text} for c in d.claims
                ],
            }
            for d in brief.disagreements
        ],
        "dropped": [
            {"source": d.source, "reason": d.reason, "text": d.text} for d in brief.dropped
        ],
        "problems": [{"source": p.source, "message": p.message} for p in brief.problems],
    }
    known = {
        "title",
        "date",
        "sources",
        "consensus",
        "unique",
        "disagreements",
        "dropped",
        "problems",
    }
    for extra in fields(brief):  # quotes, figures, timeline ... as later analyses add them
        if extra.name not in known:
            record[extra.name] = _plain(getattr(brief, extra.name))
    return record


def to_json(brief: Brief) -> str:
    return json.dumps(to_record(brief), ensure_ascii=False, indent=2) + "\n"
