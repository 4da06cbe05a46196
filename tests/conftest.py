"""Shared test helpers: tiny articles built in code, and the pipeline's stages on them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest_smtp import Recorder, smtp_server

from briefgen.models import Article


def article(ident: str, text: str, **meta: str) -> Article:
    """An Article as ingest would make it, named after its id unless an outlet is given."""
    return Article(id=ident, name=meta.get("outlet", ident), text=text, **meta)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    return article


@pytest.fixture
def mailbox() -> Iterator[tuple[Recorder, int]]:
    """A real SMTP server on 127.0.0.1 that records what it receives, and its port."""
    handler = Recorder()
    with smtp_server(handler) as port:
        yield handler, port
