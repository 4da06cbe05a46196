"""Annotated clusters -> a faithfulness table: the default brief of each, scored by the rubric.

Run: .venv/bin/python benchmarks/faithfulness.py [--clusters DIR] [--rubric FILE]
     [--only SLUG,...] [--no-embedded] [--save FILE] [--details]

For every cluster folder under ``--clusters`` (default ``../shared/bench/clusters`` beside the
repository: ``<slug>/articles/`` and ``<slug>/expect.json``) and for the embedded corpus
(``../shared/eval/seeds-expect.json`` against ``../shared/seeds``), this builds the brief with
default options (``brief.json`` only), runs the shared scorer ``rubric.py --json`` on it and
prints one row per corpus plus the dev-cluster totals. The data is licensed for internal
evaluation and is read in place, never copied into the repository.

Columns: consensus facts found / annotated, unique facts found / annotated, conflicts found /
annotated, how many disagreements the brief lists and how many of those match an annotated
disagreement (by the rubric's own matcher: an upper bound on precision), noise items, verbatim
failures, bad citations among annotated and lexical pairs, mean support (share of the outlets
that state a found fact which the brief cites for it), redundant pairs, fragments.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
COLUMNS = (
    "corpus",
    "consensus",
    "unique",
    "conflicts",
    "listed",
    "listed annotated",
    "noise",
    "verbatim bad",
    "cit. annotated bad",
    "cit. lexical bad",
    "support",
    "redundancy",
    "fragments",
)


def build_json(sources: tuple[str, ...], out: Path) -> Path:
    """The default brief of ``sources`` (the embedded corpus when empty) as brief.json."""
    from briefgen.pipeline import BuildOptions, build

    build(BuildOptions(sources=sources, out=out, formats=("json",)), today="2026-01-01")
    return out / "brief.json"


def rubric(rubric_py: Path, brief: Path, expect: Path, articles: Path) -> dict[str, Any]:
    args = [sys.executable, str(rubric_py), str(brief), str(expect), str(articles), "--json"]
    done = subprocess.run(args, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def listed_annotated(rubric_py: Path, brief: Path, expect: Path) -> int:
    """How many of the brief's disagreements match one of the annotated ones (rubric matcher)."""
    spec = importlib.util.spec_from_file_location("rubric", rubric_py)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    listed = json.loads(brief.read_text(encoding="utf-8")).get("disagreements", []) or []
    annotated = json.loads(expect.read_text(encoding="utf-8"))["conflicts"]
    return sum(
        any(module.matches(" ".join(module.strings(d)), c) for c in annotated) for d in listed
    )


def row(name: str, r: dict[str, Any]) -> dict[str, Any]:
    return {
        "corpus": name,
        "consensus": (r["consensus"]["found"], r["consensus"]["of"]),
        "unique": (r["unique"]["found"], r["unique"]["of"]),
        "conflicts": (r["conflicts"]["found"], r["conflicts"]["of"]),
        "listed": r["conflicts"]["listed"],
        "listed annotated": r["listed_annotated"],
        "noise": len(r["noise"]["found"]),
        "verbatim bad": (r["verbatim"]["bad"], r["verbatim"]["of"]),
        "cit. annotated bad": (r["citations_annotated"]["bad"], r["citations_annotated"]["of"]),
        "cit. lexical bad": (r["citations_lexical"]["bad"], r["citations_lexical"]["of"]),
        "support": (r["support"]["mean"] or 0.0, r["support"]["specs"]),
        "redundancy": r["redundancy"]["pairs"],
        "fragments": r["fragments"]["count"],
    }


def total(rows: list[dict[str, Any]], name: str) -> dict[str, Any]:
    out: dict[str, Any] = {"corpus": name}
    for column in COLUMNS[1:]:
        values = [r[column] for r in rows]
        if column == "support":  # mean over all found specs, weighted by their count
            specs = sum(n for _, n in values)
            out[column] = (sum(m * n for m, n in values) / specs if specs else 0.0, specs)
        elif isinstance(values[0], tuple):
            out[column] = (sum(v[0] for v in values), sum(v[1] for v in values))
        else:
            out[column] = sum(values)
    return out


def cell(column: str, value: Any) -> str:
    if column == "support":
        return f"{value[0]:.2f}"
    if column in ("consensus", "unique", "conflicts") and value[1]:
        return f"{value[0]}/{value[1]} ({100 * value[0] / value[1]:.0f} %)"
    if isinstance(value, tuple):
        return f"{value[0]}/{value[1]}"
    return str(value)


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(cell(c, r[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=Path, default=SHARED / "bench" / "clusters")
    parser.add_argument("--rubric", type=Path, default=SHARED / "eval" / "rubric.py")
    parser.add_argument("--only", default="", help="comma-separated cluster slugs")
    parser.add_argument("--no-embedded", action="store_true")
    parser.add_argument("--save", type=Path, help="also write the rubric results as JSON")
    parser.add_argument("--details", action="store_true", help="print what each corpus missed")
    args = parser.parse_args(argv)

    slugs = sorted(p.name for p in args.clusters.iterdir() if (p / "expect.json").is_file())
    if args.only:
        slugs = [s for s in slugs if s in args.only.split(",")]
    results: dict[str, dict[str, Any]] = {}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for slug in slugs:
            folder = args.clusters / slug
            brief = build_json((str(folder / "articles"),), Path(tmp) / slug)
            r = rubric(args.rubric, brief, folder / "expect.json", folder / "articles")
            r["listed_annotated"] = listed_annotated(args.rubric, brief, folder / "expect.json")
            results[slug] = r
            rows.append(row(slug, r))
        if rows:
            rows.append(total(rows, f"**total ({len(slugs)})**"))
        if not args.no_embedded:
            brief = build_json((), Path(tmp) / "embedded")
            expect = SHARED / "eval" / "seeds-expect.json"
            r = rubric(args.rubric, brief, expect, SHARED / "seeds")
            r["listed_annotated"] = listed_annotated(args.rubric, brief, expect)
            results["embedded"] = r
            rows.append(row("embedded corpus", r))
    print(table(rows))
    if args.details:
        for name, r in results.items():
            print(f"\n## {name}")
            for key in ("consensus", "unique", "conflicts"):
                print(f"- {key} missing: {r[key]['missing']}")
            print(f"- consensus weak: {r['consensus']['weak']}")
            print(f"- noise: {r['noise']['found']}")
            print(f"- bad citations: {r['citations']['examples']}")
            print(f"- redundancy: {r['redundancy']['examples']}")
            print(f"- fragments: {r['fragments']['examples']}")
    if args.save:
        args.save.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
