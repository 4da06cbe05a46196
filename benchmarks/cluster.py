"""Story briefs on the runners -> a table: time, peak memory per process, speed-up, tasks.

Run: .venv/bin/python benchmarks/cluster.py [--articles 1000,10000] [--workers 1,2]
     [--scheduler local|tcp://HOST:8786] [--bench DIR]

The work is the per-story part of an edition: ``pipeline.make_brief`` (clean, segment, score,
select, quotes, figures, disagreements) on every story, handed out through a
``briefgen.runner.Runner``: in process, on N local Dask worker processes (``--workers``), and
on a Dask cluster by address (``--scheduler``; ``local`` starts a `dask scheduler` and two
`dask worker` processes on 127.0.0.1 for the run, as a user's cluster would be).

Input: the DUC 2004 and DUC 2003 clusters in ``../shared/bench/`` as stories (80 stories of
about 10 reports); past those documents each story is filled up with perturbed copies of its
own reports (``benchmarks/scale.py``'s perturbation) until the corpus has ``--articles``.

Each (size, mode) runs in a fresh child process. "total" is the wall time of the whole map,
cluster start-up included; "start" is the start-up alone (0 in process; ~0 by address, the
cluster already runs). Peak memory is each process's maximum resident set size: the client
(this run's main process), and every worker. "tasks" are the Dask tasks (a few stories
each), "mean task" their mean compute time on a worker; in process each story is one task.
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
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.scale import SEED, perturb  # noqa: E402

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
DATE = "2004-01-01"


def stories(bench: Path, articles: int) -> list[list[Any]]:
    """DUC clusters as stories, filled up with perturbed copies to ``articles`` in all."""
    from briefgen.models import Article

    clusters: list[list[str]] = []
    for name in ("duc2004", "duc2003"):
        path = bench / name / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    clusters.append([d["text"] for d in json.loads(line)["docs"]])
    rng = random.Random(SEED)
    texts = [list(c) for c in clusters]
    total = sum(len(t) for t in texts)
    index = 0
    while total < articles:
        story, originals = texts[index % len(texts)], clusters[index % len(clusters)]
        story.append(perturb(originals[len(story) % len(originals)], rng))
        total, index = total + 1, index + 1
    return [
        [Article(id=f"s{n}", name=f"outlet{n % 7}", text=t) for n, t in enumerate(story, 1)]
        for story in texts
    ]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(mode: str, size: int, bench: Path, address: str | None) -> dict[str, Any]:
    """One measurement in this (fresh) process."""
    from briefgen.cluster import DaskRunner, connect, start_local
    from briefgen.pipeline import make_brief
    from briefgen.runner import InProcess, Runner

    work = stories(bench, size)
    fn = partial(make_brief, date=DATE)
    began, cpu_before = time.perf_counter(), _cpu_s()
    runner: Runner
    if mode == "in-process":
        runner = InProcess()
    elif mode == "scheduler":
        assert address
        runner = connect(address)
    else:
        runner = start_local(int(mode.split("=")[1]))
    started = time.perf_counter()
    result: dict[str, Any] = {"mode": mode, "articles": sum(len(s) for s in work)}
    if isinstance(runner, DaskRunner):
        from distributed import get_task_stream

        with get_task_stream(client=runner.client) as stream:
            briefs = runner.map(fn, work, label="stories")
        spans = [
            s["stop"] - s["start"]
            for task in stream.data
            for s in task.get("startstops", ())
            if s.get("action") == "compute"
        ]
        result["tasks"] = runner.tasks
        result["mean_task"] = sum(spans) / len(spans) if spans else 0.0
        result["worker_mb"] = sorted(runner.client.run(_peak_mb).values())
        result["worker_cpu"] = sorted(runner.client.run(_cpu_s).values())
        result["retried"] = runner.retried
    else:
        briefs = runner.map(fn, work, label="stories")
        result["tasks"] = len(work)
        result["worker_mb"] = []
        result["worker_cpu"] = []
    done = time.perf_counter()
    runner.close()
    result["facts"] = sum(len(b.consensus) + len(b.unique) for b in briefs)
    result["start"] = started - began
    result["total"] = done - began
    result["client_mb"] = _peak_mb()
    result["client_cpu"] = _cpu_s() - cpu_before
    if mode == "in-process":
        result["mean_task"] = (done - started) / len(work)
    return result


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


def _measure(mode: str, size: int, bench: Path, address: str | None) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--child", mode, "--articles", str(size)]
    argv += ["--bench", str(bench)] + (["--scheduler", address] if address else [])
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", default="1000,10000")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--scheduler", default=None, help="'local' or a scheduler address")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not (args.bench / "duc2004" / "duc2004.jsonl").is_file():
        print(f"no DUC data under {args.bench} (use --bench DIR)", file=sys.stderr)
        return 2
    sizes = [int(s) for s in args.articles.split(",") if s]
    if args.child:
        print(json.dumps(child(args.child, sizes[0], args.bench, args.scheduler)))
        return 0
    modes = ["in-process"] + [f"workers={n}" for n in args.workers.split(",") if n]
    procs: list[subprocess.Popen[bytes]] = []
    address = args.scheduler
    with tempfile.TemporaryDirectory() as folder:
        try:
            if address == "local":
                address, procs = _local_scheduler(Path(folder))
            if address:
                modes.append("scheduler")
            _table(sizes, modes, args.bench, address)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait()
    return 0


def quiet_estimate(row: dict[str, Any]) -> float:
    """Seconds the run would take on an idle machine with a core per worker: the client's
    CPU time (its stages run while the workers wait) plus one worker's share of theirs.

    Wall time is the real figure on a quiet machine; on a shared one (other jobs taking the
    cores) wall time mostly measures the other jobs, and this estimate is the fairer one.
    It assumes every stage splits evenly over the workers (a stage of one task does not).
    """
    workers = row["worker_cpu"]
    return float(row["client_cpu"] + (sum(workers) / len(workers) if workers else 0.0))


def _table(sizes: list[int], modes: list[str], bench: Path, address: str | None) -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        "| articles | mode | total s | start s | speed-up | CPU s client / workers "
        "| est. quiet speed-up | tasks | mean task s | client MB | workers MB | retried |"
    )
    print("|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|---:|")
    for size in sizes:
        base: dict[str, Any] = {}
        for mode in modes:
            print(f"measuring {size} articles, {mode}", file=sys.stderr)
            r = _measure(mode, size, bench, address if mode == "scheduler" else None)
            base = base or r
            workers = ", ".join(f"{mb:.0f}" for mb in r["worker_mb"]) or "-"
            cpus = " / ".join(
                [f"{r['client_cpu']:.1f}", ", ".join(f"{c:.1f}" for c in r["worker_cpu"]) or "-"]
            )
            bound = base["client_cpu"] / quiet_estimate(r)
            print(
                f"| {r['articles']} | {mode} | {r['total']:.1f} | {r['start']:.1f} "
                f"| {base['total'] / r['total']:.2f}x | {cpus} | {bound:.2f}x | {r['tasks']} "
                f"| {r['mean_task']:.3f} | {r['client_mb']:.0f} | {workers} "
                f"| {r.get('retried', 0)} |",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
