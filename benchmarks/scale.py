"""Article counts -> a table of time and peak memory: briefgen versus sumy's LexRank.

Run: .venv/bin/python benchmarks/scale.py [--sizes 10,50,200,1000] [--bench DIR]
     [--full] [--corpus mixed|event]

Input (``--corpus mixed``, the default): real newswire articles from the DUC 2004 (then
DUC 2003) clusters in ``../shared/bench/`` (``--bench`` overrides). Past the available
documents, articles are replicated with perturbation: sentences shuffled within the
article, about one in eight dropped, and common words swapped for synonyms, so copies are
near-duplicates that are not byte-identical. ``--corpus event``: every article is 30
sentences drawn from the ten reports of one cluster, perturbed the same way: one event
covered by many outlets that reuse each other's sentences, the dense worst case.
``--corpus folder``: the plain-folder case of issue 15, read from disk as a user would: the
798 DUC 2003+2004 articles, then copies of them in the same order with "Meanwhile, "
prepended (once for the first round of copies, twice for the second, ...), each a ``.txt``
file in one temporary folder; 1,000 articles are the 798 plus 202 copies. Its rows add an
ingest stage and ``briefgen build DIR --format json`` run whole as a command (wall time and
peak memory of that process: imports, ingest and writing included).

Each size runs in a fresh child process; time is wall-clock of the work alone (imports
excluded), peak memory is the child's maximum resident set size. briefgen runs parts of a
stage in forked processes of its own where it can (``briefgen.overlap``): its CPU column adds
theirs, so it is the work done on all cores (wall-clock is what a user waits), and its
"children MB" column is the peak resident set of the largest of them (pages shared with
the parent counted in both). It starts them only while the load average leaves a core idle:
``BRIEFGEN_FORK=always`` (the two cores whatever the load) and ``BRIEFGEN_FORK=0`` (one
process) in the environment measure either way.

briefgen: clean, segment, score and select, timed per stage (no ingest, no rendering); with
``--full``, ``pipeline.make_brief`` as one (it also runs the quote/figure/disagreement analyses).
Memory is the peak RSS of the child, Python and imports included (about 150 MB at rest).
sumy LexRank: all sentences of all articles as one document, ranked, 100 words chosen. It is
quadratic in sentences, so sizes it would need more than ``--sumy-limit`` seconds for
(estimated from the growth between the two largest measured sizes) are skipped and shown as
an estimate; ``--no-lexrank`` leaves it out.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
SEED = 2004
SYNONYMS = {
    "said": "stated",
    "told": "informed",
    "people": "persons",
    "killed": "left dead",
    "government": "administration",
    "officials": "authorities",
    "president": "leader",
    "began": "started",
    "big": "large",
    "about": "around",
    "help": "aid",
    "show": "indicate",
    "buy": "purchase",
    "meeting": "talks",
}
EVENT_SENTENCES = 30
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"])")


def documents(bench: Path, order: Sequence[str] = ("duc2004", "duc2003")) -> list[str]:
    texts: list[str] = []
    for name in order:
        path = bench / name / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    texts.extend(d["text"] for d in json.loads(line)["docs"])
    return texts


def perturb(text: str, rng: random.Random) -> str:
    """A near-duplicate: shuffled sentences, some dropped, some words swapped."""
    sentences = _SENTENCE_END.split(text)
    kept = [s for s in sentences if rng.random() > 0.125] or sentences[:1]
    rng.shuffle(kept)
    out = []
    for sentence in kept:
        words = [
            SYNONYMS[w] if w in SYNONYMS and rng.random() < 0.5 else w for w in sentence.split()
        ]
        out.append(" ".join(words))
    return " ".join(out)


def event_documents(bench: Path) -> list[str]:
    """The documents of one DUC 2004 cluster (the first): one event, ten reports."""
    path = bench / "duc2004" / "duc2004.jsonl"
    if not path.is_file():
        return []
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return [d["text"] for d in json.loads(first)["docs"]]


def event_corpus(texts: Sequence[str], size: int) -> list[str]:
    """``size`` articles on one event: each mixes sentences of several of its reports.

    The worst case for pairwise work: every fact recurs in a large share of the articles,
    so the number of similar sentence pairs grows with the square of the article count.
    """
    rng = random.Random(SEED)
    pools = [_SENTENCE_END.split(t) for t in texts]
    articles = []
    for _ in range(size):
        picked = []
        for _ in range(EVENT_SENTENCES):
            pool = pools[rng.randrange(len(pools))]
            picked.append(pool[rng.randrange(len(pool))])
        articles.append(perturb(" ".join(picked), rng))
    return articles


def corpus(texts: Sequence[str], size: int) -> list[str]:
    rng = random.Random(SEED)
    chosen = list(texts[:size])
    while len(chosen) < size:
        chosen.append(perturb(texts[len(chosen) % len(texts)], rng))
    return chosen


def folder_corpus(texts: Sequence[str], size: int) -> list[str]:
    """The first ``size`` of: the texts, then "Meanwhile, "-prefixed copies, round by round."""
    chosen = list(texts[:size])
    while len(chosen) < size:
        rounds = len(chosen) // len(texts)
        chosen.append("Meanwhile, " * rounds + texts[len(chosen) % len(texts)])
    return chosen


def write_folder(texts: Sequence[str], folder: Path) -> None:
    for number, text in enumerate(texts):
        (folder / f"{number:05d}.txt").write_text(text, encoding="utf-8")


def _briefgen(texts: Sequence[str] | Path, full: bool) -> tuple[dict[str, float], int, int]:
    """Stage times (clean, segment, score, select), sentences, facts selected.

    ``texts`` may be a folder: then it is loaded by ingest first, timed as its own stage.
    """
    from briefgen.collector import paused
    from briefgen.models import Article
    from briefgen.pipeline import make_brief

    times: dict[str, float] = {}
    if isinstance(texts, Path):
        from briefgen import ingest

        start = time.perf_counter()
        articles = list(ingest.load([str(texts)], fetch=False).articles)
        times["ingest"] = time.perf_counter() - start
    else:
        articles = [Article(f"s{i}", f"doc{i}", t) for i, t in enumerate(texts, 1)]
    if full:
        start = time.perf_counter()
        brief = make_brief(articles, date="2000-01-01")
        times["make_brief"] = time.perf_counter() - start
        return times, 0, len(brief.consensus)
    with paused():  # as pipeline.analyse and make_brief run the stages
        return _stages(articles, times)


def _stages(articles: list[Any], times: dict[str, float]) -> tuple[dict[str, float], int, int]:
    from briefgen.clean import clean
    from briefgen.pipeline import independent_voices
    from briefgen.score import score
    from briefgen.segment import segment
    from briefgen.selection import select

    start = time.perf_counter()
    cleaned = clean(articles)
    times["clean"] = time.perf_counter() - start
    usable = [a for a in cleaned.articles if a.duplicate_of is None and a.text.strip()]
    start = time.perf_counter()
    # as pipeline.analyse: cleaning's split is reused (older checkouts have none)
    split = getattr(cleaned, "split", None)
    sentences = segment(usable) if split is None else segment(usable, split)
    times["segment"] = time.perf_counter() - start
    start = time.perf_counter()
    scored = score(sentences, independent_voices(cleaned.articles))
    times["score"] = time.perf_counter() - start
    start = time.perf_counter()
    chosen = select(scored)
    times["select"] = time.perf_counter() - start
    return times, len(sentences), len(chosen.consensus) + len(chosen.unique)


def command(folder: Path) -> tuple[float, float, float]:
    """``briefgen build FOLDER --format json`` as a command: wall and CPU seconds, peak MB."""
    import subprocess
    import tempfile

    script = (
        "import resource, sys, time\n"
        "from briefgen.cli import main\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(time.perf_counter() - start, peak)\n"
    )
    with tempfile.TemporaryDirectory() as out:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start, cpu = time.perf_counter(), used.ru_utime + used.ru_stime
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                "-q",
                "build",
                str(folder),
                "--format=json",
                f"--out={out}",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = used.ru_utime + used.ru_stime - cpu
    peak_mb = float(done.stdout.split()[-1])
    return wall, cpu, peak_mb


def _lexrank(texts: Sequence[str]) -> int:
    from benchmarks.quality import sumy_summary

    return len(sumy_summary(texts, "lexrank").split("\n"))


def _child(system: str, texts: list[str] | Path, full: bool, queue: object) -> None:
    import briefgen.pipeline
    import briefgen.score.salience  # noqa: F401

    start, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
    if system == "briefgen":
        times, sentences, produced = _briefgen(texts, full)
        # with the CPU time of the child processes that ran parts of it (briefgen.overlap)
        times["briefgen CPU"] = time.process_time() - cpu + _children_cpu() - children
        # the peak resident set of the largest of those children (the pages it shares
        # with this process counted in both)
        times["children MB"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    else:
        assert not isinstance(texts, Path)
        times, sentences, produced = {}, 0, _lexrank(texts)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((elapsed, peak_mb, times, sentences, produced))  # type: ignore[attr-defined]


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(system: str, texts: list[str] | Path, full: bool = False) -> tuple[Any, ...]:
    context = get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(system, texts, full, queue))
    process.start()
    result = queue.get()
    process.join()
    return tuple(result)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--sizes", default="10,50,200,1000")
    parser.add_argument("--sumy-limit", type=float, default=180.0, help="seconds")
    parser.add_argument("--no-lexrank", action="store_true", help="time briefgen alone")
    parser.add_argument("--full", action="store_true", help="time pipeline.make_brief whole")
    parser.add_argument(
        "--corpus",
        choices=("mixed", "event", "folder"),
        default="mixed",
        help="mixed: the DUC articles, then perturbed copies (default); event: every "
        "article recombines sentences of one cluster (dense worst case); folder: .txt files "
        "of the DUC articles, then 'Meanwhile, ' copies, built by the command too",
    )
    args = parser.parse_args(argv)
    if args.corpus == "event":
        texts = event_documents(args.bench)
    else:
        order = ("duc2003", "duc2004") if args.corpus == "folder" else ("duc2004", "duc2003")
        texts = documents(args.bench, order)
    if not texts:
        print(f"error: no DUC data under {args.bench}; pass --bench DIR", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    sumy_times: list[tuple[int, float]] = []
    for size in sizes:
        build = {"mixed": corpus, "event": event_corpus, "folder": folder_corpus}[args.corpus]
        articles = build(texts, size)
        words = sum(len(t.split()) for t in articles)
        print(f"{size} articles: briefgen ...", file=sys.stderr)
        if args.corpus == "folder":
            with tempfile.TemporaryDirectory() as folder:
                write_folder(articles, Path(folder))
                b_time, b_mem, stages, sentences, _ = measure("briefgen", Path(folder), args.full)
                print(f"{size} articles: briefgen build --format json ...", file=sys.stderr)
                stages["command"], stages["command CPU"], stages["command MB"] = command(
                    Path(folder)
                )
        else:
            b_time, b_mem, stages, sentences, _ = measure("briefgen", articles, args.full)
        estimate = _estimate(sumy_times, words)
        if args.no_lexrank:
            s_cell, s_mem, s_time = "not run", "not run", math.nan
        elif estimate is not None and estimate > args.sumy_limit:
            s_cell, s_mem, s_time = f"~{estimate:.0f} (est.)", "skipped", estimate
        else:
            print(f"{size} articles: sumy lexrank ...", file=sys.stderr)
            s_time, s_peak, *_ = measure("lexrank", articles)
            sumy_times.append((words, s_time))
            s_cell, s_mem = f"{s_time:.1f}", f"{s_peak:.0f}"
        # what LexRank also does: sentences -> summary (no ingest, no cleaning)
        engine = b_time - stages.get("clean", 0.0) - stages.get("ingest", 0.0)
        ratios = "n/a" if math.isnan(s_time) else f"{s_time / b_time:.0f}x / {s_time / engine:.0f}x"
        rows.append((size, words, sentences, stages, b_time, b_mem, s_cell, s_mem, ratios))
    stage_names = list(rows[0][3]) if rows else []
    head = ["articles", "words", "sentences"]
    head += [n if n.endswith("MB") else f"{n} s" for n in stage_names]
    head += ["briefgen s", "briefgen MB", "lexrank s", "lexrank MB", "speed-up (excl. clean)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---:|" * len(head))
    for size, words, sentences, stages, b_time, b_mem, s_cell, s_mem, ratio in rows:
        cells = [
            str(size),
            str(words),
            str(sentences or "n/a"),
            *(f"{stages[n]:.0f}" if n.endswith("MB") else f"{stages[n]:.1f}" for n in stage_names),
        ]
        cells += [f"{b_time:.1f}", f"{b_mem:.0f}", s_cell, s_mem, ratio]
        print("| " + " | ".join(cells) + " |")
    return 0


def _estimate(measured: list[tuple[int, float]], words: int) -> float | None:
    """Time at ``words`` by the power law through the two largest measurements (or n^2)."""
    if not measured:
        return None
    if len(measured) == 1:
        size, seconds = measured[0]
        return seconds * (words / size) ** 2
    (n1, t1), (n2, t2) = measured[-2], measured[-1]
    exponent = math.log(t2 / t1) / math.log(n2 / n1) if t1 > 0 and n2 != n1 else 2.0
    return t2 * (words / n2) ** max(1.0, exponent)


if __name__ == "__main__":
    raise SystemExit(main())
