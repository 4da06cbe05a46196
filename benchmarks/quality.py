"""DUC clusters -> a ROUGE table: briefgen's summary mode versus sumy and published systems.

Run: .venv/bin/python benchmarks/quality.py [--dataset duc2004|duc2003] [--bench DIR]
     [--systems briefgen,lexrank,...] [--scorer NAME] [--save FILE] [--jobs N]

The data is read from ``../shared/bench/<dataset>/`` next to the repository (override with
``--bench``); it is licensed for internal evaluation only and is never copied here.

Scoring (the standard DUC 2004 setting, see the data README): ROUGE-1 and ROUGE-2 recall and
summary-level ROUGE-L (LCS union over ``\\n``-separated sentences) recall, with rouge-score's
tokenizer and Porter stemmer; system summary and every reference truncated to their first 100
whitespace words; counts pooled over the 4 references like ROUGE-1.5.5 ``-f A`` (total hits /
total reference n-grams), then averaged over clusters. Every system is scored by this code.

Systems: ``briefgen`` (``pipeline.summarize``: top facts cut to 100 words), sumy's six
summarizers (documents concatenated in date order, top-ranked sentences until 100 words,
output in document order, sentences from briefgen.segment), and, for DUC 2004, the 13
published systems of ``duc2004_sumrepo_outputs.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a plain script
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"
LIMIT = 100  # words, both sides
SUMY = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")

Cluster = dict[str, Any]


# --- ROUGE: rouge-score's tokenizer and stemmer, ROUGE-1.5.5's pooled average -------------


def _tokenizer() -> Any:
    from rouge_score import tokenizers

    return tokenizers.DefaultTokenizer(use_stemmer=True)


def truncate(text: str, limit: int = LIMIT) -> str:
    """The first ``limit`` whitespace words, keeping the line breaks between sentences."""
    out: list[str] = []
    left = limit
    for line in text.split("\n"):
        if left <= 0:
            break
        kept = line.split()[:left]
        left -= len(kept)
        if kept:
            out.append(" ".join(kept))
    return "\n".join(out)


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _lcs_indices(ref: Sequence[str], cand: Sequence[str]) -> list[int]:
    """Indices into ``ref`` of one longest common subsequence with ``cand``."""
    rows, cols = len(ref), len(cand)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            if ref[i - 1] == cand[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    picked: list[int] = []
    i, j = rows, cols
    while i > 0 and j > 0:
        if ref[i - 1] == cand[j - 1]:
            picked.append(i - 1)
            i, j = i - 1, j - 1
        elif table[i - 1][j] >= table[i][j - 1]:
            i -= 1
        else:
            j -= 1
    return picked[::-1]


def _lcs_hits(ref_sents: list[list[str]], cand_sents: list[list[str]]) -> int:
    """Summary-level union-LCS hits of one reference, clipped by token counts (ROUGE-1.5.5)."""
    left_ref = Counter(t for s in ref_sents for t in s)
    left_cand = Counter(t for s in cand_sents for t in s)
    hits = 0
    for ref in ref_sents:
        union = sorted({i for cand in cand_sents for i in _lcs_indices(ref, cand)})
        for token in (ref[i] for i in union):
            if left_ref[token] > 0 and left_cand[token] > 0:
                hits += 1
                left_ref[token] -= 1
                left_cand[token] -= 1
    return hits


def rouge(summary: str, refs: Sequence[str], tokenizer: Any) -> dict[str, float]:
    """Pooled recall over ``refs`` for R-1, R-2 and R-L (summary-level), truncated to 100 words."""
    cand_sents = [tokenizer.tokenize(s) for s in truncate(summary).split("\n")]
    cand_sents = [s for s in cand_sents if s]
    cand = [t for s in cand_sents for t in s]
    result: dict[str, float] = {}
    for n in (1, 2):
        grams = _ngrams(cand, n)
        hits = total = 0
        for ref in refs:
            ref_grams = _ngrams(tokenizer.tokenize(truncate(ref)), n)
            hits += sum((ref_grams & grams).values())
            total += sum(ref_grams.values())
        result[f"R-{n}"] = hits / total if total else 0.0
    hits = total = 0
    for ref in refs:
        ref_sents = [tokenizer.tokenize(s) for s in truncate(ref).split("\n")]
        ref_sents = [s for s in ref_sents if s]
        total += sum(len(s) for s in ref_sents)
        hits += _lcs_hits(ref_sents, cand_sents) if cand_sents else 0
    result["R-L"] = hits / total if total else 0.0
    return result


# --- systems ---------------------------------------------------------------------------------


def date_ordered(cluster: Cluster) -> list[str]:
    """The cluster's documents ordered by the date in their id (``APW19981016.0240``), then id."""
    docs = sorted(cluster["docs"], key=lambda d: (d["id"][3:11], d["id"]))
    return [d["text"] for d in docs]


def sumy_summary(documents: Sequence[str], scorer: str, words: int = LIMIT) -> str:
    """Concatenated documents, top-ranked sentences until ``words``, in document order."""
    from briefgen.models import Article
    from briefgen.score.salience import rate_with
    from briefgen.segment import segment

    articles = [Article(f"d{i}", f"d{i}", text) for i, text in enumerate(documents)]
    sentences = segment(articles)
    merged = [replace(s, source="all", index=k, paragraph=0) for k, s in enumerate(sentences)]
    ratings = rate_with(sumy_class(scorer), merged)
    order = sorted(range(len(merged)), key=lambda k: (-ratings[k], k))
    chosen: list[int] = []
    total = 0
    for k in order:
        if total >= words:
            break
        chosen.append(k)
        total += len(merged[k].text.split())
    return "\n".join(merged[k].text for k in sorted(chosen))


def sumy_class(name: str) -> type:
    """sumy's own summarizer class (not briefgen's faster LexRank) for a baseline."""
    from sumy.summarizers import kl, lex_rank, lsa, luhn, sum_basic, text_rank

    return {
        "lexrank": lex_rank.LexRankSummarizer,
        "textrank": text_rank.TextRankSummarizer,
        "lsa": lsa.LsaSummarizer,
        "luhn": luhn.LuhnSummarizer,
        "kl": kl.KLSummarizer,
        "sumbasic": sum_basic.SumBasicSummarizer,
    }[name]


def briefgen_summary(documents: Sequence[str], scorer: str, words: int = LIMIT) -> str:
    from briefgen.pipeline import summarize

    return summarize(documents, words=words, scorer=scorer)


def _run(task: tuple[str, Cluster, str]) -> tuple[str, str, str]:
    system, cluster, scorer = task
    documents = date_ordered(cluster)
    if system == "briefgen":
        text = briefgen_summary(documents, scorer)
    else:
        text = sumy_summary(documents, system)
    return cluster["id"], system, text


# --- main ------------------------------------------------------------------------------------


def load(bench: Path, dataset: str) -> tuple[list[Cluster], dict[tuple[str, str], str]]:
    folder = bench / dataset
    path = folder / f"{dataset}.jsonl"
    if not path.is_file():
        print(
            f"error: {path} not found; put the {dataset.upper()} data in ../shared/bench/ "
            "next to the repository or pass --bench DIR",
            file=sys.stderr,
        )
        raise SystemExit(2)
    clusters = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    published: dict[tuple[str, str], str] = {}
    outputs = folder / f"{dataset}_sumrepo_outputs.jsonl"
    if outputs.is_file():
        for line in outputs.read_text(encoding="utf-8").splitlines():
            if line:
                row = json.loads(line)
                published[(row["id"], row["system"])] = row["summary"]
    return clusters, published


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--dataset", default="duc2004", choices=("duc2004", "duc2003"))
    parser.add_argument("--systems", default="briefgen," + ",".join(SUMY))
    parser.add_argument("--scorer", default=None, help="briefgen's salience scorer")
    parser.add_argument("--no-published", action="store_true")
    parser.add_argument("--save", type=Path, help="write every summary as JSONL")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--clusters", type=int, default=0, help="only the first N (quick runs)")
    args = parser.parse_args(argv)

    from briefgen.score import DEFAULT_SCORER

    scorer = args.scorer or DEFAULT_SCORER
    clusters, published = load(args.bench, args.dataset)
    if args.clusters:
        clusters = clusters[: args.clusters]
    systems = [s for s in args.systems.split(",") if s]
    slow_first = sorted(systems, key=lambda s: s != "kl")  # sumy's KL is by far the slowest
    tasks = [(system, c, scorer) for system in slow_first for c in clusters]
    summaries: dict[tuple[str, str], str] = {}
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for done, (cid, system, text) in enumerate(pool.map(_run, tasks, chunksize=2), 1):
            summaries[(cid, system)] = text
            if done % 25 == 0 or done == len(tasks):
                print(f"[{done}/{len(tasks)}] summaries", file=sys.stderr)
    names = [f"briefgen ({scorer})" if s == "briefgen" else f"sumy {s}" for s in systems]
    rows = dict(zip(systems, names, strict=True))
    if not args.no_published:
        wanted = {c["id"] for c in clusters}
        for (cid, system), text in sorted(published.items()):
            if cid in wanted:
                summaries[(cid, system)] = text
                rows.setdefault(system, system)

    tokenizer = _tokenizer()
    table: list[tuple[str, dict[str, float]]] = []
    for system, name in rows.items():
        totals = Counter[str]()
        for c in clusters:
            for metric, value in rouge(summaries[(c["id"], system)], c["refs"], tokenizer).items():
                totals[metric] += value
        table.append((name, {m: 100 * v / len(clusters) for m, v in totals.items()}))
    table.sort(key=lambda row: -row[1]["R-2"])
    print(f"{args.dataset}: {len(clusters)} clusters, recall x100, 100 words, stemmed, pooled refs")
    print(f"| {'system':<22} | {'R-1':>6} | {'R-2':>6} | {'R-L':>6} |")
    print(f"|{'-' * 24}|{'-' * 8}|{'-' * 8}|{'-' * 8}|")
    for name, scores in table:
        r1, r2, rl = scores["R-1"], scores["R-2"], scores["R-L"]
        print(f"| {name:<22} | {r1:6.2f} | {r2:6.2f} | {rl:6.2f} |")
    if args.save:
        with args.save.open("w", encoding="utf-8") as out:
            for (cid, system), text in sorted(summaries.items()):
                row = {"id": cid, "system": rows.get(system, system), "summary": text}
                out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
