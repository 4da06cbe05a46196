"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), with TLS material from trustme.

Import it from a test module (``from conftest_smtp import ...``); nothing here is a mock:
the client under test speaks SMTP over a socket to aiosmtpd, which stores what it receives.
"""

from __future__ import annotations

import email
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from typing import Any

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (for a server started later)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    tls: bool
    login: bytes | None


@dataclass
class Recorder:
    """aiosmtpd handler: stores accepted messages; scripted replies to DATA and RCPT."""

    data_replies: list[str] = field(default_factory=list)  # used in order, then "250 OK"
    refuse: dict[str, str] = field(default_factory=dict)  # recipient -> RCPT reply
    messages: list[Received] = field(default_factory=list)
    data_calls: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_calls += 1
        if self.data_replies:
            return self.data_replies.pop(0)
        auth = session.auth_data if session.authenticated else None
        login = auth.login if isinstance(auth, LoginPassword) else None
        self.messages.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                bytes(envelope.original_content or envelope.content),
                server.transport.get_extra_info("ssl_object") is not None,
                login,
            )
        )
        return "250 OK: queued"


@dataclass(frozen=True)
class Tls:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it."""

    server: ssl.SSLContext  # for aiosmtpd
    client: ssl.SSLContext  # trusts the throwaway CA, verifies host names


def make_tls() -> Tls:
    ca = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(server)
    client = ssl.create_default_context()
    ca.configure_trust(client)
    return Tls(server, client)


class Accounts:
    """aiosmtpd authenticator over a fixed user -> password table."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users
        self.attempts = 0

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        self.attempts += 1
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode()
        ok = self.users.get(login) == auth_data.password.decode()
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


@contextmanager
def smtp_server(
    handler: Recorder,
    *,
    port: int | None = None,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    accounts: Accounts | None = None,
) -> Iterator[int]:
    """Run aiosmtpd on 127.0.0.1 (a free port unless given) and yield the port."""
    controller = start_server(
        handler, port=port, starttls=starttls, implicit_tls=implicit_tls, accounts=accounts
    )
    try:
        yield controller.port
    finally:
        controller.stop()


def start_server(
    handler: Recorder,
    *,
    port: int | None = None,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
    accounts: Accounts | None = None,
) -> Controller:
    """Start aiosmtpd and return its controller; the caller stops it."""
    options: dict[str, Any] = {"server_hostname": "mail.test", "ready_timeout": 10.0}
    if starttls is not None:
        options.update(tls_context=starttls, require_starttls=True)
    if implicit_tls is not None:
        options["ssl_context"] = implicit_tls
    if accounts is not None:
        options.update(authenticator=accounts, auth_required=True)
    controller = Controller(handler, hostname=HOST, port=port or free_port(), **options)
    controller.start()
    return controller


@contextmanager
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen()
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()


def parse_message(raw: bytes) -> EmailMessage:
    """A received message as an EmailMessage (modern policy)."""
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message
