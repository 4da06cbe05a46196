"""DUC clusters -> every disagreement the brief would list, for checking precision by hand.

Run: .venv/bin/python benchmarks/duc_disagreements.py [--bench DIR] [--save FILE] [--diff FILE]

DUC 2003 and 2004 have no annotation of disagreements, but their clusters are many stories by
a few wires: what the finder lists there is mostly what it would invent on real input. Each
cluster is analysed as ``make_brief`` does (clean, segment, score, then
``find_disagreements`` with the engine's same-fact pairs), every document dated by its id
(``APW19981016.0240`` -> 1998-10-16). It prints the count per dataset; ``--save`` writes the
listing as JSON (one object per disagreement: cluster, kind, about, claims with value,
sources and sentence); ``--diff`` prints the disagreements that are new or gone against an
earlier saved listing, to read by hand. The data is read in place from ``../shared/bench``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
DATASETS = ("duc2003", "duc2004")
_DATED = re.compile(r"(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)")


def published(doc_id: str) -> str | None:
    """The date a DUC document id carries ("NYT19981016.0240" -> "1998-10-16")."""
    found = _DATED.search(doc_id)
    return f"{found['y']}-{found['m']}-{found['d']}" if found else None


def listing(cluster: dict[str, Any]) -> list[dict[str, Any]]:
    """The disagreements the brief of one cluster lists, as plain values."""
    from briefgen import analysis
    from briefgen.models import Article
    from briefgen.pipeline import analyse, independent_voices

    articles = [
        Article(d["id"], d["id"], d["text"], published=published(d["id"])) for d in cluster["docs"]
    ]
    cleaned, scored, _, _ = analyse(articles)
    usable = [a for a in cleaned if a.duplicate_of is None]
    found = analysis.find_disagreements(
        scored.sentences,
        usable,
        independent_voices(cleaned),
        same_fact=(*scored.agree, *scored.rivals),
    )
    return [
        {
            "cluster": cluster["id"],
            "kind": d.kind,
            "about": d.about,
            "claims": [
                {"value": c.value, "sources": list(c.sources), "text": c.text} for c in d.claims
            ],
        }
        for d in found
    ]


def key(item: dict[str, Any]) -> str:
    """What identifies a listed disagreement across runs: its cluster and claims."""
    claims = sorted((c["value"], tuple(c["sources"])) for c in item["claims"])
    return json.dumps([item["cluster"], item["kind"], claims])


def show(item: dict[str, Any]) -> str:
    lines = [f"{item['cluster']} [{item['kind']}] {item['about']}"]
    lines += [f"    {c['value']} {c['sources']}: {c['text']}" for c in item["claims"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--save", type=Path, help="write the listing here as JSON")
    parser.add_argument("--diff", type=Path, help="an earlier --save listing to compare with")
    args = parser.parse_args(argv)
    found: list[dict[str, Any]] = []
    for dataset in DATASETS:
        path = args.bench / dataset / f"{dataset}.jsonl"
        if not path.is_file():
            print(f"error: {path} not found; pass --bench DIR", file=sys.stderr)
            return 2
        clusters = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        listed = [item for cluster in clusters if cluster for item in listing(cluster)]
        print(f"{dataset}: {len(clusters)} clusters, {len(listed)} disagreements listed")
        found += listed
    print(f"total: {len(found)}")
    if args.save:
        args.save.write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.diff:
        before = json.loads(args.diff.read_text(encoding="utf-8"))
        old, new = {key(i): i for i in before}, {key(i): i for i in found}
        gone = [old[k] for k in old if k not in new]
        added = [new[k] for k in new if k not in old]
        print(f"\nno longer listed: {len(gone)}")
        print("\n".join(show(i) for i in gone))
        print(f"\nnew: {len(added)}")
        print("\n".join(show(i) for i in added))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
