"""`briefgen init`, `check`, `send` and `daily`: settings file -> checks, emails, daily runs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from briefgen.cli.options import config_option, date_option, email_options
from briefgen.cli.state import State, global_options, load_config, now


def _email_overrides(config_path: Path | None, options: dict[str, Any]) -> Any:
    config = load_config(config_path)
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


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), default="briefgen.toml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--edition", is_flag=True, help="Daily runs build the day's edition (every story).")
@global_options
@click.pass_obj
def init(state: State, path: Path, force: bool, edition: bool) -> None:
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


@click.command()
@config_option()
@click.option("--smtp", is_flag=True, help="Also connect and log in to the SMTP server.")
@date_option("Day whose articles to count (default: today in the configured time zone).")
@global_options
@click.pass_obj
def check(state: State, config_path: Path | None, smtp: bool, date: str | None) -> None:
    """Check the settings, system libraries, sources, templates and (--smtp) the mail server.

    Counts the articles a daily run would use today (the same date and topic filters).
    Lists every problem; exits with the code the first one would make a real run fail with.
    """
    import os

    from briefgen.daily import preflight
    from briefgen.errors import ConfigError

    try:
        config = load_config(config_path)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(f"FAIL config: {problem}")
        sys.exit(error.exit_code)
    click.echo(f"ok   config: {config.path or 'defaults (no briefgen.toml)'}")
    failed = 0
    day = date or now(config).date().isoformat()
    for result in preflight(config, dict(os.environ), smtp=smtp, date=day):
        if result.ok:
            click.echo(f"ok   {result.name}: {result.detail}")
        for problem in result.problems:
            click.echo(f"FAIL {result.name}: {problem}")
        failed = failed or result.exit_code
    if failed:
        sys.exit(failed)


@click.command()
@click.argument(
    "brief_dir", required=False, type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@config_option()
@email_options
@click.option("--dry-run", is_flag=True, help="Write the message to BRIEF_DIR/brief.eml instead.")
@global_options
@click.pass_obj
def send(
    state: State, brief_dir: Path | None, config_path: Path | None, dry_run: bool, **options: Any
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
    message: dict[str, Any] = {
        "subject": config.email.subject,
        "attach": config.email.attach,
        "now": now(config),
        "dry_run": dry_run,
    }
    if (brief_dir / "edition.json").is_file() and not (brief_dir / "brief.json").is_file():
        from briefgen.daily.edition import email_edition

        delivery = email_edition(brief_dir, settings, **message)
    else:
        delivery = email_brief(
            brief_dir,
            settings,
            template_dir=config.brief.template_dir,
            variables=config.brief.vars,
            note=lambda line: state.say(line, 0),
            **message,
        )
    if delivery.eml is not None:
        state.say(f"dry run: wrote {delivery.eml}, sent nothing")
    else:
        state.say(f"sent {delivery.subject!r} to {', '.join(delivery.to)}")


@click.command()
@config_option()
@date_option("Day to brief (default: today in the configured time zone).")
@click.option("--force", is_flag=True, help="Rebuild and re-send even if done already.")
@click.option("--no-email", is_flag=True, help="Build only; send nothing.")
@click.option("--dry-run", is_flag=True, help="Write the email to brief.eml instead of sending.")
@email_options
@global_options
@click.pass_obj
def daily(
    state: State,
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
    current = now(config)
    request = DailyRequest(
        config=config,
        date=date or current.date().isoformat(),
        now=current,
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
