"""lexical: meaning classes read from WordNet's data lines are those nltk's reader gives."""

from __future__ import annotations

import re
from typing import Any

import pytest

from briefgen import ingest
from briefgen.score import lexical

pytestmark = pytest.mark.skipif(
    not lexical.available(), reason="WordNet (wordnet-base) not installed"
)


def _nltk_concepts(wn: Any, word: str) -> frozenset[str]:
    """``concepts`` written with nltk's synset objects, as it was before the direct reader."""
    if word in lexical._GENERAL or not word.isalpha() or len(word) < 3:
        return frozenset()
    found: set[str] = set()
    for pos in ("v", "n", "a"):
        for synset in wn.synsets(word, pos)[: lexical.SENSES]:
            found.add(synset.name())
            for lemma in synset.lemmas():
                if lemma.name() == word:
                    found.update(r.synset().name() for r in lemma.derivationally_related_forms())
            found.update(s.name() for s in synset.causes())
    return frozenset(found)


# irregular forms, satellite adjectives, causative verbs, lemmas with a syntactic marker
# ("big(a)"), words only some parts of speech know, and words WordNet lacks
TRICKY = (
    "met held struck geese mice ran killed died hurt injuries raised lifted hiked fast big "
    "bigger biggest elect president quake earthquake fire fired firing kill feed fed show "
    "shown lay laid lie lying wounded wounding tallest apart after above ablaze alleged "
    "qwertyuiop vesby norland halvorsen"
).split()


def test_every_word_of_the_embedded_corpus_has_nltks_meaning_classes() -> None:
    wn = lexical._wordnet()
    text = " ".join(a.text for a in ingest.load([str(ingest.embedded_corpus())]).articles)
    vocabulary = sorted({w.lower() for w in re.findall(r"[A-Za-z]+", text)} | set(TRICKY))
    assert len(vocabulary) > 1000
    differ = [w for w in vocabulary if lexical.concepts(w) != _nltk_concepts(wn, w)]
    assert differ == []
    assert "kill.v.01" in lexical.concepts("killed") or "kill.v.01" in lexical.concepts("kill")
    assert lexical.concepts("qwertyuiop") == frozenset()


def test_a_marked_lemma_is_named_without_its_marker() -> None:
    assert lexical._unmarked("big(a)") == "big"
    assert lexical._unmarked("galore(ip)") == "galore"
    assert lexical._unmarked("big") == "big"
