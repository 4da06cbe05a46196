"""Articles + a date range -> one edition per day in OUT/YYYY-MM-DD/, skipping days already done.

Stages:

1. assign   each article to the day it was published (``Article.published``); articles with
            no date, or outside the range, are counted and left out
2. digest   per day, a SHA-256 of that day's articles (every field, in order) and of the
            settings that shape the output (the ``settings`` mapping, briefgen's version and
            the files of a template directory); which runner ran it is not part of it, since
            the output is the same byte for byte wherever it ran
3. skip     a day whose ``run.json`` holds the same digest and whose files all exist
4. build    every other day with articles, through ``build_day`` (the edition), then record
            the digest in that day's ``run.json``, last, so an interrupted day is redone

Each day's articles are numbered ``s1``, ``s2`` ... in load order, so a change on one day
never changes another day's ids, digest or edition. Days are built one after another; each
edition hands its own per-article and per-story work to the runner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from briefgen import __version__
from briefgen.daily.locking import lock
from briefgen.errors import BriefgenError, ClusterError, UsageError
from briefgen.models import Article
from briefgen.output import write_atomic

RUN_NAME = "run.json"
SCHEMA = 1

Progress = Callable[[str], None]
# (the day's articles, the day "YYYY-MM-DD", its folder) -> the files written, in the folder.
BuildDay = Callable[[Sequence[Article], str, Path], Sequence[Path]]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class DayResult:
    day: str
    articles: int
    status: str  # "built" | "skipped" (unchanged) | "empty" (no articles) | "failed"
    message: str = ""
    exit_code: int = 0  # the failure's exit code


@dataclass(frozen=True)
class ArchiveResult:
    days: tuple[DayResult, ...]
    undated: int  # articles without a publication date
    outside: int  # articles dated outside the range

    def count(self, status: str) -> int:
        return sum(1 for day in self.days if day.status == status)


def days_between(start: str, end: str) -> list[str]:
    """Every day from ``start`` to ``end`` inclusive, as YYYY-MM-DD."""
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    if last < first:
        raise UsageError(f"--to {end} is before --from {start}")
    return [(first + dt.timedelta(days=n)).isoformat() for n in range((last - first).days + 1)]


def assign(
    articles: Sequence[Article], days: Sequence[str]
) -> tuple[dict[str, tuple[Article, ...]], int, int]:
    """Stage 1: day -> its articles renumbered s1.. in order; and the undated/outside counts."""
    wanted = set(days)
    by_day: dict[str, list[Article]] = {day: [] for day in days}
    undated = outside = 0
    for article in articles:
        day = (article.published or "")[:10]
        if not day:
            undated += 1
        elif day not in wanted:
            outside += 1
        else:
            by_day[day].append(article)
    renumbered = {
        day: tuple(replace(a, id=f"s{n}") for n, a in enumerate(items, 1))
        for day, items in by_day.items()
    }
    return renumbered, undated, outside


def _template_files(templates: Sequence[Path]) -> Iterator[tuple[str, bytes]]:
    for place in templates:
        if place.is_file():
            yield place.name, place.read_bytes()
        elif place.is_dir():
            for path in sorted(p for p in place.rglob("*") if p.is_file()):
                yield path.relative_to(place).as_posix(), path.read_bytes()


def digest(
    articles: Sequence[Article], settings: Mapping[str, Any], templates: Sequence[Path] = ()
) -> str:
    """Stage 2: the hex SHA-256 of a day's inputs and the settings that shape its output.

    ``templates``: the user's template directory and template files, read byte for byte.
    """
    hasher = hashlib.sha256()
    record = {
        "briefgen": __version__,
        "settings": dict(settings),
        "articles": [asdict(a) for a in articles],
    }
    hasher.update(json.dumps(record, sort_keys=True, ensure_ascii=False, default=str).encode())
    for name, data in _template_files(templates):
        hasher.update(f"\0{name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def read_record(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / RUN_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def is_current(folder: Path, day_digest: str) -> bool:
    """Stage 3: the day's run.json has this digest and every file it lists still exists."""
    record = read_record(folder)
    files = record.get("files")
    if record.get("digest") != day_digest or not isinstance(files, list) or not files:
        return False
    return all(isinstance(name, str) and (folder / name).is_file() for name in files)


def run_archive(
    articles: Sequence[Article],
    *,
    start: str,
    end: str,
    out: Path,
    settings: Mapping[str, Any],
    build_day: BuildDay,
    templates: Sequence[Path] = (),
    force: bool = False,
    progress: Progress = _quiet,
) -> ArchiveResult:
    """Stages 1-4 under the output directory's lock; one failed day does not stop the others."""
    days = days_between(start, end)
    by_day, undated, outside = assign(articles, days)
    results = []
    with lock(out, note=progress):
        for day in days:
            results.append(
                _one_day(day, by_day[day], out, settings, build_day, templates, force, progress)
            )
    return ArchiveResult(tuple(results), undated, outside)


def _one_day(
    day: str,
    articles: Sequence[Article],
    out: Path,
    settings: Mapping[str, Any],
    build_day: BuildDay,
    templates: Sequence[Path],
    force: bool,
    progress: Progress,
) -> DayResult:
    folder = out / day
    if not articles:
        progress(f"{day}: no articles")
        return DayResult(day, 0, "empty")
    day_digest = digest(articles, settings, templates)
    if not force and is_current(folder, day_digest):
        progress(f"{day}: unchanged, skipped ({len(articles)} articles)")
        return DayResult(day, len(articles), "skipped")
    progress(f"{day}: building the edition of {len(articles)} articles")
    try:
        written = build_day(articles, day, folder)
    except ClusterError:
        raise  # the cluster is gone: every later day would fail the same way
    except BriefgenError as error:
        progress(f"warning: {day}: {error.message}")
        return DayResult(day, len(articles), "failed", error.message, error.exit_code)
    files = sorted(Path(p).relative_to(folder).as_posix() for p in written)
    record = {
        "schema": SCHEMA,
        "day": day,
        "digest": day_digest,
        "articles": len(articles),
        "files": files,
        "generator": {"name": "briefgen", "version": __version__},
    }
    write_atomic(folder / RUN_NAME, (json.dumps(record, indent=2) + "\n").encode())
    return DayResult(day, len(articles), "built")


# --- the edition as the day's build, and its settings -----------------------------------


def edition_settings(options: Any) -> dict[str, Any]:
    """The EditionOptions that shape a day's output, as plain values for the digest.

    Left out: the sources and folders (the articles themselves are digested), the date (one
    per day), and ``previous`` (archive days are built independently of each other).
    """
    skip = {"sources", "out", "date", "previous", "template_dir"}
    return {
        name: (dict(value) if isinstance(value, Mapping) else value)
        for name, value in sorted(vars(options).items())
        if name not in skip
    }


def template_paths(options: Any) -> tuple[Path, ...]:
    """The user's template directory and template files that a day's edition reads."""
    paths = [options.template_dir] if options.template_dir else []
    paths += [Path(t) for t in (options.template, options.story_template) if t.endswith(".j2")]
    return tuple(paths)


def load_articles(
    specs: Sequence[str], *, fetch: bool, runner: Any, progress: Any
) -> tuple[tuple[Article, ...], tuple[Any, ...]]:
    """Every source read once, as ``briefgen edition`` reads them: (articles, problems)."""
    from briefgen.edition.tasks import read_sources

    loaded = read_sources(specs, fetch=fetch, runner=runner, progress=progress)
    return loaded.articles, loaded.problems


def edition_builder(options: Any, runner: Any, progress: Any) -> BuildDay:
    """A BuildDay that makes the day's edition (``briefgen.edition``) through ``runner``."""
    from briefgen.edition import make_edition
    from briefgen.edition.write import write_edition

    def build(articles: Sequence[Article], day: str, folder: Path) -> Sequence[Path]:
        day_options = replace(options, out=folder, date=day, previous=None)
        edition = make_edition(articles, day_options, date=day, runner=runner, progress=progress)
        return write_edition(edition, day_options)

    return build
