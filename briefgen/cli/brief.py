"""`briefgen build` and `briefgen templates`: sources -> one brief; the templates it can use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from briefgen.cli.options import (
    DEFAULT_SCORER,
    SCORER_NAMES,
    config_option,
    format_option,
    no_fetch_option,
    paper_option,
    template_dir_option,
    text_options,
)
from briefgen.cli.state import State, global_options, load_config, today


@click.command()
@click.argument("sources", nargs=-1)
@config_option()
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),  # checked before the work starts (exit 9), not by click
    default=None,
    help="Output directory.  [default: output, or [output] dir]",
)
@format_option("Comma-separated output formats.  [default: md,html,pdf,json, or [output] formats]")
@click.option(
    "--template",
    default=None,
    help="Template name (see `briefgen templates`) or path to a .md.j2 file.  [default: daily]",
)
@text_options(
    title="Brief title (default: the best-matching source title).",
    date="Brief date (default: today).",
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
    help="Most facts in the brief.  [default: 10 consensus + 2 per outlet, at least 24]",
)
@click.option(
    "--words", type=click.IntRange(min=1), default=None, help="Most words of facts in the brief."
)
@paper_option()
@no_fetch_option
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
@global_options
@click.pass_obj
def build(state: State, sources: tuple[str, ...] = (), **options: Any) -> None:
    """Build a brief from SOURCES (files, directories, globs, URLs, feeds).

    With no SOURCES, briefs the embedded example corpus. Settings come from
    ./briefgen.toml (or --config) when it exists: [brief], [output] dir and formats, and
    [sources] follow_links and url_deadline; flags override them.
    """
    from briefgen.pipeline import build as run_build

    opts = _build_options(sources, options)
    try:
        result = run_build(opts, today=today(), progress=state.progress, warn=state.warn)
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
    config = load_config(options.get("config_path"))

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


@click.group(invoke_without_command=True)
@template_dir_option("Also list templates in this directory.")
@global_options
@click.pass_context
def templates(ctx: click.Context, template_dir: Path | None) -> None:
    """List the available templates with a one-line description."""
    ctx.ensure_object(State)
    ctx.meta["template_dir"] = template_dir
    if ctx.invoked_subcommand is None:
        from briefgen.compose import available_templates

        for info in available_templates(template_dir):
            click.echo(f"{info.name:<12} {info.description}")


@templates.command("show")
@click.argument("name")
@global_options
@click.pass_context
def templates_show(ctx: click.Context, name: str) -> None:
    """Print the source of template NAME, to copy as a starting point."""
    from briefgen.compose import template_files

    paths = template_files(name, ctx.meta.get("template_dir"))
    for path in paths:
        if len(paths) > 1:  # the email template is two files: say where each one starts
            click.echo(f"{{# ---- {path.name} ---- #}}")
        click.echo(path.read_text(encoding="utf-8"), nl=False)
