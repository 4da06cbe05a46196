"""The options several commands share, each declared once: a decorator or a decorator factory.

A factory takes what differs between the commands (the help line, a default); the name, type
and parsing of an option stay the same everywhere it is used. Parsing callbacks turn bad values
into click usage errors (exit 2) before any work starts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

FORMATS = ("md", "html", "pdf", "json")

# The scorer registry (briefgen.score) imports numpy and sumy; its names are repeated here so
# that `briefgen --help` stays instant (a test checks that the two agree).
SCORER_NAMES = ("lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic")
DEFAULT_SCORER = "lexrank"

Decorator = Callable[[Any], Any]


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


def parse_date(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
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


def _parse_scheduler(_: click.Context, __: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from briefgen.config import scheduler_address

    try:
        return scheduler_address(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def stacked(*options: Decorator) -> Decorator:
    """One decorator that applies OPTIONS in the order given (as if written one per line)."""

    def apply(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


# --- settings, templates, the brief's text -----------------------------------------------


def config_option(
    help: str = "Settings file (default: ./briefgen.toml if it exists).",
) -> Decorator:
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=help,
    )


def template_dir_option(
    help: str = "Directory of templates that override the built-in ones.",
) -> Decorator:
    return click.option(
        "--template-dir",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help=help,
    )


set_option = click.option(
    "--set",
    "variables",
    multiple=True,
    callback=_parse_vars,
    metavar="KEY=VALUE",
    help="Template variable (repeatable).",
)


def date_option(help: str) -> Decorator:
    return click.option("--date", callback=parse_date, metavar="YYYY-MM-DD", help=help)


def text_options(title: str, date: str | None = None) -> Decorator:
    """--template-dir, --set, --title and (given its help) --date: what the brief says."""
    options = [template_dir_option(), set_option, click.option("--title", help=title)]
    if date is not None:
        options.append(date_option(date))
    return stacked(*options)


# --- output -------------------------------------------------------------------------------


def out_dir_option(default: Path, help: str) -> Decorator:
    """--out of the commands that write a folder of their own (edition, archive)."""
    return click.option(
        "--out",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=help,
    )


def format_option(help: str, default: str | None = None) -> Decorator:
    """--format md,html,...: a default given here is shown in --help."""
    if default is None:
        return click.option("--format", "formats", default=None, callback=_parse_formats, help=help)
    return click.option(
        "--format",
        "formats",
        default=default,
        show_default=True,
        callback=_parse_formats,
        help=help,
    )


def paper_option(default: str | None = None) -> Decorator:
    """--paper a4|letter, in any case. With no default here (build: [brief] paper may set it)
    the help names the default; edition and archive show theirs."""
    if default is None:
        return click.option(
            "--paper",
            type=click.Choice(["a4", "letter"], case_sensitive=False),
            default=None,
            help="PDF paper size.  [default: a4]",
        )
    return click.option(
        "--paper",
        type=click.Choice(["a4", "letter"], case_sensitive=False),
        default=default,
        show_default=True,
        help="PDF paper size.",
    )


no_fetch_option = click.option(
    "--no-fetch", is_flag=True, help="Do not fetch full pages for feed entries."
)


# --- editions: stories and where the work runs ----------------------------------------------


def _shown_count(name: str, least: int, default: int, help: str) -> Decorator:
    """An option taking a whole number of at least LEAST, whose default --help shows."""
    return click.option(
        name, type=click.IntRange(min=least), default=default, show_default=True, help=help
    )


min_outlets_option = _shown_count(
    "--min-outlets", 2, 2, "Independent outlets a story needs to be briefed."
)
story_max_facts_option = _shown_count("--max-facts", 1, 8, "Most facts in each story's brief.")


def max_articles_option(help: str) -> Decorator:
    return _shown_count("--max-articles", 2, 12, help)


def cluster_options(command: Any) -> Any:
    """--workers N and --scheduler ADDR: override [cluster] in briefgen.toml (--config)."""
    return stacked(
        config_option("Settings file for [cluster] (default: ./briefgen.toml if it exists)."),
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
    )(command)


# --- email ----------------------------------------------------------------------------------


def email_options(command: Any) -> Any:
    """--to, --from, --smtp-host, --smtp-port, --smtp-security, --attach: override [email]."""
    return stacked(
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
    )(command)
