"""Article counts -> time and peak memory of a whole edition, per stage.

Run: .venv/bin/python benchmarks/edition.py [--sizes 1000,10000] [--bench DIR] [--pdf]
     [--save FILE]

Input: every DUC 2003 and DUC 2004 document (798 articles of 80 stories, gold = cluster),
replicated with perturbation past that (sentences shuffled, about one in eight dropped,
common words swapped for synonyms: ``benchmarks/scale.py``'s ``perturb``), each article
written as a Markdown file with an outlet (one of 40) and a date spread over five days.
Each size runs ``briefgen.edition.build_edition`` in a fresh child process; times exclude
imports; memory is the child's peak RSS (Python and imports included). Stages come from
the edition's progress callbacks: load (read the files), features, stories (clustering),
briefs (the fact engine and each story's own files), write (edition files). By default
the edition and story files are JSON + Markdown; ``--pdf`` adds HTML and PDF.
The data is read from ``../shared/bench/`` and is never copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
SEED = 12
OUTLETS = 40
DAYS = 5


def write_corpus(bench: Path, size: int, folder: Path) -> int:
    """``size`` Markdown articles in ``folder``; returns the number of source stories."""
    from scale import perturb  # type: ignore[import-not-found]

    docs: list[tuple[str, str]] = []
    for name in ("duc2003", "duc2004"):
        for line in (bench / name / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            docs.extend((f"{name}-{record['id']}", d["text"]) for d in record["docs"])
    rng = random.Random(SEED)
    for k in range(size):
        story, text = docs[k % len(docs)]
        if k >= len(docs):
            text = perturb(text, rng)
        day = 1 + (k // len(docs) + k) % DAYS
        outlet = f"Outlet {rng.randrange(OUTLETS) + 1}"
        body = f"---\noutlet: {outlet}\npublished: 2031-05-0{day}\n---\n\n{text}\n"
        (folder / f"a{k:05d}.md").write_text(body, encoding="utf-8")
    return len({story for story, _ in docs[:size]})


def child(size: int, bench: str, pdf: bool, queue: Any) -> None:
    from briefgen.edition import EditionOptions, build_edition

    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        stories = write_corpus(Path(bench), size, articles)
        marks: dict[str, float] = {}
        start = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            if done == total:
                marks[stage] = time.perf_counter() - start

        formats = ("md", "html", "pdf", "json") if pdf else ("md", "json")
        options = EditionOptions(sources=(str(articles),), out=Path(tmp) / "out", formats=formats)
        result = build_edition(options, today="2031-05-05", progress=progress)
        total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    edition = result.edition
    queue.put(
        {
            "articles": size,
            "source_stories": stories,
            "stories": len(edition.stories),
            "briefed": len(edition.briefed),
            "load_s": marks.get("articles read", 0.0),
            "features_s": marks.get("articles analysed", 0.0) - marks.get("articles read", 0.0),
            "stories_s": marks.get("stories found", 0.0) - marks.get("articles analysed", 0.0),
            "briefs_s": marks.get("stories briefed", 0.0) - marks.get("stories found", 0.0),
            "write_s": total - marks.get("stories briefed", marks.get("stories found", 0.0)),
            "total_s": total,
            "peak_mb": peak,
            "pdf": pdf,
        }
    )


def measure(size: int, bench: Path, pdf: bool) -> dict[str, Any]:
    context = get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=child, args=(size, str(bench), pdf, queue))
    process.start()
    row = queue.get()
    process.join()
    return dict(row)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--pdf", action="store_true", help="also write HTML and PDF")
    parser.add_argument("--save", type=Path, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    rows = [measure(int(s), args.bench, args.pdf) for s in args.sizes.split(",")]
    print(
        "| articles | source stories | stories found | briefed | load s | features s | "
        "stories s | briefs s | write s | total s | peak MB | formats |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['articles']} | {r['source_stories']} | {r['stories']} | {r['briefed']} | "
            f"{r['load_s']:.1f} | {r['features_s']:.1f} | {r['stories_s']:.1f} | "
            f"{r['briefs_s']:.1f} | {r['write_s']:.1f} | {r['total_s']:.1f} | "
            f"{r['peak_mb']:.0f} | {'md,html,pdf,json' if r['pdf'] else 'md,json'} |"
        )
    if args.save:
        args.save.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
