"""Source specs -> an edition: every story of the day, each briefed with its own sources.

Stages (the independent ones are handed to a ``briefgen.runner.Runner``):

1. load      (runner, per file/URL) specs -> Articles, ids s1, s2 ... in spec order
2. features  (runner, per article) Article -> story features (``briefgen.stories``); in the
                                   same task as its file's load when the edition reads them
3. stories   (here, all at once)   features -> stories; the previous edition's stories seed
                                   the clustering so that continuing stories keep their ids;
                                   local workers wait meanwhile, and their cores take part
                                   of the candidate search and the merge rounds (threads,
                                   the same stories)
4. copies    (runner, per story)   each story's near-duplicate copies, hence its independent
                                   outlets; in the same task, the story's brief (5) when it
                                   has ``min_outlets`` outlets and ``max_stories`` is not set
5. rank      (here)                by independent outlets, then latest date, then size
6. brief     (runner, per story)   each story with ``min_outlets`` outlets (at most
                                   ``max_stories``): ``pipeline.make_brief`` and its files
7. compose   (``edition.write``)   edition.md/.html/.pdf/.json and ``stories/<id>/`` folders

The output never depends on the runner or on the order work completes in: every runner
returns results in input order, and nothing here reads the clock (``today`` is passed in).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefgen.collector import paused
from briefgen.edition.tasks import (
    StoryOutcome,
    StoryTask,
    brief_story,
    copies_of,
    for_brief,
    independent_outlets,
    load_modules,
    number_of,
    outlet_of,
    read_and_analyse_sources,
    story_features,
    template_files,
    warm_up,
)
from briefgen.errors import InputError, TemplateError, UsageError
from briefgen.models import Article, Brief, Problem
from briefgen.pipeline import output_problems
from briefgen.runner import InProcess, Runner
from briefgen.score import DEFAULT_SCORER
from briefgen.stories import Features, Seed, Story, TermCounts, find_stories

__all__ = [
    "Edition",
    "EditionOptions",
    "EditionResult",
    "StoryEntry",
    "build_edition",
    "copies_of",
    "for_brief",
    "independent_outlets",
    "make_edition",
    "outlet_of",
    "seeds_of",
]

FORMATS = ("md", "html", "pdf", "json")
EDITION_JSON = "edition.json"
STORY_ID = re.compile(r"st-[0-9a-f]{10}(-[0-9]+)?")
STORIES_DIR = "stories"
BRIEF_TEMPLATES = ("daily", "executive", "full")  # built-in templates of one story's brief
SHOWN_PROBLEMS = 5  # the unusable sources an error names; the rest are counted

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
        check_templates(self.template, self.story_template, self.template_dir)


def check_templates(template: str, story_template: str, template_dir: Path | None) -> None:
    """Both templates exist and fit their role, before any work (TemplateError)."""
    from briefgen.compose import resolve_brief_template, resolve_template

    resolve_brief_template(story_template, template_dir)
    resolve_template(template, template_dir)
    if template in BRIEF_TEMPLATES:
        raise TemplateError(
            f"{template!r} writes one story's brief, not an edition",
            hint=f"use the edition template (edition, the default); {template} writes each"
            " story's brief as the story template ([brief] template, --story-template)",
        )


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
        (a for a in articles if a.title), key=lambda a: (a.published or "9999", number_of(a))
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
    runner.warm(load_modules)  # while the sources are listed here
    own = [options.out / f"edition.{ext}" for ext in FORMATS]  # never read back as articles
    loaded, found, counts = read_and_analyse_sources(
        options.sources, fetch=options.fetch, runner=runner, progress=progress, skip=own
    )
    progress("articles read", len(loaded.articles), len(loaded.articles))
    if not loaded.articles:  # the run stops here: say why, as no warning is printed after
        why = [f"{p.source}: {p.message}" for p in loaded.problems[:SHOWN_PROBLEMS]]
        if len(loaded.problems) > SHOWN_PROBLEMS:
            why.append(f"and {len(loaded.problems) - SHOWN_PROBLEMS} more")
        raise InputError(
            f"no usable articles in {len(options.sources)} source spec(s)"
            + (f" ({'; '.join(why)})" if why else "")
            + "; no edition written",
            hint="every source was missing, empty or unreadable: check the paths and URLs",
        )
    edition = make_edition(
        loaded.articles,
        options,
        date=options.date or today,
        problems=loaded.problems,
        runner=runner,
        progress=progress,
        features=found,
        counts=counts,
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
    features: Sequence[Features] | None = None,
    counts: TermCounts | None = None,
) -> Edition:
    """Stages 2-6 on loaded articles (ids s1, s2 ...): the Edition, no file written.

    ``features`` are the articles' story features when they were found already
    (``features[k]`` of ``articles[k]``); otherwise stage 2 finds them through the runner.
    ``counts``: their terms counted already (``features`` added in order), if they were.
    """
    runner = runner or InProcess()
    articles = tuple(articles)
    if features is None:
        label = "articles analysed"
        features = runner.map(story_features, list(articles), label=label, progress=progress)
    else:
        progress("articles analysed", len(articles), len(articles))
    previous = read_previous(options.previous)
    runner.warm(warm_up)  # workers wait for the clustering: they load the engine meanwhile
    # and leave their cores to it: the candidate search takes them with threads
    threads = 1 + runner.waiting_cores
    with paused():
        seeds = seeds_of(previous)
        stories = find_stories(articles, features, seeds=seeds, threads=threads, counts=counts)
    progress("stories found", len(stories), len(stories))
    by_id = {a.id: a for a in articles}
    members = {s.id: tuple(by_id[a] for a in s.articles) for s in stories}
    at_once = options.max_stories is None  # then every story with the outlets is briefed
    done = _story_tasks(stories, members, options, date, runner, progress, brief=at_once)
    entries = _entries(stories, members, done)
    if not at_once:
        chosen = [e for e in entries if len(e.outlets) >= options.min_outlets]
        chosen = chosen[: options.max_stories]
        briefed = _story_tasks(
            [e.story for e in chosen], members, options, date, runner, progress, brief=True
        )
        done = {**done, **briefed}
    return Edition(
        title=options.title or "News edition",
        date=date,
        stories=_with_briefs(entries, done),
        articles=articles,
        problems=tuple(problems),
    )


def _entries(
    stories: Sequence[Story],
    members: Mapping[str, tuple[Article, ...]],
    done: Mapping[str, StoryOutcome],
) -> list[StoryEntry]:
    """Stage 5: every story as a StoryEntry, ranked."""
    entries = []
    for story in stories:
        articles = members[story.id]
        outcome = done.get(story.id)
        dates = [a.published for a in articles if a.published]
        entries.append(
            StoryEntry(
                story=story,
                rank=0,
                title=_title(articles),
                articles=articles,
                outlets=outcome.outlets if outcome else independent_outlets(articles, {}),
                latest=max(dates) if dates else None,
            )
        )
    ranked = sorted(entries, key=_rank_key)
    return [_with(e, rank=k) for k, e in enumerate(ranked, start=1)]


def _with(entry: StoryEntry, **changes: Any) -> StoryEntry:
    from dataclasses import replace

    return replace(entry, **changes)


def _story_tasks(
    stories: Sequence[Story],
    members: Mapping[str, tuple[Article, ...]],
    options: EditionOptions,
    date: str,
    runner: Runner,
    progress: Progress,
    *,
    brief: bool,
) -> dict[str, StoryOutcome]:
    """Stages 4 and 6 through the runner: every story of two or more articles (one article
    is its own outlet and never briefed), largest first so that the longest tasks do not
    come last; story id -> its outcome."""
    carried = template_files(options.story_template, options.template_dir) if brief else ()
    work = sorted(
        (s for s in stories if len(members[s.id]) > 1),
        key=lambda s: -len(members[s.id]),  # a stable sort: equal sizes in story order
    )
    tasks = [
        StoryTask(
            story=s.id,
            articles=members[s.id],
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
            previous=_previous_brief(options.previous, s.id) if brief and s.continuing else None,
            template_files=carried,
            brief=brief,
            min_outlets=options.min_outlets,
            max_articles=options.max_articles,
        )
        for s in work
    ]
    label = "stories briefed" if brief else "stories compared"
    outcomes: list[StoryOutcome] = runner.map(
        brief_story, tasks, label=label, progress=progress, heavy=True
    )
    if not tasks:
        progress(label, 0, 0)
    return {o.story: o for o in outcomes}


def _with_briefs(
    entries: Sequence[StoryEntry], done: Mapping[str, StoryOutcome]
) -> tuple[StoryEntry, ...]:
    """The entries, in rank order, with the briefs (or why not) of the stories briefed."""
    result = []
    for entry in entries:
        outcome = done.get(entry.story.id)
        if outcome is None or (outcome.brief is None and outcome.problem is None):
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
