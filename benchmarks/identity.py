"""Corpora -> brief.json and the engine's decisions for each, saved or compared with a saved run.

Run: .venv/bin/python benchmarks/identity.py --save DIR      (before a change)
     .venv/bin/python benchmarks/identity.py --compare DIR   (after it: lists what differs)
     [--bench DIR] [--only NAME,...]

A speed change must not change what the engine decides. For each case this writes
``NAME.json`` (the brief.json of the default brief) and ``NAME.scored.json`` (every sentence's
support: the windows that state it, its voices, claim and share; the agreeing and rival pairs;
scores), and prints the time each case took. Cases: the six annotated clusters
(``../shared/bench/clusters/*/articles``), the embedded corpus, the first three DUC 2003 and
two DUC 2004 clusters, and two synthetic corpora of ``benchmarks/scale.py`` (60 articles of
one event, 120 mixed articles) where the neighbour caps bind. Data is read in place.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
DATE = "2026-01-01"


def _plain(value: Any) -> Any:
    """A dataclass, tuple or set as JSON-ready values (sets sorted)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _scored_record(scored: Any) -> dict[str, Any]:
    return {
        name: _plain(getattr(scored, name))
        for name in ("groups", "stated", "agree", "rivals", "salience")
    }


def _brief(articles: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """brief.json of ``articles`` and the Scored record of the run that made it."""
    from briefgen import pipeline
    from briefgen.record import to_json

    seen: list[Any] = []
    analyse = pipeline.analyse

    def keeping(*args: Any, **kwargs: Any) -> Any:
        result = analyse(*args, **kwargs)
        seen.append(result[1])
        return result

    pipeline.analyse = keeping  # type: ignore[assignment]
    try:
        brief = pipeline.make_brief(articles, date=DATE)
    finally:
        pipeline.analyse = analyse  # type: ignore[assignment]
    return to_json(brief), _scored_record(seen[0])


def _folder(sources: tuple[str, ...]) -> Callable[[], tuple[str, dict[str, Any]]]:
    def run() -> tuple[str, dict[str, Any]]:
        from briefgen import ingest, pipeline

        specs = sources or (str(ingest.embedded_corpus()),)
        loaded = ingest.load(specs, fetch=False)
        articles = loaded.articles
        if not sources:
            articles = tuple(pipeline._packaged(a) for a in articles)
        articles, _ = pipeline.one_story(articles)
        return _brief(articles)

    return run


def _texts(texts: Sequence[str]) -> Callable[[], tuple[str, dict[str, Any]]]:
    def run() -> tuple[str, dict[str, Any]]:
        from briefgen.models import Article

        return _brief([Article(f"s{i}", f"doc{i}", t) for i, t in enumerate(texts, 1)])

    return run


def cases(bench: Path) -> dict[str, Callable[[], tuple[str, dict[str, Any]]]]:
    from benchmarks.scale import corpus, documents, event_corpus, event_documents

    found: dict[str, Callable[[], tuple[str, dict[str, Any]]]] = {}
    clusters = bench / "clusters"
    for folder in sorted(p for p in clusters.glob("*/articles") if p.is_dir()):
        found[folder.parent.name] = _folder((str(folder),))
    found["embedded"] = _folder(())
    for name, count in (("duc2003", 3), ("duc2004", 2)):
        path = bench / name / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines()[:count]:
                cluster = json.loads(line)
                found[f"{name}-{cluster['id']}"] = _texts([d["text"] for d in cluster["docs"]])
    if (bench / "duc2004").is_dir():
        found["event-60"] = _texts(event_corpus(event_documents(bench), 60))
        found["mixed-120"] = _texts(corpus(documents(bench), 120))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--save", type=Path, help="write the outputs into this folder")
    where.add_argument("--compare", type=Path, help="compare with the outputs in this folder")
    parser.add_argument("--only", default="", help="comma-separated case names")
    args = parser.parse_args(argv)
    chosen = cases(args.bench)
    if args.only:
        chosen = {k: v for k, v in chosen.items() if k in args.only.split(",")}
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    differ = 0
    total = total_cpu = 0.0
    print(f"{'case':<32} {'seconds':>8} {'CPU s':>8}  result")
    for name, run in chosen.items():
        start, cpu = time.perf_counter(), time.process_time()
        brief, scored = run()
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        total += took
        total_cpu += cpu
        scored_text = json.dumps(scored, ensure_ascii=False, indent=0) + "\n"
        if args.save:
            (args.save / f"{name}.json").write_text(brief, encoding="utf-8")
            (args.save / f"{name}.scored.json").write_text(scored_text, encoding="utf-8")
            result = "saved"
        else:
            old_brief = (args.compare / f"{name}.json").read_text(encoding="utf-8")
            old_scored = (args.compare / f"{name}.scored.json").read_text(encoding="utf-8")
            same = [old_brief == brief, old_scored == scored_text]
            result = {
                (True, True): "identical",
                (True, False): "brief identical, engine decisions DIFFER",
            }.get((same[0], same[1]), "brief.json DIFFERS")
            differ += not all(same)
        print(f"{name:<32} {took:>8.2f} {cpu:>8.2f}  {result}", flush=True)
    print(f"{'total':<32} {total:>8.2f} {total_cpu:>8.2f}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
