"""A Config and the environment -> one Check per thing a daily run needs (``briefgen check``).

Checked without building or sending anything: PDF support (when PDF is among the formats),
the templates (rendered on a sample brief), the sources, a writable output directory, and the
email settings (with ``smtp``, also a connection and login to the server).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefgen import deliver
from briefgen.config import Config, email_settings
from briefgen.daily.run import formats_of
from briefgen.daily.source import Loader, loader_for, select_articles
from briefgen.errors import ConfigError, DeliveryError
from briefgen.models import Article, Brief, Evidence, Fact


@dataclass(frozen=True)
class Check:
    """One pre-flight check: what was checked, and every problem found (none: it passed)."""

    name: str
    detail: str  # one line on what was found
    problems: tuple[str, ...] = ()
    exit_code: int = 0  # the code a real run would fail with

    @property
    def ok(self) -> bool:
        return not self.problems


def _sample_brief() -> Brief:
    """A two-source brief to try the templates on."""
    sources = tuple(
        Article(id=f"s{i}", name=f"Outlet {i}", text="", title="Sample") for i in (1, 2)
    )
    fact = Fact(
        text="A sample fact.",
        source="s1",
        sources=("s1", "s2"),
        evidence=(Evidence("s1", "A sample fact."), Evidence("s2", "A sample fact.")),
        score=1.0,
        support=2,
        new=True,
    )
    return Brief("Sample", "2000-01-01", sources, consensus=(fact,), unique=())


def _check_pdf() -> Check:
    import importlib

    try:
        importlib.import_module("weasyprint")
    except (OSError, ImportError) as error:
        return Check("pdf", "WeasyPrint", (f"WeasyPrint cannot be loaded: {error}",), 6)
    return Check("pdf", "WeasyPrint and its system libraries load")


def _check_templates(config: Config) -> Check:
    from briefgen.compose import compose, compose_email
    from briefgen.errors import TemplateError

    brief, variables = _sample_brief(), dict(config.brief.vars)
    names = [config.brief.template]
    try:
        compose(brief, config.brief.template, template_dir=config.brief.template_dir,
                variables=variables)  # fmt: skip
        if config.email.to and not config.edition.enabled:  # an edition mails edition.md/.html
            names.append("email")
            compose_email(brief, variables, template_dir=config.brief.template_dir)
        if config.edition.enabled:
            names.append(config.edition.template)
            _compose_sample_edition(brief, config)
    except TemplateError as error:
        return Check("templates", ", ".join(names), (error.message,), error.exit_code)
    return Check("templates", f"{', '.join(names)} render")


def _compose_sample_edition(brief: Brief, config: Config) -> None:
    """The edition template on a one-story sample edition (edition mode only)."""
    from briefgen.edition import Edition, StoryEntry, check_templates
    from briefgen.edition.write import compose_edition
    from briefgen.stories import Story

    check_templates(config.edition.template, config.brief.template, config.brief.template_dir)
    story = Story("st-0000000000", tuple(a.id for a in brief.sources))
    entry = StoryEntry(story, 1, brief.title, brief.sources, ("Outlet 1", "Outlet 2"), None, brief)
    edition = Edition("Sample", brief.date, (entry,), brief.sources, ())
    compose_edition(
        edition,
        config.edition.template,
        template_dir=config.brief.template_dir,
        variables=dict(config.brief.vars),
    )


def _check_sources(config: Config, load: Loader, date: str | None) -> Check:
    """Load the sources and apply the daily run's date and topic filters for ``date``."""
    from briefgen.score import SCORERS

    problems = []
    if config.brief.scorer not in SCORERS:
        problems.append(f"brief.scorer: unknown {config.brief.scorer!r}; use {', '.join(SCORERS)}")
    if not config.sources.paths:
        return Check("sources", "none", (*problems, "sources.paths: no sources configured"), 3)
    loaded = load(config.sources.paths)
    problems += [f"{p.source}: {p.message}" for p in loaded.problems]
    readable = len(loaded.articles)
    detail = f"{readable} readable article(s) in {len(config.sources.paths)} path(s)"
    usable = readable
    if date is not None:
        kept, skipped = select_articles(
            loaded.articles,
            date=date,
            include=config.sources.include,
            exclude=config.sources.exclude,
        )
        usable = len(kept)
        detail = (
            f"{usable} article(s) for {date} ({readable} readable, {len(skipped)} left out"
            " by the date and topic filters)"
        )
        problems += [f"{p.source}: left out: {p.message}" for p in skipped][
            : 10 if usable < 2 else 0
        ]
    if usable < 2:
        when = f" for {date}" if date is not None else ""
        problems.append(f"{usable} usable article(s){when}; a brief needs at least 2")
    return Check("sources", detail, tuple(problems), 4 if problems else 0)


def _check_output(config: Config) -> Check:
    from briefgen.errors import OutputError
    from briefgen.output import check_writable

    out = config.output.dir
    try:
        check_writable(out)
    except OutputError as error:
        return Check("output", str(out), (error.message,), error.exit_code)
    return Check("output", f"{out} is writable")


def _check_email(config: Config, env: Mapping[str, str], smtp: bool) -> Check:
    try:
        settings = email_settings(config, env)
    except ConfigError as error:
        return Check("email", "settings", tuple(error.problems), error.exit_code)
    if not smtp:
        return Check("email", f"to {', '.join(settings.recipients)} via {settings.host}")
    try:
        return Check("email", deliver.check_smtp(settings))
    except DeliveryError as error:
        return Check("email", f"{settings.host}:{settings.port}", (error.message,), 7)


def preflight(
    config: Config,
    env: Mapping[str, str],
    *,
    smtp: bool = False,
    load: Loader | None = None,
    date: str | None = None,
) -> tuple[Check, ...]:
    """Everything a daily run needs, checked without building or sending anything.

    Email settings are checked when ``email.to`` is set or ``smtp`` is asked for; ``smtp``
    also connects, secures and authenticates (then quits without sending). With ``date``,
    the sources check counts the articles a daily run for that day would use (the date
    and topic filters applied).
    """
    checks = []
    if "pdf" in formats_of(config):
        checks.append(_check_pdf())
    checks += [
        _check_templates(config),
        _check_sources(config, load or loader_for(config), date),
        _check_output(config),
    ]
    if config.email.to or smtp:
        checks.append(_check_email(config, env, smtp))
    return tuple(checks)
