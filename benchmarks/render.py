"""Time and peak memory to render each template to PDF: embedded corpus and a 200-source brief.

Run: ``.venv/bin/python benchmarks/render.py``. Each case runs in a fresh child process so
its peak resident memory (ru_maxrss) is its own; the table is printed, nothing is asserted.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from typing import Any

TEMPLATES = ("daily", "executive", "full")


def embedded_brief() -> Any:
    from briefgen import ingest
    from briefgen.pipeline import make_brief

    loaded = ingest.load([str(ingest.embedded_corpus())], fetch=False)
    return make_brief(loaded.articles, date="2031-03-04")


def synthetic_brief(sources: int = 200, facts: int = 120) -> Any:
    """An invented event with ``sources`` outlets and ``facts`` facts of varied support."""
    from briefgen.models import Article, Brief, Evidence, Fact

    articles = tuple(
        Article(
            id=f"s{i}",
            name=f"Outlet {i:03d}",
            text="",
            title=f"Dam spillway opened after record rain, report {i}",
            url=f"https://outlet{i}.example/news/{i}",
            published="2031-03-04",
        )
        for i in range(1, sources + 1)
    )

    def fact(k: int, support: int) -> Fact:
        ids = tuple(f"s{(k * 7 + j) % sources + 1}" for j in range(support))
        text = f"Engineers at the reservoir opened spillway gate {k} as inflow rose for day {k}."
        evidence = tuple(Evidence(s, f"{text} ({s})") for s in ids)
        return Fact(text, ids[0], ids, evidence, 1 / (k + 1), support)

    consensus = tuple(fact(k, 2 + k % 40) for k in range(facts // 2))
    unique = tuple(fact(k, 1) for k in range(facts // 2, facts))
    return Brief("Dam spillway opened", "2031-03-04", articles, consensus, unique)


def measure(case: str, template: str, queue: Any) -> None:
    from briefgen.compose import compose
    from briefgen.render import to_html, to_pdf

    brief = embedded_brief() if case == "embedded" else synthetic_brief()
    start = time.perf_counter()
    markdown = compose(brief, template)
    html = to_html(markdown, title=brief.title, date=brief.date, template=template)
    pdf = to_pdf(html)
    elapsed = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from io import BytesIO

    from pypdf import PdfReader  # a dev dependency

    pages = len(PdfReader(BytesIO(pdf)).pages)
    queue.put({"seconds": elapsed, "peak_mib": peak_mib, "kib": len(pdf) / 1024, "pages": pages})


def main() -> None:
    context = multiprocessing.get_context("spawn")
    print(
        f"{'case':<10} {'template':<10} {'seconds':>8} {'peak MiB':>9} {'PDF KiB':>8} {'pages':>6}"
    )
    for case in ("embedded", "200-source"):
        for template in TEMPLATES:
            queue = context.Queue()
            child = context.Process(target=measure, args=(case, template, queue))
            child.start()
            result = queue.get()
            child.join()
            print(
                f"{case:<10} {template:<10} {result['seconds']:>8.2f} {result['peak_mib']:>9.0f} "
                f"{result['kib']:>8.0f} {result['pages']:>6}"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
