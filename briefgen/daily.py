"""A Config and a date -> that day's brief folder (brief.*, run.json) and, once, its email.

A daily run, in order:

1. lock       one run at a time per output directory (``.briefgen.lock``; a lock left by a
              dead process is taken over)
2. resume     read the day's ``run.json``: what is already built, what already sent
3. source     load the configured inputs; keep articles published that day (undated ones
              are kept) that match the topic filter (``include`` / ``exclude``)
4. build      make the brief, mark facts new since the previous day's brief, write the files
5. deliver    one email (text + HTML + attachments) or, for a dry run, ``brief.eml``
6. record     ``run.json``: sources, options, problems, what was sent to whom and when

Nothing here reads the clock or the environment: the CLI passes the date, the current
time and the environment mapping in. Files of other days are never written or removed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from briefgen import deliver, ingest
from briefgen.config import Config, email_settings
from briefgen.errors import BriefgenError, ConfigError, DeliveryError, InputError, LockedError
from briefgen.models import (
    Article,
    Brief,
    Claim,
    Disagreement,
    Dropped,
    Evidence,
    Fact,
    Figure,
    Problem,
    Quote,
    TimelineEvent,
)
from briefgen.output import write_atomic

LOCK_NAME = ".briefgen.lock"
RUN_NAME = "run.json"
BRIEF_JSON = "brief.json"
EML_NAME = "brief.eml"
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# brief.json is always written: tomorrow's "new since yesterday" and a later re-send read it.
REQUIRED_FORMATS = ("json",)

Progress = Callable[[str], None]
Sender = Callable[..., deliver.DeliveryReport]
Loader = Callable[[Sequence[str]], ingest.Ingested]


def _quiet(_: str) -> None:
    return None


def _load_sources(specs: Sequence[str]) -> ingest.Ingested:
    return ingest.load(specs)


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


# --- 1. lock ---------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@contextlib.contextmanager
def lock(directory: Path, *, note: Progress = _quiet) -> Iterator[None]:
    """Hold the output directory's lock for the duration; LockedError if another run has it.

    Exclusion is an ``flock`` on ``.briefgen.lock`` (released by the kernel when a process
    dies, so it cannot go stale); the file also names the holder's pid. A file still naming
    a pid when the lock is free was left by a run that died, and is taken over.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            holder = _holder(os.pread(fd, 64, 0))
            raise LockedError(
                f"another briefgen run{f' (pid {holder})' if holder else ''} is using {directory}",
                hint=f"wait for it to finish; if no run is active, delete {path}",
            ) from None
        stale = _holder(os.pread(fd, 64, 0))
        if stale is not None and stale != os.getpid():
            state = "no longer running" if not _pid_alive(stale) else "not holding it"
            note(f"took over a stale lock from pid {stale} ({state})")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)  # an empty file: released cleanly
    finally:
        os.close(fd)  # also releases the flock


def _holder(data: bytes) -> int | None:
    text = data.decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


# --- 3. source -------------------------------------------------------------------------


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def mentions(text: str, keyword: str) -> bool:
    """Whether ``text`` contains ``keyword`` as whole words (case-insensitive, any spacing)."""
    words = _folded(keyword).split()
    if not words:
        return False
    pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)"
    return re.search(pattern, _folded(text)) is not None


def _where(article: Article) -> str:
    return article.path or article.url or article.name


def select_articles(
    articles: Sequence[Article],
    *,
    date: str,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> tuple[tuple[Article, ...], tuple[Problem, ...]]:
    """Articles for the day's brief, renumbered s1..; and one line per article left out.

    Kept: articles published on ``date``, or with no known date; with ``include``, only
    those whose title or text mentions one of its keywords; minus any mentioning an
    ``exclude`` keyword.
    """
    kept: list[Article] = []
    skipped: list[Problem] = []
    for article in articles:
        text = f"{article.title or ''}\n{article.text}"
        published = (article.published or "")[:10]
        blocked = next((k for k in exclude if mentions(text, k)), None)
        if published and published != date:
            skipped.append(Problem(_where(article), f"published {published}, not {date}"))
        elif include and not any(mentions(text, k) for k in include):
            skipped.append(Problem(_where(article), "mentions none of sources.include"))
        elif blocked is not None:
            skipped.append(Problem(_where(article), f"mentions {blocked!r} (sources.exclude)"))
        else:
            kept.append(article)
    numbered = tuple(replace(a, id=f"s{i}") for i, a in enumerate(kept, start=1))
    return numbered, tuple(skipped)


# --- 4. new since yesterday ------------------------------------------------------------


def previous_day(out: Path, date: str) -> Path | None:
    """The most recent day folder before ``date`` that holds a brief.json."""
    if not out.is_dir():
        return None
    days = sorted(
        (p for p in out.iterdir() if DAY.fullmatch(p.name) and p.name < date),
        key=lambda p: p.name,
        reverse=True,
    )
    return next((p for p in days if (p / BRIEF_JSON).is_file()), None)


def normalize(text: str) -> str:
    """Sentence text for comparison: case, quotes, dashes, punctuation and spacing ignored.

    Digits are kept, so a sentence whose figure changed overnight counts as new.
    """
    folded = _folded(text)
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def known_sentences(record: Mapping[str, Any]) -> frozenset[str]:
    """Every normalised fact and evidence sentence of a brief.json record."""
    seen: set[str] = set()
    for section in ("consensus", "unique"):
        for fact in record.get(section) or ():
            seen.add(normalize(str(fact.get("text", ""))))
            for evidence in fact.get("evidence") or ():
                seen.add(normalize(str(evidence.get("text", ""))))
    seen.discard("")
    return frozenset(seen)


def mark_new(brief: Brief, previous: Mapping[str, Any] | None) -> Brief:
    """Facts get ``new=True`` unless the fact or one of its evidence sentences was in the
    previous brief; with no previous brief, ``new`` stays None."""
    if previous is None:
        return brief
    seen = known_sentences(previous)

    def marked(fact: Fact) -> Fact:
        texts = {normalize(fact.text), *(normalize(e.text) for e in fact.evidence)}
        return replace(fact, new=not (texts & seen))

    return replace(
        brief,
        consensus=tuple(marked(f) for f in brief.consensus),
        unique=tuple(marked(f) for f in brief.unique),
    )


def collapse_unchanged(brief: Brief) -> tuple[Brief, int]:
    """The brief without facts unchanged since yesterday, and how many were left out."""
    consensus = tuple(f for f in brief.consensus if f.new is not False)
    unique = tuple(f for f in brief.unique if f.new is not False)
    hidden = len(brief.consensus) + len(brief.unique) - len(consensus) - len(unique)
    return replace(brief, consensus=consensus, unique=unique), hidden


# --- reading a brief back --------------------------------------------------------------


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``; None if the file is missing or not a readable object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _fact(data: Mapping[str, Any]) -> Fact:
    sources = tuple(data.get("sources") or ())
    return Fact(
        text=data["text"],
        source=sources[0] if sources else "",
        sources=sources,
        evidence=tuple(Evidence(e["source"], e["text"]) for e in data.get("evidence") or ()),
        score=float(data.get("score", 0.0)),
        support=int(data.get("support", len(sources))),
        attribution=data.get("attribution", "asserted"),
        attributed_to=data.get("attributed_to"),
        new=data.get("new"),
    )


def brief_from_record(data: Mapping[str, Any]) -> Brief:
    """The Brief a brief.json record was written from (for sending without rebuilding)."""
    try:
        return Brief(
            title=data["title"],
            date=data["date"],
            sources=tuple(
                Article(text="", **{k: s.get(k) for k in _ARTICLE_KEYS})
                for s in data.get("sources") or ()
            ),
            consensus=tuple(_fact(f) for f in data.get("consensus") or ()),
            unique=tuple(_fact(f) for f in data.get("unique") or ()),
            disagreements=tuple(
                Disagreement(
                    about=d["about"],
                    claims=tuple(
                        Claim(c["value"], tuple(c["sources"]), c["text"]) for c in d["claims"]
                    ),
                    kind=d.get("kind", "value"),
                )
                for d in data.get("disagreements") or ()
            ),
            dropped=tuple(Dropped(**d) for d in data.get("dropped") or ()),
            problems=tuple(Problem(**p) for p in data.get("problems") or ()),
            quotes=tuple(
                Quote(
                    speaker=q["speaker"],
                    text=q["text"],
                    sources=tuple(q["sources"]),
                    variants=tuple(Evidence(**v) for v in q.get("variants") or ()),
                )
                for q in data.get("quotes") or ()
            ),
            figures=tuple(
                Figure(**{**f, "sources": tuple(f["sources"])}) for f in data.get("figures") or ()
            ),
            timeline=tuple(
                TimelineEvent(**{**t, "sources": tuple(t["sources"])})
                for t in data.get("timeline") or ()
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"brief.json is not a briefgen record ({error!r})") from None


_ARTICLE_KEYS = ("id", "name", "title", "url", "published", "path", "outlet", "duplicate_of")


def read_brief(folder: Path) -> Brief:
    """The Brief saved in ``folder/brief.json``."""
    data = read_json(folder / BRIEF_JSON)
    if data is None:
        raise InputError(
            f"{folder / BRIEF_JSON}: missing or unreadable",
            hint="build the brief first (`briefgen daily` or `briefgen build --format json,pdf`)",
        )
    return brief_from_record(data)


# --- 5. deliver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What one email of a brief was: for run.json and the CLI."""

    subject: str
    sender: str
    to: tuple[str, ...]
    message_id: str
    attachments: tuple[str, ...]
    report: deliver.DeliveryReport | None  # None for a dry run
    eml: Path | None  # the dry run's file

    def as_record(self, at: datetime) -> dict[str, Any]:
        record: dict[str, Any] = {
            "status": "dry-run" if self.report is None else "sent",
            "at": at.isoformat(),
            "from": self.sender,
            "to": list(self.to),
            "subject": self.subject,
            "message_id": self.message_id,
            "attachments": list(self.attachments),
        }
        if self.report is not None:
            record["accepted"] = list(self.report.accepted)
            record["refused"] = [
                {"address": a, "code": c, "reply": t} for a, c, t in self.report.refused
            ]
            record["attempts"] = self.report.attempts
            record["response"] = self.report.response
        else:
            record["eml"] = EML_NAME
        return record


def email_brief(
    folder: Path,
    settings: deliver.EmailSettings,
    *,
    subject: str,
    attach: Sequence[str],
    now: datetime,
    brief: Brief | None = None,
    template_dir: Path | None = None,
    variables: Mapping[str, str] | None = None,
    dry_run: bool = False,
    sender: Sender = deliver.send,
) -> Delivery:
    """Mail the brief in ``folder`` (or write it to ``brief.eml`` for a dry run).

    The text and HTML bodies come from the ``email`` templates, the attachments are the
    folder's ``brief.<ext>`` files for each ``attach`` entry; a missing file is an error,
    because a brief that promises its PDF should not arrive without it.
    """
    from briefgen.compose import compose_email

    brief = brief if brief is not None else read_brief(folder)
    text_body, html_body = compose_email(brief, variables or {}, template_dir=template_dir)
    files = [folder / f"brief.{ext}" for ext in dict.fromkeys(attach)]
    missing = [p.name for p in files if not p.is_file()]
    if missing:
        raise DeliveryError(
            f"cannot attach {', '.join(missing)}: not in {folder}",
            hint="build that format too, or leave it out of email.attach",
        )
    line = deliver.format_subject(
        subject, title=brief.title, date=brief.date, sources=len(brief.sources)
    )
    try:
        domain = deliver.check_address(settings.sender).domain
    except ValueError as error:
        raise DeliveryError(f"email.from: {error}") from None
    message = deliver.build_message(
        sender=settings.sender,
        recipients=settings.recipients,
        subject=line,
        text_body=text_body,
        html_body=html_body,
        attachments=files,
        date=now,
        message_id_domain=domain,
    )
    eml = report = None
    if dry_run:
        eml = deliver.write_eml(message, folder / EML_NAME)
    else:
        report = sender(message, settings)
    return Delivery(
        subject=line,
        sender=settings.sender,
        to=settings.recipients,
        message_id=str(message["Message-ID"]),
        attachments=tuple(p.name for p in files),
        report=report,
        eml=eml,
    )


# --- the run ---------------------------------------------------------------------------


def day_folder(out: Path, date: str) -> Path:
    if not DAY.fullmatch(date):
        raise ConfigError(f"--date: {date!r} is not a date in the form YYYY-MM-DD")
    return out / date


def formats_of(config: Config) -> tuple[str, ...]:
    wanted = (*config.output.formats, *REQUIRED_FORMATS)
    return tuple(f for f in ("md", "html", "pdf", "json") if f in wanted)


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
    }


def _email_wanted(request: DailyRequest) -> bool:
    return request.email and bool(request.config.email.to)


def _already_built(record: Mapping[str, Any], folder: Path, formats: Sequence[str]) -> bool:
    built = record.get("built")
    return bool(built) and all((folder / f"brief.{f}").is_file() for f in formats)


def _already_sent(record: Mapping[str, Any]) -> bool:
    email = record.get("email")
    return isinstance(email, Mapping) and email.get("status") == "sent"


def run_daily(
    request: DailyRequest,
    *,
    progress: Progress = _quiet,
    load: Loader = _load_sources,
    sender: Sender = deliver.send,
) -> DailyResult:
    """Build and deliver one day's brief, doing only what is not done yet (see module doc).

    Raises the error that stopped the run (InputError, RenderError, DeliveryError ...)
    after recording it in run.json; files already built are kept.
    """
    config = request.config
    folder = day_folder(config.output.dir, request.date)
    settings = email_settings(config, request.env) if _email_wanted(request) else None
    notes: list[str] = []

    def note(line: str) -> None:
        notes.append(line)
        progress(line)

    with lock(config.output.dir, note=note):
        previous_record = read_json(folder / RUN_NAME) or {}
        record: dict[str, Any] = {
            key: previous_record.get(key)
            for key in ("sources", "skipped", "problems", "previous", "new_facts", "built", "email")
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
            if request.force or not _already_built(previous_record, folder, formats):
                brief = _build(request, folder, formats, record, note, load)
                built = entry["built"] = True
            else:
                note(f"{folder}: already built (use --force to rebuild)")
            if settings is not None and request.dry_run:
                delivery = _deliver(request, settings, folder, brief, sender, note)
                note(f"dry run: wrote {delivery.eml}, sent nothing")
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
) -> Brief:
    """Stages 3-4: load, select, make, mark new, render, write; fills ``record`` in."""
    from briefgen.pipeline import make_brief

    config = request.config
    if not config.sources.paths:
        raise ConfigError(
            "sources.paths: no sources configured", hint=f"add them to {config.path or 'config'}"
        )
    options = _build_options(config, folder, formats, request.date)
    options.validate()
    loaded = load(config.sources.paths)
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
    files = _render(brief, options, config.brief.collapse_unchanged and before is not None)
    # brief.json last: a folder whose run.json says "built" always has a complete brief.
    written = [folder / name for name in files]
    from briefgen.output import write_files

    write_files(folder, {k: v for k, v in files.items() if k != BRIEF_JSON})
    write_files(folder, {k: v for k, v in files.items() if k == BRIEF_JSON})
    record["built"] = {"at": request.now.isoformat(), "files": sorted(p.name for p in written)}
    note(f"built {folder}" + (f" ({record['new_facts']} new fact(s))" if before else ""))
    return brief


def _render(brief: Brief, options: Any, collapse: bool) -> dict[str, bytes]:
    """All formats; with ``collapse``, the readable formats leave unchanged facts out while
    brief.json keeps every fact (tomorrow compares against it)."""
    from briefgen.pipeline import render_files

    if not collapse:
        return render_files(brief, options)
    shown, hidden = collapse_unchanged(brief)
    readable = tuple(f for f in options.formats if f != "json")
    variables = {**options.variables, "unchanged_facts": str(hidden)}
    files = render_files(shown, replace(options, formats=readable, variables=variables))
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
    )


# --- briefgen check --------------------------------------------------------------------


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
        if config.email.to:
            names.append("email")
            compose_email(brief, variables, template_dir=config.brief.template_dir)
    except TemplateError as error:
        return Check("templates", ", ".join(names), (error.message,), error.exit_code)
    return Check("templates", f"{', '.join(names)} render")


def _check_sources(config: Config, load: Loader) -> Check:
    from briefgen.score import SCORERS

    problems = []
    if config.brief.scorer not in SCORERS:
        problems.append(f"brief.scorer: unknown {config.brief.scorer!r}; use {', '.join(SCORERS)}")
    if not config.sources.paths:
        return Check("sources", "none", (*problems, "sources.paths: no sources configured"), 3)
    loaded = load(config.sources.paths)
    problems += [f"{p.source}: {p.message}" for p in loaded.problems]
    if len(loaded.articles) < 2:
        problems.append(f"{len(loaded.articles)} readable article(s); a brief needs at least 2")
    detail = f"{len(loaded.articles)} readable article(s) in {len(config.sources.paths)} path(s)"
    return Check("sources", detail, tuple(problems), 4 if problems else 0)


def _check_output(config: Config) -> Check:
    import tempfile

    out = config.output.dir
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as error:
        return Check("output", str(out), (f"{out}: not writable ({error.strerror})",), 3)
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
    load: Loader = _load_sources,
) -> tuple[Check, ...]:
    """Everything a daily run needs, checked without building or sending anything.

    Email settings are checked when ``email.to`` is set or ``smtp`` is asked for; ``smtp``
    also connects, secures and authenticates (then quits without sending).
    """
    checks = []
    if "pdf" in formats_of(config):
        checks.append(_check_pdf())
    checks += [_check_templates(config), _check_sources(config, load), _check_output(config)]
    if config.email.to or smtp:
        checks.append(_check_email(config, env, smtp))
    return tuple(checks)
