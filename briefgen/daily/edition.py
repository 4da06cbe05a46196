"""A daily request in edition mode -> the day's edition folder, and its email.

With ``[edition] enabled = true`` a daily run builds the day's edition instead of one
brief: the day's articles (after the date and topic filters) clustered into stories, each
story with ``min_outlets`` outlets briefed, written to ``OUTPUT/YYYY-MM-DD/`` (edition.md,
.html, .pdf, .json and ``stories/<id>/``). The most recent earlier day folder with an
``edition.json`` seeds the clustering, so a story that continues keeps its id, is marked
continuing, and its facts not in yesterday's brief of that story are marked new. The
email carries edition.md as its text body, edition.html as its HTML body and the
``attach`` formats of the edition (edition.pdf by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from briefgen import deliver
from briefgen.config import Config
from briefgen.daily.locking import Progress
from briefgen.daily.mail import Delivery, Sender, send_message
from briefgen.daily.novelty import DAY, read_json
from briefgen.daily.source import Loader, select_articles
from briefgen.edition import (
    EDITION_JSON,
    Edition,
    EditionOptions,
    check_templates,
    make_edition,
)
from briefgen.errors import ConfigError, DeliveryError, InputError


def previous_edition(out: Path, date: str) -> Path | None:
    """The most recent day folder before ``date`` that holds an edition.json."""
    if not out.is_dir():
        return None
    days = sorted(
        (p for p in out.iterdir() if DAY.fullmatch(p.name) and p.name < date), reverse=True
    )
    return next((p for p in days if (p / EDITION_JSON).is_file()), None)


def edition_options(config: Config, folder: Path, formats: tuple[str, ...], date: str) -> Any:
    brief, edition = config.brief, config.edition
    return EditionOptions(
        sources=config.sources.paths,
        out=folder,
        formats=formats,
        template=edition.template,
        story_template=brief.template,
        template_dir=brief.template_dir,
        variables=dict(brief.vars),
        title=edition.title,
        date=date,
        scorer=brief.scorer,
        min_outlets=edition.min_outlets,
        max_stories=edition.max_stories,
        min_sources=brief.min_sources,
        max_facts=edition.max_facts,
        max_articles=edition.max_articles,
        words=brief.words,
        paper=brief.paper,
        previous=previous_edition(config.output.dir, date),
    )


def build_day_edition(
    config: Config,
    *,
    date: str,
    folder: Path,
    formats: tuple[str, ...],
    record: dict[str, Any],
    note: Progress,
    load: Loader,
) -> Edition:
    """Load, filter to the day, make the edition, write it; fills ``record`` in."""
    from briefgen.edition.write import write_edition

    if not config.sources.paths:
        raise ConfigError(
            "sources.paths: no sources configured", hint=f"add them to {config.path or 'config'}"
        )
    options = edition_options(config, folder, formats, date)
    check_templates(options.template, options.story_template, options.template_dir)
    loaded = load(config.sources.paths)
    articles, skipped = select_articles(
        loaded.articles,
        date=date,
        include=config.sources.include,
        exclude=config.sources.exclude,
    )
    record["skipped"] = [{"source": p.source, "reason": p.message} for p in skipped]
    record["problems"] = [{"source": p.source, "message": p.message} for p in loaded.problems]
    record["built"] = None
    note(f"{len(articles)} article(s) for {date}, {len(skipped)} left out")
    if not articles:
        raise InputError(
            f"no article for {date} after the date and topic filters",
            hint="check sources.paths, sources.include/exclude and the articles' dates",
        )
    edition = make_edition(articles, options, date=date, problems=loaded.problems)
    write_edition(edition, options)
    briefed = edition.briefed
    record["previous"] = options.previous.name if options.previous else None
    record["stories"] = [
        {
            "id": s.story.id,
            "title": s.title,
            "briefed": s.brief is not None,
            "continuing": s.story.continuing,
            "articles": len(s.articles),
            "new_facts": sum(1 for f in (*s.brief.consensus, *s.brief.unique) if f.new)
            if s.brief is not None and s.story.continuing
            else None,
        }
        for s in edition.stories
    ]
    record["sources"] = [
        {"id": a.id, "name": a.name, "path": a.path, "url": a.url, "published": a.published}
        for a in edition.articles
    ]
    record["built"] = {"at": None, "files": sorted(f"edition.{f}" for f in formats)}
    note(f"built {folder}: {len(briefed)} of {len(edition.stories)} stories briefed")
    return edition


def email_edition(
    folder: Path,
    settings: deliver.EmailSettings,
    *,
    subject: str,
    attach: Sequence[str],
    now: datetime,
    dry_run: bool = False,
    sender: Sender = deliver.send,
) -> Delivery:
    """Mail the edition in ``folder`` (or write it to ``brief.eml`` for a dry run)."""
    record = read_json(folder / EDITION_JSON)
    text = folder / "edition.md"
    html = folder / "edition.html"
    files = [folder / f"edition.{ext}" for ext in dict.fromkeys(attach)]
    missing = [p.name for p in (*files, text, html) if not p.is_file()]
    if record is None or missing:
        raise DeliveryError(
            f"cannot send the edition: {', '.join(missing) or EDITION_JSON} missing in {folder}",
            hint="output.formats must include md, html and the attached formats",
        )
    line = deliver.format_subject(
        subject,
        title=str(record.get("title")),
        date=str(record.get("date")),
        sources=len(record.get("articles") or ()),
    )
    return send_message(
        folder,
        settings,
        subject=line,
        bodies=(text.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")),
        files=files,
        now=now,
        dry_run=dry_run,
        sender=sender,
    )
