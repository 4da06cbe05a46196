"""Picklable task values -> results: the independent pieces of an edition, for a Runner.

Every function here is top level and takes one frozen, picklable value, so any
``briefgen.runner.Runner`` (in process, or a distributed one) can run it, and returns a
plain value. None of them reads the clock, the environment or the output directory.

- ``read_source``:  one file or URL (or its bytes) -> its articles and problems
- ``story_features``: one article -> its story features (``briefgen.stories``)
- ``brief_story``:   one story's articles -> its Brief and rendered brief files
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen import ingest
from briefgen.errors import InputError
from briefgen.ingest.common import Loaded, Source
from briefgen.models import Article, Brief, Problem
from briefgen.runner import Progress, Runner
from briefgen.stories import Features, features


@dataclass(frozen=True)
class ReadTask:
    """One file or URL to read and parse; or, read already, its bytes (or why it failed)."""

    item: ingest.Item | Source | Problem
    fetch: bool = True


def read_source(task: ReadTask) -> Loaded:
    """One source's articles and problems (``ingest.read`` unless read already, then parse)."""
    item = task.item
    source = item if isinstance(item, Source | Problem) else ingest.read(item)
    return ingest.parse(source, fetch=task.fetch)


def read_sources(
    specs: Sequence[str], *, fetch: bool, runner: Runner, progress: Progress
) -> ingest.Ingested:
    """Every spec's articles, as ``ingest.load`` gives them, one file or URL per task.

    The specs are expanded here. A runner whose workers share this file system (in process,
    local workers) reads and parses on the workers; for one that does not (a cluster by
    address) every file and URL is read here and only the bytes are sent to be parsed.
    """
    plans = ingest.plan(specs)
    items: list[ingest.Item | Source | Problem] = [
        item for plan in plans for item in plan if not isinstance(item, Problem)
    ]
    if not getattr(runner, "shares_files", True):
        items = [ingest.read(item) for item in items]  # type: ignore[arg-type]
    tasks = [ReadTask(item, fetch) for item in items]
    parsed = runner.map(read_source, tasks, label="sources read", progress=progress)
    return ingest.assemble(specs, plans, parsed)


def story_features(article: Article) -> Features:
    """The story features of one article."""
    return features(article)


@dataclass(frozen=True)
class StoryTask:
    """One story to brief: its articles and how to brief and render it."""

    story: str  # story id
    articles: tuple[Article, ...]
    date: str
    formats: tuple[str, ...]
    template: str = "daily"
    template_dir: Path | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    scorer: str = "lexrank"
    min_sources: int = 2
    max_facts: int = 8
    words: int | None = None
    paper: str = "a4"
    previous: Mapping[str, Any] | None = None  # the story's brief.json of the last edition
    # The template files themselves (name relative to template_dir -> bytes; a template given
    # as a path under its file name): a worker on another host does not have those paths.
    template_files: tuple[tuple[str, bytes], ...] = ()


def template_files(template: str, template_dir: Path | None) -> tuple[tuple[str, bytes], ...]:
    """The files a story brief may read from the user's disk, to carry them to a worker."""
    files: list[tuple[str, bytes]] = []
    if template_dir is not None and template_dir.is_dir():
        for path in sorted(p for p in template_dir.rglob("*") if p.is_file()):
            files.append((path.relative_to(template_dir).as_posix(), path.read_bytes()))
    if template.endswith(".j2") and Path(template).is_file():
        files.append((Path(template).name, Path(template).read_bytes()))
    return tuple(files)


def _with_templates_here(task: StoryTask, folder: Path) -> StoryTask:
    """The task with its template files written under ``folder`` when their paths are not on
    this machine (a worker on another host); unchanged when they are (same file system)."""
    dir_missing = task.template_dir is not None and not task.template_dir.is_dir()
    file_missing = task.template.endswith(".j2") and not Path(task.template).is_file()
    if not task.template_files or not (dir_missing or file_missing):
        return task
    for name, data in task.template_files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return replace(
        task,
        template=str(folder / Path(task.template).name) if file_missing else task.template,
        template_dir=folder if task.template_dir is not None else None,
    )


@dataclass(frozen=True)
class StoryOutcome:
    """A story's Brief and files (name -> bytes), or why it could not be briefed."""

    story: str
    brief: Brief | None
    files: Mapping[str, bytes]
    problem: str | None = None


def brief_story(task: StoryTask) -> StoryOutcome:
    """The fact engine (``pipeline.make_brief``) on one story, and its files rendered.

    A story the engine cannot brief (fewer than two usable independent sources once
    cleaned) comes back without a brief and with the reason.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="briefgen-templates-") as folder:
        return _brief_story(_with_templates_here(task, Path(folder)))


def _brief_story(task: StoryTask) -> StoryOutcome:
    from briefgen.daily.novelty import mark_new
    from briefgen.pipeline import BuildOptions, make_brief, render_files

    try:
        brief = make_brief(
            task.articles,
            date=task.date,
            scorer=task.scorer,
            min_sources=task.min_sources,
            max_facts=task.max_facts,
            words=task.words,
        )
    except InputError as exc:
        return StoryOutcome(task.story, None, {}, exc.message)
    if task.previous is not None:
        brief = mark_new(brief, task.previous)
    options = BuildOptions(
        formats=tuple(f for f in task.formats if f in ("md", "html", "pdf", "json")),
        template=task.template,
        template_dir=task.template_dir,
        variables=task.variables,
        paper=task.paper,
    )
    return StoryOutcome(task.story, brief, render_files(brief, options))
