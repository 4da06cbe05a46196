"""Command line -> pipeline calls; the only module that prints, prompts or exits.

Heavy imports (nltk, sumy, scikit-learn, WeasyPrint) happen inside the commands that need
them, so ``briefgen --help`` answers at once. Expected failures print ``Error: ...`` and a
hint on stderr and exit with the error's documented code; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefgen import __version__
from briefgen.errors import BriefgenError

if TYPE_CHECKING:
    from briefgen.progress import LineProgress, TerminalProgress

FORMATS = ("md", "html", "pdf", "json")


# The scorer registry (briefgen.score) imports numpy and sumy; its names are repeated here so
# that `briefgen --help` stays instant (a test checks that the two agree).
SCORER_NAMES = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")
DEFAULT_SCORER = "lexrank"


class _State:
    """What the global options asked for, and the one progress display on stderr."""

    def __init__(self, verbosity: int = 1, debug: bool = False) -> None:
        self.verbosity = verbosity
        self.debug = debug
        self._display: LineProgress | TerminalProgress | None = None

    def say(self, message: str, level: int = 1) -> None:
        """A line on stderr: level 0 always (warnings), 1 by default, 2 with -v."""
        if self.verbosity >= level:
            if self._display is not None:
                self._display.close()  # a line never lands inside a progress bar
            click.echo(message, err=True)

    def warn(self, message: str) -> None:
        self.say(f"warning: {message}", 0)

    def progress(self, stage: str, done: int | None = None, total: int | None = None) -> None:
        """The pipeline's Progress: bars on a terminal, plain lines otherwise, none with -q."""
        if self.verbosity < 1:
            return
        if self._display is None:
            from briefgen import progress

            self._display = progress.display(sys.stderr)
        self._display(stage, done, total)

    def done(self) -> None:
        if self._display is not None:
            self._display.close()


def _set_verbose(ctx: click.Context, _: click.Parameter, value: int) -> None:
    if value:
        state = ctx.ensure_object(_State)
        state.verbosity = max(state.verbosity, 1) + value


def _set_quiet(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(_State).verbosity = 0


def _set_debug(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(_State).debug = True


def _global_options(command: Any) -> Any:
    """-v, -q and --debug, accepted before the command and after it alike."""
    options = [
        click.option("-v", "--verbose", count=True, expose_value=False, callback=_set_verbose,
                     help="Show more detail (repeatable)."),
        click.option("-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet,
                     help="Show only warnings and errors (no progress)."),
        click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug,
                     help="Show tracebacks for errors."),
    ]  # fmt: skip
    for option in reversed(options):
        command = option(command)
    return command


def _parse_formats(
    _: click.Context, __: click.Parameter, value: str | None
) -> tuple[str, ...] | None:
    if value is None:
        return None
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise click.BadParameter(
            f"unknown format {', '.join(unknown) or '(none)'}; use {','.join(FORMATS)}"
        )
    return formats


def _parse_date(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_vars(_: click.Context, __: click.Parameter, value: tuple[str, ...]) -> dict[str, str]:
    variables = {}
    for item in value:
        key, sep, val = item.partition("=")
        if not sep or not key.strip().isidentifier():
            raise click.BadParameter(f"{item!r} is not of the form key=value")
        variables[key.strip()] = val
    return variables


def _today() -> str:
    return dt.date.today().isoformat()


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
@_global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn several news articles about one event into a short, sourced brief.

    With no command, builds the brief of the embedded example corpus into ./output/
    (the same as `briefgen build`). -v, -q and --debug go before or after the command.
    """
    ctx.ensure_object(_State)
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


CONFIG_OPTION = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file (default: ./briefgen.toml if it exists).",
)


@cli.command()
@click.argument("sources", nargs=-1)
@CONFIG_OPTION
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),  # checked before the work starts (exit 9), not by click
    default=None,
    help="Output directory.  [default: output, or [output] dir]",
)
@click.option(
    "--format",
    "formats",
    default=None,
    callback=_parse_formats,
    help="Comma-separated output formats.  [default: md,html,pdf,json, or [output] formats]",
)
@click.option(
    "--template",
    default=None,
    help="Template name (see `briefgen templates`) or path to a .md.j2 file.  [default: daily]",
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory of templates that override the built-in ones.",
)
@click.option(
    "--set",
    "variables",
    multiple=True,
    callback=_parse_vars,
    metavar="KEY=VALUE",
    help="Template variable (repeatable).",
)
@click.option("--title", help="Brief title (default: the best-matching source title).")
@click.option(
    "--date", callback=_parse_date, metavar="YYYY-MM-DD", help="Brief date (default: today)."
)
@click.option(
    "--scorer",
    type=click.Choice(SCORER_NAMES, case_sensitive=False),
    default=None,
    help=f"Salience scorer.  [default: {DEFAULT_SCORER}]",
)
@click.option(
    "--min-sources",
    type=click.IntRange(min=1),
    default=None,
    help="Independent sources a consensus fact needs.  [default: 2]",
)
@click.option(
    "--max-facts",
    type=click.IntRange(min=1),
    default=None,
    help="Most facts in the brief.  [default: 12]",
)
@click.option(
    "--words", type=click.IntRange(min=1), default=None, help="Most words of facts in the brief."
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default=None,
    help="PDF paper size.  [default: a4]",
)
@click.option("--no-fetch", is_flag=True, help="Do not fetch full pages for feed entries.")
@click.option(
    "--follow-links",
    is_flag=True,
    default=None,
    help="Read links in a source folder that lead outside it (skipped by default).",
)
@click.option(
    "--url-deadline",
    type=click.FloatRange(min=0, min_open=True, max=600),
    default=None,
    metavar="SECONDS",
    help="Most seconds one URL may take in all.  [default: 30]",
)
@_global_options
@click.pass_obj
def build(state: _State, sources: tuple[str, ...] = (), **options: Any) -> None:
    """Build a brief from SOURCES (files, directories, globs, URLs, feeds).

    With no SOURCES, briefs the embedded example corpus. Settings come from
    ./briefgen.toml (or --config) when it exists: [brief], [output] dir and formats, and
    [sources] follow_links and url_deadline; flags override them.
    """
    from briefgen.pipeline import build as run_build

    opts = _build_options(sources, options)
    try:
        result = run_build(opts, today=_today(), progress=state.progress, warn=state.warn)
    finally:
        state.done()
    brief = result.brief
    if state.verbosity >= 2 and brief.dropped:
        counts: dict[str, int] = {}
        for d in brief.dropped:
            counts[d.reason] = counts.get(d.reason, 0) + 1
        summary = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items()))
        state.say(f"dropped: {summary}", 2)
    state.say(
        f"{len(brief.consensus)} consensus and {len(brief.unique)} unique facts from "
        f"{len(brief.sources)} sources"
    )
    for path in result.files:
        state.say(f"wrote {path}")
    if result.removed:
        names = ", ".join(p.name for p in result.removed)
        state.say(f"removed {names} of an earlier brief in {opts.out} (not built this time)")


def _build_options(sources: tuple[str, ...], options: dict[str, Any]) -> Any:
    """BuildOptions from the flags given, else the config file, else the defaults."""
    from briefgen.pipeline import BuildOptions

    ctx = click.get_current_context()
    config = _config(options.get("config_path"))

    def given(name: str) -> bool:
        source = ctx.get_parameter_source(name)
        return options.get(name) is not None and source not in (
            None,
            click.core.ParameterSource.DEFAULT,
        )

    def pick(name: str, configured: Any) -> Any:
        return options[name] if given(name) else configured

    brief = config.brief
    return BuildOptions(
        sources=tuple(sources),
        out=pick("out", config.output.dir),
        formats=pick("formats", config.output.formats),
        template=pick("template", brief.template),
        template_dir=pick("template_dir", brief.template_dir),
        variables={**brief.vars, **(options.get("variables") or {})},
        title=pick("title", brief.title),
        date=options.get("date"),
        scorer=(pick("scorer", brief.scorer) or DEFAULT_SCORER).lower(),
        min_sources=pick("min_sources", brief.min_sources),
        max_facts=pick("max_facts", brief.max_facts),
        words=pick("words", brief.words),
        paper=pick("paper", brief.paper).lower(),
        fetch=not options.get("no_fetch", False),
        follow_links=bool(pick("follow_links", config.sources.follow_links)),
        url_deadline=pick("url_deadline", config.sources.url_deadline),
    )


# --- where the work runs: in process, local Dask workers, a Dask cluster -----------------


def _parse_scheduler(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from briefgen.config import scheduler_address

    try:
        return scheduler_address(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _cluster_options(command: Any) -> Any:
    """--workers N and --scheduler ADDR: override [cluster] in briefgen.toml (--config)."""
    options = [
        click.option(
            "--config",
            "config_path",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Settings file for [cluster] (default: ./briefgen.toml if it exists).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(0, 1024),
            metavar="N",
            help="Run the per-article and per-story work on N local worker processes "
            "(Dask; 0: in this process). Default: in this process for small inputs, one "
            "worker per core for large ones when briefgen[dask] is installed.",
        ),
        click.option(
            "--scheduler",
            metavar="ADDR",
            callback=_parse_scheduler,
            help="Run it on the Dask cluster whose scheduler is at ADDR (tcp://HOST:8786).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _runner(options: dict[str, Any]) -> Any:
    """The Runner the flags (else [cluster], else the default) ask for; connects at once.

    A scheduler that does not answer is a ClusterError here, before any source is read.
    """
    import os

    from briefgen.cluster import make_runner

    workers, scheduler = options.pop("workers", None), options.pop("scheduler", None)
    config = _config(options.pop("config_path", None))
    if workers is None and scheduler is None:
        scheduler, workers = config.cluster.scheduler, config.cluster.workers
    return make_runner(workers=workers, scheduler=scheduler, cores=os.cpu_count() or 1)


def _report_retries(state: _State, runner: Any) -> None:
    if runner.retried:
        state.say(f"{runner.retried} task(s) retried after a worker was lost", 0)


@cli.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("edition"),
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated output formats (of the edition and of each story's brief).",
)
@click.option(
    "--template",
    default="edition",
    show_default=True,
    help="Edition template name or path to a .md.j2 file.",
)
@click.option(
    "--story-template",
    default="daily",
    show_default=True,
    help="Template of each story's own brief files.",
)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory of templates that override the built-in ones.",
)
@click.option(
    "--set",
    "variables",
    multiple=True,
    callback=_parse_vars,
    metavar="KEY=VALUE",
    help="Template variable (repeatable).",
)
@click.option("--title", help="Edition title (default: News edition).")
@click.option(
    "--date", callback=_parse_date, metavar="YYYY-MM-DD", help="Edition date (default: today)."
)
@click.option(
    "--min-outlets",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Independent outlets a story needs to be briefed.",
)
@click.option(
    "--max-stories", type=click.IntRange(min=1), default=None, help="Most stories briefed."
)
@click.option(
    "--max-facts",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Most facts in each story's brief.",
)
@click.option(
    "--max-articles",
    type=click.IntRange(min=2),
    default=12,
    show_default=True,
    help="Most articles one story's brief is made from (one per outlet first).",
)
@click.option(
    "--previous",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An earlier edition's folder: continuing stories keep their ids.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="PDF paper size.",
)
@click.option("--no-fetch", is_flag=True, help="Do not fetch full pages for feed entries.")
@_cluster_options
@_global_options
@click.pass_obj
def edition(state: _State, sources: tuple[str, ...], **options: Any) -> None:
    """Build the day's edition from SOURCES: every story clustered and briefed.

    Stories with at least --min-outlets independent outlets get a section and their own
    brief folder; the others are listed under "also reported". Writes edition.md, .html,
    .pdf and .json, and stories/<id>/brief.* per story.
    """
    from briefgen.edition import EditionOptions, build_edition

    opts = EditionOptions(
        sources=tuple(sources),
        out=options["out"],
        formats=options["formats"],
        template=options["template"],
        story_template=options["story_template"],
        template_dir=options.get("template_dir"),
        variables=options.get("variables") or {},
        title=options.get("title"),
        date=options.get("date"),
        min_outlets=options["min_outlets"],
        max_stories=options.get("max_stories"),
        max_facts=options["max_facts"],
        max_articles=options["max_articles"],
        paper=options["paper"],
        fetch=not options.get("no_fetch", False),
        previous=options.get("previous"),
    )
    opts.validate()
    runner = _runner(options)
    try:
        result = build_edition(opts, today=_today(), runner=runner, progress=state.progress)
    finally:
        state.done()
        runner.close()
    _report_retries(state, runner)
    for problem in result.edition.problems:
        state.warn(f"{problem.source}: {problem.message}")
    briefed = result.edition.briefed
    state.say(
        f"{len(briefed)} of {len(result.edition.stories)} stories briefed from "
        f"{len(result.edition.articles)} articles"
    )
    state.say(f"wrote {len(result.files)} files in {opts.out}")


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--from",
    "start",
    required=True,
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="First day of the archive.",
)
@click.option(
    "--to",
    "end",
    required=True,
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Last day of the archive (inclusive).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("archive"),
    show_default=True,
    help="Output directory: one YYYY-MM-DD folder per day.",
)
@click.option(
    "--format",
    "formats",
    default=",".join(FORMATS),
    show_default=True,
    callback=_parse_formats,
    help="Comma-separated output formats.",
)
@click.option("--template", default="edition", show_default=True, help="Edition template.")
@click.option("--story-template", default="daily", show_default=True, help="Story template.")
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Directory of templates that override the built-in ones.",
)
@click.option(
    "--set",
    "variables",
    multiple=True,
    callback=_parse_vars,
    metavar="KEY=VALUE",
    help="Template variable (repeatable).",
)
@click.option("--title", help="Edition title (default: News edition).")
@click.option(
    "--min-outlets",
    type=click.IntRange(min=2),
    default=2,
    show_default=True,
    help="Independent outlets a story needs to be briefed.",
)
@click.option("--max-stories", type=click.IntRange(min=1), help="Most stories briefed a day.")
@click.option(
    "--max-articles",
    type=click.IntRange(min=2),
    default=12,
    show_default=True,
    help="Most articles one story's brief is made from.",
)
@click.option(
    "--max-facts",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Most facts in each story's brief.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="PDF paper size.",
)
@click.option("--no-fetch", is_flag=True, help="Do not fetch full pages for feed entries.")
@click.option("--force", is_flag=True, help="Rebuild every day, changed or not.")
@_cluster_options
@_global_options
@click.pass_obj
def archive(state: _State, sources: tuple[str, ...], start: str, end: str, **options: Any) -> None:
    """Build one edition per day from --from to --to into OUT/YYYY-MM-DD/.

    Articles go to the day they were published. A day whose articles and settings have
    not changed since it was built (a digest in its run.json) is skipped, so a second run
    only builds what changed. Options as for `briefgen edition`.
    """
    from briefgen.archive import (
        days_between,
        edition_builder,
        edition_settings,
        load_articles,
        run_archive,
        template_paths,
    )
    from briefgen.edition import EditionOptions

    days_between(start, end)  # a reversed range is a usage error before any work
    opts = EditionOptions(
        sources=tuple(sources),
        out=options["out"],
        formats=options["formats"],
        template=options["template"],
        story_template=options["story_template"],
        template_dir=options.get("template_dir"),
        variables=options.get("variables") or {},
        title=options.get("title"),
        min_outlets=options["min_outlets"],
        max_stories=options.get("max_stories"),
        max_facts=options["max_facts"],
        max_articles=options["max_articles"],
        paper=options["paper"],
        fetch=not options.get("no_fetch", False),
    )
    opts.validate()
    runner = _runner(options)
    stages = state.progress
    try:
        articles, problems = load_articles(
            opts.sources, fetch=opts.fetch, runner=runner, progress=stages
        )
        for problem in problems:
            state.warn(f"{problem.source}: {problem.message}")
        result = run_archive(
            articles,
            start=start,
            end=end,
            out=opts.out,
            settings=edition_settings(opts),
            build_day=edition_builder(opts, runner, stages),
            templates=template_paths(opts),
            force=options["force"],
            progress=lambda m: state.say(m, 0 if m.startswith("warning") else 1),
        )
    finally:
        state.done()
        runner.close()
    _report_retries(state, runner)
    counts = ", ".join(
        f"{result.count(status)} {status}" for status in ("built", "skipped", "empty", "failed")
    )
    state.say(f"{len(result.days)} days: {counts} (skipped: unchanged since the last run)")
    if result.undated or result.outside:
        state.say(
            f"left out: {result.undated} article(s) without a date, "
            f"{result.outside} dated outside {start}..{end}",
            0,
        )
    failed = [day for day in result.days if day.status == "failed"]
    if failed:
        sys.exit(failed[0].exit_code)


@cli.group(invoke_without_command=True)
@click.option(
    "--template-dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="Also list templates in this directory.",
)
@_global_options
@click.pass_context
def templates(ctx: click.Context, template_dir: Path | None) -> None:
    """List the available templates with a one-line description."""
    ctx.ensure_object(_State)
    ctx.meta["template_dir"] = template_dir
    if ctx.invoked_subcommand is None:
        from briefgen.compose import available_templates

        for info in available_templates(template_dir):
            click.echo(f"{info.name:<12} {info.description}")


@templates.command("show")
@click.argument("name")
@_global_options
@click.pass_context
def templates_show(ctx: click.Context, name: str) -> None:
    """Print the source of template NAME, to copy as a starting point."""
    from briefgen.compose import template_files

    paths = template_files(name, ctx.meta.get("template_dir"))
    for path in paths:
        if len(paths) > 1:  # the email template is two files: say where each one starts
            click.echo(f"{{# ---- {path.name} ---- #}}")
        click.echo(path.read_text(encoding="utf-8"), nl=False)


# --- config, check, send, daily ------------------------------------------------------


def _email_options(command: Any) -> Any:
    """--to, --from, --smtp-host, --smtp-port, --smtp-security, --attach: override [email]."""
    options = [
        click.option("--to", "to", multiple=True, metavar="ADDR", help="Recipient (repeatable)."),
        click.option("--from", "sender", metavar="ADDR", help="Sender address."),
        click.option("--smtp-host", metavar="HOST", help="SMTP server."),
        click.option("--smtp-port", type=click.IntRange(1, 65535), metavar="N", help="SMTP port."),
        click.option(
            "--smtp-security",
            type=click.Choice(["none", "starttls", "ssl"], case_sensitive=False),
            help="Connection security (default: starttls).",
        ),
        click.option(
            "--attach",
            multiple=True,
            type=click.Choice(["pdf", "md", "html", "json"], case_sensitive=False),
            help="Also attach brief.<ext> (repeatable; email.attach is the default).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _config(path: Path | None, overrides: dict[str, object] | None = None) -> Any:
    """The config file (or defaults when there is none and none was named) with flags merged."""
    from briefgen.config import CONFIG_NAME, Config, load, merge

    if path is not None:
        config = load(path)
    elif Path(CONFIG_NAME).is_file():
        config = load(Path(CONFIG_NAME))
    else:
        config = Config()
    return merge(config, overrides) if overrides else config


def _email_overrides(config_path: Path | None, options: dict[str, Any]) -> Any:
    config = _config(config_path)
    attach = options.get("attach") or ()
    overrides: dict[str, object] = {
        "email.to": list(options.get("to") or ()),
        "email.from": options.get("sender"),
        "email.smtp_host": options.get("smtp_host"),
        "email.smtp_port": options.get("smtp_port"),
        "email.security": options.get("smtp_security"),
        "email.attach": list(dict.fromkeys([*config.email.attach, *attach])) if attach else None,
    }
    from briefgen.config import merge

    return merge(config, overrides)


def _now(config: Any) -> dt.datetime:
    """The current time in the configured zone, to the second (the only clock read)."""
    return dt.datetime.now(config.zone).replace(microsecond=0)


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default="briefgen.toml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--edition", is_flag=True, help="Daily runs build the day's edition (every story).")
@_global_options
@click.pass_obj
def init(state: _State, path: Path, force: bool, edition: bool) -> None:
    """Write a commented starter settings file (default: ./briefgen.toml).

    Daily runs brief one story; with --edition ([edition] enabled = true) they build the
    day's edition of every story instead.
    """
    from briefgen.config import starter_config
    from briefgen.errors import UsageError

    if path.exists() and not force:
        raise UsageError(f"{path} already exists", hint="use --force to overwrite it")
    path.write_text(starter_config(edition=edition), encoding="utf-8")
    state.say(f"wrote {path}; edit [sources] and [email], then run `briefgen check`")


@cli.command()
@CONFIG_OPTION
@click.option("--smtp", is_flag=True, help="Also connect and log in to the SMTP server.")
@click.option(
    "--date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Day whose articles to count (default: today in the configured time zone).",
)
@_global_options
@click.pass_obj
def check(state: _State, config_path: Path | None, smtp: bool, date: str | None) -> None:
    """Check the settings, system libraries, sources, templates and (--smtp) the mail server.

    Counts the articles a daily run would use today (the same date and topic filters).
    Lists every problem; exits with the code the first one would make a real run fail with.
    """
    import os

    from briefgen.daily import preflight
    from briefgen.errors import ConfigError

    try:
        config = _config(config_path)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"FAIL config: {problem}")
        sys.exit(error.exit_code)
    click.echo(f"ok   config: {config.path or 'defaults (no briefgen.toml)'}")
    failed = 0
    day = date or _now(config).date().isoformat()
    for result in preflight(config, dict(os.environ), smtp=smtp, date=day):
        if result.ok:
            click.echo(f"ok   {result.name}: {result.detail}")
        for problem in result.problems:
            click.echo(f"FAIL {result.name}: {problem}")
        failed = failed or result.exit_code
    if failed:
        sys.exit(failed)


@cli.command()
@click.argument(
    "brief_dir", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@CONFIG_OPTION
@_email_options
@click.option("--dry-run", is_flag=True, help="Write the message to BRIEF_DIR/brief.eml instead.")
@_global_options
@click.pass_obj
def send(
    state: _State, brief_dir: Path | None, config_path: Path | None, dry_run: bool, **options: Any
) -> None:
    """Email the brief (or edition) in BRIEF_DIR (default: the latest day folder).

    Sends one message: text and HTML from the email template, the PDF (and --attach
    files) attached. SMTP credentials come from BRIEFGEN_SMTP_USER / BRIEFGEN_SMTP_PASSWORD.
    """
    import os

    from briefgen.config import email_settings
    from briefgen.daily import DAY, email_brief
    from briefgen.errors import UsageError

    config = _email_overrides(config_path, options)
    if brief_dir is None:
        out = config.output.dir
        days = sorted(p for p in out.iterdir() if DAY.fullmatch(p.name)) if out.is_dir() else []
        if not days:
            raise UsageError(f"no day folders in {out}", hint="give the brief folder to send")
        brief_dir = days[-1]
    settings = email_settings(config, dict(os.environ))
    if (brief_dir / "edition.json").is_file() and not (brief_dir / "brief.json").is_file():
        from briefgen.daily.edition import email_edition

        delivery = email_edition(
            brief_dir,
            settings,
            subject=config.email.subject,
            attach=config.email.attach,
            now=_now(config),
            dry_run=dry_run,
        )
    else:
        delivery = email_brief(
            brief_dir,
            settings,
            subject=config.email.subject,
            attach=config.email.attach,
            now=_now(config),
            template_dir=config.brief.template_dir,
            variables=config.brief.vars,
            dry_run=dry_run,
            note=lambda line: state.say(line, 0),
        )
    if delivery.eml is not None:
        state.say(f"dry run: wrote {delivery.eml}, sent nothing")
    else:
        state.say(f"sent {delivery.subject!r} to {', '.join(delivery.to)}")


@cli.command()
@CONFIG_OPTION
@click.option(
    "--date",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Day to brief (default: today in the configured time zone).",
)
@click.option("--force", is_flag=True, help="Rebuild and re-send even if done already.")
@click.option("--no-email", is_flag=True, help="Build only; send nothing.")
@click.option("--dry-run", is_flag=True, help="Write the email to brief.eml instead of sending.")
@_email_options
@_global_options
@click.pass_obj
def daily(
    state: _State,
    config_path: Path | None,
    date: str | None,
    force: bool,
    no_email: bool,
    dry_run: bool,
    **options: Any,
) -> None:
    """Build today's brief into OUTPUT/YYYY-MM-DD/ and email it, once.

    A second run the same day does nothing (--force redoes both); a run that built but
    failed to send sends on the next run. Meant for cron or a systemd timer.
    """
    import os

    from briefgen.daily import DailyRequest, run_daily

    config = _email_overrides(config_path, options)
    now = _now(config)
    request = DailyRequest(
        config=config,
        date=date or now.date().isoformat(),
        now=now,
        env=dict(os.environ),
        force=force,
        email=not no_email,
        dry_run=dry_run,
    )
    try:
        run_daily(
            request,
            progress=lambda m: state.say(m, 0 if m.startswith(("warning", "email:")) else 1),
            stages=state.progress,
        )
    finally:
        state.done()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: runs the CLI and turns expected errors into exit codes."""
    args = sys.argv[1:] if argv is None else argv
    try:
        cli.main(args=args, prog_name="briefgen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except BriefgenError as exc:
        if "--debug" in args:
            raise
        click.echo(f"Error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"Hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
