"""deliver: message building, header safety, and SMTP against a real server on 127.0.0.1."""

from __future__ import annotations

import email
import ssl
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest_smtp import (
    Accounts,
    Recorder,
    Tls,
    free_port,
    make_tls,
    silent_server,
    smtp_server,
    start_server,
)

from briefgen.deliver import (
    EmailSettings,
    build_message,
    check_address,
    check_smtp,
    format_subject,
    message_bytes,
    send,
    subject_fields,
    write_eml,
)
from briefgen.errors import ConfigError, DeliveryError

DATE = datetime(2031, 3, 4, 7, 30, tzinfo=timezone(timedelta(hours=1)))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
MARKDOWN = (
    "# Harbour strike ends\r\n\r\n- Dockers accept 6% rise [1][2]\n- Ferries resume — Monday\n"
)
TEXT = "Harbour strike ends\n\nDockers accept a 6% pay rise [1][2].\n"
HTML = "<h1>Harbour strike ends</h1><p>Dockers accept a 6% pay rise [1][2].</p>"


@pytest.fixture(scope="module")
def tls() -> Iterator[Tls]:
    yield make_tls()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    pdf = tmp_path / "brief-2031-03-04.pdf"
    pdf.write_bytes(PDF)
    md = tmp_path / "brief-2031-03-04.md"
    md.write_bytes(MARKDOWN.encode())
    return [pdf, md]


def message(attachments: list[Path] | None = None, **changes: object) -> EmailMessage:
    fields: dict[str, object] = {
        "sender": "Briefs <briefs@news.example>",
        "recipients": ["Ana Ruiz <ana@desk.example>", "ops@desk.example"],
        "subject": "Harbour strike ends — 2031-03-04",
        "text_body": TEXT,
        "html_body": HTML,
        "attachments": attachments or [],
        "date": DATE,
        "message_id_domain": "news.example",
    }
    fields.update(changes)
    return build_message(**fields)  # type: ignore[arg-type]


def settings(port: int, **changes: object) -> EmailSettings:
    fields: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "sender": "Briefs <briefs@news.example>",
        "recipients": ("Ana Ruiz <ana@desk.example>", "ops@desk.example"),
        "timeout": 5.0,
        "retries": 2,
        "backoff": 0.5,
    }
    fields.update(changes)
    return EmailSettings(**fields)  # type: ignore[arg-type]


def no_sleep(seconds: float) -> None:
    pytest.fail(f"unexpected retry (asked to wait {seconds} s)")


def lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def parse(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


# --- build_message ----------------------------------------------------------------------


def test_message_has_text_html_and_attachments_with_types_and_names(files: list[Path]) -> None:
    parsed = parse(message_bytes(message(files)))
    assert parsed.get_content_type() == "multipart/mixed"
    body = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert body is not None and lf(body.get_content()) == TEXT
    assert html is not None and lf(html.get_content()).strip() == HTML
    attached = {part.get_filename(): part for part in parsed.iter_attachments()}
    assert set(attached) == {"brief-2031-03-04.pdf", "brief-2031-03-04.md"}
    pdf, md = attached["brief-2031-03-04.pdf"], attached["brief-2031-03-04.md"]
    assert pdf.get_content_type() == "application/pdf"
    assert md.get_content_type() == "text/markdown"
    assert pdf.get_payload(decode=True) == PDF
    assert md.get_payload(decode=True) == MARKDOWN.encode()


def test_headers_date_message_id_and_addresses() -> None:
    parsed = parse(message_bytes(message()))
    assert parsed["Date"] == "Tue, 04 Mar 2031 07:30:00 +0100"
    assert parsed["Message-ID"].startswith("<20310304073000.")
    assert parsed["Message-ID"].endswith("@news.example>")
    assert parsed["Subject"] == "Harbour strike ends — 2031-03-04"
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ana@desk.example", "ops@desk.example"]
    assert parsed["To"].addresses[0].display_name == "Ana Ruiz"
    assert parsed["From"].addresses[0].addr_spec == "briefs@news.example"


def test_same_inputs_same_bytes_and_content_changes_message_id(files: list[Path]) -> None:
    first, again = message_bytes(message(files)), message_bytes(message(files))
    assert first == again
    other = parse(message_bytes(message(files, text_body=TEXT + "Update.\n")))
    assert other["Message-ID"] != parse(first)["Message-ID"]
    assert b"\r\n" in first and b"\n" not in first.replace(b"\r\n", b"")


def test_text_only_message_without_html() -> None:
    parsed = parse(message_bytes(message(html_body=None)))
    assert parsed.get_content_type() == "text/plain"
    assert lf(parsed.get_content()) == TEXT


def test_naive_date_and_bad_inputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        message(date=datetime(2031, 3, 4, 7, 30))
    with pytest.raises(DeliveryError, match="no recipients"):
        message(recipients=[])
    with pytest.raises(DeliveryError, match="subject is empty"):
        message(subject=" \r\n ")
    exe = tmp_path / "brief.exe"
    exe.write_bytes(b"MZ")
    with pytest.raises(DeliveryError, match="unsupported file type"):
        message([exe])
    with pytest.raises(DeliveryError, match="cannot attach"):
        message([tmp_path / "missing.pdf"])
    sneaky = tmp_path / "brief\r\nBcc: spy@evil.example.pdf"
    sneaky.write_bytes(PDF)
    with pytest.raises(DeliveryError, match="control character in file name"):
        message([sneaky])
    with pytest.raises(DeliveryError, match="Message-ID domain"):
        message(message_id_domain="news.example>\r\nBcc: x@evil.example")


# --- header injection -------------------------------------------------------------------


def test_subject_newlines_are_neutralised_not_turned_into_headers() -> None:
    evil = "Strike ends\r\nBcc: spy@evil.example\r\n\r\nfake body"
    data = message_bytes(message(subject=evil))
    parsed = parse(data)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Strike ends Bcc: spy@evil.example fake body"
    assert b"\r\nBcc:" not in data


def test_format_subject_cleans_values_and_checks_placeholders() -> None:
    title = "Strike ends\nBcc: spy@evil.example"
    subject = format_subject(
        "{title} — {date} ({sources})", title=title, date="2031-03-04", sources=3
    )
    assert subject == "Strike ends Bcc: spy@evil.example — 2031-03-04 (3)"
    assert format_subject("{{brief}} {title}", title="T", date="d", sources=1) == "{brief} T"
    assert subject_fields("{date}: {title}") == ("date", "title")
    for bad in ("{titel}", "{title.__class__}", "{title!r}", "{date:>40}", "{title"):
        with pytest.raises(ValueError):
            subject_fields(bad)


@pytest.mark.parametrize(
    "address",
    [
        "ana@desk.example\r\nBcc: spy@evil.example",
        "ana@desk.example\nspy@evil.example",
        "ana@desk.example, spy@evil.example",
        "Ana <ana@desk.example>, spy@evil.example",
        '"ana@desk.example" <spy@evil.example>',
        "Ana <ana@desk.example> <spy@evil.example>",
        "ana@desk.example)<spy@evil.example>",
        "Ana (desk) <ana@desk.example>",
        "ana@desk.example;spy@evil.example",
        "not an address",
        "ana@",
        "@desk.example",
        "ana..ruiz@desk.example",
        "ana@desk..example",
        "",
    ],
)
def test_unsafe_or_invalid_recipients_are_rejected(address: str) -> None:
    with pytest.raises(ValueError):
        check_address(address)
    with pytest.raises(DeliveryError, match="invalid address"):
        message(recipients=[address])


@pytest.mark.parametrize(
    ("address", "name", "spec"),
    [
        ("ana@desk.example", "", "ana@desk.example"),
        ("Ana Ruiz <ana@desk.example>", "Ana Ruiz", "ana@desk.example"),
        (
            "  José Núñez <j.nunez+briefs@mail.desk.example> ",
            "José Núñez",
            "j.nunez+briefs@mail.desk.example",
        ),
        ("root@localhost", "", "root@localhost"),
    ],
)
def test_valid_addresses(address: str, name: str, spec: str) -> None:
    parsed = check_address(address)
    assert (parsed.display_name, parsed.addr_spec) == (name, spec)


# --- write_eml ----------------------------------------------------------------------------


def test_write_eml_writes_exact_bytes_atomically(tmp_path: Path, files: list[Path]) -> None:
    built = message(files)
    target = tmp_path / "out" / "brief.eml"
    assert write_eml(built, target) == target
    assert target.read_bytes() == message_bytes(built)
    write_eml(message(files, subject="Second run"), target)
    assert parse(target.read_bytes())["Subject"] == "Second run"
    assert sorted(p.name for p in target.parent.iterdir()) == ["brief.eml"]


# --- settings -------------------------------------------------------------------------------


def test_settings_repr_hides_credentials_and_plaintext_auth_is_refused() -> None:
    secure = settings(587, security="starttls", username="desk-bot", password="s3cr3t-pw")
    shown = repr(secure)
    assert "s3cr3t-pw" not in shown and "desk-bot" not in shown
    with pytest.raises(ConfigError, match="unencrypted"):
        settings(25, username="desk-bot", password="s3cr3t-pw")
    with pytest.raises(ConfigError, match="BRIEFGEN_SMTP_PASSWORD"):
        settings(587, security="starttls", username="desk-bot")
    with pytest.raises(ConfigError) as caught:
        settings(0, security="tls", recipients=("a@b.example\n",))
    assert len(caught.value.problems) == 3


# --- SMTP: delivery -----------------------------------------------------------------------


def test_send_plain_delivers_parts_and_attachment_bytes(files: list[Path]) -> None:
    handler = Recorder()
    built = message(files)
    with smtp_server(handler) as port:
        report = send(built, settings(port), sleep=no_sleep)
    assert report.accepted == ("ana@desk.example", "ops@desk.example")
    assert report.refused == () and report.attempts == 1
    assert report.response.startswith("250 OK")
    [received] = handler.messages
    assert received.mail_from == "briefs@news.example"
    assert received.rcpt_tos == ["ana@desk.example", "ops@desk.example"]
    assert not received.tls
    parsed = parse(received.content)
    assert parsed.get_body(preferencelist=("plain",)) is not None
    assert parsed.get_body(preferencelist=("html",)) is not None
    attached = {
        part.get_filename(): part.get_payload(decode=True) for part in parsed.iter_attachments()
    }
    assert attached["brief-2031-03-04.pdf"] == files[0].read_bytes()
    assert attached["brief-2031-03-04.md"] == files[1].read_bytes()


def test_starttls_with_trusted_certificate(tls: Tls, files: list[Path]) -> None:
    handler = Recorder()
    with smtp_server(handler, starttls=tls.server) as port:
        report = send(
            message(files),
            settings(port, security="starttls"),
            sleep=no_sleep,
            ssl_context=tls.client,
        )
    assert report.attempts == 1
    assert [m.tls for m in handler.messages] == [True]


def test_untrusted_certificate_is_refused_by_default_without_retry(tls: Tls) -> None:
    handler = Recorder()
    with (
        smtp_server(handler, starttls=tls.server) as port,
        pytest.raises(DeliveryError, match=r"certificate .* could not be verified"),
    ):
        send(message(), settings(port, security="starttls"), sleep=no_sleep)
    assert handler.messages == []


def test_starttls_required_but_not_offered_is_permanent() -> None:
    with (
        smtp_server(Recorder()) as port,
        pytest.raises(DeliveryError, match="does not offer STARTTLS"),
    ):
        send(message(), settings(port, security="starttls"), sleep=no_sleep)


def test_implicit_tls(tls: Tls) -> None:
    handler = Recorder()
    with smtp_server(handler, implicit_tls=tls.server) as port:
        report = send(
            message(),
            settings(port, security="ssl"),
            sleep=no_sleep,
            ssl_context=tls.client,
        )
    assert report.accepted == ("ana@desk.example", "ops@desk.example")
    assert [m.tls for m in handler.messages] == [True]


def test_auth_success(tls: Tls) -> None:
    handler, accounts = Recorder(), Accounts({"desk-bot": "s3cr3t-pw"})
    with smtp_server(handler, starttls=tls.server, accounts=accounts) as port:
        send(
            message(),
            settings(port, security="starttls", username="desk-bot", password="s3cr3t-pw"),
            sleep=no_sleep,
            ssl_context=tls.client,
        )
    assert [m.login for m in handler.messages] == [b"desk-bot"]


def test_auth_failure_is_permanent_and_never_shows_the_password(tls: Tls) -> None:
    handler, accounts = Recorder(), Accounts({"desk-bot": "s3cr3t-pw"})
    wrong = settings(port=1, security="starttls", username="desk-bot", password="wrong-pw-123")
    with (
        smtp_server(handler, starttls=tls.server, accounts=accounts) as port,
        pytest.raises(DeliveryError) as caught,
    ):
        send(
            message(),
            settings(port, security="starttls", username="desk-bot", password="wrong-pw-123"),
            sleep=no_sleep,
            ssl_context=tls.client,
        )
    text = f"{caught.value.message} {caught.value.hint} {caught.value!r} {wrong!r}"
    assert "rejected the SMTP credentials" in caught.value.message
    assert "535" in caught.value.message and "\n" not in caught.value.message
    assert "wrong-pw-123" not in text
    assert accounts.attempts >= 1 and handler.messages == []  # one connection, no retry


def test_server_down_then_up_is_retried() -> None:
    handler, port, sleeps = Recorder(), free_port(), []
    controllers = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        controllers.append(start_server(handler, port=port))

    try:
        report = send(message(), settings(port), sleep=sleep)
    finally:
        for controller in controllers:
            controller.stop()
    assert report.attempts == 2 and sleeps == [0.5]
    assert len(handler.messages) == 1


def test_server_that_never_answers_times_out_and_gives_up() -> None:
    sleeps: list[float] = []
    with silent_server() as port, pytest.raises(DeliveryError) as caught:
        send(message(), settings(port, timeout=0.2, retries=2), sleep=sleeps.append)
    assert "timed out" in caught.value.message
    assert "gave up after 3 attempts" in caught.value.message
    assert sleeps == [0.5, 1.0]  # exponential backoff


def test_permanent_rejection_is_not_retried() -> None:
    handler = Recorder(data_replies=["550 5.7.1 Message rejected as spam"])
    with smtp_server(handler) as port, pytest.raises(DeliveryError) as caught:
        send(message(), settings(port), sleep=no_sleep)
    assert caught.value.message == f"127.0.0.1:{port} replied 550 5.7.1 Message rejected as spam"
    assert handler.data_calls == 1 and handler.messages == []


def test_temporary_rejection_then_success_is_retried() -> None:
    handler, sleeps = Recorder(data_replies=["451 4.3.0 Try again later"]), list[float]()
    with smtp_server(handler) as port:
        report = send(message(), settings(port), sleep=sleeps.append)
    assert report.attempts == 2 and sleeps == [0.5]
    assert handler.data_calls == 2 and len(handler.messages) == 1


def test_temporary_rejection_that_persists_gives_up_after_the_retries() -> None:
    handler, sleeps = Recorder(data_replies=["421 4.7.0 Busy"] * 5), list[float]()
    with (
        smtp_server(handler) as port,
        pytest.raises(DeliveryError, match="gave up after 2 attempts"),
    ):
        send(message(), settings(port, retries=1), sleep=sleeps.append)
    assert handler.data_calls == 2 and sleeps == [0.5]


def test_some_recipients_refused_are_reported_others_delivered() -> None:
    handler = Recorder(refuse={"ops@desk.example": "550 5.1.1 No such user"})
    with smtp_server(handler) as port:
        report = send(message(), settings(port), sleep=no_sleep)
    assert report.accepted == ("ana@desk.example",)
    assert report.refused == (("ops@desk.example", 550, "5.1.1 No such user"),)
    assert handler.messages[0].rcpt_tos == ["ana@desk.example"]


def test_every_recipient_refused_is_an_error() -> None:
    refuse = {"ana@desk.example": "550 5.1.1 No such user", "ops@desk.example": "553 Not allowed"}
    handler = Recorder(refuse=refuse)
    with (
        smtp_server(handler) as port,
        pytest.raises(DeliveryError, match="refused every recipient"),
    ):
        send(message(), settings(port), sleep=no_sleep)
    assert handler.data_calls == 0


# --- check_smtp ---------------------------------------------------------------------------


def test_check_smtp_reports_tls_and_auth(tls: Tls) -> None:
    accounts = Accounts({"desk-bot": "s3cr3t-pw"})
    with smtp_server(Recorder(), starttls=tls.server, accounts=accounts) as port:
        line = check_smtp(
            settings(port, security="starttls", username="desk-bot", password="s3cr3t-pw"),
            ssl_context=tls.client,
        )
    assert line.startswith(f"SMTP 127.0.0.1:{port}: connected, encrypted (starttls, TLSv1.")
    assert line.endswith(", authenticated") and "desk-bot" not in line
    assert accounts.attempts == 1


def test_check_smtp_failures_raise_delivery_error(tls: Tls) -> None:
    with pytest.raises(DeliveryError, match=r"cannot connect to 127\.0\.0\.1"):
        check_smtp(settings(free_port()))
    with (
        smtp_server(Recorder(), starttls=tls.server) as port,
        pytest.raises(DeliveryError, match="could not be verified"),
    ):
        check_smtp(settings(port, security="starttls"), ssl_context=ssl.create_default_context())
