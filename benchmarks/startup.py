"""Commands and imports -> a table of wall-clock seconds (median of ``--runs``, default 3).

Run from the repository root: .venv/bin/python benchmarks/startup.py [--runs 3]

Every row is a fresh process, timed from outside, so interpreter start-up and imports count
as a user sees them:

- ``briefgen --help``;
- ``import X`` for each heavy dependency, alone in a fresh interpreter (what the first
  import costs; shared dependencies such as numpy are counted in each row that needs them);
- ``briefgen -q build --format F`` of the embedded corpus, for each format alone and all four
  together, into a temporary folder.

No benchmark data is needed. The machine may be shared: the median of a few runs is given,
wall-clock and CPU (user + system, the child's own); on a busy machine the CPU column is the
steadier of the two.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

# ``-m`` from the repository root: the checkout the script is run from is the one measured
BRIEFGEN = [sys.executable, "-m", "briefgen"]
IMPORTS = (
    "nltk",
    "nltk.tokenize.punkt",
    "sumy",
    "numpy",
    "scipy.sparse",
    "sklearn.feature_extraction.text",
    "trafilatura",
    "jinja2",
    "weasyprint",
    "briefgen.pipeline",
    "briefgen.render",
)
FORMATS = ("md", "html", "pdf", "json", "md,html,pdf,json")


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run of ``command``."""
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, _cpu() - cpu


def median(command: Sequence[str], runs: int) -> tuple[float, float]:
    """Medians of wall-clock and CPU seconds over ``runs`` runs."""
    times = [timed(command) for _ in range(runs)]
    return statistics.median(w for w, _ in times), statistics.median(c for _, c in times)


def rows(runs: int) -> list[tuple[str, tuple[float, float]]]:
    table = [("briefgen --help", median([*BRIEFGEN, "--help"], runs))]
    table.append(("python -c pass", median([sys.executable, "-c", "pass"], runs)))
    for module in IMPORTS:
        table.append((f"import {module}", median([sys.executable, "-c", f"import {module}"], runs)))
    with tempfile.TemporaryDirectory() as out:
        for formats in FORMATS:
            command = [*BRIEFGEN, "-q", "build", "--format", formats, "--out", str(Path(out))]
            table.append((f"embedded brief --format {formats}", median(command, runs)))
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"| what | wall s (median of {args.runs}) | CPU s (median) |")
    print("|---|---:|---:|")
    for name, (wall, cpu) in rows(args.runs):
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
