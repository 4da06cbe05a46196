"""A built brief folder and email settings -> one email sent (or ``brief.eml``), a Delivery.

The message has a text and an HTML body from the ``email`` templates and the folder's
``brief.<ext>`` files as attachments; the Delivery says what was sent to whom, for run.json
and the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from briefgen import deliver
from briefgen.daily.novelty import read_brief
from briefgen.errors import DeliveryError
from briefgen.models import Brief

EML_NAME = "brief.eml"

Sender = Callable[..., deliver.DeliveryReport]


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
    note: Callable[[str], object] = lambda _: None,
) -> Delivery:
    """Mail the brief in ``folder`` (or write it to ``brief.eml`` for a dry run).

    The text and HTML bodies come from the ``email`` templates, the attachments are the
    folder's ``brief.<ext>`` files for each ``attach`` entry; a missing file is an error,
    because a brief that promises its PDF should not arrive without it. ``note`` hears
    each failed attempt and when the next one comes.
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
    return send_message(
        folder,
        settings,
        subject=line,
        bodies=(text_body, html_body),
        files=files,
        now=now,
        dry_run=dry_run,
        sender=sender,
        note=note,
    )


def send_message(
    folder: Path,
    settings: deliver.EmailSettings,
    *,
    subject: str,
    bodies: tuple[str, str],
    files: Sequence[Path],
    now: datetime,
    dry_run: bool,
    sender: Sender,
    note: Callable[[str], object] = lambda _: None,
) -> Delivery:
    """One composed email (text and HTML ``bodies``, ``files`` attached) sent, or written to
    ``folder``/brief.eml for a dry run; what was done, as a Delivery."""
    try:
        domain = deliver.check_address(settings.sender).domain
    except ValueError as error:
        raise DeliveryError(f"email.from: {error}") from None
    message = deliver.build_message(
        sender=settings.sender,
        recipients=settings.recipients,
        subject=subject,
        text_body=bodies[0],
        html_body=bodies[1],
        attachments=list(files),
        date=now,
        message_id_domain=domain,
    )
    eml = report = None
    if dry_run:
        eml = deliver.write_eml(message, folder / EML_NAME)
    else:
        report = sender(message, settings, note=note)
    return Delivery(
        subject=subject,
        sender=settings.sender,
        to=settings.recipients,
        message_id=str(message["Message-ID"]),
        attachments=tuple(p.name for p in files),
        report=report,
        eml=eml,
    )
