"""Ingest throughput: N generated articles of mixed formats -> articles/s and MB/s per format.

Writes txt, md, html, json and jsonl files (jsonl holds 10 records per file) of an
invented story to a temporary directory, loads each format's files with
``briefgen.ingest.load`` and prints one table row per format plus the total.

    python benchmarks/ingest.py --n 1000
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

from briefgen.ingest import load

SUBJECTS = ("The council", "The coastguard", "Residents", "The operator", "Engineers", "Police")
VERBS = ("said", "confirmed", "warned", "reported", "announced", "denied")
OBJECTS = (
    "that the main road would reopen on Friday after repairs",
    "that 14 people were treated for minor injuries at the scene",
    "the inquiry would publish its first findings within 30 days",
    "that services were running again on the northern line",
    "a review of safety checks at every depot in the region",
    "that the damage was worse than first thought by the inspectors",
)
FORMATS = ("txt", "md", "html", "json", "jsonl")
RECORDS_PER_JSONL = 10


def paragraphs(rng: random.Random, count: int) -> list[str]:
    return [
        " ".join(
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
            for _ in range(rng.randint(2, 4))
        )
        for _ in range(count)
    ]


def html_page(title: str, outlet: str, body: list[str]) -> str:
    paras = "\n".join(f"<p>{p}</p>" for p in body)
    return (
        f"<!DOCTYPE html><html><head><title>{title} | {outlet}</title>"
        f'<meta property="og:site_name" content="{outlet}">'
        '<meta property="article:published_time" content="2026-03-03">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>© 2026 Example Media. All rights reserved.</footer></body></html>"
    )


def generate(directory: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Write ``n`` articles spread over the formats; the file paths per format."""
    rng = random.Random(seed)
    files: dict[str, list[str]] = {f: [] for f in FORMATS}
    jsonl_buffer: list[str] = []
    for i in range(n):
        form = FORMATS[i % len(FORMATS)]
        title = f"Story {i} about the depot closure"
        outlet = f"Outlet {i % 17}"
        body = paragraphs(rng, rng.randint(5, 12))
        path = directory / f"a{i:05d}.{form}"
        if form == "txt":
            path.write_text(title + "\n\n" + "\n\n".join(body) + "\n")
        elif form == "md":
            front = f"---\ntitle: {title}\noutlet: {outlet}\npublished: 2026-03-03\n---\n\n"
            path.write_text(
                front + "\n\n".join(f"**{p}**" if k == 0 else p for k, p in enumerate(body))
            )
        elif form == "html":
            path.write_text(html_page(title, outlet, body))
        elif form == "json":
            record = {"title": title, "outlet": outlet, "text": "\n\n".join(body)}
            path.write_text(json.dumps(record))
        else:
            record = {"title": title, "source": outlet, "content": "\n\n".join(body)}
            jsonl_buffer.append(json.dumps(record))
            if len(jsonl_buffer) == RECORDS_PER_JSONL:
                path.write_text("\n".join(jsonl_buffer) + "\n")
                jsonl_buffer = []
            else:
                continue
        files[form].append(str(path))
    if jsonl_buffer:
        path = directory / "rest.jsonl"
        path.write_text("\n".join(jsonl_buffer) + "\n")
        files["jsonl"].append(str(path))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the generated text")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = generate(Path(tmp), args.n, args.seed)
        rows = []
        for form in FORMATS:
            size = sum(Path(p).stat().st_size for p in files[form])
            start = time.perf_counter()
            result = load(files[form], fetch=False)
            seconds = time.perf_counter() - start
            rows.append(
                (form, len(files[form]), len(result.articles), len(result.problems), size, seconds)
            )
    total = (
        "total",
        sum(r[1] for r in rows),
        sum(r[2] for r in rows),
        sum(r[3] for r in rows),
        sum(r[4] for r in rows),
        sum(r[5] for r in rows),
    )
    print(
        f"{'format':<8}{'files':>7}{'articles':>10}{'problems':>10}{'MB':>8}{'seconds':>9}{'art/s':>9}{'MB/s':>8}"
    )
    for form, nfiles, narticles, nproblems, size, seconds in [*rows, total]:
        mb = size / 1e6
        print(
            f"{form:<8}{nfiles:>7}{narticles:>10}{nproblems:>10}{mb:>8.2f}{seconds:>9.2f}"
            f"{narticles / seconds:>9.0f}{mb / seconds:>8.2f}"
        )


if __name__ == "__main__":
    main()
