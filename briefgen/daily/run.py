"""A DailyRequest -> that day's brief folder (brief.*, run.json) and, once, its email.

``run_daily`` goes through the stages listed in the package doc (``briefgen.daily``): it
takes the lock, resumes from the day's ``run.json``, builds the brief unless it is built
already, delivers it unless it was sent already, and records what it did in ``run.json``;
the DailyResult says what this run built and sent.

Nothing here reads the clock or the environment: the CLI passes the date, the current
time and the environment mapping in. Files of other days are never written or removed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from briefgen import deliver
from briefgen.config import Config, email_settings
from briefgen.daily.locking import Progress, _quiet, lock
from briefgen.daily.mail import Delivery, Sender, email_brief
from briefgen.daily.novelty import (
    BRIEF_JSON,
    DAY,
    collapse_unchanged,
    mark_new,
    previous_day,
    read_brief,
    read_json,
)
from briefgen.daily.source import Loader, loader_for, select_articles
from briefgen.errors import BriefgenError, ConfigError, DeliveryError, InputError
from briefgen.models import Brief
from briefgen.output import check_writable, remove_leftovers, remove_stale, write_atomic
from briefgen.progress import Progress as Stages
from briefgen.progress import quiet

RUN_NAME = "run.json"
# brief.json is always written: tomorrow's "new since yesterday" and a later re-send read it.
REQUIRED_FORMATS = ("json",)


@dataclass(frozen=True)
class DailyRequest:
    """One daily run: the validated config (CLI flags merged in) and what the CLI read."""

    config: Config
    date: str  # "YYYY-MM-DD", the day to brief
    now: datetime  # timezone-aware; recorded in run.json and used as the email's Date
    env: Mapping[str, str] = field(default_factory=dict)  # for SMTP credentials only
    force: bool = False  # rebuild and re-send even if done already
    email: bool = True  # False: --no-email
    dry_run: bool = False  # write brief.eml instead of sending


@dataclass(frozen=True)
class DailyResult:
    day: Path
    built: bool  # this run built the brief
    sent: bool  # this run sent it
    eml: Path | None  # the dry run's message file
    record: Mapping[str, Any]  # what run.json now holds
    notes: tuple[str, ...]  # one line per thing done or skipped, for the CLI


# --- the run ---------------------------------------------------------------------------


def day_folder(out: Path, date: str) -> Path:
    if not DAY.fullmatch(date):
        raise ConfigError(f"--date: {date!r} is not a date in the form YYYY-MM-DD")
    return out / date


def formats_of(config: Config) -> tuple[str, ...]:
    wanted = (*config.output.formats, *REQUIRED_FORMATS)
    if config.edition.enabled:  # the email's bodies are edition.md and edition.html
        wanted = (*wanted, "md", "html")
    return tuple(f for f in ("md", "html", "pdf", "json") if f in wanted)


def product_of(config: Config) -> str:
    """The stem of the day's files: ``edition`` in edition mode, else ``brief``."""
    return "edition" if config.edition.enabled else "brief"


def _options(config: Config) -> dict[str, Any]:
    brief = config.brief
    return {
        "sources": list(config.sources.paths),
        "include": list(config.sources.include),
        "exclude": list(config.sources.exclude),
        "formats": list(formats_of(config)),
        "template": brief.template,
        "template_dir": str(brief.template_dir) if brief.template_dir else None,
        "title": brief.title,
        "scorer": brief.scorer,
        "min_sources": brief.min_sources,
        "max_facts": brief.max_facts,
        "words": brief.words,
        "paper": brief.paper,
        "collapse_unchanged": brief.collapse_unchanged,
        "timezone": config.timezone,
        "edition": {
            "enabled": config.edition.enabled,
            "template": config.edition.template,
            "title": config.edition.title,
            "min_outlets": config.edition.min_outlets,
            "max_stories": config.edition.max_stories,
            "max_facts": config.edition.max_facts,
            "max_articles": config.edition.max_articles,
        },
    }


def _email_wanted(request: DailyRequest) -> bool:
    return request.email and bool(request.config.email.to)


def _already_built(
    record: Mapping[str, Any], folder: Path, formats: Sequence[str], stem: str = "brief"
) -> bool:
    built = record.get("built")
    return bool(built) and all((folder / f"{stem}.{f}").is_file() for f in formats)


def _already_sent(record: Mapping[str, Any]) -> bool:
    email = record.get("email")
    return isinstance(email, Mapping) and email.get("status") == "sent"


def run_daily(
    request: DailyRequest,
    *,
    progress: Progress = _quiet,
    load: Loader | None = None,
    sender: Sender = deliver.send,
    stages: Stages = quiet,
) -> DailyResult:
    """Build and deliver one day's brief, doing only what is not done yet (see the package doc).

    ``progress`` hears one line per thing done or skipped; ``stages`` the build's stages.
    Raises the error that stopped the run (InputError, RenderError, DeliveryError ...)
    after recording it in run.json; files already built are kept.
    """
    config = request.config
    load = load or loader_for(config, stages)
    folder = day_folder(config.output.dir, request.date)
    settings = email_settings(config, request.env) if _email_wanted(request) else None
    preview = settings is None and request.email and request.dry_run
    if preview:  # no [email] yet: still show the message a run would send
        settings = _preview_settings(config)
    notes: list[str] = []

    def note(line: str) -> None:
        notes.append(line)
        progress(line)

    _check_ready(config, folder)
    with lock(config.output.dir, note=note):
        for leftover in remove_leftovers(folder):
            note(f"removed {leftover.name}, left by an interrupted run")
        previous_record = read_json(folder / RUN_NAME) or {}
        record: dict[str, Any] = {
            key: previous_record.get(key)
            for key in (
                "sources",
                "skipped",
                "problems",
                "previous",
                "new_facts",
                "stories",
                "built",
                "email",
            )
        }
        record.update(
            date=request.date,
            config=str(config.path) if config.path else None,
            options=_options(config),
        )
        history = list(previous_record.get("history") or [])
        entry: dict[str, Any] = {"at": request.now.isoformat(), "built": False, "sent": False}
        built = sent = False
        eml: Path | None = None
        error: BriefgenError | None = None
        brief: Brief | None = None
        try:
            formats = formats_of(config)
            stem = product_of(config)
            if request.force or not _already_built(previous_record, folder, formats, stem):
                if config.edition.enabled:
                    _build_edition(request, folder, formats, record, note, load)
                else:
                    brief = _build(request, folder, formats, record, note, load, stages)
                built = entry["built"] = True
            else:
                note(f"{folder}: already built (use --force to rebuild)")
            if settings is not None and request.dry_run:
                delivery = _deliver(request, settings, folder, brief, sender, note)
                note(f"dry run: wrote {delivery.eml}, sent nothing")
                if preview:
                    note(
                        "email is not configured: brief.eml has placeholder addresses; "
                        "set [email] to, from and smtp_host to send"
                    )
                entry["dry_run"] = True
                eml = delivery.eml
            elif settings is not None and (request.force or not _already_sent(previous_record)):
                delivery = _deliver(request, settings, folder, brief, sender, note)
                record["email"] = delivery.as_record(request.now)
                sent = entry["sent"] = True
                note(f"sent {delivery.subject!r} to {', '.join(delivery.to)}")
            elif settings is not None:
                note(f"already sent on {record['email'].get('at')} (use --force to re-send)")
            elif request.email:
                note("email not configured (no email.to): nothing sent")
        except DeliveryError as failure:
            error = failure
            if failure.hint is None:
                failure.hint = (
                    f"the brief is kept in {folder}; the next `briefgen daily` sends it without"
                    " rebuilding (check the [email] settings: `briefgen check --smtp`)"
                )
            email = dict(record.get("email") or {}) if _already_sent(record) else {}
            record["email"] = email or {"status": "failed"}
            record["email"]["error"] = failure.message
            record["email"]["failed_at"] = request.now.isoformat()
        except BriefgenError as failure:
            error = failure
        code = error.exit_code if error is not None else 0
        entry.update(exit_code=code, error=error.message if error else None)
        record.update(
            status="failed" if error else "ok",
            exit_code=code,
            error=error.message if error else None,
            history=[*history, entry],
        )
        write_atomic(folder / RUN_NAME, _dumps(record))
        if error is not None:
            raise error
    return DailyResult(
        day=folder,
        built=built,
        sent=sent,
        eml=eml,
        record=record,
        notes=tuple(notes),
    )


# Addresses for a dry run without [email] settings: the reserved .invalid domain, never sent.
PREVIEW_FROM = "briefgen <briefs@example.invalid>"
PREVIEW_TO = "reader@example.invalid"


def _preview_settings(config: Config) -> deliver.EmailSettings:
    """Settings that only name the message's addresses, for a dry run's brief.eml."""
    return deliver.EmailSettings(
        host="localhost",
        port=25,
        security="none",
        sender=config.email.sender or PREVIEW_FROM,
        recipients=config.email.to or (PREVIEW_TO,),
    )


def _check_ready(config: Config, folder: Path) -> None:
    """Fail before the lock is taken or any file written: no sources, or an unwritable folder."""
    if not config.sources.paths:
        where = config.path or "briefgen.toml"
        hint = (
            f"add them to [sources] paths in {where}"
            if config.path
            else "run `briefgen init` to write a starter briefgen.toml, then edit [sources]"
        )
        raise ConfigError("sources.paths: no sources configured", hint=hint)
    check_writable(folder)


def _dumps(record: Mapping[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _build_options(config: Config, folder: Path, formats: tuple[str, ...], date: str) -> Any:
    from briefgen.pipeline import BuildOptions

    brief = config.brief
    return BuildOptions(
        sources=config.sources.paths,
        out=folder,
        formats=formats,
        template=brief.template,
        template_dir=brief.template_dir,
        variables=dict(brief.vars),
        title=brief.title,
        date=date,
        scorer=brief.scorer,
        min_sources=brief.min_sources,
        max_facts=brief.max_facts,
        words=brief.words,
        paper=brief.paper,
    )


def _build(
    request: DailyRequest,
    folder: Path,
    formats: tuple[str, ...],
    record: dict[str, Any],
    note: Progress,
    load: Loader,
    stages: Stages = quiet,
) -> Brief:
    """Stages 3-4: load, select, make, mark new, render, write; fills ``record`` in."""
    from briefgen.pipeline import make_brief

    config = request.config
    options = _build_options(config, folder, formats, request.date)
    options.validate()
    loaded = load(config.sources.paths)
    for problem in loaded.problems:
        note(f"warning: {problem.source}: {problem.message}")
    articles, skipped = select_articles(
        loaded.articles,
        date=request.date,
        include=config.sources.include,
        exclude=config.sources.exclude,
    )
    record["skipped"] = [{"source": p.source, "reason": p.message} for p in skipped]
    record["problems"] = [{"source": p.source, "message": p.message} for p in loaded.problems]
    record["built"] = None
    note(f"{len(articles)} article(s) for {request.date}, {len(skipped)} left out")
    if len(articles) < 2:
        raise InputError(
            f"{len(articles)} article(s) for {request.date} after the date and topic filters;"
            " a brief needs at least 2",
            hint="check sources.paths, sources.include/exclude and the articles' dates",
        )
    brief = make_brief(
        articles,
        date=request.date,
        title=config.brief.title,
        problems=loaded.problems,
        scorer=config.brief.scorer,
        min_sources=config.brief.min_sources,
        max_facts=config.brief.max_facts,
        words=config.brief.words,
        progress=stages,
    )
    before = previous_day(config.output.dir, request.date)
    brief = mark_new(brief, read_json(before / BRIEF_JSON) if before else None)
    facts = (*brief.consensus, *brief.unique)
    record["previous"] = before.name if before else None
    record["new_facts"] = sum(1 for f in facts if f.new) if before else None
    record["sources"] = [
        {"id": a.id, "name": a.name, "path": a.path, "url": a.url, "published": a.published}
        for a in brief.sources
    ]
    record["problems"] = [{"source": p.source, "message": p.message} for p in brief.problems]
    files = _render(brief, options, config.brief.collapse_unchanged and before is not None, stages)
    # brief.json last: a folder whose run.json says "built" always has a complete brief.
    written = [folder / name for name in files]
    from briefgen.output import write_files

    write_files(folder, {k: v for k, v in files.items() if k != BRIEF_JSON})
    write_files(folder, {k: v for k, v in files.items() if k == BRIEF_JSON})
    for stale in remove_stale(folder, keep=files):
        note(f"removed {stale.name} of an earlier brief (not in output.formats)")
    record["built"] = {"at": request.now.isoformat(), "files": sorted(p.name for p in written)}
    note(f"built {folder}" + (f" ({record['new_facts']} new fact(s))" if before else ""))
    return brief


def _build_edition(
    request: DailyRequest,
    folder: Path,
    formats: tuple[str, ...],
    record: dict[str, Any],
    note: Progress,
    load: Loader,
) -> None:
    """Edition mode's stages 3-4 (``briefgen.daily.edition``); fills ``record`` in."""
    from briefgen.daily.edition import build_day_edition

    build_day_edition(
        request.config,
        date=request.date,
        folder=folder,
        formats=formats,
        record=record,
        note=note,
        load=load,
    )
    record["built"]["at"] = request.now.isoformat()


def _render(brief: Brief, options: Any, collapse: bool, stages: Stages) -> dict[str, bytes]:
    """All formats; with ``collapse``, the readable formats leave unchanged facts out while
    brief.json keeps every fact (tomorrow compares against it)."""
    from briefgen.pipeline import render_files

    if not collapse:
        return render_files(brief, options, stages)
    shown, hidden = collapse_unchanged(brief)
    readable = tuple(f for f in options.formats if f != "json")
    variables = {**options.variables, "unchanged_facts": str(hidden)}
    files = render_files(shown, replace(options, formats=readable, variables=variables), stages)
    files.update(render_files(brief, replace(options, formats=("json",))))
    return files


def _deliver(
    request: DailyRequest,
    settings: deliver.EmailSettings,
    folder: Path,
    brief: Brief | None,
    sender: Sender,
    note: Progress,
) -> Delivery:
    config = request.config
    if config.edition.enabled:
        from briefgen.daily.edition import email_edition

        return email_edition(
            folder,
            settings,
            subject=config.email.subject,
            attach=config.email.attach,
            now=request.now,
            dry_run=request.dry_run,
            sender=sender,
        )
    if brief is None:
        brief = read_brief(folder)
    if config.brief.collapse_unchanged:
        brief = collapse_unchanged(brief)[0]
    built = formats_of(config)
    attach = [a for a in config.email.attach if a in built]
    for name in config.email.attach:
        if name not in built:
            note(f"warning: email.attach: brief.{name} is not in output.formats; not attached")
    return email_brief(
        folder,
        settings,
        subject=config.email.subject,
        attach=attach,
        now=request.now,
        brief=brief,
        template_dir=config.brief.template_dir,
        variables=config.brief.vars,
        dry_run=request.dry_run,
        sender=sender,
        note=note,
    )
