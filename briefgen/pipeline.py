"""Source specs -> a Brief -> brief.md, brief.html, brief.pdf and brief.json.

Stages, each a plain function from values to new values:

1. ingest   (briefgen.ingest)    files, directories, URLs, feeds -> Articles
2. clean    (briefgen.clean)     page furniture, off-topic blocks, fragments, copies removed
3. segment  (briefgen.segment)   Articles -> Sentences with tokens and stems (nltk)
4. score    (briefgen.score)     Sentences -> same-fact Groups with support and salience
5. select   (briefgen.selection) Groups -> consensus and unique Facts within a budget
6. compose  (briefgen.compose)   Brief -> Markdown through a Jinja2 template
7. render   (briefgen.render)    Markdown -> HTML -> PDF (WeasyPrint)
8. write    (briefgen.output)    every file written atomically into the output directory
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen import analysis, ingest
from briefgen.clean import clean
from briefgen.collector import paused
from briefgen.errors import InputError, UsageError
from briefgen.models import Article, Brief, Fact, Problem, Scored
from briefgen.progress import Progress, quiet
from briefgen.score import DEFAULT_SCORER, SCORERS, score
from briefgen.segment import segment
from briefgen.selection import select
from briefgen.summary import summary

if TYPE_CHECKING:
    from briefgen.stories.extract import Features

FORMATS = ("md", "html", "pdf", "json")
MIN_USABLE_SOURCES = 2

Warn = Callable[[str], None]


def _ignore(_: str) -> None:
    return None


@dataclass(frozen=True)
class BuildOptions:
    """Everything a build needs; the CLI and briefgen.toml fill it in."""

    sources: tuple[str, ...] = ()
    out: Path = Path("output")
    formats: tuple[str, ...] = FORMATS
    template: str = "daily"
    template_dir: Path | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    date: str | None = None
    scorer: str = DEFAULT_SCORER
    min_sources: int = 2
    max_facts: int | None = None  # None: selection.default_max_facts of the outlets
    words: int | None = None
    paper: str = "a4"
    fetch: bool = True
    follow_links: bool = False  # read links in a source folder that lead outside it
    url_deadline: float = 30.0  # seconds one URL may take in all

    def validate(self) -> None:
        problems = output_problems(self.formats, self.scorer)
        if self.min_sources < 1:
            problems.append("--min-sources must be at least 1")
        if self.max_facts is not None and self.max_facts < 1:
            problems.append("--max-facts must be at least 1")
        if self.words is not None and self.words < 1:
            problems.append("--words must be at least 1")
        if problems:
            raise UsageError("; ".join(problems))
        from briefgen.compose import resolve_brief_template

        resolve_brief_template(self.template, self.template_dir)  # before any work starts


def output_problems(formats: Sequence[str], scorer: str) -> list[str]:
    """What is wrong with the formats and scorer a build or an edition asks for."""
    problems = []
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        problems.append(f"--format: unknown {', '.join(unknown) or '(none)'}; use {FORMATS}")
    if scorer not in SCORERS:
        problems.append(f"--scorer: unknown {scorer!r}; use {', '.join(SCORERS)}")
    return problems


@dataclass(frozen=True)
class BuildResult:
    brief: Brief
    files: tuple[Path, ...]
    removed: tuple[Path, ...] = ()  # an earlier brief's formats that this build did not write


def independent_voices(articles: Sequence[Article]) -> dict[str, str]:
    """Article id -> id of the outlet it counts as: a copy counts as its original."""
    return {a.id: a.duplicate_of or a.id for a in articles}


@paused()
def analyse(
    articles: Sequence[Article], *, scorer: str = DEFAULT_SCORER, progress: Progress = quiet
) -> tuple[tuple[Article, ...], Scored, tuple[Problem, ...], tuple]:
    """Stages 2-4: clean, segment and score; returns cleaned articles, scores, problems, dropped."""
    progress("cleaning articles")
    cleaned = clean(articles)
    usable = [a for a in cleaned.articles if a.duplicate_of is None and a.text.strip()]
    problems = tuple(
        Problem(a.id, "no usable text left after cleaning")
        for a in cleaned.articles
        if a.duplicate_of is None and not a.text.strip()
    )
    progress("splitting sentences")
    sentences = segment(usable, cleaned.split)
    progress("scoring sentences")
    scored = score(sentences, independent_voices(cleaned.articles), scorer=scorer)
    return cleaned.articles, scored, problems, cleaned.dropped


@paused()
def make_brief(
    articles: Sequence[Article],
    *,
    date: str,
    title: str | None = None,
    problems: Sequence[Problem] = (),
    scorer: str = DEFAULT_SCORER,
    min_sources: int = 2,
    max_facts: int | None = None,
    words: int | None = None,
    progress: Progress = quiet,
) -> Brief:
    """Stages 2-5 on loaded articles: the Brief (no files written)."""
    cleaned, scored, clean_problems, dropped = analyse(articles, scorer=scorer, progress=progress)
    independent = {a.duplicate_of or a.id for a in cleaned if a.text.strip()}
    if len(independent) < MIN_USABLE_SOURCES:
        copies = sum(1 for a in cleaned if a.duplicate_of and a.text.strip())
        notes = [f"{copies} more read but a copy of another"] if copies else []
        where = {a.id: a.path or a.url or a.name or a.id for a in cleaned}
        notes += [f"{where.get(p.source, p.source)}: {p.message}" for p in clean_problems]
        raise InputError(
            f"only {len(independent)} usable independent source(s)"
            + (f" ({'; '.join(notes)})" if notes else "")
            + f"; a brief needs at least {MIN_USABLE_SOURCES}",
            hint="add more articles about the event from other outlets (copies of one article count"
            " once), or check the warnings above",
        )
    progress("selecting facts")
    chosen = select(scored, min_sources=min_sources, max_facts=max_facts, words=words)
    progress("finding disagreements, quotes, figures and dates")
    voices = independent_voices(cleaned)
    sentences, usable = scored.sentences, [a for a in cleaned if a.duplicate_of is None]
    return Brief(
        title=title or choose_title(cleaned, chosen.consensus),
        date=date,
        sources=numbered(cleaned),
        consensus=tuple(label(f) for f in chosen.consensus),
        unique=tuple(label(f) for f in chosen.unique),
        disagreements=analysis.find_disagreements(
            sentences, usable, voices, same_fact=(*scored.agree, *scored.rivals)
        ),
        dropped=tuple(dropped),
        problems=(*problems, *clean_problems),
        quotes=analysis.find_quotes(sentences, usable, voices),
        figures=analysis.key_figures(sentences, usable, voices),
        timeline=analysis.timeline(sentences, usable, voices),
        partial=tuple(label(f) for f in chosen.partial),
    )


def empty_brief_warnings(brief: Brief, options: BuildOptions) -> list[str]:
    """Why a brief shows fewer facts than its sources hold, when an option is the cause.

    A brief with no fact, or no consensus fact, is still written (a run from cron goes on),
    but the user hears which option emptied it rather than reading an empty brief.
    """
    messages = []
    outlets = len(set(independent_voices(brief.sources).values()))
    if options.min_sources > outlets:
        messages.append(
            f"--min-sources {options.min_sources} asks more than the {outlets} independent"
            " sources give: no fact can be a consensus fact (facts several report are in"
            " brief.json's partial)"
        )
    if options.words is not None and not brief.consensus and not brief.unique:
        messages.append(
            f"--words {options.words} leaves room for no fact: the brief has none; give more"
            " words or leave --words out"
        )
    return messages


def numbered(sources: Sequence[Article]) -> tuple[Article, ...]:
    """The brief's sources, those without a name called by their number: "Source 2"."""
    return tuple(replace(a, name=a.name or f"Source {n}") for n, a in enumerate(sources, 1))


_STRENGTH = {"asserted": 0, "attributed": 1, "hedged": 2}


def label(fact: Fact) -> Fact:
    """Attribution of a fact: the most cautious label among its sources' own sentences, a
    hedge only when the sentence shown hedges or at least half of its sources' sentences do.

    So a claim that one outlet attributes ("officials said") is never shown as a plain
    assertion because another outlet stated it flatly, and one that the shown outlet or most
    of its sources hedge ("reportedly") is unconfirmed; a hedge one outlet of five makes,
    often about something else in its sentence ("a verdict that may sway the vote"), does
    not make the others' plain statement unconfirmed.
    """
    shown = analysis.attribution(fact.text)
    labels = [analysis.attribution(e.text) for e in fact.evidence] or [shown]
    hedges = [a for a in labels if a.label == "hedged"]
    if shown.label != "hedged" and 2 * len(hedges) < len(labels):
        labels = [a for a in labels if a.label != "hedged"]
    strongest = max(labels, key=lambda a: _STRENGTH.get(a.label, 0))
    who = strongest.speaker if strongest.label == "attributed" else strongest.phrase
    return replace(fact, attribution=strongest.label, attributed_to=who)


def choose_title(articles: Sequence[Article], consensus: Sequence[Fact]) -> str:
    """The source title that shares most words with the top consensus facts, else a default;
    a plain title before a shouting one ("CHAMPIONS! ...")."""
    titles = sorted({a.title for a in articles if a.title})
    if not titles:
        return "News brief"
    top = {w.lower().strip(".,;:\"'“”’") for f in consensus[:3] for w in f.text.split()}

    def overlap(title: str) -> tuple[bool, int, str]:
        shared = len({w.lower().strip(".,;:\"'“”’") for w in title.split()} & top)
        return (_shouts(title), -shared, title)

    return min(titles, key=overlap)


def _shouts(title: str) -> bool:
    """An exclamation mark, or a long word in capitals ("SIXTH"; acronyms are shorter)."""
    capitals = [w for w in re.findall(r"[A-Za-z]+", title) if len(w) >= 5 and w.isupper()]
    return "!" in title or bool(capitals)


def summarize(documents: Sequence[str], words: int = 100, scorer: str = DEFAULT_SCORER) -> str:
    """Summary mode for benchmarks: several documents in, ~``words`` words of sentences out."""
    articles = [
        Article(id=f"s{i}", name=f"doc{i}", text=text) for i, text in enumerate(documents, 1)
    ]
    _, scored, _, _ = analyse(articles, scorer=scorer)
    return "\n".join(summary(scored, words))


def render_files(
    brief: Brief, options: BuildOptions, progress: Progress = quiet
) -> dict[str, bytes]:
    """Stages 6-7: every requested format as bytes, all produced before anything is written."""
    from briefgen.compose import compose
    from briefgen.record import to_json

    files: dict[str, bytes] = {}
    progress("composing the brief")
    markdown = compose(
        brief, options.template, template_dir=options.template_dir, variables=options.variables
    )
    if "md" in options.formats:
        files["brief.md"] = markdown.encode("utf-8")
    html = None
    if "html" in options.formats or "pdf" in options.formats:
        from briefgen.render import to_html

        html = to_html(
            markdown,
            title=brief.title,
            date=brief.date,
            template=options.template,
            template_dir=options.template_dir,
        )
        if "html" in options.formats:
            files["brief.html"] = html.encode("utf-8")
    if "pdf" in options.formats and html is not None:
        from briefgen.render import to_pdf

        progress("rendering PDF")
        files["brief.pdf"] = to_pdf(html, paper=options.paper, template_dir=options.template_dir)
    if "json" in options.formats:
        files["brief.json"] = to_json(brief).encode("utf-8")
    return files


def _packaged(article: Article) -> Article:
    name = Path(article.path).name if article.path else article.name
    return replace(article, path=f"briefgen/corpus/{name}")


def one_story(
    articles: Sequence[Article], warn: Warn = _ignore
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """The articles of the largest story, and a Problem for each article of another story.

    Only when the articles form two or more stories that each have two independent outlets
    (a brief of one of them is possible) is anything left out: a stray article about
    something else stays, and cleaning drops what of it is off topic. The warning names the
    stories found and suggests ``briefgen edition``.
    """
    from briefgen.stories import copies, features, find_stories

    if len(articles) < 4:  # two stories of two outlets each need four articles
        return tuple(articles), ()
    found_features = {a.id: features(a) for a in articles}
    found = find_stories(articles, list(found_features.values()))
    by_id = {a.id: a for a in articles}
    copied: set[str] = set()
    for story in found:
        members = [by_id[a] for a in story.articles]
        copied.update(members[c].id for c in copies(members))

    def outlets(story: Sequence[str]) -> int:
        return len({by_id[a].outlet or by_id[a].name for a in story if a not in copied})

    briefable = _unrelated(
        [s.articles for s in found if outlets(s.articles) >= MIN_USABLE_SOURCES], found_features
    )
    if len(briefable) < 2:
        return tuple(articles), ()
    largest = min(briefable, key=lambda s: (-outlets(s), -len(s), s))

    def title(story: Sequence[str]) -> str:
        members = [by_id[a] for a in story]
        return next((a.title for a in members if a.title), members[0].name)

    names = "; ".join(f"{title(s)!r} ({len(s)} articles)" for s in briefable)
    warn(
        f"these articles report {len(briefable)} different stories: {names}; "
        f"briefing the largest, {title(largest)!r} "
        "(use `briefgen edition` to brief every story)"
    )
    kept = set(largest)
    others = tuple(
        Problem(a.path or a.url or a.name, "about another story; left out (see `briefgen edition`)")
        for a in articles
        if a.id not in kept
    )
    return tuple(a for a in articles if a.id in kept), others


# Two stories that share this many core names (each in half of either story's articles;
# roles and calendar words aside) are one subject told in parts ("Vesby Bank" and "Norsoft"
# in the takeover and in the next day's job cuts): ``build`` briefs them together.
SHARED_CORE_NAMES = 2


def _unrelated(
    stories: Sequence[tuple[str, ...]], found: Mapping[str, Features]
) -> list[tuple[str, ...]]:
    """The stories, those that share ``SHARED_CORE_NAMES`` core names joined into one (in
    input order of their first article)."""
    from briefgen.score.checks import TITLES, is_calendar

    def core(story: Sequence[str]) -> set[str]:
        counts: dict[str, int] = {}
        for a in story:
            for name in set(found[a].names):
                counts[name] = counts.get(name, 0) + 1
        return {
            n
            for n, k in counts.items()
            if 2 * k >= len(story) and n[1:] not in TITLES and not is_calendar(n[1:])
        }

    groups = [list(s) for s in stories]
    cores = [core(s) for s in stories]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if len(cores[i] & cores[j]) >= SHARED_CORE_NAMES:
                    groups[i] += groups.pop(j)
                    cores[i] |= cores.pop(j)
                    merged = True
                    break
            if merged:
                break
    return [tuple(g) for g in groups]


def build(
    options: BuildOptions, *, today: str, progress: Progress = quiet, warn: Warn = _ignore
) -> BuildResult:
    """All stages: load the sources, make the brief, write the requested files.

    The output directory is checked first (OutputError before any work); ``progress``
    hears each stage, ``warn`` each source that could not be used.
    """
    from briefgen.output import check_writable, write_brief

    options.validate()
    check_writable(options.out)
    specs = options.sources or (str(ingest.embedded_corpus()),)
    loaded = ingest.load(
        specs,
        fetch=options.fetch,
        follow_links=options.follow_links,
        deadline=options.url_deadline,
        skip=[options.out / f"brief.{ext}" for ext in FORMATS],
        progress=progress,
    )
    if not options.sources:  # the embedded corpus: name files inside the package, not the disk
        loaded = replace(loaded, articles=tuple(_packaged(a) for a in loaded.articles))
    for problem in loaded.problems:
        warn(f"{problem.source}: {problem.message}")
    articles, others = one_story(loaded.articles, warn)
    brief = make_brief(
        articles,
        date=options.date or today,
        title=options.title,
        problems=(*loaded.problems, *others),
        scorer=options.scorer,
        min_sources=options.min_sources,
        max_facts=options.max_facts,
        words=options.words,
        progress=progress,
    )
    for message in empty_brief_warnings(brief, options):
        warn(message)
    files = render_files(brief, options, progress)
    progress("writing files")
    written, removed = write_brief(options.out, files)
    return BuildResult(brief, tuple(written), tuple(removed))
