"""`briefgen edition` and `briefgen archive`: sources -> every story briefed, for a day or a range.

Both run their per-article and per-story work where --workers / --scheduler (else [cluster])
say: in process, on local Dask workers, or on a Dask cluster.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from briefgen.cli.options import (
    FORMATS,
    cluster_options,
    format_option,
    max_articles_option,
    min_outlets_option,
    no_fetch_option,
    out_dir_option,
    paper_option,
    parse_date,
    story_max_facts_option,
    text_options,
)
from briefgen.cli.state import State, global_options, load_config, today


def _runner(options: dict[str, Any]) -> Any:
    """The Runner the flags (else [cluster], else the default) ask for; connects at once.

    A scheduler that does not answer is a ClusterError here, before any source is read.
    """
    import os

    from briefgen.cluster import make_runner

    workers, scheduler = options.pop("workers", None), options.pop("scheduler", None)
    config = load_config(options.pop("config_path", None))
    if workers is None and scheduler is None:
        scheduler, workers = config.cluster.scheduler, config.cluster.workers
    return make_runner(workers=workers, scheduler=scheduler, cores=os.cpu_count() or 1)


def _report_retries(state: State, runner: Any) -> None:
    if runner.retried:
        state.say(f"{runner.retried} task(s) retried after a worker was lost", 0)


def _edition_options(sources: tuple[str, ...], options: dict[str, Any], **more: Any) -> Any:
    """EditionOptions from the flags edition and archive share (and MORE), validated."""
    from briefgen.edition import EditionOptions

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
        **more,
    )
    opts.validate()
    return opts


@click.command()
@click.argument("sources", nargs=-1)
@out_dir_option(Path("edition"), "Output directory.")
@format_option(
    "Comma-separated output formats (of the edition and of each story's brief).",
    default=",".join(FORMATS),
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
@text_options(title="Edition title (default: News edition).", date="Edition date (default: today).")
@min_outlets_option
@click.option(
    "--max-stories", type=click.IntRange(min=1), default=None, help="Most stories briefed."
)
@story_max_facts_option
@max_articles_option("Most articles one story's brief is made from (one per outlet first).")
@click.option(
    "--previous",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="An earlier edition's folder: continuing stories keep their ids.",
)
@paper_option("a4")
@no_fetch_option
@cluster_options
@global_options
@click.pass_obj
def edition(state: State, sources: tuple[str, ...], **options: Any) -> None:
    """Build the day's edition from SOURCES: every story clustered and briefed.

    Stories with at least --min-outlets independent outlets get a section and their own
    brief folder; the others are listed under "also reported". Writes edition.md, .html,
    .pdf and .json, and stories/<id>/brief.* per story.
    """
    from briefgen.edition import build_edition

    opts = _edition_options(
        sources, options, date=options.get("date"), previous=options.get("previous")
    )
    runner = _runner(options)
    try:
        result = build_edition(opts, today=today(), runner=runner, progress=state.progress)
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


@click.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--from",
    "start",
    required=True,
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="First day of the archive.",
)
@click.option(
    "--to",
    "end",
    required=True,
    callback=parse_date,
    metavar="YYYY-MM-DD",
    help="Last day of the archive (inclusive).",
)
@out_dir_option(Path("archive"), "Output directory: one YYYY-MM-DD folder per day.")
@format_option("Comma-separated output formats.", default=",".join(FORMATS))
@click.option("--template", default="edition", show_default=True, help="Edition template.")
@click.option("--story-template", default="daily", show_default=True, help="Story template.")
@text_options(title="Edition title (default: News edition).")
@min_outlets_option
@click.option("--max-stories", type=click.IntRange(min=1), help="Most stories briefed a day.")
@max_articles_option("Most articles one story's brief is made from.")
@story_max_facts_option
@paper_option("a4")
@no_fetch_option
@click.option("--force", is_flag=True, help="Rebuild every day, changed or not.")
@cluster_options
@global_options
@click.pass_obj
def archive(state: State, sources: tuple[str, ...], start: str, end: str, **options: Any) -> None:
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

    days_between(start, end)  # a reversed range is a usage error before any work
    opts = _edition_options(sources, options)
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
