"""Picklable task values -> results: the independent pieces of an edition, for a Runner.

Every function here is top level and takes one frozen, picklable value, so any
``briefgen.runner.Runner`` (in process, or a distributed one) can run it, and returns a
plain value. None of them reads the clock, the environment or the output directory.

- ``read_source``:  one file or URL (or its bytes) -> its articles and problems
- ``read_and_analyse``: the same, and each article's story features, in one task (so an
  article's text crosses to the process that clusters once, and never back out to be analysed)
- ``story_features``: one article -> its story features (``briefgen.stories``)
- ``brief_story``:   one story's articles -> its copies, independent outlets, and (with
  enough outlets) its Brief and rendered brief files
- ``load_modules``, ``warm_up``: nothing -> nothing; load what a process's first read and
  first brief need
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from briefgen import ingest
from briefgen.collector import paused
from briefgen.errors import InputError
from briefgen.ingest.common import Loaded, Source
from briefgen.models import Article, Brief, Problem
from briefgen.runner import Progress, Runner
from briefgen.stories import Features, TermCounts, features


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


@dataclass(frozen=True)
class Analysed:
    """One source's articles and problems, and each article's story features (same order)."""

    loaded: Loaded
    features: tuple[Features, ...]


def read_and_analyse(task: ReadTask) -> Analysed:
    """``read_source``, then ``story_features`` of each article it gave.

    The articles have no ids yet (``ingest.assemble`` numbers them); the features carry the
    article's id as parsed, and the caller sets the final one. An article's features do not
    depend on its id.
    """
    with paused():  # parsers' and tokens' objects, freed by reference counting
        loaded = read_source(task)
        return Analysed(loaded, tuple(features(a) for a in loaded.articles))


def _read_tasks(
    specs: Sequence[str], fetch: bool, runner: Runner, skip: Collection[Path] = ()
) -> tuple[list[list[ingest.Item | Problem]], list[ReadTask]]:
    plans = ingest.plan(specs, skip=skip)
    items: list[ingest.Item | Source | Problem] = [
        item for plan in plans for item in plan if not isinstance(item, Problem)
    ]
    if not getattr(runner, "shares_files", True):
        items = [ingest.read(item) for item in items]  # type: ignore[arg-type]
    return plans, [ReadTask(item, fetch) for item in items]


def read_sources(
    specs: Sequence[str], *, fetch: bool, runner: Runner, progress: Progress
) -> ingest.Ingested:
    """Every spec's articles, as ``ingest.load`` gives them, one file or URL per task.

    The specs are expanded here. A runner whose workers share this file system (in process,
    local workers) reads and parses on the workers; for one that does not (a cluster by
    address) every file and URL is read here and only the bytes are sent to be parsed.
    """
    plans, tasks = _read_tasks(specs, fetch, runner)
    parsed = runner.map(read_source, tasks, label="sources read", progress=progress)
    return ingest.assemble(specs, plans, parsed)


def read_and_analyse_sources(
    specs: Sequence[str],
    *,
    fetch: bool,
    runner: Runner,
    progress: Progress,
    skip: Collection[Path] = (),
) -> tuple[ingest.Ingested, tuple[Features, ...], TermCounts]:
    """``read_sources`` and the story features of every article it gives, in one pass of
    tasks: ``features[k]`` belongs to ``articles[k]``; files in ``skip`` are not read. The
    features' terms are counted for the clustering as the sources come in (``TermCounts``).
    """
    plans, tasks = _read_tasks(specs, fetch, runner, skip)
    counts = TermCounts()
    done = runner.map(
        read_and_analyse,
        tasks,
        label="sources read",
        progress=progress,
        each=lambda source: counts.add(source.features),
    )
    loaded = ingest.assemble(specs, plans, [d.loaded for d in done])
    found = [f for d in done for f in d.features]
    numbered = tuple(replace(f, article=a.id) for a, f in zip(loaded.articles, found, strict=True))
    return loaded, numbered, counts


def story_features(article: Article) -> Features:
    """The story features of one article."""
    return features(article)


def load_modules() -> None:
    """Nothing: importing this module is the point (ingest, the story features and the
    libraries they use: about 1.7 s), for a worker that would wait anyway."""


def warm_up() -> None:
    """Load what a process's first brief would otherwise load on the way (the engine's
    modules, WordNet's index), so a worker can do it while it would wait anyway."""
    from briefgen import compose, pipeline, record  # noqa: F401
    from briefgen.score import lexical

    lexical.available()
    lexical.concepts("report")


# --- a story's articles: copies, outlets, and the articles its brief is made from ---------


def outlet_of(article: Article) -> str:
    """The outlet an article counts for: its stated outlet, else its name."""
    return article.outlet or article.name


def independent_outlets(articles: Sequence[Article], copies: Mapping[str, str]) -> tuple[str, ...]:
    """Distinct outlets among the articles that are not copies of another article."""
    return tuple(sorted({outlet_of(a) for a in articles if a.id not in copies}))


def copies_of(articles: Sequence[Article]) -> dict[str, str]:
    """Id of each near-duplicate copy -> id of the article it copies (within one story)."""
    from briefgen.stories import copies

    return {articles[c].id: articles[o].id for c, o in copies(articles).items()}


def for_brief(
    articles: Sequence[Article], copied: Mapping[str, str], limit: int
) -> tuple[Article, ...]:
    """The articles a story's brief is made from: all of them up to ``limit``; past it,
    originals only (copies add no fact), taken one per outlet in turn, each outlet's
    earliest first, so the brief keeps every voice it can. Input order is kept.

    The fact engine's time grows with the articles it reads; a story carried by hundreds
    of feeds is briefed from ``limit`` of them, and edition.json still lists them all.
    """
    if len(articles) <= limit:
        return tuple(articles)
    queues: dict[str, list[Article]] = {}
    for article in sorted(articles, key=lambda a: (a.published or "9999", number_of(a))):
        if article.id not in copied:
            queues.setdefault(outlet_of(article), []).append(article)
    chosen: list[Article] = []
    while len(chosen) < limit and any(queues.values()):
        for outlet in sorted(queues):
            if queues[outlet] and len(chosen) < limit:
                chosen.append(queues[outlet].pop(0))
    return tuple(sorted(chosen, key=number_of))


def number_of(article: Article) -> int:
    """An article's place in the edition's input: 7 for "s7" (0 for another id)."""
    digits = article.id[1:]
    return int(digits) if digits.isdigit() else 0


@dataclass(frozen=True)
class StoryTask:
    """One story: its articles, whether and how to brief and render it.

    The task first finds the story's copies and independent outlets; it then briefs the
    story when ``brief`` is set and it has ``min_outlets`` independent outlets, from at most
    ``max_articles`` of its articles (``for_brief``; None: all of them).
    """

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
    brief: bool = True
    min_outlets: int = 0
    max_articles: int | None = None


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
    """A story's Brief and files (name -> bytes), or why it could not be briefed; and its
    copies (copy id -> original id) and independent outlets. ``brief`` is None and
    ``problem`` None too for a story the task was not asked to brief."""

    story: str
    brief: Brief | None
    files: Mapping[str, bytes]
    problem: str | None = None
    copies: Mapping[str, str] = field(default_factory=dict)
    outlets: tuple[str, ...] = ()


def brief_story(task: StoryTask) -> StoryOutcome:
    """The story's copies and outlets; then, when asked and with enough outlets, the fact
    engine (``pipeline.make_brief``) on the story and its files rendered.

    A story the engine cannot brief (fewer than two usable independent sources once
    cleaned) comes back without a brief and with the reason.
    """
    import tempfile

    with paused():  # tens of thousands of shingles, no cycles: see briefgen.collector
        copies = copies_of(task.articles) if len(task.articles) > 1 else {}
    outlets = independent_outlets(task.articles, copies)
    if not task.brief or len(outlets) < task.min_outlets:
        return StoryOutcome(task.story, None, {}, None, copies, outlets)
    limit = task.max_articles if task.max_articles is not None else len(task.articles)
    chosen = replace(task, articles=for_brief(task.articles, copies, limit))
    with tempfile.TemporaryDirectory(prefix="briefgen-templates-") as folder:
        outcome = _brief_story(_with_templates_here(chosen, Path(folder)))
    return replace(outcome, copies=copies, outlets=outlets)


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
