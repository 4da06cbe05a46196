"""Article counts -> time and peak memory of a whole edition, per stage.

Run: .venv/bin/python benchmarks/edition.py [--sizes 1000,10000] [--bench DIR] [--pdf]
     [--save FILE] [--workers 1,2] [--scheduler local|tcp://HOST:8786]

``--workers 1,2`` and ``--scheduler`` add rows for the same edition on Dask (see "Runners"
below); without them the edition runs in process only.

Input: every DUC 2003 and DUC 2004 document (798 articles of 80 stories, gold = cluster),
replicated with perturbation past that (sentences shuffled, about one in eight dropped,
common words swapped for synonyms: ``benchmarks/scale.py``'s ``perturb``), each article
written as a Markdown file with an outlet (one of 40) and a date spread over five days.
Each size runs ``briefgen.edition.build_edition`` in a fresh child process; times exclude
imports; memory is the child's peak RSS (Python and imports included). Stages come from
the edition's progress callbacks: load (read the files; since issue 13 also the story
features, found in the same task as each file's read, so "features" shows 0.0), features,
stories (clustering), briefs (each story's copies and outlets, the fact engine and each
story's own files), write (edition files), and the one-minute load average before and after
each row's run (the machine is shared: wall times are worth little under load). By default
the edition and story files are JSON + Markdown; ``--pdf`` adds HTML and PDF.
The data is read from ``../shared/bench/`` and is never copied into the repository.

Runners: "in-process" is the default runner; "workers=N" starts N local Dask worker
processes for the run (``briefgen.cluster.start_local``; start-up is part of the total and
also shown alone); "scheduler" connects to a running cluster (``--scheduler local`` starts
a `dask scheduler` and two `dask worker` processes on 127.0.0.1 first, as the tests do).
Per runner: speed-up of the total over in-process; CPU seconds of the client process and
of each worker; the estimated speed-up on a quiet machine (in-process CPU time over
``quiet_estimate``: the client's CPU time plus one worker's share, since on a machine
shared with other jobs wall time measures those jobs as much as this one); the Dask tasks
and their mean compute time; the peak RSS of the client and of each worker; tasks retried.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
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
        _, text = docs[k % len(docs)]
        if k >= len(docs):
            text = perturb(text, rng)
        day = 1 + (k // len(docs) + k) % DAYS
        outlet = f"Outlet {rng.randrange(OUTLETS) + 1}"
        body = f"---\noutlet: {outlet}\npublished: 2031-05-0{day}\n---\n\n{text}\n"
        (folder / f"a{k:05d}.md").write_text(body, encoding="utf-8")
    return len({story for story, _ in docs[:size]})


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


STAGES = ("articles read", "articles analysed", "stories found", "stories briefed")


def _cpu_stages(marks: dict[str, float], first: float, last: float) -> dict[str, float]:
    """CPU seconds of this process per stage (load, features, stories, briefs, write)."""
    ends = [marks.get(stage, first) for stage in STAGES] + [last]
    starts = [first, *ends[:-1]]
    names = ("load", "features", "stories", "briefs", "write")
    return {name: end - begin for name, begin, end in zip(names, starts, ends, strict=True)}


def _runner(mode: str, address: str | None) -> Any:
    from briefgen.cluster import connect, start_local
    from briefgen.runner import InProcess

    if mode == "in-process":
        return InProcess()
    if mode == "scheduler":
        assert address, "--scheduler needs an address or 'local'"
        return connect(address)
    return start_local(int(mode.split("=")[1]))


def child(
    size: int, bench: str, pdf: bool, queue: Any, mode: str = "in-process", address: str = ""
) -> None:
    from briefgen.edition import EditionOptions, build_edition

    with tempfile.TemporaryDirectory() as tmp:
        articles = Path(tmp) / "articles"
        articles.mkdir()
        stories = write_corpus(Path(bench), size, articles)
        marks: dict[str, float] = {}
        cpu_marks: dict[str, float] = {}  # this process's CPU seconds at each stage's end
        start = time.perf_counter()

        def progress(stage: str, done: int, total: int) -> None:
            if done == total:
                marks[stage] = time.perf_counter() - start
                cpu_marks[stage] = _cpu()

        formats = ("md", "html", "pdf", "json") if pdf else ("md", "json")
        options = EditionOptions(sources=(str(articles),), out=Path(tmp) / "out", formats=formats)
        cpu = _cpu()
        runner = _runner(mode, address)
        started = time.perf_counter() - start
        dask = _dask_stats(runner)
        with dask:
            result = build_edition(options, today="2031-05-05", runner=runner, progress=progress)
        total = time.perf_counter() - start
        cluster = dask.finish()
        runner.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    edition = result.edition
    queue.put(
        {
            "mode": mode,
            "start_s": started,
            "cpu_stages": _cpu_stages(cpu_marks, cpu, _cpu()),
            "client_cpu": _cpu() - cpu,
            **cluster,
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


class _dask_stats:
    """Around the edition: Dask's task stream, then the workers' CPU time and peak memory."""

    def __init__(self, runner: Any) -> None:
        self.client = getattr(runner, "client", None)
        self.runner = runner
        self.stream: Any = None
        self.before: dict[str, Any] = {}

    def __enter__(self) -> None:
        if self.client is not None:
            from distributed import get_task_stream

            # workers of a cluster that was already running have CPU time from earlier runs
            self.before = self.client.run(lambda: resource.getrusage(resource.RUSAGE_SELF))

            self.stream = get_task_stream(client=self.client)
            self.stream.__enter__()

    def __exit__(self, *exc: object) -> None:
        if self.stream is not None:
            self.stream.__exit__(*exc)

    def finish(self) -> dict[str, Any]:
        if self.client is None:
            return {"tasks": 0, "mean_task_s": 0.0, "worker_cpu": [], "worker_mb": []}
        spans = [
            s["stop"] - s["start"]
            for task in self.stream.data
            for s in task.get("startstops", ())
            if s.get("action") == "compute"
        ]
        usage = self.client.run(lambda: resource.getrusage(resource.RUSAGE_SELF))

        def cpu(u: Any) -> float:
            return float(u.ru_utime + u.ru_stime)

        return {
            "tasks": len(spans),
            "mean_task_s": sum(spans) / len(spans) if spans else 0.0,
            "worker_cpu": sorted(
                cpu(u) - (cpu(self.before[w]) if w in self.before else 0.0)
                for w, u in usage.items()
            ),
            "worker_mb": sorted(u.ru_maxrss / 1024 for u in usage.values()),
            "retried": self.runner.retried,
        }


def _local_scheduler(folder: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """A `dask scheduler` and two `dask worker` processes on 127.0.0.1 (as the tests start)."""
    dask = str(Path(sys.executable).with_name("dask"))
    file = folder / "scheduler.json"
    quiet = subprocess.DEVNULL
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
    scheduler += ["--dashboard-address", "127.0.0.1:0", "--scheduler-file", str(file)]
    procs = [subprocess.Popen(scheduler, stdout=quiet, stderr=quiet)]
    while not file.exists() or not file.read_text().strip():
        time.sleep(0.1)
    address = json.loads(file.read_text())["address"]
    for n in range(2):
        worker = [dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1"]
        worker += ["--no-dashboard", "--name", f"w{n}"]
        procs.append(subprocess.Popen(worker, stdout=quiet, stderr=quiet))
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        client.wait_for_workers(2, timeout=60)
    return address, procs


def measure(
    size: int, bench: Path, pdf: bool, mode: str = "in-process", address: str = ""
) -> dict[str, Any]:
    context = get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=child, args=(size, str(bench), pdf, queue, mode, address))
    before = os.getloadavg()[0]
    process.start()
    row = queue.get()
    process.join()
    return {**row, "loadavg": (before, os.getloadavg()[0])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--pdf", action="store_true", help="also write HTML and PDF")
    parser.add_argument("--save", type=Path, help="also write the rows as JSON")
    parser.add_argument("--workers", default="", help="e.g. 1,2: also on N local Dask workers")
    parser.add_argument("--scheduler", default="", help="'local' or tcp://HOST:8786: also there")
    args = parser.parse_args(argv)
    for name in ("duc2003", "duc2004"):
        if not (args.bench / name / f"{name}.jsonl").is_file():
            print(f"error: {args.bench / name} not found; pass --bench", file=sys.stderr)
            sys.exit(2)
    modes = ["in-process"] + [f"workers={n}" for n in args.workers.split(",") if n]
    with tempfile.TemporaryDirectory() as folder:
        address, procs = args.scheduler, []
        if address == "local":
            address, procs = _local_scheduler(Path(folder))
        modes += ["scheduler"] if address else []
        try:
            rows = [
                measure(int(s), args.bench, args.pdf, mode, address)
                for s in args.sizes.split(",")
                for mode in modes
            ]
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait()
    _stages(rows)
    _cpu_table(rows)
    if len(modes) > 1:
        _runners(rows)
    if args.save:
        args.save.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _stages(rows: list[dict[str, Any]]) -> None:
    print(
        "| articles | runner | source stories | stories found | briefed | load s | features s | "
        "stories s | briefs s | write s | total s | peak MB | formats | load avg |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for r in rows:
        print(
            f"| {r['articles']} | {r['mode']} | {r['source_stories']} | {r['stories']} | "
            f"{r['briefed']} | {r['load_s']:.1f} | {r['features_s']:.1f} | {r['stories_s']:.1f} | "
            f"{r['briefs_s']:.1f} | {r['write_s']:.1f} | {r['total_s']:.1f} | "
            f"{r['peak_mb']:.0f} | {'md,html,pdf,json' if r['pdf'] else 'md,json'} | "
            f"{_load(r)} |"
        )


def _load(row: dict[str, Any]) -> str:
    """The one-minute load average before and after the row's run (other jobs on the
    machine: wall times mean little above the number of cores less the run's own)."""
    before, after = row.get("loadavg", (float("nan"), float("nan")))
    return f"{before:.1f}-{after:.1f}"


def quiet_estimate(row: dict[str, Any]) -> float:
    """Seconds the run would take on an idle machine with a core per worker: the client's
    CPU time (its stages run while the workers wait) plus one worker's share of theirs.

    Wall time is the real figure on a quiet machine; on a shared one (other jobs taking the
    cores) wall time mostly measures the other jobs, and this estimate is the fairer one.
    It assumes every stage splits evenly over the workers (a stage of one task does not).
    """
    workers = row["worker_cpu"]
    return float(row["client_cpu"] + (sum(workers) / len(workers) if workers else 0.0))


def _cpu_table(rows: list[dict[str, Any]]) -> None:
    print()
    print("CPU seconds of the process that ran briefgen, per stage (workers' CPU not included):")
    print("| articles | runner | load | features | stories | briefs | write | total |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        c = r["cpu_stages"]
        print(
            f"| {r['articles']} | {r['mode']} | {c['load']:.1f} | {c['features']:.1f} | "
            f"{c['stories']:.1f} | {c['briefs']:.1f} | {c['write']:.1f} | {sum(c.values()):.1f} |"
        )


def _runners(rows: list[dict[str, Any]]) -> None:
    print()
    print(
        "| articles | runner | total s | start s | speed-up | CPU s client / workers | "
        "est. quiet speed-up | tasks | mean task s | client MB | workers MB | retried |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|")
    base: dict[int, dict[str, Any]] = {}
    for r in rows:
        b = base.setdefault(r["articles"], r)
        workers = ", ".join(f"{c:.1f}" for c in r["worker_cpu"]) or "-"
        bound = b["client_cpu"] / quiet_estimate(r)
        print(
            f"| {r['articles']} | {r['mode']} | {r['total_s']:.1f} | {r['start_s']:.1f} | "
            f"{b['total_s'] / r['total_s']:.2f}x | {r['client_cpu']:.1f} / {workers} | "
            f"{bound:.2f}x | {r['tasks']} | {r['mean_task_s']:.3f} | {r['peak_mb']:.0f} | "
            f"{', '.join(f'{m:.0f}' for m in r['worker_mb']) or '-'} | {r.get('retried', 0)} |"
        )


if __name__ == "__main__":
    main()
