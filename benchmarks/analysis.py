"""Precision and recall of the analyses on the hand-annotated mini-corpora, printed as a table.

Run: .venv/bin/python benchmarks/analysis.py [--corpus]
Gold annotations live next to the texts in tests/fixtures/analysis/<name>/gold.json.
With --corpus it also prints what the analyses find on the embedded corpus, to check by eye.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefgen.analysis import find_disagreements, find_quotes, key_figures, timeline
from briefgen.models import Article, Disagreement
from briefgen.score import score
from briefgen.segment import segment

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "analysis"


def load(folder: Path) -> tuple[list[Article], dict[str, Any]]:
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    articles = [
        Article(
            a["id"],
            a["file"],
            (folder / a["file"]).read_text(encoding="utf-8"),
            published=a["published"],
        )
        for a in gold["articles"]
    ]
    return articles, gold


def _matches(found: Disagreement, gold: dict[str, Any]) -> bool:
    """Gold's sources are all there, split into exactly gold's versions, of the same kind."""
    wanted = {frozenset(c) for c in gold["claims"]}
    sources = set().union(*wanted)
    got = {frozenset(set(c.sources) & sources) for c in found.claims} - {frozenset()}
    return got == wanted and _family(found.kind) == _family(gold["kind"])


def _family(kind: str) -> str:
    return "date" if kind in ("date", "weekday", "time") else kind


def _score(found: int, correct_found: int, gold: int, correct_gold: int) -> tuple[float, float]:
    return (correct_found / found if found else 1.0, correct_gold / gold if gold else 1.0)


def evaluate(articles: Sequence[Article], gold: dict[str, Any]) -> dict[str, tuple[int, ...]]:
    """task -> (found, found that are right, gold, gold that were found)."""
    sentences = segment(articles)
    rows: dict[str, tuple[int, ...]] = {}
    scored = score(sentences)
    same_fact = (*scored.agree, *scored.rivals)  # what the pipeline passes
    for task, found in (
        ("disagreements", find_disagreements(sentences, articles)),
        ("disagree+engine", find_disagreements(sentences, articles, same_fact=same_fact)),
    ):
        rows[task] = (
            len(found),
            sum(any(_matches(d, g) for g in gold["disagreements"]) for d in found),
            len(gold["disagreements"]),
            sum(any(_matches(d, g) for d in found) for g in gold["disagreements"]),
        )

    quotes = find_quotes(sentences, articles)

    def quote_ok(q: Any, g: dict[str, Any]) -> bool:
        return (
            g["text"].lower() in q.text.lower()
            and set(q.sources) == set(g["sources"])
            and g["speaker"].lower() in q.speaker.lower()
        )

    rows["quotes"] = (
        len(quotes),
        sum(any(quote_ok(q, g) for g in gold["quotes"]) for q in quotes),
        len(gold["quotes"]),
        sum(any(quote_ok(q, g) for q in quotes) for g in gold["quotes"]),
    )
    figures = key_figures(sentences, articles)

    def figure_ok(f: Any, g: dict[str, Any]) -> bool:
        return f.normalized == g["normalized"] and set(f.sources) == set(g["sources"])

    rows["figures"] = (
        len(figures),
        sum(any(figure_ok(f, g) for g in gold["figures"]) for f in figures),
        len(gold["figures"]),
        sum(any(figure_ok(f, g) for f in figures) for g in gold["figures"]),
    )
    events = timeline(sentences, articles)

    def event_ok(e: Any, g: dict[str, Any]) -> bool:
        same_date = e.date == g["date"] if g["date"] else not e.resolved and e.label == g["label"]
        return same_date and set(e.sources) == set(g["sources"])

    rows["timeline"] = (
        len(events),
        sum(any(event_ok(e, g) for g in gold["timeline"]) for e in events),
        len(gold["timeline"]),
        sum(any(event_ok(e, g) for e in events) for g in gold["timeline"]),
    )
    return rows


def report() -> None:
    totals: dict[str, list[int]] = {}
    print(f"{'corpus':<10} {'task':<16} {'found':>5} {'right':>5} {'gold':>5} {'hit':>5} "
          f"{'precision':>9} {'recall':>7}")  # fmt: skip
    for folder in sorted(p for p in FIXTURES.iterdir() if (p / "gold.json").exists()):
        for task, row in evaluate(*load(folder)).items():
            totals.setdefault(task, [0, 0, 0, 0])
            totals[task] = [a + b for a, b in zip(totals[task], row, strict=True)]
            p, r = _score(*row)
            print(f"{folder.name:<10} {task:<16} {row[0]:>5} {row[1]:>5} {row[2]:>5} {row[3]:>5} "
                  f"{p:>9.2f} {r:>7.2f}")  # fmt: skip
    for task, total in totals.items():
        p, r = _score(*total)
        print(f"{'ALL':<10} {task:<16} {total[0]:>5} {total[1]:>5} {total[2]:>5} {total[3]:>5} "
              f"{p:>9.2f} {r:>7.2f}")  # fmt: skip


def corpus() -> None:
    """What the analyses find on the embedded corpus (a sanity check by eye, never scored)."""
    folder = ROOT / "briefgen" / "corpus"
    meta = tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8"))
    articles = [
        Article(
            f"s{n}",
            p.name,
            p.read_text(encoding="utf-8"),
            published=meta.get(p.name, {}).get("published"),
        )
        for n, p in enumerate(sorted(folder.glob("*.txt")), start=1)
    ]
    sentences = segment(articles)
    print("\n## Embedded corpus: disagreements (with the fact engine's groups)")
    for d in find_disagreements(sentences, articles, groups=score(sentences).groups):
        print(f"- [{d.kind}] {d.about}")
        for c in d.claims:
            print(f"    {c.value}: {', '.join(c.sources)} | {c.text[:100]}")
    print("\n## Embedded corpus: quotes cited by more than one source")
    for q in find_quotes(sentences, articles):
        if len(q.sources) > 1:
            print(f"- {q.speaker or '?'}: “{q.text[:80]}” {', '.join(q.sources)}")
    print("\n## Embedded corpus: key figures")
    for f in key_figures(sentences, articles)[:12]:
        print(f"- [{f.kind}] {f.normalized} ({', '.join(f.sources)}) {f.context[:80]}")
    print("\n## Embedded corpus: timeline")
    for e in timeline(sentences, articles):
        print(f"- {e.date or 'unresolved'} {e.label} ({', '.join(e.sources)}) {e.text[:80]}")


if __name__ == "__main__":
    report()
    if "--corpus" in sys.argv:
        corpus()
