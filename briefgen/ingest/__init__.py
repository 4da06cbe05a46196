"""Source specs (files, directories) -> Articles with ids, plus one Problem per bad source.

A directory may hold a ``sources.toml`` manifest that gives or overrides metadata per file
name (``title``, ``outlet``, ``url``, ``published``, ``author``). Metadata is never
invented: a field the source does not state stays ``None``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from briefgen.models import Article, Problem

MANIFEST = "sources.toml"
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
MAX_BYTES = 20 * 1024 * 1024  # larger files are skipped with a warning


@dataclass(frozen=True)
class Ingested:
    """What ingest returns: usable articles in input order, and the sources it skipped."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]


def embedded_corpus() -> Path:
    """The directory of the embedded default corpus shipped inside the package."""
    return Path(str(resources.files("briefgen") / "corpus"))


def _read_manifest(directory: Path) -> dict[str, dict[str, str]]:
    manifest = directory / MANIFEST
    if not manifest.is_file():
        return {}
    with manifest.open("rb") as handle:
        data = tomllib.load(handle)
    return {name: {k: str(v) for k, v in entry.items()} for name, entry in data.items()}


def _expand(spec: str) -> tuple[list[Path], list[Problem]]:
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix in TEXT_SUFFIXES)
        if not files:
            return [], [Problem(spec, "directory holds no usable articles")]
        return files, []
    if path.is_file():
        return [path], []
    return [], [Problem(spec, "no such file or directory")]


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise ValueError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    if b"\x00" in data[:4096]:
        raise ValueError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ValueError("undecodable text") from None
        return str(best)


def load_file(path: Path, meta: dict[str, str]) -> Article:
    """One text file as an Article (id assigned later); raises ValueError if unusable."""
    text = _read_text(path)
    if not text.strip():
        raise ValueError("empty file")
    outlet = meta.get("outlet") or meta.get("source")
    return Article(
        id="",
        name=outlet or path.name,
        text=text,
        title=meta.get("title"),
        url=meta.get("url"),
        published=meta.get("published") or meta.get("date"),
        path=str(path),
        outlet=outlet,
        author=meta.get("author"),
    )


def load(specs: Sequence[str]) -> Ingested:
    """Load every spec in order; bad sources become Problems, never exceptions."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for spec in specs:
        files, expand_problems = _expand(spec)
        problems.extend(expand_problems)
        for path in files:
            meta = _read_manifest(path.parent).get(path.name, {})
            try:
                articles.append(load_file(path, meta))
            except (OSError, ValueError) as exc:
                problems.append(Problem(str(path), str(exc)))
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(articles, start=1))
    return Ingested(numbered, tuple(problems))
