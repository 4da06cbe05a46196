"""What two processes on this machine's cores cost: the per-article edition stage (read,
parse, story features) over the same files in one process, in two processes one after the
other, and in two processes at once.

Run: .venv/bin/python benchmarks/cores.py [--size 10000] [--bench DIR] [--repeat 2]

Input: ``benchmarks/edition.py``'s corpus (``write_corpus``) of ``--size`` articles. Each
process imports briefgen first and times only the work (CPU seconds of that process):
``briefgen.edition.tasks.read_and_analyse`` over its share of the files, in order. No Dask:
whatever the two-process rows cost beyond the one-process row is the machine's and the
processes', not a scheduler's:

- "2 one after the other" minus "1": what each process loses by starting cold (its caches
  of canonical terms, stems and the like fill twice);
- "2 at once" minus "2 one after the other": what the two cores cost each other when both
  run (shared caches and memory bandwidth; on a virtual machine, perhaps one physical core).

The best of ``--repeat`` runs is printed for each row. Wall time is printed too; on a
machine shared with other jobs it measures them as much as this.
"""

from __future__ import annotations

import argparse
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


def work(items: list[Any], queue: Any) -> None:
    """Read and analyse ``items`` in this (fresh) process; put its CPU seconds."""
    from briefgen.edition.tasks import ReadTask, read_and_analyse

    start = time.process_time()
    for item in items:
        read_and_analyse(ReadTask(item, fetch=False))
    queue.put(time.process_time() - start)


def _run(shares: list[list[Any]], together: bool) -> tuple[list[float], float]:
    context = get_context("spawn")
    queue = context.Queue()
    cpu: list[float] = []
    start = time.perf_counter()
    if together:
        processes = [context.Process(target=work, args=(s, queue)) for s in shares]
        for p in processes:
            p.start()
        cpu = [queue.get() for _ in processes]
        for p in processes:
            p.join()
    else:
        for share in shares:
            process = context.Process(target=work, args=(share, queue))
            process.start()
            cpu.append(queue.get())
            process.join()
    return sorted(cpu), time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    from edition import DEFAULT_BENCH, write_corpus  # type: ignore[import-not-found]

    from briefgen import ingest

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_corpus(args.bench, args.size, folder)
        items = [i for plan in ingest.plan([str(folder)]) for i in plan]
        half = (len(items) + 1) // 2
        rows = [("1 process", [items], False)]
        rows += [("2 one after the other", [items[:half], items[half:]], False)]
        rows += [("2 at once", [items[:half], items[half:]], True)]
        print(f"| {args.size} articles | CPU s per process | CPU s in all | wall s |")
        print("|---|---|---:|---:|")
        for name, shares, together in rows:
            runs = [_run(shares, together) for _ in range(args.repeat)]
            cpu, wall = min(runs, key=lambda r: sum(r[0]))
            each = ", ".join(f"{c:.1f}" for c in cpu)
            print(f"| {name} | {each} | {sum(cpu):.1f} | {wall:.1f} |", flush=True)


if __name__ == "__main__":
    main()
