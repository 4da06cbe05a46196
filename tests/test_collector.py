"""collector: a brief is made with the cyclic collector paused, and leaves no cycles behind."""

from __future__ import annotations

import gc

from briefgen.collector import paused
from briefgen.models import Article, Sentence, Tokenized
from briefgen.pipeline import make_brief

REPORTS = [
    "A fire destroyed the Halden paper mill on Monday night, the fire brigade said. "
    "About 60 firefighters fought the blaze. No one was hurt.",
    "Fire gutted the paper mill in Halden late on Monday. Some 60 firefighters were "
    "called in, the brigade said. Nobody was injured.",
    "The Halden paper mill burned down on Monday night. No one was hurt, and about 60 "
    "firefighters fought the fire.",
]


def test_a_brief_is_freed_without_the_cyclic_collector() -> None:
    """Nothing the brief made waits for the collector: a reference cycle through the stack
    (an exception kept by the frame that raised it) would hold every sentence until then."""
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(REPORTS, 1)]
    gc.collect()
    flags = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        brief = make_brief(articles, date="2026-01-01")
        assert brief.consensus
        del brief
        gc.collect()
        left = [o for o in gc.garbage if isinstance(o, (Sentence, Tokenized))]
    finally:
        gc.set_debug(flags)
        gc.garbage.clear()
    assert left == []
    assert gc.isenabled()


def test_what_a_brief_remembers_of_its_sentences_is_let_go_after_it() -> None:
    from briefgen.score import checks, match, similarity

    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(REPORTS, 1)]
    make_brief(articles, date="2026-01-01")
    for cache in (match._statement, match._clauses, checks._features, similarity.canonical):
        assert cache.cache_info().currsize == 0, cache
    with paused():
        match.statement(Sentence("s1", 0, 0, "Fire gutted the mill.", ("fire", "gutted"), ()))
        assert match._statement.cache_info().currsize == 1  # kept while the block lasts
    assert match._statement.cache_info().currsize == 0
