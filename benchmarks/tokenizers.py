"""DUC and embedded articles -> agreement and time of nltk's stock tokenizers and briefgen's.

Run: .venv/bin/python benchmarks/tokenizers.py [--bench DIR]

briefgen.segment runs nltk's own word tokenizer and Punkt with their patterns compiled by
stdlib ``re`` instead of nltk's time-limited ``regex`` wrapper. This script checks that the
change is invisible on news text: the articles of DUC 2003 and 2004 (``../shared/bench``)
and the embedded corpus are cut into paragraphs as cleaning does; Punkt is trained by both
on the sample segmentation would use, then every paragraph is split into sentences and every
sentence into words by both. It prints how many of each differ and the time each took.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_BENCH = ROOT.parent / "shared" / "bench"


def articles(bench: Path) -> list[str]:
    texts: list[str] = []
    for name in ("duc2003", "duc2004"):
        path = bench / name / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                texts.extend(d["text"] for d in json.loads(line)["docs"])
    return texts


def timed(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    from nltk.tokenize import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer, PunktTrainer

    from briefgen import ingest
    from briefgen.clean.normalize import normalize, paragraphs
    from briefgen.segment import _PUNKT, _QUOTES, _training_sample, _word_tokenizer

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    args = parser.parse_args(argv)
    texts = articles(args.bench)
    if not texts:
        print(f"error: no DUC data under {args.bench}; pass --bench DIR", file=sys.stderr)
        return 2
    texts += [p.read_text(encoding="utf-8") for p in sorted(ingest.embedded_corpus().glob("*.txt"))]
    blocks = [p for t in texts for p in paragraphs(normalize(t))]
    sample = _training_sample("\n\n".join(texts))

    def train(**options: Any) -> Any:
        trainer = PunktTrainer(**options)
        trainer.train(sample, finalize=True)
        return trainer.get_params()

    stock_params, stock_train = timed(train)
    own_params, own_train = timed(lambda: train(**_PUNKT))
    fields = ("abbrev_types", "collocations", "sent_starters", "ortho_context")
    differ = [f for f in fields if getattr(stock_params, f) != getattr(own_params, f)]

    stock_punkt = PunktSentenceTokenizer(stock_params)
    own_punkt = PunktSentenceTokenizer(stock_params, **_PUNKT)
    stock_split, stock_split_s = timed(lambda: [stock_punkt.tokenize(b) for b in blocks])
    own_split, own_split_s = timed(lambda: [own_punkt.tokenize(b) for b in blocks])

    sentences = [
        unicodedata.normalize("NFC", s).translate(_QUOTES) for split in stock_split for s in split
    ]
    stock_tokenizer, own_tokenizer = NLTKWordTokenizer(), _word_tokenizer()
    stock_words, stock_words_s = timed(lambda: [stock_tokenizer.tokenize(s) for s in sentences])
    own_words, own_words_s = timed(lambda: [own_tokenizer.tokenize(s) for s in sentences])

    rows = [
        ("Punkt parameters", len(fields), len(differ), stock_train, own_train),
        (
            "sentences of each paragraph",
            len(blocks),
            sum(a != b for a, b in zip(stock_split, own_split, strict=True)),
            stock_split_s,
            own_split_s,
        ),
        (
            "words of each sentence",
            len(sentences),
            sum(a != b for a, b in zip(stock_words, own_words, strict=True)),
            stock_words_s,
            own_words_s,
        ),
    ]
    print(f"{len(texts)} articles, {sum(len(t) for t in texts):,} characters")
    print("| what | compared | different | nltk stock s | briefgen s |")
    print("|---|---:|---:|---:|---:|")
    for name, compared, different, stock_s, own_s in rows:
        print(f"| {name} | {compared} | {different} | {stock_s:.2f} | {own_s:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
