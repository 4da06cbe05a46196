"""A built brief -> one email message -> an SMTP server (smtplib stays inside this module).

``build_message`` is pure: the date is passed in, the Message-ID and MIME boundaries are
derived from the content, so the same inputs give the same bytes. ``send`` delivers over
STARTTLS, implicit TLS or (for a local relay) plain SMTP, retrying transient failures with
exponential backoff; ``write_eml`` writes those exact bytes for ``--dry-run``;
``check_smtp`` tries the connection without sending anything.

Nothing that reaches a header can carry a newline: addresses with control characters,
commas or display-name tricks are rejected, the subject has control characters collapsed
to spaces. The SMTP password is never part of a message, a repr or an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import smtplib
import socket
import ssl
import string
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path

from briefgen.errors import ConfigError, DeliveryError

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}

# Placeholders an ``email.subject`` template may use; ``{{`` and ``}}`` are literal braces.
SUBJECT_FIELDS = ("title", "date", "sources")

# Attachment MIME types by file suffix; anything else is refused rather than guessed.
ATTACHMENT_TYPES = {
    ".pdf": ("application", "pdf"),
    ".md": ("text", "markdown"),
    ".html": ("text", "html"),
    ".json": ("application", "json"),
}

# A subject longer than this is cut: mail clients show far less, and a runaway article
# title should not produce a header hundreds of characters long.
MAX_SUBJECT_CHARS = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# RFC 5322 dot-atom local part and a DNS host name (ASCII only: no SMTPUTF8).
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
# "Display Name <addr>" where the name has no specials that could hide a second address.
_NAMED = re.compile(r'\s*(?P<name>[^<>@,;:"\\()\[\]]*?)\s*<(?P<addr>[^<>]*)>\s*')


@dataclass(frozen=True)
class EmailSettings:
    """Where and how to send: server, envelope, credentials (never shown), retry policy."""

    host: str
    port: int
    security: str  # "starttls" | "ssl" | "none"
    sender: str
    recipients: tuple[str, ...]
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    retries: int = 3  # extra attempts after the first, for transient failures only
    backoff: float = 2.0  # seconds before the first retry; doubles each time

    def __post_init__(self) -> None:
        problems = []
        if self.security not in SECURITY_MODES:
            problems.append(f"email.security: must be one of {', '.join(SECURITY_MODES)}")
        if not self.host or _CONTROL.search(self.host) or " " in self.host:
            problems.append("email.smtp_host: must be a host name")
        if not _is_port(self.port):
            problems.append("email.smtp_port: must be an integer 1-65535")
        if not self.recipients:
            problems.append("email.to: at least one recipient is needed")
        if (self.username is None) != (self.password is None):
            problems.append(
                "SMTP credentials: set both BRIEFGEN_SMTP_USER and BRIEFGEN_SMTP_PASSWORD, "
                "or neither"
            )
        if self.username is not None and self.security == "none":
            problems.append(
                'email.security: "none" would send the SMTP password unencrypted; '
                "use starttls or ssl"
            )
        if self.timeout <= 0 or self.retries < 0 or self.backoff < 0:
            problems.append("email.timeout/retries: must be positive")
        for key, value in (
            ("email.from", self.sender),
            *(("email.to", r) for r in self.recipients),
        ):
            try:
                check_address(value)
            except ValueError as error:
                problems.append(f"{key}: {error}")
        if problems:
            raise ConfigError(problems)

    @property
    def has_credentials(self) -> bool:
        return self.username is not None


def _is_port(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535


@dataclass(frozen=True)
class DeliveryReport:
    """What the server accepted: recipients, refusals, attempts used and its last reply."""

    accepted: tuple[str, ...]
    refused: tuple[tuple[str, int, str], ...]  # (address, code, server message)
    attempts: int
    response: str  # the server's reply to the message data, e.g. "250 OK"


# --- headers ---------------------------------------------------------------------------


def check_address(value: str) -> Address:
    """One mailbox, "addr@example.org" or "Name <addr@example.org>"; ValueError if unsafe."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("an email address is required")
    shown = ascii(value)
    if _CONTROL.search(value):
        raise ValueError(f"{shown} contains a newline or control character")
    if "," in value or ";" in value:
        raise ValueError(f"{shown} must be a single address (no commas or semicolons)")
    named = _NAMED.fullmatch(value)
    name, addr = (named["name"], named["addr"].strip()) if named else ("", value.strip())
    if not _valid_addr_spec(addr):
        raise ValueError(f"{shown} is not a valid address like name@example.org")
    # The standard parser must read the same mailbox; anything it reads differently is a trick.
    if parseaddr(value)[1] != addr:
        raise ValueError(f"{shown} is ambiguous; write it as name@example.org")
    return Address(display_name=name, addr_spec=addr)


def _valid_addr_spec(addr: str) -> bool:
    local, at, domain = addr.rpartition("@")
    if not at or len(addr) > 254 or len(local) > 64 or not _LOCAL.fullmatch(local):
        return False
    return all(_LABEL.fullmatch(label) for label in domain.split("."))


def clean_subject(text: str) -> str:
    """Control characters and newlines become spaces, runs of space collapse; length bounded."""
    subject = " ".join(_CONTROL.sub(" ", text).split())
    if len(subject) > MAX_SUBJECT_CHARS:
        subject = subject[: MAX_SUBJECT_CHARS - 1].rstrip() + "…"
    return subject


def subject_fields(template: str) -> tuple[str, ...]:
    """The placeholders a subject template uses; ValueError for unknown or malformed ones."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(
            f"malformed placeholder ({error}); write a literal brace as {{{{"
        ) from error
    names = []
    allowed = ", ".join("{" + name + "}" for name in SUBJECT_FIELDS)
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in SUBJECT_FIELDS or spec or conversion:
            raise ValueError(f"unknown placeholder {{{name}}}; use {allowed}")
        names.append(name)
    return tuple(names)


def format_subject(template: str, *, title: str, date: str, sources: int) -> str:
    """The subject line for one brief; values are cleaned of newlines before and after."""
    subject_fields(template)
    values = {"title": clean_subject(title), "date": clean_subject(date), "sources": str(sources)}
    return clean_subject(template.format_map(values))


# --- the message -----------------------------------------------------------------------


def build_message(
    *,
    sender: str,
    recipients: Sequence[str],
    subject: str,
    text_body: str,
    html_body: str | None,
    attachments: Sequence[Path],
    date: datetime,
    message_id_domain: str,
) -> EmailMessage:
    """A text (and HTML alternative) message with attachments; same inputs, same bytes."""
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError("build_message needs a timezone-aware date")
    if not all(_LABEL.fullmatch(label) for label in message_id_domain.split(".")):
        raise DeliveryError(f"invalid Message-ID domain {message_id_domain!a}")
    try:
        from_address = check_address(sender)
        to_addresses = tuple(check_address(recipient) for recipient in recipients)
    except ValueError as error:
        raise DeliveryError(f"invalid address: {error}") from error
    if not to_addresses:
        raise DeliveryError("no recipients to send the brief to")
    subject = clean_subject(subject)
    if not subject:
        raise DeliveryError("the email subject is empty")

    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = subject
    message["From"] = from_address
    message["To"] = to_addresses
    message["Date"] = format_datetime(date)
    message.set_content(text_body)
    if html_body is not None:
        message.add_alternative(html_body, subtype="html")
    digest = hashlib.sha256()
    for part in (subject, str(from_address), *map(str, to_addresses), date.isoformat()):
        digest.update(part.encode() + b"\0")
    digest.update(text_body.encode() + b"\0" + (html_body or "").encode() + b"\0")
    for path in attachments:
        data = _attachment(message, path)
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    token = digest.hexdigest()
    message["Message-ID"] = f"<{date.strftime('%Y%m%d%H%M%S')}.{token[:20]}@{message_id_domain}>"
    # email picks random boundaries; derive them from the content so output is reproducible.
    for level, container in enumerate(p for p in message.walk() if p.is_multipart()):
        container.set_boundary(f"=_briefgen_{token[20:44]}_{level}")
    return message


def _attachment(message: EmailMessage, path: Path) -> bytes:
    kind = ATTACHMENT_TYPES.get(path.suffix.lower())
    if kind is None:
        raise DeliveryError(f"cannot attach {path.name!r}: unsupported file type")
    if _CONTROL.search(path.name):
        raise DeliveryError(f"cannot attach {path.name!a}: control character in file name")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DeliveryError(f"cannot attach {path}: {error.strerror or error}") from error
    maintype, subtype = kind
    params = {"charset": "utf-8"} if maintype == "text" else {}
    message.add_attachment(
        data, maintype=maintype, subtype=subtype, filename=path.name, params=params
    )
    return data


def message_bytes(message: EmailMessage) -> bytes:
    """The message exactly as it goes over the wire (CRLF line endings)."""
    return message.as_bytes(policy=policy.SMTP)


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the bytes ``send`` would transmit to ``path`` atomically (for ``--dry-run``)."""
    data = message_bytes(message)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


# --- SMTP ------------------------------------------------------------------------------


class _Transient(Exception):
    """A failure worth retrying: the server or the network may do better in a moment."""


def send(
    message: EmailMessage,
    settings: EmailSettings,
    *,
    sleep: Callable[[float], object] = time.sleep,
    ssl_context: ssl.SSLContext | None = None,
    note: Callable[[str], object] = lambda _: None,
) -> DeliveryReport:
    """Deliver ``message`` to ``settings.recipients``; retry transient failures with backoff.

    Permanent failures (5xx replies, rejected credentials, TLS verification) raise
    ``DeliveryError`` at once; transient ones (refused/reset connections, timeouts, 4xx)
    are retried ``settings.retries`` times, waiting ``backoff * 2**n`` seconds between.
    Before each wait, ``note`` hears which attempt failed, why, and when the next comes.
    """
    data = message_bytes(message)
    context = ssl_context or ssl.create_default_context()
    attempt = 0
    while True:
        attempt += 1
        try:
            with _connect(settings, context) as smtp:
                accepted, refused, response = _transfer(smtp, settings, data)
                _quit(smtp)
        except _Transient as error:
            if attempt > settings.retries:
                plural = "s" if attempt > 1 else ""
                reason = f"{error} (gave up after {attempt} attempt{plural})"
                raise _failure(settings, reason) from None
            wait = settings.backoff * 2 ** (attempt - 1)
            note(
                f"email: attempt {attempt} of {settings.retries + 1} failed ({error}); "
                f"trying again in {wait:g} s"
            )
            sleep(wait)
            continue
        return DeliveryReport(accepted, refused, attempt, response)


def check_smtp(settings: EmailSettings, *, ssl_context: ssl.SSLContext | None = None) -> str:
    """Connect, EHLO, STARTTLS/SSL, AUTH when credentials are set, QUIT; one line on success."""
    context = ssl_context or ssl.create_default_context()
    try:
        with _connect(settings, context) as smtp:
            tls = smtp.sock.version() if isinstance(smtp.sock, ssl.SSLSocket) else None
            _quit(smtp)
    except _Transient as error:
        raise _failure(settings, str(error)) from None
    parts = [f"SMTP {settings.host}:{settings.port}: connected"]
    parts.append(f"encrypted ({settings.security}, {tls})" if tls else "not encrypted")
    if settings.has_credentials:
        parts.append("authenticated")
    return ", ".join(parts)


class _Session:
    """An open, greeted, secured and authenticated SMTP connection (a context manager)."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp

    def __enter__(self) -> smtplib.SMTP:
        return self.smtp

    def __exit__(self, *exc: object) -> None:
        self.smtp.close()


def _connect(settings: EmailSettings, context: ssl.SSLContext) -> _Session:
    """Open the connection; raises _Transient or DeliveryError (never a raw smtplib error)."""
    smtp: smtplib.SMTP | None = None
    try:
        # The constructor connects and reads the greeting (closing the socket if that fails);
        # the host given here is also the name the TLS certificate must match.
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        _check_reply(smtp.ehlo(), "EHLO")
        if settings.security == "starttls":
            if not smtp.has_extn("starttls"):
                raise DeliveryError(
                    f"{settings.host}:{settings.port} does not offer STARTTLS",
                    hint='use security = "ssl" or the server\'s submission port',
                )
            _check_reply(smtp.starttls(context=context), "STARTTLS")
            _check_reply(smtp.ehlo(), "EHLO")
        if settings.username is not None and settings.password is not None:
            smtp.login(settings.username, settings.password)
        return _Session(smtp)
    except BaseException as error:
        if smtp is not None:
            smtp.close()
        if isinstance(error, _Transient | DeliveryError):
            raise
        if isinstance(error, Exception):
            raise _classify(error, settings) from None
        raise


def _check_reply(reply: tuple[int, bytes], stage: str) -> None:
    code, text = reply
    if not 200 <= code < 400:
        raise smtplib.SMTPResponseException(code, text or stage.encode())


def _transfer(
    smtp: smtplib.SMTP, settings: EmailSettings, data: bytes
) -> tuple[tuple[str, ...], tuple[tuple[str, int, str], ...], str]:
    """MAIL, RCPT for each recipient, DATA: the envelope done by hand to see every reply."""
    try:
        sender = check_address(settings.sender).addr_spec
        code, text = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, text, sender)
        accepted: list[str] = []
        refused: list[tuple[str, int, str]] = []
        for recipient in settings.recipients:
            addr = check_address(recipient).addr_spec
            code, text = smtp.rcpt(addr)
            if code in (250, 251):
                accepted.append(addr)
            else:
                refused.append((addr, code, _text(text)))
        if not accepted:
            smtp.rset()
            raise smtplib.SMTPRecipientsRefused({a: (c, t.encode()) for a, c, t in refused})
        code, text = smtp.data(data)
        if code != 250:
            raise smtplib.SMTPDataError(code, text)
        return tuple(accepted), tuple(refused), f"{code} {_text(text)}"
    except Exception as error:
        raise _classify(error, settings) from None


def _quit(smtp: smtplib.SMTP) -> None:
    # The message is already accepted; a server that hangs up instead of replying to QUIT
    # must not turn a delivery into a failure (or a duplicate on retry).
    with contextlib.suppress(smtplib.SMTPException, OSError):
        smtp.quit()


def _classify(error: Exception, settings: EmailSettings) -> Exception:
    """Map one smtplib/socket/ssl failure to _Transient (retry) or DeliveryError (stop)."""
    where = f"{settings.host}:{settings.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return _failure(settings, f"{where} rejected the SMTP credentials: {_reply(error)}")
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = [(addr, code, _text(text)) for addr, (code, text) in error.recipients.items()]
        summary = "; ".join(f"{addr}: {code} {text}" for addr, code, text in replies)
        if replies and all(400 <= code < 500 for _a, code, _t in replies):
            return _Transient(f"{where} deferred every recipient: {summary}")
        return _failure(settings, f"{where} refused every recipient: {summary}")
    if isinstance(error, smtplib.SMTPResponseException):
        if 400 <= error.smtp_code < 500:
            return _Transient(f"{where} replied {_reply(error)}")
        return _failure(settings, f"{where} replied {_reply(error)}")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return _failure(settings, f"{where}: {error}")
    if isinstance(error, ssl.SSLCertVerificationError):
        return _failure(
            settings,
            f"TLS certificate of {where} could not be verified: {error.verify_message}",
        )
    if isinstance(error, ssl.SSLError):
        return _failure(settings, f"TLS with {where} failed: {error.reason or error}")
    if isinstance(error, socket.gaierror):
        if error.errno == socket.EAI_AGAIN:
            return _Transient(f"cannot resolve {settings.host} right now")
        return _failure(settings, f"unknown SMTP host {settings.host!r}")
    if isinstance(error, TimeoutError | socket.timeout):
        return _Transient(f"{where} timed out after {settings.timeout:g} s")
    if isinstance(error, smtplib.SMTPServerDisconnected) and "timed out" in str(error):
        return _Transient(f"{where} timed out after {settings.timeout:g} s")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return _Transient(f"{where} closed the connection ({error or 'unexpectedly'})")
    if isinstance(error, ConnectionError):
        return _Transient(f"cannot connect to {where}: {error.strerror or error}")
    if isinstance(error, OSError):
        return _Transient(f"network error talking to {where}: {error.strerror or error}")
    if isinstance(error, smtplib.SMTPException):
        return _failure(settings, f"{where}: {error}")
    raise error


def _failure(settings: EmailSettings, message: str) -> DeliveryError:
    """A one-line DeliveryError that cannot contain the password, whatever the server said."""
    line = " ".join(message.split())
    if settings.password:
        line = line.replace(settings.password, "***")
    return DeliveryError(line)


def _text(text: bytes | str) -> str:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return " ".join(raw.split())


def _reply(error: smtplib.SMTPResponseException) -> str:
    return f"{error.smtp_code} {_text(error.smtp_error)}"
