"""Shared test helpers: tiny articles built in code, and the pipeline's stages on them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from briefgen.models import Article


def article(ident: str, text: str, **meta: str) -> Article:
    """An Article as ingest would make it, named after its id unless an outlet is given."""
    return Article(id=ident, name=meta.get("outlet", ident), text=text, **meta)


@pytest.fixture
def make_article() -> Callable[..., Article]:
    return article
