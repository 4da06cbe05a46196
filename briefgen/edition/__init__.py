"""Source specs -> an edition: every story of the day, each briefed with its own sources.

Stages (the independent ones are handed to a ``briefgen.runner.Runner``):

1. load      (runner, per file/URL) specs -> Articles, ids s1, s2 ... in spec order
2. features  (runner, per article) Article -> story features (``briefgen.stories``)
3. stories   (here, all at once)   features -> stories; the previous edition's stories seed
                                   the clustering so that continuing stories keep their ids
4. rank      (here)                by independent outlets, then latest date, then size
5. brief     (runner, per story)   each story with ``min_outlets`` outlets (at most
                                   ``max_stories``): ``pipeline.make_brief`` and its files
6. compose   (``edition.write``)   edition.md/.html/.pdf/.json and ``stories/<id>/`` folders

The output never depends on the runner or on the order work completes in: every runner
returns results in input order, and nothing here reads the clock (``today`` is passed in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.edition.tasks import (
    StoryOutcome,
    StoryTask,
    brief_story,
    read_sources,
    story_features,
    template_files,
)
from briefgen.errors import InputError, UsageError
from briefgen.models import Article, Brief, Problem
from briefgen.pipeline import output_problems
from briefgen.runner import InProcess, Runner
from briefgen.score import DEFAULT_SCORER
from briefgen.stories import Seed, Story, find_stories

FORMATS = ("md", "html", "pdf", "json")
EDITION_JSON = "edition.json"
STORY_ID = re.compile(r"st-[0-9a-f]{10}(-[0-9]+)?")
STORIES_DIR = "stories"

Progress = Callable[[str, int, int], None]  # (stage, done, total), as briefgen.runner


def _silent(_: str, __: int, ___: int) -> None:
    return None


@dataclass(frozen=True)
class EditionOptions:
    """Everything an edition needs; the CLI and briefgen.toml fill it in."""

    sources: tuple[str, ...] = ()
    out: Path = Path("edition")
    formats: tuple[str, ...] = FORMATS
    template: str = "edition"
    story_template: str = "daily"  # the template of each story's own brief files
    template_dir: Path | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    date: str | None = None
    scorer: str = DEFAULT_SCORER
    min_outlets: int = 2
    max_stories: int | None = None
    min_sources: int = 2
    max_facts: int = 8
    max_articles: int = 12  # articles a story's brief is made from (see for_brief)
    words: int | None = None
    paper: str = "a4"
    fetch: bool = True
    previous: Path | None = None  # an earlier edition's folder: its stories seed this one

    def validate(self) -> None:
        problems = output_problems(self.formats, self.scorer)
        if self.min_outlets < 2:
            problems.append("--min-outlets must be at least 2 (a brief compares outlets)")
        if self.max_articles < 2:
            problems.append("--max-articles must be at least 2")
        if self.max_stories is not None and self.max_stories < 1:
            problems.append("--max-stories must be at least 1")
        if not self.sources:
            problems.append("give the sources of the edition (files, folders, URLs, feeds)")
        if problems:
            raise UsageError("; ".join(problems))


@dataclass(frozen=True)
class StoryEntry:
    """One story of the edition, ranked; ``brief`` is None for a story not briefed."""

    story: Story
    rank: int  # 1 is the most widely reported
    title: str
    articles: tuple[Article, ...]
    outlets: tuple[str, ...]  # independent outlets, sorted
    latest: str | None  # the latest publication date among its articles
    brief: Brief | None = None
    note: str | None = None  # why a story with enough outlets was not briefed
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Edition:
    title: str
    date: str
    stories: tuple[StoryEntry, ...]  # in rank order, briefed and not
    articles: tuple[Article, ...]  # every article read, in input order (ids s1, s2 ...)
    problems: tuple[Problem, ...]

    @property
    def briefed(self) -> tuple[StoryEntry, ...]:
        return tuple(s for s in self.stories if s.brief is not None)

    @property
    def also(self) -> tuple[StoryEntry, ...]:
        return tuple(s for s in self.stories if s.brief is None)


@dataclass(frozen=True)
class EditionResult:
    edition: Edition
    files: tuple[Path, ...]


def outlet_of(article: Article) -> str:
    """The outlet an article counts for: its stated outlet, else its name."""
    return article.outlet or article.name


def independent_outlets(articles: Sequence[Article], copies: Mapping[str, str]) -> tuple[str, ...]:
    """Distinct outlets among the articles that are not copies of another article."""
    return tuple(sorted({outlet_of(a) for a in articles if a.id not in copies}))


def seeds_of(previous: Mapping[str, Any] | None) -> tuple[Seed, ...]:
    """The stories of a previous edition.json record, as seeds for today's clustering."""
    from datetime import date

    seeds = []
    for story in (previous or {}).get("stories") or ():
        if not isinstance(story, Mapping) or not STORY_ID.fullmatch(str(story.get("id"))):
            continue  # an id becomes a folder name: only the form briefgen writes
        terms = story.get("terms")
        terms = terms if isinstance(terms, Mapping) else {}
        latest = story.get("latest")
        try:
            day = date.fromisoformat(latest).toordinal() if isinstance(latest, str) else None
        except ValueError:
            day = None
        weights = {str(t): float(w) for t, w in terms.items() if isinstance(w, int | float)}
        seeds.append(Seed(story["id"], weights, day))
    return tuple(seeds)


def _rank_key(entry: StoryEntry) -> tuple[int, int, int, str]:
    """Most outlets first, then the latest date (undated last), then size, then id."""
    from datetime import date

    try:
        day = date.fromisoformat(entry.latest[:10]).toordinal() if entry.latest else 0
    except ValueError:
        day = 0
    return (-len(entry.outlets), -day, -len(entry.articles), entry.story.id)


def _title(articles: Sequence[Article]) -> str:
    titled = sorted(
        (a for a in articles if a.title), key=lambda a: (a.published or "9999", _number(a))
    )
    return titled[0].title if titled and titled[0].title else articles[0].name


def build_edition(
    options: EditionOptions,
    *,
    today: str,
    runner: Runner | None = None,
    progress: Progress = _silent,
) -> EditionResult:
    """All stages (see the module docstring), then every file written; returns the Edition."""
    from briefgen.edition.write import write_edition

    options.validate()
    runner = runner or InProcess()
    loaded = read_sources(options.sources, fetch=options.fetch, runner=runner, progress=progress)
    progress("articles read", len(loaded.articles), len(loaded.articles))
    if not loaded.articles:
        raise InputError(
            f"no usable articles in {len(options.sources)} source spec(s); no edition written",
            hint="check the warnings above: every source was missing, empty or unreadable",
        )
    edition = make_edition(
        loaded.articles,
        options,
        date=options.date or today,
        problems=loaded.problems,
        runner=runner,
        progress=progress,
    )
    files = write_edition(edition, options)
    return EditionResult(edition, tuple(files))


def make_edition(
    articles: Sequence[Article],
    options: EditionOptions,
    *,
    date: str,
    problems: Sequence[Problem] = (),
    runner: Runner | None = None,
    progress: Progress = _silent,
) -> Edition:
    """Stages 2-5 on loaded articles (ids s1, s2 ...): the Edition, no file written."""
    runner = runner or InProcess()
    articles = tuple(articles)
    found = runner.map(story_features, list(articles), label="articles analysed", progress=progress)
    previous = read_previous(options.previous)
    stories = find_stories(articles, found, seeds=seeds_of(previous))
    by_id = {a.id: a for a in articles}
    progress("stories found", len(stories), len(stories))
    copied = {c: o for s in stories for c, o in copies_of([by_id[a] for a in s.articles]).items()}
    entries = _entries(articles, stories, copied)
    return Edition(
        title=options.title or "News edition",
        date=date,
        stories=_brief(entries, options, date, runner, progress, copied),
        articles=articles,
        problems=tuple(problems),
    )


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
    for article in sorted(articles, key=lambda a: (a.published or "9999", _number(a))):
        if article.id not in copied:
            queues.setdefault(outlet_of(article), []).append(article)
    chosen: list[Article] = []
    while len(chosen) < limit and any(queues.values()):
        for outlet in sorted(queues):
            if queues[outlet] and len(chosen) < limit:
                chosen.append(queues[outlet].pop(0))
    return tuple(sorted(chosen, key=_number))


def _number(article: Article) -> int:
    digits = article.id[1:]
    return int(digits) if digits.isdigit() else 0


def _entries(
    articles: Sequence[Article], stories: Sequence[Story], copied: Mapping[str, str]
) -> list[StoryEntry]:
    by_id = {a.id: a for a in articles}
    entries = []
    for story in stories:
        members = tuple(by_id[a] for a in story.articles)
        dates = [a.published for a in members if a.published]
        entries.append(
            StoryEntry(
                story=story,
                rank=0,
                title=_title(members),
                articles=members,
                outlets=independent_outlets(members, copied),
                latest=max(dates) if dates else None,
            )
        )
    ranked = sorted(entries, key=_rank_key)
    return [_with(e, rank=k) for k, e in enumerate(ranked, start=1)]


def _with(entry: StoryEntry, **changes: Any) -> StoryEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def _brief(
    entries: list[StoryEntry],
    options: EditionOptions,
    date: str,
    runner: Runner,
    progress: Progress,
    copied: Mapping[str, str],
) -> tuple[StoryEntry, ...]:
    """Stage 5: the stories with enough outlets, briefed through the runner, in rank order."""
    chosen = [e for e in entries if len(e.outlets) >= options.min_outlets]
    if options.max_stories is not None:
        chosen = chosen[: options.max_stories]
    carried = template_files(options.story_template, options.template_dir)
    tasks = [
        StoryTask(
            story=e.story.id,
            articles=for_brief(e.articles, copied, options.max_articles),
            date=date,
            formats=options.formats,
            template=options.story_template,
            template_dir=options.template_dir,
            variables=dict(options.variables),  # a plain dict: a mappingproxy cannot be pickled
            scorer=options.scorer,
            min_sources=options.min_sources,
            max_facts=options.max_facts,
            words=options.words,
            paper=options.paper,
            previous=_previous_brief(options.previous, e.story.id) if e.story.continuing else None,
            template_files=carried,
        )
        for e in chosen
    ]
    outcomes: list[StoryOutcome] = runner.map(
        brief_story, tasks, label="stories briefed", progress=progress
    )
    done = {o.story: o for o in outcomes}
    result = []
    for entry in entries:
        outcome = done.get(entry.story.id)
        if outcome is None:
            result.append(entry)
            continue
        title = outcome.brief.title if outcome.brief is not None else entry.title
        result.append(
            _with(
                entry, brief=outcome.brief, note=outcome.problem, title=title, files=outcome.files
            )
        )
    return tuple(result)


def read_previous(folder: Path | None) -> Mapping[str, Any] | None:
    """The edition.json record of an earlier edition's folder; None when there is none."""
    from briefgen.daily.novelty import read_json

    if folder is None:
        return None
    return read_json(folder / EDITION_JSON)


def _previous_brief(folder: Path | None, story: str) -> Mapping[str, Any] | None:
    """A continuing story's brief.json in the earlier edition, for marking new facts."""
    from briefgen.daily.novelty import BRIEF_JSON, read_json

    if folder is None:
        return None
    return read_json(folder / STORIES_DIR / story / BRIEF_JSON)
