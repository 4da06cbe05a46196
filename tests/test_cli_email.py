"""`briefgen init`, `check`, `send` and `daily` through the real entry point (subprocesses),
with a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from conftest_smtp import Recorder, free_port, parse_message

REPO = Path(__file__).resolve().parent.parent


def briefgen(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", **(env or {})}
    for name in ("BRIEFGEN_SMTP_USER", "BRIEFGEN_SMTP_PASSWORD"):
        if env is None or name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def parsed(raw: bytes) -> EmailMessage:
    return parse_message(raw)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of examples/ (config and articles) whose output lands in the copy's parent."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(REPO / "examples", root / "examples")
    return root


@pytest.fixture(scope="module")
def built(example: Path) -> Path:
    """The example's day folder, built once (PDF included) for the send tests."""
    result = briefgen(
        "daily", "--config", "examples/briefgen.toml", "--date", "2031-05-06", "--no-email",
        cwd=example,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return example / "output" / "example" / "2031-05-06"


def smtp_flags(port: int) -> list[str]:
    return ["--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-security", "none"]


# --- init and check -----------------------------------------------------------------------


def test_init_writes_a_starter_and_refuses_to_overwrite(tmp_path: Path) -> None:
    first = briefgen("init", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    written = (tmp_path / "briefgen.toml").read_text(encoding="utf-8")
    assert written.startswith("# briefgen.toml") and "[email]" in written
    (tmp_path / "briefgen.toml").write_text("# mine\n", encoding="utf-8")
    again = briefgen("init", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr.splitlines()[0] == "Error: briefgen.toml already exists"
    assert (tmp_path / "briefgen.toml").read_text(encoding="utf-8") == "# mine\n"
    forced = briefgen("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert (tmp_path / "briefgen.toml").read_text(encoding="utf-8") == written


def test_check_lists_every_problem_and_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("A single short article about nothing much at all.\n")
    (tmp_path / "briefgen.toml").write_text(
        '[sources]\npaths = ["one.txt", "missing-folder"]\n'
        '[brief]\nscorer = "magic"\n'
        '[email]\nto = ["desk@example.org"]\n',
        encoding="utf-8",
    )
    result = briefgen("check", cwd=tmp_path)
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    assert result.returncode == 4, result.stdout
    assert any("missing-folder" in line for line in failures)
    assert any("brief.scorer: unknown 'magic'" in line for line in failures)
    assert "FAIL email: email.from: not set (needed to send email)" in failures
    assert "FAIL email: email.smtp_host: not set (needed to send email)" in failures


def test_check_invalid_config_lists_each_problem(tmp_path: Path) -> None:
    (tmp_path / "briefgen.toml").write_text('[brief]\nmax_facts = 0\npaper = "A5"\n')
    result = briefgen("check", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stdout.splitlines() == [
        "FAIL config: brief.max_facts: must be an integer 1-1000 (got 0)",
        "FAIL config: brief.paper: must be one of a4, letter (got 'A5')",
    ]


def test_check_smtp_reaches_the_server_or_says_why_not(
    example: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    # the example points at port 8025; check honours the file, so write a copy for this port
    text = (example / "examples" / "briefgen.toml").read_text(encoding="utf-8")
    (example / "examples" / "here.toml").write_text(
        text.replace("smtp_port = 8025", f"smtp_port = {port}"), encoding="utf-8"
    )
    good = briefgen("check", "--config", "examples/here.toml", "--smtp", cwd=example)
    assert good.returncode == 0, good.stdout
    assert f"ok   email: SMTP 127.0.0.1:{port}: connected, not encrypted" in good.stdout
    assert handler.data_calls == 0
    closed = free_port()
    (example / "examples" / "closed.toml").write_text(
        text.replace("smtp_port = 8025", f"smtp_port = {closed}").replace(
            "retries = 2", "retries = 0"
        ),
        encoding="utf-8",
    )
    bad = briefgen("check", "--config", "examples/closed.toml", "--smtp", cwd=example)
    assert bad.returncode == 7
    assert f"FAIL email: cannot connect to 127.0.0.1:{closed}" in bad.stdout
    assert "ok   sources: 3 article(s) for " in bad.stdout  # the sports story is filtered out
    assert "(4 readable, 1 left out by the date and topic filters)" in bad.stdout


# --- send ---------------------------------------------------------------------------------


def test_send_delivers_text_html_and_the_pdf_bytes(
    built: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    result = briefgen(
        "send", str(built), "--to", "a@example.org", "--to", "Bee <b@example.org>",
        "--from", "briefs@example.org", "--attach", "md", *smtp_flags(port), cwd=built,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(handler.messages) == 1
    got = handler.messages[0]
    assert got.rcpt_tos == ["a@example.org", "b@example.org"]
    message = parsed(got.content)
    assert message["Subject"] == "Kellby water main burst — 2031-05-06"  # default subject
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain is not None and html is not None
    assert "2,300 homes" in plain.get_content() and "<" in html.get_content()
    attachments = {part.get_filename(): part for part in message.iter_attachments()}
    assert sorted(attachments) == ["brief.md", "brief.pdf"]
    assert attachments["brief.pdf"].get_content() == (built / "brief.pdf").read_bytes()
    assert attachments["brief.md"].get_content().encode() == (built / "brief.md").read_bytes()


def test_send_5xx_exits_7_and_keeps_the_files(built: Path, mailbox: tuple[Recorder, int]) -> None:
    handler, port = mailbox
    handler.data_replies = ["554 5.7.1 Rejected by policy"]
    before = {p.name: p.read_bytes() for p in built.iterdir()}
    result = briefgen(
        "send", str(built), "--to", "a@example.org", "--from", "briefs@example.org",
        *smtp_flags(port), cwd=built,
    )  # fmt: skip
    assert result.returncode == 7
    assert result.stderr.startswith(f"Error: 127.0.0.1:{port} replied 554 5.7.1 Rejected")
    assert {p.name: p.read_bytes() for p in built.iterdir()} == before


def test_send_dry_run_writes_brief_eml_and_sends_nothing(
    built: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    result = briefgen(
        "send", str(built), "--to", "a@example.org", "--from", "briefs@example.org",
        "--dry-run", *smtp_flags(port), cwd=built,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert handler.data_calls == 0
    message = parsed((built / "brief.eml").read_bytes())
    assert message["To"] == "a@example.org"
    pdf = next(p for p in message.iter_attachments() if p.get_filename() == "brief.pdf")
    assert pdf.get_content() == (built / "brief.pdf").read_bytes()
    (built / "brief.eml").unlink()


# --- daily: the cron-style run from the example config ------------------------------------


def test_example_daily_run_sends_once(example: Path, mailbox: tuple[Recorder, int]) -> None:
    handler, port = mailbox
    args = ["daily", "--config", "examples/briefgen.toml", "--smtp-port", str(port)]
    first = briefgen(*args, cwd=example)
    assert first.returncode == 0, first.stderr
    assert len(handler.messages) == 1
    message = parsed(handler.messages[0].content)
    pdf = next(p for p in message.iter_attachments() if p.get_filename() == "brief.pdf")
    days = sorted(p for p in (example / "output" / "example").iterdir() if p.name != "2031-05-06")
    today = [d for d in days if d.is_dir()][-1]
    assert pdf.get_content() == (today / "brief.pdf").read_bytes()
    assert handler.messages[0].rcpt_tos == ["reader@example.org"]
    second = briefgen(*args, cwd=example)
    assert second.returncode == 0, second.stderr
    assert len(handler.messages) == 1
    assert "already sent" in second.stderr
