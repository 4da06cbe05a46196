"""Golden Markdown (and email text) for every built-in template on the embedded corpus.

The fact engine is still being tuned, so these files change; regenerate them with
``BRIEFGEN_UPDATE_GOLDEN=1 pytest tests/test_compose_golden.py`` and review the diff.
"""

from __future__ import annotations

import difflib
import os
from functools import cache
from pathlib import Path

import pytest

from briefgen import ingest
from briefgen.compose import compose, compose_email
from briefgen.models import Brief
from briefgen.pipeline import make_brief

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("BRIEFGEN_UPDATE_GOLDEN") == "1"
DATE = "2025-04-10"  # fixed, so the files do not change with the day the tests run


@cache
def corpus_brief() -> Brief:
    loaded = ingest.load([str(ingest.embedded_corpus())], fetch=False)
    return make_brief(loaded.articles, date=DATE)


def check(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                f"tests/golden/{name}",
                "actual",
            )
        )
        pytest.fail(
            f"{name} differs from the golden file; if the change is intended, rerun with "
            f"BRIEFGEN_UPDATE_GOLDEN=1 and review the diff:\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize("template", ["daily", "executive", "full"])
def test_golden_markdown(template: str) -> None:
    check(f"{template}.md", compose(corpus_brief(), template))


def test_golden_email() -> None:
    text, html = compose_email(corpus_brief())
    check("email.txt", text)
    check("email.html", html)


def test_what_sources_state_in_part_is_a_clause_of_the_fact_with_its_marks_paired() -> None:
    claims = [f.claim for f in corpus_brief().consensus if f.claim]
    assert claims  # the embedded corpus has facts that some outlets state only in part
    for fact in corpus_brief().consensus:
        if fact.claim:
            assert fact.claim in fact.text and fact.claim != fact.text
            assert fact.claim.count("(") == fact.claim.count(")")
            assert fact.claim.count("“") == fact.claim.count("”")
            assert fact.claim.count('"') % 2 == 0
